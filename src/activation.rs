//! Hidden-layer activations: each one's forward value and derivative side by side.

use crate::error::ConfigError;

/// A hidden-layer activation function. Ids are Keras's (`"relu"`, `"tanh"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Activation {
    /// f(x) = x.
    Linear,
    /// f(x) = 1 / (1 + e^-x), Keras's "sigmoid" (the notes' "logistic").
    Sigmoid,
    /// f(x) = tanh x.
    Tanh,
    /// f(x) = max(0, x).
    Relu,
    /// f(x) = x for x > 0, else `LEAKY_SLOPE` * x.
    LeakyRelu,
    /// f(x) = x for x > 0, else e^x - 1.
    Elu,
    /// f(x) = `SELU_LAMBDA` * (x for x > 0, else `SELU_ALPHA` * (e^x - 1)), Klambauer et al. 2017.
    Selu,
}

impl Activation {
    /// Every activation, in the order the page lists them.
    pub const ALL: [Activation; 7] = [
        Activation::Linear,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Elu,
        Activation::Selu,
    ];

    /// The stable id used in configs, URLs and the JS API.
    pub fn id(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky_relu",
            Activation::Elu => "elu",
            Activation::Selu => "selu",
        }
    }

    /// The name a student reads on the page.
    pub fn label(self) -> &'static str {
        match self {
            Activation::Linear => "Linear",
            Activation::Sigmoid => "Sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "ReLU",
            Activation::LeakyRelu => "Leaky ReLU",
            Activation::Elu => "ELU",
            Activation::Selu => "SELU",
        }
    }

    /// Parses an id; the error names the `activation` field and lists the allowed ids.
    pub fn from_id(id: &str) -> Result<Self, ConfigError> {
        Self::ALL.into_iter().find(|a| a.id() == id).ok_or_else(|| {
            ConfigError::unknown_id("activation", id, &Self::ALL.map(Activation::id))
        })
    }
}
