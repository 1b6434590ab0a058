//! One round: train some steps and read exactly what the caller asks for, in a single call, so
//! a page makes one call into the core (and sends one message) per round and per run.

use serde::Serialize;
use serde_json::{Map, Value};

use super::readings::{Evaluation, Matrix};
use super::{Progress, Run};
use crate::config::{IntArg, MAX_WIDTH};
use crate::diagnostics::{LayerStats, COSINE_SAMPLE};
use crate::error::ConfigError;
use crate::history::HistorySlice;
use crate::trace::TraceSlice;

/// The keys a round request may have, in the order the README lists them.
pub const REQUEST_KEYS: [&str; 9] = [
    "steps",
    "evaluate",
    "stats",
    "boundary",
    "predictions",
    "weights",
    "similarity",
    "history",
    "trace",
];

/// What a caller already holds of a bounded record (the loss history or the trace): its
/// stride and how many points, as the last slice it received left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    /// The stride of the points held.
    pub stride: u64,
    /// Points held.
    pub points: usize,
}

/// What one round does: train `steps` steps, then read what is asked. Build it with
/// `Request::from_value`, which checks every field against the run before anything changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Request {
    /// Steps to train first, 0 to `Run::max_steps_per_call()`.
    pub steps: u32,
    /// Evaluate the whole training and test sets.
    pub evaluate: bool,
    /// Full layer statistics (the last finite ones once the run diverged).
    pub stats: bool,
    /// The decision boundary at this grid resolution (2-D datasets only).
    pub boundary: Option<usize>,
    /// The predicted class of every test sample.
    pub predictions: bool,
    /// The top-left rows x columns of every layer's weights.
    pub weights: Option<(usize, usize)>,
    /// The similarity matrix of every layer's first neurons, this many.
    pub similarity: Option<usize>,
    /// The loss-history points the caller lacks, given what it holds.
    pub history: Option<Cursor>,
    /// The trace points the caller lacks, given what it holds.
    pub trace: Option<Cursor>,
}

/// How long a round's parts took, in milliseconds, by the clock the caller passed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Timing {
    /// Training the steps (trace points included: they are recorded as the steps pass).
    pub train_ms: f64,
    /// Taking the readings.
    pub read_ms: f64,
}

/// What a round returns: where the run stands and each reading asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    /// Where the run stands after the round's steps.
    pub progress: Progress,
    /// The whole-set evaluation, if asked.
    pub evaluation: Option<Evaluation>,
    /// The loss-history points the caller lacked, if asked.
    pub history: Option<HistorySlice>,
    /// The trace points the caller lacked, if asked.
    pub trace: Option<TraceSlice>,
    /// Full layer statistics and the step they were read at, if asked (see
    /// `Run::healthy_layer_stats`).
    pub stats: Option<(u64, Vec<LayerStats>)>,
    /// The decision boundary, if asked.
    pub boundary: Option<Vec<f32>>,
    /// The test predictions, if asked.
    pub predictions: Option<Vec<u8>>,
    /// Weight corners per layer, if asked.
    pub weights: Option<Vec<Matrix>>,
    /// Similarity corners per layer, if asked.
    pub similarity: Option<Vec<Matrix>>,
    /// How long training and reading took.
    pub timing: Timing,
}

impl Request {
    /// Reads a request object (keys as in `REQUEST_KEYS`, every one optional) for `run`,
    /// checking each value so that a bad request is refused before the run changes.
    pub fn from_value(value: &Value, run: &Run) -> Result<Request, ConfigError> {
        let obj = value.as_object().ok_or_else(|| {
            ConfigError::new("request", "must be an object such as {\"steps\": 20}")
        })?;
        if let Some(key) = obj.keys().find(|k| !REQUEST_KEYS.contains(&k.as_str())) {
            let field = if key.is_empty() { "request" } else { key };
            return Err(ConfigError::new(
                field,
                format!("is not a round key; allowed: {}", REQUEST_KEYS.join(", ")),
            ));
        }
        let resolution = IntArg {
            field: "boundary",
            ..Run::resolution_arg()
        };
        let boundary = int(obj, &resolution)?.map(|r| r as usize);
        if boundary.is_some() && !run.data().is_2d() {
            return Err(ConfigError::new(
                "boundary",
                format!(
                    "{} is not 2-D, so it has no decision boundary",
                    run.data().kind.id()
                ),
            ));
        }
        let weights = match obj.get("weights").filter(|v| !v.is_null()) {
            None => None,
            Some(v) => {
                let o = object(v, "weights", "{\"rows\": 32, \"columns\": 64}")?;
                let rows = IntArg::new("weights.rows", 1, MAX_WIDTH as u64);
                let columns = IntArg::new("weights.columns", 1, MAX_WIDTH as u64);
                Some((required(o, &rows)?, required(o, &columns)?))
            }
        };
        let similarity = IntArg::new("similarity", 1, COSINE_SAMPLE as u64);
        Ok(Request {
            steps: int(obj, &run.steps_arg(0))?.unwrap_or(0) as u32,
            evaluate: flag(obj, "evaluate")?,
            stats: flag(obj, "stats")?,
            boundary,
            predictions: flag(obj, "predictions")?,
            weights,
            similarity: int(obj, &similarity)?.map(|n| n as usize),
            history: cursor(obj, "history")?,
            trace: cursor(obj, "trace")?,
        })
    }
}

impl Run {
    /// Trains `request.steps` steps, then takes the readings `request` asks for; `clock` gives
    /// milliseconds (for `Round::timing` only: nothing else depends on it).
    pub fn round(&mut self, request: &Request, clock: &dyn Fn() -> f64) -> Round {
        let start = clock();
        self.train(request.steps);
        let trained = clock();
        let r = request;
        let round = Round {
            progress: self.progress(),
            evaluation: r.evaluate.then(|| self.evaluate()),
            history: r.history.map(|c| self.history.since(c.stride, c.points)),
            trace: r.trace.map(|c| self.trace.since(c.stride, c.points)),
            stats: r.stats.then(|| self.healthy_layer_stats()),
            boundary: r.boundary.map(|res| {
                self.decision_boundary(res)
                    .expect("Request::from_value checked the resolution and the dataset")
            }),
            predictions: r.predictions.then(|| self.test_predictions()),
            weights: r
                .weights
                .map(|(rows, columns)| self.weight_corners(rows, columns)),
            similarity: r.similarity.map(|n| self.similarity_corners(n)),
            timing: Timing::default(),
        };
        let done = clock();
        Round {
            timing: Timing {
                train_ms: trained - start,
                read_ms: done - trained,
            },
            ..round
        }
    }
}

/// A present boolean key; absent is false.
fn flag(obj: &Map<String, Value>, key: &str) -> Result<bool, ConfigError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(v) => Err(ConfigError::new(
            key,
            format!("must be true or false, got {v}"),
        )),
    }
}

/// A present integer key checked by `arg` (whose field is the key, or `parent.key`).
fn int(obj: &Map<String, Value>, arg: &IntArg) -> Result<Option<u64>, ConfigError> {
    let key = arg.field.rsplit('.').next().unwrap_or(arg.field);
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_f64() {
            Some(x) => arg.check(x).map(Some),
            None => Err(arg.refuse(&v.to_string())),
        },
    }
}

/// Like `int`, but the key must be there.
fn required(obj: &Map<String, Value>, arg: &IntArg) -> Result<usize, ConfigError> {
    int(obj, arg)?
        .map(|n| n as usize)
        .ok_or_else(|| arg.refuse("nothing"))
}

fn object<'a>(
    v: &'a Value,
    key: &str,
    example: &str,
) -> Result<&'a Map<String, Value>, ConfigError> {
    v.as_object()
        .ok_or_else(|| ConfigError::new(key, format!("must be an object such as {example}")))
}

/// A present cursor key, `{stride, points}` (as the last slice's `stride` and `from` plus its
/// length left it); `{}` or `true` hold nothing yet.
fn cursor(obj: &Map<String, Value>, key: &'static str) -> Result<Option<Cursor>, ConfigError> {
    let v = match obj.get(key) {
        None | Some(Value::Null) | Some(Value::Bool(false)) => return Ok(None),
        Some(Value::Bool(true)) => return Ok(Some(Cursor::default())),
        Some(v) => v,
    };
    let o = object(v, key, "{\"stride\": 1, \"points\": 0}")?;
    let field = |name: &'static str| IntArg::new(name, 0, crate::config::MAX_SEED);
    let (stride, points) = match key {
        "history" => (field("history.stride"), field("history.points")),
        _ => (field("trace.stride"), field("trace.points")),
    };
    Ok(Some(Cursor {
        stride: int(o, &stride)?.unwrap_or(0),
        points: int(o, &points)?.unwrap_or(0) as usize,
    }))
}
