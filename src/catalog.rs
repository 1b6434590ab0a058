//! What the page asks the core for before it builds a control: one descriptor per scheme,
//! activation, dataset, optimizer and loss, and the limits. Each is a plain record that
//! serializes (camelCase keys) to the object the JS API returns, so the page keeps no copy of
//! an id, a label, a default or a bound.

use serde::Serialize;
use serde_json::Value;

use crate::activation::Activation;
use crate::config::{
    short_f64, MAX_BATCH, MAX_HIDDEN_LAYERS, MAX_LEARNING_RATE, MAX_RUNS, MAX_SEED, MAX_WIDTH,
};
use crate::csv;
use crate::data::{DatasetKind, MAX_NOISE, VIEW_EXTENT};
use crate::experiment::{MAX_RESOLUTION, MAX_STEPS_PER_CALL, MAX_WORK_PER_CALL};
use crate::history::{MAX_POINTS, TARGET_LOSS, TARGET_WINDOW};
use crate::init::{Init, InitOptions, Scheme, OPTION_LIMIT};
use crate::loss::Loss;
use crate::optim::OptimizerKind;

/// An init scheme as the page lists it (`schemes()`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemeInfo {
    /// Keras's id, e.g. `he_normal`.
    pub id: &'static str,
    /// The name the page shows.
    pub label: &'static str,
    /// The id of the scheme's family (constant, random, variance scaling, orthogonal).
    pub family: &'static str,
    /// The family's name, which heads the scheme's group in a select.
    pub family_label: &'static str,
    /// One or two sentences on what the scheme draws and why.
    pub description: &'static str,
    /// The variance of one weight as a formula in fan_in and fan_out.
    pub variance_formula: &'static str,
    /// The ids of the activations the scheme suits.
    pub recommended_for: Vec<&'static str>,
    /// The option keys the scheme takes.
    pub options: Vec<&'static str>,
    /// Each of those options with its default value.
    pub defaults: Value,
}

/// A hidden activation as the page lists it (`activations()`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivationInfo {
    /// The id, e.g. `relu`.
    pub id: &'static str,
    /// The name the page shows.
    pub label: &'static str,
    /// Whether its units can saturate: the bounded activations, sigmoid and tanh.
    pub can_saturate: bool,
    /// Whether its units can die (ReLU: a unit with z <= 0 on every sample never learns again).
    pub can_die: bool,
}

/// A dataset as the page lists it (`datasets()`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DatasetInfo {
    /// The id, e.g. `circle`.
    pub id: &'static str,
    /// The name the page shows.
    pub label: &'static str,
    /// Features per sample.
    pub inputs: usize,
    /// Number of classes.
    pub classes: usize,
    /// Whether its samples are points of the plane, which the boundary view draws.
    pub is_2d: bool,
    /// Fewest samples a config may ask for.
    pub min_samples: usize,
    /// Most samples a config may ask for.
    pub max_samples: usize,
    /// Samples when the config gives none.
    pub default_samples: usize,
    /// For custom data only: the file's feature column names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature_names: Option<Vec<String>>,
    /// For custom data only: the class names, class i being `class_names[i]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_names: Option<Vec<String>>,
}

/// An optimizer as the page lists it (`optimizers()`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OptimizerInfo {
    /// The id, e.g. `adam`.
    pub id: &'static str,
    /// The name the page shows.
    pub label: &'static str,
    /// Its learning rate when the config gives none, in its shortest decimal form (0.1).
    pub default_learning_rate: f64,
}

/// A loss as the page lists it (`losses()`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LossInfo {
    /// The id, e.g. `binary_crossentropy`.
    pub id: &'static str,
    /// The name the page shows.
    pub label: &'static str,
}

/// The core's bounds, for the page's controls and notices (`limits()`); each is the constant
/// of the same name, 32-bit numbers in their shortest decimal form.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// `MAX_HIDDEN_LAYERS`.
    pub max_hidden_layers: usize,
    /// `MAX_WIDTH`.
    pub max_width: usize,
    /// `MAX_BATCH`.
    pub max_batch: usize,
    /// `MAX_LEARNING_RATE`.
    pub max_learning_rate: f64,
    /// `MAX_SEED`.
    pub max_seed: u64,
    /// `MAX_RUNS`.
    pub max_runs: usize,
    /// `MAX_STEPS_PER_CALL`: the most steps any network takes per `step` call.
    pub max_steps_per_call: u32,
    /// `MAX_WORK_PER_CALL`: parameters x batch size x steps one call may do.
    pub max_work_per_call: u64,
    /// `MAX_POINTS`: points a loss history keeps.
    pub max_history_points: usize,
    /// `TARGET_LOSS`: the mean mini-batch loss a run must get below.
    pub target_loss: f64,
    /// `TARGET_WINDOW`: the steps that mean is taken over.
    pub target_window: usize,
    /// `MAX_RESOLUTION`: the finest decision-boundary grid.
    pub max_resolution: usize,
    /// `VIEW_EXTENT`: the view square is [-viewExtent, viewExtent]^2.
    pub view_extent: f32,
    /// `MAX_NOISE`.
    pub max_noise: f32,
    /// `OPTION_LIMIT`: the largest magnitude of a numeric init option.
    pub option_limit: f64,
    /// What a CSV file of the student's own data may hold (`crate::csv`).
    pub csv: CsvLimits,
}

/// The limits of a CSV file (`crate::csv`), as `limits().csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CsvLimits {
    /// `csv::MAX_BYTES`: the largest file, in bytes.
    pub max_bytes: usize,
    /// `csv::MIN_ROWS`: the fewest rows of data.
    pub min_rows: usize,
    /// `csv::MAX_ROWS`: the most rows of data.
    pub max_rows: usize,
    /// `csv::MAX_FEATURES`: the most feature columns.
    pub max_features: usize,
    /// `csv::MAX_CLASSES`: the most classes.
    pub max_classes: usize,
}

/// Every init scheme in page order (`Scheme::ALL`).
pub fn schemes() -> Vec<SchemeInfo> {
    Scheme::ALL
        .iter()
        .map(|&s| SchemeInfo {
            id: s.id(),
            label: s.label(),
            family: s.family().id(),
            family_label: s.family().label(),
            description: s.description(),
            variance_formula: s.variance_formula(),
            recommended_for: s.recommended_for().iter().map(|a| a.id()).collect(),
            options: s.option_keys(),
            defaults: Init::new(s, InitOptions::default())
                .expect("every scheme's defaults are valid (tested)")
                .to_json()
                .1,
        })
        .collect()
}

/// Every hidden activation (`Activation::ALL`).
pub fn activations() -> Vec<ActivationInfo> {
    Activation::ALL
        .iter()
        .map(|&a| ActivationInfo {
            id: a.id(),
            label: a.label(),
            can_saturate: a.can_saturate(),
            can_die: a.can_die(),
        })
        .collect()
}

/// Every dataset (`DatasetKind::ALL`), then the custom data once a file is loaded
/// (`data::load_custom`), with its feature and class names.
pub fn datasets() -> Vec<DatasetInfo> {
    let custom = crate::data::custom_table().map(|table| (DatasetKind::Custom, Some(table)));
    DatasetKind::ALL
        .iter()
        .map(|&d| (d, None))
        .chain(custom)
        .map(|(d, table)| {
            let (min_samples, max_samples) = d.sample_range();
            DatasetInfo {
                id: d.id(),
                label: d.label(),
                inputs: d.inputs(),
                classes: d.classes(),
                is_2d: d.is_2d(),
                min_samples,
                max_samples,
                default_samples: d.default_samples(),
                feature_names: table.as_ref().map(|t| t.feature_names.clone()),
                class_names: table.map(|t| t.class_names.clone()),
            }
        })
        .collect()
}

/// Every optimizer (`OptimizerKind::ALL`).
pub fn optimizers() -> Vec<OptimizerInfo> {
    OptimizerKind::ALL
        .iter()
        .map(|&o| OptimizerInfo {
            id: o.id(),
            label: o.label(),
            default_learning_rate: short_f64(o.default_learning_rate()),
        })
        .collect()
}

/// Every loss (`Loss::ALL`).
pub fn losses() -> Vec<LossInfo> {
    Loss::ALL
        .iter()
        .map(|&l| LossInfo {
            id: l.id(),
            label: l.label(),
        })
        .collect()
}

/// The core's bounds.
pub fn limits() -> Limits {
    Limits {
        max_hidden_layers: MAX_HIDDEN_LAYERS,
        max_width: MAX_WIDTH,
        max_batch: MAX_BATCH,
        max_learning_rate: short_f64(MAX_LEARNING_RATE),
        max_seed: MAX_SEED,
        max_runs: MAX_RUNS,
        max_steps_per_call: MAX_STEPS_PER_CALL,
        max_work_per_call: MAX_WORK_PER_CALL,
        max_history_points: MAX_POINTS,
        target_loss: short_f64(TARGET_LOSS),
        target_window: TARGET_WINDOW,
        max_resolution: MAX_RESOLUTION,
        view_extent: VIEW_EXTENT,
        max_noise: MAX_NOISE,
        option_limit: OPTION_LIMIT,
        csv: CsvLimits {
            max_bytes: csv::MAX_BYTES,
            min_rows: csv::MIN_ROWS,
            max_rows: csv::MAX_ROWS,
            max_features: csv::MAX_FEATURES,
            max_classes: csv::MAX_CLASSES,
        },
    }
}
