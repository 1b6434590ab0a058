//! Glorot & Bengio (2010), "Understanding the difficulty of training deep feedforward neural
//! networks": five tanh layers at initialization, "standard" init U[-1/√n, 1/√n] against
//! "normalized" init (Glorot uniform), read as the paper's figures 6 and 7 are (per-layer
//! activation and back-propagated gradient histograms).
//!
//! # What the paper claims and the theory behind the badge
//! With standard init (`torch_default`: variance 1 / (3 n), n the fan-in) every layer's
//! pre-activation variance is a third of its inputs' second moment, so in tanh's linear regime
//! the activations' spread shrinks by 1/√3 per layer going up, and the back-propagated
//! gradient dLoss/dh by 1/√3 per layer going down: layer 1's over layer 5's is about
//! (1/√3)^4 = 1/9. With normalized init (variance 2 / (n_in + n_out), n · Var(W) = 1 between
//! equal layers) both stay near constant. The expected values are the mean-field recursion's
//! (`crate::meanfield`, which keeps tanh's non-linearity exactly) for this very network and
//! data, with the paper's linear-regime 1/9 as a second, looser check.
//!
//! # Scaled down
//! Width 512 (the paper's 1,000 is beyond `MAX_WIDTH`), the 8x8 digits (64 inputs, 10
//! classes) in place of Shapeset-3x2's 32x32 images, and readings on the fixed probe batch of
//! 256 training samples rather than the paper's 300 test examples.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{Card, Check, Tolerance};
use crate::config::Config;
use crate::diagnostics::Histogram;
use crate::error::ConfigError;
use crate::experiment::Run;
use crate::meanfield;
use crate::presets::{Group, Preset};

/// The card: the two networks as its runs (the page's Inside the layers view shows them at step
/// 0 too), its figure measured at initialization in the full build's workers.
pub const CARD: Card = Card {
    preset: Preset {
        id: "glorot2010",
        label: "Glorot 2010",
        group: Group::Papers,
        look_for: "Five tanh layers of 512 at initialization: with the standard init each layer's activations shrink by about 1/√3 going up and the gradients by about 1/√3 going down; with the normalized init both keep their size.",
        views: &["atinit", "layers"],
        base: r#"{"dataset": "digits", "hidden": [512, 512, 512, 512, 512], "activation": "tanh", "seed": 1}"#,
        runs: &[r#"{"init": "torch_default"}"#, r#"{"init": "glorot_uniform"}"#],
    },
    #[cfg(feature = "cards")]
    paper: super::Paper {
        citation: CITATION,
        summary: SUMMARY,
        scaled_down: SCALED_DOWN,
        experiment: || super::Experiment::AtInit {
            seed: SEED,
            figure: "layerHistograms",
            cells: || INITS.iter().map(|i| json!({"label": label(i)})).collect(),
            measure: |index, seed| Ok(serde_json::to_value(measure(INITS[index], seed)?).expect("a network serializes")),
        },
        checks: card_checks,
    },
};

/// The seed of the card's networks (its preset's).
pub const SEED: u64 = 1;

/// The paper: authors, year, title, venue (for the card's citation).
pub const CITATION: &str = "Xavier Glorot, Yoshua Bengio (2010). Understanding the difficulty of training deep feedforward neural networks. AISTATS 2010.";

/// What the paper showed, in two sentences (for the card's summary).
pub const SUMMARY: &str = "With the then-standard init U[-1/√n, 1/√n], each tanh layer's activations shrink by about 1/√3 going up and the back-propagated gradients by about 1/√3 going down, so the first layers learn slowly. Their normalized init, variance 2 / (n_in + n_out), keeps both near constant from layer to layer.";

/// What was scaled down from the paper's experiment, and why (for the card).
pub const SCALED_DOWN: &str = "The paper's five tanh layers of 1,000 units are five of 512 here (the widest the lab allows), on the 8x8 digits (64 inputs, 10 classes) instead of Shapeset-3x2's 32x32 images, read at initialization on 256 training samples: the per-layer factors depend on n · Var(W), not on the width, so the figures keep their shape.";

/// The width of each of the five tanh layers: the paper's 1,000 is beyond the limit.
pub const WIDTH: usize = crate::config::MAX_WIDTH;

/// The number of tanh layers, as in the paper.
pub const LAYERS: usize = 5;

/// The two inits compared: the paper's "standard" and "normalized".
pub const INITS: [&str; 2] = ["torch_default", "glorot_uniform"];

/// Tolerance of a measured ratio against the mean-field prediction for the same network: the
/// theory is exact at infinite width, and at width 512 a ratio of spreads read on 256 samples
/// stays within a few percent (measured: within 3%, seeds 1 and 2).
pub const THEORY_FACTOR: f64 = 1.1;

/// Tolerance of the standard init's gradient ratio against the paper's linear-regime (1/√3)^4:
/// tanh' < 1 shrinks the gradients a little more than the linear regime says (theory 0.083
/// for this network against the linear regime's 0.111).
pub const PAPER_FACTOR: f64 = 1.5;

/// The config of one of the card's two networks.
pub fn config(init: &str, seed: u64) -> Result<Config, ConfigError> {
    Config::from_value(&json!({
        "dataset": "digits",
        "hidden": vec![WIDTH; LAYERS],
        "activation": "tanh",
        "init": init,
        "seed": seed,
        "dataSeed": seed,
    }))
}

/// What one network measured at initialization, hidden layers only (layer 1 first). Read back
/// from JSON (`card_checks`) without its histograms, which the checks do not read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Network {
    /// The init scheme id.
    pub init: String,
    /// Each layer's activation spread (std of tanh's outputs over the probe batch).
    pub activation_std: Vec<f64>,
    /// The mean-field prediction of `activation_std`.
    pub predicted_activation_std: Vec<f64>,
    /// Each layer's back-propagated gradient spread (std of dLoss/dh).
    pub backprop_std: Vec<f64>,
    /// The mean-field prediction of `backprop_std` relative to layer 5's (1 at layer 5).
    pub predicted_backprop_ratio: Vec<f64>,
    /// Each layer's activation histogram on [-1, 1].
    #[serde(default, skip_deserializing)]
    pub activation_histograms: Vec<Histogram>,
    /// Each layer's back-propagated gradient histogram, on one range for all layers.
    #[serde(default, skip_deserializing)]
    pub backprop_histograms: Vec<Histogram>,
}

/// The card's experiment: both networks and the badge's checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GlorotBengio {
    /// Standard, then normalized.
    pub networks: Vec<Network>,
    /// The badge.
    pub checks: Vec<Check>,
}

/// Measures one network at step 0.
pub fn measure(init: &str, seed: u64) -> Result<Network, ConfigError> {
    let config = config(init, seed)?;
    let prediction = meanfield::predict(&config);
    let mut run = Run::new(config)?;
    let stats = run.layer_stats();
    let hidden = &stats[..LAYERS];
    let predicted = &prediction.layers[..LAYERS];
    let last = predicted[LAYERS - 1].backprop_ratio;
    Ok(Network {
        init: init.to_string(),
        activation_std: hidden.iter().map(|s| f64::from(s.activation_std)).collect(),
        predicted_activation_std: predicted.iter().map(|p| p.activation_std).collect(),
        backprop_std: hidden.iter().map(|s| f64::from(s.backprop_std)).collect(),
        predicted_backprop_ratio: predicted.iter().map(|p| p.backprop_ratio / last).collect(),
        activation_histograms: hidden
            .iter()
            .map(|s| s.activation_histogram.clone())
            .collect(),
        backprop_histograms: hidden
            .iter()
            .map(|s| s.backprop_histogram.clone())
            .collect(),
    })
}

impl Network {
    /// Layer 5's activation spread over layer 1's, measured and predicted.
    pub fn activation_ratio(&self) -> (f64, f64) {
        let (m, p) = (&self.activation_std, &self.predicted_activation_std);
        (m[LAYERS - 1] / m[0], p[LAYERS - 1] / p[0])
    }

    /// Layer 1's back-propagated gradient spread over layer 5's, measured and predicted.
    pub fn gradient_ratio(&self) -> (f64, f64) {
        let (m, p) = (&self.backprop_std, &self.predicted_backprop_ratio);
        (m[0] / m[LAYERS - 1], p[0] / p[LAYERS - 1])
    }
}

/// Runs the card with weights and data from `seed`: both networks and the checks.
pub fn experiment(seed: u64) -> Result<GlorotBengio, ConfigError> {
    let networks = INITS
        .iter()
        .map(|init| measure(init, seed))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(GlorotBengio {
        checks: checks(&networks[0], &networks[1]),
        networks,
    })
}

/// The paper's name of an init of `INITS`: "standard" or "normalized".
pub fn label(init: &str) -> &'static str {
    if init == INITS[0] {
        "standard"
    } else {
        "normalized"
    }
}

/// The badge from the page's cells (`measure`'s networks as JSON, standard then normalized):
/// each must hold `LAYERS` layers of spreads (errors name `readings[i]`).
pub fn card_checks(readings: &Value) -> Result<super::Verdict, ConfigError> {
    let networks: Vec<Network> = super::parse_list(readings, INITS.len())?;
    for (i, n) in networks.iter().enumerate() {
        let lists = [
            &n.activation_std,
            &n.predicted_activation_std,
            &n.backprop_std,
            &n.predicted_backprop_ratio,
        ];
        if n.init != INITS[i] || lists.iter().any(|l| l.len() != LAYERS) {
            return Err(ConfigError::at_index(
                "readings",
                i,
                format!(
                    "must be the {} network ({}) with {LAYERS} layers of spreads",
                    label(INITS[i]),
                    INITS[i]
                ),
            ));
        }
    }
    Ok(super::Verdict::of(checks(&networks[0], &networks[1])))
}

/// The badge: standard init shrinks activations and gradients as theory says, about 1/√3 per
/// layer; normalized init keeps both as theory says, near constant.
pub fn checks(standard: &Network, normalized: &Network) -> Vec<Check> {
    let linear_regime = (1.0f64 / 3.0).powi(2);
    let theory = Tolerance::Factor(THEORY_FACTOR);
    let (sa, sa_p) = standard.activation_ratio();
    let (sg, sg_p) = standard.gradient_ratio();
    let (na, na_p) = normalized.activation_ratio();
    let (ng, ng_p) = normalized.gradient_ratio();
    vec![
        Check::new(
            "Standard init: layer 5's activation spread over layer 1's, as mean-field theory predicts (about (1/√3)^4 in tanh's linear regime)",
            sa,
            sa_p,
            theory,
        ),
        Check::new(
            "Standard init: layer 1's back-propagated gradient over layer 5's, as mean-field theory predicts",
            sg,
            sg_p,
            theory,
        ),
        Check::new(
            "Standard init: layer 1's back-propagated gradient over layer 5's near the paper's (1/√3)^4 = 1/9",
            sg,
            linear_regime,
            Tolerance::Factor(PAPER_FACTOR),
        ),
        Check::new(
            "Normalized init: layer 5's activation spread over layer 1's, as mean-field theory predicts",
            na,
            na_p,
            theory,
        ),
        Check::new(
            "Normalized init: layer 1's back-propagated gradient over layer 5's, as mean-field theory predicts (near 1)",
            ng,
            ng_p,
            theory,
        ),
    ]
}
