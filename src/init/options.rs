//! The options of the init schemes: the fan modes, the distributions and the validated
//! option set that `Init` is built from.

use serde_json::Value;

use super::OPTION_LIMIT;
use crate::config::{integer_arg, MAX_BATCH};
use crate::error::ConfigError;

/// Which fan a variance-scaling scheme divides by (default `FanIn`, as in Keras).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum FanMode {
    /// Inputs per neuron: keeps the forward signal's variance.
    #[default]
    FanIn,
    /// Neurons: keeps the backward gradient's variance.
    FanOut,
    /// (fan_in + fan_out) / 2: Glorot's compromise between the two.
    FanAvg,
}

impl FanMode {
    /// Every mode.
    pub const ALL: [FanMode; 3] = [FanMode::FanIn, FanMode::FanOut, FanMode::FanAvg];

    /// Keras's id.
    pub fn id(self) -> &'static str {
        match self {
            FanMode::FanIn => "fan_in",
            FanMode::FanOut => "fan_out",
            FanMode::FanAvg => "fan_avg",
        }
    }

    /// Parses an id; the error names `field`.
    pub fn from_id(id: &str, field: &str) -> Result<FanMode, ConfigError> {
        parse_id(&Self::ALL, FanMode::id, id, field)
    }

    /// The fan n for a layer, at least 1 as in Keras.
    pub(super) fn fan(self, fan_in: usize, fan_out: usize) -> f64 {
        let n = match self {
            FanMode::FanIn => fan_in as f64,
            FanMode::FanOut => fan_out as f64,
            FanMode::FanAvg => (fan_in + fan_out) as f64 / 2.0,
        };
        n.max(1.0)
    }
}

/// The distribution a variance-scaling scheme draws from, all with mean 0 (default
/// `TruncatedNormal`, as in Keras).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Distribution {
    /// Keras's: a normal cut at 2 standard deviations, its standard deviation divided by
    /// √`truncated_variance_factor()` first so that after the cut it is the target.
    #[default]
    TruncatedNormal,
    /// PyTorch's `xavier_normal_` / `kaiming_normal_`: a plain normal with the target variance.
    UntruncatedNormal,
    /// U[-limit, limit) with limit = √(3 variance).
    Uniform,
}

impl Distribution {
    /// Every distribution.
    pub const ALL: [Distribution; 3] = [
        Distribution::TruncatedNormal,
        Distribution::UntruncatedNormal,
        Distribution::Uniform,
    ];

    /// Keras's id.
    pub fn id(self) -> &'static str {
        match self {
            Distribution::TruncatedNormal => "truncated_normal",
            Distribution::UntruncatedNormal => "untruncated_normal",
            Distribution::Uniform => "uniform",
        }
    }

    /// Parses an id; the error names `field`.
    pub fn from_id(id: &str, field: &str) -> Result<Distribution, ConfigError> {
        parse_id(&Self::ALL, Distribution::id, id, field)
    }
}

/// The entry of `all` whose `id_of` is `id`; the error names `field` and lists every id.
pub(super) fn parse_id<T: Copy>(
    all: &[T],
    id_of: fn(T) -> &'static str,
    id: &str,
    field: &str,
) -> Result<T, ConfigError> {
    all.iter()
        .copied()
        .find(|&x| id_of(x) == id)
        .ok_or_else(|| {
            let allowed: Vec<&str> = all.iter().map(|&x| id_of(x)).collect();
            ConfigError::unknown_id(field, id, &allowed)
        })
}

/// A scheme's options, each `None` when not given. Which keys a scheme takes is
/// `Scheme::default_options`; bounds: |value|, |mean|, |minval|, |maxval| <= `OPTION_LIMIT`,
/// minval < maxval, stddev, scale and gain in (0, `OPTION_LIMIT`]; `lsuv`'s tolerance in
/// (0, 1), maxIterations in [1, `MAX_LSUV_ITERATIONS`], batch in [1, `MAX_BATCH`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct InitOptions {
    /// `constant`: the value of every weight.
    pub value: Option<f64>,
    /// `random_normal`, `truncated_normal`: the mean.
    pub mean: Option<f64>,
    /// `random_normal`, `truncated_normal`: the standard deviation (before truncation).
    pub stddev: Option<f64>,
    /// `random_uniform`: the lower bound (included).
    pub minval: Option<f64>,
    /// `random_uniform`: the upper bound (excluded).
    pub maxval: Option<f64>,
    /// `variance_scaling`: the variance times the fan.
    pub scale: Option<f64>,
    /// `variance_scaling`: which fan to divide by.
    pub mode: Option<FanMode>,
    /// `variance_scaling`, and `truncated_normal` or `untruncated_normal` for the named normal
    /// schemes (`untruncated_normal` is PyTorch's `xavier_normal_` / `kaiming_normal_`).
    pub distribution: Option<Distribution>,
    /// Glorot, He, LeCun and `orthogonal`: multiplies the standard deviation, as PyTorch's gain
    /// (see `torch_gain`); the variance grows by gain².
    pub gain: Option<f64>,
    /// `lsuv`: how far from 1 a layer's pre-activation variance may end (Mishkin & Matas's
    /// Tol_var).
    pub tolerance: Option<f64>,
    /// `lsuv`: the most rescalings of one layer (Mishkin & Matas's T_max).
    pub max_iterations: Option<u32>,
    /// `lsuv`: how many training samples the variances are measured on (the first ones, at most
    /// the training set).
    pub batch: Option<u32>,
}

/// The most rescalings `lsuv` may be allowed per layer.
pub const MAX_LSUV_ITERATIONS: u32 = 100;

impl InitOptions {
    /// Every option as (key, JSON value if set), in declaration order.
    pub(super) fn entries(&self) -> [(&'static str, Option<Value>); 12] {
        let num = |v: Option<f64>| v.map(Value::from);
        [
            ("value", num(self.value)),
            ("mean", num(self.mean)),
            ("stddev", num(self.stddev)),
            ("minval", num(self.minval)),
            ("maxval", num(self.maxval)),
            ("scale", num(self.scale)),
            ("mode", self.mode.map(|m| Value::from(m.id()))),
            (
                "distribution",
                self.distribution.map(|d| Value::from(d.id())),
            ),
            ("gain", num(self.gain)),
            ("tolerance", num(self.tolerance)),
            ("maxIterations", self.max_iterations.map(Value::from)),
            ("batch", self.batch.map(Value::from)),
        ]
    }

    /// The keys that are set.
    pub(super) fn set_keys(&self) -> impl Iterator<Item = &'static str> {
        self.entries()
            .into_iter()
            .filter_map(|(key, v)| v.map(|_| key))
    }

    /// Sets `key` from a JSON value; errors name `{prefix}.{key}`.
    pub(super) fn set(&mut self, key: &str, v: &Value, prefix: &str) -> Result<(), ConfigError> {
        let error = |message: String| ConfigError::at_option(prefix, key, message);
        let number = || {
            v.as_f64()
                .ok_or_else(|| error(format!("must be a number, got {v}")))
        };
        let text = || {
            v.as_str()
                .ok_or_else(|| error(format!("must be a string, got {v}")))
        };
        let whole = |x: f64, lo: u32, hi: u32| {
            integer_arg(key, x, lo.into(), hi.into())
                .map(|n| n as u32)
                .map_err(|e| error(e.message))
        };
        // An unknown id's message, on this option of this options object.
        let on_option = |e: ConfigError| error(e.message);
        match key {
            "value" => self.value = Some(number()?),
            "mean" => self.mean = Some(number()?),
            "stddev" => self.stddev = Some(number()?),
            "minval" => self.minval = Some(number()?),
            "maxval" => self.maxval = Some(number()?),
            "scale" => self.scale = Some(number()?),
            "mode" => self.mode = Some(FanMode::from_id(text()?, key).map_err(on_option)?),
            "distribution" => {
                self.distribution = Some(Distribution::from_id(text()?, key).map_err(on_option)?)
            }
            "gain" => self.gain = Some(number()?),
            "tolerance" => self.tolerance = Some(number()?),
            "maxIterations" => {
                self.max_iterations = Some(whole(number()?, 1, MAX_LSUV_ITERATIONS)?)
            }
            "batch" => self.batch = Some(whole(number()?, 1, MAX_BATCH as u32)?),
            _ => {
                let keys = InitOptions::default().entries().map(|(k, _)| k);
                return Err(error(format!(
                    "unknown option; allowed: {}",
                    keys.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// Checks every set number against its bounds.
    pub(super) fn check_bounds(&self, prefix: &str) -> Result<(), ConfigError> {
        let signed = [
            ("value", self.value),
            ("mean", self.mean),
            ("minval", self.minval),
            ("maxval", self.maxval),
        ];
        let positive = [
            ("stddev", self.stddev),
            ("scale", self.scale),
            ("gain", self.gain),
        ];
        let out_of = |key: &str, v: f64, range: &str| {
            ConfigError::at_option(
                prefix,
                key,
                format!("must be finite and in {range}, got {v}"),
            )
        };
        for (key, v) in signed.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))) {
            if !(v.is_finite() && v.abs() <= OPTION_LIMIT) {
                return Err(out_of(
                    key,
                    v,
                    &format!("[-{OPTION_LIMIT}, {OPTION_LIMIT}]"),
                ));
            }
        }
        for (key, v) in positive.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))) {
            if !(v.is_finite() && v > 0.0 && v <= OPTION_LIMIT) {
                return Err(out_of(key, v, &format!("(0, {OPTION_LIMIT}]")));
            }
        }
        match self.tolerance {
            Some(v) if !(v > 0.0 && v < 1.0) => Err(out_of("tolerance", v, "(0, 1)")),
            _ => Ok(()),
        }
    }

    /// Each option that is set here, else the one in `defaults`.
    pub(super) fn or(self, defaults: InitOptions) -> InitOptions {
        InitOptions {
            value: self.value.or(defaults.value),
            mean: self.mean.or(defaults.mean),
            stddev: self.stddev.or(defaults.stddev),
            minval: self.minval.or(defaults.minval),
            maxval: self.maxval.or(defaults.maxval),
            scale: self.scale.or(defaults.scale),
            mode: self.mode.or(defaults.mode),
            distribution: self.distribution.or(defaults.distribution),
            gain: self.gain.or(defaults.gain),
            tolerance: self.tolerance.or(defaults.tolerance),
            max_iterations: self.max_iterations.or(defaults.max_iterations),
            batch: self.batch.or(defaults.batch),
        }
    }
}
