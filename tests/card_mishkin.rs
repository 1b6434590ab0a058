//! Card 5, Mishkin & Matas (2016): LSUV leaves every layer's pre-activation variance within its
//! tolerance of 1, a ReLU layer needs one iteration, and a 20-layer ReLU network trains from it
//! (the orthogonal draw it starts from does not). The badge's checks on two seeds; the
//! variances measured again, independently, by the network's own forward pass; LSUV's options
//! validated by name.

mod common;
use common::assert_checks_hold;
use initlab::config::Config;
use initlab::experiment::Run;
use initlab::papers::measure;
use initlab::papers::mishkin::{self, experiment};
use serde_json::json;

#[test]
fn lsuv_reaches_unit_variance_in_one_step_per_layer_and_trains_20_relu_layers() {
    for seed in [1, 2] {
        let card = experiment(seed).unwrap();
        for n in &card.networks {
            eprintln!(
                "seed {seed}: {} loss {} accuracy {}",
                n.init, n.train_loss, n.accuracy
            );
        }
        assert_checks_hold(seed, &card.checks);
    }
}

/// The population variance of layer `l`'s pre-activations on the first `n` training samples,
/// read from the network's own forward pass.
fn pre_activation_variances(run: &Run, n: usize) -> Vec<f64> {
    let mut mlp = run.mlp().clone();
    let (x, _) = run.inputs();
    let inputs = run.data().inputs;
    mlp.forward(&x[..n * inputs], n);
    (0..mlp.layers().len())
        .map(|l| {
            let h = mlp.pre_activations(l);
            let mean = h.iter().map(|&v| f64::from(v)).sum::<f64>() / h.len() as f64;
            h.iter()
                .map(|&v| (f64::from(v) - mean).powi(2))
                .sum::<f64>()
                / h.len() as f64
        })
        .collect()
}

#[test]
fn the_run_starts_with_unit_variance_pre_activations_whatever_the_activation_and_biases() {
    for (activation, bias) in [
        ("relu", "zeros"),
        ("tanh", "zeros"),
        ("selu", "zeros"),
        ("relu", "random_normal"),
    ] {
        let config = Config::from_value(&json!({
            "dataset": "moons", "hidden": [16, 24, 8], "activation": activation, "init": "lsuv",
            "initOptions": {"tolerance": 0.02, "batch": 100}, "biasInit": bias,
            "biasInitOptions": if bias == "zeros" { json!(null) } else { json!({"stddev": 0.5}) },
        }))
        .unwrap();
        let run = Run::new(config).unwrap();
        let report = run.lsuv_report().unwrap().to_vec();
        let measured = pre_activation_variances(&run, 100);
        for (layer, v) in report.iter().zip(&measured) {
            assert!(
                (v - 1.0).abs() <= 0.02,
                "{activation}/{bias} layer {}: {v}",
                layer.layer
            );
            assert!(
                (v - layer.variance).abs() < 1e-9,
                "the report is what the network does"
            );
            if bias == "zeros" {
                assert_eq!(layer.iterations, 1, "{activation} layer {}", layer.layer);
            }
        }
    }
}

#[test]
fn lsuv_is_deterministic_and_other_schemes_have_no_report() {
    let c = Config::from_value(&json!({"hidden": [8, 8], "init": "lsuv", "seed": 9})).unwrap();
    let (a, b) = (Run::new(c.clone()).unwrap(), Run::new(c).unwrap());
    assert_eq!(a.mlp().params(), b.mlp().params());
    let plain =
        Run::new(Config::from_value(&json!({"hidden": [8, 8], "init": "orthogonal"})).unwrap())
            .unwrap();
    assert!(plain.lsuv_report().is_none());
}

#[test]
fn lsuv_options_and_misuse_are_refused_by_name() {
    for (config, field) in [
        (
            json!({"hidden": [4], "init": "lsuv", "initOptions": {"tolerance": 0}}),
            "initOptions.tolerance",
        ),
        (
            json!({"hidden": [4], "init": "lsuv", "initOptions": {"tolerance": 1}}),
            "initOptions.tolerance",
        ),
        (
            json!({"hidden": [4], "init": "lsuv", "initOptions": {"maxIterations": 0}}),
            "initOptions.maxIterations",
        ),
        (
            json!({"hidden": [4], "init": "lsuv", "initOptions": {"maxIterations": 2.5}}),
            "initOptions.maxIterations",
        ),
        (
            json!({"hidden": [4], "init": "lsuv", "initOptions": {"batch": 513}}),
            "initOptions.batch",
        ),
        (
            json!({"hidden": [4], "init": "lsuv", "initOptions": {"batch": "all"}}),
            "initOptions.batch",
        ),
        (
            json!({"hidden": [4], "init": "lsuv", "initOptions": {"gain": 2}}),
            "initOptions.gain",
        ),
        (
            json!({"hidden": [4], "init": "orthogonal", "initOptions": {"tolerance": 0.1}}),
            "initOptions.tolerance",
        ),
        (json!({"hidden": [4], "biasInit": "lsuv"}), "biasInit"),
    ] {
        let e = Config::from_value(&config).unwrap_err();
        assert_eq!(e.field, field, "{config}: {}", e.message);
    }
}

/// A run's reading in the shape the page sends it (`initlab.runs()`'s entry: `trainLoss`,
/// `start.activationStds`, `lsuv`), measured on the core alone.
fn page_reading(config: &Config) -> serde_json::Value {
    let (reading, _) = measure(config, mishkin::STEPS.into()).unwrap();
    json!({
        "trainLoss": reading.train_loss,
        "start": {"activationStds": reading.start.activation_stds},
        "lsuv": reading.lsuv,
    })
}

#[test]
fn the_card_checks_the_runs_the_page_trains() {
    let configs = mishkin::CARD.configs().unwrap();
    assert_eq!(configs[0], mishkin::config("lsuv", 1).unwrap());
    assert_eq!(configs[1], mishkin::config("orthogonal", 1).unwrap());
    let readings: Vec<_> = configs.iter().map(page_reading).collect();
    assert!(readings[1]["lsuv"].is_null());
    let verdict = mishkin::card_checks(&json!(readings)).unwrap();
    let native = experiment(1).unwrap();
    for (page, core) in verdict.checks.iter().zip(&native.checks) {
        assert_eq!(page.measured, core.measured, "{}", page.claim);
        assert_eq!(page.expected, core.expected, "{}", page.claim);
    }
    assert!(verdict.reproduced, "{verdict:?}");
    // Without LSUV's report the first three checks cannot hold.
    let mut stripped = readings.clone();
    stripped[0]["lsuv"] = serde_json::Value::Null;
    let verdict = mishkin::card_checks(&json!(stripped)).unwrap();
    assert!(!verdict.checks[0].passed && !verdict.reproduced);
    let e = mishkin::card_checks(&json!([readings[0]])).unwrap_err();
    assert_eq!(e.field, "readings");
}
