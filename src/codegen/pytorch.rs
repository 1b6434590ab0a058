//! The PyTorch script: an `nn.Sequential` of `nn.Linear` layers, initialized with `nn.init` as
//! initlab draws them (Keras's semantics, with a comment wherever PyTorch's own function for
//! the scheme differs), the loss, the optimizer, the step-0 layer readings and a plain training
//! loop. In exact mode RMSProp and Adam follow Keras's (and initlab's) rule, which
//! `torch.optim` does not.

use super::script::{py, py_term, Script, BODY};
use super::{
    biases_comment, constants, ending, header, imports, lsuv, main_batches, main_data, outputs,
    python_packages, shared_functions, truncation_comment, weights_comment, Mode, Options, Scaled,
    Tensor,
};
use crate::activation::{Activation, LEAKY_SLOPE};
use crate::config::Config;
use crate::init::{Dist, Distribution, FanRule, Init, Law, Scheme, TRUNCATION_BOUND};
use crate::loss::Loss;
use crate::optim::{
    OptimizerKind, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, MOMENTUM, RMSPROP_EPSILON, RMSPROP_RHO,
};

/// The whole script.
pub(super) fn script(c: &Config, o: &Options) -> String {
    let mut s = Script::new();
    let install = [format!(
        "Install: pip install torch {} (PyTorch 2; the CPU build is enough: pip install torch \
         --index-url https://download.pytorch.org/whl/cpu)",
        python_packages(c, o)
    )];
    header(&mut s, c, o, "PyTorch", &install);
    imports(
        &mut s,
        c,
        o,
        &["import numpy as np", "import torch", "from torch import nn"],
    );
    constants(&mut s, c, o);
    main(&mut s, c, o);
    s.gap();
    model(&mut s, c);
    s.gap();
    initialization(&mut s, c);
    if o.mode == Mode::Exact {
        s.gap();
        load_page_parameters(&mut s);
    }
    lsuv::pytorch(&mut s, c);
    s.gap();
    optimizer(&mut s, c.optimizer, o.mode);
    s.gap();
    layers(&mut s);
    s.gap();
    training(&mut s, c);
    s.gap();
    shared_functions(&mut s, c, o);
    ending(&mut s, c, o);
    s.finish()
}

/// `main()`: the run from data to report, each part a function below.
fn main(s: &mut Script, c: &Config, o: &Options) {
    s.line("def main():");
    s.line(format!("{BODY}torch.manual_seed(SEED)"));
    main_data(s, o);
    s.line(format!(
        "{BODY}x_train, x_test, t_train, t_test = map(torch.from_numpy, (x_train, x_test, t_train, t_test))"
    ));
    s.line(format!("{BODY}model = build_model()"));
    if o.mode == Mode::Exact {
        s.line(format!(
            "{BODY}load_page_parameters(model)  # the page's initial weights replace the draws"
        ));
    }
    lsuv::call(s, c);
    s.line(format!(
        "{BODY}loss_fn = {}  # on the raw outputs of the last layer",
        loss(c).0
    ));
    s.line(format!(
        "{BODY}print_layers(model, loss_fn, x_train[:PROBE], t_train[:PROBE])"
    ));
    s.line(format!("{BODY}optimizer = make_optimizer(model)"));
    main_batches(s, o);
    s.indented(
        BODY,
        [
            "train(model, loss_fn, optimizer, x_train, t_train, batches)",
            "sets = (\"train\", x_train, t_train, y_train), (\"test\", x_test, t_test, y_test)",
            "report(model, loss_fn, sets)",
        ],
    );
}

/// The activation as a module.
fn activation(a: Activation) -> String {
    match a {
        Activation::Linear => "nn.Identity()".to_string(),
        Activation::Sigmoid => "nn.Sigmoid()".to_string(),
        Activation::Tanh => "nn.Tanh()".to_string(),
        Activation::Relu => "nn.ReLU()".to_string(),
        Activation::LeakyRelu => format!("nn.LeakyReLU({})", py(LEAKY_SLOPE)),
        Activation::Elu => "nn.ELU()".to_string(),
        Activation::Selu => "nn.SELU()".to_string(),
    }
}

/// `build_model()`: one (Linear, activation) block per hidden layer, then the output layer,
/// every `nn.Linear` initialized by `init_layer`.
fn model(s: &mut Script, c: &Config) {
    s.line("def build_model():");
    s.doc(
        BODY,
        "The network, its weights and biases drawn as initlab draws them (init_layer).",
    );
    s.indented(
        BODY,
        [
            "model = nn.Sequential(".to_string(),
            format!(
                "    *[nn.Sequential(nn.Linear(n_in, n_out), {})",
                activation(c.activation)
            ),
            "      for n_in, n_out in zip(SIZES, HIDDEN)],".to_string(),
            "    nn.Linear(SIZES[-2], SIZES[-1]),  # the last layer is linear".to_string(),
            ")".to_string(),
            "for layer in model.modules():".to_string(),
            "    if isinstance(layer, nn.Linear):".to_string(),
            "        init_layer(layer)".to_string(),
            "return model".to_string(),
        ],
    );
}

/// `init_layer`, applied to every `nn.Linear`.
fn initialization(s: &mut Script, c: &Config) {
    s.lines([
        "@torch.no_grad()",
        "def init_layer(layer):",
        "    fan_out, fan_in = layer.weight.shape  # PyTorch keeps a layer's weights as (out, in)",
    ]);
    weights_comment(s, BODY, &c.init);
    let weights = statements(s, &c.init, Tensor::Weight);
    s.indented(BODY, weights);
    biases_comment(s, BODY, &c.bias_init);
    let biases = statements(s, &c.bias_init, Tensor::Bias);
    s.indented(BODY, biases);
}

/// `load_page_parameters(model)`: exact mode's initial weights and biases.
fn load_page_parameters(s: &mut Script) {
    s.lines(["@torch.no_grad()", "def load_page_parameters(model):"]);
    s.doc(
        BODY,
        "The page's initial weights and biases in place of the draws of init_layer (PyTorch keeps \
         a layer's weights as (outputs, inputs), as initlab does).",
    );
    s.indented(
        BODY,
        [
            "linears = [m for m in model.modules() if isinstance(m, nn.Linear)]",
            "for i, layer in enumerate(linears):",
            "    layer.weight.copy_(torch.from_numpy(page_array(f\"w{i}\")))",
            "    layer.bias.copy_(torch.from_numpy(page_array(f\"b{i}\")))",
        ],
    );
}

/// The `nn.init` statements that draw one tensor of `init` as initlab does; comments go to `s`.
fn statements(s: &mut Script, init: &Init, tensor: Tensor) -> Vec<String> {
    let t = match tensor {
        Tensor::Weight => "layer.weight",
        Tensor::Bias => "layer.bias",
    };
    let one = |call: String| vec![call];
    match init.law() {
        Law::Fixed(Dist::Constant(value)) => one(match init.scheme() {
            Scheme::Zeros => format!("nn.init.zeros_({t})"),
            Scheme::Ones => format!("nn.init.ones_({t})"),
            _ => format!("nn.init.constant_({t}, {})", py(value)),
        }),
        Law::Fixed(Dist::Uniform { low, high }) => one(format!(
            "nn.init.uniform_({t}, a={}, b={})",
            py(low),
            py(high)
        )),
        Law::Fixed(Dist::Normal { mean, stddev }) => one(format!(
            "nn.init.normal_({t}, mean={}, std={})",
            py(mean),
            py(stddev)
        )),
        Law::Fixed(Dist::Truncated { mean, stddev }) => {
            s.comment(
                BODY,
                "Keras's truncated_normal: values beyond 2 stddev of the mean are redrawn, with \
                 no rescaling.",
            );
            one(format!(
                "nn.init.trunc_normal_({t}, mean={}, std={}, a={}, b={})",
                py(mean),
                py(stddev),
                py(mean - TRUNCATION_BOUND * stddev),
                py(mean + TRUNCATION_BOUND * stddev)
            ))
        }
        Law::Scaled(scaling) => {
            let law = Scaled(scaling);
            truncation_comment(s, BODY, init.scheme(), &law, tensor);
            match (tensor, native(init.scheme(), &law)) {
                (Tensor::Weight, Some(call)) => one(call),
                (Tensor::Weight, None) | (Tensor::Bias, _) => explicit(&law, tensor, t),
            }
        }
        Law::Orthogonal { gain } => match tensor {
            Tensor::Weight => one(format!("nn.init.orthogonal_({t}, gain={})", py(gain))),
            Tensor::Bias => {
                s.comment(
                    BODY,
                    "orthogonal_ needs a matrix: the bias as one column, a random unit vector \
                     times gain.",
                );
                one(format!(
                    "nn.init.orthogonal_({t}.view(-1, 1), gain={})",
                    py(gain)
                ))
            }
        },
    }
}

/// PyTorch's own function for a fan-based scheme's weights, when it draws exactly what initlab
/// draws: xavier_* (any gain), kaiming_* without a gain (He with ReLU's gain √2, LeCun with the
/// linear gain 1), never for Keras's truncated normal, and `nn.Linear`'s default.
fn native(scheme: Scheme, law: &Scaled) -> Option<String> {
    let w = "layer.weight";
    if scheme == Scheme::TorchDefault {
        return Some(format!(
            "nn.init.kaiming_uniform_({w}, a=math.sqrt(5))  # what nn.Linear itself does"
        ));
    }
    let kind = match law.0.distribution {
        Distribution::Uniform => "uniform",
        Distribution::UntruncatedNormal => "normal",
        Distribution::TruncatedNormal => return None,
    };
    let no_gain = law.0.gain == 1.0;
    let gain = if no_gain {
        String::new()
    } else {
        format!(", gain={}", py(law.0.gain))
    };
    let kaiming = |nonlinearity: &str| {
        format!("nn.init.kaiming_{kind}_({w}, nonlinearity=\"{nonlinearity}\")")
    };
    match scheme.fan_rule()? {
        FanRule::Glorot => Some(format!("nn.init.xavier_{kind}_({w}{gain})")),
        FanRule::He if no_gain => Some(kaiming("relu")),
        FanRule::Lecun if no_gain => Some(kaiming("linear")),
        FanRule::He | FanRule::Lecun => None,
    }
}

/// A fan-based law written out: its spread from the layer's fans, then the plain `nn.init` call.
fn explicit(law: &Scaled, tensor: Tensor, t: &str) -> Vec<String> {
    let (line, name) = law.spread(tensor);
    let bound = py_term(TRUNCATION_BOUND);
    let call = match law.0.distribution {
        Distribution::TruncatedNormal => {
            format!(
                "nn.init.trunc_normal_({t}, std={name}, a=-{bound} * {name}, b={bound} * {name})"
            )
        }
        Distribution::UntruncatedNormal => format!("nn.init.normal_({t}, std={name})"),
        Distribution::Uniform => format!("nn.init.uniform_({t}, -{name}, {name})"),
    };
    vec![line, call]
}

/// The loss on the raw outputs, and the predicted class of each row of `logits`.
fn loss(c: &Config) -> (&'static str, &'static str) {
    let argmax = "logits.argmax(dim=1)";
    match c.loss {
        Loss::BinaryCrossEntropy => (
            "nn.BCEWithLogitsLoss()",
            "(logits[:, 0] > 0).long()  # logit > 0: class 1",
        ),
        Loss::SoftmaxCrossEntropy => ("nn.CrossEntropyLoss()", argmax),
        Loss::MeanSquaredError if outputs(c) == 1 => (
            "nn.MSELoss()",
            "(logits[:, 0] > 0.5).long()  # output > 0.5: class 1",
        ),
        Loss::MeanSquaredError => ("nn.MSELoss()", argmax),
    }
}

/// `make_optimizer(model)`, and in exact mode the Keras-rule optimizer it makes for RMSProp and
/// Adam; in-kind mode uses `torch.optim`'s own, with a comment where its rule differs.
fn optimizer(s: &mut Script, kind: OptimizerKind, mode: Mode) {
    let exact = mode == Mode::Exact;
    let (rho, eps, b1, b2) = (
        py(RMSPROP_RHO),
        py(RMSPROP_EPSILON),
        py(ADAM_BETA1),
        py(ADAM_BETA2),
    );
    let (note, call) = match kind {
        OptimizerKind::Sgd => (
            None,
            "torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)".to_string(),
        ),
        OptimizerKind::Momentum => (
            Some(
                "PyTorch keeps v = 0.9 v + g and steps by lr v; Keras's and initlab's v = 0.9 v - \
                 lr g takes the same steps at a fixed learning rate.",
            ),
            format!(
                "torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum={})",
                py(MOMENTUM)
            ),
        ),
        OptimizerKind::RmsProp if exact => {
            keras_rmsprop(s);
            (
                None,
                format!("KerasRMSprop(model.parameters(), lr=LEARNING_RATE, rho={rho}, eps={eps})"),
            )
        }
        OptimizerKind::RmsProp => (
            Some(
                "alpha is Keras's rho. Keras and initlab divide by sqrt(s + eps), PyTorch by \
                 sqrt(s) + eps: the same unless s is tiny.",
            ),
            format!(
                "torch.optim.RMSprop(model.parameters(), lr=LEARNING_RATE, alpha={rho}, eps={eps})"
            ),
        ),
        OptimizerKind::Adam if exact => {
            keras_adam(s);
            (
                None,
                format!(
                    "KerasAdam(model.parameters(), lr=LEARNING_RATE, betas=({b1}, {b2}), eps={})",
                    py(ADAM_EPSILON)
                ),
            )
        }
        OptimizerKind::Adam => (
            Some(
                "PyTorch adds eps to the bias-corrected sqrt(v), Keras and initlab to the \
                 uncorrected one: the same unless v is tiny.",
            ),
            format!(
                "torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=({b1}, {b2}), eps={})",
                py(ADAM_EPSILON)
            ),
        ),
    };
    s.line("def make_optimizer(model):");
    s.doc(
        BODY,
        "The page's optimizer, with Keras's (and initlab's) hyper-parameters.",
    );
    if let Some(note) = note {
        s.comment(BODY, note);
    }
    s.call(BODY, "return ", &call, "");
}

/// `KerasRMSprop`: RMSProp by Keras's rule, for exact mode.
fn keras_rmsprop(s: &mut Script) {
    s.line("class KerasRMSprop(torch.optim.Optimizer):");
    s.doc(
        BODY,
        "RMSProp as Keras and initlab update: s = rho s + (1 - rho) g^2, w -= lr g / sqrt(s + \
         eps). torch.optim.RMSprop divides by sqrt(s) + eps instead, which differs where s is \
         small.",
    );
    s.blank();
    s.indented(
        BODY,
        [
            "def __init__(self, params, lr, rho, eps):",
            "    super().__init__(params, {\"lr\": lr, \"rho\": rho, \"eps\": eps})",
            "",
            "@torch.no_grad()",
            "def step(self):",
            "    for group in self.param_groups:",
            "        lr, rho, eps = group[\"lr\"], group[\"rho\"], group[\"eps\"]",
            "        for p in group[\"params\"]:",
            "            s = self.state[p].setdefault(\"s\", torch.zeros_like(p))",
            "            s.mul_(rho).add_((1 - rho) * p.grad * p.grad)",
            "            p.sub_(lr * p.grad / torch.sqrt(s + eps))",
        ],
    );
    s.gap();
}

/// `KerasAdam`: Adam by Keras's rule, for exact mode.
fn keras_adam(s: &mut Script) {
    s.line("class KerasAdam(torch.optim.Optimizer):");
    s.doc(
        BODY,
        "Adam as Keras and initlab update: m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, w -= \
         lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps) at step t. torch.optim.Adam adds eps \
         to the bias-corrected sqrt(v) instead, which differs where v is small.",
    );
    s.blank();
    s.indented(
        BODY,
        [
            "def __init__(self, params, lr, betas, eps):",
            "    super().__init__(params, {\"lr\": lr, \"betas\": betas, \"eps\": eps})",
            "",
            "@torch.no_grad()",
            "def step(self):",
            "    for group in self.param_groups:",
            "        (b1, b2), eps = group[\"betas\"], group[\"eps\"]",
            "        for p in group[\"params\"]:",
            "            state = self.state[p]",
            "            if not state:",
            "                state.update(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p))",
            "            state[\"t\"] += 1",
            "            t, m, v = state[\"t\"], state[\"m\"], state[\"v\"]",
            "            m.mul_(b1).add_((1 - b1) * p.grad)",
            "            v.mul_(b2).add_((1 - b2) * p.grad * p.grad)",
            "            alpha = group[\"lr\"] * math.sqrt(1 - b2**t) / (1 - b1**t)",
            "            p.sub_(alpha * m / (v.sqrt() + eps))",
        ],
    );
    s.gap();
}

/// `print_layers`: step 0 as the page's layer view reads it.
fn layers(s: &mut Script) {
    s.line("def print_layers(model, loss_fn, x, t):");
    s.doc(
        BODY,
        "Step 0 as the page's \"Inside the layers\" view reads it, on the first PROBE training \
         samples: each layer's activation spread (the std of its outputs over the samples and \
         neurons) and the norm of the gradient of their mean loss with respect to its weights.",
    );
    s.indented(
        BODY,
        [
            "model.zero_grad()",
            "loss_fn(model(x), t).backward()",
            "linears = [m for m in model.modules() if isinstance(m, nn.Linear)]",
            "h = x",
            "with torch.no_grad():",
            "    for i, (block, linear) in enumerate(zip(model, linears)):",
            "        h = block(h)",
            "        spread = h.double().std(correction=0).item()",
            "        norm = linear.weight.grad.double().norm().item()",
            "        name = \"output\" if i == len(HIDDEN) else f\"layer {i + 1}\"",
            "        print(f\"{name}: activation std {spread:.6g}, gradient norm {norm:.6g}\")",
            "model.zero_grad()",
        ],
    );
}

/// `train` and `report`.
fn training(s: &mut Script, c: &Config) {
    s.line("def train(model, loss_fn, optimizer, x_train, t_train, batches):");
    s.doc(
        BODY,
        "One mini-batch step per row of `batches` (the training samples of each step), the loss \
         printed as the page's loss history holds it.",
    );
    s.indented(
        BODY,
        [
            "history = History(len(batches))",
            "for step, batch in enumerate(torch.from_numpy(batches), start=1):",
            "    loss = loss_fn(model(x_train[batch]), t_train[batch])",
            "    optimizer.zero_grad()",
            "    loss.backward()",
            "    optimizer.step()",
            "    if not history.add(step, loss.item()):",
            "        break",
        ],
    );
    s.gap();
    s.lines(["@torch.no_grad()", "def report(model, loss_fn, sets):"]);
    s.doc(
        BODY,
        "The loss and accuracy over the whole training and test sets, as the page's Loss table \
         gives them.",
    );
    s.indented(
        BODY,
        [
            "for name, x, t, y in sets:".to_string(),
            "    logits = model(x)".to_string(),
            format!("    predicted = {}", loss(c).1),
            "    accuracy = (predicted.numpy() == y).mean()".to_string(),
            "    print(f\"{name} loss {loss_fn(logits, t).item():.6g}, {name} accuracy {accuracy:.4g}\")"
                .to_string(),
        ],
    );
}
