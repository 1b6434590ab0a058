//! Property tests: any config, valid or not, either trains or is refused with a named field;
//! never a panic, and never a NaN in a report that does not say it diverged.

#![cfg(not(target_arch = "wasm32"))]

use initlab::config::KEYS;
use initlab::experiment::Run;
use initlab::history::MAX_POINTS;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Values a config key may be given: plausible ones and hostile ones.
fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::from),
        (-1e3f64..1e3).prop_map(Value::from),
        (0u64..600).prop_map(Value::from),
        prop_oneof![
            Just(f64::MAX),
            Just(-0.0),
            Just(1e-300),
            Just(2f64.powi(60))
        ]
        .prop_map(Value::from),
        "[a-z_]{0,12}".prop_map(Value::from),
        prop::sample::select(vec![
            "circle",
            "xor",
            "spiral3",
            "digits",
            "relu",
            "tanh",
            "sigmoid",
            "selu",
            "zeros",
            "constant",
            "he_normal",
            "glorot_uniform",
            "orthogonal",
            "random_uniform",
            "adam",
            "sgd",
            "rmsprop",
            "mse",
            "categorical_crossentropy",
            "binary_crossentropy",
        ])
        .prop_map(Value::from),
        prop::collection::vec(0u64..20, 0..5).prop_map(|v| json!(v)),
        Just(json!({"stddev": 2.0})),
        Just(json!({"value": -3.0, "bogus": 1})),
        Just(Value::Null),
    ]
}

/// A config object: `hidden` usually present and small, then random keys.
fn config() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(1u64..12, 0..4),
        prop::collection::vec((prop::sample::select(KEYS.to_vec()), value()), 0..6),
        "[a-zA-Z]{0,8}",
    )
        .prop_map(|(hidden, pairs, stray)| {
            let mut obj = Map::new();
            obj.insert("hidden".into(), json!(hidden));
            obj.insert("samples".into(), json!(60));
            for (k, v) in pairs {
                obj.insert(k.to_string(), v);
            }
            if stray.len() > 6 {
                obj.insert(stray, json!(1));
            }
            Value::Object(obj)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_config_trains_or_names_its_bad_field(cfg in config(), steps in 1u32..40) {
        match Run::from_json(&cfg.to_string()) {
            Err(e) => {
                prop_assert!(!e.field.is_empty() && !e.message.is_empty());
            }
            Ok(mut run) => {
                let progress = run.step(steps).unwrap();
                let report = run.report();
                prop_assert_eq!((progress.step, progress.diverged), (report.step, report.diverged));
                if !report.diverged {
                    // The mini-batch losses were finite; the whole sets may still overflow
                    // (see the divergence rule), and the accuracy then says so with NaN.
                    prop_assert!(report.loss.is_finite(), "{report:?}");
                    for (loss, accuracy) in [(report.train_loss, report.accuracy), (report.test_loss, report.test_accuracy)] {
                        prop_assert!(loss.is_finite() != accuracy.is_nan(), "{report:?}");
                    }
                    if report.train_loss.is_finite() {
                        prop_assert!(run.layer_stats().iter().all(|s| s.gradient_norm.is_finite() && s.activation_std.is_finite()));
                    }
                }
                let history = run.loss_history();
                prop_assert_eq!(history.steps(), report.step);
                prop_assert!(history.len() <= MAX_POINTS);
                prop_assert_eq!(history.len() as u64, report.step.div_ceil(history.stride()));
                prop_assert_eq!(history.last().map(f32::to_bits), progress.loss.map(f32::to_bits));
                if run.data().kind.is_2d() {
                    prop_assert!(run.decision_boundary(8).is_ok());
                }
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = Run::from_json(&text);
    }
}
