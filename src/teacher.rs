//! Regression on a linear teacher: targets y = A x for a seeded M x N matrix A with known
//! singular values, learned by a network of linear layers with mean squared error and
//! full-batch gradient descent (Saxe, McClelland & Ganguli 2014's setting).
//!
//! # The data
//! A = U diag(s) Vᵀ (M <= N, s of length M) with U, V random orthogonal (the core's `orthogonal` draw) and s the
//! `SINGULAR_VALUES` spread evenly, largest first. The P inputs are whitened exactly: the rows
//! of X (P x N) are √P times the rows of a random P x N matrix with orthonormal columns, so
//! XᵀX / P = I, the input correlation Saxe et al.'s solutions assume. Then the mean squared
//! error over the data is ‖W - A‖²_F / M for the network's end-to-end map W, and the relative
//! error ‖Ŷ - Y‖_F / ‖Y‖_F = ‖W - A‖_F / ‖A‖_F.
//!
//! # The network
//! `depth` linear layers of N x N weights (depth 1: one layer, no hidden layer; at most
//! `MAX_HIDDEN_LAYERS` + 1), zero biases, drawn by any weight init; each step is one pass over
//! all P samples (`loss::Loss::MeanSquaredError`, Keras's `mse`: the mean over samples and
//! outputs) and one plain gradient-descent update.

use serde::Serialize;
use serde_json::Value;

use crate::activation::Activation;
use crate::config::{
    integer, number, IntArg, MAX_BATCH, MAX_HIDDEN_LAYERS, MAX_LEARNING_RATE, MAX_SEED,
};
use crate::error::ConfigError;
use crate::experiment::MAX_WORK_PER_CALL;
use crate::init::Init;
use crate::loss::Loss;
use crate::mlp::Mlp;
use crate::optim::{Optimizer, OptimizerKind};
use crate::rng::{self, Rng, Stream};

/// The teacher's singular values run evenly from the first to the second, largest first.
pub const SINGULAR_VALUES: (f64, f64) = (2.0, 0.5);

/// The most linear layers a network may have: every hidden layer the limits allow, and the
/// output layer.
pub const MAX_DEPTH: usize = MAX_HIDDEN_LAYERS + 1;

/// The widest teacher: N x N layers of up to 64 (the paper's point is depth, not width).
pub const MAX_TEACHER_WIDTH: usize = 64;

/// The most steps one `step` call may take (fewer for a large network: see
/// `Regression::steps_arg`).
pub const MAX_STEPS_PER_CALL: u64 = 10_000;

/// A linear teacher and its data.
#[derive(Debug, Clone, PartialEq)]
pub struct Teacher {
    /// N, the inputs.
    pub inputs: usize,
    /// M, the outputs.
    pub outputs: usize,
    /// A, M x N, row-major (y = A x).
    pub matrix: Vec<f64>,
    /// s, A's singular values, largest first.
    pub singular_values: Vec<f64>,
    /// X, P x N, row-major, whitened (XᵀX / P = I).
    pub x: Vec<f32>,
    /// Y = X Aᵀ, P x M, row-major.
    pub y: Vec<f32>,
}

/// A random `rows` x `columns` matrix (rows >= columns) with orthonormal columns, row-major.
fn orthonormal_columns(rows: usize, columns: usize, rng: &mut Rng) -> Vec<f64> {
    let init = Init::from_json("orthogonal", None, "init").expect("orthogonal is a scheme");
    // The draw of a layer with `columns` neurons and `rows` inputs: orthonormal rows; transposed.
    let mut w = vec![0.0f32; rows * columns];
    init.sample(rows, columns, rng, &mut w);
    (0..rows * columns)
        .map(|i| f64::from(w[(i % columns) * rows + i / columns]))
        .collect()
}

impl Teacher {
    /// The teacher mapping `inputs` N to `outputs` M <= N with `samples` P >= N samples, drawn
    /// from `seed`'s data stream.
    pub fn new(inputs: usize, outputs: usize, samples: usize, seed: u64) -> Teacher {
        let rng = &mut rng::seeded(seed, Stream::Data);
        let (n, m) = (inputs, outputs);
        let (hi, lo) = SINGULAR_VALUES;
        let s: Vec<f64> = (0..m)
            .map(|i| hi - (hi - lo) * i as f64 / (m.max(2) - 1) as f64)
            .collect();
        let (u, v) = (
            orthonormal_columns(m, m, rng),
            orthonormal_columns(n, n, rng),
        );
        let matrix: Vec<f64> = (0..m * n)
            .map(|ij| {
                let (i, j) = (ij / n, ij % n);
                (0..m).map(|k| u[i * m + k] * s[k] * v[j * n + k]).sum()
            })
            .collect();
        let root = libm::sqrt(samples as f64);
        let x64: Vec<f64> = orthonormal_columns(samples, n, rng)
            .into_iter()
            .map(|q| root * q)
            .collect();
        let x: Vec<f32> = x64.iter().map(|&v| v as f32).collect();
        let y = (0..samples * m)
            .map(|pi| {
                let (p, i) = (pi / m, pi % m);
                let row = &x64[p * n..(p + 1) * n];
                row.iter()
                    .zip(&matrix[i * n..(i + 1) * n])
                    .map(|(a, b)| a * b)
                    .sum::<f64>() as f32
            })
            .collect();
        Teacher {
            inputs,
            outputs,
            matrix,
            singular_values: s,
            x,
            y,
        }
    }

    /// P, the samples.
    pub fn samples(&self) -> usize {
        self.x.len() / self.inputs
    }
}

/// A validated regression run's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct RegressionConfig {
    /// N, the teacher's and every layer's width, 1 to `MAX_TEACHER_WIDTH` (default 32).
    pub width: usize,
    /// M, the teacher's outputs (the network's last layer), 1 to N (default N / 2).
    pub outputs: usize,
    /// Linear layers, 1 to `MAX_DEPTH` (default 1).
    pub depth: usize,
    /// The weight init (default `orthogonal`).
    pub init: Init,
    /// The gradient-descent step size (default `BASE_LEARNING_RATE / depth`).
    pub learning_rate: f32,
    /// P, the samples, N to `MAX_BATCH` (default 2 N).
    pub samples: usize,
    /// Seed of the weights (default 1).
    pub seed: u64,
    /// Seed of the teacher and its data (default `seed`).
    pub data_seed: u64,
}

/// The learning rate of a one-layer network; a network of `depth` layers takes it / depth,
/// which keeps the end-to-end map's step about the same at every depth (each layer's update
/// moves it, so `depth` of them move it `depth` times as far).
pub const BASE_LEARNING_RATE: f64 = 0.5;

/// The keys a regression config takes.
const KEYS: [&str; 9] = [
    "width",
    "outputs",
    "depth",
    "init",
    "initOptions",
    "learningRate",
    "samples",
    "seed",
    "dataSeed",
];

impl RegressionConfig {
    /// Reads and validates a JSON object of `KEYS` (each optional; `null` is not a value);
    /// errors name the key and what it allows.
    pub fn from_value(value: &Value) -> Result<RegressionConfig, ConfigError> {
        let obj = value.as_object().ok_or_else(|| {
            ConfigError::new("config", "must be an object such as {\"depth\": 4}")
        })?;
        if let Some(key) = obj.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(ConfigError::new(
                key.clone(),
                format!("is not a regression key; allowed: {}", KEYS.join(", ")),
            ));
        }
        let width = integer(obj, "width", 1, MAX_TEACHER_WIDTH as u64)?.unwrap_or(32) as usize;
        let outputs =
            integer(obj, "outputs", 1, width as u64)?.unwrap_or(width.div_ceil(2) as u64) as usize;
        let depth = integer(obj, "depth", 1, MAX_DEPTH as u64)?.unwrap_or(1) as usize;
        let samples = integer(obj, "samples", width as u64, MAX_BATCH as u64)?
            .unwrap_or(2 * width as u64) as usize;
        let seed = integer(obj, "seed", 0, MAX_SEED)?.unwrap_or(1);
        let data_seed = integer(obj, "dataSeed", 0, MAX_SEED)?.unwrap_or(seed);
        let id = match obj.get("init") {
            None => "orthogonal",
            Some(Value::String(s)) => s.as_str(),
            Some(other) => {
                return Err(ConfigError::new(
                    "init",
                    format!("must be a scheme id, got {other}"),
                ))
            }
        };
        let init = Init::from_json(id, obj.get("initOptions"), "init")?.without_data("init")?;
        let learning_rate = number(obj, "learningRate", 0.0, MAX_LEARNING_RATE, false)?
            .unwrap_or((BASE_LEARNING_RATE / depth as f64) as f32);
        Ok(RegressionConfig {
            width,
            outputs,
            depth,
            init,
            learning_rate,
            samples,
            seed,
            data_seed,
        })
    }
}

/// Where a regression run stands.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegressionProgress {
    /// Steps taken.
    pub step: u64,
    /// ‖Ŷ - Y‖_F / ‖Y‖_F over all samples at this step (NaN once not finite).
    pub relative_error: f64,
    /// The first step at which `relative_error` was at most the target asked of
    /// `Regression::steps_to`, if it has been.
    pub reached_at: Option<u64>,
}

/// A network learning a linear teacher.
#[derive(Debug, Clone)]
pub struct Regression {
    config: RegressionConfig,
    teacher: Teacher,
    mlp: Mlp,
    optimizer: Optimizer,
    grad: Vec<f32>,
    steps: u64,
    error: f64,
}

impl Regression {
    /// The teacher, and the network drawn from `config.seed`'s init stream.
    pub fn new(config: RegressionConfig) -> Regression {
        let (n, m) = (config.width, config.outputs);
        let teacher = Teacher::new(n, m, config.samples, config.data_seed);
        let mut sizes = vec![n; config.depth];
        sizes.push(m);
        let mut mlp = Mlp::new(&sizes, Activation::Linear, config.samples);
        let zeros = Init::from_json("zeros", None, "biasInit").expect("zeros is a scheme");
        mlp.initialize(
            &config.init,
            &zeros,
            &mut rng::seeded(config.seed, Stream::Init),
        );
        let optimizer =
            Optimizer::new(OptimizerKind::Sgd, config.learning_rate, mlp.params().len());
        let mut run = Regression {
            grad: vec![0.0; config.samples * m],
            teacher,
            mlp,
            optimizer,
            steps: 0,
            error: f64::NAN,
            config,
        };
        run.error = run.forward_error();
        run
    }

    /// The settings.
    pub fn config(&self) -> &RegressionConfig {
        &self.config
    }

    /// The teacher and its data.
    pub fn teacher(&self) -> &Teacher {
        &self.teacher
    }

    /// The network.
    pub fn mlp(&self) -> &Mlp {
        &self.mlp
    }

    /// The relative error at the current step.
    pub fn relative_error(&self) -> f64 {
        self.error
    }

    /// Steps taken.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The `steps` argument: [1, `MAX_STEPS_PER_CALL`], narrowed as a `Run`'s is so that a
    /// call does at most `MAX_WORK_PER_CALL` parameter x sample products (about a second).
    pub fn steps_arg(&self) -> IntArg {
        let work = self.mlp.params().len() as u64 * self.teacher.samples() as u64;
        let max = (MAX_WORK_PER_CALL / work.max(1)).clamp(1, MAX_STEPS_PER_CALL);
        let mut arg = IntArg::new("steps", 1, max);
        if max < MAX_STEPS_PER_CALL {
            arg.why = format!(
                " (for this network: a call does at most {:e} parameter x sample products, and one step is {} parameters x {} samples)",
                MAX_WORK_PER_CALL as f64,
                self.mlp.params().len(),
                self.teacher.samples()
            );
        }
        arg
    }

    /// Forward pass over all samples: the relative error.
    fn forward_error(&mut self) -> f64 {
        let p = self.teacher.samples();
        let out = self.mlp.forward(&self.teacher.x, p);
        let (mut residual, mut total) = (0.0f64, 0.0f64);
        for (o, y) in out.iter().zip(&self.teacher.y) {
            let d = f64::from(*o) - f64::from(*y);
            residual += d * d;
            total += f64::from(*y) * f64::from(*y);
        }
        libm::sqrt(residual / total)
    }

    /// Takes `n` full-batch gradient-descent steps (an `n` checked by `steps_arg`), stopping
    /// early once the error is not finite; returns the relative error after them.
    pub fn step(&mut self, n: f64) -> Result<f64, ConfigError> {
        let n = self.steps_arg().check(n)?;
        for _ in 0..n {
            if !self.error.is_finite() {
                break;
            }
            self.train_step();
        }
        Ok(self.error)
    }

    /// One step: the gradient of the mean squared error at the current weights (whose forward
    /// pass `forward_error` left in the caches), the update, and the new error.
    fn train_step(&mut self) {
        let m = self.config.outputs;
        let out = self.mlp.outputs(self.config.depth - 1);
        Loss::MeanSquaredError.forward_backward(out, &self.teacher.y, m, &mut self.grad);
        self.mlp.backward(&self.teacher.x, &self.grad);
        let biases: Vec<_> = self.mlp.layers().iter().map(|l| l.biases.clone()).collect();
        let (params, grads) = self.mlp.params_and_grads();
        self.optimizer.step(params, grads);
        // Saxe et al.'s networks have no biases: they stay 0.
        biases.into_iter().for_each(|b| params[b].fill(0.0));
        self.steps += 1;
        self.error = self.forward_error();
    }

    /// Trains at most `n` more steps (an `n` checked by `steps_arg`), stopping once the relative
    /// error is at most `target` (or not finite): where it stopped. A page trains a network to
    /// its target in calls of a bounded size this way, saying how far it got between them.
    pub fn advance_to(&mut self, target: f64, n: f64) -> Result<RegressionProgress, ConfigError> {
        if !(target.is_finite() && target >= 0.0) {
            return Err(ConfigError::new(
                "target",
                format!("must be a finite relative error >= 0, got {target}"),
            ));
        }
        let n = self.steps_arg().check(n)?;
        Ok(self.steps_to(target, self.steps + n))
    }

    /// Trains until the relative error is at most `target` or `max_steps` steps have been taken
    /// (or the error is not finite): where it stopped, and the step it reached the target.
    pub fn steps_to(&mut self, target: f64, max_steps: u64) -> RegressionProgress {
        let mut reached_at = (self.error <= target).then_some(self.steps);
        while reached_at.is_none() && self.steps < max_steps && self.error.is_finite() {
            self.train_step();
            if self.error <= target {
                reached_at = Some(self.steps);
            }
        }
        RegressionProgress {
            step: self.steps,
            relative_error: self.error,
            reached_at,
        }
    }
}
