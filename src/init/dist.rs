//! The distribution of one weight, and how independent draws from it are made: every sample in
//! f64 from `crate::rng`, rounded to f32 once.

use super::variance::{truncated_variance_factor, TRUNCATION_BOUND};
use crate::rng::{self, Rng};

/// The distribution of one weight, drawn independently of the others.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dist {
    /// Every weight this value.
    Constant(f64),
    /// U[low, high) over f32 values.
    Uniform {
        /// The lower bound (included).
        low: f64,
        /// The upper bound (excluded).
        high: f64,
    },
    /// N(mean, stddev²).
    Normal {
        /// The mean.
        mean: f64,
        /// The standard deviation.
        stddev: f64,
    },
    /// N(mean, stddev²) redrawn beyond `TRUNCATION_BOUND` `stddev` of the mean, not rescaled.
    Truncated {
        /// The mean.
        mean: f64,
        /// The standard deviation before the cut.
        stddev: f64,
    },
}

impl Dist {
    pub(super) fn mean(self) -> f64 {
        match self {
            Dist::Constant(v) => v,
            Dist::Uniform { low, high } => (low + high) / 2.0,
            Dist::Normal { mean, .. } | Dist::Truncated { mean, .. } => mean,
        }
    }

    pub(super) fn variance(self) -> f64 {
        match self {
            Dist::Constant(_) => 0.0,
            Dist::Uniform { low, high } => (high - low) * (high - low) / 12.0,
            Dist::Normal { stddev, .. } => stddev * stddev,
            Dist::Truncated { stddev, .. } => stddev * stddev * truncated_variance_factor(),
        }
    }

    /// Fills `out` with independent draws (constants draw nothing from `rng`).
    pub(super) fn fill(self, rng: &mut Rng, out: &mut [f32]) {
        match self {
            Dist::Constant(v) => out.fill(v as f32),
            Dist::Uniform { low, high } => {
                let (low, high) = (low as f32, high as f32);
                out.iter_mut()
                    .for_each(|w| *w = uniform_f32(low, high, rng));
            }
            Dist::Normal { mean, stddev } => out
                .iter_mut()
                .for_each(|w| *w = (mean + stddev * rng::standard_normal(rng)) as f32),
            Dist::Truncated { mean, stddev } => out.iter_mut().for_each(|w| {
                let z = rng::truncated_standard_normal(rng, TRUNCATION_BOUND);
                *w = (mean + stddev * z) as f32;
            }),
        }
    }
}

/// A uniform f32 in [low, high), rounding to f32 once; draws that round up to `high` are redrawn
/// (at most half of them even when the interval is one f32 wide). An interval with no f32
/// inside (a limit below f32 resolution) collapses to `low`.
fn uniform_f32(low: f32, high: f32, rng: &mut Rng) -> f32 {
    if low >= high {
        return low;
    }
    let width = f64::from(high) - f64::from(low);
    loop {
        let w = (f64::from(low) + width * rng::uniform(rng)) as f32;
        if w < high {
            return w;
        }
    }
}
