//! A depth-sweep card's experiment: networks learning a linear teacher (`crate::teacher`), one
//! per series (an init) and depth, each trained in the page's worker pool until its relative
//! error reaches a target or it has taken the most steps; the figure draws the steps each took
//! against depth, a curve per series (Saxe et al. 2014's figure).

use serde::Deserialize;
use serde_json::{json, Value};

use super::grid::Axis;
use super::parse_list;
use crate::error::ConfigError;

/// One network of the sweep: series `series` at depth index `x`, with its regression config.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Index into `Depths::series`.
    pub series: usize,
    /// Index into `Depths::x`'s values.
    pub x: usize,
    /// The `Regression` config (JSON, as `RegressionConfig::from_value` reads it; valid).
    pub config: Value,
}

/// A sweep of regression networks over depth, and what is measured of each.
#[derive(Debug, Clone, PartialEq)]
pub struct Depths {
    /// The most steps a network trains.
    pub steps: u64,
    /// The relative error a network must reach.
    pub target: f64,
    /// What the figure's y axis counts ("steps to a relative error of 0.05").
    pub score: String,
    /// The depths (linear layers), increasing.
    pub x: Axis,
    /// Each series' label (an init: "orthogonal").
    pub series: Vec<&'static str>,
    /// Every network, in the order the pool trains them (the slowest first).
    pub cells: Vec<Cell>,
}

impl Depths {
    /// The sweep as the page reads it: `{kind: "depths", steps, target, score, x: {label,
    /// values}, series: [label], cells: [{series, x, config}]}`.
    pub fn to_json(&self) -> Value {
        json!({
            "kind": "depths",
            "steps": self.steps,
            "target": self.target,
            "score": self.score,
            "x": {"label": self.x.label, "values": self.x.values},
            "series": self.series,
            "cells": self.cells.iter().map(|c| json!({"series": c.series, "x": c.x, "config": c.config})).collect::<Vec<_>>(),
        })
    }
}

/// What a depth-sweep card reads of one of its networks, trained in the page's worker pool.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StepsReading {
    /// The first step at which the relative error was at most the target, or `null` when it
    /// was not within the sweep's steps.
    pub steps_to_target: Option<u64>,
}

/// `readings` as one `StepsReading` per cell of `depths` (same order); errors name `readings`.
pub fn readings(depths: &Depths, readings: &Value) -> Result<Vec<StepsReading>, ConfigError> {
    parse_list(readings, depths.cells.len())
}
