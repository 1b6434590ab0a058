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
//!
//! The tanh activation lives here too (`tanh`, `tanh_slice`): a scalar libm call per unit cost
//! more than all the matmuls of a tanh network, so it has a branch-free form built from
//! +, -, *, / and bit operations only (IEEE-exact on every target), the same on both paths.

pub use scalar::tanh;

pub mod scalar;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd;

/// The constants of `tanh`, shared by both paths (see `scalar::tanh` for how they are used).
mod tanh_consts {
    /// Below this |x|, tanh = u - u^2 / (1 + u) with u = (e^2|x| - 1) / 2; from here
    /// 1 - 1 / (1 + u), whose subtraction then loses nothing (tanh 0.55 is just above 1/2).
    pub const SMALL: f32 = 0.55;
    /// |x| is clamped here before the exponential: tanh rounds to 1 in f32 from about 8.7 on.
    pub const BIG: f32 = 10.0;
    /// 1 / ln 2, for e^y = 2^k e^r with k = round(y / ln 2).
    pub const INV_LN2: f32 = std::f32::consts::LOG2_E;
    /// ln 2 split Cody-Waite style: HI has 9 significant bits, so k HI is exact for small k.
    pub const LN2_HI: f32 = 0.693_359_4;
    /// ln 2 - LN2_HI.
    pub const LN2_LO: f32 = -2.121_944_4e-4;
    /// 1.5 * 2^23: adding it rounds a small float to an integer (ties to even), and the
    /// integer is then the low bits of the sum.
    pub const ROUND: f32 = 12_582_912.0;
    /// 1/n! for n = 2..8: e^r - 1 = r + r^2 (1/2! + r/3! + ... + r^6/8!) for |r| <= ln 2 / 2
    /// (the next term is under 0.01 ulp).
    pub const EXPM1: [f32; 7] = [
        5.0e-1,
        1.666_666_7e-1,
        4.166_666_7e-2,
        8.333_333e-3,
        1.388_888_9e-3,
        1.984_127e-4,
        2.480_158_7e-5,
    ];
}

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

/// `a[i] = tanh(z[i])` (see `tanh`), in f32x4 lanes on wasm SIMD; `a` is as long as `z`.
pub fn tanh_slice(z: &[f32], a: &mut [f32]) {
    assert_eq!(z.len(), a.len(), "tanh_slice: lengths differ");
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    simd::tanh_slice(z, a);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for (a, &z) in a.iter_mut().zip(z) {
        *a = tanh(z);
    }
}

/// Writes the transpose of `w` (n x k) into `wt` (k x n): the forward pass reads each input's
/// weights to all neurons as one contiguous row. In 4 x 4 tiles on wasm SIMD.
///
/// # Panics
/// If `w` is not a whole number of rows of `k` or `wt` is not as long as `w`.
pub fn transpose(w: &[f32], k: usize, wt: &mut [f32]) {
    assert!(
        k > 0 && w.len() % k == 0 && wt.len() == w.len(),
        "transpose: {} values are not rows of {k} matching {}",
        w.len(),
        wt.len()
    );
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    simd::transpose(w, k, wt);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    scalar::transpose(w, k, wt, (0..w.len() / k, 0..k));
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

    /// Distance in units in the last place between an f32 and an f64 value.
    fn ulps(got: f32, want: f64) -> f64 {
        let ulp = f32::from_bits((want.abs() as f32).to_bits() + 1) - want.abs() as f32;
        (got as f64 - want).abs() / ulp as f64
    }

    #[test]
    fn tanh_is_within_2_2_ulps_of_f64() {
        // Every 97th f32 from the smallest normal up to 12, both signs.
        let (lo, hi) = (f32::MIN_POSITIVE.to_bits(), 12f32.to_bits());
        let mut worst = (0.0, 0.0f32);
        for bits in (lo..hi).step_by(97) {
            for x in [f32::from_bits(bits), -f32::from_bits(bits)] {
                let err = ulps(tanh(x), libm::tanh(x as f64));
                if err > worst.0 {
                    worst = (err, x);
                }
            }
        }
        // 2.14 ulp over every f32 (checked once exhaustively); this samples 1 in 97.
        assert!(worst.0 <= 2.2, "{} ulp at {}", worst.0, worst.1);
    }

    #[test]
    fn tanh_special_values() {
        assert_eq!(tanh(0.0).to_bits(), 0.0f32.to_bits());
        assert_eq!(tanh(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!([tanh(f32::INFINITY), tanh(f32::NEG_INFINITY)], [1.0, -1.0]);
        assert_eq!([tanh(10.0), tanh(1e30), tanh(-20.0)], [1.0, 1.0, -1.0]);
        assert!(tanh(f32::NAN).is_nan());
        let tiny = f32::from_bits(1);
        assert_eq!([tanh(tiny), tanh(-tiny)], [tiny, -tiny]);
        let mut a = [0.0; 3];
        tanh_slice(&[0.3, -2.0, 0.7], &mut a);
        assert_eq!(a, [tanh(0.3), tanh(-2.0), tanh(0.7)]);
    }

    #[test]
    fn matmul_takes_empty_shapes_and_operands_of_exactly_their_extent() {
        // No rows, or a sum over nothing: an empty left operand fits, and each output is
        // the sum of no terms (0) plus its bias.
        let mut none = [];
        matmul(
            (0, 2, 3),
            Lhs {
                data: &[],
                row: 3,
                step: 1,
            },
            &[1.0; 6],
            None,
            &mut none,
        );
        let mut out = [9.0; 4];
        let bias = [0.5, -2.0];
        matmul(
            (2, 2, 0),
            Lhs {
                data: &[],
                row: 0,
                step: 1,
            },
            &[],
            Some(&bias),
            &mut out,
        );
        assert_eq!(out, [0.5, -2.0, 0.5, -2.0]);
        // A 2 x 3 operand read as the transpose of a 3 x 2 buffer of 6: (i, p) at i + 2 p.
        let data = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let mut out = [0.0; 2];
        matmul(
            (2, 1, 3),
            Lhs {
                data: &data,
                row: 1,
                step: 2,
            },
            &[1.0; 3],
            None,
            &mut out,
        );
        assert_eq!(out, [1.0 + 3.0 + 5.0, 2.0 + 4.0 + 6.0]);
    }

    #[test]
    #[should_panic(expected = "matmul: buffers do not fit 2 x 1 x 3")]
    fn matmul_refuses_a_left_operand_one_element_short() {
        // (i, p) at 3 i + 2 p: a 2 x 3 operand spans 8 elements, its last at 3 + 4.
        let data = [1.0; 7];
        let lhs = Lhs {
            data: &data,
            row: 3,
            step: 2,
        };
        matmul((2, 1, 3), lhs, &[1.0; 3], None, &mut [0.0; 2]);
    }

    #[test]
    fn a_block_computes_only_its_own_outputs() {
        // The SIMD path's ragged corner: outputs (1..3) x (2..5) of a 3 x 5 product are those
        // of the whole product, bit for bit; the others are left as they were.
        let (m, n, depth) = (3, 5, 4);
        let (x, rhs, bias) = (random(m * depth, 5), random(depth * n, 6), random(n, 7));
        let lhs = Lhs {
            data: &x,
            row: depth,
            step: 1,
        };
        let mut full = vec![0.0; m * n];
        matmul((m, n, depth), lhs, &rhs, Some(&bias), &mut full);
        let mut out = vec![7.0; m * n];
        scalar::block(
            (m, n, depth),
            lhs,
            &rhs,
            Some(&bias),
            &mut out,
            (1..3, 2..5),
        );
        for (e, &got) in out.iter().enumerate() {
            let inside = (1..3).contains(&(e / n)) && (2..5).contains(&(e % n));
            assert_eq!(got, if inside { full[e] } else { 7.0 }, "output {e}");
        }
        // Rows 1..2 and columns 1..3 of a 2 x 3 matrix land in its 3 x 2 transpose.
        let mut wt = [0.0; 6];
        scalar::transpose(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3, &mut wt, (1..2, 1..3));
        assert_eq!(wt, [0.0, 0.0, 0.0, 5.0, 0.0, 6.0]);
    }

    #[test]
    fn transpose_swaps_rows_and_columns() {
        let w = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let mut wt = [0.0; 6];
        transpose(&w, 3, &mut wt);
        assert_eq!(wt, [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    }
}
