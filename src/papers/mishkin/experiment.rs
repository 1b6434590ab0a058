//! Mishkin & Matas (2016), "All you need is a good init": layer-sequential unit-variance
//! initialization (the `lsuv` scheme, `crate::lsuv`) makes every layer's pre-activation
//! variance 1 on a batch of data, a ReLU layer needs one rescaling to get there, and a deep
//! ReLU network trains from it.
//!
//! # The experiment
//! A 20-layer ReLU network of width 32 on the two spirals, plain SGD at learning rate 0.01,
//! batch 32, `STEPS` steps, from `lsuv` (defaults: tolerance 0.1, at most 10 iterations, a
//! batch of 256) and, for contrast, from the orthogonal draw LSUV starts from without its data
//! pass: orthogonal weights keep a vector's length, and ReLU halves the pre-activations'
//! second moment at every layer, so the signal shrinks by about 2^-20 in variance.
//!
//! # The theory behind the badge
//! - The variances: LSUV stops only within `tolerance` of 1 (or after `max_iterations`).
//! - One iteration: with zero biases a layer's pre-activations are linear in its weights, so
//!   dividing by their standard deviation gives variance 1 up to rounding at once; the first
//!   check after it passes.
//! - Training: whole-set training loss below `TRAINED_LOSS` (half of chance, ln 2 / 2) for
//!   LSUV, and at least `STALLED_LOSS` (within 1% of ln 2) for the plain orthogonal draw.
//!
//! # Scaled down
//! The paper's networks are convolutional (FitNets, CaffeNet, GoogLeNet) on CIFAR and
//! ImageNet; here a 20-layer MLP of width 32 on a 2-D set, trained for a few thousand steps.

use serde::Serialize;
use serde_json::Value;

use super::CARD;
use crate::config::Config;
use crate::error::ConfigError;
use crate::experiment::Run;
use crate::lsuv::LsuvLayer;
use crate::papers::{parse_list, Check, RunReading, Tolerance, Verdict};

/// The badge from the page's readings of the card's two runs (LSUV, then orthogonal): each
/// reading's `lsuv` is the run's `lsuvReport()`.
pub fn card_checks(readings: &Value) -> Result<Verdict, ConfigError> {
    let configs = CARD.configs()?;
    let runs: Vec<RunReading> = parse_list(readings, configs.len())?;
    let network = |config: &Config, run: &RunReading| Network {
        init: config.init.scheme().id().to_string(),
        lsuv: run.lsuv.clone().unwrap_or_default(),
        activation_std: run
            .start
            .activation_stds
            .iter()
            .map(|s| s.unwrap_or(f64::NAN))
            .collect(),
        train_loss: run.train_loss,
        accuracy: f64::NAN,
    };
    let tolerance = tolerance_of(&configs[0]);
    Ok(Verdict::of(checks(
        &network(&configs[0], &runs[0]),
        &network(&configs[1], &runs[1]),
        tolerance,
    )))
}

/// LSUV's tolerance in `config` (NaN for another scheme).
fn tolerance_of(config: &Config) -> f64 {
    config.init.lsuv().map_or(f64::NAN, |l| l.tolerance)
}

/// The paper: authors, year, title, venue (for the card's citation).
pub const CITATION: &str =
    "Dmytro Mishkin, Jiri Matas (2016). All you need is a good init. ICLR 2016.";

/// What the paper showed, in two sentences (for the card's summary).
pub const SUMMARY: &str = "Layer-sequential unit-variance (LSUV) initialization starts from orthogonal weights and rescales each layer in turn, on one batch of data, until its outputs have variance 1. It lets very deep and thin networks train with plain SGD, to results close to the state of the art in the paper's tests.";

/// What was scaled down from the paper's experiment, and why (for the card).
pub const SCALED_DOWN: &str = "The paper's convolutional networks on CIFAR and ImageNet become a 20-layer ReLU MLP of width 32 on the two spirals, trained for 3,000 SGD steps at learning rate 0.01: the same layer-by-layer rescaling on a batch of 256 samples, in about a second.";

/// Hidden layers of the network.
pub const LAYERS: usize = 20;

/// Neurons per hidden layer.
pub const WIDTH: usize = 32;

/// Training steps.
pub const STEPS: u32 = 3_000;

/// ln 2, the loss of a network that says 1/2 for every sample of two balanced classes.
pub const CHANCE: f64 = std::f64::consts::LN_2;

/// LSUV's network trains: its whole-set training loss ends below half of chance.
pub const TRAINED_LOSS: f64 = CHANCE / 2.0;

/// The plain orthogonal network stalls: its loss stays within 1% of chance.
pub const STALLED_LOSS: f64 = 0.99 * CHANCE;

/// The two inits compared: LSUV, and the orthogonal draw it starts from (the card's runs).
pub const INITS: [&str; 2] = ["lsuv", "orthogonal"];

/// The config of the card's network with init `init` (its default options), weights and data
/// from `seed`.
pub fn config(init: &str, seed: u64) -> Result<Config, ConfigError> {
    let mut v = CARD.configs()?.remove(0).to_json();
    let object = v.as_object_mut().expect("a config is an object");
    object.remove("initOptions");
    object.insert("init".into(), init.into());
    object.insert("seed".into(), seed.into());
    object.insert("dataSeed".into(), seed.into());
    Config::from_value(&v)
}

/// One network, trained.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Network {
    /// The init scheme id.
    pub init: String,
    /// LSUV's report per layer (empty for the orthogonal draw).
    pub lsuv: Vec<LsuvLayer>,
    /// Each layer's activation spread at step 0, output layer last.
    pub activation_std: Vec<f64>,
    /// The whole training set's loss after `STEPS` steps.
    pub train_loss: f64,
    /// Its accuracy then.
    pub accuracy: f64,
}

/// The card's experiment: both networks and the badge.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mishkin {
    /// LSUV, then orthogonal.
    pub networks: Vec<Network>,
    /// LSUV's tolerance (the scheme's default).
    pub tolerance: f64,
    /// The badge.
    pub checks: Vec<Check>,
}

/// Trains one network for `STEPS` steps.
pub fn train(init: &str, seed: u64) -> Result<Network, ConfigError> {
    let mut run = Run::new(config(init, seed)?)?;
    let lsuv = run
        .lsuv_report()
        .map(<[LsuvLayer]>::to_vec)
        .unwrap_or_default();
    let activation_std = run
        .layer_stats()
        .iter()
        .map(|s| f64::from(s.activation_std))
        .collect();
    let mut left = STEPS;
    while left > 0 {
        let n = left.min(run.max_steps_per_call());
        run.step(n)?;
        left -= n;
    }
    let evaluation = run.evaluate();
    Ok(Network {
        init: init.to_string(),
        lsuv,
        activation_std,
        train_loss: f64::from(evaluation.train_loss),
        accuracy: f64::from(evaluation.accuracy),
    })
}

/// Runs the card with weights and data from `seed`.
pub fn experiment(seed: u64) -> Result<Mishkin, ConfigError> {
    let tolerance = tolerance_of(&config(INITS[0], seed)?);
    let networks = INITS
        .iter()
        .map(|init| train(init, seed))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Mishkin {
        checks: checks(&networks[0], &networks[1], tolerance),
        networks,
        tolerance,
    })
}

/// The badge.
pub fn checks(lsuv: &Network, orthogonal: &Network, tolerance: f64) -> Vec<Check> {
    let gap = lsuv
        .lsuv
        .iter()
        .map(|l| (l.variance - 1.0).abs())
        .fold(0.0, f64::max);
    let hidden = &lsuv.lsuv[..lsuv.lsuv.len().saturating_sub(1)];
    let once = hidden.iter().filter(|l| l.iterations == 1).count();
    let steps = format!("{},{:03}", STEPS / 1000, STEPS % 1000);
    vec![
        Check::new(
            format!("Every layer's pre-activation variance ends within the tolerance ({tolerance}) of 1 (largest distance)"),
            if lsuv.lsuv.is_empty() { f64::NAN } else { gap },
            tolerance,
            Tolerance::AtMost(tolerance),
        ),
        Check::new(
            format!("Each ReLU layer needs one iteration: the share of the {} hidden layers that took exactly one", hidden.len()),
            if hidden.is_empty() { f64::NAN } else { once as f64 / hidden.len() as f64 },
            1.0,
            Tolerance::Absolute(0.0),
        ),
        Check::new(
            format!("The {LAYERS}-layer ReLU network trains from LSUV: training loss after {steps} steps below ln 2 / 2"),
            lsuv.train_loss,
            TRAINED_LOSS,
            Tolerance::AtMost(TRAINED_LOSS),
        ),
        Check::new(
            format!("From the orthogonal draw alone it stalls: training loss after {steps} steps within 1% of ln 2"),
            orthogonal.train_loss,
            STALLED_LOSS,
            Tolerance::AtLeast(STALLED_LOSS),
        ),
    ]
}
