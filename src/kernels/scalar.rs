//! The portable matmul: one output element at a time, in the canonical order of
//! `kernels::matmul`. It is the path on every target without wasm SIMD, and the reference the
//! SIMD path is tested against bit for bit (so it is compiled on wasm too).

use std::ops::Range;

use super::tanh_consts::{BIG, EXPM1, INV_LN2, LN2_HI, LN2_LO, ROUND, SMALL};
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
/// 2.2 ulp of the true value (a test checks it against f64). With u = (e^2|x| - 1) / 2 and
/// |x| clamped at `BIG` so e^2|x| stays finite, tanh |x| = u / (1 + u), computed as
/// u - u^2 / (1 + u) below `SMALL` (accurate for small |x|) and 1 - 1 / (1 + u) from there;
/// then x's sign. NaN stays NaN, +-inf give +-1, -0 stays -0.
pub fn tanh(x: f32) -> f32 {
    let ax = f32::from_bits(x.to_bits() & 0x7fff_ffff);
    // min(ax, BIG) that keeps NaN, as f32x4.pmin does.
    let y = if BIG < ax { BIG } else { ax };
    let u = 0.5 * expm1(y + y);
    let r = 1.0 / (1.0 + u);
    let small = u - (u * u) * r;
    let large = 1.0 - r;
    let t = if ax < SMALL { small } else { large };
    f32::from_bits(t.to_bits() | (x.to_bits() & 0x8000_0000))
}

/// e^y - 1 for y in [0, 2 BIG] (or NaN): with k = round(y / ln 2), r = y - k ln 2 and
/// p = e^r - 1 from its Taylor polynomial, (2^k - 1) + 2^k p (exact for k = 0, and with no
/// cancellation for k >= 1).
fn expm1(y: f32) -> f32 {
    let t = y * INV_LN2 + ROUND;
    let k = t - ROUND;
    let r = (y - k * LN2_HI) - k * LN2_LO;
    let mut q = EXPM1[6];
    for &c in EXPM1[..6].iter().rev() {
        q = c + r * q;
    }
    let p = r + (r * r) * q;
    let scale = f32::from_bits(t.to_bits().wrapping_sub(ROUND.to_bits()).wrapping_add(127) << 23);
    (scale - 1.0) + scale * p
}
