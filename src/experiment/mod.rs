//! A training run: a config, its data, its network and optimizer, stepped on demand and
//! recording its history. This is what the JS `Trainer` wraps.
//!
//! Training (`step`) never touches the whole data set, so its cost does not depend on the
//! number of samples; what is read of the run (`readings`) is asked for separately, and one
//! `round` trains and reads in a single call (`round`).
//!
//! # When a run diverges
//! A run diverges at the first step whose mini-batch loss is NaN or infinite (that step's
//! update is not applied), or whose update leaves a weight or bias NaN or infinite. It then
//! takes no more steps. Nothing else marks it: a loss over the whole training or test set
//! that overflows while the mini-batch losses stay finite is reported as it is, and the run
//! trains on. So a config and a seed diverge at the same step however the steps are split
//! into calls and whatever is read in between.

mod batches;
mod readings;
mod replay;
mod round;
mod scaler;

use serde::Serialize;

pub use batches::BatchOrder;
pub use readings::{Evaluation, Matrix, PROBE_SAMPLES, TRACE_SAMPLES};
pub use replay::Replay;
pub use round::{Cursor, Request, Round, Timing};
pub use scaler::Scaler;

use crate::config::{Config, IntArg};
use crate::data::{self, Dataset};
use crate::diagnostics::LayerStats;
use crate::error::ConfigError;
use crate::history::LossHistory;
use crate::lsuv::LsuvLayer;
use crate::mlp::Mlp;
use crate::optim::Optimizer;
use crate::rng::{self, Stream};
use crate::trace::Trace;

/// Most steps one `step` call may take, so a call can never freeze the page for long.
pub const MAX_STEPS_PER_CALL: u32 = 10_000;
/// Most work one `step` call may do, counted as the multiply-adds of the steps' forward passes:
/// (number of parameters) x (batch size) per step; backward and update cost about twice that
/// again, so this bounds a call's time (the README's Limits table gives the times measured).
/// A bigger network gets fewer steps per call (`Run::max_steps_per_call`), but always one.
pub const MAX_WORK_PER_CALL: u64 = 4_000_000_000;
/// Smallest decision-boundary grid side.
pub const MIN_RESOLUTION: usize = 2;
/// Largest decision-boundary grid side.
pub const MAX_RESOLUTION: usize = 200;

/// Where a run stands after a `step` call, without reading the whole data set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Training steps taken so far.
    pub step: u64,
    /// Loss of the last mini-batch; `None` at step 0.
    pub loss: Option<f32>,
    /// Whether the run diverged (see the module doc); it then takes no more steps.
    pub diverged: bool,
    /// The step at which it did.
    pub diverged_at: Option<u64>,
    /// The step at which the run reached the target loss (see `history::TARGET_LOSS`), if it
    /// has.
    pub target_reached_at: Option<u64>,
}

/// Everything about where a run stands: its `Progress` and its `Evaluation` over the whole
/// training and test sets.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepReport {
    /// Training steps taken so far.
    pub step: u64,
    /// Loss of the last mini-batch; at step 0 the loss over the whole training set.
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
    /// Whether the run diverged (see the module doc).
    pub diverged: bool,
    /// The step at which it did.
    pub diverged_at: Option<u64>,
    /// The step at which the run reached the target loss, if it has.
    pub target_reached_at: Option<u64>,
}

/// One training run. Buffers are sized at creation; `step` allocates nothing.
#[derive(Debug, Clone)]
pub struct Run {
    config: Config,
    data: Dataset,
    mlp: Mlp,
    optimizer: Optimizer,
    batches: BatchOrder,
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
    trace: Trace,
    diverged_at: Option<u64>,
    /// The evaluation of the current step, once asked for.
    evaluation: Option<Evaluation>,
    /// The latest full layer statistics that were finite, and their step (see `Run::round`).
    healthy: Option<(u64, Vec<LayerStats>)>,
    /// What `lsuv`'s data pass did to each layer, for that scheme.
    lsuv: Option<Vec<LsuvLayer>>,
}

impl Run {
    /// Generates the data and draws the initial weights of a validated config.
    pub fn new(config: Config) -> Result<Run, ConfigError> {
        config.validate()?;
        data::available(config.dataset)?;
        let c = &config;
        let data = dataset(c);
        let sizes = c.sizes();
        let outputs = *sizes.last().expect("sizes has an output layer");
        let max_batch = c.batch_size.max(PROBE_SAMPLES);
        let (mlp, lsuv) = initial_network(c, max_batch);
        let encode = |labels: &[u8]| {
            let mut t = vec![0.0; labels.len() * outputs];
            for (row, &y) in t.chunks_exact_mut(outputs).zip(labels) {
                c.loss.encode_target(y as usize, data.classes, row);
            }
            t
        };
        let (train_targets, test_targets) = (encode(&data.train_y), encode(&data.test_y));
        let scaler = Scaler::fit(&data.train_x, data.inputs);
        let mut run = Run {
            train_x: scaler.apply(&data.train_x),
            test_x: scaler.apply(&data.test_x),
            scaler,
            optimizer: Optimizer::new(c.optimizer, c.learning_rate, mlp.params().len()),
            batches: BatchOrder::new(c.seed, data.train_len()),
            batch_x: vec![0.0; c.batch_size * data.inputs],
            batch_t: vec![0.0; c.batch_size * outputs],
            grad: vec![0.0; max_batch * outputs],
            train_targets,
            test_targets,
            history: LossHistory::new(),
            trace: Trace::new(sizes.len() - 1),
            diverged_at: None,
            evaluation: None,
            healthy: None,
            lsuv,
            mlp,
            data,
            config,
        };
        run.record_trace();
        Ok(run)
    }

    /// Parses a JSON config and starts a run from it.
    pub fn from_json(text: &str) -> Result<Run, ConfigError> {
        Run::new(Config::from_json(text)?)
    }

    /// The run's config.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The run's data, its features raw (before standardization).
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The standardization the network's inputs went through, fitted on the training set.
    pub fn scaler(&self) -> &Scaler {
        &self.scaler
    }

    /// The inputs the network sees: the training and test features standardized by `scaler`,
    /// each row-major with `data().inputs` features per sample.
    pub fn inputs(&self) -> (&[f32], &[f32]) {
        (&self.train_x, &self.test_x)
    }

    /// The network.
    pub fn mlp(&self) -> &Mlp {
        &self.mlp
    }

    /// Steps taken so far.
    pub fn steps(&self) -> u64 {
        self.history.steps()
    }

    /// The step at which the run diverged, if it did (see the module doc).
    pub fn diverged_at(&self) -> Option<u64> {
        self.diverged_at
    }

    /// Mini-batch loss of every step so far, decimated to at most `history::MAX_POINTS` points
    /// (its last point NaN or infinite if the run diverged on a mini-batch loss).
    pub fn loss_history(&self) -> &LossHistory {
        &self.history
    }

    /// The per-layer signal numbers over time (see `trace`).
    pub fn trace(&self) -> &Trace {
        &self.trace
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

    /// The step count a call may ask for: [`lo`, `max_steps_per_call()`], with the reason its
    /// top is below `MAX_STEPS_PER_CALL` when it is (`lo` is 1 for `step`, 0 for `round`).
    pub fn steps_arg(&self, lo: u64) -> IntArg {
        let max = self.max_steps_per_call();
        let mut arg = IntArg::new("steps", lo, u64::from(max));
        if max < MAX_STEPS_PER_CALL {
            arg.why = format!(
                " (for this network: a call does at most {:e} parameter x sample products, \
                 and one step is {} parameters x batch {})",
                MAX_WORK_PER_CALL as f64,
                self.mlp.params().len(),
                self.config.batch_size
            );
        }
        arg
    }

    /// Trains `n` mini-batch steps (1 to `max_steps_per_call()`), stopping early if the run
    /// diverges, and says where it stands. A diverged run takes no more steps. Its cost does
    /// not depend on the size of the data set.
    pub fn step(&mut self, n: u32) -> Result<Progress, ConfigError> {
        self.steps_arg(1).check(f64::from(n))?;
        self.train(n);
        Ok(self.progress())
    }

    /// Up to `n` steps, without checking `n` against the work cap.
    fn train(&mut self, n: u32) {
        for _ in 0..n {
            if self.diverged_at.is_some() {
                break;
            }
            self.train_step();
        }
    }

    /// Where the run stands, from what training recorded.
    pub fn progress(&self) -> Progress {
        Progress {
            step: self.steps(),
            loss: self.history.last(),
            diverged: self.diverged_at.is_some(),
            diverged_at: self.diverged_at,
            target_reached_at: self.history.target_reached_at(),
        }
    }

    /// One mini-batch step: the batch drawn, forward, loss, backward, update, divergence check,
    /// and the trace point if one is due.
    fn train_step(&mut self) {
        self.draw_batch();
        let c = &self.config;
        let (outputs, b) = (self.batch_t.len() / c.batch_size, c.batch_size);
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
        if !all_finite(params) {
            self.diverged_at = Some(self.steps());
            return;
        }
        if self.trace.due(self.steps()) {
            self.record_trace();
        }
    }

    /// Draws the current mini-batch: the next `batch_size` samples of the batch order.
    fn draw_batch(&mut self) {
        let c = &self.config;
        let (inputs, outputs, b) = (
            self.data.inputs,
            self.batch_t.len() / c.batch_size,
            c.batch_size,
        );
        for i in 0..b {
            let s = self.batches.next_sample();
            self.batch_x[i * inputs..(i + 1) * inputs]
                .copy_from_slice(&self.train_x[s * inputs..(s + 1) * inputs]);
            self.batch_t[i * outputs..(i + 1) * outputs]
                .copy_from_slice(&self.train_targets[s * outputs..(s + 1) * outputs]);
        }
    }

    /// Where the run stands, with the loss and accuracy over the whole training and test sets.
    /// Changes nothing about the run: asking twice, or not at all, trains the same run.
    pub fn report(&mut self) -> StepReport {
        let p = self.progress();
        let e = self.evaluate();
        StepReport {
            step: p.step,
            loss: p.loss.unwrap_or(e.train_loss),
            train_loss: e.train_loss,
            test_loss: e.test_loss,
            accuracy: e.accuracy,
            test_accuracy: e.test_accuracy,
            diverged: p.diverged,
            diverged_at: p.diverged_at,
            target_reached_at: p.target_reached_at,
        }
    }

    /// `layer` as a layer index of this network (0 = first hidden layer, the last is the output
    /// layer), else the error naming the range.
    pub fn layer_arg(&self) -> IntArg {
        IntArg::new("layer", 0, self.mlp.layers().len() as u64 - 1)
    }

    /// What `lsuv`'s data pass did to each layer before step 0 (`None` for other schemes).
    pub fn lsuv_report(&self) -> Option<&[LsuvLayer]> {
        self.lsuv.as_deref()
    }

    /// The `sample` argument of `jacobian_spectrum`: a training sample's index.
    pub fn sample_arg(&self) -> IntArg {
        IntArg::new("sample", 0, self.data.train_len() as u64 - 1)
    }

    /// The decision-boundary resolution argument: [`MIN_RESOLUTION`, `MAX_RESOLUTION`].
    pub fn resolution_arg() -> IntArg {
        IntArg::new("resolution", MIN_RESOLUTION as u64, MAX_RESOLUTION as u64)
    }

    /// The `from` argument of `lossHistory`: a point index in [0, points held].
    pub fn history_from_arg(&self) -> IntArg {
        IntArg::new("from", 0, self.history.len() as u64)
    }
}

/// The dataset of a validated config: generated from `dataSeed`'s data stream, split, its
/// features raw.
pub fn dataset(c: &Config) -> Dataset {
    data::generate(
        c.dataset,
        c.samples,
        c.noise,
        c.test_fraction,
        &mut rng::seeded(c.data_seed, Stream::Data),
    )
}

/// The network of a validated config as drawn: weights and biases from `seed`'s init stream,
/// caches for batches of up to `max_batch` samples; before any data pass (`lsuv`).
pub fn drawn_network(c: &Config, max_batch: usize) -> Mlp {
    let mut mlp = Mlp::new(&c.sizes(), c.activation, max_batch);
    mlp.initialize(
        &c.init,
        &c.bias_init,
        &mut rng::seeded(c.seed, Stream::Init),
    );
    mlp
}

/// The network of a validated config as it starts training: `drawn_network`, then for `lsuv`
/// the data pass on the config's standardized training set (`crate::lsuv`), whose per-layer
/// report comes along (`None` for every other scheme).
pub fn initial_network(c: &Config, max_batch: usize) -> (Mlp, Option<Vec<LsuvLayer>>) {
    let mut mlp = drawn_network(c, max_batch);
    let report = c.init.lsuv().map(|lsuv| {
        let data = dataset(c);
        let x = Scaler::fit(&data.train_x, data.inputs).apply(&data.train_x);
        lsuv.apply(&mut mlp, &x, data.inputs)
    });
    (mlp, report)
}

/// Whether every value is finite: no exponent field all ones (NaN or an infinity). An OR over
/// every value's test rather than an early exit, so the compiler can vectorize the pass a step
/// makes over all its parameters.
fn all_finite(values: &[f32]) -> bool {
    const EXPONENT: u32 = 0x7f80_0000;
    let any_not_finite = values
        .iter()
        .fold(false, |any, v| any | (v.to_bits() & EXPONENT == EXPONENT));
    !any_not_finite
}

#[cfg(test)]
mod tests {
    use super::all_finite;

    #[test]
    fn all_finite_finds_any_nan_or_infinity() {
        let ok = [
            0.0,
            -0.0,
            1.0,
            f32::MAX,
            f32::MIN,
            f32::MIN_POSITIVE / 2.0,
            -1e-45,
        ];
        assert!(all_finite(&ok) && all_finite(&[]));
        for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, -f32::NAN] {
            for at in 0..ok.len() {
                let mut values = ok.to_vec();
                values.insert(at, bad);
                assert!(!all_finite(&values), "{bad} at {at}");
                // Two or three of them: any number of non-finite values is caught.
                values.insert(0, f32::NAN);
                assert!(!all_finite(&values), "{bad} at {at} and a NaN");
                values.push(f32::INFINITY);
                assert!(!all_finite(&values), "{bad} at {at}, a NaN and an infinity");
            }
        }
    }
}
