//! The Keras 3 script: a `keras.Sequential` of `Dense` layers, each initializer written with its
//! Keras class and options, compiled with the loss and optimizer, read at step 0 layer by layer
//! and trained one `train_on_batch` step at a time. It runs on any Keras backend: only the
//! step-0 gradients need the backend's own autodiff (`weight_gradients`).

use super::script::{py, Script, BODY};
use super::{
    biases_comment, constants, ending, header, imports, lsuv, main_batches, main_data, outputs,
    python_packages, shared_functions, truncation_comment, weights_comment, Mode, Options, Scaled,
    Tensor,
};
use crate::activation::{Activation, LEAKY_SLOPE};
use crate::config::Config;
use crate::init::{Dist, Distribution, FanRule, Init, Law, Scaling, Scheme};
use crate::loss::Loss;
use crate::optim::{
    OptimizerKind, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, MOMENTUM, RMSPROP_EPSILON, RMSPROP_RHO,
};

/// The indentation of the layer loop's body in `build_model`, where the initializers are written.
const LOOP: &str = "        ";

/// The whole script.
pub(super) fn script(c: &Config, o: &Options) -> String {
    let mut s = Script::new();
    let install = [
        format!(
            "Install: pip install \"keras>=3\" \"jax[cpu]\" {}",
            python_packages(c, o)
        ),
        "Keras runs on JAX, TensorFlow or PyTorch: with another of them installed, set \
         KERAS_BACKEND=tensorflow (or torch) before running this script."
            .to_string(),
    ];
    header(&mut s, c, o, "Keras 3", &install);
    imports(&mut s, c, o, &["import keras", "import numpy as np"]);
    constants(&mut s, c, o);
    main(&mut s, c, o);
    s.gap();
    model(&mut s, c);
    if o.mode == Mode::Exact {
        s.gap();
        load_page_parameters(&mut s);
    }
    lsuv::keras(&mut s, c);
    s.gap();
    layers(&mut s);
    s.gap();
    training(&mut s);
    s.gap();
    shared_functions(&mut s, c, o);
    ending(&mut s, c, o);
    s.finish()
}

/// `main()`: the run from data to report, each part a function below.
fn main(s: &mut Script, c: &Config, o: &Options) {
    s.line("def main():");
    s.line(format!(
        "{BODY}keras.utils.set_random_seed(SEED)  # Python's, NumPy's and the backend's generators"
    ));
    main_data(s, o);
    s.line(format!("{BODY}model = build_model()"));
    if o.mode == Mode::Exact {
        s.line(format!(
            "{BODY}load_page_parameters(model)  # the page's initial weights replace the draws"
        ));
    }
    lsuv::call(s, c);
    s.line(format!(
        "{BODY}print_layers(model, x_train[:PROBE], t_train[:PROBE])"
    ));
    main_batches(s, o);
    s.indented(
        BODY,
        [
            "train(model, x_train, t_train, batches)",
            "report(model, x_train, t_train, x_test, t_test)",
        ],
    );
}

/// The activation as the Python name `activation`.
fn activation(a: Activation) -> String {
    let id = match a {
        Activation::Linear => "linear",
        Activation::Sigmoid => "sigmoid",
        Activation::Tanh => "tanh",
        Activation::Relu => "relu",
        Activation::Elu => "elu",
        Activation::Selu => "selu",
        Activation::LeakyRelu => {
            let slope = py(LEAKY_SLOPE);
            return format!(
                "def activation(x):  # slope {slope} as in initlab and PyTorch (Keras's default is 0.2)\n    \
                 return keras.activations.leaky_relu(x, negative_slope={slope})"
            );
        }
    };
    format!("activation = \"{id}\"")
}

/// `build_model()`: the layers, each with its kernel and bias initializers, compiled with the
/// loss and optimizer.
fn model(s: &mut Script, c: &Config) {
    s.line(activation(c.activation));
    s.gap();
    s.line("def build_model():");
    s.doc(
        BODY,
        "The network, its weights and biases drawn as initlab draws them, compiled with the \
         page's loss and optimizer.",
    );
    s.line("    model = keras.Sequential([keras.Input(shape=(SIZES[0],))])");
    s.line("    for i, (fan_in, fan_out) in enumerate(zip(SIZES, SIZES[1:])):");
    weights_comment(s, LOOP, &c.init);
    let (kernel_lines, kernel) = initializer(s, &c.init, Tensor::Weight);
    biases_comment(s, LOOP, &c.bias_init);
    let (bias_lines, bias) = initializer(s, &c.bias_init, Tensor::Bias);
    s.indented(LOOP, kernel_lines.into_iter().chain(bias_lines));
    s.lines([
        "        model.add(keras.layers.Dense(",
        "            fan_out,",
        "            activation=activation if i < len(HIDDEN) else None,  # the last layer is linear",
    ]);
    s.call("            ", "kernel_initializer=", &kernel, ",");
    s.call("            ", "bias_initializer=", &bias, ",");
    s.line("        ))");
    let (loss, metric) = loss(c);
    s.line("    model.compile(");
    s.call("        ", "optimizer=", &optimizer(c.optimizer), ",");
    s.line(format!("        loss={loss},"));
    s.line(format!("        metrics=[{metric}"));
    s.line("    )");
    s.line("    return model");
}

/// `load_page_parameters(model)`: exact mode's initial weights and biases.
fn load_page_parameters(s: &mut Script) {
    s.line("def load_page_parameters(model):");
    s.doc(
        BODY,
        "The page's initial weights and biases in place of the draws of build_model. Keras keeps \
         a kernel as (inputs, outputs), initlab as (outputs, inputs): hence the transpose.",
    );
    s.indented(
        BODY,
        [
            "for i, layer in enumerate(model.layers):",
            "    layer.set_weights([page_array(f\"w{i}\").T, page_array(f\"b{i}\")])",
        ],
    );
}

/// `print_layers` and `weight_gradients`: step 0 as the page's layer view reads it.
fn layers(s: &mut Script) {
    s.line("def print_layers(model, x, t):");
    s.doc(
        BODY,
        "Step 0 as the page's \"Inside the layers\" view reads it, on the first PROBE training \
         samples: each layer's activation spread (the std of its outputs over the samples and \
         neurons) and the norm of the gradient of their mean loss with respect to its weights.",
    );
    s.indented(
        BODY,
        [
            "gradients = weight_gradients(model, x, t)",
            "h = x",
            "for i, (layer, gradient) in enumerate(zip(model.layers, gradients)):",
            "    h = layer(h)",
            "    spread = np.std(keras.ops.convert_to_numpy(h).astype(np.float64))",
            "    norm = np.linalg.norm(gradient.astype(np.float64))",
            "    name = \"output\" if i == len(HIDDEN) else f\"layer {i + 1}\"",
            "    print(f\"{name}: activation std {spread:.6g}, gradient norm {norm:.6g}\")",
        ],
    );
    s.gap();
    s.line("def weight_gradients(model, x, t):");
    s.doc(
        BODY,
        "The gradient of the loss on (x, t) with respect to every layer's kernel. Keras has no \
         autodiff of its own, so this asks the backend's: JAX, TensorFlow or PyTorch.",
    );
    s.indented(
        BODY,
        [
            "variables = model.trainable_variables  # per layer: its kernel, then its bias",
            "backend = keras.backend.backend()",
            "if backend == \"jax\":",
            "    import jax",
            "",
            "    def loss_of(values):",
            "        fixed = [v.value for v in model.non_trainable_variables]",
            "        return model.loss(t, model.stateless_call(values, fixed, x)[0])",
            "",
            "    gradients = jax.grad(loss_of)([v.value for v in variables])",
            "elif backend == \"tensorflow\":",
            "    import tensorflow as tf",
            "",
            "    with tf.GradientTape() as tape:",
            "        loss = model.loss(t, model(x))",
            "    gradients = tape.gradient(loss, variables)",
            "elif backend == \"torch\":",
            "    for v in variables:",
            "        v.value.grad = None",
            "    model.loss(t, model(x)).backward()",
            "    gradients = [v.value.grad for v in variables]",
            "else:",
            "    raise RuntimeError(f\"no gradients on the {backend} backend: use jax, tensorflow or torch\")",
            "return [keras.ops.convert_to_numpy(g) for g in gradients[0::2]]",
        ],
    );
}

/// `train` and `report`: one `train_on_batch` per step, then the whole sets.
fn training(s: &mut Script) {
    s.line("def train(model, x_train, t_train, batches):");
    s.doc(
        BODY,
        "One mini-batch step per row of `batches` (the training samples of each step), the loss \
         printed as the page's loss history holds it.",
    );
    s.indented(
        BODY,
        [
            "history = History(len(batches))",
            "for step, batch in enumerate(batches, start=1):",
            "    logs = model.train_on_batch(x_train[batch], t_train[batch], return_dict=True)",
            "    if not history.add(step, float(logs[\"loss\"])):",
            "        break",
        ],
    );
    s.gap();
    s.line("def report(model, x_train, t_train, x_test, t_test):");
    s.doc(
        BODY,
        "The loss and accuracy over the whole training and test sets, as the page's Loss table \
         gives them.",
    );
    s.indented(
        BODY,
        [
            "for name, x, t in (\"train\", x_train, t_train), (\"test\", x_test, t_test):",
            "    loss, accuracy = model.evaluate(x, t, batch_size=len(x), verbose=0)",
            "    print(f\"{name} loss {loss:.6g}, {name} accuracy {accuracy:.4g}\")",
        ],
    );
}

/// Keras's initializer for one tensor of `init`: lines to run first in the layer loop and the
/// expression. Every random initializer gets a seed of its own (one seed would repeat the same
/// draws). Fan-based biases are written out with the layer's fans, since Keras would take a
/// bias's fans from its own length.
fn initializer(s: &mut Script, init: &Init, tensor: Tensor) -> (Vec<String>, String) {
    let seed = match tensor {
        Tensor::Weight => "seed=SEED + 2 * i",
        Tensor::Bias => "seed=SEED + 2 * i + 1",
    };
    let call = |class: &str, args: &[String]| {
        let expr = format!("keras.initializers.{class}({})", args.join(", "));
        (Vec::new(), expr)
    };
    let kw = |key: &str, value: f64| format!("{key}={}", py(value));
    match init.law() {
        Law::Fixed(Dist::Constant(value)) => match init.scheme() {
            Scheme::Zeros => call("Zeros", &[]),
            Scheme::Ones => call("Ones", &[]),
            _ => call("Constant", &[kw("value", value)]),
        },
        Law::Fixed(Dist::Uniform { low, high }) => call(
            "RandomUniform",
            &[kw("minval", low), kw("maxval", high), seed.into()],
        ),
        Law::Fixed(Dist::Normal { mean, stddev }) => call(
            "RandomNormal",
            &[kw("mean", mean), kw("stddev", stddev), seed.into()],
        ),
        Law::Fixed(Dist::Truncated { mean, stddev }) => {
            s.comment(
                LOOP,
                "Keras's TruncatedNormal redraws values beyond 2 stddev and does not rescale: \
                 the stddev after the cut is 0.88 times the one given.",
            );
            call(
                "TruncatedNormal",
                &[kw("mean", mean), kw("stddev", stddev), seed.into()],
            )
        }
        Law::Scaled(scaling) => {
            let law = Scaled(scaling);
            truncation_comment(s, LOOP, init.scheme(), &law, tensor);
            match (tensor, named_class(init.scheme(), &law)) {
                (Tensor::Bias, _) => explicit(&law, seed),
                (Tensor::Weight, Some(class)) => call(class, &[seed.into()]),
                (Tensor::Weight, None) => variance_scaling(&law, seed),
            }
        }
        Law::Orthogonal { gain } => match tensor {
            Tensor::Weight => call("Orthogonal", &[kw("gain", gain), seed.into()]),
            Tensor::Bias => {
                s.comment(
                    BODY,
                    "Keras's Orthogonal needs a matrix: each bias vector is drawn as a matrix of \
                     one column, a random unit vector times gain.",
                );
                let matrix = format!(
                    "keras.initializers.Orthogonal({}, {seed})((shape[0], 1))",
                    kw("gain", gain)
                );
                let expr = format!("lambda shape, dtype=None: keras.ops.reshape({matrix}, shape)");
                (Vec::new(), expr)
            }
        },
    }
}

/// Keras's own class for a Glorot, He or LeCun law that draws exactly what the class does: no
/// gain, and Keras's own distribution (truncated for the normals). `None` for every other law
/// (`variance_scaling` and `torch_default` are written as `VarianceScaling`).
fn named_class(scheme: Scheme, law: &Scaled) -> Option<&'static str> {
    let Scaling {
        gain, distribution, ..
    } = law.0;
    if gain != 1.0 {
        return None;
    }
    let uniform = match distribution {
        Distribution::UntruncatedNormal => return None,
        Distribution::TruncatedNormal => false,
        Distribution::Uniform => true,
    };
    Some(match (scheme.fan_rule()?, uniform) {
        (FanRule::Glorot, false) => "GlorotNormal",
        (FanRule::Glorot, true) => "GlorotUniform",
        (FanRule::He, false) => "HeNormal",
        (FanRule::He, true) => "HeUniform",
        (FanRule::Lecun, false) => "LecunNormal",
        (FanRule::Lecun, true) => "LecunUniform",
    })
}

/// `VarianceScaling` with the law's scale (gain² included), mode and distribution.
fn variance_scaling(law: &Scaled, seed: &str) -> (Vec<String>, String) {
    let expr = format!(
        "keras.initializers.VarianceScaling(scale={}, mode=\"{}\", distribution=\"{}\", {seed})",
        law.keras_scale(),
        law.0.mode.id(),
        law.0.distribution.id()
    );
    (Vec::new(), expr)
}

/// A fan-based bias: its spread computed from the layer's fans, then the plain initializer.
fn explicit(law: &Scaled, seed: &str) -> (Vec<String>, String) {
    let (line, name) = law.spread(Tensor::Bias);
    let expr = match law.0.distribution {
        Distribution::TruncatedNormal => {
            format!("keras.initializers.TruncatedNormal(stddev={name}, {seed})")
        }
        Distribution::UntruncatedNormal => {
            format!("keras.initializers.RandomNormal(stddev={name}, {seed})")
        }
        Distribution::Uniform => {
            format!("keras.initializers.RandomUniform(minval=-{name}, maxval={name}, {seed})")
        }
    };
    (vec![line], expr)
}

/// The optimizer with Keras's (and initlab's) hyper-parameters.
fn optimizer(kind: OptimizerKind) -> String {
    match kind {
        OptimizerKind::Sgd => "keras.optimizers.SGD(learning_rate=LEARNING_RATE)".to_string(),
        OptimizerKind::Momentum => format!(
            "keras.optimizers.SGD(learning_rate=LEARNING_RATE, momentum={})",
            py(MOMENTUM)
        ),
        OptimizerKind::RmsProp => format!(
            "keras.optimizers.RMSprop(learning_rate=LEARNING_RATE, rho={}, epsilon={})",
            py(RMSPROP_RHO),
            py(RMSPROP_EPSILON)
        ),
        OptimizerKind::Adam => format!(
            "keras.optimizers.Adam(learning_rate=LEARNING_RATE, beta_1={}, beta_2={}, epsilon={})",
            py(ADAM_BETA1),
            py(ADAM_BETA2),
            py(ADAM_EPSILON)
        ),
    }
}

/// The loss on the raw outputs, and the accuracy metric that reads them with the end of its
/// `metrics=[...],` line.
fn loss(c: &Config) -> (&'static str, &'static str) {
    match c.loss {
        Loss::BinaryCrossEntropy => (
            "keras.losses.BinaryCrossentropy(from_logits=True)",
            "keras.metrics.BinaryAccuracy(threshold=0.0)],  # logit > 0: class 1",
        ),
        Loss::SoftmaxCrossEntropy => (
            "keras.losses.SparseCategoricalCrossentropy(from_logits=True)",
            "keras.metrics.SparseCategoricalAccuracy()],",
        ),
        Loss::MeanSquaredError if outputs(c) == 1 => (
            "keras.losses.MeanSquaredError()",
            "keras.metrics.BinaryAccuracy(threshold=0.5)],  # output > 0.5: class 1",
        ),
        Loss::MeanSquaredError => (
            "keras.losses.MeanSquaredError()",
            "keras.metrics.CategoricalAccuracy()],",
        ),
    }
}
