//! Paper cards: published results on initialization that the page reruns live, each with the
//! checks its badge shows. A card's checks compare a number its run measured with what the
//! paper (or the theory behind it) predicts, within a tolerance written on the card; the
//! native tests reproduce every card's claim with the same checks.
//!
//! A card is declared once, as a `Card` in its paper's module, and listed in `CARDS`: its
//! preset (the runs it sets up and the views it opens) and, in the full build (feature `cards`),
//! its `Paper`: its words (citation, summary, what was scaled down), its experiment (the runs
//! trained side by side, or a grid of networks trained in the page's worker pool) and its
//! checks, a function of what the page measured. The page's own build carries the presets only
//! (`paperPresets()`: its preset bar and the `paper=` key need no more) and fetches the full
//! build when a card opens. The page lists `CARDS` in its "From the papers" group and needs
//! nothing else of a new card whose experiment is of a kind it already runs.

pub mod glorot_bengio;
pub mod grid;
pub mod he;
pub mod mishkin;
pub mod pennington;
mod reading;
pub mod saxe;
pub mod schoenholz;

#[cfg(feature = "cards")]
pub mod depths;

use serde::Serialize;
use serde_json::{json, Value};

pub use reading::{measure, parse_list, CellReading, RunReading, StartReading};

use crate::config::Config;
use crate::error::ConfigError;
use crate::presets::Preset;

/// How a measured number is held against the expected one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "value")]
pub enum Tolerance {
    /// The measured number is at most this bound (the expected number is the bound).
    AtMost(f64),
    /// The measured number is at least this bound (the expected number is the bound).
    AtLeast(f64),
    /// The measured number is within this factor of the expected one, either way (> 1).
    Factor(f64),
    /// The measured number is within this distance of the expected one.
    Absolute(f64),
}

/// One claim of a card, held against one measured number: what the badge shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// The claim in words a student reads on the card ("He's training loss ends below 0.3").
    pub claim: String,
    /// What the run measured.
    pub measured: f64,
    /// What the paper or its theory predicts (for a bound, the bound).
    pub expected: f64,
    /// How close `measured` must come to `expected`.
    pub tolerance: Tolerance,
    /// Whether it did; false for a measurement that is not finite.
    pub passed: bool,
}

impl Check {
    /// Holds `measured` against `expected` with `tolerance`.
    pub fn new(
        claim: impl Into<String>,
        measured: f64,
        expected: f64,
        tolerance: Tolerance,
    ) -> Check {
        let passed = measured.is_finite()
            && match tolerance {
                Tolerance::AtMost(bound) => measured <= bound,
                Tolerance::AtLeast(bound) => measured >= bound,
                Tolerance::Factor(f) => {
                    let ratio = measured / expected;
                    ratio.is_finite() && ratio > 0.0 && ratio <= f && ratio >= 1.0 / f
                }
                Tolerance::Absolute(d) => (measured - expected).abs() <= d,
            };
        Check {
            claim: claim.into(),
            measured,
            expected,
            tolerance,
            passed,
        }
    }
}

/// A card's badge: its checks, and whether the run reproduced the paper (every check passed).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// Every check of the card, in the card's order.
    pub checks: Vec<Check>,
    /// Whether every check passed.
    pub reproduced: bool,
    /// What the card's figure draws of the checks once measured, by name (a grid card's
    /// `edge`: per column the deepest depth that trained, or null).
    pub figure: serde_json::Map<String, Value>,
}

impl Verdict {
    /// The verdict of `checks`, with nothing more to draw.
    pub fn of(checks: Vec<Check>) -> Verdict {
        Verdict {
            reproduced: checks.iter().all(|c| c.passed),
            checks,
            figure: serde_json::Map::new(),
        }
    }
}

/// What a card trains, and so what its checks read.
#[derive(Debug, Clone)]
pub enum Experiment {
    /// The card's runs (its preset's), trained side by side for `steps` steps; the checks read
    /// one `RunReading` per run, in the preset's order.
    Runs {
        /// Steps every run trains.
        steps: u64,
    },
    /// A grid of networks, each trained `steps` steps in the page's worker pool; the checks
    /// read one `CellReading` per cell, in the grid's order. `grid()` lays it out with theory's
    /// curves over it, which takes a fraction of a second: the page asks for it when the card
    /// opens (`Card::experiment_json`), not with the list of cards.
    Grid {
        /// Steps each network trains.
        steps: u64,
        /// The grid's layout.
        grid: fn() -> grid::Grid,
    },
    /// Networks learning a linear teacher at several depths, each trained in the page's worker
    /// pool until it reaches a target error; the checks read one `depths::StepsReading` per
    /// cell, in the sweep's order. Laid out when the card opens, as a grid is.
    #[cfg(feature = "cards")]
    Depths {
        /// The sweep's layout.
        depths: fn() -> depths::Depths,
    },
    /// Nothing trains: the card's figure is measured at initialization, one cell at a time (a
    /// network, or a network at one depth), which the page spreads over workers of the full
    /// build (`Card::cell`); the checks read every cell's measurement, in `cells`' order.
    AtInit {
        /// The weights' and data's seed.
        seed: u64,
        /// What the page draws of the cells: `"layerHistograms"` (per-layer histograms of
        /// activations and back-propagated gradients) or `"spectra"` (singular values).
        figure: &'static str,
        /// Each cell in order, as JSON: its `label`, and what the figure needs of it.
        cells: fn() -> Vec<Value>,
        /// Measures cell `index` (of `cells`) with weights and data from `seed`, as JSON.
        measure: fn(usize, u64) -> Result<Value, ConfigError>,
    },
}

impl Experiment {
    /// What the list of cards says of it: `{kind: "runs", "grid", "depths" or "atInit", steps}`
    /// (0 steps at initialization).
    pub fn outline(&self) -> Value {
        match self {
            Experiment::Runs { steps } => json!({"kind": "runs", "steps": steps}),
            Experiment::Grid { steps, .. } => json!({"kind": "grid", "steps": steps}),
            #[cfg(feature = "cards")]
            Experiment::Depths { depths } => json!({"kind": "depths", "steps": depths().steps}),
            Experiment::AtInit { .. } => json!({"kind": "atInit", "steps": 0}),
        }
    }

    /// The whole experiment as the page reads it: the outline of runs, a grid's layout
    /// `{kind: "grid", ...}` (`Grid::to_json`), a depth sweep's (`Depths::to_json`), or the cells
    /// measured at initialization `{kind: "atInit", steps: 0, seed, figure, cells: [labels]}`.
    pub fn to_json(&self) -> Value {
        match self {
            Experiment::Runs { .. } => self.outline(),
            Experiment::Grid { grid, .. } => grid().to_json(),
            #[cfg(feature = "cards")]
            Experiment::Depths { depths } => depths().to_json(),
            Experiment::AtInit {
                seed,
                figure,
                cells,
                ..
            } => {
                json!({"kind": "atInit", "steps": 0, "seed": seed, "figure": figure, "cells": cells()})
            }
        }
    }
}

/// A paper card: a published result the page reruns, and the checks its badge shows.
#[derive(Debug, Clone)]
pub struct Card {
    /// The runs it sets up and the views it opens; `preset.id` is the card's id and URL key
    /// (`paper=he2015`), `preset.look_for` its claim in one sentence.
    pub preset: Preset,
    /// The rest of the card, in the full build only.
    #[cfg(feature = "cards")]
    pub paper: Paper,
}

/// What the full build knows of a card beyond its preset: its words, experiment and checks.
#[cfg(feature = "cards")]
#[derive(Debug, Clone)]
pub struct Paper {
    /// The paper: authors, year, title, venue.
    pub citation: &'static str,
    /// What the paper showed, in two sentences.
    pub summary: &'static str,
    /// What was scaled down from the paper's experiment to run in a browser, and why.
    pub scaled_down: &'static str,
    /// What the card trains (built on demand: a grid computes its theory curve).
    pub experiment: fn() -> Experiment,
    /// The badge from what the page measured (`readings`: a list, see `Experiment`).
    pub checks: fn(&Value) -> Result<Verdict, ConfigError>,
}

/// Every card, in the order the page shows them.
pub const CARDS: &[Card] = &[
    he::CARD,
    glorot_bengio::CARD,
    saxe::CARD,
    pennington::CARD,
    mishkin::CARD,
    schoenholz::CARD,
];

impl Card {
    /// The card with this id; the error lists the allowed ids.
    pub fn by_id(id: &str) -> Result<&'static Card, ConfigError> {
        CARDS.iter().find(|c| c.preset.id == id).ok_or_else(|| {
            ConfigError::unknown_id(
                "paper",
                id,
                &CARDS.iter().map(|c| c.preset.id).collect::<Vec<_>>(),
            )
        })
    }

    /// The configs of the card's runs.
    pub fn configs(&self) -> Result<Vec<Config>, ConfigError> {
        self.preset.configs()
    }

    /// The card's preset as the page reads it (`Preset::to_json`, group `papers`).
    pub fn preset_json(&self) -> Result<Value, ConfigError> {
        self.preset.to_json()
    }

    /// The card as the page lists it: its preset's fields (`Preset::to_json`, group `papers`)
    /// with `citation`, `summary`, `scaledDown`, `urlKey` and `experiment`, its outline
    /// (`Experiment::outline`; the whole of it is `experiment_json`).
    #[cfg(feature = "cards")]
    pub fn to_json(&self) -> Result<Value, ConfigError> {
        let mut v = self.preset_json()?;
        let paper = &self.paper;
        v["citation"] = paper.citation.into();
        v["summary"] = paper.summary.into();
        v["scaledDown"] = paper.scaled_down.into();
        v["urlKey"] = format!("paper={}", self.preset.id).into();
        v["experiment"] = (paper.experiment)().outline();
        Ok(v)
    }

    /// The card's whole experiment (`Experiment::to_json`), laid out when asked.
    #[cfg(feature = "cards")]
    pub fn experiment_json(&self) -> Value {
        (self.paper.experiment)().to_json()
    }

    /// The card's badge from what the page measured (see `Paper::checks`).
    #[cfg(feature = "cards")]
    pub fn checks(&self, readings: &Value) -> Result<Verdict, ConfigError> {
        (self.paper.checks)(readings)
    }

    /// Cell `index` of an at-initialization card, measured with weights and data from `seed`
    /// (`Experiment::AtInit`); errors name `cell` (an index past the cells) or `paper` (a card
    /// of another kind).
    #[cfg(feature = "cards")]
    pub fn cell(&self, index: usize, seed: u64) -> Result<Value, ConfigError> {
        match (self.paper.experiment)() {
            Experiment::AtInit { cells, measure, .. } => {
                let count = cells().len();
                if index >= count {
                    return Err(ConfigError::new(
                        "cell",
                        format!("must be an index below {count}, the card's cells; got {index}"),
                    ));
                }
                measure(index, seed)
            }
            _ => Err(ConfigError::new(
                "paper",
                format!(
                    "{} measures nothing cell by cell at initialization",
                    self.preset.id
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_factors_and_distances_decide_the_badge() {
        assert!(Check::new("a", 0.2, 0.3, Tolerance::AtMost(0.3)).passed);
        assert!(!Check::new("a", 0.31, 0.3, Tolerance::AtMost(0.3)).passed);
        assert!(Check::new("a", 0.7, 0.6, Tolerance::AtLeast(0.6)).passed);
        assert!(!Check::new("a", 0.5, 0.6, Tolerance::AtLeast(0.6)).passed);
        assert!(Check::new("a", 1.9, 1.0, Tolerance::Factor(2.0)).passed);
        assert!(Check::new("a", 0.51, 1.0, Tolerance::Factor(2.0)).passed);
        assert!(!Check::new("a", 0.49, 1.0, Tolerance::Factor(2.0)).passed);
        assert!(!Check::new("a", -1.0, 1.0, Tolerance::Factor(2.0)).passed);
        assert!(Check::new("a", 1.05, 1.0, Tolerance::Absolute(0.1)).passed);
        assert!(!Check::new("a", f64::NAN, 1.0, Tolerance::Absolute(0.1)).passed);
    }

    #[test]
    #[cfg(feature = "cards")]
    fn every_card_has_valid_runs_a_unique_id_and_refuses_bad_readings() {
        for (i, card) in CARDS.iter().enumerate() {
            assert!(!card.configs().unwrap().is_empty(), "{}", card.preset.id);
            assert!(CARDS[..i].iter().all(|c| c.preset.id != card.preset.id));
            assert_eq!(
                Card::by_id(card.preset.id).unwrap().preset.id,
                card.preset.id
            );
            let json = card.to_json().unwrap();
            assert_eq!(json["group"], "papers");
            assert_eq!(json["urlKey"], format!("paper={}", card.preset.id));
            assert_eq!(card.preset_json().unwrap()["runs"], json["runs"]);
            let e = card.checks(&json!({"no": "list"})).unwrap_err();
            assert_eq!(e.field, "readings");
            let e = card.checks(&json!([])).unwrap_err();
            assert!(e.message.contains("must hold"), "{}", e.message);
        }
        assert_eq!(Card::by_id("nope").unwrap_err().field, "paper");
    }
}
