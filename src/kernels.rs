//! The hot loops of a dense layer: forward matmul with bias, and the two products of its
//! backward pass. Everything else in the network is bookkeeping around these.
//!
//! Shapes are row-major: `x` is batch x k (one sample per row), `w` is n x k (one row per
//! neuron) and `wt` its transpose (k x n), `out` and `delta` are batch x n.
//!
//! All three are one product, `matmul`, whose canonical order is the rule that keeps results
//! bit-identical on every target: each output element is its own sum, started at 0.0 and
//! accumulated over the inner index in ascending order (one multiply, then one add, never a
//! fused multiply-add), with the bias added last. The wasm SIMD path (`simd`, under `simd128`)
//! puts independent output elements side by side in f32x4 lanes and so follows that order
//! exactly; `scalar` is the path everywhere else, and the reference a wasm test holds the SIMD
//! path to.

pub mod scalar;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd;

/// The left operand of `matmul`: element (i, p) sits at `data[i * row + p * step]`, so one
/// row-major buffer serves as the matrix (`row` = its width, `step` = 1) or as its transpose
/// (`row` = 1, `step` = its width) without a copy.
#[derive(Debug, Clone, Copy)]
pub struct Lhs<'a> {
    /// The elements.
    pub data: &'a [f32],
    /// Distance between (i, p) and (i + 1, p).
    pub row: usize,
    /// Distance between (i, p) and (i, p + 1).
    pub step: usize,
}

impl Lhs<'_> {
    /// Element (i, p).
    pub fn get(&self, i: usize, p: usize) -> f32 {
        self.data[i * self.row + p * self.step]
    }

    /// Elements `data` must hold for an m x depth operand.
    fn extent(&self, m: usize, depth: usize) -> usize {
        if m == 0 || depth == 0 {
            0
        } else {
            (m - 1) * self.row + (depth - 1) * self.step + 1
        }
    }
}

/// `out[i, c] = sum_p lhs(i, p) * rhs[p, c] (+ bias[c])` for `i < m`, `c < n`, `p < depth`,
/// in the canonical order (see the module doc): `rhs` is depth x n, `out` m x n, `bias` n.
///
/// # Panics
/// If a buffer's length does not fit `(m, n, depth)`: a bug in the caller, never bad input.
pub fn matmul(
    (m, n, depth): (usize, usize, usize),
    lhs: Lhs,
    rhs: &[f32],
    bias: Option<&[f32]>,
    out: &mut [f32],
) {
    assert!(
        lhs.data.len() >= lhs.extent(m, depth)
            && rhs.len() == depth * n
            && out.len() == m * n
            && bias.is_none_or(|b| b.len() == n),
        "matmul: buffers do not fit {m} x {n} x {depth}"
    );
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    // SAFETY: every length was checked above.
    unsafe {
        simd::matmul((m, n, depth), lhs, rhs, bias, out)
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    scalar::matmul((m, n, depth), lhs, rhs, bias, out)
}

/// Writes the transpose of `w` (n x k) into `wt` (k x n): the forward pass reads each input's
/// weights to all neurons as one contiguous row.
pub fn transpose(w: &[f32], k: usize, wt: &mut [f32]) {
    let n = w.len() / k.max(1);
    for (j, row) in w.chunks_exact(k).enumerate() {
        for (p, &v) in row.iter().enumerate() {
            wt[p * n + j] = v;
        }
    }
}

/// Dense forward pass: `out[b, j] = sum_k x[b, k] * wt[k, j] + bias[j]` (`wt` is the
/// transposed weights, k x n).
pub fn dense_forward(x: &[f32], wt: &[f32], bias: &[f32], k: usize, out: &mut [f32]) {
    let n = bias.len();
    let lhs = Lhs {
        data: x,
        row: k,
        step: 1,
    };
    matmul((out.len() / n, n, k), lhs, wt, Some(bias), out);
}

/// Weight and bias gradients of a dense layer, overwriting `gw` (n x k) and `gb` (n):
/// `gw[j, k] = sum_b delta[b, j] * x[b, k]`, `gb[j] = sum_b delta[b, j]`.
pub fn dense_param_grads(delta: &[f32], x: &[f32], k: usize, gw: &mut [f32], gb: &mut [f32]) {
    let n = gb.len();
    let batch = delta.len() / n;
    let lhs = Lhs {
        data: delta,
        row: 1,
        step: n,
    };
    matmul((n, k, batch), lhs, x, None, gw);
    gb.fill(0.0);
    for row in delta.chunks_exact(n) {
        for (g, &d) in gb.iter_mut().zip(row) {
            *g += d;
        }
    }
}

/// Gradient with respect to a dense layer's input, overwriting `dx` (batch x k):
/// `dx[b, k] = sum_j delta[b, j] * w[j, k]`.
pub fn dense_input_grad(delta: &[f32], w: &[f32], n: usize, k: usize, dx: &mut [f32]) {
    let lhs = Lhs {
        data: delta,
        row: n,
        step: 1,
    };
    matmul((delta.len() / n, k, n), lhs, w, None, dx);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{seeded, uniform, Stream};

    /// `len` uniform values in [-1, 1) from a fixed seed.
    fn random(len: usize, seed: u64) -> Vec<f32> {
        let mut rng = seeded(seed, Stream::Data);
        (0..len)
            .map(|_| (2.0 * uniform(&mut rng) - 1.0) as f32)
            .collect()
    }

    /// Asserts `got` is within 1e-5 (relative to the sum of |terms|) of each f64 `want`.
    fn assert_close(got: &[f32], want: &[(f64, f64)], what: &str) {
        assert_eq!(got.len(), want.len(), "{what}: length");
        for (i, (&g, &(value, scale))) in got.iter().zip(want).enumerate() {
            let err = (g as f64 - value).abs();
            assert!(err <= 1e-5 * scale.max(1.0), "{what}[{i}]: {g} vs {value}");
        }
    }

    /// Naive f64 sum of `term(p)` over p < len, with the sum of |term| as the error scale.
    fn sum(len: usize, term: impl Fn(usize) -> f64) -> (f64, f64) {
        (0..len).fold((0.0, 0.0), |(s, a), p| (s + term(p), a + term(p).abs()))
    }

    #[test]
    fn dense_kernels_match_f64_reference_on_ragged_shapes() {
        for (batch, k, n) in [(1, 1, 1), (3, 2, 5), (32, 64, 64), (10, 7, 9), (5, 13, 3)] {
            let (x, w, bias, delta) = (
                random(batch * k, 1),
                random(n * k, 2),
                random(n, 3),
                random(batch * n, 4),
            );
            let f = |v: &[f32], i: usize| v[i] as f64;
            let mut wt = vec![0.0; k * n];
            transpose(&w, k, &mut wt);
            let mut out = vec![0.0; batch * n];
            dense_forward(&x, &wt, &bias, k, &mut out);
            let want: Vec<_> = (0..batch * n)
                .map(|e| {
                    let (b, j) = (e / n, e % n);
                    let (s, a) = sum(k, |p| f(&x, b * k + p) * f(&w, j * k + p));
                    (s + f(&bias, j), a + f(&bias, j).abs())
                })
                .collect();
            assert_close(&out, &want, "forward");

            let (mut gw, mut gb) = (vec![9.0; n * k], vec![9.0; n]);
            dense_param_grads(&delta, &x, k, &mut gw, &mut gb);
            let want: Vec<_> = (0..n * k)
                .map(|e| sum(batch, |b| f(&delta, b * n + e / k) * f(&x, b * k + e % k)))
                .collect();
            assert_close(&gw, &want, "weight grads");
            let want: Vec<_> = (0..n)
                .map(|j| sum(batch, |b| f(&delta, b * n + j)))
                .collect();
            assert_close(&gb, &want, "bias grads");

            let mut dx = vec![9.0; batch * k];
            dense_input_grad(&delta, &w, n, k, &mut dx);
            let want: Vec<_> = (0..batch * k)
                .map(|e| sum(n, |j| f(&delta, e / k * n + j) * f(&w, j * k + e % k)))
                .collect();
            assert_close(&dx, &want, "input grads");
        }
    }

    #[test]
    fn each_output_is_a_sequential_sum_then_bias() {
        // 1e8 + 1 - 1e8 is 0 in f32 summed left to right, 1 in any order that adds 1 last.
        let x = [1e8f32, 1.0, -1e8];
        let wt = [1.0f32, 1.0, 1.0];
        let mut out = [0.0];
        dense_forward(&x, &wt, &[0.5], 3, &mut out);
        assert_eq!(out, [((0.0 + 1e8f32) + 1.0 - 1e8) + 0.5]);
        assert_eq!(out, [0.5]);
    }

    #[test]
    fn transpose_swaps_rows_and_columns() {
        let w = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let mut wt = [0.0; 6];
        transpose(&w, 3, &mut wt);
        assert_eq!(wt, [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    }
}
