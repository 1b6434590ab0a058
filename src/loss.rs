//! Losses on the network's raw (linear) outputs, each value next to its gradient, in the stable
//! forms: binary cross-entropy from logits, softmax + cross-entropy via log-sum-exp.
//!
//! Layout everywhere: `logits` and `targets` are batch x outputs, row-major.

use crate::activation::Activation;
use crate::error::ConfigError;

/// A training loss. Ids are Keras's; the network's last layer is linear and the loss applies
/// its own squashing (sigmoid or softmax), as Keras does with `from_logits=True`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Loss {
    /// Per output: -[t ln s(x) + (1 - t) ln(1 - s(x))] with s the sigmoid, summed over the
    /// outputs of a sample, averaged over samples. Targets are 0/1.
    BinaryCrossEntropy,
    /// Per sample: -sum_k t_k ln softmax(x)_k, averaged over samples. Targets are one-hot (any
    /// rows summing to 1 work).
    SoftmaxCrossEntropy,
    /// (y - t)^2 on the raw outputs, averaged over every element (Keras's "mse").
    MeanSquaredError,
}

impl Loss {
    /// Every loss, in the order the page lists them.
    pub const ALL: [Loss; 3] = [
        Loss::BinaryCrossEntropy,
        Loss::SoftmaxCrossEntropy,
        Loss::MeanSquaredError,
    ];

    /// The stable id used in configs, URLs and the JS API (Keras's names).
    pub fn id(self) -> &'static str {
        match self {
            Loss::BinaryCrossEntropy => "binary_crossentropy",
            Loss::SoftmaxCrossEntropy => "categorical_crossentropy",
            Loss::MeanSquaredError => "mse",
        }
    }

    /// The name a student reads on the page.
    pub fn label(self) -> &'static str {
        match self {
            Loss::BinaryCrossEntropy => "Binary cross-entropy",
            Loss::SoftmaxCrossEntropy => "Softmax cross-entropy",
            Loss::MeanSquaredError => "Mean squared error",
        }
    }

    /// Parses an id; the error names the `loss` field and lists the allowed ids.
    pub fn from_id(id: &str) -> Result<Self, ConfigError> {
        Self::ALL
            .into_iter()
            .find(|l| l.id() == id)
            .ok_or_else(|| ConfigError::unknown_id("loss", id, &Self::ALL.map(Loss::id)))
    }

    /// The usual loss for `classes` classes: binary cross-entropy on one output for 2 classes,
    /// softmax cross-entropy otherwise.
    pub fn default_for(classes: usize) -> Loss {
        if classes == 2 {
            Loss::BinaryCrossEntropy
        } else {
            Loss::SoftmaxCrossEntropy
        }
    }

    /// How many outputs the network needs for `classes` classes: the one place for that rule.
    /// BCE and MSE with 2 classes use a single output (the label 0/1 as target); every other
    /// case uses one output per class with one-hot targets.
    pub fn outputs(self, classes: usize) -> usize {
        match self {
            Loss::BinaryCrossEntropy | Loss::MeanSquaredError if classes == 2 => 1,
            _ => classes,
        }
    }

    /// Writes one sample's target row (`out.len() == self.outputs(classes)`): the label itself
    /// on a single output, else one-hot.
    ///
    /// # Panics
    /// If `label >= out.len()` with several outputs (labels come from the dataset, not users).
    pub fn encode_target(self, label: usize, classes: usize, out: &mut [f32]) {
        debug_assert_eq!(out.len(), self.outputs(classes));
        if let [single] = out {
            *single = label as f32;
        } else {
            out.fill(0.0);
            out[label] = 1.0;
        }
    }

    /// Mean loss over the batch, and dLoss/dlogits into `grad` (same shape as `logits`,
    /// already divided by the mean's denominator: the batch size for the cross-entropies, the
    /// element count for MSE). Sums are accumulated in f64. A non-finite logit gives a
    /// non-finite loss, so divergence is detected; it never panics on values.
    ///
    /// # Panics
    /// If `outputs` is 0 (a network always has an output).
    pub fn forward_backward(
        self,
        logits: &[f32],
        targets: &[f32],
        outputs: usize,
        grad: &mut [f32],
    ) -> f32 {
        debug_assert!(logits.len() == targets.len() && logits.len() == grad.len());
        let n = self.denominator(logits.len(), outputs);
        let scale = (1.0 / n) as f32;
        let sum = match self {
            Loss::BinaryCrossEntropy => elementwise(logits, targets, grad, scale, bce, bce_slope),
            Loss::MeanSquaredError => elementwise(logits, targets, grad, scale, mse, mse_slope),
            Loss::SoftmaxCrossEntropy => {
                let rows = logits
                    .chunks_exact(outputs)
                    .zip(targets.chunks_exact(outputs));
                let mut sum = 0.0;
                for ((x, t), g) in rows.zip(grad.chunks_exact_mut(outputs)) {
                    // One exp per logit: g holds e^(x_k - max), then softmax_k - t_k, scaled.
                    let (max, total) = exp_shifted(x, g);
                    sum += cross_entropy(x, t, max, libm::logf(total)) as f64;
                    for (g, &t) in g.iter_mut().zip(t) {
                        *g = (*g / total - t) * scale;
                    }
                }
                sum
            }
        };
        (sum / n) as f32
    }

    /// The same mean loss as `forward_backward`, without gradients.
    ///
    /// # Panics
    /// If `outputs` is 0.
    pub fn value(self, logits: &[f32], targets: &[f32], outputs: usize) -> f32 {
        debug_assert_eq!(logits.len(), targets.len());
        let n = self.denominator(logits.len(), outputs);
        let sum = match self {
            Loss::BinaryCrossEntropy => sum_terms(logits, targets, bce),
            Loss::MeanSquaredError => sum_terms(logits, targets, mse),
            Loss::SoftmaxCrossEntropy => logits
                .chunks_exact(outputs)
                .zip(targets.chunks_exact(outputs))
                .map(|(x, t)| {
                    let (max, lse) = log_sum_exp(x);
                    cross_entropy(x, t, max, lse) as f64
                })
                .sum(),
        };
        (sum / n) as f32
    }

    /// One sample's class probabilities from its logits (`out.len() == logits_row.len()`):
    /// sigmoid of each logit for BCE, softmax for cross-entropy, the raw outputs for MSE.
    pub fn probabilities(self, logits_row: &[f32], out: &mut [f32]) {
        debug_assert_eq!(logits_row.len(), out.len());
        match self {
            Loss::BinaryCrossEntropy => Activation::Sigmoid.apply_slice(logits_row, out),
            Loss::SoftmaxCrossEntropy => {
                let (_, total) = exp_shifted(logits_row, out);
                for o in out.iter_mut() {
                    *o /= total;
                }
            }
            Loss::MeanSquaredError => out.copy_from_slice(logits_row),
        }
    }

    /// The predicted class of one sample. One output: class 1 when the logit is > 0 (BCE, i.e.
    /// probability > 0.5) or the raw output is > 0.5 (MSE). Several outputs: the argmax (the
    /// first on ties; NaN never wins).
    pub fn predict(self, logits_row: &[f32]) -> usize {
        match (self, logits_row) {
            (Loss::BinaryCrossEntropy, [x]) => usize::from(*x > 0.0),
            (Loss::MeanSquaredError, [y]) => usize::from(*y > 0.5),
            _ => argmax(logits_row),
        }
    }

    /// What the loss sum is divided by: samples for the cross-entropies, elements for MSE.
    fn denominator(self, len: usize, outputs: usize) -> f64 {
        match self {
            Loss::MeanSquaredError => len as f64,
            _ => (len / outputs) as f64,
        }
    }
}

/// Sums term(x, t) over all elements (in f64) and writes grad = slope(x, t) * scale.
fn elementwise(
    logits: &[f32],
    targets: &[f32],
    grad: &mut [f32],
    scale: f32,
    term: impl Fn(f32, f32) -> f32,
    slope: impl Fn(f32, f32) -> f32,
) -> f64 {
    let mut sum = 0.0;
    for ((g, &x), &t) in grad.iter_mut().zip(logits).zip(targets) {
        sum += term(x, t) as f64;
        *g = slope(x, t) * scale;
    }
    sum
}

/// Sums term(x, t) over all elements, in f64.
fn sum_terms(logits: &[f32], targets: &[f32], term: impl Fn(f32, f32) -> f32) -> f64 {
    logits
        .iter()
        .zip(targets)
        .map(|(&x, &t)| term(x, t) as f64)
        .sum()
}

/// Binary cross-entropy of one logit x against target t, in the stable form
/// max(x, 0) - x t + ln(1 + e^-|x|) (the exponential never overflows).
fn bce(x: f32, t: f32) -> f32 {
    x.max(0.0) - x * t + libm::log1pf(libm::expf(-x.abs()))
}

/// d bce / dx = sigmoid(x) - t.
fn bce_slope(x: f32, t: f32) -> f32 {
    Activation::Sigmoid.apply(x) - t
}

fn mse(y: f32, t: f32) -> f32 {
    (y - t) * (y - t)
}

/// d mse / dy = 2 (y - t).
fn mse_slope(y: f32, t: f32) -> f32 {
    2.0 * (y - t)
}

/// (max, ln sum_k e^(x_k - max)) of one row: subtracting the max keeps every exponent <= 0.
fn log_sum_exp(x: &[f32]) -> (f32, f32) {
    let max = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let sum: f32 = x.iter().map(|&v| libm::expf(v - max)).sum();
    (max, libm::logf(sum))
}

/// -sum_k t_k ln softmax(x)_k = sum_k t_k (lse - (x_k - max)). Summing over every k (not just
/// the target) makes a -inf logit give NaN (0 * inf) instead of a finite loss.
fn cross_entropy(x: &[f32], t: &[f32], max: f32, lse: f32) -> f32 {
    x.iter().zip(t).map(|(&x, &t)| t * (lse - (x - max))).sum()
}

/// out_k = e^(x_k - max) for one row, and (max, sum_k out_k): softmax(x)_k is out_k / sum, and
/// ln sum is `log_sum_exp(x)`'s, with one exp per logit.
fn exp_shifted(x: &[f32], out: &mut [f32]) -> (f32, f32) {
    let max = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for (o, &x) in out.iter_mut().zip(x) {
        *o = libm::expf(x - max);
        sum += *o;
    }
    (max, sum)
}

/// Index of the largest value (the first on ties; NaN is skipped, 0 if all are NaN).
fn argmax(row: &[f32]) -> usize {
    let mut best = 0;
    for (i, &v) in row.iter().enumerate() {
        if v > row[best] || row[best].is_nan() {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each loss's mean written out again in f64, straight from its definition (no stable
    /// tricks: fine for the moderate logits used here).
    fn reference(loss: Loss, x: &[f64], t: &[f64], outputs: usize) -> f64 {
        let batch = (x.len() / outputs) as f64;
        match loss {
            Loss::BinaryCrossEntropy => {
                let term = |(&x, &t): (&f64, &f64)| {
                    let s = 1.0 / (1.0 + libm::exp(-x));
                    -(t * libm::log(s) + (1.0 - t) * libm::log(1.0 - s))
                };
                x.iter().zip(t).map(term).sum::<f64>() / batch
            }
            Loss::SoftmaxCrossEntropy => {
                let row = |(x, t): (&[f64], &[f64])| {
                    let z: f64 = x.iter().map(|&v| libm::exp(v)).sum();
                    -x.iter()
                        .zip(t)
                        .map(|(&v, &t)| t * libm::log(libm::exp(v) / z))
                        .sum::<f64>()
                };
                x.chunks(outputs)
                    .zip(t.chunks(outputs))
                    .map(row)
                    .sum::<f64>()
                    / batch
            }
            Loss::MeanSquaredError => {
                x.iter().zip(t).map(|(x, t)| (x - t) * (x - t)).sum::<f64>() / x.len() as f64
            }
        }
    }

    /// A batch of 4 with deterministic logits in (-3, 3) and targets fitting the loss.
    fn batch(loss: Loss, outputs: usize) -> (Vec<f32>, Vec<f32>) {
        let n = 4 * outputs;
        let logits = (0..n)
            .map(|i| 3.0 * libm::sinf(1.3 * i as f32 + 0.4))
            .collect();
        let targets = match loss {
            Loss::BinaryCrossEntropy => (0..n).map(|i| (i * 7 % 3 == 0) as u8 as f32).collect(),
            Loss::SoftmaxCrossEntropy => (0..n)
                .map(|i| (i % outputs == (i / outputs) % outputs) as u8 as f32)
                .collect(),
            Loss::MeanSquaredError => (0..n).map(|i| 0.5 * libm::cosf(i as f32)).collect(),
        };
        (logits, targets)
    }

    #[test]
    fn values_and_gradients_match_reference() {
        let h = 1e-5;
        for (loss, outputs) in [
            (Loss::BinaryCrossEntropy, 1),
            (Loss::BinaryCrossEntropy, 3),
            (Loss::SoftmaxCrossEntropy, 3),
            (Loss::MeanSquaredError, 1),
            (Loss::MeanSquaredError, 2),
        ] {
            let (logits, targets) = batch(loss, outputs);
            let mut grad = vec![0.0; logits.len()];
            let got = loss.forward_backward(&logits, &targets, outputs, &mut grad);
            assert_eq!(got, loss.value(&logits, &targets, outputs));
            let x: Vec<f64> = logits.iter().map(|&v| v as f64).collect();
            let t: Vec<f64> = targets.iter().map(|&v| v as f64).collect();
            let want = reference(loss, &x, &t, outputs);
            assert!(
                (got as f64 - want).abs() <= 1e-6 * want,
                "{loss:?}: {got} vs {want}"
            );
            for i in 0..x.len() {
                let (mut up, mut down) = (x.clone(), x.clone());
                up[i] += h;
                down[i] -= h;
                let fd = (reference(loss, &up, &t, outputs) - reference(loss, &down, &t, outputs))
                    / (2.0 * h);
                assert!(
                    (grad[i] as f64 - fd).abs() < 1e-6,
                    "{loss:?} d/dx{i}: {} vs {fd}",
                    grad[i]
                );
            }
        }
    }

    #[test]
    fn stable_bce_equals_naive_and_survives_extremes() {
        let naive = |x: f64, t: f64| reference(Loss::BinaryCrossEntropy, &[x], &[t], 1);
        for i in 0..=160 {
            let x = -8.0 + 0.1 * i as f32;
            for t in [0.0, 1.0] {
                let got = Loss::BinaryCrossEntropy.value(&[x], &[t], 1) as f64;
                let want = naive(x as f64, t as f64);
                assert!(
                    (got - want).abs() <= 1e-6 * want.max(1e-3),
                    "bce({x}, {t}): {got} vs {want}"
                );
            }
        }
        let mut grad = [0.0; 4];
        let logits = [1000.0, 1000.0, -1000.0, -1000.0];
        let targets = [1.0, 0.0, 1.0, 0.0];
        let mean = Loss::BinaryCrossEntropy.forward_backward(&logits, &targets, 1, &mut grad);
        // Per-sample losses 0, 1000, 1000, 0; gradients (sigmoid - t) / 4.
        assert_eq!(mean, 500.0);
        assert_eq!(grad, [0.0, 0.25, -0.25, 0.0]);
    }

    #[test]
    fn softmax_is_shift_invariant_and_stable() {
        let ce = Loss::SoftmaxCrossEntropy;
        let (logits, targets) = batch(ce, 3);
        let mut grad = vec![0.0; logits.len()];
        let base = ce.forward_backward(&logits, &targets, 3, &mut grad);
        for shift in [-30.0, 50.0] {
            let shifted: Vec<f32> = logits.iter().map(|x| x + shift).collect();
            let mut g = vec![0.0; logits.len()];
            let loss = ce.forward_backward(&shifted, &targets, 3, &mut g);
            assert!(
                (loss - base).abs() < 1e-5,
                "shift {shift}: {loss} vs {base}"
            );
            assert!(
                g.iter().zip(&grad).all(|(a, b)| (a - b).abs() < 1e-6),
                "shift {shift}"
            );
        }
        let wide = [1000.0, 0.0, -1000.0];
        assert_eq!(ce.value(&wide, &[1.0, 0.0, 0.0], 3), 0.0);
        assert_eq!(ce.value(&wide, &[0.0, 0.0, 1.0], 3), 2000.0);
    }

    #[test]
    fn non_finite_logits_give_non_finite_loss() {
        let targets = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0];
        for loss in Loss::ALL {
            for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
                for at in [0, 2] {
                    let mut logits = [0.5, -0.3, 1.2, 0.1, 0.0, -2.0];
                    logits[at] = bad;
                    let mut grad = [0.0; 6];
                    let fb = loss.forward_backward(&logits, &targets, 3, &mut grad);
                    let v = loss.value(&logits, &targets, 3);
                    assert!(
                        !fb.is_finite() && !v.is_finite(),
                        "{loss:?} with {bad} at {at}: {fb}, {v}"
                    );
                }
            }
        }
    }

    #[test]
    fn mse_means_over_elements() {
        // (1 + 4 + 9 + 16) / 4 elements; gradient 2 (y - t) / 4.
        let mut grad = [0.0; 4];
        let mse =
            Loss::MeanSquaredError.forward_backward(&[1.0, 2.0, 3.0, 4.0], &[0.0; 4], 2, &mut grad);
        assert_eq!(mse, 7.5);
        assert_eq!(grad, [0.5, 1.0, 1.5, 2.0]);
    }

    #[test]
    fn probabilities_and_predictions() {
        let row = [0.5, -1.0, 2.0];
        let mut p = [0.0; 3];
        Loss::SoftmaxCrossEntropy.probabilities(&row, &mut p);
        let z: f64 = row.iter().map(|&v| libm::exp(v as f64)).sum();
        for (p, &x) in p.iter().zip(&row) {
            assert!((*p as f64 - libm::exp(x as f64) / z).abs() < 1e-7);
        }
        Loss::BinaryCrossEntropy.probabilities(&row, &mut p);
        assert!((p[0] as f64 - 1.0 / (1.0 + libm::exp(-0.5))).abs() < 1e-7);
        Loss::MeanSquaredError.probabilities(&row, &mut p);
        assert_eq!(p, row);

        let bce = Loss::BinaryCrossEntropy;
        let mse = Loss::MeanSquaredError;
        assert_eq!(
            [
                bce.predict(&[0.1]),
                bce.predict(&[0.0]),
                bce.predict(&[-0.1])
            ],
            [1, 0, 0]
        );
        assert_eq!(
            [
                mse.predict(&[0.6]),
                mse.predict(&[0.5]),
                mse.predict(&[0.4])
            ],
            [1, 0, 0]
        );
        for loss in Loss::ALL {
            assert_eq!(loss.predict(&row), 2);
            assert_eq!(loss.predict(&[2.0, 2.0, 1.0]), 0);
            assert_eq!(loss.predict(&[f32::NAN, 1.0, 0.0]), 1);
        }
    }

    #[test]
    fn outputs_and_targets_follow_one_rule() {
        assert_eq!(Loss::default_for(2), Loss::BinaryCrossEntropy);
        assert_eq!(Loss::default_for(3), Loss::SoftmaxCrossEntropy);
        assert_eq!(Loss::BinaryCrossEntropy.outputs(2), 1);
        assert_eq!(Loss::MeanSquaredError.outputs(2), 1);
        assert_eq!(Loss::SoftmaxCrossEntropy.outputs(2), 2);
        assert_eq!(Loss::BinaryCrossEntropy.outputs(4), 4);
        let mut row = [9.0; 3];
        Loss::SoftmaxCrossEntropy.encode_target(2, 3, &mut row);
        assert_eq!(row, [0.0, 0.0, 1.0]);
        // A target row read back as if it were the output predicts its own label.
        for loss in Loss::ALL {
            for classes in 2..6 {
                let mut out = vec![0.0; loss.outputs(classes)];
                for label in 0..classes {
                    loss.encode_target(label, classes, &mut out);
                    assert_eq!(loss.predict(&out), label, "{loss:?}, {classes} classes");
                }
            }
        }
    }

    #[test]
    fn ids_round_trip() {
        for loss in Loss::ALL {
            assert_eq!(Loss::from_id(loss.id()), Ok(loss));
        }
        assert_eq!(Loss::from_id("hinge").unwrap_err().field, "loss");
    }
}
