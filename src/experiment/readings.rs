//! What can be read off a run without training it: the whole-set evaluation, layer statistics,
//! the trace's light readings, weights, similarities, predictions and the decision boundary.
//! None of them changes the run.

use serde::Serialize;

use super::Run;
use crate::data;
use crate::diagnostics::{self, LayerStats};
use crate::error::ConfigError;
use crate::jacobian;

/// Training samples in the fixed probe batch that `layer_stats` reads the layers on.
pub const PROBE_SAMPLES: usize = 256;

/// Training samples the trace reads its four numbers per layer on: the first of the probe
/// batch, always the same, so a trace line changes only because the network did; few, so a
/// trace point costs a fraction of a training step.
pub const TRACE_SAMPLES: usize = 16;

/// Loss and accuracy over the whole training and test sets at one step.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    /// The step evaluated.
    pub step: u64,
    /// Loss over the whole training set.
    pub train_loss: f32,
    /// Loss over the test set.
    pub test_loss: f32,
    /// Accuracy over the whole training set, in [0, 1]; NaN when that set's loss is not finite.
    pub accuracy: f32,
    /// Accuracy over the test set, in [0, 1]; NaN when that set's loss is not finite.
    pub test_accuracy: f32,
}

/// A row-major matrix, possibly the top-left corner of a larger one.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// Rows given.
    pub rows: usize,
    /// Columns given.
    pub columns: usize,
    /// rows x columns values.
    pub values: Vec<f32>,
}

impl Run {
    /// Loss and accuracy over the whole training and test sets at the current step, computed
    /// once per step (the run keeps it until the next step).
    pub fn evaluate(&mut self) -> Evaluation {
        let step = self.steps();
        if let Some(e) = self.evaluation.filter(|e| e.step == step) {
            return e;
        }
        let (train_loss, accuracy) = self.evaluate_set(false);
        let (test_loss, test_accuracy) = self.evaluate_set(true);
        let e = Evaluation {
            step,
            train_loss,
            test_loss,
            accuracy,
            test_accuracy,
        };
        self.evaluation = Some(e);
        e
    }

    /// Mean loss and accuracy over the test set (or the training set), in chunks that fit the
    /// caches.
    fn evaluate_set(&mut self, test: bool) -> (f32, f32) {
        let (x, targets, labels) = if test {
            (&self.test_x, &self.test_targets, &self.data.test_y)
        } else {
            (&self.train_x, &self.train_targets, &self.data.train_y)
        };
        let (inputs, outputs, chunk) = (
            self.data.inputs,
            targets.len() / labels.len().max(1),
            self.mlp.max_batch(),
        );
        let (mut loss, mut correct) = (0.0f64, 0usize);
        for start in (0..labels.len()).step_by(chunk) {
            let end = (start + chunk).min(labels.len());
            let logits = self
                .mlp
                .forward(&x[start * inputs..end * inputs], end - start);
            let t = &targets[start * outputs..end * outputs];
            loss += self.config.loss.value(logits, t, outputs) as f64 * (end - start) as f64;
            correct += logits
                .chunks_exact(outputs)
                .zip(&labels[start..end])
                .filter(|(row, &y)| self.config.loss.predict(row) == y as usize)
                .count();
        }
        let n = labels.len().max(1) as f64;
        let loss = (loss / n) as f32;
        let accuracy = if loss.is_finite() {
            (correct as f64 / n) as f32
        } else {
            f32::NAN
        };
        (loss, accuracy)
    }

    /// A forward and backward pass on the first `n` training samples (at most the training
    /// set), leaving the layers' outputs and gradients in the network for the diagnostics. The
    /// parameters do not change.
    fn probe(&mut self, n: usize) {
        self.probe_with(n, |_, _| {});
    }

    /// `probe`, showing `sink` every layer's back-propagated gradient (see
    /// `Mlp::backward_with`).
    fn probe_with(&mut self, n: usize, sink: impl FnMut(usize, &[f32])) {
        let n = self.data.train_len().min(n);
        let (inputs, outputs) = (
            self.data.inputs,
            self.train_targets.len() / self.data.train_len(),
        );
        let x = &self.train_x[..n * inputs];
        let logits = self.mlp.forward(x, n);
        let grad = &mut self.grad[..n * outputs];
        self.config.loss.forward_backward(
            logits,
            &self.train_targets[..n * outputs],
            outputs,
            grad,
        );
        self.mlp.backward_with(x, grad, sink);
    }

    /// Per-layer statistics read on a fixed probe batch (the first `PROBE_SAMPLES` training
    /// samples), so successive readings differ only because the network changed.
    pub fn layer_stats(&mut self) -> Vec<LayerStats> {
        let mut deltas = vec![Vec::new(); self.mlp.layers().len()];
        self.probe_with(PROBE_SAMPLES, |l, delta| deltas[l] = delta.to_vec());
        diagnostics::layer_stats(
            &self.mlp,
            &deltas,
            self.optimizer.last_update(),
            &self.config.init,
        )
    }

    /// Records the trace point due now: the four numbers of every layer, read on the first
    /// `TRACE_SAMPLES` training samples.
    pub(super) fn record_trace(&mut self) {
        self.probe(TRACE_SAMPLES);
        let mlp = &self.mlp;
        self.trace
            .record((0..mlp.layers().len()).map(|l| diagnostics::layer_signal(mlp, l)));
    }

    /// The statistics a student should see: the current ones, or, once the run has diverged
    /// and they are no longer finite, the latest finite ones taken before; with their step.
    pub fn healthy_layer_stats(&mut self) -> (u64, Vec<LayerStats>) {
        let stats = self.layer_stats();
        let step = self.steps();
        if stats.iter().all(LayerStats::is_finite) {
            self.healthy = Some((step, stats.clone()));
        } else if let (Some(_), Some(healthy)) = (self.diverged_at, &self.healthy) {
            return healthy.clone();
        }
        (step, stats)
    }

    /// Layer `layer`'s weights, fan_out x fan_in, one row per neuron.
    pub fn weights(&self, layer: usize) -> Result<&[f32], ConfigError> {
        Ok(self.mlp.weights(self.layer(layer)?))
    }

    /// Layer `layer`'s biases, fan_out.
    pub fn biases(&self, layer: usize) -> Result<&[f32], ConfigError> {
        Ok(self.mlp.biases(self.layer(layer)?))
    }

    /// The first `rows` neurons' weights of every layer, each cut to its first `columns` inputs:
    /// what a heatmap of the layer shows.
    pub fn weight_corners(&self, rows: usize, columns: usize) -> Vec<Matrix> {
        self.mlp
            .layers()
            .iter()
            .enumerate()
            .map(|(l, layer)| {
                let (r, c) = (layer.fan_out.min(rows), layer.fan_in.min(columns));
                let w = self.mlp.weights(l);
                let values = (0..r)
                    .flat_map(|j| &w[j * layer.fan_in..j * layer.fan_in + c])
                    .copied()
                    .collect();
                Matrix {
                    rows: r,
                    columns: c,
                    values,
                }
            })
            .collect()
    }

    /// Cosine similarity between every two neurons of layer `layer` (see
    /// `diagnostics::cosine_matrix`), fan_out x fan_out: all ones when the layer is symmetric.
    pub fn similarity(&self, layer: usize) -> Result<Vec<f32>, ConfigError> {
        let l = self.layer(layer)?;
        Ok(self.similarity_of(l, self.mlp.layers()[l].fan_out))
    }

    /// The similarity matrix of the first `neurons` neurons of every layer.
    pub fn similarity_corners(&self, neurons: usize) -> Vec<Matrix> {
        (0..self.mlp.layers().len())
            .map(|l| {
                let n = self.mlp.layers()[l].fan_out.min(neurons);
                Matrix {
                    rows: n,
                    columns: n,
                    values: self.similarity_of(l, n),
                }
            })
            .collect()
    }

    fn similarity_of(&self, l: usize, neurons: usize) -> Vec<f32> {
        let all: Vec<usize> = (0..neurons).collect();
        diagnostics::cosine_matrix(self.mlp.weights(l), self.mlp.layers()[l].fan_in, &all)
    }

    /// The predicted class of every test sample, in test-set order.
    pub fn test_predictions(&mut self) -> Vec<u8> {
        let (inputs, chunk) = (self.data.inputs, self.mlp.max_batch());
        let mut out = Vec::with_capacity(self.data.test_len());
        for x in self.test_x.chunks(chunk * inputs) {
            let logits = self.mlp.forward(x, x.len() / inputs);
            let outputs = logits.len() / (x.len() / inputs);
            out.extend(
                logits
                    .chunks_exact(outputs)
                    .map(|row| self.config.loss.predict(row) as u8),
            );
        }
        out
    }

    /// The singular values of the hidden layers' input-output Jacobian ∂x^L/∂x¹ at training
    /// sample `sample` (an index checked by `sample_arg`) as the network sees it, largest
    /// first (see `crate::jacobian`). A network without hidden layers has none: an error naming
    /// `hidden`.
    pub fn jacobian_spectrum(&mut self, sample: f64) -> Result<Vec<f64>, ConfigError> {
        let i = self.sample_arg().check(sample)? as usize;
        if self.config.hidden.is_empty() {
            return Err(ConfigError::new(
                "hidden",
                "the Jacobian spans the hidden layers: the network needs at least one",
            ));
        }
        let inputs = self.data.inputs;
        let x = &self.train_x[i * inputs..(i + 1) * inputs];
        Ok(jacobian::hidden_spectrum(&mut self.mlp, x))
    }

    /// `layer` if the network has it (see `layer_arg`).
    fn layer(&self, layer: usize) -> Result<usize, ConfigError> {
        self.layer_arg().check(layer as f64).map(|l| l as usize)
    }

    /// Class probabilities over a `resolution` x `resolution` grid covering the 2-D data (see
    /// `data::grid` for its orientation): one value per point, P(class 1), for two classes;
    /// `classes` values per point otherwise.
    pub fn decision_boundary(&mut self, resolution: usize) -> Result<Vec<f32>, ConfigError> {
        if !self.data.is_2d() {
            return Err(ConfigError::new(
                "dataset",
                format!(
                    "{} is not 2-D, so it has no decision boundary",
                    self.data.kind.id()
                ),
            ));
        }
        Run::resolution_arg().check(resolution as f64)?;
        let grid = self.scaler.apply(&data::grid(resolution));
        let classes = self.data.classes;
        let outputs = self.grad.len() / self.mlp.max_batch();
        // The probabilities kept per point: P(class 1) alone (the last) for two classes.
        let kept = if classes == 2 {
            outputs - 1..outputs
        } else {
            0..classes
        };
        let mut probs = vec![0.0f32; classes];
        let mut out = Vec::with_capacity(resolution * resolution * kept.len());
        for chunk in grid.chunks(2 * self.mlp.max_batch()) {
            let logits = self.mlp.forward(chunk, chunk.len() / 2);
            for row in logits.chunks_exact(outputs) {
                self.config.loss.probabilities(row, &mut probs[..outputs]);
                out.extend_from_slice(&probs[kept.clone()]);
            }
        }
        Ok(out)
    }
}
