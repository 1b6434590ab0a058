//! Card 6: Schoenholz, Gilmer, Ganguli & Sohl-Dickstein 2017, "Deep information propagation":
//! a tanh network trains only as deep as a signal travels through it at initialization, a
//! multiple of the correlation depth scale ξ_c, which diverges at the edge of chaos.
//!
//! The grid: tanh networks of width `WIDTH` on the digits, weights N(0, σ_w² / fan_in), biases
//! N(0, 0.05) as in the paper (the card's config holds it), σ_w² from 0.5 to 4 and `DEPTHS` hidden layers, each trained
//! `STEPS` steps; a cell's score is its training accuracy. Theory (`meanfield::LayerMap` of
//! tanh at σ_w², σ_b²) gives ξ_c per σ_w² and the critical σ_w² (χ_1 = 1 at the fixed point q*).
//!
//! The checks, each measurable on the grid:
//! - the peak: the σ_w² whose column trains best (mean accuracy over the depths) lies within
//!   `PEAK_TOLERANCE` of the critical σ_w²;
//! - the paper's bound: networks deeper than `PAPER_MULTIPLE` ξ_c barely learn, their mean
//!   accuracy below the `trains` threshold, halfway from chance to 1;
//! - along the curve: the better a column trains (its mean accuracy over the depths), the longer
//!   its ξ_c: their rank correlation over the columns is at least `FOLLOWS`. With fewer steps
//!   than the paper's the trained region's edge sits below its 6 ξ_c, so the shape is checked,
//!   not the multiple.

use serde_json::{json, Value};
use std::sync::OnceLock;

use super::grid::{Axis, Cell, Curve, Grid};
use super::{parse_list, Card, CellReading, Check, Tolerance, Verdict};
use crate::config::Config;
use crate::error::ConfigError;
use crate::meanfield::LayerMap;
use crate::presets::{Group, Preset};

/// Neurons per hidden layer.
pub const WIDTH: usize = 32;
/// The depths (hidden layers) of the grid's rows.
pub const DEPTHS: [usize; 7] = [2, 4, 8, 12, 16, 24, 32];
/// The smallest and largest σ_w² of the grid's columns, and the step between them.
pub const SIGMA_W2: (f64, f64, f64) = (0.5, 4.0, 0.25);
/// Steps each network trains.
pub const STEPS: u64 = 300;
/// The paper's trainable-depth bound, in units of ξ_c.
pub const PAPER_MULTIPLE: f64 = 6.0;
/// How far (in σ_w²) the best column may lie from the critical σ_w²: two columns.
pub const PEAK_TOLERANCE: f64 = 0.5;
/// The least rank correlation between a column's ξ_c and its deepest trained depth.
pub const FOLLOWS: f64 = 0.8;

/// The card.
pub const CARD: Card = Card {
    preset: Preset {
        id: "schoenholz2017",
        label: "Schoenholz 2017",
        group: Group::Papers,
        look_for: "Deep tanh networks train only near the edge of chaos: the trained region (light) reaches deepest at the critical weight variance, and its edge follows the correlation depth ξ_c. Click a cell to train that network.",
        views: &["phase", "loss"],
        base: r#"{"dataset": "digits", "hidden": [32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32], "activation": "tanh", "init": "variance_scaling", "initOptions": {"scale": 1.75, "mode": "fan_in", "distribution": "untruncated_normal"}, "biasInit": "random_normal", "biasInitOptions": {"stddev": 0.22360679774997896}, "optimizer": "sgd", "learningRate": 0.05, "batchSize": 32, "seed": 1}"#,
        runs: &[],
    },
    #[cfg(feature = "cards")]
    paper: super::Paper {
        citation: "Samuel S. Schoenholz, Justin Gilmer, Surya Ganguli, Jascha Sohl-Dickstein (2017). Deep information propagation. ICLR 2017.",
        summary: "A random network forgets how two inputs differed after about ξ_c layers, a depth that mean-field theory computes from the weight and bias variances and that diverges at the edge of chaos between the ordered and the chaotic phase. Networks trained only when at most about 6 ξ_c layers deep, so arbitrarily deep ones train only near the critical variance.",
        scaled_down: "The paper trained networks of width 300 and up to 300 layers on MNIST and CIFAR-10 for thousands of steps. Here: 105 tanh networks of width 32 and 2 to 32 layers (the deepest the core allows) on the 8x8 digits (1,257 training images), 300 SGD steps each at learning rate 0.05, so the grid trains in the browser within a minute. With fewer steps the trained region's edge sits below the paper's 6 ξ_c: the badge fits the multiple.",
        experiment: || super::Experiment::Grid {
            steps: STEPS,
            grid: || grid(1),
        },
        checks,
    },
};

/// The grid's σ_w² values.
pub fn sigma_w2s() -> Vec<f64> {
    let (lo, hi, step) = SIGMA_W2;
    let n = ((hi - lo) / step).round() as usize;
    (0..=n).map(|i| lo + step * i as f64).collect()
}

/// The network of the cell at σ_w² = `sigma_w2` and `depth` hidden layers, from `seed`: the
/// card's run with those two changed.
pub fn cell_config(sigma_w2: f64, depth: usize, seed: u64) -> Config {
    let mut c = CARD
        .configs()
        .expect("the card's config is valid")
        .remove(0);
    let mut v = c.to_json();
    v["hidden"] = json!(vec![WIDTH; depth]);
    v["initOptions"]["scale"] = json!(sigma_w2);
    v["seed"] = json!(seed);
    v["dataSeed"] = json!(seed);
    c = Config::from_value(&v).expect("a grid cell's config is valid");
    c
}

/// The grid of seed `seed`: every σ_w² by every depth, deepest first (the longest cells start
/// first, so the pool's workers end together).
pub fn grid(seed: u64) -> Grid {
    let xs = sigma_w2s();
    let mut cells = Vec::new();
    for y in (0..DEPTHS.len()).rev() {
        for (x, &s) in xs.iter().enumerate() {
            cells.push(Cell {
                x,
                y,
                config: cell_config(s, DEPTHS[y], seed),
            });
        }
    }
    let classes = cells[0].config.dataset.classes() as f64;
    let Theory { curve, critical } = theory();
    let critical = *critical;
    Grid {
        steps: STEPS,
        x: Axis {
            label: "weight variance σ_w² (× 1/fan_in)",
            values: xs,
        },
        y: Axis {
            label: "hidden layers",
            values: DEPTHS.iter().map(|&d| d as f64).collect(),
        },
        cells,
        score: "training accuracy",
        chance: 1.0 / classes,
        trains: trains_threshold(classes),
        curves: vec![Curve {
            label: format!("{PAPER_MULTIPLE} ξ_c, the paper's trainable depth"),
            points: curve.clone(),
        }],
        marks: vec![(format!("critical σ_w² = {critical:.2}"), critical)],
    }
}

/// What mean-field theory draws over the grid, the same for every seed.
struct Theory {
    /// (σ_w², PAPER_MULTIPLE ξ_c) at every eighth of a unit of σ_w² where ξ_c is finite.
    curve: Vec<(f64, f64)>,
    /// `critical_sigma_w2()`.
    critical: f64,
}

/// The theory over the grid, computed once: each ξ_c takes milliseconds (a two-dimensional
/// Gauss sum per bisection step), and `papers()` and every badge ask for the grid.
fn theory() -> &'static Theory {
    static THEORY: OnceLock<Theory> = OnceLock::new();
    THEORY.get_or_init(|| Theory {
        curve: (0..=28)
            .map(|i| SIGMA_W2.0 + 0.125 * f64::from(i))
            .map(|s| (s, PAPER_MULTIPLE * xi_c(s)))
            .filter(|&(_, y)| y.is_finite())
            .collect(),
        critical: critical_sigma_w2(),
    })
}

/// The accuracy from which a network counts as trained: halfway from chance (1 / classes) to 1.
pub fn trains_threshold(classes: f64) -> f64 {
    (1.0 + 1.0 / classes) / 2.0
}

/// The mean-field map of a deep layer of the grid's networks at weight variance `sigma_w2`,
/// with the activation and the biases of the card's config.
fn layer_map(sigma_w2: f64) -> LayerMap {
    let config = &CARD.configs().expect("the card's config is valid")[0];
    LayerMap {
        activation: config.activation,
        sigma_w2,
        sigma_b2: config.bias_init.bias_variance(WIDTH, WIDTH),
        bias_mean: config.bias_init.mean(),
    }
}

/// ξ_c at weight variance `sigma_w2` (infinite at criticality).
pub fn xi_c(sigma_w2: f64) -> f64 {
    let map = layer_map(sigma_w2);
    match map.fixed_point(1.0) {
        Ok(q) => map.depth_scales(q).correlation,
        Err(_) => f64::NAN,
    }
}

/// The critical σ_w², where χ_1 = σ_w² E[tanh'(h)²] at the fixed point q* is 1: bisected on
/// [0.5, 4], where χ_1 - 1 changes sign once.
pub fn critical_sigma_w2() -> f64 {
    let excess = |s: f64| {
        let map = layer_map(s);
        map.chi(map.fixed_point(1.0).unwrap_or(f64::NAN)) - 1.0
    };
    let (mut lo, mut hi) = (SIGMA_W2.0, SIGMA_W2.1);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if excess(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The badge from the page's readings of the grid's cells (in `grid`'s order).
pub fn checks(readings: &Value) -> Result<Verdict, ConfigError> {
    let grid = grid(1);
    let cells: Vec<CellReading> = parse_list(readings, grid.cells.len())?;
    Ok(verdict(&grid, &cells))
}

/// The badge of `grid` whose cells scored `cells` (same order).
pub fn verdict(grid: &Grid, cells: &[CellReading]) -> Verdict {
    let (xs, ys) = (&grid.x.values, &grid.y.values);
    let mut acc = vec![vec![f64::NAN; ys.len()]; xs.len()];
    for (cell, reading) in grid.cells.iter().zip(cells) {
        acc[cell.x][cell.y] = reading.accuracy;
    }
    let trained = |a: f64| a >= grid.trains;
    let xis: Vec<f64> = xs.iter().map(|&s| xi_c(s)).collect();

    let column_mean = |col: &Vec<f64>| col.iter().sum::<f64>() / col.len() as f64;
    let best = (0..xs.len())
        .filter(|&x| column_mean(&acc[x]).is_finite())
        .max_by(|&a, &b| column_mean(&acc[a]).total_cmp(&column_mean(&acc[b])));
    let critical = critical_sigma_w2();

    let beyond: Vec<f64> = (0..xs.len())
        .flat_map(|x| (0..ys.len()).map(move |y| (x, y)))
        .filter(|&(x, y)| ys[y] > PAPER_MULTIPLE * xis[x])
        .map(|(x, y)| acc[x][y])
        .collect();
    let beyond_mean = beyond.iter().sum::<f64>() / beyond.len() as f64;
    // Per column, the deepest depth that trains (None when none does): the figure's edge.
    let edge: Vec<Option<f64>> = (0..xs.len())
        .map(|x| {
            (0..ys.len())
                .rev()
                .find(|&y| trained(acc[x][y]))
                .map(|y| ys[y])
        })
        .collect();
    let means: Vec<f64> = acc.iter().map(column_mean).collect();
    let follows = rank_correlation(&xis, &means);

    let mut verdict = Verdict::of(vec![
        Check::new(
            format!(
                "The column that trains best (mean accuracy over the depths) lies within {PEAK_TOLERANCE} of the critical σ_w² = {critical:.2}"
            ),
            best.map_or(f64::NAN, |x| xs[x]),
            critical,
            Tolerance::Absolute(PEAK_TOLERANCE),
        ),
        Check::new(
            format!(
                "Networks deeper than the paper's {PAPER_MULTIPLE} ξ_c barely learn: the mean training accuracy of the {} such cells stays below halfway from chance to 1 ({:.0}%)",
                beyond.len(),
                100.0 * grid.trains
            ),
            beyond_mean,
            grid.trains,
            Tolerance::AtMost(grid.trains),
        ),
        Check::new(
            format!(
                "The trained region follows ξ_c: a column trains the better (mean accuracy over the depths), the longer its ξ_c (rank correlation over the {} columns at least {FOLLOWS})",
                xs.len()
            ),
            follows,
            FOLLOWS,
            Tolerance::AtLeast(FOLLOWS),
        ),
    ]);
    verdict.figure.insert("edge".into(), json!(edge));
    verdict
}

/// Spearman's rank correlation of `a` and `b` (ties share their mean rank); NaN for fewer than
/// three pairs or a constant list.
pub fn rank_correlation(a: &[f64], b: &[f64]) -> f64 {
    if a.len() < 3 || a.len() != b.len() {
        return f64::NAN;
    }
    let (ra, rb) = (ranks(a), ranks(b));
    let mean = (a.len() as f64 + 1.0) / 2.0;
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for (x, y) in ra.iter().zip(&rb) {
        ab += (x - mean) * (y - mean);
        aa += (x - mean) * (x - mean);
        bb += (y - mean) * (y - mean);
    }
    ab / libm::sqrt(aa * bb)
}

/// The rank of each value (1 = smallest), ties sharing their mean rank.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        for &k in &order[i..=j] {
            ranks[k] = (i + j) as f64 / 2.0 + 1.0;
        }
        i = j + 1;
    }
    ranks
}
