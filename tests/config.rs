//! Every invalid config value is rejected with a message naming its field.

use initlab::config::Config;
use initlab::experiment::Run;

#[test]
fn every_bad_field_gets_its_own_message() {
    let cases: &[(&str, &str)] = &[
        (r#"[1, 2]"#, "config"),
        (r#"{"hidden": [8], "colour": "red"}"#, "colour"),
        (r#"{}"#, "hidden"),
        (r#"{"hidden": "8,8"}"#, "hidden"),
        (r#"{"hidden": [8, 0]}"#, "hidden[1]"),
        (r#"{"hidden": [513]}"#, "hidden[0]"),
        (r#"{"hidden": [2.5]}"#, "hidden[0]"),
        (
            &format!(r#"{{"hidden": [{}]}}"#, vec!["4"; 33].join(",")),
            "hidden",
        ),
        (r#"{"hidden": [8], "dataset": "mnist"}"#, "dataset"),
        (r#"{"hidden": [8], "samples": 5}"#, "samples"),
        (
            r#"{"hidden": [8], "dataset": "digits", "samples": 5000}"#,
            "samples",
        ),
        (r#"{"hidden": [8], "noise": -0.1}"#, "noise"),
        (r#"{"hidden": [8], "noise": "high"}"#, "noise"),
        (r#"{"hidden": [8], "testFraction": 0.95}"#, "testFraction"),
        (r#"{"hidden": [8], "activation": "swish"}"#, "activation"),
        (r#"{"hidden": [8], "activation": 3}"#, "activation"),
        (r#"{"hidden": [8], "init": "xavier"}"#, "init"),
        (
            r#"{"hidden": [8], "init": "random_normal", "initOptions": {"stddev": -1}}"#,
            "initOptions.stddev",
        ),
        (
            r#"{"hidden": [8], "init": "random_normal", "initOptions": {"value": 1}}"#,
            "initOptions.value",
        ),
        (
            r#"{"hidden": [8], "initOptions": {"stddev": 1}}"#,
            "initOptions",
        ),
        (r#"{"hidden": [8], "biasInit": "he_nrmal"}"#, "biasInit"),
        (r#"{"hidden": [8], "loss": "hinge"}"#, "loss"),
        (
            r#"{"hidden": [8], "dataset": "digits", "loss": "binary_crossentropy"}"#,
            "loss",
        ),
        (r#"{"hidden": [8], "optimizer": "lbfgs"}"#, "optimizer"),
        (r#"{"hidden": [8], "learningRate": 0}"#, "learningRate"),
        (r#"{"hidden": [8], "learningRate": 11}"#, "learningRate"),
        (r#"{"hidden": [8], "batchSize": 0}"#, "batchSize"),
        (r#"{"hidden": [8], "batchSize": 1000}"#, "batchSize"),
        (r#"{"hidden": [8], "seed": -1}"#, "seed"),
        (r#"{"hidden": [8], "seed": 1e300}"#, "seed"),
        (r#"{"hidden": [8], "dataSeed": 0.5}"#, "dataSeed"),
    ];
    for (json, field) in cases {
        let err = Config::from_json(json).unwrap_err();
        assert_eq!(err.field, *field, "{json}: {err}");
        assert!(!err.message.is_empty());
        assert!(err.to_string().starts_with(field));
    }
    // A batch larger than the training set (20 samples, 30% held out: 14 train) is caught by
    // the config, so code generation and a run refuse it alike; 14 is allowed.
    let json = r#"{"hidden": [8], "samples": 20, "batchSize": 15}"#;
    for err in [
        Config::from_json(json).unwrap_err(),
        Run::from_json(json).unwrap_err(),
    ] {
        assert_eq!(err.field, "batchSize");
        assert!(err.message.contains("14 training samples"), "{err}");
    }
    Run::from_json(r#"{"hidden": [8], "samples": 20, "batchSize": 14}"#).unwrap();
}

#[test]
fn a_full_config_round_trips_and_defaults_are_documented_values() {
    let c = Config::from_json(r#"{"hidden": [8, 8]}"#).unwrap();
    assert_eq!(c.to_json()["learningRate"], serde_json::json!(0.1));
    let edges = Config::from_json(r#"{"hidden": [8], "testFraction": 0.1, "noise": 1}"#).unwrap();
    assert_eq!(edges.to_json()["testFraction"], serde_json::json!(0.1));
    assert_eq!(c.data_seed, c.seed);
    let json = r#"{"dataset": "digits", "samples": 500, "hidden": [32], "activation": "selu", "init": "lecun_normal", "optimizer": "adam", "learningRate": 0.01, "batchSize": 16, "seed": 9, "dataSeed": 3}"#;
    let c = Config::from_json(json).unwrap();
    let again = Config::from_value(&c.to_json()).unwrap();
    assert_eq!(c, again);
    assert_eq!(c.sizes(), vec![64, 32, 10]);
}

#[test]
fn step_counts_outside_the_limit_are_rejected_and_the_run_goes_on() {
    let mut r = Run::from_json(r#"{"hidden": [4]}"#).unwrap();
    for n in [0, 10_001] {
        assert_eq!(r.step(n).unwrap_err().field, "steps");
    }
    assert_eq!(r.weights(5).unwrap_err().field, "layer");
    assert_eq!(r.decision_boundary(1).unwrap_err().field, "resolution");
    assert_eq!(r.step(3).unwrap().step, 3);
}
