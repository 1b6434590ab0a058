//! What a run records of its layers over time: the four signal numbers of every layer
//! (`LayerSignal`) at regular steps, for the "over time" charts, bounded however long it trains.
//!
//! Points are snapshots, not aggregates: point k is the network as it stood after step
//! k * stride, read on a fixed probe of a few training samples (`experiment::TRACE_SAMPLES`),
//! the same every time, so a line changes only because the network did. When all `MAX_POINTS`
//! are taken, every other point
//! is dropped and the stride doubles, so the points stay evenly spaced from step 0 and a long
//! run keeps as many as a short one. Which steps are recorded depends only on the step count,
//! never on how the steps were split into calls.

use crate::diagnostics::LayerSignal;

/// Most points a `Trace` holds.
pub const MAX_POINTS: usize = 512;
/// Steps between points at first: 20, so a preset's first 1,500 steps give 75 points, and
/// the probe costs a few per cent of the first 10,240 steps, less and less after.
pub const FIRST_STRIDE: u64 = 20;

// Thinning keeps the even points, so the count must be even.
const _: () = assert!(MAX_POINTS % 2 == 0);

/// Per-layer signal numbers at steps 0, stride, 2 * stride, ... (see the module doc).
#[derive(Debug, Clone)]
pub struct Trace {
    layers: usize,
    stride: u64,
    /// Per point, per layer, the `LayerSignal::FIELDS` values: points x layers x 4.
    values: Vec<f32>,
    /// The latest point whose numbers are all finite.
    last_finite: Option<usize>,
}

/// Points of a trace from `from` on, as a caller that holds the points before `from` needs
/// them: `values` is (points - from) x layers x `LayerSignal::FIELDS.len()`.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceSlice {
    /// Steps between points.
    pub stride: u64,
    /// The first point given; point k is at step k * stride.
    pub from: usize,
    /// Layers per point.
    pub layers: usize,
    /// The values, point by point, layer by layer, field by field.
    pub values: Vec<f32>,
    /// The latest point (counted from 0, not from `from`) whose numbers are all finite, if any:
    /// how a diverged run looked just before.
    pub last_finite: Option<usize>,
}

impl Trace {
    /// An empty trace of a network with `layers` layers (hidden and output).
    pub fn new(layers: usize) -> Trace {
        Trace {
            layers,
            stride: FIRST_STRIDE,
            values: Vec::with_capacity(MAX_POINTS * layers * LayerSignal::FIELDS.len()),
            last_finite: None,
        }
    }

    fn width(&self) -> usize {
        self.layers * LayerSignal::FIELDS.len()
    }

    /// Points held.
    pub fn len(&self) -> usize {
        self.values.len() / self.width()
    }

    /// Whether no point has been recorded.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Steps between points: `FIRST_STRIDE` times a power of two.
    pub fn stride(&self) -> u64 {
        self.stride
    }

    /// Whether the run, having just reached `step`, should record a point: the next point's
    /// step, len * stride (the same after thinning, which halves one and doubles the other).
    pub fn due(&self, step: u64) -> bool {
        step == self.len() as u64 * self.stride
    }

    /// Records the point due at this step (see `due`): one `LayerSignal` per layer.
    pub fn record(&mut self, signals: impl Iterator<Item = LayerSignal>) {
        if self.len() == MAX_POINTS {
            self.thin();
        }
        let start = self.values.len();
        self.values.extend(signals.flat_map(|s| s.values()));
        debug_assert_eq!(self.values.len() - start, self.width());
        if self.values[start..].iter().all(|x| x.is_finite()) {
            self.last_finite = Some(self.len() - 1);
        }
    }

    /// Keeps the even points (steps that are multiples of twice the stride); doubles the stride.
    fn thin(&mut self) {
        let width = self.width();
        for k in 0..MAX_POINTS / 2 {
            self.values
                .copy_within(2 * k * width..(2 * k + 1) * width, k * width);
        }
        self.values.truncate(MAX_POINTS / 2 * width);
        self.last_finite = self
            .values
            .chunks_exact(width)
            .rposition(|point| point.iter().all(|x| x.is_finite()));
        self.stride *= 2;
    }

    /// The points a caller lacks that holds `held` points at stride `stride`: from `held` on
    /// while the stride is unchanged, else every point (the old ones were thinned).
    pub fn since(&self, stride: u64, held: usize) -> TraceSlice {
        let from = if stride == self.stride {
            held.min(self.len())
        } else {
            0
        };
        TraceSlice {
            stride: self.stride,
            from,
            layers: self.layers,
            values: self.values[from * self.width()..].to_vec(),
            last_finite: self.last_finite,
        }
    }
}
