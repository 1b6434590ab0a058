//! Card 5: Mishkin & Matas 2016, "All you need is a good init": the card (its preset in every
//! build) and, in the full build, its experiment and checks (`experiment`).

#[cfg(feature = "cards")]
mod experiment;
#[cfg(feature = "cards")]
pub use experiment::*;

use super::Card;
use crate::presets::{Group, Preset};

/// The card: LSUV's run, then the orthogonal draw's, trained side by side for `STEPS` steps;
/// the "LSUV" view shows the data pass's report, layer by layer.
pub const CARD: Card = Card {
    preset: Preset {
        id: "mishkin2016",
        label: "Mishkin 2016",
        group: Group::Papers,
        look_for: "20 ReLU layers from orthogonal weights: rescaled layer by layer on one batch until every layer's pre-activations have variance 1 (LSUV), the network learns the spirals; without the rescaling each layer halves the signal and the loss stays at chance (ln 2 = 0.69).",
        views: &["loss", "lsuv"],
        base: r#"{"dataset": "spiral", "hidden": [32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32], "activation": "relu", "optimizer": "sgd", "learningRate": 0.01, "batchSize": 32, "seed": 1}"#,
        runs: &[r#"{"init": "lsuv"}"#, r#"{"init": "orthogonal"}"#],
    },
    #[cfg(feature = "cards")]
    paper: super::Paper {
        citation: CITATION,
        summary: SUMMARY,
        scaled_down: SCALED_DOWN,
        experiment: || super::Experiment::Runs {
            steps: STEPS as u64,
        },
        checks: card_checks,
    },
};
