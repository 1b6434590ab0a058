//! Gauss quadrature for the expectations of the mean-field prediction: Gauss-Hermite rules for
//! E[f(z)], z ~ N(0, 1), and half-range rules for ∫_0^∞ g(y) φ(y) dy (φ the standard normal
//! density), which integrate a function with a kink at 0 (ReLU and its kin) accurately when
//! applied to each side of the kink.
//!
//! An n-node Gauss rule for a weight is read off the recurrence p_{k+1} = (x - a_k) p_k -
//! b_k p_{k-1} of the weight's monic orthogonal polynomials (Golub & Welsch 1969): the nodes
//! are the eigenvalues of the Jacobi matrix (diagonal a_0..a_{n-1}, off-diagonal √b_1..√b_{n-1}),
//! found here one by one by bisection on Sturm counts, to the last bit; the weights are the
//! Christoffel numbers μ_0 / Σ_{k<n} p̂_k(x_i)², p̂_k the orthonormal polynomials and μ_0 the
//! weight's mass (Gautschi, "Orthogonal Polynomials: Computation and Approximation", 2004,
//! §§1.4, 2.2, 3.1). The probabilists' Hermite polynomials have a_k = 0, b_k = k; the half-range
//! weight's coefficients come from the discretized Stieltjes procedure.

/// Nodes of the Gauss-Hermite rule of the mean-field prediction (for a Gaussian whose h = 0
/// lies far in a tail): even, so the rule is symmetric with no node at 0. A polynomial of
/// degree below 2 · `NODES` is integrated exactly.
pub const NODES: usize = 100;

/// Nodes of the half-range rule the mean-field prediction uses on each side of h = 0
/// (2 · `HALF_NODES` evaluations per expectation).
pub const HALF_NODES: usize = 100;

/// A quadrature rule: Σ w_i f(x_i) approximates the integral of f against its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    nodes: Vec<f64>,
    weights: Vec<f64>,
}

impl Rule {
    /// The n-node Gauss-Hermite rule for N(0, 1) (n at least 1): Σ w_i f(z_i) ≈ E[f(z)],
    /// exact for polynomials of degree below 2n; the weights sum to 1 and the rule is
    /// symmetric about 0.
    pub fn hermite(n: usize) -> Rule {
        let n = n.max(1);
        let a = vec![0.0; n];
        let b: Vec<f64> = (0..n).map(|k| k as f64).collect();
        let mut rule = Rule::gauss(&a, &b, 1.0);
        // Exact symmetry: the negative nodes mirror the positive ones.
        for i in 0..n / 2 {
            let (z, w) = (rule.nodes[n - 1 - i], rule.weights[n - 1 - i]);
            (rule.nodes[i], rule.weights[i]) = (-z, w);
        }
        if n % 2 == 1 {
            rule.nodes[n / 2] = 0.0;
        }
        rule
    }

    /// The n-node Gauss rule for the half-normal weight φ(y) on [0, ∞): Σ w_i g(y_i) ≈
    /// ∫_0^∞ g(y) φ(y) dy, exact for polynomials of degree below 2n; the weights sum to 1/2.
    pub fn half_hermite(n: usize) -> Rule {
        let n = n.max(1);
        let (points, masses) = half_normal_discretized();
        let (a, b) = stieltjes(&points, &masses, n);
        Rule::gauss(&a, &b, 0.5)
    }

    /// The nodes, increasing.
    pub fn nodes(&self) -> &[f64] {
        &self.nodes
    }

    /// The weights, one per node.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Σ w_i f(x_i).
    pub fn expect(&self, f: impl Fn(f64) -> f64) -> f64 {
        self.nodes
            .iter()
            .zip(&self.weights)
            .map(|(&x, &w)| w * f(x))
            .sum()
    }

    /// The Gauss rule of the weight of mass `mass` whose monic orthogonal polynomials have the
    /// recurrence coefficients `a` (n of them) and `b` (b[0] unused).
    fn gauss(a: &[f64], b: &[f64], mass: f64) -> Rule {
        let n = a.len();
        // Gershgorin: every eigenvalue lies within the widest row's disc.
        let off = |k: usize| if k > 0 && k < n { b[k].sqrt() } else { 0.0 };
        let radius = (0..n)
            .map(|k| a[k].abs() + off(k) + off(k + 1))
            .fold(0.0, f64::max);
        let nodes: Vec<f64> = (0..n)
            .map(|i| eigenvalue(a, b, i, -radius - 1.0, radius + 1.0))
            .collect();
        let weights = nodes
            .iter()
            .map(|&x| mass / orthonormal_squares(a, b, x))
            .collect();
        Rule { nodes, weights }
    }
}

/// How many eigenvalues of the Jacobi matrix lie below x: the negative pivots of its LDLᵀ
/// factorization shifted by x (a Sturm count).
fn count_below(a: &[f64], b: &[f64], x: f64) -> usize {
    let mut count = 0;
    let mut d = 1.0;
    for k in 0..a.len() {
        let coupling = if k == 0 { 0.0 } else { b[k] / d };
        d = a[k] - x - coupling;
        if d == 0.0 {
            d = -f64::EPSILON * (a[k].abs() + x.abs()).max(f64::MIN_POSITIVE);
        }
        if d < 0.0 {
            count += 1;
        }
    }
    count
}

/// The i-th smallest eigenvalue of the Jacobi matrix, in [lo, hi], by bisection on
/// `count_below` until the interval cannot shrink.
fn eigenvalue(a: &[f64], b: &[f64], i: usize, mut lo: f64, mut hi: f64) -> f64 {
    loop {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            return mid;
        }
        if count_below(a, b, mid) > i {
            hi = mid;
        } else {
            lo = mid;
        }
    }
}

/// Σ_{k<n} p̂_k(x)² for the orthonormal polynomials of the recurrence, with p̂_0 = 1 (a weight
/// of mass 1; `Rule::gauss` scales by the mass).
fn orthonormal_squares(a: &[f64], b: &[f64], x: f64) -> f64 {
    let (mut prev, mut p, mut sum) = (0.0, 1.0, 0.0);
    for k in 0..a.len() {
        sum += p * p;
        let back = if k == 0 { 0.0 } else { b[k].sqrt() };
        let next = ((x - a[k]) * p - back * prev) / b.get(k + 1).map_or(1.0, |b| b.sqrt());
        (prev, p) = (p, next);
    }
    sum
}

/// The half-normal measure φ(y) dy on (0, ∞) as point masses: y = e^u on a uniform grid in u,
/// masses h φ(y) y (the trapezoid rule after the substitution, whose error falls off like
/// e^(-c / h) for an integrand analytic in a strip, as y^k φ(y) e^u is).
fn half_normal_discretized() -> (Vec<f64>, Vec<f64>) {
    let (lo, hi, step) = (-40.0, 4.0, 1.0 / 64.0);
    let density = |y: f64| libm::exp(-0.5 * y * y) / libm::sqrt(2.0 * std::f64::consts::PI);
    let points: Vec<f64> = (0..=((hi - lo) / step) as usize)
        .map(|j| libm::exp(lo + j as f64 * step))
        .collect();
    let masses = points.iter().map(|&y| step * density(y) * y).collect();
    (points, masses)
}

/// The first n recurrence coefficients (a_k, b_k) of the monic orthogonal polynomials of a
/// discrete measure, by the Stieltjes procedure: a_k = ⟨x p_k, p_k⟩ / ⟨p_k, p_k⟩,
/// b_k = ⟨p_k, p_k⟩ / ⟨p_{k-1}, p_{k-1}⟩, each p_k kept normalized so nothing overflows.
fn stieltjes(points: &[f64], masses: &[f64], n: usize) -> (Vec<f64>, Vec<f64>) {
    let (mut a, mut b) = (Vec::with_capacity(n), vec![0.0]);
    let mut prev = vec![0.0; points.len()];
    let mut p = vec![1.0; points.len()];
    let mut norm_prev = 1.0;
    for k in 0..n {
        let norm: f64 = p.iter().zip(masses).map(|(p, m)| m * p * p).sum();
        let moment: f64 = (0..p.len())
            .map(|j| masses[j] * points[j] * p[j] * p[j])
            .sum();
        a.push(moment / norm);
        if k > 0 {
            b.push(norm / norm_prev);
        }
        // p_{k+1} = (x - a_k) p_k - b_k p_{k-1}, then p_k and p_{k+1} both divided by
        // √norm so that ⟨p_k, p_k⟩ = 1 (the ratios b_k are unchanged by a common scale).
        let bk = if k > 0 { b[k] } else { 0.0 };
        let scale = norm.sqrt();
        for j in 0..p.len() {
            let next = (points[j] - a[k]) * p[j] - bk * prev[j];
            (prev[j], p[j]) = (p[j] / scale, next / scale);
        }
        norm_prev = 1.0;
    }
    b.truncate(n);
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn even_moments_are_exact_up_to_degree_2n_minus_1() {
        let rule = Rule::hermite(NODES);
        assert_eq!(rule.nodes().len(), NODES);
        // E[z^(2k)] = (2k - 1)!!, odd moments 0 by symmetry.
        let mut double_factorial = 1.0;
        for k in 1..=30 {
            double_factorial *= (2 * k - 1) as f64;
            let got = rule.expect(|z| z.powi(2 * k));
            assert!(
                (got / double_factorial - 1.0).abs() < 1e-12,
                "E[z^{}] = {got} vs {double_factorial}",
                2 * k
            );
            let odd = rule.expect(|z| z.powi(2 * k - 1));
            assert!(
                odd.abs() < 1e-14 * double_factorial,
                "E[z^{}] = {odd}",
                2 * k - 1
            );
        }
        assert!((rule.weights().iter().sum::<f64>() - 1.0).abs() < 1e-14);
    }

    #[test]
    fn smooth_expectations_match_closed_forms() {
        let rule = Rule::hermite(NODES);
        // E[e^(a z)] = e^(a² / 2); E[cos z] = e^(-1/2).
        for a in [0.5, 1.0, 2.0, 3.0] {
            let want = libm::exp(a * a / 2.0);
            let got = rule.expect(|z| libm::exp(a * z));
            assert!((got / want - 1.0).abs() < 1e-12, "a = {a}: {got} vs {want}");
        }
        let got = rule.expect(libm::cos);
        assert!((got - libm::exp(-0.5)).abs() < 1e-14, "{got}");
    }

    #[test]
    fn small_rules_are_the_textbook_ones() {
        // n = 2: nodes ±1, weights 1/2; n = 3: 0 and ±√3, weights 2/3 and 1/6.
        let two = Rule::hermite(2);
        assert!((two.nodes()[1] - 1.0).abs() < 1e-15 && two.nodes()[0] == -two.nodes()[1]);
        assert!(two.weights().iter().all(|w| (w - 0.5).abs() < 1e-15));
        let three = Rule::hermite(3);
        assert_eq!(three.nodes()[1], 0.0);
        assert!((three.nodes()[2] - 3f64.sqrt()).abs() < 1e-14);
        assert!((three.weights()[1] - 2.0 / 3.0).abs() < 1e-14);
    }

    #[test]
    fn half_range_moments_are_exact() {
        // ∫_0^∞ y^k φ(y) dy = 2^(k/2 - 1) Γ((k + 1) / 2) / √π.
        let rule = Rule::half_hermite(HALF_NODES);
        assert!(rule.nodes().iter().all(|&y| y > 0.0));
        let pi = std::f64::consts::PI;
        for k in 0..=60 {
            let want = libm::pow(2.0, k as f64 / 2.0 - 1.0) * libm::tgamma((k as f64 + 1.0) / 2.0)
                / pi.sqrt();
            let got = rule.expect(|y| y.powi(k));
            assert!((got / want - 1.0).abs() < 1e-11, "k = {k}: {got} vs {want}");
        }
        // E[max(z, 0)] = 1 / √(2π), exactly what a full rule gets only to about 1 / n.
        let relu = rule.expect(|y| y);
        assert!((relu * (2.0 * pi).sqrt() - 1.0).abs() < 1e-14, "{relu}");
    }
}
