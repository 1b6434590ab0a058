//! What a card's checks read: the numbers the page measured of its runs or of its grid's cells,
//! in the shape the page has them (`initlab.runs()`, a sweep cell's outcome), and the same
//! numbers measured here on the core alone, which the native tests hold to the same checks.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::config::Config;
use crate::error::ConfigError;
use crate::experiment::Run;
use crate::lsuv::LsuvLayer;

/// What a card reads of one of its runs: a subset of the page's `initlab.runs()` entry.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunReading {
    /// The loss over the whole training set at the end (`null`, not finite, reads as NaN).
    #[serde(default, deserialize_with = "finite_or_nan")]
    pub train_loss: f64,
    /// The layer numbers at step 0.
    pub start: StartReading,
    /// For an `lsuv` run, what its data pass did (`lsuvReport()`); absent or `null` otherwise.
    #[serde(default)]
    pub lsuv: Option<Vec<LsuvLayer>>,
}

/// The step-0 layer numbers of a run (`initlab.runs()[i].start`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartReading {
    /// The spread (standard deviation) of each layer's outputs on the probe samples, hidden
    /// layers first, the output layer last (`LayerStats::activation_std`).
    pub activation_stds: Vec<Option<f64>>,
}

impl StartReading {
    /// Hidden layer `layer`'s spread (1 = the first hidden layer), NaN when it is not finite.
    pub fn spread(&self, layer: usize) -> f64 {
        self.activation_stds
            .get(layer.wrapping_sub(1))
            .copied()
            .flatten()
            .unwrap_or(f64::NAN)
    }
}

/// What a grid card reads of one of its cells: a network trained in the page's worker pool.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CellReading {
    /// The accuracy over the whole training set at the end, in [0, 1] (`null` reads as NaN).
    #[serde(default, deserialize_with = "finite_or_nan")]
    pub accuracy: f64,
}

/// `null` (what JSON makes of NaN and ±Infinity) as NaN.
fn finite_or_nan<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// `readings` as a list of `count` items of `T`; errors name `readings[i]` and say what is
/// missing.
pub fn parse_list<T: DeserializeOwned>(
    readings: &Value,
    count: usize,
) -> Result<Vec<T>, ConfigError> {
    let list = readings.as_array().ok_or_else(|| {
        ConfigError::new("readings", format!("must be a list of {count} readings"))
    })?;
    if list.len() != count {
        return Err(ConfigError::new(
            "readings",
            format!(
                "must hold {count} readings, one per run or cell; got {}",
                list.len()
            ),
        ));
    }
    list.iter()
        .enumerate()
        .map(|(i, item)| {
            T::deserialize(item).map_err(|e| ConfigError::at_index("readings", i, e.to_string()))
        })
        .collect()
}

/// Trains `config` for `steps` steps on the core alone and reads it as the page does: the layer
/// numbers at step 0, the whole training set's loss and accuracy at the end.
pub fn measure(config: &Config, steps: u64) -> Result<(RunReading, f64), ConfigError> {
    let mut run = Run::new(config.clone())?;
    let activation_stds = run
        .layer_stats()
        .iter()
        .map(|s| Some(f64::from(s.activation_std)))
        .collect();
    let mut left = steps;
    while left > 0 && run.diverged_at().is_none() {
        let n = left.min(u64::from(run.max_steps_per_call()));
        run.step(n as u32)?;
        left -= n;
    }
    let lsuv = run.lsuv_report().map(<[LsuvLayer]>::to_vec);
    let report = run.report();
    let reading = RunReading {
        train_loss: f64::from(report.train_loss),
        start: StartReading { activation_stds },
        lsuv,
    };
    Ok((reading, f64::from(report.accuracy)))
}
