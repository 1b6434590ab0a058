//! Writes the cases of the real-library suite (`tools/run-tests.sh`'s `python` suite and `make
//! test-torch`): for every preset's runs and a spread of other configs, the Keras and PyTorch
//! scripts the page copies, and `cases.json` with the core's own numbers to check them against.
//!
//! `cargo run --example script_cases -- DIR STEPS` writes `DIR/NAME.keras.py`,
//! `DIR/NAME.pytorch.py` and `DIR/cases.json`, every script asked for STEPS steps; the last
//! case, `control`, pairs he-relu's scripts with the numbers of another learning rate and is
//! marked `expectMismatch`: a suite that found nothing wrong there would be comparing nothing. Per case the
//! JSON holds its name, mode, config and steps; the core's loss history as `[step, loss]` points
//! (`null` for a loss that is not finite) and the step the run diverged at; the step-0 layer
//! readings (`activationStd`, `gradientNorm` per layer, output last); the whole-set numbers after
//! the last step; and `horizon`, the first step at which the core itself, started from initial
//! parameters one ulp away, departs from its own loss history by more than the suite's
//! tolerance: the earliest such step of `TWINS` twins, each with every nonzero initial weight and
//! bias moved one ulp up or down at random (`null` when none departs within STEPS). A run with a
//! horizon is chaotic: a library that rounds differently is one more such twin, and cannot be
//! expected to follow it past there.
//!
//! It first replays every run from the start the scripts carry (`experiment::Replay`) with the
//! core's own network, loss and optimizer, and stops with an error unless that replay gives the
//! run's loss history bit for bit: the exported data, weights and batch order are the run's.

use std::path::PathBuf;

use initlab::codegen::{keras, pytorch, Mode, Options};
use initlab::config::Config;
use initlab::experiment::{drawn_network, initial_network, Replay, Run, Scaler};
use initlab::optim::Optimizer;
use initlab::presets::{Preset, PRESETS};
use initlab::rng::{self, Stream};
use serde_json::{json, Value};

/// Relative tolerance of the suite's loss comparison, with losses below `FLOOR` compared
/// absolutely (1e-3 x 0.1 = 1e-4).
const TOLERANCE: f64 = 1e-3;
/// See `TOLERANCE`.
const FLOOR: f64 = 0.1;
/// Twins a run's horizon is the earliest departure of (see the module doc).
const TWINS: u64 = 8;

/// Configs beyond the presets: together every optimizer, initializer (with its options as
/// weight and, but `lsuv`, as bias scheme; `lsuv` also with biases that take it several rescalings), activation, loss and dataset, a whole-number learning rate, no
/// hidden layer, seeds beyond 31 bits, and all 1797 digits.
const SPREAD: &[(&str, &str)] = &[
    (
        "lsuv-relu",
        r#"{"hidden": [16, 16, 16, 16, 16, 16], "dataset": "spiral", "activation": "relu", "init": "lsuv", "learningRate": 0.05}"#,
    ),
    (
        "lsuv-tanh-biases",
        r#"{"hidden": [12, 10], "activation": "tanh", "init": "lsuv", "initOptions": {"tolerance": 0.01, "maxIterations": 4, "batch": 64}, "biasInit": "random_normal", "biasInitOptions": {"stddev": 0.5}}"#,
    ),
    (
        "momentum-lr1",
        r#"{"hidden": [8, 8], "activation": "tanh", "init": "glorot_uniform", "optimizer": "momentum", "learningRate": 1}"#,
    ),
    (
        "rmsprop-ones-bias",
        r#"{"hidden": [6, 5], "dataset": "xor", "activation": "elu", "init": "he_uniform", "biasInit": "ones", "optimizer": "rmsprop"}"#,
    ),
    (
        "adam-leaky",
        r#"{"hidden": [16, 16, 16], "dataset": "spiral", "activation": "leaky_relu", "init": "he_normal", "initOptions": {"distribution": "untruncated_normal"}, "optimizer": "adam", "learningRate": 0.01}"#,
    ),
    (
        "linear-lecun-uniform",
        r#"{"hidden": [6], "dataset": "gauss", "activation": "linear", "init": "lecun_uniform", "biasInit": "random_normal", "biasInitOptions": {"stddev": 0.1}}"#,
    ),
    (
        "truncated-normal-mse",
        r#"{"hidden": [10, 10], "dataset": "moons", "activation": "sigmoid", "init": "truncated_normal", "initOptions": {"mean": 0.05, "stddev": 0.5}, "loss": "mse", "optimizer": "momentum"}"#,
    ),
    (
        "variance-scaling-fan-out",
        r#"{"hidden": [12, 7], "dataset": "spiral3", "activation": "tanh", "init": "variance_scaling", "initOptions": {"scale": 3, "mode": "fan_out", "distribution": "uniform"}, "optimizer": "rmsprop", "learningRate": 0.001}"#,
    ),
    (
        "orthogonal-mse-onehot",
        r#"{"hidden": [8, 8], "dataset": "spiral3", "activation": "relu", "init": "orthogonal", "initOptions": {"gain": 1.5}, "biasInit": "orthogonal", "loss": "mse", "optimizer": "adam"}"#,
    ),
    (
        "torch-default",
        r#"{"hidden": [16, 8], "dataset": "xor", "activation": "relu", "init": "torch_default", "biasInit": "he_uniform", "optimizer": "sgd", "learningRate": 0.05}"#,
    ),
    (
        "glorot-gain-selu",
        r#"{"hidden": [8, 8, 8], "activation": "selu", "init": "glorot_normal", "initOptions": {"gain": 0.5}, "optimizer": "adam", "batchSize": 7}"#,
    ),
    (
        "lecun-untruncated-ones",
        r#"{"hidden": [4], "dataset": "gauss", "activation": "tanh", "init": "lecun_normal", "initOptions": {"distribution": "untruncated_normal"}, "biasInit": "constant", "biasInitOptions": {"value": -0.25}, "optimizer": "momentum"}"#,
    ),
    (
        "ones-elu",
        r#"{"hidden": [5, 5], "dataset": "moons", "activation": "elu", "init": "ones", "learningRate": 0.01}"#,
    ),
    (
        "logistic-regression",
        r#"{"hidden": [], "dataset": "gauss", "optimizer": "sgd", "learningRate": 2, "batchSize": 64}"#,
    ),
    (
        "big-seeds",
        r#"{"hidden": [8], "dataset": "circle", "activation": "tanh", "init": "random_uniform", "initOptions": {"minval": -0.5, "maxval": 0.5}, "seed": 9007199254740991, "dataSeed": 4294967296}"#,
    ),
    (
        "digits-adam",
        r#"{"hidden": [32], "dataset": "digits", "activation": "relu", "init": "he_uniform", "optimizer": "adam", "samples": 600}"#,
    ),
    (
        "digits-all",
        r#"{"hidden": [16, 16], "dataset": "digits", "activation": "tanh", "init": "glorot_uniform", "optimizer": "rmsprop"}"#,
    ),
];

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(steps)) = (args.next(), args.next()) else {
        panic!("usage: script_cases DIR STEPS");
    };
    let dir = PathBuf::from(dir);
    let steps: u32 = steps.parse().expect("STEPS is a whole number");
    std::fs::create_dir_all(&dir).expect("create the cases directory");
    let mut cases = Vec::new();
    for (name, config, mode) in case_list() {
        let options = Options { mode, steps };
        write_scripts(&dir, &name, &config, &options);
        cases.push(expected(&name, &config, &options));
    }
    // The control: the scripts of he-relu at learning rate 0.1, the numbers of 0.102. The
    // suite passes it only if it finds them different, so a check that compares nothing fails.
    let control = |rate: f32| {
        let he_relu = Preset::by_id("he-relu").expect("a preset");
        let mut c = he_relu.configs().expect("valid").remove(0);
        c.learning_rate = rate;
        c
    };
    let options = Options {
        mode: Mode::Exact,
        steps,
    };
    write_scripts(&dir, "control", &control(0.1), &options);
    let mut case = expected("control", &control(0.102), &options);
    case["expectMismatch"] = json!(true);
    cases.push(case);
    let text = serde_json::to_string_pretty(&Value::Array(cases)).expect("cases serialize");
    std::fs::write(dir.join("cases.json"), text).expect("write cases.json");
}

/// Writes `DIR/NAME.keras.py` and `DIR/NAME.pytorch.py`.
fn write_scripts(dir: &std::path::Path, name: &str, config: &Config, options: &Options) {
    for (framework, script) in [
        ("keras", keras(config, options)),
        ("pytorch", pytorch(config, options)),
    ] {
        let path = dir.join(format!("{name}.{framework}.py"));
        std::fs::write(&path, script).expect("write a script");
    }
}

/// Every case: each preset's runs in exact mode (`PRESET` or `PRESET.K` for the K-th of several
/// runs), the spread in exact mode, and each preset's first run in in-kind mode
/// (`PRESET.inkind`), plus in-kind digits (`digits.inkind`).
fn case_list() -> Vec<(String, Config, Mode)> {
    let mut cases = Vec::new();
    for p in PRESETS {
        let configs = p.configs().expect("presets are valid");
        let several = configs.len() > 1;
        for (k, c) in configs.iter().enumerate() {
            let name = if several {
                format!("{}.{}", p.id, k + 1)
            } else {
                p.id.to_string()
            };
            cases.push((name, c.clone(), Mode::Exact));
        }
        cases.push((format!("{}.inkind", p.id), configs[0].clone(), Mode::InKind));
    }
    for (name, json) in SPREAD {
        let c = Config::from_json(json).unwrap_or_else(|e| panic!("{name}: {e}"));
        cases.push((name.to_string(), c, Mode::Exact));
    }
    let digits = Config::from_json(SPREAD[SPREAD.len() - 1].1).expect("valid");
    cases.push(("digits.inkind".to_string(), digits, Mode::InKind));
    cases
}

/// The core's numbers for one case (see the module doc).
fn expected(name: &str, c: &Config, o: &Options) -> Value {
    let mut run = Run::new(c.clone()).expect("cases are valid");
    let layers: Vec<Value> = run
        .layer_stats()
        .iter()
        .map(|s| json!({"activationStd": s.activation_std, "gradientNorm": s.gradient_norm}))
        .collect();
    let mut left = o.steps;
    while left > 0 && run.diverged_at().is_none() {
        let n = left.min(run.max_steps_per_call());
        run.step(n).expect("a step count within the cap");
        left -= n;
    }
    let history = run.loss_history().slice(0);
    let losses: Vec<Value> = history
        .mean
        .iter()
        .enumerate()
        .map(|(k, &loss)| {
            let last = ((k as u64 + 1) * history.stride).min(run.steps());
            json!([last, finite(loss)])
        })
        .collect();
    let report = run.report();
    let replayed = replay_losses(c, o.steps, None);
    let own: Vec<f32> = history.mean.clone();
    if history.stride == 1 {
        assert!(
            same_bits(&replayed, &own),
            "{name}: the replay from the exported start is not the run: {replayed:?} vs {own:?}"
        );
    }
    let earliest = (0..TWINS)
        .filter_map(|t| horizon(&replayed, &replay_losses(c, o.steps, Some(t))))
        .min();
    json!({
        "name": name,
        "mode": o.mode.id(),
        "steps": o.steps,
        "config": c.to_json(),
        "losses": losses,
        "divergedAt": run.diverged_at(),
        "layers": layers,
        "final": {
            "trainLoss": finite(report.train_loss),
            "testLoss": finite(report.test_loss),
            "accuracy": finite(report.accuracy),
            "testAccuracy": finite(report.test_accuracy),
        },
        "horizon": earliest,
    })
}

/// A finite value, or `null`.
fn finite(x: f32) -> Value {
    if x.is_finite() {
        json!(x)
    } else {
        Value::Null
    }
}

/// Whether two loss lists are the same, bit for bit.
fn same_bits(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

/// The first step (from 1) at which `twin` departs from `losses` beyond the tolerance, or
/// `None`.
fn horizon(losses: &[f32], twin: &[f32]) -> Option<usize> {
    let departs = |(a, b): (&f32, &f32)| {
        let (a, b) = (f64::from(*a), f64::from(*b));
        if a.is_finite() && b.is_finite() {
            (a - b).abs() > TOLERANCE * b.abs().max(FLOOR)
        } else {
            a.is_finite() != b.is_finite()
        }
    };
    let n = losses.len().max(twin.len());
    let pad = |v: &[f32]| -> Vec<f32> {
        let mut v = v.to_vec();
        v.resize(n, f32::NAN);
        v
    };
    let (a, b) = (pad(losses), pad(twin));
    a.iter().zip(&b).position(departs).map(|k| k + 1)
}

/// The per-step losses of `c`'s first `steps` steps replayed from `Replay`'s start (its data,
/// batch order and initial parameters) with the core's network, loss and optimizer; it stops
/// where the run would (a loss that is not finite, or an update that leaves a parameter so).
/// A `twin` (a seed) moves every nonzero initial parameter one ulp up or down, at random.
fn replay_losses(c: &Config, steps: u32, twin: Option<u64>) -> Vec<f32> {
    let replay = Replay::new(c, steps);
    let d = &replay.data;
    let x = Scaler::fit(&d.train_x, d.inputs).apply(&d.train_x);
    let outputs = c.loss.outputs(d.classes);
    let mut targets = vec![0.0; d.train_len() * outputs];
    for (row, &y) in targets.chunks_exact_mut(outputs).zip(&d.train_y) {
        c.loss.encode_target(usize::from(y), d.classes, row);
    }
    let b = c.batch_size;
    assert_eq!(
        drawn_network(c, b).params(),
        replay.mlp.params(),
        "one draw, however made"
    );
    let mut mlp = initial_network(c, b).0;
    if let Some(twin) = twin {
        let mut coin = rng::seeded(twin, Stream::Init);
        for p in mlp.params_mut().iter_mut().filter(|p| **p != 0.0) {
            // The bits of a float count its magnitude: one more or one less is one ulp away.
            let bits = p.to_bits();
            *p = f32::from_bits(if rng::index(&mut coin, 2) == 0 {
                bits + 1
            } else {
                bits - 1
            });
        }
    }
    let mut optimizer = Optimizer::new(c.optimizer, c.learning_rate, mlp.params().len());
    let (mut batch_x, mut batch_t) = (vec![0.0; b * d.inputs], vec![0.0; b * outputs]);
    let mut grad = vec![0.0; b * outputs];
    let mut losses = Vec::new();
    for batch in replay.batches.chunks_exact(b) {
        for (i, &s) in batch.iter().enumerate() {
            let s = s as usize;
            batch_x[i * d.inputs..(i + 1) * d.inputs]
                .copy_from_slice(&x[s * d.inputs..(s + 1) * d.inputs]);
            batch_t[i * outputs..(i + 1) * outputs]
                .copy_from_slice(&targets[s * outputs..(s + 1) * outputs]);
        }
        let logits = mlp.forward(&batch_x, b);
        let loss = c
            .loss
            .forward_backward(logits, &batch_t, outputs, &mut grad);
        mlp.backward(&batch_x, &grad);
        losses.push(loss);
        if !loss.is_finite() {
            break;
        }
        let (params, grads) = mlp.params_and_grads();
        optimizer.step(params, grads);
        if !params.iter().all(|p| p.is_finite()) {
            break;
        }
    }
    losses
}
