//! Card 1: He, Zhang, Ren & Sun 2015, "Delving deep into rectifiers": a 30-layer ReLU network
//! trains from He's initialization and stalls from Glorot's.
//!
//! The checks' expected numbers come from the core: chance is ln(classes), the loss a network
//! that learned nothing has; the spread of layer 30
//! over layer 1 at step 0 is mean-field theory's (`meanfield::predict`), which for 64-wide ReLU
//! layers is 1 with He (σ_w² = 2) and (1/2)^(29/2) with Glorot (σ_w² = 1: each layer halves the
//! variance).

use serde_json::Value;

use super::{parse_list, Card, Check, RunReading, Tolerance, Verdict};
use crate::config::Config;
use crate::error::ConfigError;
use crate::meanfield;
use crate::presets::{Group, Preset};

/// Steps each run trains: the issue's 3,000.
pub const STEPS: u64 = 3000;
/// Hidden layers: the paper's 30-layer network.
pub const DEPTH: usize = 30;
/// He's final loss must end below this share of chance (0.5: at most ln 2 / 2 = 0.35): it
/// learned. At 3,000 steps seeds 1 to 12 end between 0.0007 and 0.32, except seed 7 (0.49).
pub const LEARNED_SHARE: f64 = 0.5;
/// Glorot's final loss must stay within this share of chance (0.9: at least 0.9 ln 2).
pub const STALL_SHARE: f64 = 0.9;
/// The step-0 spread ratio must be within this factor of mean-field theory's. A 64-wide layer
/// is not infinitely wide: over 29 layers the ratio wanders about a factor of 2 either way from
/// the infinite-width value (seed to seed), while He's and Glorot's predictions lie 4.4
/// decades apart, so a factor of 10 still tells them apart.
pub const SPREAD_FACTOR: f64 = 10.0;

/// The card.
pub const CARD: Card = Card {
    preset: Preset {
        id: "he2015",
        label: "He 2015",
        group: Group::Papers,
        look_for: "30 layers of ReLU: with Glorot's variance each layer halves the signal and the loss stays at chance (ln 2 = 0.69); with He's it keeps its size and the loss falls.",
        views: &["loss", "layers"],
        base: r#"{"dataset": "spiral", "hidden": [64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64], "activation": "relu", "optimizer": "sgd", "learningRate": 0.01, "batchSize": 32, "seed": 1}"#,
        runs: &[r#"{"init": "glorot_normal"}"#, r#"{"init": "he_normal"}"#],
    },
    #[cfg(feature = "cards")]
    paper: super::Paper {
        citation: "Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun (2015). Delving deep into rectifiers: surpassing human-level performance on ImageNet classification. ICCV 2015.",
        summary: "ReLU zeroes half its inputs, so a layer keeps the signal's size only if its weights have variance 2 / fan_in, twice Glorot's 1 / fan_avg. With Glorot's variance a 30-layer ReLU network did not learn at all, while theirs converged.",
        scaled_down: "The paper trained a 30-layer convolutional network on ImageNet for days; here 30 fully connected layers of 64 ReLUs learn the two-spiral data (2 inputs, 2 classes) with plain SGD at learning rate 0.01, batch 32, for 3,000 steps: the same depth, so the same 29 halvings, in seconds.",
        experiment: || super::Experiment::Runs { steps: STEPS },
        checks,
    },
};

/// The badge from the page's readings of the card's two runs (Glorot, then He).
pub fn checks(readings: &Value) -> Result<Verdict, ConfigError> {
    let configs = CARD.configs()?;
    Ok(verdict(&configs, &parse_list(readings, configs.len())?))
}

/// The badge of runs of `configs` (Glorot, then He) that measured `runs`.
pub fn verdict(configs: &[Config], runs: &[RunReading]) -> Verdict {
    let (glorot, he) = (&runs[0], &runs[1]);
    let chance = chance_loss(&configs[0]);
    let ratio = |r: &RunReading| r.start.spread(DEPTH) / r.start.spread(1);
    let [glorot_theory, he_theory] = [&configs[0], &configs[1]].map(theory_ratio);
    Verdict::of(vec![
        Check::new(
            format!("He's training loss ends below half of chance (ln 2 = {chance:.4}): it learned"),
            he.train_loss,
            LEARNED_SHARE * chance,
            Tolerance::AtMost(LEARNED_SHARE * chance),
        ),
        Check::new(
            format!(
                "Glorot's training loss stays near chance, ln 2 = {chance:.4}: at least {STALL_SHARE} of it"
            ),
            glorot.train_loss,
            STALL_SHARE * chance,
            Tolerance::AtLeast(STALL_SHARE * chance),
        ),
        Check::new(
            format!("He at step 0: layer {DEPTH}'s spread over layer 1's is near 1 (within a factor of {SPREAD_FACTOR})"),
            ratio(he),
            he_theory,
            Tolerance::Factor(SPREAD_FACTOR),
        ),
        Check::new(
            format!("Glorot at step 0: layer {DEPTH}'s spread over layer 1's is near (1/2)^(29/2) (within a factor of {SPREAD_FACTOR})"),
            ratio(glorot),
            glorot_theory,
            Tolerance::Factor(SPREAD_FACTOR),
        ),
    ])
}

/// The loss of a network that learned nothing: ln(classes), cross-entropy at uniform outputs.
pub fn chance_loss(config: &Config) -> f64 {
    libm::log(config.dataset.classes() as f64)
}

/// Mean-field theory's spread of hidden layer `DEPTH` over hidden layer 1 at step 0.
pub fn theory_ratio(config: &Config) -> f64 {
    let layers = meanfield::predict(config).layers;
    layers[DEPTH - 1].activation_std / layers[0].activation_std
}
