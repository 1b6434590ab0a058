//! Saxe, McClelland & Ganguli (2014), "Exact solutions to the nonlinear dynamics of learning in
//! deep linear neural networks": with the learning rate scaled by 1 / depth, a deep linear
//! network learns from orthogonal weights in about as many steps at any depth, while from
//! scaled Gaussian weights (variance 1 / fan) the steps grow steeply with depth.
//!
//! # The experiment
//! A linear teacher (`crate::teacher`): 32 whitened inputs, 16 outputs, singular values evenly
//! from 2 down to 0.5, 64 samples. Networks of 1 to 33 linear layers of width 32 (33: every
//! hidden layer the limits allow) learn it by full-batch gradient descent on the mean squared
//! error with learning rate 0.5 / depth, until the relative error ‖Ŷ - Y‖ / ‖Y‖ is at most
//! 0.05 or `MAX_STEPS` steps have passed. Orthogonal init (`orthogonal`) against scaled
//! Gaussian (`glorot_normal`, untruncated: variance 1/32 between hidden layers).
//!
//! # Why these settings, and what was scaled down
//! The paper's networks learn MNIST-sized maps over thousands of epochs; here a 32-wide teacher
//! keeps a cell under a second. The teacher has fewer outputs than inputs because a square
//! teacher whose determinant's sign differs from the network's orthogonal start must cross a
//! singular map (a saddle) on its way, which stalls orthogonal runs at random depths (seen at
//! depth 4 with 32 outputs): the paper's "decoupled" initial conditions avoid that saddle, a
//! random orthogonal start does not. Singular values down to 0.5 make the weak modes that
//! Gaussian products start near zero (a third of them below 0.01 at depth 8, see card 4) slow
//! to grow, which is the paper's mechanism. Measured (seeds 1 and 2): orthogonal takes 49 to 51
//! steps at depth 1, 141 to 233 at depths 16 and 33 (3.9 to 4.0 times depth 1 at 33); Gaussian
//! 635 to 780 at depth 8 (12.7 to 15.3 times depth 1) and does not reach the target within
//! `MAX_STEPS` at 16 and 33.

use serde::Serialize;
use serde_json::{json, Value};

use crate::error::ConfigError;
use crate::papers::depths::{self, Depths};
use crate::papers::grid::Axis;
use crate::papers::{Check, Tolerance, Verdict};
use crate::teacher::{Regression, RegressionConfig, MAX_DEPTH};

/// The sweep of seed `seed` as the page trains it: every init at every depth, deepest first (the
/// longest cells start first, so the pool's workers end together).
pub fn depth_sweep(seed: u64) -> Depths {
    let mut cells = Vec::new();
    for (x, &depth) in DEPTHS.iter().enumerate().rev() {
        for series in (0..inits().len()).rev() {
            cells.push(depths::Cell {
                series,
                x,
                config: config_json(series, depth, seed),
            });
        }
    }
    Depths {
        steps: MAX_STEPS,
        target: TARGET,
        score: format!("steps to a relative error of {TARGET}"),
        x: Axis {
            label: "depth (linear layers)",
            values: DEPTHS.iter().map(|&d| d as f64).collect(),
        },
        series: inits().map(|i| i.0).to_vec(),
        cells,
    }
}

/// The badge from the page's readings of the sweep's cells (`depth_sweep`'s order).
pub fn card_checks(readings: &Value) -> Result<Verdict, ConfigError> {
    let sweep = depth_sweep(1);
    let steps = depths::readings(&sweep, readings)?;
    let labels = inits().map(|i| i.0);
    let cells: Vec<Cell> = sweep
        .cells
        .iter()
        .zip(&steps)
        .map(|(cell, reading)| Cell {
            init: labels[cell.series].to_string(),
            depth: DEPTHS[cell.x],
            steps_to_target: reading.steps_to_target,
            errors: Vec::new(),
        })
        .collect();
    Ok(Verdict::of(checks(&cells)?))
}

/// The paper: authors, year, title, venue (for the card's citation).
pub const CITATION: &str = "Andrew M. Saxe, James L. McClelland, Surya Ganguli (2014). Exact solutions to the nonlinear dynamics of learning in deep linear neural networks. ICLR 2014.";

/// What the paper showed, in two sentences (for the card's summary).
pub const SUMMARY: &str = "Deep linear networks learn with nonlinear dynamics whose exact solutions the paper finds. With the learning rate scaled by depth, orthogonal initial weights learn in about as many steps at any depth, while scaled random Gaussian weights need many more steps the deeper the network.";

/// What was scaled down from the paper's experiment, and why (for the card).
pub const SCALED_DOWN: &str = "A 32-wide linear teacher with 16 outputs and 64 whitened samples replaces the paper's larger tasks, depths run from 1 to 33 (the deepest the lab allows), and each network trains for at most 2,000 full-batch steps, so the whole sweep runs in seconds; fewer outputs than inputs keep a random orthogonal start from a saddle that a square teacher of the opposite orientation would put in its way.";

/// The depths (linear layers) of the sweep: 1 to the deepest the limits allow.
pub const DEPTHS: [usize; 6] = [1, 2, 4, 8, 16, MAX_DEPTH];

/// The relative error a network must reach.
pub const TARGET: f64 = 0.05;

/// The most steps a network trains; one that has not reached `TARGET` by then counts as
/// slower than any that did.
pub const MAX_STEPS: u64 = 2_000;

/// Orthogonal's steps at the deepest depth may be at most this many times its steps at depth
/// 1: Saxe et al.'s orthogonal learning time tends to a finite multiple of the shallow one.
pub const FLAT_FACTOR: f64 = 5.0;

/// Gaussian's steps at depth 8 must be at least this many times its steps at depth 1 (the
/// issue's "more than 10x by depth 8").
pub const STEEP_FACTOR: f64 = 10.0;

/// The depth at which Gaussian's growth is checked.
pub const STEEP_DEPTH: usize = 8;

/// The two inits: (label, scheme id, options).
pub fn inits() -> [(&'static str, &'static str, Value); 2] {
    [
        ("orthogonal", "orthogonal", json!({})),
        (
            "scaled Gaussian",
            "glorot_normal",
            json!({"distribution": "untruncated_normal"}),
        ),
    ]
}

/// The regression config of init `init` (an index into `inits()`) at `depth` layers.
pub fn config(init: usize, depth: usize, seed: u64) -> Result<RegressionConfig, ConfigError> {
    RegressionConfig::from_value(&config_json(init, depth, seed))
}

/// `config`'s JSON, as the page's `Regression` takes it.
pub fn config_json(init: usize, depth: usize, seed: u64) -> Value {
    let (_, id, options) = &inits()[init];
    json!({
        "depth": depth,
        "init": id,
        "initOptions": options,
        "seed": seed,
        "dataSeed": seed,
    })
}

/// One network of the sweep, trained.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    /// The init's label (`inits()`).
    pub init: String,
    /// Linear layers.
    pub depth: usize,
    /// The first step at which the relative error was at most `TARGET`, or `None` within
    /// `MAX_STEPS` (or when the run stopped at a non-finite error).
    pub steps_to_target: Option<u64>,
    /// The relative error after every step, step 0 first.
    pub errors: Vec<f64>,
}

impl Cell {
    /// The steps to the target, `MAX_STEPS` + 1 for a network that never reached it.
    pub fn steps_or_more(&self) -> f64 {
        self.steps_to_target
            .map_or(MAX_STEPS as f64 + 1.0, |s| s as f64)
    }
}

/// Trains init `init` at `depth` layers with weights and teacher from `seed`: one cell.
pub fn cell(init: usize, depth: usize, seed: u64) -> Result<Cell, ConfigError> {
    let label = inits()
        .get(init)
        .map(|i| i.0)
        .ok_or_else(|| ConfigError::new("init", format!("must be 0 or 1, got {init}")))?;
    let mut run = Regression::new(config(init, depth, seed)?);
    let mut errors = vec![run.relative_error()];
    let mut steps_to_target = None;
    while run.steps() < MAX_STEPS {
        let progress = run.steps_to(TARGET, run.steps() + 1);
        errors.push(progress.relative_error);
        if progress.reached_at.is_some() || !progress.relative_error.is_finite() {
            steps_to_target = progress.reached_at;
            break;
        }
    }
    if errors[0] <= TARGET {
        steps_to_target = Some(0);
    }
    Ok(Cell {
        init: label.to_string(),
        depth,
        steps_to_target,
        errors,
    })
}

/// The card's experiment: every cell and the badge.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Saxe {
    /// Init by init, depth by depth.
    pub cells: Vec<Cell>,
    /// The badge.
    pub checks: Vec<Check>,
}

/// Runs every cell with weights and teacher from `seed`.
pub fn experiment(seed: u64) -> Result<Saxe, ConfigError> {
    let mut cells = Vec::new();
    for init in 0..inits().len() {
        for depth in DEPTHS {
            cells.push(cell(init, depth, seed)?);
        }
    }
    Ok(Saxe {
        checks: checks(&cells)?,
        cells,
    })
}

impl Cell {
    /// A cell as JSON gives it back (`{init, depth, stepsToTarget}`, as `cell` serializes it;
    /// `errors` is not read): the error names `cells`.
    pub fn from_json(value: &Value) -> Result<Cell, ConfigError> {
        let bad = || {
            ConfigError::new(
                "cells",
                format!("each must be {{init, depth, stepsToTarget}} as saxeCell returns it, got {value}"),
            )
        };
        let init = value.get("init").and_then(Value::as_str).ok_or_else(bad)?;
        let depth = value.get("depth").and_then(Value::as_u64).ok_or_else(bad)?;
        let steps_to_target = match value.get("stepsToTarget") {
            Some(Value::Null) => None,
            Some(v) => Some(v.as_u64().ok_or_else(bad)?),
            None => return Err(bad()),
        };
        Ok(Cell {
            init: init.to_string(),
            depth: depth as usize,
            steps_to_target,
            errors: Vec::new(),
        })
    }
}

/// The badge from the cells of one seed (each init at depth 1, `STEEP_DEPTH` and the deepest
/// must be among them; an error naming `cells` says which is missing).
pub fn checks(cells: &[Cell]) -> Result<Vec<Check>, ConfigError> {
    let [orthogonal, gaussian] = inits().map(|i| i.0);
    let deepest = MAX_DEPTH;
    let steps = |init: &str, depth: usize| {
        cells
            .iter()
            .find(|c| c.init == init && c.depth == depth)
            .map(Cell::steps_or_more)
            .ok_or_else(|| {
                ConfigError::new("cells", format!("need the {init} network of depth {depth}"))
            })
    };
    Ok(vec![
        Check::new(
            format!("Orthogonal: steps to a relative error of {TARGET} at depth {deepest} over depth 1 (nearly flat: at most {FLAT_FACTOR}x)"),
            steps(orthogonal, deepest)? / steps(orthogonal, 1)?,
            FLAT_FACTOR,
            Tolerance::AtMost(FLAT_FACTOR),
        ),
        Check::new(
            format!("Scaled Gaussian: steps to a relative error of {TARGET} at depth {STEEP_DEPTH} over depth 1 (steep: more than {STEEP_FACTOR}x)"),
            steps(gaussian, STEEP_DEPTH)? / steps(gaussian, 1)?,
            STEEP_FACTOR,
            Tolerance::AtLeast(STEEP_FACTOR),
        ),
    ])
}
