//! A training run: a config, its data, its network and optimizer, stepped on demand and
//! recording its history. This is what the JS `Trainer` wraps.

use rand::seq::SliceRandom;
use serde::Serialize;

use crate::config::{integer_arg, Config};
use crate::data::{self, Dataset};
use crate::diagnostics::{self, LayerStats};
use crate::error::ConfigError;
use crate::history::LossHistory;
use crate::mlp::Mlp;
use crate::optim::Optimizer;
use crate::rng::{self, Rng, Stream};

/// Most steps one `step` call may take, so a call can never freeze the page for long.
pub const MAX_STEPS_PER_CALL: u32 = 10_000;
/// Most work one `step` call may do, counted as the multiply-adds of the steps' forward passes:
/// (number of parameters) x (batch size) per step; backward and update cost about twice that
/// again, so this bounds a call's time. Measured on a 2-core AMD EPYC VM, a call at the cap
/// takes 0.7 to 1.2 s in wasm (Node 20, SIMD) and 1.1 to 1.9 s natively (scalar kernels), for
/// networks from 64-128-128-10 at batch 32 to 32 tanh layers of 32 or 2-512x4-1 at batch 512.
/// A bigger network gets fewer steps per call (`Run::max_steps_per_call`), but always one;
/// the report ending each call (a forward pass over all the data) is not counted.
pub const MAX_WORK_PER_CALL: u64 = 4_000_000_000;
/// Training samples in the fixed probe batch that `layer_stats` reads the layers on.
pub const PROBE_SAMPLES: usize = 256;
/// Smallest decision-boundary grid side.
pub const MIN_RESOLUTION: usize = 2;
/// Largest decision-boundary grid side.
pub const MAX_RESOLUTION: usize = 200;

/// Where a run stands after a `step` call.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepReport {
    /// Training steps taken so far.
    pub step: u64,
    /// Loss of the last mini-batch.
    pub loss: f32,
    /// Loss over the whole training set.
    pub train_loss: f32,
    /// Loss over the test set.
    pub test_loss: f32,
    /// Accuracy over the whole training set, in [0, 1]; NaN when that set's loss is not finite
    /// (a network that outputs NaN predicts nothing).
    pub accuracy: f32,
    /// Accuracy over the test set, in [0, 1]; NaN when that set's loss is not finite.
    pub test_accuracy: f32,
    /// Whether the loss (of a mini-batch, or over the training or test set) or a parameter
    /// became NaN or infinite; the run then stops.
    pub diverged: bool,
    /// The step at which it did.
    pub diverged_at: Option<u64>,
    /// The step at which the run reached the target loss (see `history::TARGET_LOSS`), if it
    /// has.
    pub target_reached_at: Option<u64>,
}

/// One training run. Buffers are sized at creation; `step` allocates nothing.
#[derive(Debug, Clone)]
pub struct Run {
    config: Config,
    data: Dataset,
    mlp: Mlp,
    optimizer: Optimizer,
    batches: Rng,
    /// Training-sample order of the current epoch, and how far into it we are.
    order: Vec<usize>,
    cursor: usize,
    /// The inputs the network sees: the data standardized by `Scaler`.
    scaler: Scaler,
    train_x: Vec<f32>,
    test_x: Vec<f32>,
    /// Targets of every training and test sample, encoded for the loss.
    train_targets: Vec<f32>,
    test_targets: Vec<f32>,
    /// The current mini-batch and the loss gradient, sized for the largest batch.
    batch_x: Vec<f32>,
    batch_t: Vec<f32>,
    grad: Vec<f32>,
    history: LossHistory,
    diverged_at: Option<u64>,
}

impl Run {
    /// Generates the data and draws the initial weights of a validated config.
    pub fn new(config: Config) -> Result<Run, ConfigError> {
        config.validate()?;
        let c = &config;
        let data = data::generate(
            c.dataset,
            c.samples,
            c.noise,
            c.test_fraction,
            &mut rng::seeded(c.data_seed, Stream::Data),
        );
        let sizes = c.sizes();
        let outputs = *sizes.last().expect("sizes has an output layer");
        let max_batch = c.batch_size.max(PROBE_SAMPLES);
        let mut mlp = Mlp::new(&sizes, c.activation, max_batch);
        mlp.initialize(
            &c.init,
            &c.bias_init,
            &mut rng::seeded(c.seed, Stream::Init),
        );
        let encode = |labels: &[u8]| {
            let mut t = vec![0.0; labels.len() * outputs];
            for (row, &y) in t.chunks_exact_mut(outputs).zip(labels) {
                c.loss.encode_target(y as usize, data.classes, row);
            }
            t
        };
        let (train_targets, test_targets) = (encode(&data.train_y), encode(&data.test_y));
        let scaler = Scaler::fit(&data.train_x, data.inputs);
        Ok(Run {
            train_x: scaler.apply(&data.train_x),
            test_x: scaler.apply(&data.test_x),
            scaler,
            optimizer: Optimizer::new(c.optimizer, c.learning_rate, mlp.params().len()),
            batches: rng::seeded(c.seed, Stream::Batches),
            order: (0..data.train_len()).collect(),
            cursor: data.train_len(),
            batch_x: vec![0.0; c.batch_size * data.inputs],
            batch_t: vec![0.0; c.batch_size * outputs],
            grad: vec![0.0; max_batch * outputs],
            train_targets,
            test_targets,
            history: LossHistory::new(),
            diverged_at: None,
            mlp,
            data,
            config,
        })
    }

    /// Parses a JSON config and starts a run from it.
    pub fn from_json(text: &str) -> Result<Run, ConfigError> {
        Run::new(Config::from_json(text)?)
    }

    /// The run's config.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The run's data.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The network.
    pub fn mlp(&self) -> &Mlp {
        &self.mlp
    }

    /// Steps taken so far.
    pub fn steps(&self) -> u64 {
        self.history.steps()
    }

    /// The step at which the run diverged, if it did.
    pub fn diverged_at(&self) -> Option<u64> {
        self.diverged_at
    }

    /// Mini-batch loss of every step so far, decimated to at most `history::MAX_POINTS` points
    /// (its last point NaN or infinite if the run diverged on a mini-batch rather than over a
    /// whole set).
    pub fn loss_history(&self) -> &LossHistory {
        &self.history
    }

    /// The work of one step as `MAX_WORK_PER_CALL` counts it: parameters x batch size.
    fn work_per_step(&self) -> u64 {
        self.mlp.params().len() as u64 * self.config.batch_size as u64
    }

    /// Most steps one `step` call may take for this network: `MAX_WORK_PER_CALL` over the work
    /// of a step, within [1, `MAX_STEPS_PER_CALL`].
    pub fn max_steps_per_call(&self) -> u32 {
        let steps = MAX_WORK_PER_CALL / self.work_per_step().max(1);
        steps.clamp(1, u64::from(MAX_STEPS_PER_CALL)) as u32
    }

    /// A step count as JSON or JavaScript sends it (a double), if it is an integer in
    /// [1, `max_steps_per_call()`]; else the error on `steps` naming that range, and why it is
    /// narrower than [1, `MAX_STEPS_PER_CALL`] when it is.
    pub fn steps_arg(&self, steps: f64) -> Result<u32, ConfigError> {
        let max = self.max_steps_per_call();
        // `max` is a u32, so is the accepted count.
        integer_arg("steps", steps, 1, u64::from(max))
            .map(|n| n as u32)
            .map_err(|e| {
                if max == MAX_STEPS_PER_CALL {
                    return e;
                }
                let because = format!(
                    " (for this network: a call does at most {:e} parameter x sample products, \
                     and one step is {} parameters x batch {})",
                    MAX_WORK_PER_CALL as f64,
                    self.mlp.params().len(),
                    self.config.batch_size
                );
                ConfigError::new("steps", e.message + &because)
            })
    }

    /// Trains `n` mini-batch steps (1 to `max_steps_per_call()`), stopping early if the run
    /// diverges, and reports where it stands. A diverged run takes no more steps.
    pub fn step(&mut self, n: u32) -> Result<StepReport, ConfigError> {
        self.steps_arg(f64::from(n))?;
        for _ in 0..n {
            if self.diverged_at.is_some() {
                break;
            }
            self.train_step();
        }
        Ok(self.report())
    }

    /// One mini-batch step: forward, loss, backward, update, divergence check.
    fn train_step(&mut self) {
        let c = &self.config;
        let (inputs, outputs, b) = (
            self.data.inputs,
            self.batch_t.len() / c.batch_size,
            c.batch_size,
        );
        for i in 0..b {
            if self.cursor == self.order.len() {
                self.order.shuffle(&mut self.batches);
                self.cursor = 0;
            }
            let s = self.order[self.cursor];
            self.cursor += 1;
            self.batch_x[i * inputs..(i + 1) * inputs]
                .copy_from_slice(&self.train_x[s * inputs..(s + 1) * inputs]);
            self.batch_t[i * outputs..(i + 1) * outputs]
                .copy_from_slice(&self.train_targets[s * outputs..(s + 1) * outputs]);
        }
        let logits = self.mlp.forward(&self.batch_x, b);
        let grad = &mut self.grad[..b * outputs];
        let loss = c
            .loss
            .forward_backward(logits, &self.batch_t, outputs, grad);
        self.mlp.backward(&self.batch_x, grad);
        self.history.push(loss);
        if !loss.is_finite() {
            self.diverged_at = Some(self.steps());
            return;
        }
        let (params, grads) = self.mlp.params_and_grads();
        self.optimizer.step(params, grads);
        if !params.iter().all(|p| p.is_finite()) {
            self.diverged_at = Some(self.steps());
        }
    }

    /// Loss and accuracy over the whole training and test sets, with the latest step. A loss
    /// that is NaN or infinite marks the run diverged at this step: finite parameters can still
    /// give outputs that overflow on samples the last mini-batch did not hold.
    pub fn report(&mut self) -> StepReport {
        let (train_loss, accuracy) = self.evaluate(false);
        let (test_loss, test_accuracy) = self.evaluate(true);
        if !(train_loss.is_finite() && test_loss.is_finite()) {
            self.diverged_at.get_or_insert(self.steps());
        }
        StepReport {
            step: self.steps(),
            loss: self.history.last().unwrap_or(train_loss),
            train_loss,
            test_loss,
            accuracy,
            test_accuracy,
            diverged: self.diverged_at.is_some(),
            diverged_at: self.diverged_at,
            target_reached_at: self.history.target_reached_at(),
        }
    }

    /// Mean loss and accuracy over the test set (or the training set), in chunks that fit the
    /// caches.
    fn evaluate(&mut self, test: bool) -> (f32, f32) {
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

    /// Per-layer statistics read on a fixed probe batch (the first `PROBE_SAMPLES` training
    /// samples), so successive readings differ only because the network changed.
    pub fn layer_stats(&mut self) -> Vec<LayerStats> {
        let n = self.data.train_len().min(PROBE_SAMPLES);
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
        self.mlp.backward(x, grad);
        diagnostics::layer_stats(&self.mlp, self.optimizer.last_update(), &self.config.init)
    }

    /// Layer `layer`'s weights, fan_out x fan_in, one row per neuron.
    pub fn weights(&self, layer: usize) -> Result<&[f32], ConfigError> {
        Ok(self.mlp.weights(self.layer(layer)?))
    }

    /// Layer `layer`'s biases, fan_out.
    pub fn biases(&self, layer: usize) -> Result<&[f32], ConfigError> {
        Ok(self.mlp.biases(self.layer(layer)?))
    }

    /// Cosine similarity between every two neurons of layer `layer` (see
    /// `diagnostics::cosine_matrix`), fan_out x fan_out: all ones when the layer is symmetric.
    pub fn similarity(&self, layer: usize) -> Result<Vec<f32>, ConfigError> {
        let l = self.layer(layer)?;
        let neurons: Vec<usize> = (0..self.mlp.layers()[l].fan_out).collect();
        Ok(diagnostics::cosine_matrix(
            self.mlp.weights(l),
            self.mlp.layers()[l].fan_in,
            &neurons,
        ))
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

    /// `layer` if the network has it (0 = first hidden layer, the last is the output layer).
    fn layer(&self, layer: usize) -> Result<usize, ConfigError> {
        let last = self.mlp.layers().len() - 1;
        if layer > last {
            return Err(ConfigError::new(
                "layer",
                format!("must be an integer in [0, {last}], got {layer}"),
            ));
        }
        Ok(layer)
    }

    /// Class probabilities over a `resolution` x `resolution` grid covering the 2-D data (see
    /// `data::grid` for its orientation): one value per point, P(class 1), for two classes;
    /// `classes` values per point otherwise.
    pub fn decision_boundary(&mut self, resolution: usize) -> Result<Vec<f32>, ConfigError> {
        if !self.data.kind.is_2d() {
            return Err(ConfigError::new(
                "dataset",
                format!(
                    "{} is not 2-D, so it has no decision boundary",
                    self.data.kind.id()
                ),
            ));
        }
        if !(MIN_RESOLUTION..=MAX_RESOLUTION).contains(&resolution) {
            return Err(ConfigError::new(
                "resolution",
                format!(
                    "must be an integer in [{MIN_RESOLUTION}, {MAX_RESOLUTION}], got {resolution}"
                ),
            ));
        }
        let grid = self.scaler.apply(&data::grid(resolution));
        let classes = self.data.classes;
        let per_point = if classes == 2 { 1 } else { classes };
        let outputs = self.grad.len() / self.mlp.max_batch();
        let mut probs = vec![0.0f32; classes];
        let mut out = Vec::with_capacity(resolution * resolution * per_point);
        for chunk in grid.chunks(2 * self.mlp.max_batch()) {
            let logits = self.mlp.forward(chunk, chunk.len() / 2);
            for row in logits.chunks_exact(outputs) {
                self.config.loss.probabilities(row, &mut probs[..outputs]);
                out.extend_from_slice(if classes == 2 {
                    &probs[outputs - 1..outputs]
                } else {
                    &probs[..classes]
                });
            }
        }
        Ok(out)
    }
}

/// Standardizes every input to zero mean and unit variance over the training set, as Keras's
/// `Normalization` layer or scikit-learn's `StandardScaler` would: the schemes' variance
/// arguments assume inputs of unit scale. Constant inputs (blank digit pixels) are only centred.
#[derive(Debug, Clone)]
struct Scaler {
    mean: Vec<f32>,
    inv_std: Vec<f32>,
}

impl Scaler {
    fn fit(x: &[f32], inputs: usize) -> Scaler {
        let n = (x.len() / inputs).max(1) as f64;
        let column = |i: usize| x.iter().skip(i).step_by(inputs).map(|&v| v as f64);
        let mean: Vec<f64> = (0..inputs).map(|i| column(i).sum::<f64>() / n).collect();
        let inv_std = (0..inputs)
            .map(|i| {
                let std = libm::sqrt(
                    column(i)
                        .map(|v| (v - mean[i]) * (v - mean[i]))
                        .sum::<f64>()
                        / n,
                );
                if std > 1e-6 {
                    (1.0 / std) as f32
                } else {
                    1.0
                }
            })
            .collect();
        Scaler {
            mean: mean.into_iter().map(|m| m as f32).collect(),
            inv_std,
        }
    }

    fn apply(&self, x: &[f32]) -> Vec<f32> {
        let inputs = self.mean.len();
        x.iter()
            .enumerate()
            .map(|(i, &v)| (v - self.mean[i % inputs]) * self.inv_std[i % inputs])
            .collect()
    }
}
