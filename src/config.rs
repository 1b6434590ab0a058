//! The one validated config of a training run, and the limits that keep a laptop usable.
//!
//! Every way a config arrives (the JS API, the URL hash, the page's controls) ends up as the
//! same JSON object with camelCase keys, parsed here. Each bad value is rejected with an error
//! naming its key and what is allowed, so the page can show it next to the right control.
//! `edit` holds the rule for what an edit of one key drops (the keys derived from it).

use serde_json::{json, Map, Value};

use crate::activation::Activation;
use crate::data::{self, DatasetKind};
use crate::error::ConfigError;
use crate::init::Init;
use crate::loss::Loss;
use crate::optim::OptimizerKind;

mod edit;

pub use edit::{merge_edits, DEPENDENT_KEYS};

/// Most hidden layers a network may have.
pub const MAX_HIDDEN_LAYERS: usize = 32;
/// Most neurons a hidden layer may have.
pub const MAX_WIDTH: usize = 512;
/// Largest mini-batch.
pub const MAX_BATCH: usize = 512;
/// Largest learning rate.
pub const MAX_LEARNING_RATE: f32 = 10.0;
/// Largest seed: JavaScript numbers hold integers exactly up to 2^53 - 1.
pub const MAX_SEED: u64 = (1 << 53) - 1;
/// Most runs trained side by side (a preset's runs, or the page's `compare` list): each has its
/// own worker and memory (about 270 MB for the largest network), and a chart tells at most six
/// colours apart.
pub const MAX_RUNS: usize = 6;

/// Every key a config object may have, in the order `to_json` writes them.
pub const KEYS: [&str; 16] = [
    "dataset",
    "samples",
    "noise",
    "testFraction",
    "hidden",
    "activation",
    "init",
    "initOptions",
    "biasInit",
    "biasInitOptions",
    "loss",
    "optimizer",
    "learningRate",
    "batchSize",
    "seed",
    "dataSeed",
];

/// A validated training config. Build one with `Config::from_json` (or `Config::new` and
/// field updates followed by `validate`).
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The dataset (default `circle`).
    pub dataset: DatasetKind,
    /// Samples in the dataset before the split (default: the dataset's own default).
    pub samples: usize,
    /// Noise level in [0, 1] (default 0.1).
    pub noise: f32,
    /// Share of samples held out for testing, in [0.1, 0.9] (default 0.3).
    pub test_fraction: f32,
    /// Widths of the hidden layers, input side first; may be empty (logistic regression).
    pub hidden: Vec<usize>,
    /// Hidden-layer activation (default `relu`).
    pub activation: Activation,
    /// Weight initialization (default `glorot_uniform`, Keras's default).
    pub init: Init,
    /// Bias initialization (default `zeros`).
    pub bias_init: Init,
    /// Loss (default: binary cross-entropy for two classes, categorical otherwise).
    pub loss: Loss,
    /// Optimizer (default `sgd`).
    pub optimizer: OptimizerKind,
    /// Learning rate (default: the optimizer's `default_learning_rate`).
    pub learning_rate: f32,
    /// Mini-batch size, at most the training set's size (default 32).
    pub batch_size: usize,
    /// Seed of the initial weights and the batch order (default 1).
    pub seed: u64,
    /// Seed of the dataset (default: `seed`), so runs can share data but not weights.
    pub data_seed: u64,
}

impl Config {
    /// The default config for a network with the given hidden widths.
    pub fn new(hidden: Vec<usize>) -> Config {
        let dataset = DatasetKind::Circle;
        let optimizer = OptimizerKind::Sgd;
        Config {
            dataset,
            samples: dataset.default_samples(),
            noise: data::DEFAULT_NOISE,
            test_fraction: 0.3,
            hidden,
            activation: Activation::Relu,
            init: Init::from_json("glorot_uniform", None, "init").expect("default init is valid"),
            bias_init: Init::from_json("zeros", None, "biasInit").expect("zeros is valid"),
            loss: Loss::default_for(dataset.classes()),
            optimizer,
            learning_rate: optimizer.default_learning_rate(),
            batch_size: 32,
            seed: 1,
            data_seed: 1,
        }
    }

    /// Parses and validates a JSON config object (camelCase keys; `hidden` required, every
    /// other key optional with the default documented on its field).
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        Config::from_value(&parse_json(text, "config")?)
    }

    /// Parses and validates a config from an already-parsed JSON value.
    pub fn from_value(value: &Value) -> Result<Config, ConfigError> {
        let obj = value.as_object().ok_or_else(|| {
            ConfigError::new("config", "must be an object such as {\"hidden\": [8, 8]}")
        })?;
        if let Some(key) = obj.keys().find(|k| !KEYS.contains(&k.as_str())) {
            let message = format!("is not a config key; allowed: {}", KEYS.join(", "));
            // An empty key cannot name a field, so the error names the config itself.
            return Err(if key.is_empty() {
                ConfigError::new("config", format!("has an empty key, which {message}"))
            } else {
                ConfigError::new(key.as_str(), message)
            });
        }
        let hidden = match obj.get("hidden") {
            None => {
                return Err(ConfigError::new(
                    "hidden",
                    "is required: a list of layer widths such as [8, 8]",
                ))
            }
            Some(v) => parse_hidden(v)?,
        };
        let mut c = Config::new(hidden);
        if let Some(id) = string(obj, "dataset")? {
            c.dataset = DatasetKind::from_id(id)?;
            c.samples = c.dataset.default_samples();
            c.loss = Loss::default_for(c.dataset.classes());
        }
        let (lo, hi) = c.dataset.sample_range();
        if let Some(n) = integer(obj, "samples", lo as u64, hi as u64)? {
            c.samples = n as usize;
        }
        if let Some(x) = number(obj, "noise", 0.0, data::MAX_NOISE, true)? {
            c.noise = x;
        }
        let (lo, hi) = data::TEST_FRACTION_RANGE;
        if let Some(x) = number(obj, "testFraction", lo, hi, true)? {
            c.test_fraction = x;
        }
        if let Some(id) = string(obj, "activation")? {
            c.activation = Activation::from_id(id)?;
        }
        c.init = init(obj, "init", c.init)?;
        c.bias_init = init(obj, "biasInit", c.bias_init)?;
        if let Some(id) = string(obj, "loss")? {
            c.loss = Loss::from_id(id)?;
        }
        if let Some(id) = string(obj, "optimizer")? {
            c.optimizer = OptimizerKind::from_id(id)?;
            c.learning_rate = c.optimizer.default_learning_rate();
        }
        if let Some(x) = number(obj, "learningRate", 0.0, MAX_LEARNING_RATE, false)? {
            c.learning_rate = x;
        }
        if let Some(n) = integer(obj, "batchSize", 1, MAX_BATCH as u64)? {
            c.batch_size = n as usize;
        }
        if let Some(n) = integer(obj, "seed", 0, MAX_SEED)? {
            c.seed = n;
        }
        c.data_seed = integer(obj, "dataSeed", 0, MAX_SEED)?.unwrap_or(c.seed);
        c.validate()?;
        Ok(c)
    }

    /// Checks the rules that span fields (and every range, for configs built in Rust).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let (lo, hi) = self.dataset.sample_range();
        check(
            (lo..=hi).contains(&self.samples),
            "samples",
            format!(
                "must be an integer in [{lo}, {hi}] for {}, got {}",
                self.dataset.id(),
                self.samples
            ),
        )?;
        check(
            (0.0..=data::MAX_NOISE).contains(&self.noise),
            "noise",
            format!("must be in [0, {}]", data::MAX_NOISE),
        )?;
        let (tlo, thi) = data::TEST_FRACTION_RANGE;
        check(
            (tlo..=thi).contains(&self.test_fraction),
            "testFraction",
            format!("must be in [{tlo}, {thi}]"),
        )?;
        check_hidden(&self.hidden)?;
        check(
            self.learning_rate > 0.0 && self.learning_rate <= MAX_LEARNING_RATE,
            "learningRate",
            format!("must be in (0, {MAX_LEARNING_RATE}]"),
        )?;
        check(
            (1..=MAX_BATCH).contains(&self.batch_size),
            "batchSize",
            format!("must be an integer in [1, {MAX_BATCH}]"),
        )?;
        let train = data::train_count(self.samples, self.test_fraction);
        check(
            self.batch_size <= train,
            "batchSize",
            format!(
                "must be at most the {train} training samples, got {}",
                self.batch_size
            ),
        )?;
        check(
            self.seed <= MAX_SEED,
            "seed",
            format!("must be an integer in [0, {MAX_SEED}]"),
        )?;
        check(
            self.data_seed <= MAX_SEED,
            "dataSeed",
            format!("must be an integer in [0, {MAX_SEED}]"),
        )?;
        let classes = self.dataset.classes();
        check(
            self.loss != Loss::BinaryCrossEntropy || classes == 2,
            "loss",
            format!("binary_crossentropy needs a 2-class dataset; {} has {classes} classes (use categorical_crossentropy)", self.dataset.id()),
        )
    }

    /// Layer widths of the whole network: inputs, hidden..., outputs.
    pub fn sizes(&self) -> Vec<usize> {
        let mut sizes = vec![self.dataset.inputs()];
        sizes.extend(&self.hidden);
        sizes.push(self.loss.outputs(self.dataset.classes()));
        sizes
    }

    /// The config as a JSON object with every key, which `from_value` reads back unchanged.
    pub fn to_json(&self) -> Value {
        let (init, init_options) = self.init.to_json();
        let (bias_init, bias_init_options) = self.bias_init.to_json();
        json!({
            "dataset": self.dataset.id(),
            "samples": self.samples,
            "noise": json_f32(self.noise),
            "testFraction": json_f32(self.test_fraction),
            "hidden": self.hidden,
            "activation": self.activation.id(),
            "init": init,
            "initOptions": init_options,
            "biasInit": bias_init,
            "biasInitOptions": bias_init_options,
            "loss": self.loss.id(),
            "optimizer": self.optimizer.id(),
            "learningRate": json_f32(self.learning_rate),
            "batchSize": self.batch_size,
            "seed": self.seed,
            "dataSeed": self.data_seed,
        })
    }
}

fn check(ok: bool, field: &str, message: String) -> Result<(), ConfigError> {
    if ok {
        Ok(())
    } else {
        Err(ConfigError::new(field, message))
    }
}

fn check_hidden(hidden: &[usize]) -> Result<(), ConfigError> {
    check(
        hidden.len() <= MAX_HIDDEN_LAYERS,
        "hidden",
        format!(
            "may have at most {MAX_HIDDEN_LAYERS} layers, got {}",
            hidden.len()
        ),
    )?;
    match hidden.iter().position(|w| !(1..=MAX_WIDTH).contains(w)) {
        Some(i) => Err(ConfigError::at_index(
            "hidden",
            i,
            format!("must be an integer in [1, {MAX_WIDTH}], got {}", hidden[i]),
        )),
        None => Ok(()),
    }
}

fn parse_hidden(v: &Value) -> Result<Vec<usize>, ConfigError> {
    let items = v.as_array().ok_or_else(|| {
        ConfigError::new("hidden", "must be a list of layer widths such as [8, 8]")
    })?;
    check(
        items.len() <= MAX_HIDDEN_LAYERS,
        "hidden",
        format!(
            "may have at most {MAX_HIDDEN_LAYERS} layers, got {}",
            items.len()
        ),
    )?;
    let widths = items
        .iter()
        .enumerate()
        .map(|(i, w)| {
            w.as_u64()
                .filter(|w| (1..=MAX_WIDTH as u64).contains(w))
                .map(|w| w as usize)
                .ok_or_else(|| {
                    ConfigError::at_index(
                        "hidden",
                        i,
                        format!("must be an integer in [1, {MAX_WIDTH}], got {w}"),
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    check_hidden(&widths)?;
    Ok(widths)
}

/// A present string key, or an error naming it when it is not a string.
fn string<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, ConfigError> {
    match obj.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_str()
            .map(Some)
            .ok_or_else(|| ConfigError::new(key, format!("must be a string, got {v}"))),
    }
}

/// A present number key in [lo, hi] (or (lo, hi] when `!closed`), compared as the f32 it
/// becomes, so a bound such as 0.1 accepts the 0.1 that JavaScript sends.
pub(crate) fn number(
    obj: &Map<String, Value>,
    key: &str,
    lo: f32,
    hi: f32,
    closed: bool,
) -> Result<Option<f32>, ConfigError> {
    let Some(v) = obj.get(key) else {
        return Ok(None);
    };
    let open = if closed { "[" } else { "(" };
    let x = v
        .as_f64()
        .map(|x| x as f32)
        .filter(|&x| (if closed { x >= lo } else { x > lo }) && x <= hi);
    x.map(Some).ok_or_else(|| {
        ConfigError::new(
            key,
            format!("must be a number in {open}{lo}, {hi}], got {v}"),
        )
    })
}

/// JSON text as a value; the error names `field`.
pub fn parse_json(text: &str, field: &str) -> Result<Value, ConfigError> {
    serde_json::from_str(text)
        .map_err(|e| ConfigError::new(field, format!("is not valid JSON: {e}")))
}

/// An f32 as the f64 of its shortest decimal form (0.1, not 0.10000000149011612): what a
/// student typed, and what JSON and JavaScript then show.
pub fn short_f64(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

/// An f32 as a JSON number with its shortest decimal form (`short_f64`); NaN and ±Infinity,
/// which JSON cannot hold, become `null`.
pub fn json_f32(x: f32) -> Value {
    Value::from(short_f64(x))
}

/// A present integer key in [lo, hi].
pub(crate) fn integer(
    obj: &Map<String, Value>,
    key: &str,
    lo: u64,
    hi: u64,
) -> Result<Option<u64>, ConfigError> {
    let Some(v) = obj.get(key) else {
        return Ok(None);
    };
    match v.as_f64() {
        Some(x) => integer_arg(key, x, lo, hi).map(Some),
        None => Err(not_an_integer(key, lo, hi, &v.to_string())),
    }
}

/// A number that must be an integer in [lo, hi] (JSON and JavaScript send integers as
/// doubles): NaN, infinities, fractions and values out of range are refused by name, where a
/// cast would silently truncate or saturate them.
pub fn integer_arg(field: &str, x: f64, lo: u64, hi: u64) -> Result<u64, ConfigError> {
    if x.is_finite() && x.fract() == 0.0 && x >= lo as f64 && x <= hi as f64 {
        return Ok(x as u64);
    }
    let shown = match x {
        f64::INFINITY => "Infinity".to_string(),
        f64::NEG_INFINITY => "-Infinity".to_string(),
        _ => x.to_string(),
    };
    Err(not_an_integer(field, lo, hi, &shown))
}

/// The error on `field` for a value that is not an integer in [lo, hi]. `got` shows the value
/// (`1.5`, `"8"`) or, for a JS argument that is not a number at all, says what it is (`a
/// string`, `null`...): such a value is refused, never converted.
pub fn not_an_integer(field: &str, lo: u64, hi: u64, got: &str) -> ConfigError {
    ConfigError::new(
        field,
        format!("must be an integer in [{lo}, {hi}], got {got}"),
    )
}

/// The init scheme under `key` with its options under `{key}Options`, or `current` if absent.
fn init(obj: &Map<String, Value>, key: &str, current: Init) -> Result<Init, ConfigError> {
    let options_key = format!("{key}Options");
    let options = obj.get(&options_key).filter(|v| !v.is_null());
    match (string(obj, key)?, options) {
        (Some(id), options) => {
            let init = Init::from_json(id, options, key)?;
            if key != "init" && init.scheme().needs_data() {
                return Err(ConfigError::new(
                    key,
                    format!("{id} rescales a layer's weights with the data, not its biases: choose another scheme for them, e.g. zeros"),
                ));
            }
            Ok(init)
        }
        (None, Some(_)) => Err(ConfigError::new(
            options_key,
            format!("needs `{key}` to say which scheme it configures"),
        )),
        (None, None) => Ok(current),
    }
}

/// An integer argument of the JS API (a step count, a layer index, a grid resolution...): its
/// name and range, so its check and its error message are written once, here, and the JS
/// boundary only refuses what is not a number at all.
#[derive(Debug, Clone, PartialEq)]
pub struct IntArg {
    /// The argument's name, as errors give it (`steps`, `layer`).
    pub field: &'static str,
    /// Smallest allowed value.
    pub lo: u64,
    /// Largest allowed value.
    pub hi: u64,
    /// Why the range is narrower than usual, appended to the error (`" (for this network:
    /// ...)"`), or empty.
    pub why: String,
}

impl IntArg {
    /// The argument `field` in [lo, hi].
    pub fn new(field: &'static str, lo: u64, hi: u64) -> IntArg {
        IntArg {
            field,
            lo,
            hi,
            why: String::new(),
        }
    }

    /// `x` if it is an integer in range (see `integer_arg`), else the error naming the range.
    pub fn check(&self, x: f64) -> Result<u64, ConfigError> {
        integer_arg(self.field, x, self.lo, self.hi).map_err(|e| self.explained(e))
    }

    /// The error for a value that is not a number at all; `got` says what it is (`a string`).
    pub fn refuse(&self, got: &str) -> ConfigError {
        self.explained(not_an_integer(self.field, self.lo, self.hi, got))
    }

    fn explained(&self, e: ConfigError) -> ConfigError {
        ConfigError::new(e.field, e.message + &self.why)
    }
}

#[cfg(test)]
mod tests;
