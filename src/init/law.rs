//! What an `Init` draws, resolved once from its scheme and options: one distribution for every
//! layer, a distribution set from each layer's fans, or an orthogonal matrix.

use super::dist::Dist;
use super::options::{Distribution, FanMode, InitOptions};
use super::orthogonal::orthogonal;
use super::scheme::Scheme;
use super::variance::truncated_variance_factor;
use crate::error::ConfigError;
use crate::rng::Rng;

/// What an `Init` draws, resolved from its options once; codegen writes the scripts from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Law {
    /// The same distribution for every layer.
    Fixed(Dist),
    /// A distribution set from the layer's fans.
    Scaled(Scaling),
    /// `gain` times a random orthogonal matrix.
    Orthogonal {
        /// Multiplies the orthogonal matrix.
        gain: f64,
    },
}

/// Variance `scale` · gain² / n, n the fan of `mode`, drawn from `distribution` (Keras's
/// `VarianceScaling` with PyTorch's gain on top).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scaling {
    /// The variance times the fan, before the gain: a fan rule's `scale()`, the
    /// `variance_scaling` option, or 1/3 for `torch_default`.
    pub scale: f64,
    /// Multiplies the standard deviation: the `gain` option of Glorot, He and LeCun, else 1.
    pub gain: f64,
    /// The fan n the variance divides by.
    pub mode: FanMode,
    /// The distribution drawn from, with mean 0.
    pub distribution: Distribution,
}

impl Scaling {
    /// The distribution of each weight of a `fan_in` x `fan_out` layer.
    fn at(self, fan_in: usize, fan_out: usize) -> Dist {
        let variance = self.scale * self.gain * self.gain / self.mode.fan(fan_in, fan_out);
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

impl Law {
    /// What `scheme` draws with the resolved `options` (every key it takes is set, so the
    /// `unwrap_or_default` fallbacks are never used); checks the rules that tie two options
    /// together or an option to a scheme.
    pub(super) fn resolve(
        scheme: Scheme,
        o: &InitOptions,
        prefix: &str,
    ) -> Result<Law, ConfigError> {
        let num = |v: Option<f64>| v.unwrap_or_default();
        if let Some(rule) = scheme.fan_rule() {
            return Ok(Law::Scaled(Scaling {
                scale: rule.scale(),
                gain: num(o.gain),
                mode: rule.mode(),
                distribution: named_distribution(scheme, o.distribution, prefix)?,
            }));
        }
        Ok(match scheme {
            Scheme::Zeros => Law::Fixed(Dist::Constant(0.0)),
            Scheme::Ones => Law::Fixed(Dist::Constant(1.0)),
            Scheme::Constant => Law::Fixed(Dist::Constant(num(o.value))),
            Scheme::RandomUniform => {
                let (low, high) = (num(o.minval), num(o.maxval));
                if (low as f32) >= (high as f32) {
                    return Err(ConfigError::at_option(
                        prefix,
                        "minval",
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
            Scheme::VarianceScaling => Law::Scaled(Scaling {
                scale: num(o.scale),
                gain: 1.0,
                mode: o.mode.unwrap_or_default(),
                distribution: o.distribution.unwrap_or_default(),
            }),
            // PyTorch's kaiming_uniform_ with a = √5: gain² = 2 / (1 + 5), limit = 1 / √fan_in.
            Scheme::TorchDefault => Law::Scaled(Scaling {
                scale: 1.0 / 3.0,
                gain: 1.0,
                mode: FanMode::FanIn,
                distribution: Distribution::Uniform,
            }),
            Scheme::Orthogonal => Law::Orthogonal { gain: num(o.gain) },
            // The draw before the data pass (`crate::lsuv`) rescales it.
            Scheme::Lsuv => Law::Orthogonal { gain: 1.0 },
            Scheme::GlorotNormal
            | Scheme::GlorotUniform
            | Scheme::HeNormal
            | Scheme::HeUniform
            | Scheme::LecunNormal
            | Scheme::LecunUniform => unreachable!("{} is resolved by its fan rule", scheme.id()),
        })
    }

    /// Fills `out` (len fan_out * fan_in, row-major, one row per neuron) with the weights of a
    /// `fan_in` x `fan_out` layer.
    pub(super) fn fill(self, fan_in: usize, fan_out: usize, rng: &mut Rng, out: &mut [f32]) {
        match self {
            Law::Fixed(dist) => dist.fill(rng, out),
            Law::Scaled(scaling) => scaling.at(fan_in, fan_out).fill(rng, out),
            Law::Orthogonal { gain } => orthogonal(fan_in, fan_out, gain, rng, out),
        }
    }

    /// The theoretical variance of one weight of a `fan_in` x `fan_out` layer (see
    /// `Init::variance`).
    pub(super) fn variance(self, fan_in: usize, fan_out: usize) -> f64 {
        match self {
            Law::Fixed(dist) => dist.variance(),
            Law::Scaled(scaling) => scaling.at(fan_in, fan_out).variance(),
            Law::Orthogonal { gain } => gain * gain / fan_in.max(fan_out).max(1) as f64,
        }
    }

    /// The theoretical mean of a weight (see `Init::mean`).
    pub(super) fn mean(self) -> f64 {
        match self {
            Law::Fixed(dist) => dist.mean(),
            Law::Scaled(_) | Law::Orthogonal { .. } => 0.0,
        }
    }
}

/// The distribution of a Glorot, He or LeCun scheme: uniform for the `*_uniform` schemes (which
/// take no distribution option), else the chosen normal. A uniform chosen for a `*_normal`
/// scheme is refused, naming its `*_uniform` twin.
fn named_distribution(
    scheme: Scheme,
    chosen: Option<Distribution>,
    prefix: &str,
) -> Result<Distribution, ConfigError> {
    match chosen {
        None => Ok(Distribution::Uniform),
        Some(Distribution::Uniform) => {
            let id = scheme.id();
            Err(ConfigError::at_option(
                prefix,
                "distribution",
                format!(
                    "{id} draws from a normal: truncated_normal (Keras) or \
                     untruncated_normal (PyTorch); for uniform use {}",
                    id.replace("normal", "uniform")
                ),
            ))
        }
        Some(normal) => Ok(normal),
    }
}
