//! The student's own data (issue 16): a CSV file read by `csv::read` and loaded with
//! `data::load_custom` trains like a built-in set. `dataset: "custom"` needs a file first;
//! its samples, inputs and classes are the file's; 2-D data fill the view as the built-in sets
//! do; runs learn it; a seed gives the same data; the scripts carry it; a new file replaces the
//! old for new runs only. The data are per thread, so each test loads its own.

use initlab::catalog;
use initlab::codegen;
use initlab::config::Config;
use initlab::csv;
use initlab::data::{self, DatasetKind, VIEW_EXTENT};
use initlab::experiment::Run;
use serde_json::json;

/// Two Gaussian-ish blobs in centimetres (far from the unit square), a deterministic spread:
/// class "left" around (150, 20), "right" around (190, 60).
fn blobs(rows: usize) -> String {
    let mut text = String::from("height,weight,label\n");
    for i in 0..rows {
        let wobble = ((i * 37 % 11) as f64 - 5.0) * 2.0;
        let (x, y, class) = if i % 2 == 0 {
            (150.0, 20.0, "left")
        } else {
            (190.0, 60.0, "right")
        };
        text += &format!("{},{},{class}\n", x + wobble, y - wobble * 0.5);
    }
    text
}

/// `rows` rows of 5 features, 3 classes: class k has feature k shifted up.
fn five_features(rows: usize) -> String {
    let mut text = String::from("a,b,c,d,e,kind\n");
    for i in 0..rows {
        let class = i % 3;
        let values: Vec<String> = (0..5)
            .map(|j| {
                let noise = ((i * 13 + j * 7) % 10) as f64 / 10.0;
                format!("{}", noise + if j == class { 3.0 } else { 0.0 })
            })
            .collect();
        text += &format!("{},k{class}\n", values.join(","));
    }
    text
}

fn load(text: &str) {
    data::load_custom(csv::read(text.as_bytes()).unwrap());
}

fn config(extra: serde_json::Value) -> Config {
    let mut value = json!({"dataset": "custom", "hidden": [8, 8], "activation": "tanh", "init": "glorot_normal"});
    value
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    Config::from_value(&value).unwrap()
}

#[test]
fn custom_needs_a_file_and_says_so() {
    let err = Config::from_value(&json!({"dataset": "custom", "hidden": [4]})).unwrap_err();
    assert_eq!(err.field, "dataset");
    assert!(
        err.message.contains("never put in a link"),
        "{}",
        err.message
    );
    assert!(data::available(DatasetKind::Custom).is_err());
    assert!(catalog::datasets().iter().all(|d| d.id != "custom"));
}

#[test]
fn a_loaded_file_sets_the_samples_inputs_and_classes() {
    load(&blobs(200));
    let c = config(json!({}));
    assert_eq!((c.samples, c.sizes()), (200, vec![2, 8, 8, 1]));
    let info = catalog::datasets()
        .into_iter()
        .find(|d| d.id == "custom")
        .unwrap();
    assert_eq!(
        (info.inputs, info.classes, info.is_2d, info.max_samples),
        (2, 2, true, 200)
    );
    assert_eq!(info.class_names.unwrap(), ["left", "right"]);
    assert_eq!(info.feature_names.unwrap(), ["height", "weight"]);
    // Fewer samples take a part of the file; more than it has are refused.
    assert_eq!(config(json!({"samples": 50})).samples, 50);
    let err = Config::from_value(&json!({"dataset": "custom", "hidden": [4], "samples": 201}))
        .unwrap_err();
    assert_eq!(err.field, "samples");
    assert!(err.message.contains("[20, 200]"), "{}", err.message);
    // Five features and three classes: a softmax output of three.
    load(&five_features(90));
    let c = config(json!({}));
    assert_eq!(c.sizes(), vec![5, 8, 8, 3]);
    assert_eq!(c.loss.id(), "categorical_crossentropy");
}

#[test]
fn two_d_data_fill_the_view_and_a_seed_repeats_them() {
    load(&blobs(200));
    let run = Run::new(config(json!({"noise": 0.0}))).unwrap();
    let d = run.data();
    assert!(d.is_2d());
    let all: Vec<f32> = d.train_x.iter().chain(&d.test_x).copied().collect();
    let (lo, hi) = all
        .iter()
        .fold((f32::MAX, f32::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    // Scaled by the file's range to [-1, 1]: the extremes are reached, nothing leaves the view.
    assert_eq!((lo, hi), (-1.0, 1.0));
    assert!(all.iter().all(|v| v.abs() <= VIEW_EXTENT));
    assert_eq!(d.train_len() + d.test_len(), 200);
    let again = Run::new(config(json!({"noise": 0.0}))).unwrap();
    assert_eq!(again.data(), run.data());
    let other = Run::new(config(json!({"noise": 0.0, "dataSeed": 7}))).unwrap();
    assert_ne!(other.data().train_y, run.data().train_y);
}

#[test]
fn runs_learn_the_file() {
    load(&five_features(150));
    let mut run = Run::new(config(json!({"learningRate": 0.1}))).unwrap();
    let before = run.evaluate().test_accuracy;
    run.step(1500).unwrap();
    let after = run.evaluate().test_accuracy;
    assert!(
        after > 0.95 && after > before,
        "test accuracy {before} -> {after}"
    );
    load(&blobs(200));
    let mut run = Run::new(config(json!({}))).unwrap();
    run.step(500).unwrap();
    assert!(run.evaluate().test_accuracy > 0.95);
    let boundary = run.decision_boundary(8).unwrap();
    assert_eq!(boundary.len(), 64);
}

#[test]
fn the_scripts_carry_the_data() {
    load(&blobs(60));
    let c = config(json!({}));
    // In kind: the file's rows as a table the script samples from.
    let in_kind = codegen::Options::for_config(&c, Some(&json!({"mode": "inKind"}))).unwrap();
    for script in [codegen::keras(&c, &in_kind), codegen::pytorch(&c, &in_kind)] {
        assert!(
            script.contains("features = [\"height\",\"weight\"]"),
            "{script}"
        );
        assert!(script.contains("classes = [\"left\",\"right\"]"));
        assert_eq!(
            script.matches("\n        [").count(),
            60,
            "one line per row"
        );
        assert!(
            script.contains("        [140, 25],"),
            "the first row as read"
        );
        assert!(!script.contains("load_digits"));
    }
    // Exact (the default): the run's own data, in the payload.
    let exact = codegen::Options::for_config(&c, None).unwrap();
    assert_eq!(exact.mode, codegen::Mode::Exact);
    assert!(codegen::keras(&c, &exact).contains("(exact mode)"));
}

#[test]
fn a_new_file_replaces_the_old_for_new_runs_only() {
    load(&blobs(200));
    let old = Run::new(config(json!({}))).unwrap();
    load(&five_features(60));
    let new = Run::new(config(json!({}))).unwrap();
    assert_eq!((old.data().inputs, new.data().inputs), (2, 5));
    assert!(old.data().is_2d() && !new.data().is_2d());
    assert_eq!(old.data().train_len() + old.data().test_len(), 200);
}
