//! A grid card's experiment: networks laid out over two axes (a phase diagram), each trained for
//! the same steps in the page's worker pool and scored, with the theory's curves drawn over them.

use serde_json::{json, Value};

use crate::config::Config;

/// One axis of a grid: the values its cells take, and how the page names them.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// What the axis varies, in words with its symbol ("weight variance σ_w²").
    pub label: &'static str,
    /// The values, in increasing order.
    pub values: Vec<f64>,
}

/// One network of a grid: at `x` (an index into the x axis's values) and `y`, with its config.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Index into `Grid::x`'s values.
    pub x: usize,
    /// Index into `Grid::y`'s values.
    pub y: usize,
    /// The network trained there.
    pub config: Config,
}

/// A curve drawn over the grid, in the axes' own units.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// What it is ("6 ξ_c, the paper's bound").
    pub label: String,
    /// (x, y) points, x increasing; y may leave the grid (the page clips it).
    pub points: Vec<(f64, f64)>,
}

/// A grid of networks, how each is scored, and the theory drawn over it.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Steps every cell trains.
    pub steps: u64,
    /// The horizontal axis.
    pub x: Axis,
    /// The vertical axis.
    pub y: Axis,
    /// Every cell, in the order the pool trains them.
    pub cells: Vec<Cell>,
    /// What colours a cell ("training accuracy"), from its `CellReading`.
    pub score: &'static str,
    /// The score of a network that learned nothing.
    pub chance: f64,
    /// The score from which a cell counts as trained.
    pub trains: f64,
    /// Theory's curves.
    pub curves: Vec<Curve>,
    /// Vertical lines at special x values: (label, x).
    pub marks: Vec<(String, f64)>,
}

impl Grid {
    /// The grid as the page reads it: `{kind: "grid", steps, x: {label, values}, y, cells: [{x, y,
    /// config}], score, chance, trains, curves: [{label, points: [[x, y]]}], marks: [{label, x}]}`.
    pub fn to_json(&self) -> Value {
        let axis = |a: &Axis| json!({"label": a.label, "values": a.values});
        json!({
            "kind": "grid",
            "steps": self.steps,
            "x": axis(&self.x),
            "y": axis(&self.y),
            "cells": self.cells.iter().map(|c| json!({"x": c.x, "y": c.y, "config": c.config.to_json()})).collect::<Vec<_>>(),
            "score": self.score,
            "chance": self.chance,
            "trains": self.trains,
            "curves": self.curves.iter().map(|c| json!({"label": c.label, "points": c.points.iter().map(|&(x, y)| [x, y]).collect::<Vec<_>>()})).collect::<Vec<_>>(),
            "marks": self.marks.iter().map(|(label, x)| json!({"label": label, "x": x})).collect::<Vec<_>>(),
        })
    }
}
