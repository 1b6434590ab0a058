//! Per-layer statistics that make vanishing and exploding signals, saturation, dead units and
//! the symmetry problem visible as numbers.
//!
//! They are read off a network right after a forward and backward pass (the experiment uses a
//! fixed probe batch, so successive readings are comparable) and cost one pass over the
//! activations and parameters, plus the pairwise neuron comparisons of `symmetry`.

use serde::Serialize;

use crate::activation::Activation;
use crate::init::Init;
use crate::mlp::Mlp;
use crate::order::sorted_indices;

/// Bins of every histogram, so histograms are comparable across layers and over time.
pub const HISTOGRAM_BINS: usize = 24;

/// Base-10 exponent range of the gradient histogram: |g| from 1e-12 to 1e2.
pub const GRADIENT_LOG10_RANGE: (f32, f32) = (-12.0, 2.0);

/// Neurons compared pairwise for `max_cosine`; wider layers use this many, evenly spaced.
pub const COSINE_SAMPLE: usize = 128;

/// A fixed-bin histogram: `counts[i]` holds values in bin i of `HISTOGRAM_BINS` equal bins over
/// [`lo`, `hi`]; values outside go to the end bins, NaN is not counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Histogram {
    /// Left edge of the first bin.
    pub lo: f32,
    /// Right edge of the last bin.
    pub hi: f32,
    /// Count per bin.
    pub counts: Vec<u32>,
}

impl Histogram {
    /// Counts `values` into `HISTOGRAM_BINS` bins over [lo, hi].
    pub fn of(values: impl Iterator<Item = f32>, lo: f32, hi: f32) -> Histogram {
        let mut counts = vec![0u32; HISTOGRAM_BINS];
        let scale = HISTOGRAM_BINS as f32 / (hi - lo);
        for v in values.filter(|v| !v.is_nan()) {
            let bin = ((v - lo) * scale).clamp(0.0, (HISTOGRAM_BINS - 1) as f32) as usize;
            counts[bin] += 1;
        }
        Histogram { lo, hi, counts }
    }
}

/// What one dense layer looks like after a forward and backward pass.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerStats {
    /// Layer index, 0 = first hidden layer; the last one is the output layer.
    pub layer: usize,
    /// Whether this is a hidden layer (false for the linear output layer).
    pub hidden: bool,
    /// Inputs per neuron.
    pub fan_in: usize,
    /// Neurons.
    pub fan_out: usize,
    /// Mean of the layer's outputs (activations; logits for the output layer) over the batch.
    pub activation_mean: f32,
    /// Standard deviation of the layer's outputs over the batch and neurons.
    pub activation_std: f32,
    /// Fraction of outputs stuck near a sigmoid/tanh limit (`Activation::is_saturated`).
    pub saturated_fraction: f32,
    /// Fraction of ReLU neurons whose input is <= 0 for every sample of the batch.
    pub dead_fraction: f32,
    /// Mean of the weights.
    pub weight_mean: f32,
    /// Standard deviation of the weights.
    pub weight_std: f32,
    /// Measured variance of the weights (population variance).
    pub weight_variance: f32,
    /// The variance the init scheme aims for at this layer's fan_in and fan_out.
    pub theoretical_variance: f32,
    /// L2 norm of dLoss/dweights.
    pub gradient_norm: f32,
    /// ||last update of the weights|| / ||weights||: how fast the layer is moving (healthy
    /// training is often near 1e-3).
    pub update_ratio: f32,
    /// Neurons whose incoming weights and bias differ from every other neuron's: 1 means the
    /// whole layer computes one feature (the symmetry problem).
    pub distinct_neurons: usize,
    /// Largest cosine similarity between the incoming weights of two neurons (sampled to
    /// `COSINE_SAMPLE` neurons in wider layers); 1 when two neurons point the same way.
    pub max_cosine: f32,
    /// Histogram of the layer's outputs over a range suited to its activation.
    pub activation_histogram: Histogram,
    /// Histogram of log10 |dLoss/dweight| over `GRADIENT_LOG10_RANGE`; exact zeros are counted
    /// in `zero_gradients` instead.
    pub gradient_histogram: Histogram,
    /// Weight gradients that are exactly zero.
    pub zero_gradients: usize,
    /// Standard deviation of the back-propagated gradient dLoss/d(pre-activations) over the
    /// batch and neurons: the quantity whose variance Glorot & Bengio (2010) follow from layer
    /// to layer. Each sample's gradient is that of the batch's mean loss, so 1/batch of its own.
    pub backprop_std: f32,
    /// Histogram of dLoss/d(pre-activations) on linear bins over [-r, r], r the same for every
    /// hidden layer of a reading (`backprop_range` of theirs), so layers compare bin by bin as in
    /// the paper's figures; the output layer, whose gradients are of another size (the loss's
    /// own), has its own r.
    pub backprop_histogram: Histogram,
}

/// How many of the widest layer's standard deviations the back-propagated gradient histograms
/// span either side of 0: wide enough for the bulk of every layer's values.
pub const BACKPROP_RANGE_STDS: f32 = 4.0;

/// The shared half-width r of the layers' back-propagated gradient histograms:
/// `BACKPROP_RANGE_STDS` times the largest finite per-layer standard deviation, or 1 when
/// there is none (every gradient zero or not finite).
pub fn backprop_range(stds: &[f32]) -> f32 {
    let widest = stds
        .iter()
        .copied()
        .filter(|s| s.is_finite())
        .fold(0.0f32, f32::max);
    if widest > 0.0 {
        BACKPROP_RANGE_STDS * widest
    } else {
        1.0
    }
}

/// The four numbers per layer that say whether the signal is alive, cheap enough to read every
/// few steps (the run's trace, see `trace`): a few reductions over what a forward and backward
/// pass left in `mlp`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerSignal {
    /// Standard deviation of the layer's outputs over the batch and neurons.
    pub activation_std: f32,
    /// L2 norm of dLoss/dweights.
    pub gradient_norm: f32,
    /// Fraction of outputs stuck near a sigmoid/tanh limit (`Activation::is_saturated`).
    pub saturated_fraction: f32,
    /// Fraction of ReLU neurons whose input is <= 0 for every sample of the batch.
    pub dead_fraction: f32,
}

impl LayerSignal {
    /// The field names, in the order `values` gives them (the JS API's camelCase names).
    pub const FIELDS: [&'static str; 4] = [
        "activationStd",
        "gradientNorm",
        "saturatedFraction",
        "deadFraction",
    ];

    /// The four numbers in `FIELDS` order.
    pub fn values(&self) -> [f32; 4] {
        [
            self.activation_std,
            self.gradient_norm,
            self.saturated_fraction,
            self.dead_fraction,
        ]
    }
}

/// The activation a layer applies: the network's for a hidden layer, none for the output.
fn layer_activation(mlp: &Mlp, l: usize) -> Activation {
    if l + 1 < mlp.layers().len() {
        mlp.activation()
    } else {
        Activation::Linear
    }
}

/// Layer `l`'s signal numbers; `mlp` must have just run `forward` and `backward` on a batch.
pub fn layer_signal(mlp: &Mlp, l: usize) -> LayerSignal {
    let act = layer_activation(mlp, l);
    let outputs = mlp.outputs(l);
    LayerSignal {
        activation_std: mean_std(outputs).1,
        gradient_norm: norm(mlp.weight_grads(l)),
        saturated_fraction: fraction(
            outputs.iter().filter(|&&y| act.is_saturated(y)).count(),
            outputs.len(),
        ),
        dead_fraction: dead_fraction(act, mlp.pre_activations(l), mlp.layers()[l].fan_out),
    }
}

/// Statistics of every layer of `mlp`, which must have just run `forward` and `backward` on a
/// batch; `deltas[l]` is layer `l`'s back-propagated gradient of that pass (batch x fan_out,
/// see `Mlp::backward_with`). `last_update` is the optimizer's last update (same layout as the
/// parameters) and `init` the weight scheme, for the theoretical variance.
pub fn layer_stats(
    mlp: &Mlp,
    deltas: &[Vec<f32>],
    last_update: &[f32],
    init: &Init,
) -> Vec<LayerStats> {
    let last = mlp.layers().len() - 1;
    let backprop_stds: Vec<f32> = deltas.iter().map(|d| mean_std(d).1).collect();
    let (hidden_r, output_r) = (
        backprop_range(&backprop_stds[..last]),
        backprop_range(&backprop_stds[last..]),
    );
    mlp.layers()
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            let act = layer_activation(mlp, l);
            let outputs = mlp.outputs(l);
            let signal = layer_signal(mlp, l);
            let weights = mlp.weights(l);
            let (weight_mean, weight_std) = mean_std(weights);
            let grads = mlp.weight_grads(l);
            let (lo, hi) = GRADIENT_LOG10_RANGE;
            let (distinct_neurons, max_cosine) = symmetry(weights, mlp.biases(l), layer.fan_in);
            let (act_lo, act_hi) = activation_range(act);
            LayerStats {
                layer: l,
                hidden: l < last,
                fan_in: layer.fan_in,
                fan_out: layer.fan_out,
                activation_mean: mean_std(outputs).0,
                activation_std: signal.activation_std,
                saturated_fraction: signal.saturated_fraction,
                dead_fraction: signal.dead_fraction,
                weight_mean,
                weight_std,
                weight_variance: weight_std * weight_std,
                theoretical_variance: init.variance(layer.fan_in, layer.fan_out) as f32,
                gradient_norm: signal.gradient_norm,
                update_ratio: ratio(norm(&last_update[layer.weights.clone()]), norm(weights)),
                distinct_neurons,
                max_cosine,
                activation_histogram: Histogram::of(outputs.iter().copied(), act_lo, act_hi),
                gradient_histogram: Histogram::of(
                    grads
                        .iter()
                        .filter(|g| **g != 0.0)
                        .map(|g| libm::log10f(g.abs())),
                    lo,
                    hi,
                ),
                zero_gradients: grads.iter().filter(|g| **g == 0.0).count(),
                backprop_std: backprop_stds[l],
                backprop_histogram: {
                    let r = if l < last { hidden_r } else { output_r };
                    Histogram::of(deltas[l].iter().copied(), -r, r)
                },
            }
        })
        .collect()
}

impl LayerStats {
    /// Whether the numbers a student reads off this layer are finite: a diverged run's are
    /// not, and the page then shows the last reading that was (see `Run::round`).
    pub fn is_finite(&self) -> bool {
        [
            self.activation_std,
            self.gradient_norm,
            self.weight_variance,
        ]
        .iter()
        .all(|x| x.is_finite())
    }
}

/// The histogram range for a layer's outputs: the activation's own range where it has one.
pub fn activation_range(act: Activation) -> (f32, f32) {
    match act {
        Activation::Sigmoid => (0.0, 1.0),
        Activation::Tanh => (-1.0, 1.0),
        _ => (-4.0, 4.0),
    }
}

/// How many neurons of a layer are distinct, and the largest cosine similarity between two of
/// them. Neurons are rows of `weights` (fan_out x fan_in) with their bias; two are the same
/// when every weight and the bias are bit-identical, which is exactly what symmetric init
/// preserves, since identical neurons receive identical updates.
pub fn symmetry(weights: &[f32], biases: &[f32], fan_in: usize) -> (usize, f32) {
    let row = |j: usize| (&weights[j * fan_in..(j + 1) * fan_in], biases[j]);
    let cmp = |a: usize, b: usize| {
        let ((wa, ba), (wb, bb)) = (row(a), row(b));
        wa.iter()
            .zip(wb)
            .map(|(x, y)| x.total_cmp(y))
            .find(|o| o.is_ne())
            .unwrap_or(ba.total_cmp(&bb))
    };
    let order = sorted_indices(biases.len(), &cmp);
    let distinct = 1 + order.windows(2).filter(|p| cmp(p[0], p[1]).is_ne()).count();
    let n = biases.len();
    let sample: Vec<usize> = (0..n.min(COSINE_SAMPLE))
        .map(|i| i * n / n.min(COSINE_SAMPLE))
        .collect();
    let m = sample.len();
    let cosines = cosine_matrix(weights, fan_in, &sample);
    let off_diagonal = (0..m * m).filter(|i| i / m != i % m).map(|i| cosines[i]);
    (distinct, off_diagonal.fold(0.0f32, f32::max))
}

/// Cosine similarity of the incoming weights of every pair of `neurons` (rows of `weights`,
/// fan_out x fan_in): a `neurons.len()` x `neurons.len()` row-major matrix with 1 on the
/// diagonal. Two all-zero rows count as pointing the same way (1), a zero row and another as
/// unrelated (0).
pub fn cosine_matrix(weights: &[f32], fan_in: usize, neurons: &[usize]) -> Vec<f32> {
    let row = |j: usize| &weights[j * fan_in..(j + 1) * fan_in];
    let norms: Vec<f64> = neurons.iter().map(|&j| norm(row(j)) as f64).collect();
    let m = neurons.len();
    let mut out = vec![1.0f32; m * m];
    for a in 0..m {
        for b in a + 1..m {
            let dot: f64 = row(neurons[a])
                .iter()
                .zip(row(neurons[b]))
                .map(|(x, y)| *x as f64 * *y as f64)
                .sum();
            let cos = match (norms[a] == 0.0, norms[b] == 0.0) {
                (true, true) => 1.0,
                (false, false) => (dot / (norms[a] * norms[b])) as f32,
                _ => 0.0,
            };
            out[a * m + b] = cos;
            out[b * m + a] = cos;
        }
    }
    out
}

fn mean_std(values: &[f32]) -> (f32, f32) {
    let n = values.len().max(1) as f64;
    let mean = values.iter().map(|&v| v as f64).sum::<f64>() / n;
    let var = values
        .iter()
        .map(|&v| (v as f64 - mean) * (v as f64 - mean))
        .sum::<f64>()
        / n;
    (mean as f32, libm::sqrt(var) as f32)
}

/// L2 norm, accumulated in f64.
pub fn norm(values: &[f32]) -> f32 {
    libm::sqrt(values.iter().map(|&v| v as f64 * v as f64).sum::<f64>()) as f32
}

fn ratio(num: f32, den: f32) -> f32 {
    if num == 0.0 {
        0.0
    } else {
        num / den
    }
}

fn fraction(count: usize, total: usize) -> f32 {
    if total == 0 {
        0.0
    } else {
        count as f32 / total as f32
    }
}

/// Fraction of neurons (columns of `pre`, batch x fan_out) that are never active.
fn dead_fraction(act: Activation, pre: &[f32], fan_out: usize) -> f32 {
    if !act.can_die() || pre.is_empty() {
        return 0.0;
    }
    let dead = (0..fan_out)
        .filter(|&j| pre.iter().skip(j).step_by(fan_out).all(|&z| z <= 0.0))
        .count();
    fraction(dead, fan_out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::{InitOptions, Scheme};

    /// Population mean and standard deviation in f64, written out.
    fn moments(v: &[f32]) -> (f64, f64) {
        let n = v.len() as f64;
        let mean = v.iter().map(|&x| f64::from(x)).sum::<f64>() / n;
        let var = v
            .iter()
            .map(|&x| (f64::from(x) - mean).powi(2))
            .sum::<f64>()
            / n;
        (mean, var.sqrt())
    }

    /// Counts per bin of `HISTOGRAM_BINS` equal bins over [lo, hi], the ends taking the rest.
    fn binned(values: impl Iterator<Item = f32>, lo: f32, hi: f32) -> Vec<u32> {
        let mut counts = vec![0; HISTOGRAM_BINS];
        for v in values {
            let width = f64::from(hi - lo) / HISTOGRAM_BINS as f64;
            let bin = ((f64::from(v) - f64::from(lo)) / width).floor();
            counts[bin.clamp(0.0, HISTOGRAM_BINS as f64 - 1.0) as usize] += 1;
        }
        counts
    }

    fn close(got: f32, want: f64, what: &str) {
        assert!(
            (f64::from(got) - want).abs() <= 1e-6 * want.abs().max(1e-3),
            "{what}: {got} vs {want}"
        );
    }

    /// A forward and backward pass of `mlp` on `x` with dLoss/dlogits `grad`, and the layers'
    /// back-propagated gradients.
    fn pass(mlp: &mut Mlp, x: &[f32], batch: usize, grad: &[f32]) -> Vec<Vec<f32>> {
        let mut deltas = vec![Vec::new(); mlp.layers().len()];
        mlp.forward(x, batch);
        mlp.backward_with(x, grad, |l, d| deltas[l] = d.to_vec());
        deltas
    }

    #[test]
    fn layer_stats_are_their_definitions() {
        // ReLU 2 -> 3 -> 2 on 4 samples of positive inputs: hidden neuron 1 (weights -1, -1)
        // never fires, so its own two weights and the output layer's two from it get exactly
        // zero gradients; the output layer's two neurons are identical.
        let mut mlp = Mlp::new(&[2, 3, 2], Activation::Relu, 4);
        let params = [
            1.0, 0.5, -1.0, -1.0, 0.25, 1.0, // layer 0 weights, 3 x 2
            0.1, 0.0, -0.2, // layer 0 biases
            0.5, 0.25, -0.5, 0.5, 0.25, -0.5, // layer 1 weights, 2 x 3
            0.1, 0.1, // layer 1 biases
        ];
        mlp.params_mut().copy_from_slice(&params);
        let x = [1.0, 2.0, 0.5, 0.5, 2.0, 1.0, 1.0, 0.0];
        let grad = [0.1, -0.2, 0.3, 0.05, -0.1, 0.2, 0.0, 0.4];
        let deltas = pass(&mut mlp, &x, 4, &grad);
        // The last update moved layer 0's weights only.
        let mut update = vec![0.0; params.len()];
        update[..6].copy_from_slice(&[0.003, 0.0, -0.004, 0.0, 0.0, 0.0]);
        let init = Init::new(Scheme::HeNormal, InitOptions::default()).unwrap();
        let stats = layer_stats(&mlp, &deltas, &update, &init);
        assert_eq!(stats.len(), 2);

        // The hidden layers share one histogram range, the output layer has its own: 4 of the
        // widest spreads of its group.
        let last = deltas.len() - 1;
        let range = |group: &[Vec<f32>]| {
            4.0 * group.iter().map(|d| moments(d).1).fold(0.0, f64::max) as f32
        };
        for (l, s) in stats.iter().enumerate() {
            let r = range(if l < last {
                &deltas[..last]
            } else {
                &deltas[last..]
            });
            let what = |field: &str| format!("layer {l} {field}");
            let (fan_in, fan_out) = [(2, 3), (3, 2)][l];
            assert_eq!(
                (s.layer, s.hidden, s.fan_in, s.fan_out),
                (l, l == 0, fan_in, fan_out)
            );
            let outputs = mlp.outputs(l);
            let (mean, std) = moments(outputs);
            close(s.activation_mean, mean, &what("activation mean"));
            close(s.activation_std, std, &what("activation std"));
            assert_eq!(s.saturated_fraction, 0.0, "{}", what("saturated"));
            let weights = mlp.weights(l);
            let (w_mean, w_std) = moments(weights);
            close(s.weight_mean, w_mean, &what("weight mean"));
            close(s.weight_std, w_std, &what("weight std"));
            close(s.weight_variance, w_std * w_std, &what("weight variance"));
            // He: 2 / fan_in.
            close(s.theoretical_variance, 2.0 / fan_in as f64, &what("theory"));
            let grads = mlp.weight_grads(l);
            let g2: f64 = grads.iter().map(|&g| f64::from(g).powi(2)).sum();
            close(s.gradient_norm, g2.sqrt(), &what("gradient norm"));
            let (lo, hi) = (-4.0, 4.0);
            let act = Histogram {
                lo,
                hi,
                counts: binned(outputs.iter().copied(), lo, hi),
            };
            assert_eq!(
                s.activation_histogram,
                act,
                "{}",
                what("activation histogram")
            );
            let nonzero = grads.iter().filter(|&&g| g != 0.0);
            let logs = nonzero.map(|&g| f64::from(g).abs().log10() as f32);
            let counts = binned(logs, -12.0, 2.0);
            assert_eq!(
                s.gradient_histogram,
                Histogram {
                    lo: -12.0,
                    hi: 2.0,
                    counts
                }
            );
            close(s.backprop_std, moments(&deltas[l]).1, &what("backprop std"));
            let counts = binned(deltas[l].iter().copied(), -r, r);
            assert_eq!(
                s.backprop_histogram,
                Histogram {
                    lo: -r,
                    hi: r,
                    counts
                }
            );
            assert!(s.is_finite());
        }
        let (hidden, out) = (&stats[0], &stats[1]);
        assert_eq!((hidden.dead_fraction, out.dead_fraction), (1.0 / 3.0, 0.0));
        assert_eq!((hidden.zero_gradients, out.zero_gradients), (2, 2));
        assert_eq!((hidden.distinct_neurons, out.distinct_neurons), (3, 1));
        assert_eq!(out.max_cosine, 1.0);
        // Rows (1, 0.5), (-1, -1), (0.25, 1): the largest cosine is rows 0 and 2's.
        let cos02 = (0.25 + 0.5) / (1.25f64.sqrt() * 1.0625f64.sqrt());
        close(hidden.max_cosine, cos02, "hidden max cosine");
        let moved = (0.003f64.powi(2) + 0.004f64.powi(2)).sqrt();
        let w0 = params[..6]
            .iter()
            .map(|&w| f64::from(w).powi(2))
            .sum::<f64>()
            .sqrt();
        close(hidden.update_ratio, moved / w0, "update ratio");
        assert_eq!(out.update_ratio, 0.0);
        // The numbers of the cheap trace are the same as the full reading's.
        for (l, s) in stats.iter().enumerate() {
            let signal = layer_signal(&mlp, l);
            let fields = [
                s.activation_std,
                s.gradient_norm,
                s.saturated_fraction,
                s.dead_fraction,
            ];
            assert_eq!(signal.values(), fields);
        }
    }

    #[test]
    fn saturation_counts_hidden_tanh_outputs_and_never_the_linear_logits() {
        // tanh 1 -> 2 -> 1: hidden neuron 0 (weight 100) sits at +-1, neuron 1 (0.01) near 0;
        // the logits reach +-500 but the output layer is linear.
        let mut mlp = Mlp::new(&[1, 2, 1], Activation::Tanh, 4);
        mlp.params_mut()
            .copy_from_slice(&[100.0, 0.01, 0.0, 0.0, 500.0, 0.0, 0.0]);
        let x = [1.0, -1.0, 0.5, 2.0];
        let deltas = pass(&mut mlp, &x, 4, &[0.25; 4]);
        let init = Init::new(Scheme::Zeros, InitOptions::default()).unwrap();
        let stats = layer_stats(&mlp, &deltas, &[0.0; 7], &init);
        assert_eq!(
            [stats[0].saturated_fraction, stats[1].saturated_fraction],
            [0.5, 0.0]
        );
        assert_eq!([stats[0].dead_fraction, stats[1].dead_fraction], [0.0, 0.0]);
        assert_eq!(stats[0].activation_histogram.lo, -1.0);
        assert_eq!(stats[1].theoretical_variance, 0.0);
        // A zero update is no movement, even of all-zero weights (not 0 / 0).
        assert_eq!(stats[1].update_ratio, 0.0);
        let zero = Mlp::new(&[1, 1], Activation::Tanh, 1);
        assert_eq!(
            layer_stats(&zero, &[vec![0.0]], &[0.0; 2], &init)[0].update_ratio,
            0.0
        );
        let mut nan = stats[0].clone();
        nan.gradient_norm = f32::NAN;
        assert!(!nan.is_finite());
    }

    #[test]
    fn spreads_far_from_zero_keep_their_digits() {
        // Outputs of an exploding layer, 10^9, 10^9 + 64 and 10^9 + 64 (exact in f32): their
        // standard deviation is 64 sqrt(2) / 3, which E[y^2] - mean^2 would lose to the
        // rounding of the mean, 10^9 + 128 / 3, in f64.
        let (mean, std) = mean_std(&[1e9, 1e9 + 64.0, 1e9 + 64.0]);
        assert_eq!(mean, (1e9 + 128.0 / 3.0) as f32);
        let want = 64.0 * 2f64.sqrt() / 3.0;
        assert!(
            (f64::from(std) / want - 1.0).abs() < 1e-6,
            "{std} vs {want}"
        );
    }

    #[test]
    fn activation_ranges_are_the_activations_own() {
        assert_eq!(activation_range(Activation::Sigmoid), (0.0, 1.0));
        assert_eq!(activation_range(Activation::Tanh), (-1.0, 1.0));
        assert_eq!(activation_range(Activation::Relu), (-4.0, 4.0));
    }

    #[test]
    fn backprop_range_is_four_of_the_widest_finite_spreads() {
        assert_eq!(
            backprop_range(&[0.5, 2.0, f32::NAN, f32::INFINITY, 1.0]),
            8.0
        );
        assert_eq!(backprop_range(&[0.0, f32::NAN]), 1.0);
        assert_eq!(backprop_range(&[]), 1.0);
    }

    #[test]
    fn wide_layers_compare_an_even_sample_of_neurons() {
        // 256 neurons of 2 weights: only even neurons are sampled (every 256/128th); odd
        // neuron 1 copies neuron 0's direction, every even neuron points elsewhere.
        let n = 256;
        let mut w = vec![0.0f32; 2 * n];
        for j in 0..n {
            let angle = j as f32 * 0.5 * std::f32::consts::PI / n as f32;
            (w[2 * j], w[2 * j + 1]) = (angle.cos(), angle.sin());
        }
        (w[2], w[3]) = (2.0, 0.0);
        let (distinct, max_cosine) = symmetry(&w, &vec![0.0; n], 2);
        assert_eq!(distinct, n);
        let step = 2.0 * 0.5 * std::f64::consts::PI / n as f64;
        close(max_cosine, step.cos(), "sampled max cosine");
        let all: Vec<usize> = (0..n).collect();
        let full = cosine_matrix(&w, 2, &all);
        assert_eq!(full[1], 1.0);
    }

    #[test]
    fn the_diagonal_is_exactly_one() {
        // Rows whose cosine with themselves, computed, rounds off 1: the diagonal is 1 by
        // definition, never that rounding.
        let w = [
            -0.731271505355835,
            0.6948674917221069,
            0.5275492668151855,
            0.0828249454498291,
            0.8782983422279358,
            -0.23759151995182037,
            0.30318593978881836,
            0.577446699142456,
            -0.8122808337211609,
        ]
        .map(|v: f64| v as f32);
        let self_cosine = |j: usize| {
            let r = &w[3 * j..3 * j + 3];
            let dot: f64 = r.iter().map(|&x| f64::from(x) * f64::from(x)).sum();
            (dot / (f64::from(norm(r)) * f64::from(norm(r)))) as f32
        };
        assert!((0..3).all(|j| self_cosine(j) != 1.0));
        let m = cosine_matrix(&w, 3, &[0, 1, 2]);
        assert_eq!([m[0], m[4], m[8]], [1.0; 3]);
    }

    #[test]
    fn cosines_of_zero_rows() {
        let w = [0.0, 0.0, 0.0, 0.0, 3.0, 4.0, -6.0, -8.0];
        let m = cosine_matrix(&w, 2, &[0, 1, 2, 3]);
        assert_eq!(&m[..4], [1.0, 1.0, 0.0, 0.0]);
        assert_eq!(&m[8..12], [0.0, 0.0, 1.0, -1.0]);
        assert_eq!(m[3 * 4 + 2], -1.0);
        assert_eq!(norm(&[3.0, 4.0]), 5.0);
    }

    #[test]
    fn symmetry_counts_identical_rows() {
        // Rows 0 and 2 identical; row 1 differs only in its bias.
        let w = [1.0, 2.0, 1.0, 2.0, 1.0, 2.0];
        assert_eq!(symmetry(&w, &[0.0, 1.0, 0.0], 2).0, 2);
        assert_eq!(symmetry(&w, &[0.0, 0.0, 0.0], 2), (1, 1.0));
        let (d, c) = symmetry(&[1.0, 0.0, 0.0, 1.0], &[0.0, 0.0], 2);
        assert_eq!((d, c), (2, 0.0));
    }

    #[test]
    fn histogram_bins_and_clamps() {
        let h = Histogram::of(
            [-5.0, -1.0, 0.0, 0.99, 5.0, f32::NAN].into_iter(),
            -1.0,
            1.0,
        );
        assert_eq!(h.counts.iter().sum::<u32>(), 5);
        assert_eq!(h.counts[0], 2);
        assert_eq!(h.counts[HISTOGRAM_BINS / 2], 1);
        assert_eq!(h.counts[HISTOGRAM_BINS - 1], 2);
    }

    #[test]
    fn dead_fraction_needs_every_sample_inactive() {
        // batch 2 x 3 neurons: neuron 0 dead, neuron 1 active once, neuron 2 active.
        let pre = [-1.0, 0.5, 2.0, 0.0, -3.0, 1.0];
        assert!((dead_fraction(Activation::Relu, &pre, 3) - 1.0 / 3.0).abs() < 1e-7);
        assert_eq!(dead_fraction(Activation::Tanh, &pre, 3), 0.0);
    }
}
