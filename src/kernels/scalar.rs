//! The portable matmul: one output element at a time, in the canonical order of
//! `kernels::matmul`. It is the path on every target without wasm SIMD, and the reference the
//! SIMD path is tested against bit for bit (so it is compiled on wasm too).

use std::ops::Range;

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
    columns((m, n, depth), lhs, rhs, bias, out, 0..n);
}

/// `matmul` restricted to the output columns `cols` (the SIMD path's ragged right edge).
pub(super) fn columns(
    (m, n, depth): (usize, usize, usize),
    lhs: Lhs,
    rhs: &[f32],
    bias: Option<&[f32]>,
    out: &mut [f32],
    cols: Range<usize>,
) {
    for i in 0..m {
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
