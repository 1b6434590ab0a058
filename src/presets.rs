//! The page's presets: one click each, every one a claim of the notes that its run bears out.
//!
//! A preset is a base config plus, for comparisons, one override per run. Ids are stable: the
//! URL (`preset=he-relu`) and course notes link to them.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::Config;
use crate::error::ConfigError;

/// Where a preset sits on the page, grouped the way the notes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Group {
    /// "What fails": zeros, constant, small random, large random, U[0, 1).
    Fails,
    /// "What works": Glorot, He, LeCun.
    Works,
    /// "Compare all".
    Compare,
    /// "From the papers": the presets of the paper cards (`crate::papers`).
    Papers,
}

/// A named, one-click setup of one or more runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preset {
    /// Stable id, used in URLs.
    pub id: &'static str,
    /// Short button name.
    pub label: &'static str,
    /// Which group of buttons it belongs to.
    pub group: Group,
    /// One sentence: what to look for, which the run's numbers bear out.
    pub look_for: &'static str,
    /// The views that tell its story, opened when it is chosen.
    pub views: &'static [&'static str],
    /// The config every run shares, as a JSON object (see `Config::from_value`).
    #[serde(skip)]
    pub(crate) base: &'static str,
    /// One JSON object of overrides per run; empty for a single run of `base`.
    #[serde(skip)]
    pub(crate) runs: &'static [&'static str],
}

impl Preset {
    /// The config of every run of this preset, each with its overrides applied.
    pub fn configs(&self) -> Result<Vec<Config>, ConfigError> {
        let base = object(self.base);
        let runs: &[&str] = if self.runs.is_empty() {
            &["{}"]
        } else {
            self.runs
        };
        runs.iter()
            .map(|run| {
                let mut config = base.clone();
                config.extend(object(run));
                Config::from_value(&Value::Object(config))
            })
            .collect()
    }

    /// The preset with its runs' full configs, as the page reads it.
    pub fn to_json(&self) -> Result<Value, ConfigError> {
        let mut v = serde_json::to_value(self).expect("a preset serializes");
        let configs = self.configs()?.iter().map(Config::to_json).collect();
        v["runs"] = Value::Array(configs);
        Ok(v)
    }

    /// The preset with this id; the error lists the allowed ids.
    pub fn by_id(id: &str) -> Result<&'static Preset, ConfigError> {
        PRESETS.iter().find(|p| p.id == id).ok_or_else(|| {
            ConfigError::unknown_id(
                "preset",
                id,
                &PRESETS.iter().map(|p| p.id).collect::<Vec<_>>(),
            )
        })
    }
}

fn object(json: &str) -> Map<String, Value> {
    match serde_json::from_str(json) {
        Ok(Value::Object(map)) => map,
        _ => unreachable!("preset JSON is a literal object, checked by the tests"),
    }
}

const SHALLOW_2D: &str = r#"{"dataset": "circle", "hidden": [8, 8], "optimizer": "sgd", "learningRate": 0.1, "batchSize": 32, "seed": 1}"#;
const DEEP: &str = r#"{"dataset": "circle", "hidden": [32, 32, 32, 32, 32, 32, 32, 32], "optimizer": "sgd", "learningRate": 0.1, "batchSize": 32, "seed": 1}"#;

/// Every preset, in the order the page shows them.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "zero-sigmoid",
        label: "Zeros + sigmoid",
        group: Group::Fails,
        look_for: "Every neuron in a layer stays identical: the badge stays at 1 distinct neuron, and the net draws the straight boundary of a single neuron.",
        views: &["loss", "symmetry", "boundary"],
        base: SHALLOW_2D,
        runs: &[r#"{"dataset": "moons", "activation": "sigmoid", "init": "zeros", "learningRate": 3.0}"#],
    },
    Preset {
        id: "zero-relu",
        label: "Zeros + ReLU",
        group: Group::Fails,
        look_for: "The hidden weights never move from zero, so every input gets the same answer: no better than a linear model.",
        views: &["loss", "boundary", "symmetry"],
        base: SHALLOW_2D,
        runs: &[r#"{"activation": "relu", "init": "zeros"}"#],
    },
    Preset {
        id: "zero-tanh",
        label: "Zeros + tanh",
        group: Group::Fails,
        look_for: "The hidden weights never move from zero, so every input gets the same answer: no better than a linear model.",
        views: &["loss", "boundary", "symmetry"],
        base: SHALLOW_2D,
        runs: &[r#"{"activation": "tanh", "init": "zeros"}"#],
    },
    Preset {
        id: "constant",
        label: "Constant 0.5",
        group: Group::Fails,
        look_for: "Non-zero but equal weights are still symmetric: every layer keeps 1 distinct neuron.",
        views: &["loss", "symmetry"],
        base: SHALLOW_2D,
        runs: &[r#"{"activation": "tanh", "init": "constant", "initOptions": {"value": 0.5}}"#],
    },
    Preset {
        id: "uniform01",
        label: "U[0, 1)",
        group: Group::Fails,
        look_for: "np.random.random weights are all positive: the tanh units saturate, the hidden layers get no gradient, and the loss sticks at chance level (0.69).",
        views: &["loss", "layers"],
        base: DEEP,
        runs: &[r#"{"activation": "tanh", "init": "random_uniform"}"#],
    },
    Preset {
        id: "small-sigmoid",
        label: "Small + sigmoid",
        group: Group::Fails,
        look_for: "N(0, 0.01²) weights in a deep sigmoid net: the first layers get almost no gradient.",
        views: &["loss", "layers"],
        base: DEEP,
        runs: &[r#"{"activation": "sigmoid", "init": "random_normal", "initOptions": {"stddev": 0.01}}"#],
    },
    Preset {
        id: "small-tanh",
        label: "Small + tanh",
        group: Group::Fails,
        look_for: "N(0, 0.01²) weights: activations shrink layer by layer and the gradients vanish.",
        views: &["loss", "layers"],
        base: DEEP,
        runs: &[r#"{"activation": "tanh", "init": "random_normal", "initOptions": {"stddev": 0.01}}"#],
    },
    Preset {
        id: "small-relu",
        label: "Small + ReLU",
        group: Group::Fails,
        look_for: "N(0, 0.01²) weights with ReLU: the loss sits on a plateau far longer than with He.",
        views: &["loss", "layers"],
        base: SHALLOW_2D,
        runs: &[
            r#"{"activation": "relu", "init": "random_normal", "initOptions": {"stddev": 0.01}}"#,
            r#"{"activation": "relu", "init": "he_normal"}"#,
        ],
    },
    Preset {
        id: "large-relu",
        label: "Large + ReLU",
        group: Group::Fails,
        look_for: "N(0, 1) weights: activations grow layer by layer and the gradients explode.",
        views: &["loss", "layers"],
        base: DEEP,
        runs: &[r#"{"activation": "relu", "init": "random_normal", "initOptions": {"stddev": 1.0}}"#],
    },
    Preset {
        id: "large-tanh",
        label: "Large + tanh",
        group: Group::Fails,
        look_for: "N(0, 1) weights: most tanh units sit saturated at ±1, and the loss falls far slower than with Glorot.",
        views: &["loss", "layers"],
        base: DEEP,
        runs: &[
            r#"{"activation": "tanh", "init": "random_normal", "initOptions": {"stddev": 1.0}}"#,
            r#"{"activation": "tanh", "init": "glorot_normal"}"#,
        ],
    },
    Preset {
        id: "glorot-tanh",
        label: "Glorot + tanh",
        group: Group::Works,
        look_for: "Var = 2 / (fan_in + fan_out) keeps tanh activations and gradients alive in every layer.",
        views: &["loss", "layers", "theory", "boundary"],
        base: DEEP,
        runs: &[r#"{"activation": "tanh", "init": "glorot_normal"}"#],
    },
    Preset {
        id: "he-relu",
        label: "He + ReLU",
        group: Group::Works,
        look_for: "Var = 2 / fan_in keeps ReLU activations at the same scale in every layer; the loss falls fast.",
        views: &["loss", "layers", "theory"],
        base: DEEP,
        runs: &[r#"{"activation": "relu", "init": "he_normal"}"#],
    },
    Preset {
        id: "lecun-selu",
        label: "LeCun + SELU",
        group: Group::Works,
        look_for: "Var = 1 / fan_in with SELU keeps activations near mean 0, variance 1 in every layer.",
        views: &["loss", "layers", "theory", "boundary"],
        base: DEEP,
        runs: &[r#"{"activation": "selu", "init": "lecun_normal"}"#],
    },
    Preset {
        id: "compare",
        label: "Compare all",
        group: Group::Compare,
        look_for: "Same network, same data, six initializations: zeros, constant and small stay flat, large blows up, only Glorot and He learn the spiral.",
        views: &["loss", "layers"],
        base: r#"{"dataset": "spiral", "hidden": [32, 32, 32, 32, 32, 32], "activation": "relu", "optimizer": "sgd", "learningRate": 0.1, "batchSize": 32, "seed": 1}"#,
        runs: &[
            r#"{"init": "zeros"}"#,
            r#"{"init": "constant", "initOptions": {"value": 0.5}}"#,
            r#"{"init": "random_normal", "initOptions": {"stddev": 0.01}}"#,
            r#"{"init": "random_normal", "initOptions": {"stddev": 1.0}}"#,
            r#"{"init": "glorot_normal"}"#,
            r#"{"init": "he_normal"}"#,
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_has_valid_configs_and_a_unique_id() {
        for (i, p) in PRESETS.iter().enumerate() {
            let configs = p.configs().unwrap_or_else(|e| panic!("{}: {e}", p.id));
            assert!(!configs.is_empty() && configs.len() <= 6, "{}", p.id);
            assert!(
                PRESETS[..i].iter().all(|q| q.id != p.id),
                "duplicate {}",
                p.id
            );
            assert_eq!(Preset::by_id(p.id).unwrap().id, p.id);
        }
        assert_eq!(Preset::by_id("nope").unwrap_err().field, "preset");
    }
}
