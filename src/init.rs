//! Weight-initialization schemes: how each one draws a layer's weights, the variance it aims
//! for, and which activations it suits.
//!
//! Ids and semantics are Keras's (`keras.initializers`); PyTorch's untruncated normals and its
//! gains are options, and its `nn.Linear` default is the scheme `torch_default`. A layer with
//! `fan_in` inputs and `fan_out` neurons keeps its weights row-major with one row per neuron:
//! `w[j * fan_in + i]` is the weight from input `i` to neuron `j` (PyTorch's `(out, in)` layout,
//! the transpose of a Keras kernel). Every sample is drawn in f64 from `crate::rng` and rounded
//! to f32 once, so a seed gives the same weights everywhere.

use serde_json::{Map, Value};

use crate::activation::{Activation, LEAKY_SLOPE};
use crate::error::ConfigError;
use crate::rng::{self, Rng};

mod options;
pub use options::{Distribution, FanMode, InitOptions};

/// Largest magnitude any numeric option may take: beyond it a network shows only overflow.
pub const OPTION_LIMIT: f64 = 100.0;

/// Keras's truncated normals keep draws within this many (pre-truncation) standard deviations
/// of the mean and redraw the rest.
pub const TRUNCATION_BOUND: f64 = 2.0;

/// Variance of a standard normal truncated to [-b, b] with b = `TRUNCATION_BOUND`:
/// 1 - 2 b φ(b) / (Φ(b) - Φ(-b)) ≈ 0.7737, with φ, Φ the standard normal density and CDF.
///
/// Its square root, 0.87962566103423978, is the constant Keras divides a variance-scaling
/// standard deviation by, so that the standard deviation after truncation is the target.
pub fn truncated_variance_factor() -> f64 {
    let b = TRUNCATION_BOUND;
    let density = libm::exp(-0.5 * b * b) / libm::sqrt(2.0 * std::f64::consts::PI);
    let mass = libm::erf(b / std::f64::consts::SQRT_2);
    1.0 - 2.0 * b * density / mass
}

/// PyTorch's `nn.init.calculate_gain`: the factor by which an activation shrinks the signal's
/// standard deviation is undone by multiplying the weights' standard deviation by it.
///
/// linear and sigmoid 1, tanh 5/3, ReLU √2, leaky ReLU √(2 / (1 + slope²)) with `LEAKY_SLOPE`,
/// SELU 3/4. PyTorch has no gain for ELU; it gets 1 here.
pub fn torch_gain(activation: Activation) -> f64 {
    match activation {
        Activation::Linear | Activation::Sigmoid | Activation::Elu => 1.0,
        Activation::Tanh => 5.0 / 3.0,
        Activation::Relu => std::f64::consts::SQRT_2,
        Activation::LeakyRelu => {
            let slope = f64::from(LEAKY_SLOPE);
            libm::sqrt(2.0 / (1.0 + slope * slope))
        }
        Activation::Selu => 0.75,
    }
}

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
    pub const ALL: [Scheme; 15] = [
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
        }
    }

    /// Parses an id; the error names the `init` field and lists the allowed ids.
    pub fn from_id(id: &str) -> Result<Scheme, ConfigError> {
        Scheme::parse(id, "init")
    }

    /// Parses an id; the error names `field`.
    fn parse(id: &str, field: &str) -> Result<Scheme, ConfigError> {
        Self::ALL
            .into_iter()
            .find(|s| s.id() == id)
            .ok_or_else(|| ConfigError::unknown_id(field, id, &Self::ALL.map(Scheme::id)))
    }

    /// The group the scheme belongs to.
    pub fn family(self) -> Family {
        match self {
            Scheme::Zeros | Scheme::Ones | Scheme::Constant => Family::Constant,
            Scheme::RandomUniform | Scheme::RandomNormal | Scheme::TruncatedNormal => {
                Family::Random
            }
            Scheme::Orthogonal => Family::Orthogonal,
            _ => Family::VarianceScaling,
        }
    }

    /// The hidden activations the notes' table pairs the scheme with, empty for none.
    ///
    /// Glorot: linear, tanh, sigmoid (and a softmax output layer); He: ReLU and its variants;
    /// LeCun: SELU.
    pub fn recommended_for(self) -> &'static [Activation] {
        match self {
            Scheme::GlorotNormal | Scheme::GlorotUniform => {
                &[Activation::Linear, Activation::Tanh, Activation::Sigmoid]
            }
            Scheme::HeNormal | Scheme::HeUniform => {
                &[Activation::Relu, Activation::LeakyRelu, Activation::Elu]
            }
            Scheme::LecunNormal | Scheme::LecunUniform => &[Activation::Selu],
            _ => &[],
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
            Scheme::VarianceScaling => InitOptions {
                scale: Some(1.0),
                mode: Some(FanMode::default()),
                distribution: Some(Distribution::default()),
                ..none
            },
        }
    }

    /// The option keys the scheme accepts, in `InitOptions` order.
    pub fn option_keys(self) -> Vec<&'static str> {
        self.default_options().set_keys().collect()
    }
}

/// A validated scheme with its options: sampling cannot fail.
#[derive(Debug, Clone, PartialEq)]
pub struct Init {
    scheme: Scheme,
    /// Every option the scheme takes, defaults filled in.
    options: InitOptions,
    law: Law,
}

/// What an `Init` draws, resolved from its options once.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Law {
    /// The same distribution for every layer.
    Fixed(Dist),
    /// A distribution set from the layer's fans.
    Scaled(Scaling),
    /// `gain` times a random orthogonal matrix.
    Orthogonal { gain: f64 },
}

/// Variance `scale` / n, n the fan of `mode`, drawn from `distribution`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scaling {
    scale: f64,
    mode: FanMode,
    distribution: Distribution,
}

impl Scaling {
    /// The distribution of each weight of a `fan_in` x `fan_out` layer.
    fn at(self, fan_in: usize, fan_out: usize) -> Dist {
        let variance = self.scale / self.mode.fan(fan_in, fan_out);
        match self.distribution {
            Distribution::TruncatedNormal => Dist::Truncated {
                mean: 0.0,
                stddev: libm::sqrt(variance / truncated_variance_factor()),
            },
            Distribution::UntruncatedNormal => Dist::Normal {
                mean: 0.0,
                stddev: libm::sqrt(variance),
            },
            Distribution::Uniform => {
                let limit = libm::sqrt(3.0 * variance);
                Dist::Uniform {
                    low: -limit,
                    high: limit,
                }
            }
        }
    }
}

/// The distribution of one weight, drawn independently of the others.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Dist {
    Constant(f64),
    /// U[low, high) over f32 values.
    Uniform {
        low: f64,
        high: f64,
    },
    Normal {
        mean: f64,
        stddev: f64,
    },
    /// A normal redrawn beyond `TRUNCATION_BOUND` `stddev` of the mean.
    Truncated {
        mean: f64,
        stddev: f64,
    },
}

impl Dist {
    fn mean(self) -> f64 {
        match self {
            Dist::Constant(v) => v,
            Dist::Uniform { low, high } => (low + high) / 2.0,
            Dist::Normal { mean, .. } | Dist::Truncated { mean, .. } => mean,
        }
    }

    fn variance(self) -> f64 {
        match self {
            Dist::Constant(_) => 0.0,
            Dist::Uniform { low, high } => (high - low) * (high - low) / 12.0,
            Dist::Normal { stddev, .. } => stddev * stddev,
            Dist::Truncated { stddev, .. } => stddev * stddev * truncated_variance_factor(),
        }
    }

    /// Fills `out` with independent draws (constants draw nothing from `rng`).
    fn fill(self, rng: &mut Rng, out: &mut [f32]) {
        match self {
            Dist::Constant(v) => out.fill(v as f32),
            Dist::Uniform { low, high } => {
                let (low, high) = (low as f32, high as f32);
                out.iter_mut()
                    .for_each(|w| *w = uniform_f32(low, high, rng));
            }
            Dist::Normal { mean, stddev } => out
                .iter_mut()
                .for_each(|w| *w = (mean + stddev * rng::standard_normal(rng)) as f32),
            Dist::Truncated { mean, stddev } => out.iter_mut().for_each(|w| {
                let z = rng::truncated_standard_normal(rng, TRUNCATION_BOUND);
                *w = (mean + stddev * z) as f32;
            }),
        }
    }
}

/// A uniform f32 in [low, high), rounding to f32 once; draws that round up to `high` are redrawn
/// (at most half of them even when the interval is one f32 wide). An interval with no f32
/// inside (a limit below f32 resolution) collapses to `low`.
fn uniform_f32(low: f32, high: f32, rng: &mut Rng) -> f32 {
    if low >= high {
        return low;
    }
    let width = f64::from(high) - f64::from(low);
    loop {
        let w = (f64::from(low) + width * rng::uniform(rng)) as f32;
        if w < high {
            return w;
        }
    }
}

/// Fills `out` (`fan_out` x `fan_in`, row-major) with `gain` times a random orthogonal matrix:
/// rows orthonormal when fan_out <= fan_in, else columns (Keras's `Orthogonal`).
///
/// A max x min matrix of standard normals is orthonormalized column by column (modified
/// Gram-Schmidt in f64). Gram-Schmidt gives the QR factor whose R has a positive diagonal,
/// which is what Keras gets by multiplying its Q by sign(diag R), so Q is uniformly (Haar)
/// distributed. The weights are Q's transpose when fan_out <= fan_in, else Q.
fn orthogonal(fan_in: usize, fan_out: usize, gain: f64, rng: &mut Rng, out: &mut [f32]) {
    if fan_in == 0 || fan_out == 0 {
        return;
    }
    let (tall, short) = (fan_in.max(fan_out), fan_in.min(fan_out));
    // Column-major: column c is q[c * tall..(c + 1) * tall].
    let mut q: Vec<f64> = (0..tall * short)
        .map(|_| rng::standard_normal(rng))
        .collect();
    orthonormalize_columns(&mut q, tall);
    for r in 0..fan_out {
        for c in 0..fan_in {
            let (row, col) = if fan_out <= fan_in { (c, r) } else { (r, c) };
            out[r * fan_in + c] = (gain * q[col * tall + row]) as f32;
        }
    }
}

/// Modified Gram-Schmidt on the columns (each `len` long, stored one after another) of `q`.
fn orthonormalize_columns(q: &mut [f64], len: usize) {
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    for j in 0..q.len() / len {
        let (done, rest) = q.split_at_mut(j * len);
        let col = &mut rest[..len];
        for prev in done.chunks_exact(len) {
            let r = dot(prev, col);
            col.iter_mut().zip(prev).for_each(|(x, p)| *x -= r * p);
        }
        let norm = libm::sqrt(dot(col, col));
        col.iter_mut().for_each(|x| *x /= norm);
    }
}

impl Init {
    /// Validates `options` for `scheme` (errors name `initOptions.<key>`) and fills in the
    /// defaults of `Scheme::default_options`.
    pub fn new(scheme: Scheme, options: InitOptions) -> Result<Init, ConfigError> {
        Init::build(scheme, options, "init")
    }

    /// Reads a scheme id and a JSON object of options as the config holds them. `field` is the
    /// config key of the id (`init` or `biasInit`); errors name it or `{field}Options.<key>`:
    /// an unknown id, options that are not an object, an unknown key (listing the allowed
    /// ones), a key the scheme does not take (listing those it does), a value of the wrong type
    /// or out of bounds. `None` and `null` mean no options.
    pub fn from_json(id: &str, options: Option<&Value>, field: &str) -> Result<Init, ConfigError> {
        let scheme = Scheme::parse(id, field)?;
        let prefix = format!("{field}Options");
        let mut given = InitOptions::default();
        match options {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (key, v) in map {
                    given.set(key, v, &prefix)?;
                }
            }
            Some(other) => {
                return Err(ConfigError::new(
                    prefix,
                    format!("must be an object of options, got {other}"),
                ))
            }
        }
        Init::build(scheme, given, field)
    }

    /// The scheme id and a JSON object of every option the scheme takes (defaults filled in):
    /// `from_json(id, Some(&options), field)` gives this `Init` back.
    pub fn to_json(&self) -> (&'static str, Value) {
        let options: Map<String, Value> = self
            .options
            .entries()
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
            .collect();
        (self.scheme.id(), Value::Object(options))
    }

    /// The scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Every option the scheme takes, with the defaults filled in.
    pub fn options(&self) -> &InitOptions {
        &self.options
    }

    /// Validates and resolves; errors name `field` and `{field}Options.<key>`.
    fn build(scheme: Scheme, given: InitOptions, field: &str) -> Result<Init, ConfigError> {
        let prefix = format!("{field}Options");
        let takes = scheme.option_keys();
        if let Some(key) = given.set_keys().find(|k| !takes.contains(k)) {
            let rule = if takes.is_empty() {
                format!("{} takes no options", scheme.id())
            } else {
                format!(
                    "{} does not take {key}; it takes: {}",
                    scheme.id(),
                    takes.join(", ")
                )
            };
            return Err(ConfigError::new(format!("{prefix}.{key}"), rule));
        }
        given.check_bounds(&prefix)?;
        let options = given.or(scheme.default_options());
        let law = Init::law(scheme, &options, &prefix)?;
        Ok(Init {
            scheme,
            options,
            law,
        })
    }

    /// What `scheme` draws with the resolved `options` (every key it takes is set, so the
    /// `unwrap_or_default` fallbacks are never used); checks the rules that tie two options
    /// together or an option to a scheme.
    fn law(scheme: Scheme, o: &InitOptions, prefix: &str) -> Result<Law, ConfigError> {
        let num = |v: Option<f64>| v.unwrap_or_default();
        // Glorot, He, LeCun: fixed scale and fan; gain scales the standard deviation.
        let named = |scale: f64, mode: FanMode| -> Result<Law, ConfigError> {
            let gain = num(o.gain);
            let distribution = match o.distribution {
                // The *_uniform schemes take no distribution option.
                None => Distribution::Uniform,
                Some(Distribution::Uniform) => {
                    let id = scheme.id();
                    return Err(ConfigError::new(
                        format!("{prefix}.distribution"),
                        format!(
                            "{id} draws from a normal: truncated_normal (Keras) or \
                             untruncated_normal (PyTorch); for uniform use {}",
                            id.replace("normal", "uniform")
                        ),
                    ));
                }
                Some(normal) => normal,
            };
            Ok(Law::Scaled(Scaling {
                scale: scale * gain * gain,
                mode,
                distribution,
            }))
        };
        Ok(match scheme {
            Scheme::Zeros => Law::Fixed(Dist::Constant(0.0)),
            Scheme::Ones => Law::Fixed(Dist::Constant(1.0)),
            Scheme::Constant => Law::Fixed(Dist::Constant(num(o.value))),
            Scheme::RandomUniform => {
                let (low, high) = (num(o.minval), num(o.maxval));
                if (low as f32) >= (high as f32) {
                    return Err(ConfigError::new(
                        format!("{prefix}.minval"),
                        format!("must be less than maxval ({high}) as 32-bit floats, got {low}"),
                    ));
                }
                Law::Fixed(Dist::Uniform { low, high })
            }
            Scheme::RandomNormal => Law::Fixed(Dist::Normal {
                mean: num(o.mean),
                stddev: num(o.stddev),
            }),
            Scheme::TruncatedNormal => Law::Fixed(Dist::Truncated {
                mean: num(o.mean),
                stddev: num(o.stddev),
            }),
            Scheme::GlorotNormal | Scheme::GlorotUniform => named(1.0, FanMode::FanAvg)?,
            Scheme::HeNormal | Scheme::HeUniform => named(2.0, FanMode::FanIn)?,
            Scheme::LecunNormal | Scheme::LecunUniform => named(1.0, FanMode::FanIn)?,
            Scheme::VarianceScaling => Law::Scaled(Scaling {
                scale: num(o.scale),
                mode: o.mode.unwrap_or_default(),
                distribution: o.distribution.unwrap_or_default(),
            }),
            // PyTorch's kaiming_uniform_ with a = √5: gain² = 2 / (1 + 5), limit = 1 / √fan_in.
            Scheme::TorchDefault => Law::Scaled(Scaling {
                scale: 1.0 / 3.0,
                mode: FanMode::FanIn,
                distribution: Distribution::Uniform,
            }),
            Scheme::Orthogonal => Law::Orthogonal { gain: num(o.gain) },
        })
    }

    /// Fills `out` (len fan_out * fan_in, row-major, one row per neuron: `out[j * fan_in + i]`
    /// is the weight from input i to neuron j) with a layer's weights.
    ///
    /// # Panics
    /// If `out.len() != fan_in * fan_out` (a caller bug, not bad input).
    pub fn sample(&self, fan_in: usize, fan_out: usize, rng: &mut Rng, out: &mut [f32]) {
        assert_eq!(
            out.len(),
            fan_in * fan_out,
            "weights of a {fan_in} x {fan_out} layer"
        );
        match self.law {
            Law::Fixed(dist) => dist.fill(rng, out),
            Law::Scaled(scaling) => scaling.at(fan_in, fan_out).fill(rng, out),
            Law::Orthogonal { gain } => orthogonal(fan_in, fan_out, gain, rng, out),
        }
    }

    /// Fills `out` (len fan_out) with the biases of a `fan_in` x `fan_out` layer: each bias
    /// drawn like one of the layer's weights (variance-scaling schemes use the layer's fans),
    /// except `orthogonal`, which treats the biases as a fan_out x 1 matrix: a random unit
    /// vector times gain, variance `variance(1, fan_out)`.
    ///
    /// # Panics
    /// If `out.len() != fan_out` (a caller bug, not bad input).
    pub fn sample_bias(&self, fan_in: usize, fan_out: usize, rng: &mut Rng, out: &mut [f32]) {
        assert_eq!(out.len(), fan_out, "biases of a layer of {fan_out} neurons");
        match self.law {
            Law::Fixed(dist) => dist.fill(rng, out),
            Law::Scaled(scaling) => scaling.at(fan_in, fan_out).fill(rng, out),
            Law::Orthogonal { gain } => orthogonal(1, fan_out, gain, rng, out),
        }
    }

    /// The theoretical variance of one weight of a `fan_in` x `fan_out` layer (after any
    /// truncation). Orthogonal: an r x c matrix with orthonormal rows (r <= c) has rows of norm
    /// 1, so its r c squared entries sum to r and each has mean square 1/c; with columns
    /// orthonormal it is 1/r: gain² / max(fan_in, fan_out) either way (fans below 1 count as 1).
    pub fn variance(&self, fan_in: usize, fan_out: usize) -> f64 {
        match self.law {
            Law::Fixed(dist) => dist.variance(),
            Law::Scaled(scaling) => scaling.at(fan_in, fan_out).variance(),
            Law::Orthogonal { gain } => gain * gain / fan_in.max(fan_out).max(1) as f64,
        }
    }

    /// The theoretical mean of a weight: the constant, the uniform's midpoint, the normal's
    /// `mean`, else 0.
    pub fn mean(&self) -> f64 {
        match self.law {
            Law::Fixed(dist) => dist.mean(),
            Law::Scaled(_) | Law::Orthogonal { .. } => 0.0,
        }
    }
}

#[cfg(test)]
mod tests;
