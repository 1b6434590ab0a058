//! What a run records of its mini-batch loss: a history of bounded size however long it trains,
//! and the step at which it reached the comparison's target loss.
//!
//! A million steps of per-step losses would be 4 MB per run, copied to the page again and again;
//! `LossHistory` keeps at most `MAX_POINTS` points instead, each the min, max and mean of a run
//! of consecutive steps, so a spike or a dip stays visible however far the history is thinned.

/// Most points a `LossHistory` holds.
pub const MAX_POINTS: usize = 2048;

/// The loss the comparison table counts steps to: a run has reached it at the first step s at
/// which the mean mini-batch loss of steps s - `TARGET_WINDOW` + 1 ..= s is below it.
pub const TARGET_LOSS: f32 = 0.1;
/// Points of a loss history from `from` on, as a caller that holds the points before `from`
/// needs them (see `LossHistory::since`).
#[derive(Debug, Clone, PartialEq)]
pub struct HistorySlice {
    /// Steps per point.
    pub stride: u64,
    /// The first point given.
    pub from: usize,
    /// Mean, min and max loss of points `from`.. (see `LossHistory`).
    pub mean: Vec<f32>,
    /// Smallest loss of each point.
    pub min: Vec<f32>,
    /// Largest loss of each point.
    pub max: Vec<f32>,
}

/// Steps averaged by the target rule (see `TARGET_LOSS`), so one lucky mini-batch does not count.
pub const TARGET_WINDOW: usize = 50;

// Merging adjacent pairs needs an even number of points.
const _: () = assert!(MAX_POINTS % 2 == 0);

/// The mini-batch loss of every step so far, decimated to at most `MAX_POINTS` points.
///
/// Point k covers steps k * stride + 1 ..= min((k + 1) * stride, steps) (steps count from 1).
/// `stride` starts at 1 and doubles when a step arrives while all `MAX_POINTS` points are
/// full: adjacent pairs merge, so every point but the last covers exactly `stride` steps. A
/// point keeps the min, max and mean of its losses; the mean is the exact weighted mean of a
/// sum kept in f64, so with stride 1 it is the loss itself, bit for bit. A NaN or infinite
/// loss (only ever the last: the run stops at it) makes its point's min, max and mean all NaN
/// or infinite, however many finite losses share the point, so a chart shows the divergence
/// whichever of them it draws. It also tracks the target rule (see `TARGET_LOSS`) on the raw
/// losses.
///
/// Its buffers are allocated once, at their full size: `push` allocates nothing.
#[derive(Debug, Clone)]
pub struct LossHistory {
    /// Per point: the sum of its losses, their mean, min and max.
    sums: Vec<f64>,
    means: Vec<f32>,
    mins: Vec<f32>,
    maxes: Vec<f32>,
    stride: u64,
    steps: u64,
    last: Option<f32>,
    target: TargetWatch,
}

impl Default for LossHistory {
    fn default() -> Self {
        LossHistory::new()
    }
}

impl LossHistory {
    /// An empty history (stride 1), with room for `MAX_POINTS` points.
    pub fn new() -> LossHistory {
        LossHistory {
            sums: Vec::with_capacity(MAX_POINTS),
            means: Vec::with_capacity(MAX_POINTS),
            mins: Vec::with_capacity(MAX_POINTS),
            maxes: Vec::with_capacity(MAX_POINTS),
            stride: 1,
            steps: 0,
            last: None,
            target: TargetWatch::new(),
        }
    }

    /// Records the mini-batch loss of the next step: it joins the last point if that point
    /// covers fewer than `stride` steps, else starts a new one (after halving the points by
    /// merging adjacent pairs if all `MAX_POINTS` are full).
    pub fn push(&mut self, loss: f32) {
        let starts_point = self.steps % self.stride == 0;
        self.steps += 1;
        self.last = Some(loss);
        self.target.push(self.steps, loss);
        if starts_point {
            if self.sums.len() == MAX_POINTS {
                self.merge_pairs();
            }
            // A point of one step: its loss is its mean, min and max, NaN bits included.
            self.sums.push(f64::from(loss));
            self.means.push(loss);
            self.mins.push(loss);
            self.maxes.push(loss);
        } else {
            let k = self.sums.len() - 1;
            self.sums[k] += f64::from(loss);
            self.mins[k] = extreme(self.mins[k], loss, f32::min);
            self.maxes[k] = extreme(self.maxes[k], loss, f32::max);
            self.means[k] = self.mean_of(k);
        }
    }

    /// Halves the points: point j becomes points 2j and 2j + 1 together, and `stride` doubles.
    /// Only called when a step arrives with all points full, so every merged point covers the
    /// new stride.
    fn merge_pairs(&mut self) {
        for j in 0..MAX_POINTS / 2 {
            let (a, b) = (2 * j, 2 * j + 1);
            self.sums[j] = self.sums[a] + self.sums[b];
            self.mins[j] = extreme(self.mins[a], self.mins[b], f32::min);
            self.maxes[j] = extreme(self.maxes[a], self.maxes[b], f32::max);
        }
        for v in [&mut self.means, &mut self.mins, &mut self.maxes] {
            v.truncate(MAX_POINTS / 2);
        }
        self.sums.truncate(MAX_POINTS / 2);
        self.stride *= 2;
        for k in 0..MAX_POINTS / 2 {
            self.means[k] = self.mean_of(k);
        }
    }

    /// Point k's mean: its sum over the steps it covers (counting the step being pushed).
    fn mean_of(&self, k: usize) -> f32 {
        let covered = self.steps.min((k as u64 + 1) * self.stride) - k as u64 * self.stride;
        (self.sums[k] / covered as f64) as f32
    }

    /// Steps each point covers (the last may cover fewer): a power of two, 1 until more than
    /// `MAX_POINTS` steps have been recorded.
    pub fn stride(&self) -> u64 {
        self.stride
    }

    /// Points held, at most `MAX_POINTS`: ceil(steps / stride).
    pub fn len(&self) -> usize {
        self.sums.len()
    }

    /// Whether no step has been recorded.
    pub fn is_empty(&self) -> bool {
        self.sums.is_empty()
    }

    /// Steps recorded.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The loss of the latest step, if any, as it was pushed.
    pub fn last(&self) -> Option<f32> {
        self.last
    }

    /// Every point's mean loss, `len()` values (see the type's doc for the steps point k covers).
    pub fn means(&self) -> &[f32] {
        &self.means
    }

    /// Every point's smallest loss, `len()` values; NaN or infinite if the point holds a NaN or
    /// infinite loss.
    pub fn mins(&self) -> &[f32] {
        &self.mins
    }

    /// Every point's largest loss, `len()` values; NaN or infinite if the point holds a NaN or
    /// infinite loss.
    pub fn maxes(&self) -> &[f32] {
        &self.maxes
    }

    /// Points `from`.. (`from` at most `len()`).
    pub fn slice(&self, from: usize) -> HistorySlice {
        HistorySlice {
            stride: self.stride,
            from,
            mean: self.means[from..].to_vec(),
            min: self.mins[from..].to_vec(),
            max: self.maxes[from..].to_vec(),
        }
    }

    /// The points a caller lacks that holds `held` points at stride `stride`: from its last
    /// point (which may have grown since) while the stride is unchanged, else every point
    /// (the old ones merged).
    pub fn since(&self, stride: u64, held: usize) -> HistorySlice {
        let from = if stride == self.stride {
            held.saturating_sub(1).min(self.len())
        } else {
            0
        };
        self.slice(from)
    }

    /// The step at which the target loss was reached (see `TARGET_LOSS`), if it was.
    pub fn target_reached_at(&self) -> Option<u64> {
        self.target.reached_at
    }
}

/// `pick(a, b)` (`f32::min` or `f32::max`) of two finite values; else the first non-finite
/// one, which `f32::min` and `f32::max` would drop if NaN, or pass over if infinite.
fn extreme(a: f32, b: f32, pick: fn(f32, f32) -> f32) -> f32 {
    match (a.is_finite(), b.is_finite()) {
        (true, true) => pick(a, b),
        (false, _) => a,
        (true, false) => b,
    }
}

/// The target rule (see `TARGET_LOSS`) over the raw per-step losses: the last
/// `TARGET_WINDOW` of them in a ring, summed afresh in f64 in step order at every step so
/// nothing drifts however long the run; their mean is compared with `TARGET_LOSS` widened to
/// f64.
#[derive(Debug, Clone)]
struct TargetWatch {
    ring: [f32; TARGET_WINDOW],
    reached_at: Option<u64>,
}

impl TargetWatch {
    fn new() -> TargetWatch {
        TargetWatch {
            ring: [0.0; TARGET_WINDOW],
            reached_at: None,
        }
    }

    /// Feeds step `step`'s loss (steps count from 1); once reached, the step stays.
    fn push(&mut self, step: u64, loss: f32) {
        if self.reached_at.is_some() {
            return;
        }
        // Step s sits at (s - 1) % TARGET_WINDOW, so the oldest step follows the newest.
        let window = TARGET_WINDOW as u64;
        let newest = ((step - 1) % window) as usize;
        self.ring[newest] = loss;
        if step < window {
            return;
        }
        let (newer, older) = self.ring.split_at(newest + 1);
        let sum: f64 = older.iter().chain(newer).map(|&l| f64::from(l)).sum();
        if sum / (TARGET_WINDOW as f64) < f64::from(TARGET_LOSS) {
            self.reached_at = Some(step);
        }
    }
}
