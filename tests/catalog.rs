//! The descriptors the JS API returns (`schemes()`, `activations()`, `datasets()`,
//! `optimizers()`, `losses()`, `limits()`), checked as the JSON they serialize to: every key
//! the README documents, camelCase, and values read from the core.

use initlab::catalog;
use initlab::config::{MAX_BATCH, MAX_HIDDEN_LAYERS, MAX_RUNS, MAX_SEED, MAX_WIDTH};
use initlab::data::{DatasetKind, MAX_NOISE, VIEW_EXTENT};
use initlab::experiment::{MAX_RESOLUTION, MAX_STEPS_PER_CALL, MAX_WORK_PER_CALL};
use initlab::history::{MAX_POINTS, TARGET_WINDOW};
use initlab::init::{Init, Scheme, OPTION_LIMIT};
use serde::Serialize;
use serde_json::{json, Value};

/// The JSON of each item of a descriptor list.
fn items<T: Serialize>(list: Vec<T>) -> Vec<Value> {
    list.iter()
        .map(|x| serde_json::to_value(x).unwrap())
        .collect()
}

/// The keys of a JSON object, sorted.
fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    keys.sort_unstable();
    keys
}

fn sorted(mut keys: Vec<&str>) -> Vec<&str> {
    keys.sort_unstable();
    keys
}

#[test]
fn schemes_carry_their_options_and_defaults() {
    let schemes = items(catalog::schemes());
    assert_eq!(schemes.len(), Scheme::ALL.len());
    let expected = sorted(vec![
        "id",
        "label",
        "family",
        "familyLabel",
        "description",
        "varianceFormula",
        "recommendedFor",
        "options",
        "defaults",
    ]);
    for (s, scheme) in schemes.iter().zip(Scheme::ALL) {
        assert_eq!(keys(s), expected, "{s}");
        assert_eq!(s["id"], scheme.id());
        assert_eq!(s["familyLabel"], scheme.family().label());
        // The defaults are what a scheme without options draws with, one per option it takes.
        let (_, defaults) = Init::from_json(scheme.id(), None, "init")
            .unwrap()
            .to_json();
        assert_eq!(s["defaults"], defaults, "{}", scheme.id());
        assert_eq!(keys(&s["defaults"]), sorted(scheme.option_keys()));
    }
    let by_id = |id: &str| schemes.iter().find(|s| s["id"] == id).unwrap().clone();
    assert_eq!(
        by_id("he_normal")["defaults"],
        json!({"distribution": "truncated_normal", "gain": 1.0})
    );
    assert_eq!(
        by_id("random_normal")["defaults"],
        json!({"mean": 0.0, "stddev": 0.05})
    );
    assert_eq!(by_id("constant")["defaults"], json!({"value": 0.5}));
    assert_eq!(by_id("zeros")["defaults"], json!({}));
    assert_eq!(by_id("zeros")["options"], json!([]));
    assert_eq!(by_id("he_normal")["family"], "variance_scaling");
    assert!(by_id("he_normal")["recommendedFor"]
        .as_array()
        .unwrap()
        .contains(&json!("relu")));
}

#[test]
fn activations_datasets_and_losses_have_the_documented_keys() {
    for a in items(catalog::activations()) {
        assert_eq!(
            keys(&a),
            sorted(vec!["id", "label", "canSaturate", "canDie"])
        );
    }
    let relu = items(catalog::activations())
        .into_iter()
        .find(|a| a["id"] == "relu")
        .unwrap();
    assert_eq!(
        (&relu["canSaturate"], &relu["canDie"]),
        (&json!(false), &json!(true))
    );
    let datasets = items(catalog::datasets());
    assert_eq!(datasets.len(), DatasetKind::ALL.len());
    let expected = sorted(vec![
        "id",
        "label",
        "inputs",
        "classes",
        "is2d",
        "minSamples",
        "maxSamples",
        "defaultSamples",
    ]);
    for d in &datasets {
        assert_eq!(keys(d), expected);
    }
    let digits = datasets.iter().find(|d| d["id"] == "digits").unwrap();
    assert_eq!(
        (
            &digits["inputs"],
            &digits["classes"],
            &digits["is2d"],
            &digits["defaultSamples"]
        ),
        (&json!(64), &json!(10), &json!(false), &json!(1797))
    );
    let circle = datasets.iter().find(|d| d["id"] == "circle").unwrap();
    let (lo, hi) = DatasetKind::Circle.sample_range();
    assert_eq!(
        (&circle["minSamples"], &circle["maxSamples"]),
        (&json!(lo), &json!(hi))
    );
    assert_eq!(circle["is2d"], true);
    for l in items(catalog::losses()) {
        assert_eq!(keys(&l), sorted(vec!["id", "label"]));
    }
}

#[test]
fn learning_rates_read_back_short() {
    let rates: Vec<(String, Value)> = items(catalog::optimizers())
        .into_iter()
        .map(|o| {
            assert_eq!(keys(&o), sorted(vec!["id", "label", "defaultLearningRate"]));
            (
                o["id"].as_str().unwrap().to_string(),
                o["defaultLearningRate"].clone(),
            )
        })
        .collect();
    let expected = [
        ("sgd", 0.1),
        ("momentum", 0.05),
        ("rmsprop", 0.003),
        ("adam", 0.003),
    ];
    for (id, rate) in expected {
        let got = &rates.iter().find(|(i, _)| i == id).unwrap().1;
        // 0.1, not the f32's 0.10000000149011612.
        assert_eq!(got.as_f64(), Some(rate), "{id}");
    }
}

#[test]
fn limits_are_the_core_constants() {
    let limits = serde_json::to_value(catalog::limits()).unwrap();
    assert_eq!(
        limits,
        json!({
            "maxHiddenLayers": MAX_HIDDEN_LAYERS,
            "maxWidth": MAX_WIDTH,
            "maxBatch": MAX_BATCH,
            "maxLearningRate": 10.0,
            "maxSeed": MAX_SEED,
            "maxRuns": MAX_RUNS,
            "maxStepsPerCall": MAX_STEPS_PER_CALL,
            "maxWorkPerCall": MAX_WORK_PER_CALL,
            "maxHistoryPoints": MAX_POINTS,
            "targetLoss": 0.1,
            "targetWindow": TARGET_WINDOW,
            "maxResolution": MAX_RESOLUTION,
            "viewExtent": VIEW_EXTENT,
            "maxNoise": MAX_NOISE,
            "optionLimit": OPTION_LIMIT,
            "csv": {
                "maxBytes": initlab::csv::MAX_BYTES,
                "minRows": initlab::csv::MIN_ROWS,
                "maxRows": initlab::csv::MAX_ROWS,
                "maxFeatures": initlab::csv::MAX_FEATURES,
                "maxClasses": initlab::csv::MAX_CLASSES,
            },
        })
    );
    assert_eq!(limits["maxStepsPerCall"], 10_000);
    assert_eq!(limits["maxSeed"], 9_007_199_254_740_991_u64);
}

/// The page lists every choice by its label (a scheme also by its family and a sentence): each must be there and tell the choices apart.
#[test]
fn every_list_tells_its_choices_apart_in_words() {
    let lists: [(&str, Vec<Value>, &[&str]); 5] = [
        (
            "schemes",
            items(catalog::schemes()),
            &["label", "description"],
        ),
        ("activations", items(catalog::activations()), &["label"]),
        ("datasets", items(catalog::datasets()), &["label"]),
        ("optimizers", items(catalog::optimizers()), &["label"]),
        ("losses", items(catalog::losses()), &["label"]),
    ];
    for (name, list, fields) in lists {
        for field in fields {
            let mut words: Vec<&str> = list.iter().map(|x| x[field].as_str().unwrap()).collect();
            assert!(
                words.iter().all(|w| !w.trim().is_empty()),
                "{name}: {words:?}"
            );
            words.sort_unstable();
            words.dedup();
            assert_eq!(
                words.len(),
                list.len(),
                "{name}' {field}s repeat: {words:?}"
            );
        }
    }
    let schemes = items(catalog::schemes());
    let mut family_labels: Vec<(&str, &str)> = schemes
        .iter()
        .map(|s| {
            (
                s["family"].as_str().unwrap(),
                s["familyLabel"].as_str().unwrap(),
            )
        })
        .collect();
    family_labels.sort_unstable();
    family_labels.dedup();
    let mut labels: Vec<&str> = family_labels.iter().map(|&(_, label)| label).collect();
    labels.dedup();
    assert!(labels.iter().all(|l| !l.trim().is_empty()));
    assert_eq!(labels.len(), family_labels.len(), "{family_labels:?}");
}
