//! Layer-sequential unit-variance initialization (Mishkin & Matas 2016, "All you need is a
//! good init"): the data pass of the `lsuv` scheme, after its orthogonal draw.
//!
//! For each layer in turn, input side first, on one batch (the first `batch` training samples
//! as the network sees them): compute the layer's pre-activations h = W x + b (x the previous
//! layer's outputs on that batch, with the weights already settled), their variance over the
//! batch and neurons, and while it is more than `tolerance` from 1 (and fewer than
//! `max_iterations` rescalings were made) divide W by its square root and measure again. The
//! output layer (the logits) is treated like the others, as the paper's Algorithm 1 treats
//! every layer. With zero biases h is linear in W, so one division gives variance 1 up to
//! rounding, whatever the activation: that is why a ReLU (or any) layer needs one iteration; a
//! layer with non-zero biases may need more, since the division leaves the biases alone.
//!
//! Deterministic: the pre-activations come from the same kernels as training (the same bits
//! natively and in wasm), variances are summed in f64 in a fixed order, and a weight is divided
//! in f64 and rounded to f32 once.

use serde::{Deserialize, Serialize};

use crate::kernels;
use crate::mlp::Mlp;

/// LSUV's settings (the `lsuv` scheme's options).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lsuv {
    /// Tol_var: a layer is done when |variance - 1| is at most this.
    pub tolerance: f64,
    /// T_max: the most rescalings of one layer.
    pub max_iterations: u32,
    /// Training samples the variances are measured on (the first ones; fewer when the training
    /// set is smaller).
    pub batch: usize,
}

/// What the data pass did to one layer (read back from the page as a card's reading).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LsuvLayer {
    /// Layer index, 0 = first hidden layer; the last one is the output layer.
    pub layer: usize,
    /// Rescalings made (0 when the orthogonal draw was already within the tolerance).
    pub iterations: u32,
    /// The pre-activations' variance before the first rescaling.
    pub initial_variance: f64,
    /// Their variance after the last: within `tolerance` of 1 unless `max_iterations` ran out
    /// (or the layer's outputs were all equal or not finite, which no division can fix).
    pub variance: f64,
}

impl Lsuv {
    /// Rescales `mlp`'s weights layer by layer on the first samples of `x` (row-major, `inputs`
    /// features per sample, standardized as the network sees them): what each layer took.
    pub fn apply(&self, mlp: &mut Mlp, x: &[f32], inputs: usize) -> Vec<LsuvLayer> {
        let n = (x.len() / inputs).min(self.batch);
        let mut input = x[..n * inputs].to_vec();
        let last = mlp.layers().len() - 1;
        let mut report = Vec::with_capacity(last + 1);
        for l in 0..=last {
            let layer = mlp.layers()[l].clone();
            let (k, m) = (layer.fan_in, layer.fan_out);
            let mut transposed = vec![0.0f32; k * m];
            let mut pre = vec![0.0f32; n * m];
            let mut iterations = 0;
            let mut initial_variance = None;
            let variance = loop {
                kernels::transpose(mlp.weights(l), k, &mut transposed);
                kernels::dense_forward(&input, &transposed, mlp.biases(l), k, &mut pre);
                let v = variance(&pre);
                initial_variance.get_or_insert(v);
                let done = (v - 1.0).abs() <= self.tolerance || !(v > 0.0 && v.is_finite());
                if done || iterations == self.max_iterations {
                    break v;
                }
                let std = libm::sqrt(v);
                for w in &mut mlp.params_mut()[layer.weights.clone()] {
                    *w = (f64::from(*w) / std) as f32;
                }
                iterations += 1;
            };
            report.push(LsuvLayer {
                layer: l,
                iterations,
                initial_variance: initial_variance.unwrap_or(variance),
                variance,
            });
            if l < last {
                input = vec![0.0; n * m];
                mlp.activation().apply_slice(&pre, &mut input);
            }
        }
        report
    }
}

/// Population variance of `values` (mean subtracted), summed in f64.
fn variance(values: &[f32]) -> f64 {
    let n = values.len().max(1) as f64;
    let mean = values.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
    values
        .iter()
        .map(|&v| (f64::from(v) - mean) * (f64::from(v) - mean))
        .sum::<f64>()
        / n
}
