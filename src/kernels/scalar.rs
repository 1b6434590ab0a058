//! The portable matmul: one output element at a time, in the canonical order of
//! `kernels::matmul`. It is the path on every target without wasm SIMD, and the reference the
//! SIMD path is tested against bit for bit (so it is compiled on wasm too).

use std::ops::Range;

use super::tanh_consts::{BIG, EXP, INV_LN2, LN2_HI, LN2_LO, ROUND, SMALL, TAYLOR};
use super::Lhs;

/// `out[i, c] = sum_p lhs(i, p) * rhs[p, c] (+ bias[c])` for `i < m`, `c < n`, summed over
/// `p < depth` in ascending order from 0.0, the bias added last. `rhs` is depth x n and `out`
/// m x n, row-major. See `kernels::matmul`, which checks the lengths.
pub fn matmul(
    (m, n, depth): (usize, usize, usize),
    lhs: Lhs,
    rhs: &[f32],
    bias: Option<&[f32]>,
    out: &mut [f32],
) {
    block((m, n, depth), lhs, rhs, bias, out, (0..m, 0..n));
}

/// `matmul` restricted to the outputs in `rows` x `cols` (the SIMD path's ragged corner).
pub(super) fn block(
    (_, n, depth): (usize, usize, usize),
    lhs: Lhs,
    rhs: &[f32],
    bias: Option<&[f32]>,
    out: &mut [f32],
    (rows, cols): (Range<usize>, Range<usize>),
) {
    for i in rows {
        let row = &mut out[i * n + cols.start..i * n + cols.end];
        row.fill(0.0);
        for p in 0..depth {
            let a = lhs.get(i, p);
            for (o, &b) in row
                .iter_mut()
                .zip(&rhs[p * n + cols.start..p * n + cols.end])
            {
                *o += a * b;
            }
        }
        if let Some(bias) = bias {
            for (o, &b) in row.iter_mut().zip(&bias[cols.clone()]) {
                *o += b;
            }
        }
    }
}

/// Writes `wt[p, j] = w[j, p]` for rows `j` in `rows` and columns `p` in `cols` of `w` (n x k);
/// `wt` is k x n.
pub(super) fn transpose(
    w: &[f32],
    k: usize,
    wt: &mut [f32],
    (rows, cols): (Range<usize>, Range<usize>),
) {
    let n = w.len() / k;
    for j in rows {
        for p in cols.clone() {
            wt[p * n + j] = w[j * k + p];
        }
    }
}

/// tanh x from +, -, *, / and bit operations only, so every target gives the same bits; within
/// 2 ulp of the true value (a test checks it against f64). On |x|: the odd Taylor polynomial
/// below `SMALL`; above, 1 - 2 / (e^2|x| + 1) with |x| clamped at `BIG` so e^2|x| stays finite;
/// then x's sign. NaN stays NaN, +-inf give +-1, -0 stays -0.
pub fn tanh(x: f32) -> f32 {
    let ax = f32::from_bits(x.to_bits() & 0x7fff_ffff);
    let z = ax * ax;
    let mut q = TAYLOR[7];
    for &t in TAYLOR[..7].iter().rev() {
        q = q * z + t;
    }
    let small = ax + (ax * z) * q;
    // min(ax, BIG) that keeps NaN, as f32x4.pmin does.
    let y = if BIG < ax { BIG } else { ax };
    let e = exp(y + y);
    let large = 1.0 - 2.0 / (e + 1.0);
    let t = if ax < SMALL { small } else { large };
    f32::from_bits(t.to_bits() | (x.to_bits() & 0x8000_0000))
}

/// e^y for y in [0, 2 BIG] (or NaN): 2^k times the Taylor polynomial of e^r, where
/// k = round(y / ln 2) and r = y - k ln 2.
fn exp(y: f32) -> f32 {
    let t = y * INV_LN2 + ROUND;
    let k = t - ROUND;
    let r = (y - k * LN2_HI) - k * LN2_LO;
    let mut p = EXP[5];
    for &c in EXP[..5].iter().rev() {
        p = c + r * p;
    }
    let p = 1.0 + r * (1.0 + r * p);
    let scale = t.to_bits().wrapping_sub(ROUND.to_bits()).wrapping_add(127) << 23;
    p * f32::from_bits(scale)
}
