//! The JavaScript API, the ES module `www/pkg/initlab.js`: a thin layer that converts JS values
//! at the boundary, calls the core and converts the results back.
//!
//! It holds no rule of its own: ids, limits, defaults and validation live in the core. Configs
//! and init options cross as JSON (`JSON.stringify`), so the core parses them exactly as it
//! parses a URL or a preset. Every bad argument becomes the core's `ConfigError`, thrown as a JS
//! `Error` whose message is `"field: rule"`, whose `field` property names the field and whose
//! `key`, `index` and `option` properties are its parts (see `From<ConfigError>`); nothing
//! here can panic (the release build aborts on panic, which would kill the wasm instance).
//! Should a panic happen anyway, the panic hook keeps its message for `lastPanic()`.
//!
//! Numeric arguments arrive as `JsValue`s, not `f64`s, which the bindings would fill with
//! JavaScript's `ToNumber` (`"5"` -> 5, `true` -> 1, `[1]` -> 1, running `valueOf`): only a JS
//! number is accepted (`number`), anything else is refused by name.
//!
//! Bulk data (weights, histories, heatmaps, datasets) crosses as `Float32Array` / `Uint8Array`
//! copies; small records (reports, stats, descriptions) as plain objects, with NaN and
//! ±Infinity kept as JS numbers and missing values as `null`.

use std::cell::RefCell;

use js_sys::{Array, Error, Float32Array, Object, Reflect, Uint8Array, JSON};
use serde::Serialize;
use serde_json::Value;
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::prelude::*;

use crate::catalog;
#[cfg(feature = "codegen")]
use crate::codegen::Options;
use crate::config::{self, integer_arg, not_an_integer, Config, IntArg, MAX_SEED};
use crate::diagnostics::LayerSignal;
use crate::error::ConfigError;
use crate::experiment::{Matrix, Request, Round, Run};
use crate::history::HistorySlice;
use crate::init::{self, Init, FAN_RANGE};
use crate::presets::PRESETS;
use crate::rng::{self, Stream};

#[cfg(feature = "cards")]
pub mod papers;

/// Plain objects rather than `Map`s, `null` for `None`; floats stay JS numbers, NaN included.
const SERIALIZER: Serializer = Serializer::json_compatible();

thread_local! {
    /// The message of this instance's last panic, kept for `lastPanic()` after the trap.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

#[wasm_bindgen]
extern "C" {
    /// `console.error`, where a panic's message goes.
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);

    /// `Array.isArray`, which reads no property and runs no trap, but throws on a revoked
    /// `Proxy`: hence `catch`, as a JS exception must not unwind through the module.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;

    /// `performance.now()`, the clock a round's `timing` is read from (windows, workers and
    /// Node all have it).
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Runs once when the module is instantiated (`await init()`): installs the panic hook.
#[wasm_bindgen(start)]
fn start() {
    install_panic_hook();
}

/// Makes a panic record its message for `lastPanic()` and write it to `console.error` before
/// the release build aborts, which traps: the call throws a `WebAssembly.RuntimeError` whose
/// own message ("unreachable") says nothing. Installed at instantiation; installing it again
/// (as a test harness that brings its own hook must) replaces the current hook.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        console_error(&format!("initlab {message}"));
        LAST_PANIC.with(|last| {
            if let Ok(mut last) = last.try_borrow_mut() {
                *last = Some(message);
            }
        });
    }));
}

/// `lastPanic()`: the message of this instance's last panic (`"panicked at src/....rs:L:C:\n
/// ..."`), or `null` if it never panicked. A panic traps, so the call that panicked throws a
/// `WebAssembly.RuntimeError`; this says why. The trapped call may have left its `Trainer`
/// half-updated (and borrowed: its methods then throw), so start a new run from its config.
#[wasm_bindgen(js_name = lastPanic, unchecked_return_type = "string | null")]
pub fn last_panic() -> JsValue {
    LAST_PANIC.with(|last| match last.try_borrow().as_deref() {
        Ok(Some(message)) => message.into(),
        _ => JsValue::NULL,
    })
}

/// A `ConfigError` as the JS `Error` the API throws: message `"field: rule"`, and properties
/// `field` (`"hidden[1]"`), `key` (`"hidden"`), `index` (1, or `null`) and `option`
/// (`"stddev"` of `"initOptions.stddev"`, or `null`).
impl From<ConfigError> for JsValue {
    fn from(e: ConfigError) -> JsValue {
        let error = Error::new(&e.to_string());
        let index = e.index().map_or(JsValue::NULL, |i| (i as f64).into());
        let option = e.option().map_or(JsValue::NULL, JsValue::from);
        let properties: [(&str, JsValue); 4] = [
            ("field", e.field.as_str().into()),
            ("key", e.key().into()),
            ("index", index),
            ("option", option),
        ];
        for (name, value) in properties {
            // Defining a property on a fresh, extensible Error object cannot fail.
            let _ = Reflect::set(&error, &name.into(), &value);
        }
        error.into()
    }
}

/// Serializes a small Rust value as a plain JS value (see `SERIALIZER`).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    Ok(value.serialize(&SERIALIZER)?)
}

/// A JSON value as the JS value `JSON.parse` makes of its text, for data the core passes back
/// unvalidated: its numbers came from JS doubles, which `to_js` may refuse (an integer above
/// 2^53 reads back as a u64, which no JS number holds exactly), while JS reads the text back to
/// the same doubles.
fn parsed(value: &Value) -> Result<JsValue, JsValue> {
    JSON::parse(&value.to_string())
}

/// A JS value as JSON text, through `JSON.stringify` as the core expects it; `undefined` (and
/// anything else JSON has no text for) becomes `null`, which the core then rejects or ignores.
fn json_text(value: &JsValue, field: &str) -> Result<String, ConfigError> {
    let text = JSON::stringify(value).map_err(|_| {
        ConfigError::new(
            field,
            "must be plain data (objects, arrays, numbers, strings) that JSON can hold",
        )
    })?;
    Ok(text.as_string().unwrap_or_else(|| "null".into()))
}

/// A JS value as the core's JSON value (through `json_text`); errors name `field`.
fn json_value(value: &JsValue, field: &str) -> Result<Value, ConfigError> {
    config::parse_json(&json_text(value, field)?, field)
}

/// What a JS value that is not a number is (`a string`, `null`, `an array`...), for the error
/// that refuses it. Only `typeof`, `===` and `Array.isArray` look at it, so none of its code
/// runs: no `valueOf`, `toString`, getter or `Proxy` trap.
fn kind(value: &JsValue) -> &'static str {
    if value.is_undefined() {
        "undefined"
    } else if value.is_null() {
        "null"
    } else if value.is_string() {
        "a string"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.is_symbol() {
        "a symbol"
    } else if value.is_bigint() {
        "a bigint"
    } else if value.is_function() {
        "a function"
    } else if is_array(value) == Ok(true) {
        "an array"
    } else {
        "an object"
    }
}

/// The number a numeric argument holds if it is a JS number (`typeof value === "number"`);
/// anything else (a numeric string, a boolean, `[1]`, a `Number` object...) is refused, not
/// converted, with the error `integer_arg` gives on `field` for the range [lo, hi].
fn number(field: &str, value: &JsValue, lo: u64, hi: u64) -> Result<f64, ConfigError> {
    value
        .as_f64()
        .ok_or_else(|| not_an_integer(field, lo, hi, kind(value)))
}

/// An integer argument in [lo, hi]: a JS number (`number`) that is an integer in range.
fn integer(field: &str, value: &JsValue, lo: u64, hi: u64) -> Result<u64, ConfigError> {
    integer_arg(field, number(field, value, lo, hi)?, lo, hi)
}

/// An integer argument the core describes (`arg`: its name and range): a JS number that `arg`
/// accepts; anything else refused by name (see `kind`).
fn int_arg(arg: &IntArg, value: &JsValue) -> Result<u64, ConfigError> {
    match value.as_f64() {
        Some(x) => arg.check(x),
        None => Err(arg.refuse(kind(value))),
    }
}

/// A plain JS object with these properties.
fn object(entries: &[(&str, JsValue)]) -> Result<Object, JsValue> {
    let object = Object::new();
    for (key, value) in entries {
        Reflect::set(&object, &(*key).into(), value)?;
    }
    Ok(object)
}

/// `{stride, from, mean, min, max}` with `Float32Array`s.
fn history_js(h: &HistorySlice) -> Result<JsValue, JsValue> {
    Ok(object(&[
        ("stride", (h.stride as f64).into()),
        ("from", (h.from as f64).into()),
        ("mean", Float32Array::from(h.mean.as_slice()).into()),
        ("min", Float32Array::from(h.min.as_slice()).into()),
        ("max", Float32Array::from(h.max.as_slice()).into()),
    ])?
    .into())
}

/// An array of `{rows, columns, values: Float32Array}`.
fn matrices_js(matrices: &[Matrix]) -> Result<JsValue, JsValue> {
    let list = Array::new();
    for m in matrices {
        let matrix = object(&[
            ("rows", (m.rows as f64).into()),
            ("columns", (m.columns as f64).into()),
            ("values", Float32Array::from(m.values.as_slice()).into()),
        ])?;
        list.push(&matrix);
    }
    Ok(list.into())
}

/// A round's result as the JS object `Trainer.round` documents; readings not asked for are
/// left out.
fn round_js(round: &Round) -> Result<Object, JsValue> {
    let mut entries: Vec<(&str, JsValue)> = vec![
        ("progress", to_js(&round.progress)?),
        ("timing", to_js(&round.timing)?),
    ];
    if let Some(e) = &round.evaluation {
        entries.push(("evaluation", to_js(e)?));
    }
    if let Some(h) = &round.history {
        entries.push(("history", history_js(h)?));
    }
    if let Some(t) = &round.trace {
        let trace = object(&[
            ("stride", (t.stride as f64).into()),
            ("from", (t.from as f64).into()),
            ("layers", (t.layers as f64).into()),
            ("fields", to_js(&LayerSignal::FIELDS)?),
            ("values", Float32Array::from(t.values.as_slice()).into()),
            ("lastFinite", to_js(&t.last_finite)?),
        ])?;
        entries.push(("trace", trace.into()));
    }
    if let Some((step, stats)) = &round.stats {
        entries.push(("stats", to_js(stats)?));
        entries.push(("statsStep", (*step as f64).into()));
    }
    if let Some(b) = &round.boundary {
        entries.push(("boundary", Float32Array::from(b.as_slice()).into()));
    }
    if let Some(p) = &round.predictions {
        entries.push(("predictions", Uint8Array::from(p.as_slice()).into()));
    }
    if let Some(w) = &round.weights {
        entries.push(("weights", matrices_js(w)?));
    }
    if let Some(s) = &round.similarity {
        entries.push(("similarity", matrices_js(s)?));
    }
    object(&entries)
}

/// The fans of a layer (`init::layer_fans` holds the rule; `FAN_RANGE` here only words a
/// non-number's refusal).
fn fans(fan_in: &JsValue, fan_out: &JsValue) -> Result<(usize, usize), ConfigError> {
    let (lo, hi) = (FAN_RANGE.0 as u64, FAN_RANGE.1 as u64);
    init::layer_fans(
        number("fanIn", fan_in, lo, hi)?,
        number("fanOut", fan_out, lo, hi)?,
    )
}

/// The init scheme with its options, named `init` / `initOptions.<key>` in errors as in a
/// config; `None` and `null` mean the scheme's defaults. A `scheme` that is not a string is
/// passed on as its JSON text, which the core reports as an unknown id.
fn parse_init(scheme: &JsValue, options: Option<&Object>) -> Result<Init, ConfigError> {
    let id = match scheme.as_string() {
        Some(id) => id,
        None => json_text(scheme, "init")?,
    };
    let options = options.map(|o| json_value(o, "initOptions")).transpose()?;
    Init::from_json(&id, options.as_ref(), "init")?.without_data("init")
}

/// `initWeights(scheme, fanIn, fanOut, seed, options?)`: the weights of one `fanIn` x `fanOut`
/// layer drawn by `scheme` (a Keras id) from `seed`'s init stream, exactly as a network's
/// layer would be: `fanOut * fanIn` values, one row per neuron (`w[j * fanIn + i]` connects
/// input i to neuron j).
#[wasm_bindgen(js_name = initWeights)]
pub fn init_weights(
    #[wasm_bindgen(unchecked_param_type = "string")] scheme: JsValue,
    #[wasm_bindgen(js_name = fanIn, unchecked_param_type = "number")] fan_in: &JsValue,
    #[wasm_bindgen(js_name = fanOut, unchecked_param_type = "number")] fan_out: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] seed: &JsValue,
    options: Option<Object>,
) -> Result<Float32Array, JsValue> {
    let (fan_in, fan_out) = fans(fan_in, fan_out)?;
    let seed = integer("seed", seed, 0, MAX_SEED)?;
    let init = parse_init(&scheme, options.as_ref())?;
    let mut weights = vec![0.0; fan_in * fan_out];
    init.sample(
        fan_in,
        fan_out,
        &mut rng::seeded(seed, Stream::Init),
        &mut weights,
    );
    Ok(Float32Array::from(weights.as_slice()))
}

/// `theoreticalVariance(scheme, fanIn, fanOut, options?)`: the variance the scheme gives one
/// weight of a `fanIn` x `fanOut` layer (after any truncation), e.g. 2 / fanIn for He.
#[wasm_bindgen(js_name = theoreticalVariance)]
pub fn theoretical_variance(
    #[wasm_bindgen(unchecked_param_type = "string")] scheme: JsValue,
    #[wasm_bindgen(js_name = fanIn, unchecked_param_type = "number")] fan_in: &JsValue,
    #[wasm_bindgen(js_name = fanOut, unchecked_param_type = "number")] fan_out: &JsValue,
    options: Option<Object>,
) -> Result<f64, JsValue> {
    let (fan_in, fan_out) = fans(fan_in, fan_out)?;
    Ok(parse_init(&scheme, options.as_ref())?.variance(fan_in, fan_out))
}

/// `schemes()`: every init scheme in page order, as `{id, label, family, familyLabel,
/// description, varianceFormula, recommendedFor: [activation ids], options: [option keys],
/// defaults: {option: default}}` (`catalog::SchemeInfo`).
#[wasm_bindgen]
pub fn schemes() -> Result<JsValue, JsValue> {
    to_js(&catalog::schemes())
}

/// `activations()`: every hidden activation, as `{id, label, canSaturate, canDie}`.
#[wasm_bindgen]
pub fn activations() -> Result<JsValue, JsValue> {
    to_js(&catalog::activations())
}

/// `datasets()`: every dataset, as `{id, label, inputs, classes, is2d, minSamples, maxSamples,
/// defaultSamples}`, and once a CSV is loaded (`loadCsv`) the custom data, with `featureNames`
/// and `classNames`.
#[wasm_bindgen]
pub fn datasets() -> Result<JsValue, JsValue> {
    to_js(&catalog::datasets())
}

/// `optimizers()`: every optimizer, as `{id, label, defaultLearningRate}`.
#[wasm_bindgen]
pub fn optimizers() -> Result<JsValue, JsValue> {
    to_js(&catalog::optimizers())
}

/// `losses()`: every loss, as `{id, label}`.
#[wasm_bindgen]
pub fn losses() -> Result<JsValue, JsValue> {
    to_js(&catalog::losses())
}

/// `limits()`: the core's bounds, for the page's controls: `{maxHiddenLayers, maxWidth,
/// maxBatch, maxLearningRate, maxSeed, maxRuns, maxStepsPerCall, maxWorkPerCall, maxHistoryPoints,
/// targetLoss, targetWindow, maxResolution, viewExtent, maxNoise, optionLimit}`
/// (`catalog::Limits`). `maxStepsPerCall` is the most any network may take per `step` call; a
/// larger network may take fewer (`Trainer.maxStepsPerCall`), as `maxWorkPerCall` (parameters
/// x batch size x steps) caps a call's work. `lossHistory()` holds at most `maxHistoryPoints`
/// points. A run reaches the target (`targetReachedAt`) at the first step at which the mean
/// mini-batch loss of its last `targetWindow` steps is below `targetLoss`. A page trains at
/// most `maxRuns` runs side by side.
#[wasm_bindgen]
pub fn limits() -> Result<JsValue, JsValue> {
    to_js(&catalog::limits())
}

/// `presets()`: every preset in page order, as `{id, label, group, lookFor, views, runs}` with
/// `runs` the full config object of each run.
#[wasm_bindgen]
pub fn presets() -> Result<JsValue, JsValue> {
    let list = PRESETS
        .iter()
        .map(|p| p.to_json())
        .collect::<Result<Vec<Value>, ConfigError>>()?;
    to_js(&list)
}

/// `loadCsv(bytes)`: reads a CSV file's bytes (a `Uint8Array`) as this module instance's custom
/// data (`dataset: "custom"`), in place of any before, and returns what it holds (`csv::Summary`:
/// `{rows, featureNames, labelName, classNames, classCounts}`). A file the reader refuses throws
/// an error naming the row and column (field `csv`), and the data loaded before stay. In the
/// full build only (feature `csv`): the page reads a student's file there, then gives the page's
/// build the table (`customData`, `loadCustomData`), which saves 8 KB of the page's download.
#[cfg(feature = "csv")]
#[wasm_bindgen(js_name = loadCsv)]
pub fn load_csv(bytes: &[u8]) -> Result<JsValue, JsValue> {
    let table = crate::csv::read(bytes)?;
    let summary = table.summary();
    crate::data::load_custom(table);
    to_js(&summary)
}

/// `customData()`: the custom data this instance holds (`loadCsv`), as `{featureNames,
/// labelName, classNames, x, y}` (`x` a `Float32Array` of rows x features, row-major, in the
/// file's units; `y` a `Uint8Array` of class indices), what `loadCustomData` takes; `null`
/// before a file is loaded. In the full build only, with `loadCsv`.
#[cfg(feature = "csv")]
#[wasm_bindgen(js_name = customData)]
pub fn custom_data() -> Result<JsValue, JsValue> {
    let Some(table) = crate::data::custom_table() else {
        return Ok(JsValue::NULL);
    };
    Ok(object(&[
        ("featureNames", to_js(&table.feature_names)?),
        ("labelName", table.label_name.as_str().into()),
        ("classNames", to_js(&table.class_names)?),
        ("x", Float32Array::from(table.x.as_slice()).into()),
        ("y", Uint8Array::from(table.y.as_slice()).into()),
    ])?
    .into())
}

/// `loadCustomData(data)`: makes `data`, an object as `customData()` gives it, this instance's
/// custom data (`dataset: "custom"`), in place of any before, and returns its summary (as
/// `loadCsv` does). Checked as a file is (`csv::Table::from_parts`): errors name `data`, and the
/// data loaded before stay.
#[wasm_bindgen(js_name = loadCustomData)]
pub fn load_custom_data(data: &JsValue) -> Result<JsValue, JsValue> {
    let field = |key: &str| -> Result<JsValue, ConfigError> {
        let missing = || {
            ConfigError::new(
                "data",
                format!("must be an object as customData() gives it, with {key}"),
            )
        };
        if !data.is_object() {
            return Err(missing());
        }
        Reflect::get(data, &key.into()).map_err(|_| missing())
    };
    let names = |key: &str| -> Result<Vec<String>, ConfigError> {
        let value = field(key)?;
        let refuse = || ConfigError::new("data", format!("{key} must be an array of strings"));
        if is_array(&value) != Ok(true) {
            return Err(refuse());
        }
        Array::from(&value)
            .iter()
            .map(|v| v.as_string().ok_or_else(refuse))
            .collect()
    };
    let x = field("x")?
        .dyn_into::<Float32Array>()
        .map_err(|_| ConfigError::new("data", "x must be a Float32Array"))?;
    let y = field("y")?
        .dyn_into::<Uint8Array>()
        .map_err(|_| ConfigError::new("data", "y must be a Uint8Array"))?;
    let label = field("labelName")?
        .as_string()
        .ok_or_else(|| ConfigError::new("data", "labelName must be a string"))?;
    let table = crate::csv::Table::from_parts(
        names("featureNames")?,
        label,
        names("classNames")?,
        x.to_vec(),
        y.to_vec(),
        "data",
    )?;
    let summary = table.summary();
    crate::data::load_custom(table);
    to_js(&summary)
}

/// `loadDigits(bytes)`: gives the core the digits dataset's images, data/digits.bin's bytes (a
/// `Uint8Array`), which the wasm build does not carry; needed once per module instance before a
/// `digits` config trains. Bytes of another length or content are refused (field `digits`).
#[wasm_bindgen(js_name = loadDigits)]
pub fn load_digits(bytes: &[u8]) -> Result<(), JsValue> {
    Ok(crate::data::load_digits(bytes)?)
}

/// `normalizeConfig(config)`: the full config object `new Trainer(config)` would train, every
/// key present with its default filled in (as `trainer.config()` gives it), read and validated
/// the same way (throwing the same errors), without generating the data or drawing weights: a
/// page checks a link's configs with it at no cost in time or memory.
#[wasm_bindgen(js_name = normalizeConfig)]
pub fn normalize_config(config: JsValue) -> Result<JsValue, JsValue> {
    let config = Config::from_json(&json_text(&config, "config")?)?;
    to_js(&config.to_json())
}

/// `editConfig(config, partial)`: the full config object (as `normalizeConfig` gives it) that
/// `config` becomes when a student sets `partial` (an object of config keys): a key whose
/// value `partial` changes drops the keys derived from it (`dataset`: `samples`, `loss`;
/// `init`: `initOptions`; `biasInit`: `biasInitOptions`; `optimizer`: `learningRate`; `seed`:
/// `dataSeed`) unless `partial` sets them, so they take their new defaults. Validated as
/// `normalizeConfig` validates, throwing the error of the bad key.
#[wasm_bindgen(js_name = editConfig)]
pub fn edit_config(config: JsValue, partial: JsValue) -> Result<JsValue, JsValue> {
    let (config, partial) = (
        json_value(&config, "config")?,
        json_value(&partial, "partial")?,
    );
    to_js(&Config::edited(&config, &partial)?.to_json())
}

/// `mergeEdits(edits, partial)`: the edits made so far (an object of config keys, as a link
/// records them) with `partial` set on them by the rule of `editConfig`, as a plain object.
/// Not validated (edits are partial); throws only when either is not an object.
#[wasm_bindgen(js_name = mergeEdits)]
pub fn merge_edits(edits: JsValue, partial: JsValue) -> Result<JsValue, JsValue> {
    let (edits, partial) = (
        json_value(&edits, "edits")?,
        json_value(&partial, "partial")?,
    );
    parsed(&config::merge_edits(&edits, &partial)?)
}

/// The config and options of `kerasCode` / `pytorchCode`: the config read and validated as
/// `new Trainer` reads it, the options (`{mode, steps}`, optional) as `codegen::Options` does.
#[cfg(feature = "codegen")]
fn code_args(config: &JsValue, options: &JsValue) -> Result<(Config, Options), ConfigError> {
    let config = Config::from_json(&json_text(config, "config")?)?;
    let options = if options.is_null_or_undefined() {
        None
    } else {
        Some(json_value(options, "options")?)
    };
    let options = Options::for_config(&config, options.as_ref())?;
    Ok((config, options))
}

/// `kerasCode(config, options?)`: a runnable Keras 3 script for the same config object as
/// `new Trainer` (read and validated the same way, throwing the same errors), as a string.
/// `options` is `{mode, steps}`: `mode` `"exact"` (the page's data, initial weights and batch
/// order carried in the script, which then prints the page's numbers; the default where the
/// script stays within `codegen::MAX_PAYLOAD_BYTES`) or `"inKind"` (fresh draws); `steps` the
/// steps it trains (default 1000). Errors name `options.mode`, `options.steps`...
#[cfg(feature = "codegen")]
#[wasm_bindgen(js_name = kerasCode)]
pub fn keras_code(
    config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "object | null")] options: JsValue,
) -> Result<String, JsValue> {
    let (config, options) = code_args(&config, &options)?;
    Ok(crate::codegen::keras(&config, &options))
}

/// `pytorchCode(config, options?)`: the same as a PyTorch script (see `kerasCode`).
#[cfg(feature = "codegen")]
#[wasm_bindgen(js_name = pytorchCode)]
pub fn pytorch_code(
    config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "object | null")] options: JsValue,
) -> Result<String, JsValue> {
    let (config, options) = code_args(&config, &options)?;
    Ok(crate::codegen::pytorch(&config, &options))
}

/// `meanField(config)`: the mean-field prediction at initialization for the same config object
/// as `new Trainer` (read and validated the same way, throwing the same errors), as `{applies,
/// reason, inputSecondMoment, layers: [{layer, hidden, sigmaW2, sigmaB2, biasMean, q,
/// activationMean, activationStd, chi, backpropRatio, gradientRatio}], fixedPoint,
/// fixedPointNote, depthScales: {variance, correlation, varianceChi, correlationChi,
/// correlationFixedPoint}}` (`meanfield::MeanField`); an infinite depth scale is `Infinity`.
#[wasm_bindgen(js_name = meanField)]
pub fn mean_field(config: JsValue) -> Result<JsValue, JsValue> {
    let config = Config::from_json(&json_text(&config, "config")?)?;
    crate::data::available(config.dataset)?; // the prediction reads the training data
    to_js(&crate::meanfield::predict(&config))
}

/// `new Trainer(config)`: one training run of a config object with camelCase keys (`hidden`
/// required, every other key optional), validated by the core. Free it with `free()`.
#[wasm_bindgen]
pub struct Trainer {
    run: Run,
}

#[wasm_bindgen]
impl Trainer {
    /// Generates the data and draws the initial weights; throws on any bad config key.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<Trainer, JsValue> {
        let run = Run::from_json(&json_text(&config, "config")?)?;
        Ok(Trainer { run })
    }

    /// `step(steps)`: trains `steps` mini-batch steps (1 to this trainer's `maxStepsPerCall`;
    /// fewer if the run diverges) without reading the whole data set, and returns `{step,
    /// loss, diverged, divergedAt, targetReachedAt}` (`loss` the last mini-batch's).
    pub fn step(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] steps: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let n = int_arg(&self.run.steps_arg(1), steps)?;
        to_js(&self.run.step(n as u32)?)
    }

    /// `evaluate()`: `{step, trainLoss, testLoss, accuracy, testAccuracy}` over the whole
    /// training and test sets at the current step, computed once per step.
    pub fn evaluate(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.run.evaluate())
    }

    /// `round(request)`: trains `request.steps` steps and returns the readings the request
    /// asks for, in one call: the keys are `experiment::Request`'s, the result
    /// `experiment::Round`'s with typed arrays for its bulk values.
    #[wasm_bindgen(unchecked_return_type = "object")]
    pub fn round(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "object")] request: &JsValue,
    ) -> Result<Object, JsValue> {
        let text = json_text(request, "request")?;
        let value = serde_json::from_str::<Value>(&text)
            .map_err(|e| ConfigError::new("request", format!("is not valid JSON: {e}")))?;
        let request = Request::from_value(&value, &self.run)?;
        round_js(&self.run.round(&request, &performance_now))
    }

    /// Most steps one `step` call may take for this network: `limits().maxStepsPerCall`, or
    /// fewer for a network whose steps would exceed `limits().maxWorkPerCall` (at least 1).
    #[wasm_bindgen(getter = maxStepsPerCall)]
    pub fn max_steps_per_call(&self) -> u32 {
        self.run.max_steps_per_call()
    }

    /// `report()`: where the run stands, `step`'s record with `evaluate`'s, without training
    /// and without changing the run.
    pub fn report(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.run.report())
    }

    /// Training steps taken so far.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> f64 {
        self.run.steps() as f64
    }

    /// Steps per point of `lossHistory()` now: a caller that finds it changed since its last
    /// fetch fetches from point 0 again.
    #[wasm_bindgen(getter = historyStride)]
    pub fn history_stride(&self) -> f64 {
        self.run.loss_history().stride() as f64
    }

    /// `lossHistory(from?)`: `{stride, from, mean, min, max}`, `Float32Array` copies of the
    /// loss history's points `from` (an integer in [0, points]; left out, `undefined` or
    /// `null`: 0) to the last. Which steps a point covers, and when points merge, is
    /// `history::LossHistory`'s contract.
    #[wasm_bindgen(
        js_name = lossHistory,
        unchecked_return_type = "{stride: number, from: number, mean: Float32Array, \
                                 min: Float32Array, max: Float32Array}"
    )]
    pub fn loss_history(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null")] from: &JsValue,
    ) -> Result<Object, JsValue> {
        let from = if from.is_null_or_undefined() {
            0
        } else {
            int_arg(&self.run.history_from_arg(), from)? as usize
        };
        Ok(history_js(&self.run.loss_history().slice(from))?.into())
    }

    /// `similarity(layer)`: cosine similarity between every two neurons of a layer, a
    /// `fanOut * fanOut` `Float32Array`, row-major; all ones when the layer is symmetric.
    pub fn similarity(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] layer: &JsValue,
    ) -> Result<Float32Array, JsValue> {
        Ok(Float32Array::from(
            self.run.similarity(self.layer(layer)?)?.as_slice(),
        ))
    }

    /// `testPredictions()`: the predicted class of every test sample, a `Uint8Array` in the
    /// order of `data().testY`.
    #[wasm_bindgen(js_name = testPredictions)]
    pub fn test_predictions(&mut self) -> Uint8Array {
        Uint8Array::from(self.run.test_predictions().as_slice())
    }

    /// `layerStats()`: one object per layer (hidden layers, then the output layer) with the
    /// core's `LayerStats` fields in camelCase; histograms are `{lo, hi, counts}`.
    #[wasm_bindgen(js_name = layerStats)]
    pub fn layer_stats(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.run.layer_stats())
    }

    /// A layer index in [0, layers - 1], 0 being the first hidden layer.
    fn layer(&self, layer: &JsValue) -> Result<usize, ConfigError> {
        Ok(int_arg(&self.run.layer_arg(), layer)? as usize)
    }

    /// `weights(layer)`: layer `layer`'s weights, `fanOut * fanIn` values, one row per neuron.
    pub fn weights(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] layer: &JsValue,
    ) -> Result<Float32Array, JsValue> {
        Ok(Float32Array::from(self.run.weights(self.layer(layer)?)?))
    }

    /// `biases(layer)`: layer `layer`'s biases, `fanOut` values.
    pub fn biases(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] layer: &JsValue,
    ) -> Result<Float32Array, JsValue> {
        Ok(Float32Array::from(self.run.biases(self.layer(layer)?)?))
    }

    /// `decisionBoundary(resolution)`: class probabilities on a `resolution` x `resolution`
    /// grid over the view square, row 0 at the top: P(class 1) per point for two classes,
    /// `classes` values per point otherwise. 2-D datasets only.
    #[wasm_bindgen(js_name = decisionBoundary)]
    pub fn decision_boundary(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] resolution: &JsValue,
    ) -> Result<Float32Array, JsValue> {
        let resolution = int_arg(&Run::resolution_arg(), resolution)? as usize;
        Ok(Float32Array::from(
            self.run.decision_boundary(resolution)?.as_slice(),
        ))
    }

    /// `config()`: the run's full, normalized config object (every key, defaults filled in).
    pub fn config(&self) -> Result<JsValue, JsValue> {
        to_js(&self.run.config().to_json())
    }

    /// `data()`: `{inputs, classes, trainX, trainY, testX, testY}`; `trainX` is a
    /// `Float32Array` of `trainY.length * inputs` features, raw (before the standardization the
    /// network's inputs go through, see `inputs()`), row-major, `trainY` a `Uint8Array` of class
    /// indices (likewise for the test set).
    pub fn data(&self) -> Result<Object, JsValue> {
        let d = self.run.data();
        object(&[
            ("inputs", d.inputs.into()),
            ("classes", d.classes.into()),
            ("trainX", Float32Array::from(d.train_x.as_slice()).into()),
            ("trainY", Uint8Array::from(d.train_y.as_slice()).into()),
            ("testX", Float32Array::from(d.test_x.as_slice()).into()),
            ("testY", Uint8Array::from(d.test_y.as_slice()).into()),
        ])
    }

    /// `inputs()`: what the network sees, `{mean, scale, trainX, testX}`: per feature the
    /// training set's `mean` and `scale` (1 / its standard deviation, or 1 for a constant
    /// feature), and `data()`'s features standardized as `(x - mean) * scale` in f32, row-major
    /// (`Float32Array`s).
    pub fn inputs(&self) -> Result<Object, JsValue> {
        let (train_x, test_x) = self.run.inputs();
        let scaler = self.run.scaler();
        object(&[
            ("mean", Float32Array::from(scaler.mean()).into()),
            ("scale", Float32Array::from(scaler.scale()).into()),
            ("trainX", Float32Array::from(train_x).into()),
            ("testX", Float32Array::from(test_x).into()),
        ])
    }

    /// `jacobianSpectrum(sample?)`: the singular values of the hidden layers' input-output
    /// Jacobian ∂x^L/∂x¹ at training sample `sample` (an index; left out, `undefined` or `null`:
    /// 0), largest first, a `Float64Array` of min(first, last hidden width) values
    /// (`crate::jacobian`). In the full build only (`initlab_full.js`, feature `cards`): the
    /// page's runs never read it, and its SVD would be 4 KB of the page's download.
    #[cfg(feature = "cards")]
    #[wasm_bindgen(js_name = jacobianSpectrum)]
    pub fn jacobian_spectrum(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null")] sample: &JsValue,
    ) -> Result<js_sys::Float64Array, JsValue> {
        let sample = if sample.is_null_or_undefined() {
            0
        } else {
            int_arg(&self.run.sample_arg(), sample)?
        };
        Ok(js_sys::Float64Array::from(
            self.run.jacobian_spectrum(sample as f64)?.as_slice(),
        ))
    }

    /// `lsuvReport()`: for an `lsuv` run, what its data pass did to each layer, `[{layer,
    /// iterations, initialVariance, variance}]` (output layer last); `null` for other schemes.
    #[wasm_bindgen(js_name = lsuvReport)]
    pub fn lsuv_report(&self) -> Result<JsValue, JsValue> {
        to_js(&self.run.lsuv_report())
    }

    /// `sizes()`: the layer widths of the network, inputs first, outputs last.
    pub fn sizes(&self) -> Result<JsValue, JsValue> {
        to_js(&self.run.config().sizes())
    }
}

/// `paperPresets()`: the paper cards' presets in page order, as `presets()` lists its own
/// (`{id, label, group: "papers", lookFor, views, runs}`): what the page's preset bar and its
/// `paper=` key need. The rest of each card (its words, experiment and checks: `papers()`,
/// `paperExperiment`, `paperChecks`) is in the full build, which the page fetches when a card
/// opens.
#[wasm_bindgen(js_name = paperPresets)]
pub fn paper_presets() -> Result<JsValue, JsValue> {
    let list = crate::papers::CARDS
        .iter()
        .map(|c| c.preset_json())
        .collect::<Result<Vec<Value>, ConfigError>>()?;
    to_js(&list)
}
