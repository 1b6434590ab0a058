//! The hot loops of a dense layer: forward matmul with bias, and the three products of its
//! backward pass. Everything else in the network is bookkeeping around these.
//!
//! Shapes are row-major: `x` is batch x k (one sample per row), `w` is n x k (one row per
//! neuron), `out` and `delta` are batch x n. Each output element is summed in a fixed order
//! (ascending k, b or j), which any faster path must keep so results stay bit-identical.

/// Dense forward pass: `out[b, j] = bias[j] + sum_k x[b, k] * w[j, k]`.
pub fn dense_forward(x: &[f32], w: &[f32], bias: &[f32], k: usize, out: &mut [f32]) {
    let n = bias.len();
    for (xr, or) in x.chunks_exact(k).zip(out.chunks_exact_mut(n)) {
        for ((o, wr), b) in or.iter_mut().zip(w.chunks_exact(k)).zip(bias) {
            let mut acc = 0.0f32;
            for (xv, wv) in xr.iter().zip(wr) {
                acc += xv * wv;
            }
            *o = acc + b;
        }
    }
}

/// Weight and bias gradients of a dense layer, overwriting `gw` (n x k) and `gb` (n):
/// `gw[j, k] = sum_b delta[b, j] * x[b, k]`, `gb[j] = sum_b delta[b, j]`.
pub fn dense_param_grads(delta: &[f32], x: &[f32], k: usize, gw: &mut [f32], gb: &mut [f32]) {
    let n = gb.len();
    gw.fill(0.0);
    gb.fill(0.0);
    for (dr, xr) in delta.chunks_exact(n).zip(x.chunks_exact(k)) {
        for ((gwr, gbj), d) in gw.chunks_exact_mut(k).zip(gb.iter_mut()).zip(dr) {
            *gbj += d;
            for (g, xv) in gwr.iter_mut().zip(xr) {
                *g += d * xv;
            }
        }
    }
}

/// Gradient with respect to a dense layer's input, overwriting `dx` (batch x k):
/// `dx[b, k] = sum_j delta[b, j] * w[j, k]`.
pub fn dense_input_grad(delta: &[f32], w: &[f32], n: usize, k: usize, dx: &mut [f32]) {
    dx.fill(0.0);
    for (dr, dxr) in delta.chunks_exact(n).zip(dx.chunks_exact_mut(k)) {
        for (d, wr) in dr.iter().zip(w.chunks_exact(k)) {
            for (g, wv) in dxr.iter_mut().zip(wr) {
                *g += d * wv;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // x: 2 x 3, w: 2 x 3 (two neurons), bias: 2.
    const X: [f32; 6] = [1.0, 2.0, 3.0, -1.0, 0.5, 2.0];
    const W: [f32; 6] = [0.1, 0.2, 0.3, -0.5, 0.0, 1.0];

    #[test]
    fn forward_matches_definition() {
        let mut out = [0.0; 4];
        dense_forward(&X, &W, &[1.0, -1.0], 3, &mut out);
        let expect = |b: usize, j: usize, bias: f32| {
            (0..3).map(|k| X[b * 3 + k] * W[j * 3 + k]).sum::<f32>() + bias
        };
        assert_eq!(
            out,
            [
                expect(0, 0, 1.0),
                expect(0, 1, -1.0),
                expect(1, 0, 1.0),
                expect(1, 1, -1.0)
            ]
        );
    }

    #[test]
    fn backward_products_match_definitions() {
        let delta = [0.5f32, -2.0, 1.5, 0.25];
        let (mut gw, mut gb, mut dx) = ([9.0f32; 6], [9.0f32; 2], [9.0f32; 6]);
        dense_param_grads(&delta, &X, 3, &mut gw, &mut gb);
        dense_input_grad(&delta, &W, 2, 3, &mut dx);
        for j in 0..2 {
            assert_eq!(gb[j], delta[j] + delta[2 + j]);
            for k in 0..3 {
                assert_eq!(gw[j * 3 + k], delta[j] * X[k] + delta[2 + j] * X[3 + k]);
            }
        }
        for b in 0..2 {
            for k in 0..3 {
                assert_eq!(
                    dx[b * 3 + k],
                    delta[b * 2] * W[k] + delta[b * 2 + 1] * W[3 + k]
                );
            }
        }
    }
}
