//! The PyTorch script: an `nn.Sequential` of `nn.Linear` layers, initialized with `nn.init` as
//! initlab draws them (Keras's semantics, with a comment wherever PyTorch's own function for
//! the scheme differs), the loss, the optimizer and a plain training loop.

use super::{
    biases_comment, constants, data, header, imports, outputs, probe, py, sizes,
    truncation_comment, weights_comment, Scaled, Script, Tensor, BODY,
};
use crate::activation::{Activation, LEAKY_SLOPE};
use crate::config::Config;
use crate::init::{Dist, Distribution, FanRule, Init, Law, Scheme, TRUNCATION_BOUND};
use crate::loss::Loss;
use crate::optim::{
    OptimizerKind, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, MOMENTUM, RMSPROP_EPSILON, RMSPROP_RHO,
};

/// The whole script.
pub(super) fn script(c: &Config) -> String {
    let mut s = Script::new();
    header(&mut s, c, "PyTorch", "torch");
    imports(
        &mut s,
        c,
        &["import numpy as np", "import torch", "from torch import nn"],
    );
    constants(&mut s, c);
    s.line("torch.manual_seed(SEED)");
    s.blank();
    data(&mut s, c);
    s.blank();
    model(&mut s, c);
    s.blank();
    s.blank();
    initialization(&mut s, c);
    s.blank();
    training(&mut s, c);
    s.finish()
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

/// The network: one (Linear, activation) block per hidden layer, then the output layer.
fn model(s: &mut Script, c: &Config) {
    sizes(s, c);
    s.lines([
        "model = nn.Sequential(".to_string(),
        format!(
            "    *[nn.Sequential(nn.Linear(n_in, n_out), {})",
            activation(c.activation)
        ),
        "      for n_in, n_out in zip(SIZES, HIDDEN)],".to_string(),
        "    nn.Linear(SIZES[-2], SIZES[-1]),  # the last layer is linear".to_string(),
        ")".to_string(),
    ]);
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
    s.lines(weights.iter().map(|l| format!("{BODY}{l}")));
    biases_comment(s, BODY, &c.bias_init);
    let biases = statements(s, &c.bias_init, Tensor::Bias);
    s.lines(biases.iter().map(|l| format!("{BODY}{l}")));
    s.blank();
    s.blank();
    s.lines([
        "for layer in model.modules():",
        "    if isinstance(layer, nn.Linear):",
        "        init_layer(layer)",
    ]);
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
    let bound = py(TRUNCATION_BOUND);
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

/// The optimizer closest to Keras's (and initlab's), with a comment where the rules differ.
fn optimizer(kind: OptimizerKind) -> (Option<&'static str>, String) {
    match kind {
        OptimizerKind::Sgd => (
            None,
            "torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)".to_string(),
        ),
        OptimizerKind::Momentum => (
            Some(
                "PyTorch keeps v = 0.9 v + g and steps by lr v; Keras's v = 0.9 v - lr g takes \
                 the same steps at a fixed learning rate.",
            ),
            format!(
                "torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum={})",
                py(MOMENTUM)
            ),
        ),
        OptimizerKind::RmsProp => (
            Some(
                "alpha is Keras's rho. Keras and initlab divide by sqrt(s + eps), PyTorch by \
                 sqrt(s) + eps: the same unless s is tiny.",
            ),
            format!(
                "torch.optim.RMSprop(model.parameters(), lr=LEARNING_RATE, alpha={}, eps={})",
                py(RMSPROP_RHO),
                py(RMSPROP_EPSILON)
            ),
        ),
        OptimizerKind::Adam => (
            Some(
                "PyTorch adds eps to the bias-corrected sqrt(v), Keras and initlab to the \
                 uncorrected one: the same unless v is tiny.",
            ),
            format!(
                "torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=({}, {}), eps={})",
                py(ADAM_BETA1),
                py(ADAM_BETA2),
                py(ADAM_EPSILON)
            ),
        ),
    }
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

/// Loss, optimizer, the activation spreads, and the training loop.
fn training(s: &mut Script, c: &Config) {
    let (loss, predicted) = loss(c);
    let (note, optimizer) = optimizer(c.optimizer);
    s.line(format!(
        "loss_fn = {loss}  # on the raw outputs of the last layer"
    ));
    if let Some(note) = note {
        s.comment("", note);
    }
    s.call("", "optimizer = ", &optimizer, "");
    s.lines([
        "x_train, x_test, t_train = map(torch.from_numpy, (x_train, x_test, t_train))".to_string(),
        String::new(),
        String::new(),
        "def test_accuracy():".to_string(),
        "    with torch.no_grad():".to_string(),
        "        logits = model(x_test)".to_string(),
        format!("    predicted = {predicted}"),
        "    return (predicted.numpy() == y_test).mean()".to_string(),
        String::new(),
        String::new(),
        "# What to look at first: each layer's activation spread before training.".to_string(),
        "with torch.no_grad():".to_string(),
        format!("    {}", probe()),
        "    for i, layer in enumerate(model):".to_string(),
        "        h = layer(h)".to_string(),
        "        print(f\"layer {i + 1}: activation std {h.std().item():.4f}\")".to_string(),
        String::new(),
        "# Then the loss of the last batch: STEPS steps in all, each epoch a new shuffle."
            .to_string(),
        "epochs = math.ceil(STEPS * BATCH_SIZE / n_train)".to_string(),
        "for epoch in range(1, epochs + 1):".to_string(),
        "    for batch in torch.randperm(n_train).split(BATCH_SIZE):".to_string(),
        "        loss = loss_fn(model(x_train[batch]), t_train[batch])".to_string(),
        "        optimizer.zero_grad()".to_string(),
        "        loss.backward()".to_string(),
        "        optimizer.step()".to_string(),
        "    if epoch % max(1, epochs // 20) == 0 or epoch == epochs:".to_string(),
        "        print(f\"epoch {epoch}: loss {loss.item():.4f}, test accuracy {test_accuracy():.3f}\")"
            .to_string(),
    ]);
}
