//! Pennington, Schoenholz & Ganguli (2017), "Resurrecting the sigmoid in deep learning through
//! dynamical isometry": the singular values of a deep network's input-output Jacobian at
//! initialization (`crate::jacobian`).
//!
//! # What the paper claims and the theory behind the badge
//! - A deep linear network with orthogonal weights: J is a product of orthogonal matrices, so
//!   every singular value is exactly 1 (up to f32 rounding) at every depth.
//! - With Gaussian weights of variance 1/N (`glorot_normal`, untruncated, between equal
//!   layers) J is a product of L Gaussian matrices; as N → ∞ the density of its squared
//!   singular values is the Fuss-Catalan law, whose support ends at (L + 1)^(L+1) / L^L
//!   (4 at L = 1, Marchenko-Pastur's edge), about e (L + 1) for large L: the spread grows
//!   with depth while the mean squared singular value stays 1. The expected largest squared
//!   singular value is that edge.
//! - ReLU with He weights: J = D^L W^L ··· with D^L = diag(φ'(h^L)) zeroing the rows of the
//!   last layer's inactive units, about half of them (P(h ≤ 0) = 1/2 for zero-mean, symmetric
//!   pre-activations); so at least about half the singular values are 0, and more with depth.
//!
//! # Scaled down
//! Width 512 (the limit; the paper's plots use 1,000), depths 1 to 16 (the edge is a limit as
//! N → ∞ at fixed L; at N = 512 the largest measured squared singular value is 0.9 to 1.0 of
//! it up to L = 8, 0.75 to 0.9 at L = 16 and 0.7 at L = 31, where the density near the edge
//! holds fewer than one of 512 values), one input (training sample 0 of the two Gaussians).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{Card, Check, Tolerance};
use crate::config::Config;
use crate::error::ConfigError;
use crate::experiment::Run;
use crate::presets::{Group, Preset};

/// The card: the three networks at depth 4 as its runs (the page's Inside the layers view shows
/// them at step 0), its figure, every network at every depth of `DEPTHS`, measured at
/// initialization in the full build's workers.
pub const CARD: Card = Card {
    preset: Preset {
        id: "pennington2017",
        label: "Pennington 2017",
        group: Group::Papers,
        look_for: "The singular values of the input-output Jacobian at initialization: all exactly 1 for a deep linear network with orthogonal weights, spreading further with every layer for Gaussian weights, and many at zero for ReLU with He.",
        views: &["atinit", "layers"],
        base: r#"{"dataset": "gauss", "hidden": [512, 512, 512, 512, 512], "initOptions": {"distribution": "untruncated_normal"}, "seed": 1}"#,
        runs: &[
            r#"{"activation": "linear", "init": "orthogonal", "initOptions": {}}"#,
            r#"{"activation": "linear", "init": "glorot_normal"}"#,
            r#"{"activation": "relu", "init": "he_normal"}"#,
        ],
    },
    #[cfg(feature = "cards")]
    paper: super::Paper {
        citation: CITATION,
        summary: SUMMARY,
        scaled_down: SCALED_DOWN,
        experiment: || super::Experiment::AtInit {
            seed: SEED,
            figure: "spectra",
            cells: || {
                cells()
                    .map(|(network, depth)| {
                        let name = networks()[network].0;
                        json!({
                            "label": format!("{name}, depth {depth}"),
                            "network": name,
                            "depth": depth,
                            "theoryLargest": theory_largest(network, depth),
                        })
                    })
                    .collect()
            },
            measure: |index, seed| {
                let (network, depth) = cells().nth(index).expect("Card::cell checks the index");
                Ok(serde_json::to_value(measure(network, depth, seed)?).expect("a spectrum serializes"))
            },
        },
        checks: card_checks,
    },
};

/// The seed of the card's networks (its preset's).
pub const SEED: u64 = 1;

/// The card's cells, (network index, depth): every network at every depth, deepest first (the
/// longest first, so the page's workers end together).
pub fn cells() -> impl Iterator<Item = (usize, usize)> {
    DEPTHS
        .iter()
        .rev()
        .flat_map(|&depth| (0..networks().len()).map(move |network| (network, depth)))
}

/// The badge from the page's cells (`measure`'s spectra as JSON, in `cells()`' order); errors
/// name `readings[i]` for a cell of another network or depth than the card's.
pub fn card_checks(readings: &Value) -> Result<super::Verdict, ConfigError> {
    let spectra: Vec<Spectrum> = super::parse_list(readings, cells().count())?;
    for (i, ((network, depth), s)) in cells().zip(&spectra).enumerate() {
        let label = networks()[network].0;
        if s.network != label || s.depth != depth {
            return Err(ConfigError::at_index(
                "readings",
                i,
                format!("must be the spectrum of {label} at depth {depth}"),
            ));
        }
    }
    // The badge lists them as `experiment` does: network by network, depth by depth.
    let mut ordered: Vec<((usize, usize), Spectrum)> = cells().zip(spectra).collect();
    ordered.sort_by_key(|&(cell, _)| cell);
    let spectra: Vec<Spectrum> = ordered.into_iter().map(|(_, s)| s).collect();
    Ok(super::Verdict::of(checks(&spectra)))
}

/// The paper: authors, year, title, venue (for the card's citation).
pub const CITATION: &str = "Jeffrey Pennington, Samuel S. Schoenholz, Surya Ganguli (2017). Resurrecting the sigmoid in deep learning through dynamical isometry: theory and practice. NeurIPS 2017.";

/// What the paper showed, in two sentences (for the card's summary).
pub const SUMMARY: &str = "A deep network trains fast when all singular values of its input-output Jacobian sit near 1 (dynamical isometry). Orthogonal weights give exactly that in a linear network; Gaussian weights spread the singular values more with every layer, and ReLU networks cannot be isometric at all.";

/// What was scaled down from the paper's experiment, and why (for the card).
pub const SCALED_DOWN: &str = "Width 512 (the widest the lab allows) and depths 1 to 16, at one input, at initialization: the Gaussian edge (L+1)^(L+1)/L^L is a limit of infinite width, which the largest measured value approaches more slowly as depth grows (0.75 to 0.9 of it at depth 16).";

/// The width of every layer: N.
pub const WIDTH: usize = crate::config::MAX_WIDTH;

/// The depths L measured: the number of layers J spans (the network has L + 1 hidden layers).
pub const DEPTHS: [usize; 5] = [1, 2, 4, 8, 16];

/// The three networks: (label, activation, init, init options).
pub fn networks() -> [(&'static str, &'static str, &'static str, Value); 3] {
    let untruncated = json!({"distribution": "untruncated_normal"});
    [
        ("linear, orthogonal", "linear", "orthogonal", json!({})),
        (
            "linear, Gaussian",
            "linear",
            "glorot_normal",
            untruncated.clone(),
        ),
        ("ReLU, He", "relu", "he_normal", untruncated),
    ]
}

/// A singular value below this counts as near zero (the weights are scaled so that the
/// typical one is about 1).
pub const NEAR_ZERO: f64 = 0.01;

/// How far an orthogonal linear network's singular values may stray from 1: f32 rounding of
/// up to 16 products of 512-term sums (measured: 2.2e-6 at most, seeds 1 and 2).
pub const ISOMETRY_TOLERANCE: f64 = 1e-4;

/// Tolerance of the largest squared singular value against the Fuss-Catalan edge (see the
/// module doc for what finite width does to it).
pub const EDGE_FACTOR: f64 = 1.4;

/// The config of network `network` (an index into `networks()`) at depth `depth`.
pub fn config(network: usize, depth: usize, seed: u64) -> Result<Config, ConfigError> {
    let (_, activation, init, options) = &networks()[network];
    Config::from_value(&json!({
        "dataset": "gauss",
        "hidden": vec![WIDTH; depth + 1],
        "activation": activation,
        "init": init,
        "initOptions": options,
        "seed": seed,
        "dataSeed": seed,
    }))
}

/// One network's Jacobian spectrum at one depth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Spectrum {
    /// The network's label (`networks()`).
    pub network: String,
    /// L, the layers J spans.
    pub depth: usize,
    /// The singular values, largest first.
    pub singular_values: Vec<f64>,
}

/// The card's experiment: every network at every depth, and the badge.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pennington {
    /// Network by network, depth by depth.
    pub spectra: Vec<Spectrum>,
    /// The badge.
    pub checks: Vec<Check>,
}

impl Spectrum {
    /// A spectrum as JSON gives it back (`{network, depth, singularValues}`, as `measure`
    /// serializes it): the error names `spectra`.
    pub fn from_json(value: &Value) -> Result<Spectrum, ConfigError> {
        let bad = || {
            ConfigError::new(
                "spectra",
                "each must be {network, depth, singularValues} as penningtonCell returns it",
            )
        };
        let network = value
            .get("network")
            .and_then(Value::as_str)
            .ok_or_else(bad)?;
        let depth = value.get("depth").and_then(Value::as_u64).ok_or_else(bad)?;
        let values = value
            .get("singularValues")
            .and_then(Value::as_array)
            .ok_or_else(bad)?;
        let singular_values = values
            .iter()
            .map(|v| v.as_f64().ok_or_else(bad))
            .collect::<Result<Vec<f64>, _>>()?;
        Ok(Spectrum {
            network: network.to_string(),
            depth: depth as usize,
            singular_values,
        })
    }
}

/// The spectrum of network `network` at depth `depth`, weights from `seed`.
pub fn measure(network: usize, depth: usize, seed: u64) -> Result<Spectrum, ConfigError> {
    let mut run = Run::new(config(network, depth, seed)?)?;
    Ok(Spectrum {
        network: networks()[network].0.to_string(),
        depth,
        singular_values: run.jacobian_spectrum(0.0)?,
    })
}

/// (L + 1)^(L+1) / L^L: the right edge of the Fuss-Catalan law of order L, the largest squared
/// singular value of a product of L Gaussian N x N matrices of variance 1/N as N → ∞.
pub fn fuss_catalan_edge(depth: usize) -> f64 {
    let l = depth as f64;
    // (L + 1) (1 + 1/L)^L, which stays finite for any L.
    (l + 1.0) * libm::exp(l * libm::log1p(1.0 / l))
}

/// The largest singular value theory gives network `network` (of `networks()`) at depth
/// `depth` at infinite width, for the figure to mark: 1 for the orthogonal linear network (an
/// isometry), the square root of the Fuss-Catalan edge for the Gaussian one; none for ReLU.
pub fn theory_largest(network: usize, depth: usize) -> Option<f64> {
    match networks()[network] {
        (_, "linear", "orthogonal", _) => Some(1.0),
        (_, "linear", _, _) => Some(fuss_catalan_edge(depth).sqrt()),
        _ => None,
    }
}

/// Runs the card with weights from `seed`.
pub fn experiment(seed: u64) -> Result<Pennington, ConfigError> {
    let mut spectra = Vec::new();
    for network in 0..networks().len() {
        for depth in DEPTHS {
            spectra.push(measure(network, depth, seed)?);
        }
    }
    Ok(Pennington {
        checks: checks(&spectra),
        spectra,
    })
}

/// The badge, from the spectra `experiment` measured.
pub fn checks(spectra: &[Spectrum]) -> Vec<Check> {
    let labels = networks().map(|n| n.0);
    let of = |network: usize| spectra.iter().filter(move |s| s.network == labels[network]);
    let deepest = *DEPTHS.last().expect("depths");
    let mut checks = Vec::new();
    let isometry_gap = of(0)
        .flat_map(|s| s.singular_values.iter().map(|v| (v - 1.0).abs()))
        .fold(0.0, f64::max);
    checks.push(Check::new(
        "Linear network, orthogonal weights: every singular value is 1 at every depth (largest distance from 1)",
        isometry_gap,
        ISOMETRY_TOLERANCE,
        Tolerance::AtMost(ISOMETRY_TOLERANCE),
    ));
    for s in of(1) {
        let top = s.singular_values.first().copied().unwrap_or(0.0);
        checks.push(Check::new(
            format!(
                "Linear network, Gaussian weights, depth {}: the largest squared singular value is near the theory's edge (L+1)^(L+1)/L^L ≈ e(L+1)",
                s.depth
            ),
            top * top,
            fuss_catalan_edge(s.depth),
            Tolerance::Factor(EDGE_FACTOR),
        ));
    }
    if let Some(relu) = of(2).find(|s| s.depth == deepest) {
        let n = relu.singular_values.len().max(1) as f64;
        let near_zero = relu
            .singular_values
            .iter()
            .filter(|&&v| v < NEAR_ZERO)
            .count() as f64;
        checks.push(Check::new(
            format!(
                "ReLU network, He weights, depth {deepest}: at least half the singular values are near zero (below {NEAR_ZERO}), as the last layer's inactive half zeroes its rows"
            ),
            near_zero / n,
            0.5,
            Tolerance::AtLeast(0.5),
        ));
    }
    checks
}
