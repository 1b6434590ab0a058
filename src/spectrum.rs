//! Singular values of a real matrix (up to 512 x 512): the square roots of the eigenvalues of
//! its Gram matrix, found by Householder tridiagonalization and Sturm-sequence bisection, all
//! in f64.
//!
//! Why not a crate: only the values are needed, never the vectors; `nalgebra`'s or `faer`'s
//! SVD would bring a generic linear-algebra library into a wasm build that must stay small,
//! with transcendental functions the core does not control (the core takes them from `libm`
//! so native and wasm give the same bits). Why not a one-sided Jacobi SVD: it costs about ten
//! sweeps of 12 n³ flops (some 10^10 for n = 512, seconds in a browser); this costs about
//! 2 n³ (a fraction of a second).
//!
//! Accuracy: the Gram matrix squares the singular values, so those below about 1e-7 of the
//! largest are lost in its rounding (they come out as a few 1e-8 of the largest, or 0); the
//! others carry a relative error of order n · 1e-16 / (σ / σ_max)². A histogram of singular
//! values, on a linear or a log axis down to 1e-6 of the largest, is exact to its pixels.

/// The singular values of the `rows` x `columns` row-major matrix `a`, largest first: min(rows,
/// columns) of them, each at least 0.
///
/// # Panics
/// If `a.len() != rows * columns` (a caller bug, not bad input).
pub fn singular_values(a: &[f32], rows: usize, columns: usize) -> Vec<f64> {
    assert_eq!(a.len(), rows * columns, "a {rows} x {columns} matrix");
    let mut values: Vec<f64> = symmetric_eigenvalues(gram(a, rows, columns))
        .into_iter()
        .map(|l| libm::sqrt(l.max(0.0)))
        .collect();
    values.reverse();
    values
}

/// A symmetric matrix in full row-major storage, n x n.
struct Symmetric {
    n: usize,
    values: Vec<f64>,
}

/// The smaller Gram matrix of `a` (rows x columns): A Aᵀ when rows <= columns, else Aᵀ A,
/// accumulated in f64. Its eigenvalues are the squared singular values of `a`.
fn gram(a: &[f32], rows: usize, columns: usize) -> Symmetric {
    let (n, len) = if rows <= columns {
        (rows, columns)
    } else {
        (columns, rows)
    };
    // The n vectors whose inner products make the Gram matrix, each `len` long.
    let vectors: Vec<f64> = if rows <= columns {
        a.iter().map(|&x| f64::from(x)).collect()
    } else {
        (0..columns)
            .flat_map(|c| (0..rows).map(move |r| f64::from(a[r * columns + c])))
            .collect()
    };
    let vector = |i: usize| &vectors[i * len..(i + 1) * len];
    let mut values = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let dot: f64 = vector(i).iter().zip(vector(j)).map(|(x, y)| x * y).sum();
            values[i * n + j] = dot;
            values[j * n + i] = dot;
        }
    }
    Symmetric { n, values }
}

/// The eigenvalues of a symmetric matrix, smallest first.
fn symmetric_eigenvalues(m: Symmetric) -> Vec<f64> {
    let (diagonal, off) = tridiagonalize(m);
    tridiagonal_eigenvalues(&diagonal, &off)
}

/// Householder reduction of a symmetric matrix to a tridiagonal one with the same eigenvalues:
/// its diagonal (n) and off-diagonal (n - 1).
///
/// Step k reflects rows and columns k + 1.. by H = I - 2 v vᵀ (v a unit vector) so that column
/// k has zeros below its subdiagonal entry α = ∓‖x‖ (x that column's part below the
/// diagonal). On the trailing block B, H B H = B - 2 (v qᵀ + q vᵀ) with p = B v and
/// q = p - (vᵀ p) v.
fn tridiagonalize(m: Symmetric) -> (Vec<f64>, Vec<f64>) {
    let Symmetric { n, values: mut a } = m;
    let mut diagonal = vec![0.0; n];
    let mut off = vec![0.0; n.saturating_sub(1)];
    for k in 0..n.saturating_sub(2) {
        diagonal[k] = a[k * n + k];
        let start = k + 1;
        let mut v: Vec<f64> = (start..n).map(|i| a[i * n + k]).collect();
        let norm = libm::sqrt(v.iter().map(|x| x * x).sum());
        if norm == 0.0 {
            continue;
        }
        let alpha = if v[0] > 0.0 { -norm } else { norm };
        off[k] = alpha;
        v[0] -= alpha;
        let v_norm = libm::sqrt(v.iter().map(|x| x * x).sum());
        v.iter_mut().for_each(|x| *x /= v_norm);
        let block = n - start;
        let at = |i: usize, j: usize| (start + i) * n + start + j;
        let p: Vec<f64> = (0..block)
            .map(|i| (0..block).map(|j| a[at(i, j)] * v[j]).sum())
            .collect();
        let k_vp: f64 = v.iter().zip(&p).map(|(x, y)| x * y).sum();
        let q: Vec<f64> = p.iter().zip(&v).map(|(p, v)| p - k_vp * v).collect();
        for i in 0..block {
            for j in 0..block {
                a[at(i, j)] -= 2.0 * (v[i] * q[j] + q[i] * v[j]);
            }
        }
    }
    if n >= 2 {
        diagonal[n - 2] = a[(n - 2) * n + n - 2];
        off[n - 2] = a[(n - 1) * n + n - 2];
    }
    if n >= 1 {
        diagonal[n - 1] = a[(n - 1) * n + n - 1];
    }
    (diagonal, off)
}

/// The eigenvalues of the symmetric tridiagonal matrix with `diagonal` and `off`, smallest
/// first, each by bisection on Sturm counts from the Gershgorin interval to the last bit.
fn tridiagonal_eigenvalues(diagonal: &[f64], off: &[f64]) -> Vec<f64> {
    let n = diagonal.len();
    let off2: Vec<f64> = off.iter().map(|e| e * e).collect();
    let radius = |i: usize| {
        let below = if i > 0 { off[i - 1].abs() } else { 0.0 };
        below + off.get(i).map_or(0.0, |e| e.abs())
    };
    let lo = (0..n).map(|i| diagonal[i] - radius(i)).fold(0.0, f64::min);
    let hi = (0..n).map(|i| diagonal[i] + radius(i)).fold(0.0, f64::max);
    // The smallest pivot the count allows: keeps 1 / pivot finite.
    let pivot_floor = f64::MIN_POSITIVE * off2.iter().copied().fold(1.0, f64::max);
    let below = |x: f64| sturm_count(diagonal, &off2, x, pivot_floor);
    (0..n)
        .map(|j| {
            let (mut a, mut b) = (lo, hi);
            for _ in 0..200 {
                let mid = 0.5 * (a + b);
                if mid <= a || mid >= b {
                    break;
                }
                if below(mid) > j {
                    b = mid;
                } else {
                    a = mid;
                }
            }
            0.5 * (a + b)
        })
        .collect()
}

/// How many eigenvalues of the tridiagonal matrix (`diagonal`, squared off-diagonal `off2`)
/// lie below `x`: the negative pivots of the LDLᵀ factorization of T - x I.
fn sturm_count(diagonal: &[f64], off2: &[f64], x: f64, pivot_floor: f64) -> usize {
    let mut count = 0;
    let mut pivot = 1.0;
    for (i, &d) in diagonal.iter().enumerate() {
        let coupling = if i > 0 { off2[i - 1] / pivot } else { 0.0 };
        pivot = d - x - coupling;
        if pivot.abs() < pivot_floor {
            pivot = -pivot_floor;
        }
        if pivot < 0.0 {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::Init;
    use crate::rng::{seeded, Stream};

    /// A random n x n orthogonal matrix (the core's own orthogonal init).
    fn orthogonal(n: usize, seed: u64) -> Vec<f64> {
        let init = Init::from_json("orthogonal", None, "init").unwrap();
        let mut w = vec![0.0f32; n * n];
        init.sample(n, n, &mut seeded(seed, Stream::Init), &mut w);
        w.into_iter().map(f64::from).collect()
    }

    /// U diag(s) Vᵀ for random orthogonal U (rows x rows) and V (columns x columns).
    fn with_singular_values(s: &[f64], rows: usize, columns: usize) -> Vec<f32> {
        let (u, v) = (orthogonal(rows, 1), orthogonal(columns, 2));
        let mut a = vec![0.0f32; rows * columns];
        for r in 0..rows {
            for c in 0..columns {
                let x: f64 = (0..s.len())
                    .map(|k| u[r * rows + k] * s[k] * v[c * columns + k])
                    .sum();
                a[r * columns + c] = x as f32;
            }
        }
        a
    }

    #[test]
    fn recovers_known_singular_values_of_square_and_rectangular_matrices() {
        for (rows, columns) in [(40, 40), (12, 30), (30, 12), (1, 5), (64, 64)] {
            let k = rows.min(columns);
            let s: Vec<f64> = (0..k).map(|i| 3.0 * 0.9f64.powi(i as i32)).collect();
            let got = singular_values(&with_singular_values(&s, rows, columns), rows, columns);
            assert_eq!(got.len(), k);
            for (g, want) in got.iter().zip(&s) {
                // The matrix itself is rounded to f32: relative error about 1e-7.
                assert!(
                    (g - want).abs() < 1e-5 * s[0],
                    "{rows}x{columns}: {g} vs {want}"
                );
            }
        }
    }

    #[test]
    fn diagonal_zero_and_rank_deficient_matrices() {
        assert_eq!(singular_values(&[0.0; 9], 3, 3), vec![0.0; 3]);
        let d = singular_values(&[2.0, 0.0, 0.0, 0.0, -5.0, 0.0, 0.0, 0.0, 1.0], 3, 3);
        let want = [5.0, 2.0, 1.0];
        assert!(
            d.iter().zip(want).all(|(g, w)| (g - w).abs() < 1e-12),
            "{d:?}"
        );
        // Rank 1: every row the same; the one singular value is √(rows) · ‖row‖.
        let row = [1.0f32, 2.0, 2.0];
        let a: Vec<f32> = row.iter().cycle().take(12).copied().collect();
        let s = singular_values(&a, 4, 3);
        assert!(
            (s[0] - 6.0).abs() < 1e-9 && s[1] < 1e-6 && s[2] < 1e-6,
            "{s:?}"
        );
    }
}
