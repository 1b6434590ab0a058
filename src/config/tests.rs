//! Tests of the config's bounds (each inclusive or open as its docs say), the checks
//! `validate` makes on configs built in Rust, the defaults derived from other keys, and the JS
//! API's integer arguments.

use serde_json::json;

use super::*;
use crate::init::Scheme;

/// A change to a config.
type Edit = Box<dyn FnOnce(&mut Config)>;

/// The field `validate` names for the default config changed by `edit`, or `None` if valid.
fn refused(edit: impl FnOnce(&mut Config)) -> Option<String> {
    let mut c = Config::new(vec![8]);
    edit(&mut c);
    c.validate().err().map(|e| e.field)
}

/// The field `from_json` names for `json`, or `None` if valid.
fn refused_json(json: Value) -> Option<String> {
    Config::from_value(&json).err().map(|e| e.field)
}

#[test]
fn validate_takes_each_bound_and_refuses_past_it() {
    let field = |f: &str| Some(f.to_string());
    let ok: [Edit; 14] = [
        Box::new(|c| (c.samples, c.batch_size) = (20, 14)),
        Box::new(|c| c.samples = 5000),
        Box::new(|c| c.noise = 0.0),
        Box::new(|c| c.noise = 1.0),
        Box::new(|c| c.test_fraction = 0.1),
        Box::new(|c| c.test_fraction = 0.9),
        Box::new(|c| c.hidden = vec![]),
        Box::new(|c| c.hidden = vec![512; 32]),
        Box::new(|c| c.hidden = vec![1]),
        Box::new(|c| c.learning_rate = 10.0),
        Box::new(|c| (c.samples, c.batch_size) = (5000, 512)),
        Box::new(|c| (c.seed, c.data_seed) = (MAX_SEED, MAX_SEED)),
        Box::new(|c| c.batch_size = 1),
        Box::new(|c| {
            c.dataset = DatasetKind::Spiral3;
            c.loss = Loss::SoftmaxCrossEntropy;
        }),
    ];
    for (i, edit) in ok.into_iter().enumerate() {
        assert_eq!(refused(edit), None, "valid edit {i}");
    }
    let bad: [(Edit, &str); 17] = [
        (Box::new(|c| c.samples = 19), "samples"),
        (Box::new(|c| c.samples = 5001), "samples"),
        (Box::new(|c| c.noise = -0.01), "noise"),
        (Box::new(|c| c.noise = 1.01), "noise"),
        (Box::new(|c| c.test_fraction = 0.09), "testFraction"),
        (Box::new(|c| c.test_fraction = 0.91), "testFraction"),
        (Box::new(|c| c.hidden = vec![8; 33]), "hidden"),
        (Box::new(|c| c.hidden = vec![8, 0]), "hidden[1]"),
        (Box::new(|c| c.hidden = vec![513]), "hidden[0]"),
        (Box::new(|c| c.learning_rate = 0.0), "learningRate"),
        (Box::new(|c| c.learning_rate = 10.01), "learningRate"),
        (Box::new(|c| c.batch_size = 0), "batchSize"),
        (
            Box::new(|c| (c.samples, c.batch_size) = (5000, 513)),
            "batchSize",
        ),
        (
            Box::new(|c| (c.samples, c.batch_size) = (20, 15)),
            "batchSize",
        ),
        (Box::new(|c| c.seed = MAX_SEED + 1), "seed"),
        (Box::new(|c| c.data_seed = MAX_SEED + 1), "dataSeed"),
        (Box::new(|c| c.dataset = DatasetKind::Spiral3), "loss"),
    ];
    for (edit, f) in bad {
        assert_eq!(refused(edit), field(f));
    }
}

#[test]
fn json_bounds_are_inclusive_except_the_learning_rates_zero() {
    for ok in [
        json!({"hidden": [8], "samples": 20, "batchSize": 14}),
        json!({"hidden": [8], "samples": 5000, "batchSize": 512}),
        json!({"hidden": [8], "noise": 0, "testFraction": 0.9}),
        json!({"hidden": [8], "noise": 1, "testFraction": 0.1}),
        json!({"hidden": [8], "learningRate": 10, "seed": 0, "dataSeed": 9007199254740991u64}),
        json!({"hidden": [1, 512], "batchSize": 1}),
    ] {
        assert_eq!(refused_json(ok.clone()), None, "{ok}");
    }
    for (bad, field) in [
        (json!({"hidden": [8], "samples": 19}), "samples"),
        (json!({"hidden": [8], "samples": 5001}), "samples"),
        (json!({"hidden": [8], "learningRate": 0}), "learningRate"),
        (json!({"hidden": [8], "learningRate": 10.5}), "learningRate"),
        (json!({"hidden": [8], "noise": 1.5}), "noise"),
        (json!({"hidden": [8], "testFraction": 0.05}), "testFraction"),
        (json!({"hidden": [8], "batchSize": 513}), "batchSize"),
        (json!({"hidden": [8], "seed": 9007199254740992u64}), "seed"),
        (json!({"hidden": [8, 8, 0]}), "hidden[2]"),
    ] {
        assert_eq!(refused_json(bad.clone()), Some(field.to_string()), "{bad}");
    }
    let err = Config::from_value(&json!({"hidden": [8], "learningRate": 0})).unwrap_err();
    assert_eq!(err.message, "must be a number in (0, 10], got 0");
    let err = Config::from_value(&json!({"hidden": [8], "noise": -1})).unwrap_err();
    assert_eq!(err.message, "must be a number in [0, 1], got -1");
    let err = Config::from_value(&json!({"hidden": [8], "": 1})).unwrap_err();
    assert_eq!(err.field, "config");
    assert!(err
        .message
        .starts_with("has an empty key, which is not a config key; allowed: dataset, samples"));
}

#[test]
fn keys_left_out_take_the_defaults_derived_from_the_others() {
    let c = Config::from_value(&json!({"hidden": [8]})).unwrap();
    assert_eq!(c, Config::new(vec![8]));
    assert_eq!(
        (c.samples, c.loss, c.learning_rate, c.batch_size),
        (400, Loss::BinaryCrossEntropy, 0.1, 32)
    );
    assert_eq!(
        (c.init.scheme(), c.bias_init.scheme()),
        (Scheme::GlorotUniform, Scheme::Zeros)
    );
    assert_eq!(c.sizes(), [2, 8, 1]);
    let digits = Config::from_value(&json!({"hidden": [16], "dataset": "digits"})).unwrap();
    assert_eq!(
        (digits.samples, digits.loss),
        (1797, Loss::SoftmaxCrossEntropy)
    );
    assert_eq!(digits.sizes(), [64, 16, 10]);
    let spiral3 = Config::from_value(&json!({"hidden": [], "dataset": "spiral3"})).unwrap();
    assert_eq!((spiral3.samples, spiral3.sizes()), (400, vec![2, 3]));
    let two_outputs = json!({"hidden": [8], "loss": "categorical_crossentropy"});
    assert_eq!(Config::from_value(&two_outputs).unwrap().sizes(), [2, 8, 2]);
    for (optimizer, rate) in [("momentum", 0.05), ("adam", 0.003), ("rmsprop", 0.003)] {
        let c = Config::from_value(&json!({"hidden": [8], "optimizer": optimizer})).unwrap();
        assert_eq!(c.learning_rate, rate, "{optimizer}");
        let given = json!({"hidden": [8], "optimizer": optimizer, "learningRate": 0.5});
        assert_eq!(Config::from_value(&given).unwrap().learning_rate, 0.5);
    }
    let seeded = Config::from_value(&json!({"hidden": [8], "seed": 7})).unwrap();
    assert_eq!((seeded.seed, seeded.data_seed), (7, 7));
    let shown = Config::new(vec![8]).to_json();
    assert_eq!(
        (&shown["noise"], &shown["testFraction"]),
        (&json!(0.1), &json!(0.3))
    );
}

#[test]
fn init_keys_pair_a_scheme_with_its_options() {
    let null = json!({"hidden": [8], "init": "he_normal", "initOptions": null});
    assert_eq!(
        Config::from_value(&null).unwrap().init.scheme(),
        Scheme::HeNormal
    );
    let no_scheme = json!({"hidden": [8], "biasInitOptions": {"value": 1}});
    let err = Config::from_value(&no_scheme).unwrap_err();
    assert_eq!(err.field, "biasInitOptions");
    assert_eq!(
        err.message,
        "needs `biasInit` to say which scheme it configures"
    );
    let lsuv = json!({"hidden": [8], "init": "lsuv"});
    assert_eq!(
        Config::from_value(&lsuv).unwrap().init.scheme(),
        Scheme::Lsuv
    );
    let err = Config::from_value(&json!({"hidden": [8], "biasInit": "lsuv"})).unwrap_err();
    assert_eq!(err.field, "biasInit");
    let options =
        json!({"hidden": [8], "biasInit": "constant", "biasInitOptions": {"value": 0.25}});
    let c = Config::from_value(&options).unwrap();
    assert_eq!(c.bias_init.mean(), 0.25);
}

#[test]
fn integer_arguments_are_whole_numbers_in_their_closed_range() {
    for x in [3.0, 4.0, 5.0] {
        assert_eq!(integer_arg("n", x, 3, 5), Ok(x as u64));
    }
    for (x, shown) in [
        (2.0, "2"),
        (6.0, "6"),
        (3.5, "3.5"),
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
    ] {
        let err = integer_arg("n", x, 3, 5).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("n: must be an integer in [3, 5], got {shown}")
        );
    }
    let mut steps = IntArg::new("steps", 1, 10);
    assert_eq!(steps.check(10.0), Ok(10));
    steps.why = " (for this network)".to_string();
    assert_eq!(
        steps.check(11.0).unwrap_err().to_string(),
        "steps: must be an integer in [1, 10], got 11 (for this network)"
    );
    assert_eq!(
        steps.refuse("a string").to_string(),
        "steps: must be an integer in [1, 10], got a string (for this network)"
    );
    assert_eq!(short_f64(0.1), 0.1);
    assert_eq!(json_f32(f32::NAN), Value::Null);
}
