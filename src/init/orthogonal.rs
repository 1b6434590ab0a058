//! Orthogonal weights: a layer's weight rows (or columns) as an orthonormal set, drawn uniformly
//! among all such sets (Keras's `Orthogonal`).

use crate::rng::{self, Rng};

/// Fills `out` (`fan_out` x `fan_in`, row-major) with `gain` times a random orthogonal matrix:
/// rows orthonormal when fan_out <= fan_in, else columns (Keras's `Orthogonal`).
///
/// A max x min matrix of standard normals is orthonormalized column by column (modified
/// Gram-Schmidt in f64). Gram-Schmidt gives the QR factor whose R has a positive diagonal,
/// which is what Keras gets by multiplying its Q by sign(diag R), so Q is uniformly (Haar)
/// distributed. The weights are Q's transpose when fan_out <= fan_in, else Q.
pub(super) fn orthogonal(fan_in: usize, fan_out: usize, gain: f64, rng: &mut Rng, out: &mut [f32]) {
    if fan_in == 0 || fan_out == 0 {
        return;
    }
    let (tall, short) = (fan_in.max(fan_out), fan_in.min(fan_out));
    // Column-major: column c is q[c * tall..(c + 1) * tall].
    let mut q: Vec<f64> = (0..tall * short)
        .map(|_| rng::standard_normal(rng))
        .collect();
    orthonormalize_columns(&mut q, tall);
    for r in 0..fan_out {
        for c in 0..fan_in {
            let (row, col) = if fan_out <= fan_in { (c, r) } else { (r, c) };
            out[r * fan_in + c] = (gain * q[col * tall + row]) as f32;
        }
    }
}

/// Modified Gram-Schmidt on the columns (each `len` long, stored one after another) of `q`.
fn orthonormalize_columns(q: &mut [f64], len: usize) {
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    for j in 0..q.len() / len {
        let (done, rest) = q.split_at_mut(j * len);
        let col = &mut rest[..len];
        for prev in done.chunks_exact(len) {
            let r = dot(prev, col);
            col.iter_mut().zip(prev).for_each(|(x, p)| *x -= r * p);
        }
        let norm = libm::sqrt(dot(col, col));
        col.iter_mut().for_each(|x| *x /= norm);
    }
}
