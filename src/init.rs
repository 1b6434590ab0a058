//! Weight-initialization schemes: how each one draws a layer's weights, the variance it aims
//! for, and which activations it suits.
//!
//! Ids and semantics are Keras's (`keras.initializers`); PyTorch's untruncated normals and its
//! gains are options, and its `nn.Linear` default is the scheme `torch_default`. A layer with
//! `fan_in` inputs and `fan_out` neurons keeps its weights row-major with one row per neuron:
//! `w[j * fan_in + i]` is the weight from input `i` to neuron `j` (PyTorch's `(out, in)` layout,
//! the transpose of a Keras kernel). Every sample is drawn in f64 from `crate::rng` and rounded
//! to f32 once, so a seed gives the same weights everywhere.
//!
//! The pieces: `scheme` (the registry of ids, labels, formulas and options per scheme),
//! `options` (the fan modes, distributions and option set), `law` (what a validated `Init`
//! draws), `dist` (one weight's distribution and its sampling), `orthogonal` (random orthogonal
//! matrices) and `variance` (the truncation factor and PyTorch's gains).

use serde_json::{Map, Value};

use crate::config::{integer_arg, MAX_WIDTH};
use crate::error::ConfigError;
use crate::rng::Rng;

mod dist;
mod law;
mod options;
mod orthogonal;
mod scheme;
mod variance;

pub use dist::Dist;
pub use law::{Law, Scaling};
pub use options::{Distribution, FanMode, InitOptions};
pub use scheme::{Family, FanRule, Scheme};
pub use variance::{torch_gain, truncated_variance_factor, TRUNCATION_BOUND};

/// Largest magnitude any numeric option may take: beyond it a network shows only overflow.
pub const OPTION_LIMIT: f64 = 100.0;

/// Smallest and largest fan (inputs or neurons) of a layer the lab can build: every layer's
/// inputs and neurons (at most 64 inputs, `MAX_WIDTH` hidden neurons, 10 outputs) lie within.
pub const FAN_RANGE: (usize, usize) = (1, MAX_WIDTH);

/// The fans of a `fan_in` x `fan_out` layer asked for by number (the JS API's `initWeights`,
/// `theoreticalVariance`): each an integer in `FAN_RANGE`, else an error naming `fanIn` or
/// `fanOut`.
pub fn layer_fans(fan_in: f64, fan_out: f64) -> Result<(usize, usize), ConfigError> {
    let (lo, hi) = (FAN_RANGE.0 as u64, FAN_RANGE.1 as u64);
    let fan_in = integer_arg("fanIn", fan_in, lo, hi)?;
    let fan_out = integer_arg("fanOut", fan_out, lo, hi)?;
    Ok((fan_in as usize, fan_out as usize))
}

/// A validated scheme with its options: sampling cannot fail.
#[derive(Debug, Clone, PartialEq)]
pub struct Init {
    scheme: Scheme,
    /// Every option the scheme takes, defaults filled in.
    options: InitOptions,
    law: Law,
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

    /// What the scheme draws with these options.
    pub fn law(&self) -> Law {
        self.law
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
            return Err(ConfigError::at_option(&prefix, key, rule));
        }
        given.check_bounds(&prefix)?;
        let options = given.or(scheme.default_options());
        let law = Law::resolve(scheme, &options, &prefix)?;
        Ok(Init {
            scheme,
            options,
            law,
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
        self.law.fill(fan_in, fan_out, rng, out);
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
        self.law.fill(self.bias_fan_in(fan_in), fan_out, rng, out);
    }

    /// The theoretical variance of one bias of a `fan_in` x `fan_out` layer as `sample_bias`
    /// draws it: `variance(fan_in, fan_out)`, except orthogonal's `variance(1, fan_out)`.
    pub fn bias_variance(&self, fan_in: usize, fan_out: usize) -> f64 {
        self.law.variance(self.bias_fan_in(fan_in), fan_out)
    }

    /// The fan-in biases are drawn with: the layer's, except 1 for orthogonal (a column).
    fn bias_fan_in(&self, fan_in: usize) -> usize {
        match self.law {
            Law::Orthogonal { .. } => 1,
            Law::Fixed(_) | Law::Scaled(_) => fan_in,
        }
    }

    /// The theoretical variance of one weight of a `fan_in` x `fan_out` layer (after any
    /// truncation). Orthogonal: an r x c matrix with orthonormal rows (r <= c) has rows of norm
    /// 1, so its r c squared entries sum to r and each has mean square 1/c; with columns
    /// orthonormal it is 1/r: gain² / max(fan_in, fan_out) either way (fans below 1 count as 1).
    pub fn variance(&self, fan_in: usize, fan_out: usize) -> f64 {
        self.law.variance(fan_in, fan_out)
    }

    /// This init if it draws a layer's weights on its own, else (`lsuv`, which rescales them
    /// with a network's training data) an error naming `field`: for callers that draw layers
    /// without data.
    pub fn without_data(self, field: &str) -> Result<Init, ConfigError> {
        if self.scheme.needs_data() {
            return Err(ConfigError::new(
                field,
                format!(
                    "{} scales each layer's weights on the training data of a network, so it takes a Trainer (or a config's init); a layer alone has no data",
                    self.scheme.id()
                ),
            ));
        }
        Ok(self)
    }

    /// LSUV's settings when this is `lsuv` (see `crate::lsuv`), else `None`.
    pub fn lsuv(&self) -> Option<crate::lsuv::Lsuv> {
        let o = &self.options;
        match (self.scheme, o.tolerance, o.max_iterations, o.batch) {
            (Scheme::Lsuv, Some(tolerance), Some(max_iterations), Some(batch)) => {
                Some(crate::lsuv::Lsuv {
                    tolerance,
                    max_iterations,
                    batch: batch as usize,
                })
            }
            _ => None,
        }
    }

    /// The theoretical mean of a weight: the constant, the uniform's midpoint, the normal's
    /// `mean`, else 0.
    pub fn mean(&self) -> f64 {
        self.law.mean()
    }
}

#[cfg(test)]
mod tests;
