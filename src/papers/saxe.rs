//! Card 3: Saxe, McClelland & Ganguli 2014, "Exact solutions to the nonlinear dynamics of
//! learning in deep linear neural networks": the card (its preset in every build) and, in the
//! full build, its experiment and checks (`experiment`).

#[cfg(feature = "cards")]
mod experiment;
#[cfg(feature = "cards")]
pub use experiment::*;

use super::Card;
use crate::presets::{Group, Preset};

/// The card: the sweep trains in the page's worker pool (`Experiment::Depths`); the page's own
/// runs are an 8-layer linear network of width 32 from each init, whose layers the "Inside the
/// layers" view shows (a classifier on two Gaussians: the lab has no regression data set).
pub const CARD: Card = Card {
    preset: Preset {
        id: "saxe2014",
        label: "Saxe 2014",
        group: Group::Papers,
        look_for: "Deep linear networks learning a linear teacher, the learning rate scaled by 1 / depth: from orthogonal weights the steps to learn stay nearly flat with depth; from scaled Gaussian weights they grow steeply.",
        views: &["steps", "layers"],
        base: r#"{"dataset": "gauss", "hidden": [32, 32, 32, 32, 32, 32, 32], "activation": "linear", "optimizer": "sgd", "learningRate": 0.01, "batchSize": 32, "seed": 1}"#,
        runs: &[
            r#"{"init": "orthogonal"}"#,
            r#"{"init": "glorot_normal", "initOptions": {"distribution": "untruncated_normal"}}"#,
        ],
    },
    #[cfg(feature = "cards")]
    paper: super::Paper {
        citation: CITATION,
        summary: SUMMARY,
        scaled_down: SCALED_DOWN,
        experiment: || super::Experiment::Depths {
            depths: || depth_sweep(1),
        },
        checks: card_checks,
    },
};
