//! The Keras 3 script: `keras.Sequential` of `Dense` layers, each initializer written with its
//! Keras class and options, compiled with the loss and optimizer and trained with `fit`.

use super::{
    biases_comment, constants, data, header, imports, outputs, probe, py, sizes,
    truncation_comment, weights_comment, Scaled, Script, Tensor, BODY,
};
use crate::activation::{Activation, LEAKY_SLOPE};
use crate::config::Config;
use crate::init::{Dist, Distribution, FanRule, Init, Law, Scaling, Scheme};
use crate::loss::Loss;
use crate::optim::{
    OptimizerKind, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, MOMENTUM, RMSPROP_EPSILON, RMSPROP_RHO,
};

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
                BODY,
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
            truncation_comment(s, BODY, init.scheme(), &law, tensor);
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
