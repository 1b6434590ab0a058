//! The Keras 3 script: `keras.Sequential` of `Dense` layers, each initializer written with its
//! Keras class and options, compiled with the loss and optimizer and trained with `fit`.

use super::pytorch::untruncated_function;
use super::{
    biases_comment, constants, data, draw, header, imports, outputs, probe, py, sizes,
    weights_comment, Draw, Scaled, Script, Tensor,
};
use crate::activation::{Activation, LEAKY_SLOPE};
use crate::config::Config;
use crate::init::{Distribution, Init, Scheme};
use crate::loss::Loss;
use crate::optim::{
    OptimizerKind, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, MOMENTUM, RMSPROP_EPSILON, RMSPROP_RHO,
};

/// Indentation inside the loop over layers.
const BODY: &str = "    ";

/// The whole script.
pub(super) fn script(c: &Config) -> String {
    let mut s = Script::new();
    header(
        &mut s,
        c,
        "Keras",
        "keras 3 with a backend (TensorFlow, JAX or PyTorch)",
    );
    imports(&mut s, c, &["import keras", "import numpy as np"]);
    constants(&mut s, c);
    s.line("keras.utils.set_random_seed(SEED)  # Python's, NumPy's and the backend's generators");
    s.blank();
    data(&mut s, c);
    s.blank();
    model(&mut s, c);
    s.blank();
    training(&mut s, c);
    s.finish()
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

/// The layers, each with its kernel and bias initializers.
fn model(s: &mut Script, c: &Config) {
    sizes(s, c);
    s.line(activation(c.activation));
    s.line("model = keras.Sequential([keras.Input(shape=(SIZES[0],))])");
    s.line("for i, (fan_in, fan_out) in enumerate(zip(SIZES, SIZES[1:])):");
    weights_comment(s, BODY, &c.init);
    let (kernel_lines, kernel) = initializer(s, &c.init, Tensor::Weight);
    biases_comment(s, BODY, &c.bias_init);
    let (bias_lines, bias) = initializer(s, &c.bias_init, Tensor::Bias);
    s.lines(
        kernel_lines
            .into_iter()
            .chain(bias_lines)
            .map(|l| format!("{BODY}{l}")),
    );
    s.lines([
        "    model.add(keras.layers.Dense(",
        "        fan_out,",
        "        activation=activation if i < len(HIDDEN) else None,  # the last layer is linear",
    ]);
    s.call("        ", "kernel_initializer=", &kernel, ",");
    s.call("        ", "bias_initializer=", &bias, ",");
    s.line("    ))");
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
    match draw(init) {
        Draw::Zeros => call("Zeros", &[]),
        Draw::Ones => call("Ones", &[]),
        Draw::Constant(value) => call("Constant", &[kw("value", value)]),
        Draw::Uniform { minval, maxval } => call(
            "RandomUniform",
            &[kw("minval", minval), kw("maxval", maxval), seed.into()],
        ),
        Draw::Normal { mean, stddev } => call(
            "RandomNormal",
            &[kw("mean", mean), kw("stddev", stddev), seed.into()],
        ),
        Draw::Truncated { mean, stddev } => {
            s.comment(
                BODY,
                "Keras's TruncatedNormal redraws values beyond 2 stddev and does not rescale: \
                 the stddev after the cut is 0.88 times the one given.",
            );
            call(
                "TruncatedNormal",
                &[kw("mean", mean), kw("stddev", stddev), seed.into()],
            )
        }
        Draw::Scaled(law) => {
            if tensor == Tensor::Weight {
                if let Some(note) =
                    law.truncation_note(init.scheme(), untruncated_function(init.scheme()))
                {
                    s.comment(BODY, &note);
                }
            }
            match (tensor, named_class(init.scheme())) {
                (Tensor::Bias, _) => explicit(&law, seed),
                (Tensor::Weight, Some(class)) if law.is_plain() => call(class, &[seed.into()]),
                (Tensor::Weight, _) => variance_scaling(&law, seed),
            }
        }
        Draw::Orthogonal { gain } => match tensor {
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

/// Keras's own class for a fan-based scheme at its defaults (`None` for `variance_scaling` and
/// `torch_default`, written as `VarianceScaling`, and for the schemes that ignore the fans).
fn named_class(scheme: Scheme) -> Option<&'static str> {
    match scheme {
        Scheme::GlorotNormal => Some("GlorotNormal"),
        Scheme::GlorotUniform => Some("GlorotUniform"),
        Scheme::HeNormal => Some("HeNormal"),
        Scheme::HeUniform => Some("HeUniform"),
        Scheme::LecunNormal => Some("LecunNormal"),
        Scheme::LecunUniform => Some("LecunUniform"),
        Scheme::Zeros
        | Scheme::Ones
        | Scheme::Constant
        | Scheme::RandomUniform
        | Scheme::RandomNormal
        | Scheme::TruncatedNormal
        | Scheme::VarianceScaling
        | Scheme::TorchDefault
        | Scheme::Orthogonal => None,
    }
}

/// `VarianceScaling` with the law's scale (gain² included), mode and distribution.
fn variance_scaling(law: &Scaled, seed: &str) -> (Vec<String>, String) {
    let expr = format!(
        "keras.initializers.VarianceScaling(scale={}, mode=\"{}\", distribution=\"{}\", {seed})",
        law.keras_scale(),
        law.mode.id(),
        law.distribution.id()
    );
    (Vec::new(), expr)
}

/// A fan-based bias: its spread computed from the layer's fans, then the plain initializer.
fn explicit(law: &Scaled, seed: &str) -> (Vec<String>, String) {
    let (line, name) = law.spread(Tensor::Bias);
    let expr = match law.distribution {
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

/// Compile, print the activation spreads, fit and evaluate.
fn training(s: &mut Script, c: &Config) {
    let (loss, metric) = loss(c);
    s.line("model.compile(");
    s.call("    ", "optimizer=", &optimizer(c.optimizer), ",");
    s.line(format!("    loss={loss},"));
    s.line(format!("    metrics=[{metric}"));
    s.lines([
        ")".to_string(),
        String::new(),
        "# What to look at first: each layer's activation spread before training.".to_string(),
        probe(),
        "for i, layer in enumerate(model.layers):".to_string(),
        "    h = layer(h)".to_string(),
        "    print(f\"layer {i + 1}: activation std {float(keras.ops.std(h)):.4f}\")".to_string(),
        String::new(),
        "# Then the loss, epoch by epoch: STEPS mini-batch steps of BATCH_SIZE samples."
            .to_string(),
        "epochs = math.ceil(STEPS * BATCH_SIZE / n_train)".to_string(),
        "model.fit(x_train, t_train, batch_size=BATCH_SIZE, epochs=epochs,".to_string(),
        "          validation_data=(x_test, t_test), verbose=2)".to_string(),
        "print(\"test accuracy:\", model.evaluate(x_test, t_test, verbose=0)[1])".to_string(),
    ]);
}
