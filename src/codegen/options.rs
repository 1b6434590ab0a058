//! What a script is asked for: exact mode (the page's own data, weights and batch order carried
//! along) or in-kind mode (fresh draws), and how many steps it trains; and the rule for which
//! mode is the default.

use serde_json::Value;

use crate::config::{integer_arg, not_an_integer, Config};
use crate::data;
use crate::error::ConfigError;

/// Mini-batch steps a script trains unless asked otherwise: enough for every preset's story to
/// play out (the page trains until it is paused, so a script needs a length of its own).
pub const DEFAULT_STEPS: u32 = 1000;

/// Most steps a script may be asked for.
pub const MAX_STEPS: u32 = 10_000;

/// Most bytes an exact-mode script may carry before base64 (which adds a third): the raw data,
/// the initial parameters and the batch order. Up to this, exact mode is the default; beyond it
/// (a wide, deep network, or a long run of large batches) only in-kind mode is offered.
pub const MAX_PAYLOAD_BYTES: usize = 2_000_000;

/// The options object's keys.
const KEYS: [&str; 2] = ["mode", "steps"];

/// Where a script's data, initial weights and batch order come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The page's own, carried in the script as base64 at its end: the script prints the
    /// page's numbers.
    Exact,
    /// Drawn afresh by the script: the same kind of run, other numbers.
    InKind,
}

impl Mode {
    /// Both modes.
    pub const ALL: [Mode; 2] = [Mode::Exact, Mode::InKind];

    /// The id the JS API takes (`options.mode`).
    pub fn id(self) -> &'static str {
        match self {
            Mode::Exact => "exact",
            Mode::InKind => "inKind",
        }
    }
}

/// A script's options, validated for its config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Exact or in-kind.
    pub mode: Mode,
    /// Mini-batch steps the script trains, in [1, `MAX_STEPS`].
    pub steps: u32,
}

impl Options {
    /// The options for `config` from a JSON object `{mode, steps}` (`None` or `null`: every
    /// default): `steps` defaults to `DEFAULT_STEPS`, `mode` to exact when the script's payload
    /// fits `MAX_PAYLOAD_BYTES`, else in-kind. Errors name `options.mode`, `options.steps`, an
    /// unknown `options.<key>`, or `options` itself when it is not an object.
    pub fn for_config(config: &Config, value: Option<&Value>) -> Result<Options, ConfigError> {
        let empty = serde_json::Map::new();
        let obj = match value {
            None | Some(Value::Null) => &empty,
            Some(Value::Object(obj)) => obj,
            Some(_) => {
                return Err(ConfigError::new(
                    "options",
                    "must be an object such as {\"mode\": \"exact\", \"steps\": 100}",
                ))
            }
        };
        if let Some(key) = obj.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(ConfigError::at_option(
                "options",
                key,
                format!("is not an option; allowed: {}", KEYS.join(", ")),
            ));
        }
        let steps = match obj.get("steps") {
            None | Some(Value::Null) => DEFAULT_STEPS,
            Some(v) => steps(v)?,
        };
        let fits = payload_bytes(config, steps) <= MAX_PAYLOAD_BYTES;
        let mode = match obj.get("mode") {
            None | Some(Value::Null) if fits => Mode::Exact,
            None | Some(Value::Null) => Mode::InKind,
            Some(v) => mode(v, config, steps, fits)?,
        };
        if mode == Mode::Exact {
            data::available(config.dataset)?; // the script carries the run's data
        }
        Ok(Options { mode, steps })
    }
}

/// `options.steps`: an integer in [1, `MAX_STEPS`].
fn steps(v: &Value) -> Result<u32, ConfigError> {
    let field = "options.steps";
    let hi = u64::from(MAX_STEPS);
    let refuse = |e: ConfigError| ConfigError::at_option("options", "steps", e.message);
    let x = v
        .as_f64()
        .ok_or_else(|| refuse(not_an_integer(field, 1, hi, &v.to_string())))?;
    Ok(integer_arg(field, x, 1, hi).map_err(refuse)? as u32)
}

/// `options.mode`: a mode id; exact only when its payload fits.
fn mode(v: &Value, config: &Config, steps: u32, fits: bool) -> Result<Mode, ConfigError> {
    let ids = Mode::ALL.map(Mode::id);
    let unknown = || {
        ConfigError::at_option(
            "options",
            "mode",
            format!("unknown value {v}; allowed: {}", ids.join(", ")),
        )
    };
    let mode = Mode::ALL
        .into_iter()
        .find(|m| v.as_str() == Some(m.id()))
        .ok_or_else(unknown)?;
    if mode == Mode::Exact && !fits {
        return Err(ConfigError::at_option(
            "options",
            "mode",
            format!(
                "exact mode would carry {} bytes of data, weights and batch order, more than \
                 the {MAX_PAYLOAD_BYTES} a script may; ask for \"inKind\", or fewer steps, \
                 samples or parameters",
                payload_bytes(config, steps)
            ),
        ));
    }
    Ok(mode)
}

/// Bytes an exact-mode script of `config` over `steps` steps carries before base64: every
/// sample's features (f32) and label (u8), every parameter (f32) and every batch's sample
/// indices (u16).
pub fn payload_bytes(config: &Config, steps: u32) -> usize {
    let sizes = config.sizes();
    let parameters: usize = sizes.windows(2).map(|p| (p[0] + 1) * p[1]).sum();
    let samples = config.samples * (4 * config.dataset.inputs() + 1);
    samples + 4 * parameters + 2 * steps as usize * config.batch_size
}
