//! The registry of schemes: their ids, labels and groups, the sentence and variance formula the
//! page shows for each, the activations they suit and the options each takes.

use super::options::{parse_id, Distribution, FanMode, InitOptions};
use crate::activation::Activation;
use crate::error::ConfigError;

/// An initialization scheme. Ids are Keras's, except `torch_default` (PyTorch's `nn.Linear`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Every weight 0.
    Zeros,
    /// Every weight 1.
    Ones,
    /// Every weight `value` (default 0.5; Keras's default 0 would repeat `zeros`).
    Constant,
    /// U[`minval`, `maxval`), default [0, 1) like the notes' `np.random.random` (Keras's
    /// default is [-0.05, 0.05)).
    RandomUniform,
    /// N(`mean`, `stddev`²), defaults 0 and 0.05 as in Keras.
    RandomNormal,
    /// N(`mean`, `stddev`²) redrawn beyond 2 `stddev` of the mean, not rescaled (Keras).
    TruncatedNormal,
    /// Variance 1 / fan_avg, normal (Keras: truncated; option: PyTorch's `xavier_normal_`).
    GlorotNormal,
    /// U[-limit, limit) with limit = √(6 / (fan_in + fan_out)).
    GlorotUniform,
    /// Variance 2 / fan_in, normal (Keras: truncated; option: PyTorch's `kaiming_normal_`).
    HeNormal,
    /// U[-limit, limit) with limit = √(6 / fan_in).
    HeUniform,
    /// Variance 1 / fan_in, normal (Keras: truncated).
    LecunNormal,
    /// U[-limit, limit) with limit = √(3 / fan_in).
    LecunUniform,
    /// Variance `scale` / n, n the fan chosen by `mode`, drawn from `distribution`.
    VarianceScaling,
    /// PyTorch's `nn.Linear` default, U[-1/√fan_in, 1/√fan_in): variance 1 / (3 fan_in).
    TorchDefault,
    /// `gain` times a random orthogonal matrix (Keras).
    Orthogonal,
    /// Layer-sequential unit-variance (Mishkin & Matas 2016): orthogonal weights, then each
    /// layer in turn divided by the standard deviation of its pre-activations on a batch of
    /// training data until their variance is within `tolerance` of 1 (`crate::lsuv`).
    Lsuv,
}

/// The named fan rules of the notes, each drawn by a normal and a uniform scheme: variance
/// `scale()` · gain² / n, n the fan of `mode()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FanRule {
    /// Glorot (Xavier): 1 / fan_avg, for linear, tanh and sigmoid layers.
    Glorot,
    /// He (Kaiming): 2 / fan_in, for ReLU and its variants.
    He,
    /// LeCun: 1 / fan_in, for SELU.
    Lecun,
}

impl FanRule {
    /// The variance times the fan, before any gain: Glorot 1, He 2, LeCun 1.
    pub fn scale(self) -> f64 {
        match self {
            FanRule::Glorot | FanRule::Lecun => 1.0,
            FanRule::He => 2.0,
        }
    }

    /// The fan the variance divides by: Glorot fan_avg, He and LeCun fan_in.
    pub fn mode(self) -> FanMode {
        match self {
            FanRule::Glorot => FanMode::FanAvg,
            FanRule::He | FanRule::Lecun => FanMode::FanIn,
        }
    }
}

/// How the schemes group on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Every weight equal: the symmetry problem.
    Constant,
    /// Random with a spread that ignores the layer's size.
    Random,
    /// Random with a variance set from the layer's fans (Glorot, He, LeCun, ...).
    VarianceScaling,
    /// A random rotation: every neuron's weight row orthonormal to the others.
    Orthogonal,
}

impl Family {
    /// The stable id used by the JS API.
    pub fn id(self) -> &'static str {
        match self {
            Family::Constant => "constant",
            Family::Random => "random",
            Family::VarianceScaling => "variance_scaling",
            Family::Orthogonal => "orthogonal",
        }
    }

    /// The group heading a student reads.
    pub fn label(self) -> &'static str {
        match self {
            Family::Constant => "Constant",
            Family::Random => "Random",
            Family::VarianceScaling => "Variance scaling",
            Family::Orthogonal => "Orthogonal",
        }
    }
}

impl Scheme {
    /// Every scheme, in the order the page lists them.
    pub const ALL: [Scheme; 16] = [
        Scheme::Zeros,
        Scheme::Ones,
        Scheme::Constant,
        Scheme::RandomUniform,
        Scheme::RandomNormal,
        Scheme::TruncatedNormal,
        Scheme::GlorotNormal,
        Scheme::GlorotUniform,
        Scheme::HeNormal,
        Scheme::HeUniform,
        Scheme::LecunNormal,
        Scheme::LecunUniform,
        Scheme::VarianceScaling,
        Scheme::TorchDefault,
        Scheme::Orthogonal,
        Scheme::Lsuv,
    ];

    /// The stable id used in configs, URLs and the JS API.
    pub fn id(self) -> &'static str {
        match self {
            Scheme::Zeros => "zeros",
            Scheme::Ones => "ones",
            Scheme::Constant => "constant",
            Scheme::RandomUniform => "random_uniform",
            Scheme::RandomNormal => "random_normal",
            Scheme::TruncatedNormal => "truncated_normal",
            Scheme::GlorotNormal => "glorot_normal",
            Scheme::GlorotUniform => "glorot_uniform",
            Scheme::HeNormal => "he_normal",
            Scheme::HeUniform => "he_uniform",
            Scheme::LecunNormal => "lecun_normal",
            Scheme::LecunUniform => "lecun_uniform",
            Scheme::VarianceScaling => "variance_scaling",
            Scheme::TorchDefault => "torch_default",
            Scheme::Orthogonal => "orthogonal",
            Scheme::Lsuv => "lsuv",
        }
    }

    /// The name a student reads on the page.
    pub fn label(self) -> &'static str {
        match self {
            Scheme::Zeros => "Zeros",
            Scheme::Ones => "Ones",
            Scheme::Constant => "Constant",
            Scheme::RandomUniform => "Random uniform",
            Scheme::RandomNormal => "Random normal",
            Scheme::TruncatedNormal => "Truncated normal",
            Scheme::GlorotNormal => "Glorot normal",
            Scheme::GlorotUniform => "Glorot uniform",
            Scheme::HeNormal => "He normal",
            Scheme::HeUniform => "He uniform",
            Scheme::LecunNormal => "LeCun normal",
            Scheme::LecunUniform => "LeCun uniform",
            Scheme::VarianceScaling => "Variance scaling",
            Scheme::TorchDefault => "PyTorch default",
            Scheme::Orthogonal => "Orthogonal",
            Scheme::Lsuv => "LSUV",
        }
    }

    /// Parses an id; the error names the `init` field and lists the allowed ids.
    pub fn from_id(id: &str) -> Result<Scheme, ConfigError> {
        Scheme::parse(id, "init")
    }

    /// Parses an id; the error names `field`.
    pub(super) fn parse(id: &str, field: &str) -> Result<Scheme, ConfigError> {
        parse_id(&Self::ALL, Scheme::id, id, field)
    }

    /// The group the scheme belongs to.
    pub fn family(self) -> Family {
        match self {
            Scheme::Zeros | Scheme::Ones | Scheme::Constant => Family::Constant,
            Scheme::RandomUniform | Scheme::RandomNormal | Scheme::TruncatedNormal => {
                Family::Random
            }
            Scheme::Orthogonal | Scheme::Lsuv => Family::Orthogonal,
            _ => Family::VarianceScaling,
        }
    }

    /// The hidden activations the notes' table pairs the scheme with, empty for none.
    ///
    /// Glorot: linear, tanh, sigmoid (and a softmax output layer); He: ReLU and its variants;
    /// LeCun: SELU.
    pub fn recommended_for(self) -> &'static [Activation] {
        match self.fan_rule() {
            Some(FanRule::Glorot) => &[Activation::Linear, Activation::Tanh, Activation::Sigmoid],
            Some(FanRule::He) => &[Activation::Relu, Activation::LeakyRelu, Activation::Elu],
            Some(FanRule::Lecun) => &[Activation::Selu],
            None => &[],
        }
    }

    /// The named fan rule the scheme draws with: Glorot, He or LeCun (from a normal or a
    /// uniform), `None` for every other scheme.
    pub fn fan_rule(self) -> Option<FanRule> {
        match self {
            Scheme::GlorotNormal | Scheme::GlorotUniform => Some(FanRule::Glorot),
            Scheme::HeNormal | Scheme::HeUniform => Some(FanRule::He),
            Scheme::LecunNormal | Scheme::LecunUniform => Some(FanRule::Lecun),
            Scheme::Zeros
            | Scheme::Ones
            | Scheme::Constant
            | Scheme::RandomUniform
            | Scheme::RandomNormal
            | Scheme::TruncatedNormal
            | Scheme::VarianceScaling
            | Scheme::TorchDefault
            | Scheme::Orthogonal
            | Scheme::Lsuv => None,
        }
    }

    /// One sentence a student reads next to the scheme.
    pub fn description(self) -> &'static str {
        match self {
            Scheme::Zeros => "Every weight 0: all neurons of a layer compute the same thing and no gradient reaches the earlier layers.",
            Scheme::Ones => "Every weight 1: neurons stay identical copies, and sums grow with fan_in until activations saturate.",
            Scheme::Constant => "Every weight the same value: the neurons of a layer stay identical, so symmetry is never broken.",
            Scheme::RandomUniform => "Independent draws from [minval, maxval), by default [0, 1) like np.random.random: breaks symmetry but ignores layer size.",
            Scheme::RandomNormal => "Independent normal draws with a fixed stddev: too small and signals vanish, too large and they explode.",
            Scheme::TruncatedNormal => "Normal draws redrawn beyond 2 stddev: no outliers, but still blind to layer size.",
            Scheme::GlorotNormal => "Variance 1/fan_avg keeps signals and gradients steady through linear, tanh and sigmoid layers (and into a softmax output).",
            Scheme::GlorotUniform => "Glorot's variance 1/fan_avg from a uniform on [-limit, limit), limit = sqrt(6/(fan_in+fan_out)); Keras's default.",
            Scheme::HeNormal => "Variance 2/fan_in: the factor 2 makes up for ReLU zeroing half its inputs.",
            Scheme::HeUniform => "He's variance 2/fan_in from a uniform on [-limit, limit), limit = sqrt(6/fan_in).",
            Scheme::LecunNormal => "Variance 1/fan_in keeps unit variance through the layer; with SELU the network normalizes itself.",
            Scheme::LecunUniform => "LeCun's variance 1/fan_in from a uniform on [-limit, limit), limit = sqrt(3/fan_in).",
            Scheme::VarianceScaling => "The general rule behind Glorot, He and LeCun: variance scale/fan, with the fan and distribution to choose.",
            Scheme::TorchDefault => "PyTorch's nn.Linear default, uniform within 1/sqrt(fan_in): variance 1/(3 fan_in), a third of LeCun's.",
            Scheme::Orthogonal => "A random rotation: neurons' weight rows are orthonormal, so the layer preserves lengths exactly.",
            Scheme::Lsuv => "Orthogonal, then each layer in turn scaled on a batch of training data until its pre-activations have variance 1 (Mishkin & Matas's LSUV).",
        }
    }

    /// The weight variance in plain text, for the theory table (with default options; a `gain`
    /// option multiplies it by gain²).
    pub fn variance_formula(self) -> &'static str {
        match self {
            Scheme::Zeros | Scheme::Ones | Scheme::Constant => "0",
            Scheme::RandomUniform => "(maxval - minval)^2 / 12",
            Scheme::RandomNormal => "stddev^2",
            Scheme::TruncatedNormal => "0.7737 stddev^2 (cut at 2 stddev)",
            Scheme::GlorotNormal | Scheme::GlorotUniform => "1 / fan_avg = 2 / (fan_in + fan_out)",
            Scheme::HeNormal | Scheme::HeUniform => "2 / fan_in",
            Scheme::LecunNormal | Scheme::LecunUniform => "1 / fan_in",
            Scheme::VarianceScaling => "scale / fan (fan_in, fan_out or fan_avg)",
            Scheme::TorchDefault => "1 / (3 fan_in)",
            Scheme::Orthogonal => "gain^2 / max(fan_in, fan_out)",
            Scheme::Lsuv => "1 / max(fan_in, fan_out), then scaled by the data",
        }
    }

    /// Every option the scheme takes, each at its default; the keys set here are exactly the
    /// keys the scheme accepts.
    pub fn default_options(self) -> InitOptions {
        let none = InitOptions::default();
        let normal = InitOptions {
            mean: Some(0.0),
            stddev: Some(0.05),
            ..none
        };
        match self {
            Scheme::Zeros | Scheme::Ones | Scheme::TorchDefault => none,
            Scheme::Constant => InitOptions {
                value: Some(0.5),
                ..none
            },
            Scheme::RandomUniform => InitOptions {
                minval: Some(0.0),
                maxval: Some(1.0),
                ..none
            },
            Scheme::RandomNormal | Scheme::TruncatedNormal => normal,
            Scheme::GlorotNormal | Scheme::HeNormal | Scheme::LecunNormal => InitOptions {
                distribution: Some(Distribution::TruncatedNormal),
                gain: Some(1.0),
                ..none
            },
            Scheme::GlorotUniform
            | Scheme::HeUniform
            | Scheme::LecunUniform
            | Scheme::Orthogonal => InitOptions {
                gain: Some(1.0),
                ..none
            },
            Scheme::Lsuv => InitOptions {
                tolerance: Some(0.1),
                max_iterations: Some(10),
                batch: Some(256),
                ..none
            },
            Scheme::VarianceScaling => InitOptions {
                scale: Some(1.0),
                mode: Some(FanMode::default()),
                distribution: Some(Distribution::default()),
                ..none
            },
        }
    }

    /// Whether the scheme needs the training data to finish its draw (`lsuv`).
    pub fn needs_data(self) -> bool {
        self == Scheme::Lsuv
    }

    /// The option keys the scheme accepts, in `InitOptions` order.
    pub fn option_keys(self) -> Vec<&'static str> {
        self.default_options().set_keys().collect()
    }
}
