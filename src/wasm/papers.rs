//! The JavaScript API of the paper cards (`crate::papers`: the cards, their experiments and
//! badges, and the core computations behind them) and of the regression on a linear teacher
//! (`crate::teacher`): conversions only, as in `wasm.rs`. The full build only (feature `cards`):
//! the page's own build has the cards' presets alone (`paperPresets()`).
//!
//! Each light card is one call (`glorotBengioCard(seed)`, `penningtonCard(seed)`,
//! `mishkinCard(seed)`) returning the card's measurements and its badge's `checks`. The heavy
//! one, Saxe et al.'s depth sweep, runs cell by cell so a page can spread the cells over
//! workers: `saxePlan()` lists them, `saxeCell(init, depth, seed)` trains one and
//! `saxeChecks(cells)` makes the badge from the cells of one seed. Pennington's card can run
//! the same way (`penningtonCell`, `penningtonChecks`).

use js_sys::Float64Array;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::{int_arg, integer, json_text, json_value, to_js};
use crate::config::MAX_SEED;
use crate::error::ConfigError;
use crate::papers::{glorot_bengio, mishkin, pennington, saxe, Card, CARDS};
use crate::teacher::{self, RegressionConfig, MAX_DEPTH};

/// The card named by `id`: a JS string that is a card's id; anything else is refused naming
/// `paper`, as an unknown id is (never converted: a hostile object's `toString` never runs).
fn card(id: &JsValue) -> Result<&'static Card, ConfigError> {
    match id.as_string() {
        Some(id) => Card::by_id(&id),
        None => Err(ConfigError::new(
            "paper",
            format!("must be a card's id, a string; got {}", super::kind(id)),
        )),
    }
}

/// A card's `seed` argument: an integer in [0, 2^53 - 1].
fn seed(value: &JsValue) -> Result<u64, ConfigError> {
    integer("seed", value, 0, MAX_SEED)
}

/// `glorotBengioCard(seed)`: card 2 (`papers::glorot_bengio::GlorotBengio`): `{networks:
/// [{init, activationStd, predictedActivationStd, backpropStd, predictedBackpropRatio,
/// activationHistograms, backpropHistograms}], checks}`. Needs the digit images
/// (`loadDigits`).
#[wasm_bindgen(js_name = glorotBengioCard)]
pub fn glorot_bengio_card(
    #[wasm_bindgen(unchecked_param_type = "number")] seed_arg: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&glorot_bengio::experiment(seed(seed_arg)?)?)
}

/// `penningtonCard(seed)`: card 4 (`papers::pennington::Pennington`): `{spectra: [{network,
/// depth, singularValues}], checks}`, every network at every depth of `penningtonPlan()`.
#[wasm_bindgen(js_name = penningtonCard)]
pub fn pennington_card(
    #[wasm_bindgen(unchecked_param_type = "number")] seed_arg: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&pennington::experiment(seed(seed_arg)?)?)
}

/// Card 4's cells: the networks (labels, in index order) and depths.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PenningtonPlan {
    networks: Vec<&'static str>,
    depths: Vec<usize>,
    width: usize,
}

/// `penningtonPlan()`: `{networks, depths, width}`, the cells `penningtonCell` takes.
#[wasm_bindgen(js_name = penningtonPlan)]
pub fn pennington_plan() -> Result<JsValue, JsValue> {
    to_js(&PenningtonPlan {
        networks: pennington::networks().map(|n| n.0).to_vec(),
        depths: pennington::DEPTHS.to_vec(),
        width: pennington::WIDTH,
    })
}

/// `penningtonCell(network, depth, seed)`: `{network, depth, singularValues}` for network
/// index `network` (of `penningtonPlan().networks`) at `depth` (1 to 31).
#[wasm_bindgen(js_name = penningtonCell)]
pub fn pennington_cell(
    #[wasm_bindgen(unchecked_param_type = "number")] network: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] depth: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] seed_arg: &JsValue,
) -> Result<JsValue, JsValue> {
    let last = pennington::networks().len() as u64 - 1;
    let network = integer("network", network, 0, last)? as usize;
    let depth = integer("depth", depth, 1, MAX_DEPTH as u64 - 2)? as usize;
    to_js(&pennington::measure(network, depth, seed(seed_arg)?)?)
}

/// `penningtonChecks(spectra)`: card 4's badge from the spectra of one seed (the objects
/// `penningtonCell` returns).
#[wasm_bindgen(js_name = penningtonChecks)]
pub fn pennington_checks(spectra: &JsValue) -> Result<JsValue, JsValue> {
    let spectra = list(spectra, "spectra", pennington::Spectrum::from_json)?;
    to_js(&pennington::checks(&spectra))
}

/// `mishkinCard(seed)`: card 5 (`papers::mishkin::Mishkin`): `{networks: [{init, lsuv,
/// activationStd, trainLoss, accuracy}], tolerance, checks}`, LSUV and orthogonal each trained
/// `STEPS` steps.
#[wasm_bindgen(js_name = mishkinCard)]
pub fn mishkin_card(
    #[wasm_bindgen(unchecked_param_type = "number")] seed_arg: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&mishkin::experiment(seed(seed_arg)?)?)
}

/// `papers()`: every paper card in page order, as its preset's `{id, label, group: "papers",
/// lookFor, views, runs}` with `{citation, summary, scaledDown, urlKey, experiment}`
/// (`papers::Card::to_json`; `experiment` is its outline `{kind: "runs" or "grid", steps}`,
/// the whole of it `paperExperiment(id)`).
#[wasm_bindgen]
pub fn papers() -> Result<JsValue, JsValue> {
    let list = CARDS
        .iter()
        .map(|c| c.to_json())
        .collect::<Result<Vec<Value>, ConfigError>>()?;
    to_js(&list)
}

/// `paperExperiment(id)`: card `id`'s whole experiment: `{kind: "runs", steps}`, or a grid's
/// `{kind: "grid", steps, x, y, cells, score, chance, trains, curves, marks}`
/// (`papers::Card::experiment_json`; a grid takes a fraction of a second, so `papers()` lists
/// only `{kind, steps}`). An unknown id throws (field `paper`).
#[wasm_bindgen(js_name = paperExperiment)]
pub fn paper_experiment(
    #[wasm_bindgen(unchecked_param_type = "string")] id: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&card(id)?.experiment_json())
}

/// `paperCell(id, index, seed)`: cell `index` of at-initialization card `id` (`paperExperiment`
/// lists its cells), measured with weights and data from `seed`: a Glorot & Bengio network
/// (`glorotBengioCard`'s `networks[i]`) or a Pennington spectrum (`penningtonCell`'s), what a
/// worker of the page computes and `paperChecks(id, cells)` reads back. Needs the digit images
/// for Glorot & Bengio (`loadDigits`). An unknown id throws (field `paper`), an index past the
/// cells too (field `cell`), as does a card of another kind (field `paper`).
#[wasm_bindgen(js_name = paperCell)]
pub fn paper_cell(
    #[wasm_bindgen(unchecked_param_type = "string")] id: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] index: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] seed_arg: &JsValue,
) -> Result<JsValue, JsValue> {
    let card = card(id)?;
    let index = integer("cell", index, 0, u64::from(u32::MAX))? as usize;
    to_js(&card.cell(index, seed(seed_arg)?)?)
}

/// `paperChecks(id, readings)`: the badge of card `id` from what the page measured: `readings`
/// one entry per run (`initlab.runs()`'s entries: `trainLoss`, `start.activationStds`), per
/// grid cell (`{accuracy}`) or per cell measured at initialization (`paperCell`'s), as
/// `{checks: [{claim, measured, expected, tolerance: {kind, value}, passed}], reproduced,
/// figure}` (`papers::Verdict`). An unknown id throws (field
/// `paper`), readings of the wrong shape too (field `readings` or `readings[i]`).
#[wasm_bindgen(js_name = paperChecks)]
pub fn paper_checks(
    #[wasm_bindgen(unchecked_param_type = "string")] id: &JsValue,
    readings: JsValue,
) -> Result<JsValue, JsValue> {
    let card = card(id)?;
    let readings = json_value(&readings, "readings")?;
    to_js(&card.checks(&readings)?)
}

/// Card 3's cells and settings.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SaxePlan {
    inits: Vec<&'static str>,
    depths: Vec<usize>,
    target: f64,
    max_steps: u64,
}

/// `saxePlan()`: `{inits, depths, target, maxSteps}`: the cells `saxeCell` takes (init by its
/// index in `inits`).
#[wasm_bindgen(js_name = saxePlan)]
pub fn saxe_plan() -> Result<JsValue, JsValue> {
    to_js(&SaxePlan {
        inits: saxe::inits().map(|i| i.0).to_vec(),
        depths: saxe::DEPTHS.to_vec(),
        target: saxe::TARGET,
        max_steps: saxe::MAX_STEPS,
    })
}

/// `saxeCell(init, depth, seed)`: `{init, depth, stepsToTarget, errors}`, one network of card 3
/// trained: init index `init` (0 orthogonal, 1 scaled Gaussian) at `depth` linear layers (1 to
/// 33); `errors` is the relative error after every step, step 0 first.
#[wasm_bindgen(js_name = saxeCell)]
pub fn saxe_cell(
    #[wasm_bindgen(unchecked_param_type = "number")] init: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] depth: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] seed_arg: &JsValue,
) -> Result<JsValue, JsValue> {
    let init = integer("init", init, 0, saxe::inits().len() as u64 - 1)? as usize;
    let depth = integer("depth", depth, 1, MAX_DEPTH as u64)? as usize;
    to_js(&saxe::cell(init, depth, seed(seed_arg)?)?)
}

/// `saxeChecks(cells)`: card 3's badge from the cells of one seed (`saxeCell`'s objects;
/// `errors` may be left out).
#[wasm_bindgen(js_name = saxeChecks)]
pub fn saxe_checks(cells: &JsValue) -> Result<JsValue, JsValue> {
    let cells = list(cells, "cells", saxe::Cell::from_json)?;
    to_js(&saxe::checks(&cells)?)
}

/// A JS array read as a list of `T` (each item by `item`), through JSON; errors name `field`.
fn list<T>(
    value: &JsValue,
    field: &str,
    item: fn(&Value) -> Result<T, ConfigError>,
) -> Result<Vec<T>, ConfigError> {
    match json_value(value, field)? {
        Value::Array(items) => items.iter().map(item).collect(),
        other => Err(ConfigError::new(
            field,
            format!("must be an array of the card's cells, got {other}"),
        )),
    }
}

/// A network learning a linear teacher (`teacher::Regression`): regression with mean squared
/// error, full batch, its relative error ‖Ŷ - Y‖ / ‖Y‖.
#[wasm_bindgen]
pub struct Regression {
    run: teacher::Regression,
}

#[wasm_bindgen]
impl Regression {
    /// `new Regression(config)`: the teacher and the network; `config` is `{width, outputs,
    /// depth, init, initOptions, learningRate, samples, seed, dataSeed}`, every key optional
    /// (`teacher::RegressionConfig`); throws naming a bad key.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<Regression, JsValue> {
        let value: Value = crate::config::parse_json(&json_text(&config, "config")?, "config")?;
        Ok(Regression {
            run: teacher::Regression::new(RegressionConfig::from_value(&value)?),
        })
    }

    /// `step(steps)`: `steps` full-batch gradient-descent steps (1 to 10,000, fewer for a large
    /// network, as `Trainer.step`; fewer taken once the error is not finite); returns the
    /// relative error after them.
    pub fn step(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] steps: &JsValue,
    ) -> Result<f64, JsValue> {
        let n = int_arg(&self.run.steps_arg(), steps)?;
        Ok(self.run.step(n as f64)?)
    }

    /// `stepsTo(target, steps)`: trains at most `steps` more steps (as `step` allows), stopping
    /// once the relative error is at most `target` (a number): `{step, relativeError,
    /// reachedAt}`, `reachedAt` the first step at or below `target` within this call, else
    /// `null` (`teacher::RegressionProgress`).
    #[wasm_bindgen(js_name = stepsTo)]
    pub fn steps_to(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] target: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] steps: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let target = target.as_f64().ok_or_else(|| {
            ConfigError::new(
                "target",
                format!("must be a number, got {}", super::kind(target)),
            )
        })?;
        let n = int_arg(&self.run.steps_arg(), steps)?;
        to_js(&self.run.advance_to(target, n as f64)?)
    }

    /// The relative error at the current step.
    #[wasm_bindgen(getter = relativeError)]
    pub fn relative_error(&self) -> f64 {
        self.run.relative_error()
    }

    /// Steps taken so far.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> f64 {
        self.run.steps() as f64
    }

    /// `teacherSingularValues()`: the teacher's singular values, largest first.
    #[wasm_bindgen(js_name = teacherSingularValues)]
    pub fn teacher_singular_values(&self) -> Float64Array {
        Float64Array::from(self.run.teacher().singular_values.as_slice())
    }
}
