//! The JS API (`src/wasm.rs`) under wasm-bindgen-test in Node: shapes, determinism, the
//! registries the page reads, a real training run, and every bad argument turning into a JS
//! `Error` that names its field while the instance keeps working.
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test wasm_api`; natively this file
//! compiles to nothing.
#![cfg(target_arch = "wasm32")]

mod wasm_common;
use initlab::experiment::{MAX_STEPS_PER_CALL, MAX_WORK_PER_CALL};
use initlab::history::{MAX_POINTS, TARGET_WINDOW};
use initlab::init::Init;
use initlab::rng::{seeded, Stream};
use initlab::wasm::{self, Trainer};
use js_sys::{Array, Error, Float32Array, Object, JSON};
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_common::{get, thrown};

/// A JS value parsed from JSON text, as a page would write it.
/// Gives the core the digit images, which the wasm build does not carry (see wasm_digits.rs).
fn load_digits() {
    wasm::load_digits(include_bytes!("../data/digits.bin")).unwrap();
}

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON is valid")
}

/// `obj[key]` as a number (NaN when it is not one).
fn num(obj: &JsValue, key: &str) -> f64 {
    get(obj, key).as_f64().unwrap_or(f64::NAN)
}

/// A JS array's items.
fn items(array: &JsValue) -> Vec<JsValue> {
    assert!(Array::is_array(array), "not an array: {array:?}");
    array.unchecked_ref::<Array>().iter().collect()
}

/// The ids of a registry such as `schemes()`.
fn ids(list: &JsValue) -> Vec<String> {
    items(list)
        .iter()
        .map(|x| get(x, "id").as_string().expect("id is a string"))
        .collect()
}

/// The bits of a Float32Array, for exact comparisons that treat NaN like any other value.
fn bits(a: &Float32Array) -> Vec<u32> {
    a.to_vec().iter().map(|x| x.to_bits()).collect()
}

/// What `lossHistory(from)` returns, its arrays copied out.
#[derive(Debug, PartialEq)]
struct History {
    stride: f64,
    from: f64,
    mean: Vec<f32>,
    min: Vec<f32>,
    max: Vec<f32>,
}

/// `t.lossHistory(from)` (`None`: `lossHistory()`), checking its shape: three arrays of one
/// length.
fn history(t: &Trainer, from: Option<f64>) -> Result<History, JsValue> {
    let h = t.loss_history(&from.map_or(JsValue::UNDEFINED, JsValue::from))?;
    let array = |key| get(&h, key).dyn_into::<Float32Array>().unwrap().to_vec();
    let got = History {
        stride: num(&h, "stride"),
        from: num(&h, "from"),
        mean: array("mean"),
        min: array("min"),
        max: array("max"),
    };
    assert!(got.mean.len() == got.min.len() && got.mean.len() == got.max.len());
    Ok(got)
}

/// The He + ReLU network on `circle` that the page's first test trains.
const HE_RELU: &str =
    r#"{"dataset": "circle", "hidden": [8, 8], "activation": "relu", "init": "he_normal"}"#;

#[wasm_bindgen_test]
fn init_weights_have_the_layer_shape_and_repeat_per_seed() {
    let w = wasm::init_weights(
        "he_normal".into(),
        &3.0.into(),
        &5.0.into(),
        &42.0.into(),
        None,
    )
    .unwrap();
    assert_eq!(w.length(), 15);
    let again = wasm::init_weights(
        "he_normal".into(),
        &3.0.into(),
        &5.0.into(),
        &42.0.into(),
        None,
    )
    .unwrap();
    assert_eq!(bits(&w), bits(&again));
    let other = wasm::init_weights(
        "he_normal".into(),
        &3.0.into(),
        &5.0.into(),
        &43.0.into(),
        None,
    )
    .unwrap();
    assert_ne!(bits(&w), bits(&other));
    // The same draw as the core's own sampler on the seed's init stream.
    let mut core = vec![0.0f32; 15];
    Init::from_json("he_normal", None, "init").unwrap().sample(
        3,
        5,
        &mut seeded(42, Stream::Init),
        &mut core,
    );
    assert_eq!(w.to_vec(), core);
    // Options reach the scheme.
    let options: Object = js(r#"{"value": -0.25}"#).unchecked_into();
    let c = wasm::init_weights(
        "constant".into(),
        &4.0.into(),
        &2.0.into(),
        &1.0.into(),
        Some(options),
    )
    .unwrap();
    assert_eq!(c.to_vec(), vec![-0.25; 8]);
}

#[wasm_bindgen_test]
fn he_normal_sample_variance_matches_theory() {
    let w = wasm::init_weights(
        "he_normal".into(),
        &256.0.into(),
        &256.0.into(),
        &7.0.into(),
        None,
    )
    .unwrap()
    .to_vec();
    let n = w.len() as f64;
    let mean = w.iter().map(|&x| f64::from(x)).sum::<f64>() / n;
    let var = w
        .iter()
        .map(|&x| (f64::from(x) - mean).powi(2))
        .sum::<f64>()
        / n;
    let theory =
        wasm::theoretical_variance("he_normal".into(), &256.0.into(), &256.0.into(), None).unwrap();
    // He: Var = 2 / fan_in.
    assert!((theory - 2.0 / 256.0).abs() < 1e-12, "{theory}");
    assert!((var / theory - 1.0).abs() < 0.05, "{var} vs {theory}");
}

#[wasm_bindgen_test]
fn registries_list_what_the_page_needs() {
    let schemes = wasm::schemes().unwrap();
    let scheme_ids = ids(&schemes);
    let keras = [
        "zeros",
        "ones",
        "constant",
        "random_uniform",
        "random_normal",
        "truncated_normal",
        "glorot_normal",
        "glorot_uniform",
        "he_normal",
        "he_uniform",
        "lecun_normal",
        "lecun_uniform",
        "variance_scaling",
        "orthogonal",
    ];
    for id in keras {
        assert!(scheme_ids.iter().any(|s| s == id), "missing {id}");
    }
    let activation_ids = ids(&wasm::activations().unwrap());
    for s in items(&schemes) {
        for key in [
            "label",
            "family",
            "description",
            "varianceFormula",
            "recommendedFor",
            "options",
            "defaults",
        ] {
            assert!(!get(&s, key).is_undefined(), "{key}");
        }
        for a in items(&get(&s, "recommendedFor")) {
            assert!(activation_ids.contains(&a.as_string().unwrap()));
        }
        // Every option the scheme takes has a default.
        for key in items(&get(&s, "options")) {
            let key = key.as_string().unwrap();
            assert!(!get(&get(&s, "defaults"), &key).is_undefined(), "{key}");
        }
    }
    let he = items(&schemes)
        .into_iter()
        .find(|s| get(s, "id").as_string().as_deref() == Some("he_normal"))
        .unwrap();
    let he_for: Vec<String> = items(&get(&he, "recommendedFor"))
        .iter()
        .map(|a| a.as_string().unwrap())
        .collect();
    assert!(he_for.contains(&"relu".to_string()), "{he_for:?}");
    let datasets = items(&wasm::datasets().unwrap());
    let digits = datasets
        .iter()
        .find(|d| get(d, "id").as_string().as_deref() == Some("digits"))
        .unwrap();
    assert_eq!(
        (num(digits, "inputs"), num(digits, "classes")),
        (64.0, 10.0)
    );
    assert_eq!(get(digits, "is2d").as_bool(), Some(false));
    let optimizers = items(&wasm::optimizers().unwrap());
    let rates: Vec<(String, f64)> = optimizers
        .iter()
        .map(|o| {
            (
                get(o, "id").as_string().unwrap(),
                num(o, "defaultLearningRate"),
            )
        })
        .collect();
    // 32-bit rates in their shortest form: 0.1, not 0.10000000149011612.
    assert_eq!(
        &rates[..2],
        [("sgd".into(), 0.1), ("momentum".into(), 0.05)]
    );
    assert_eq!(num(&wasm::limits().unwrap(), "maxLearningRate"), 10.0);
    assert!(ids(&wasm::losses().unwrap()).contains(&"mse".to_string()));
    let limits = wasm::limits().unwrap();
    assert_eq!(num(&limits, "maxWidth"), initlab::config::MAX_WIDTH as f64);
    assert_eq!(num(&limits, "maxSeed"), 9_007_199_254_740_991.0);
    for key in [
        "maxHiddenLayers",
        "maxBatch",
        "maxLearningRate",
        "maxStepsPerCall",
        "maxResolution",
        "viewExtent",
    ] {
        assert!(num(&limits, key) > 0.0, "{key}");
    }
    let core = [
        ("maxStepsPerCall", f64::from(MAX_STEPS_PER_CALL)),
        ("maxWorkPerCall", MAX_WORK_PER_CALL as f64),
        ("maxHistoryPoints", MAX_POINTS as f64),
        ("targetLoss", 0.1),
        ("targetWindow", TARGET_WINDOW as f64),
    ];
    for (key, value) in core {
        assert_eq!(num(&limits, key), value, "{key}");
    }
}

#[wasm_bindgen_test]
fn presets_carry_runs_that_train() {
    let presets = items(&wasm::presets().unwrap());
    assert!(!presets.is_empty());
    for p in &presets {
        for key in ["id", "label", "group", "lookFor"] {
            assert!(get(p, key).as_string().is_some(), "{key}");
        }
        assert!(!items(&get(p, "views")).is_empty());
        let runs = items(&get(p, "runs"));
        assert!(!runs.is_empty());
        for run in runs {
            let mut trainer = Trainer::new(run.clone()).unwrap();
            // The normalized config reads back as the preset wrote it.
            assert_eq!(
                JSON::stringify(&trainer.config().unwrap()).unwrap(),
                JSON::stringify(&run).unwrap()
            );
            assert_eq!(num(&trainer.step(&1.0.into()).unwrap(), "step"), 1.0);
        }
    }
}

#[wasm_bindgen_test]
fn normalize_config_is_what_a_trainer_would_train_and_refuses_the_same() {
    load_digits();
    let sparse = [
        HE_RELU,
        r#"{"hidden": []}"#,
        r#"{"hidden": [5], "dataset": "digits", "samples": 300, "optimizer": "adam"}"#,
        r#"{"hidden": [3, 3], "dataset": "spiral3", "init": "random_normal", "initOptions": {"stddev": 0.3}, "seed": 12}"#,
    ];
    for json in sparse {
        let normalized = wasm::normalize_config(js(json)).unwrap();
        let trainer = Trainer::new(js(json)).unwrap();
        assert_eq!(
            JSON::stringify(&normalized).unwrap(),
            JSON::stringify(&trainer.config().unwrap()).unwrap(),
            "{json}"
        );
    }
    let bad = [
        (
            r#"{"hidden": [8], "samples": 20, "batchSize": 15}"#,
            "batchSize",
        ),
        (r#"{"hidden": [0]}"#, "hidden[0]"),
        (r#"{"dataset": "circle"}"#, "hidden"),
        ("42", "config"),
    ];
    for (json, field) in bad {
        let refused = |e: JsValue| get(&e, "field").as_string();
        let from_normalize = wasm::normalize_config(js(json)).map(|_| ()).unwrap_err();
        let from_trainer = Trainer::new(js(json)).map(|_| ()).unwrap_err();
        assert_eq!(
            refused(from_normalize.clone()).as_deref(),
            Some(field),
            "{json}"
        );
        assert_eq!(
            from_normalize.unchecked_ref::<Error>().message(),
            from_trainer.unchecked_ref::<Error>().message()
        );
    }
}

#[wasm_bindgen_test]
fn errors_carry_the_parts_of_their_field() {
    let parts = |err: JsValue| {
        let field = |key| get(&err, key);
        (
            field("field").as_string().unwrap(),
            field("key").as_string().unwrap(),
            field("index").as_f64(),
            field("option").as_string(),
            field("index").is_null() || field("option").is_null(),
        )
    };
    let hidden = wasm::normalize_config(js(r#"{"hidden": [8, 8, 8, 0]}"#)).unwrap_err();
    assert_eq!(
        parts(hidden),
        ("hidden[3]".into(), "hidden".into(), Some(3.0), None, true)
    );
    let config = r#"{"hidden": [8], "init": "random_normal", "initOptions": {"stddev": -1}}"#;
    let stddev = wasm::normalize_config(js(config)).unwrap_err();
    assert_eq!(
        parts(stddev),
        (
            "initOptions.stddev".into(),
            "initOptions".into(),
            None,
            Some("stddev".into()),
            true
        )
    );
    let config = r#"{"hidden": [8], "biasInit": "constant", "biasInitOptions": {"value": 200}}"#;
    let value = wasm::normalize_config(js(config)).unwrap_err();
    assert_eq!(
        parts(value),
        (
            "biasInitOptions.value".into(),
            "biasInitOptions".into(),
            None,
            Some("value".into()),
            true
        )
    );
    let rate = wasm::normalize_config(js(r#"{"hidden": [8], "learningRate": 0}"#)).unwrap_err();
    assert_eq!(
        parts(rate),
        (
            "learningRate".into(),
            "learningRate".into(),
            None,
            None,
            true
        )
    );
    // An unknown key is named whole, never parsed.
    let unknown = wasm::normalize_config(js(r#"{"hidden": [8], "a.b[1]": 1}"#)).unwrap_err();
    assert_eq!(
        parts(unknown),
        ("a.b[1]".into(), "a.b[1]".into(), None, None, true)
    );
    let (zero, three) = (0.0.into(), 3.0.into());
    let fan = wasm::theoretical_variance("he_normal".into(), &zero, &three, None).unwrap_err();
    assert_eq!(
        parts(fan),
        ("fanIn".into(), "fanIn".into(), None, None, true)
    );
}

#[wasm_bindgen_test]
fn edit_config_drops_what_a_changed_key_derives() {
    let stringify = |v: &JsValue| String::from(JSON::stringify(v).unwrap());
    let config = wasm::normalize_config(js(
        r#"{"hidden": [8], "optimizer": "adam", "learningRate": 0.01, "seed": 4, "dataSeed": 9,
            "init": "random_normal", "initOptions": {"stddev": 0.5}}"#,
    ))
    .unwrap();
    // A new optimizer brings its own learning rate, a new seed its data seed, a new scheme
    // its defaults; what the edit sets itself stays.
    let edited = wasm::edit_config(
        config.clone(),
        js(r#"{"optimizer": "sgd", "seed": 5, "init": "random_uniform"}"#),
    )
    .unwrap();
    assert_eq!(num(&edited, "learningRate"), 0.1);
    assert_eq!(num(&edited, "dataSeed"), 5.0);
    assert_eq!(
        stringify(&get(&edited, "initOptions")),
        r#"{"maxval":1,"minval":0}"#
    );
    let expected = wasm::normalize_config(js(
        r#"{"hidden": [8], "optimizer": "sgd", "seed": 5, "init": "random_uniform"}"#,
    ))
    .unwrap();
    assert_eq!(stringify(&edited), stringify(&expected));
    let kept = wasm::edit_config(
        config.clone(),
        js(r#"{"optimizer": "momentum", "learningRate": 0.2, "seed": 4}"#),
    )
    .unwrap();
    assert_eq!(num(&kept, "learningRate"), 0.2);
    assert_eq!(num(&kept, "dataSeed"), 9.0);
    // A bad value is refused by its key; neither argument may be anything but an object.
    let refused = |config: JsValue, partial: &str| {
        thrown(wasm::edit_config(config, js(partial)).unwrap_err())
    };
    assert_eq!(
        refused(config.clone(), r#"{"hidden": [8, -1]}"#).0,
        "hidden[1]"
    );
    assert_eq!(
        refused(config.clone(), r#"{"learningRate": 11}"#).0,
        "learningRate"
    );
    assert_eq!(refused(config.clone(), "[1]").0, "partial");
    assert_eq!(refused(JsValue::UNDEFINED, "{}").0, "config");
}

#[wasm_bindgen_test]
fn merge_edits_records_edits_by_the_same_rule_unvalidated() {
    let stringify = |v: &JsValue| String::from(JSON::stringify(v).unwrap());
    let merged =
        |edits: &str, partial: &str| stringify(&wasm::merge_edits(js(edits), js(partial)).unwrap());
    assert_eq!(
        merged(
            r#"{"dataset": "xor", "samples": 300, "hidden": [4]}"#,
            r#"{"dataset": "circle"}"#
        ),
        r#"{"dataset":"circle","hidden":[4]}"#
    );
    assert_eq!(
        merged(
            r#"{"biasInit": "constant", "biasInitOptions": {"value": 1}}"#,
            r#"{"biasInit": "zeros"}"#
        ),
        r#"{"biasInit":"zeros"}"#
    );
    assert_eq!(
        merged(
            r#"{"optimizer": "adam", "learningRate": 0.01}"#,
            r#"{"optimizer": "adam"}"#
        ),
        r#"{"learningRate":0.01,"optimizer":"adam"}"#
    );
    // Not validated: edits are partial, so a value the core would refuse is kept, as JS sent it.
    assert_eq!(
        merged("{}", r#"{"learningRate": -1}"#),
        r#"{"learningRate":-1}"#
    );
    assert_eq!(
        merged("{}", r#"{"seed": 1367388942826758700, "noise": -1e300}"#),
        r#"{"noise":-1e+300,"seed":1367388942826758700}"#
    );
    let refused = wasm::merge_edits(JsValue::NULL, js("{}")).unwrap_err();
    assert_eq!(thrown(refused).0, "edits");
    let refused = wasm::merge_edits(js("{}"), "seed".into()).unwrap_err();
    assert_eq!(thrown(refused).0, "partial");
}

#[wasm_bindgen_test]
fn he_relu_on_circle_learns_and_reports() {
    let mut t = Trainer::new(js(HE_RELU)).unwrap();
    let start = t.report().unwrap();
    assert_eq!(num(&start, "step"), 0.0);
    assert!(get(&start, "targetReachedAt").is_null());
    let progress = t.step(&300.0.into()).unwrap();
    // step() reads no whole set: its record has the mini-batch loss and no evaluation.
    assert!(num(&progress, "loss").is_finite());
    assert!(get(&progress, "trainLoss").is_undefined());
    let r = t.report().unwrap();
    assert_eq!((num(&r, "step"), t.steps()), (300.0, 300.0));
    assert_eq!(num(&r, "loss"), num(&progress, "loss"));
    let e = t.evaluate().unwrap();
    assert_eq!(
        (num(&e, "step"), num(&e, "trainLoss")),
        (300.0, num(&r, "trainLoss"))
    );
    assert!(
        num(&r, "trainLoss") < 0.5 * num(&start, "trainLoss"),
        "{r:?} vs {start:?}"
    );
    assert!(num(&r, "testAccuracy") > num(&start, "testAccuracy"));
    assert_eq!(get(&r, "diverged").as_bool(), Some(false));
    assert!(get(&r, "divergedAt").is_null());
    // Fewer steps than history points: one point per step, so mean, min and max agree.
    let all = history(&t, None).unwrap();
    assert_eq!((all.stride, all.from, all.mean.len()), (1.0, 0.0, 300));
    assert_eq!(t.history_stride(), 1.0);
    assert_eq!(
        (&all.min, &all.max, all.mean.last()),
        (&all.mean, &all.mean, Some(&(num(&r, "loss") as f32)))
    );
    let tail = history(&t, Some(295.0)).unwrap();
    assert_eq!((tail.stride, tail.from), (1.0, 295.0));
    assert_eq!(tail.mean, all.mean[295..]);
    assert!(history(&t, Some(300.0)).unwrap().mean.is_empty());
    assert!(history(&t, Some(301.0)).is_err());
    // One step past a full history: the points merge in pairs.
    t.step(&f64::from(MAX_POINTS as u32 + 1 - 300).into())
        .unwrap();
    let merged = history(&t, None).unwrap();
    assert_eq!(t.history_stride(), 2.0);
    assert_eq!(
        (merged.stride, merged.mean.len()),
        (2.0, MAX_POINTS / 2 + 1)
    );
    let pair = (f64::from(all.mean[0]) + f64::from(all.mean[1])) / 2.0;
    assert_eq!(merged.mean[0], pair as f32);
    for k in 0..merged.mean.len() {
        assert!(merged.min[k] <= merged.mean[k] && merged.mean[k] <= merged.max[k]);
    }

    let sizes: Vec<f64> = items(&t.sizes().unwrap())
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(sizes, [2.0, 8.0, 8.0, 1.0]);
    let stats = items(&t.layer_stats().unwrap());
    assert_eq!(stats.len(), sizes.len() - 1);
    for (l, s) in stats.iter().enumerate() {
        assert_eq!(num(s, "layer"), l as f64);
        for key in [
            "activationMean",
            "activationStd",
            "gradientNorm",
            "weightStd",
            "distinctNeurons",
        ] {
            assert!(num(s, key).is_finite(), "layer {l} {key}");
        }
        let h = get(s, "activationHistogram");
        assert!(num(&h, "lo") < num(&h, "hi"));
        assert_eq!(
            items(&get(&h, "counts")).len(),
            initlab::diagnostics::HISTOGRAM_BINS
        );
        let (fan_in, fan_out) = (sizes[l], sizes[l + 1]);
        assert_eq!(
            t.weights(&(l as f64).into()).unwrap().length() as f64,
            fan_in * fan_out
        );
        assert_eq!(
            t.biases(&(l as f64).into()).unwrap().length() as f64,
            fan_out
        );
    }

    let heat = t.decision_boundary(&37.0.into()).unwrap().to_vec();
    assert_eq!(heat.len(), 37 * 37);
    assert!(heat.iter().all(|p| (0.0..=1.0).contains(p)));

    let data = t.data().unwrap();
    let train_y = get(&data, "trainY").unchecked_into::<js_sys::Uint8Array>();
    let train_x = get(&data, "trainX").unchecked_into::<Float32Array>();
    let test_y = get(&data, "testY").unchecked_into::<js_sys::Uint8Array>();
    assert_eq!(train_x.length(), 2 * train_y.length());
    assert_eq!(train_y.length() + test_y.length(), 400);
    assert_eq!(num(&data, "classes"), 2.0);
    let config = t.config().unwrap();
    assert_eq!(
        get(&config, "init").as_string().as_deref(),
        Some("he_normal")
    );
    assert_eq!(num(&config, "samples"), 400.0);
}

#[wasm_bindgen_test]
fn divergence_arrives_as_js_numbers() {
    let mut t = Trainer::new(js(r#"{"hidden": [32, 32, 32, 32, 32, 32, 32, 32],
        "init": "random_normal", "initOptions": {"stddev": 100}, "learningRate": 10}"#))
    .unwrap();
    let r = t.step(&100.0.into()).unwrap();
    assert_eq!(get(&r, "diverged").as_bool(), Some(true));
    let at = num(&r, "divergedAt");
    assert!(
        at >= 1.0 && at == num(&r, "step") && at == t.steps(),
        "{r:?}"
    );
    // The last loss is NaN or infinite, and still a JS number.
    let h = history(&t, None).unwrap();
    assert_eq!((h.stride, h.mean.len()), (1.0, at as usize));
    for values in [&h.mean, &h.min, &h.max] {
        assert!(!values[at as usize - 1].is_finite());
    }
    assert!(get(&r, "loss").as_f64().is_some_and(|x| !x.is_finite()));
    // A diverged run takes no more steps, and says so without throwing.
    assert_eq!(num(&t.step(&5.0.into()).unwrap(), "step"), at);
}

#[wasm_bindgen_test]
fn bad_arguments_throw_errors_naming_the_field_and_the_instance_survives() {
    load_digits();
    let mut t = Trainer::new(js(HE_RELU)).unwrap();
    t.step(&10.0.into()).unwrap();
    let options = |text: &str| Some(js(text).unchecked_into::<Object>());
    let init = |scheme: JsValue, fan_in: f64, fan_out: f64, seed: f64| {
        let (fan_in, fan_out, seed) = (fan_in.into(), fan_out.into(), seed.into());
        wasm::init_weights(scheme, &fan_in, &fan_out, &seed, None).map(|_| ())
    };
    // A 3 x 3 layer of `scheme`, seed 1, with the options of JSON `text`.
    let with_options = |scheme: &str, text: &str| {
        let (three, one) = (3.0.into(), 1.0.into());
        wasm::init_weights(scheme.into(), &three, &three, &one, options(text)).map(|_| ())
    };
    let cases: Vec<(&str, Result<(), JsValue>)> = vec![
        ("init", init("xavier".into(), 3.0, 3.0, 1.0)),
        ("init", init(5.into(), 3.0, 3.0, 1.0)),
        ("init", init(JsValue::UNDEFINED, 3.0, 3.0, 1.0)),
        ("fanIn", init("he_normal".into(), 0.0, 3.0, 1.0)),
        ("fanIn", init("he_normal".into(), 1.5, 3.0, 1.0)),
        ("fanIn", init("he_normal".into(), -3.0, 3.0, 1.0)),
        ("fanOut", init("he_normal".into(), 3.0, f64::NAN, 1.0)),
        ("fanOut", init("he_normal".into(), 3.0, 513.0, 1.0)),
        ("fanOut", init("he_normal".into(), 3.0, f64::INFINITY, 1.0)),
        ("seed", init("he_normal".into(), 3.0, 3.0, -1.0)),
        ("seed", init("he_normal".into(), 3.0, 3.0, 0.5)),
        ("seed", init("he_normal".into(), 3.0, 3.0, 2f64.powi(53))),
        (
            "initOptions.stddev",
            with_options("random_normal", r#"{"stddev": -1}"#),
        ),
        (
            "initOptions.value",
            with_options("he_normal", r#"{"value": 1}"#),
        ),
        (
            "fanIn",
            wasm::theoretical_variance("he_normal".into(), &1e9.into(), &3.0.into(), None)
                .map(|_| ()),
        ),
        ("config", Trainer::new(JsValue::UNDEFINED).map(|_| ())),
        ("config", Trainer::new(js("[8, 8]")).map(|_| ())),
        ("hidden", Trainer::new(js("{}")).map(|_| ())),
        (
            "hidden[1]",
            Trainer::new(js(r#"{"hidden": [8, 0]}"#)).map(|_| ()),
        ),
        (
            "learningRate",
            Trainer::new(js(r#"{"hidden": [8], "learningRate": -1}"#)).map(|_| ()),
        ),
        (
            "bogus",
            Trainer::new(js(r#"{"hidden": [8], "bogus": 1}"#)).map(|_| ()),
        ),
        (
            "activation",
            Trainer::new(js(r#"{"hidden": [8], "activation": "swish"}"#)).map(|_| ()),
        ),
        ("steps", t.step(&0.0.into()).map(|_| ())),
        ("steps", t.step(&1.5.into()).map(|_| ())),
        ("steps", t.step(&f64::NAN.into()).map(|_| ())),
        ("steps", t.step(&(-1.0).into()).map(|_| ())),
        ("steps", t.step(&1e12.into()).map(|_| ())),
        ("steps", t.step(&10_001.0.into()).map(|_| ())),
        ("from", t.loss_history(&11.0.into()).map(|_| ())),
        ("from", t.loss_history(&(-1.0).into()).map(|_| ())),
        ("from", t.loss_history(&0.5.into()).map(|_| ())),
        ("layer", t.weights(&3.0.into()).map(|_| ())),
        ("layer", t.weights(&(-1.0).into()).map(|_| ())),
        ("layer", t.weights(&0.5.into()).map(|_| ())),
        ("layer", t.biases(&f64::NAN.into()).map(|_| ())),
        ("resolution", t.decision_boundary(&1.0.into()).map(|_| ())),
        ("resolution", t.decision_boundary(&201.0.into()).map(|_| ())),
        ("resolution", t.decision_boundary(&2.5.into()).map(|_| ())),
        (
            "dataset",
            Trainer::new(js(r#"{"dataset": "digits", "hidden": [4]}"#))
                .unwrap()
                .decision_boundary(&10.0.into())
                .map(|_| ()),
        ),
    ];
    for (i, (field, result)) in cases.into_iter().enumerate() {
        let err = result.expect_err(&format!("case {i} ({field}) should fail"));
        let (got, message) = thrown(err);
        assert_eq!(got, field, "case {i}: {message}");
        assert!(
            message.starts_with(&format!("{field}: ")) && message.len() > field.len() + 10,
            "case {i}: {message}"
        );
    }
    // The trainer is untouched by its failed calls and keeps training.
    assert_eq!(t.steps(), 10.0);
    assert_eq!(history(&t, None).unwrap().mean.len(), 10);
    assert_eq!(num(&t.step(&5.0.into()).unwrap(), "step"), 15.0);
    assert_eq!(t.decision_boundary(&4.0.into()).unwrap().length(), 16);
}

#[wasm_bindgen_test]
fn max_steps_per_call_caps_the_work_of_a_call() {
    load_digits();
    assert_eq!(
        Trainer::new(js(HE_RELU)).unwrap().max_steps_per_call(),
        MAX_STEPS_PER_CALL
    );
    let mut big = Trainer::new(js(
        r#"{"dataset": "digits", "hidden": [512, 512], "batchSize": 512}"#,
    ))
    .unwrap();
    // 64 inputs, two layers of 512 and 10 outputs, with their biases.
    let params = 65.0 * 512.0 + 513.0 * 512.0 + 513.0 * 10.0;
    let cap = (MAX_WORK_PER_CALL as f64 / (params * 512.0)).floor();
    assert!(cap > 1.0 && cap < f64::from(MAX_STEPS_PER_CALL), "{cap}");
    assert_eq!(f64::from(big.max_steps_per_call()), cap);
    for over in [cap + 1.0, f64::from(MAX_STEPS_PER_CALL)] {
        let (field, message) = thrown(big.step(&over.into()).unwrap_err());
        assert_eq!(field, "steps");
        let why = format!("{:e} parameter x sample products", MAX_WORK_PER_CALL as f64);
        assert!(
            message.contains(&format!("[1, {cap}], got {over}")) && message.contains(&why),
            "{message}"
        );
    }
    assert_eq!(big.steps(), 0.0, "a refused call trains nothing");
    assert_eq!(num(&big.step(&1.0.into()).unwrap(), "step"), 1.0);
}

#[wasm_bindgen_test]
fn two_runs_of_one_config_are_bit_identical() {
    let config = json!({"dataset": "spiral", "hidden": [16, 16], "activation": "tanh",
        "init": "glorot_normal", "optimizer": "adam", "seed": 9});
    let run = |config: &serde_json::Value| {
        let mut t = Trainer::new(js(&config.to_string())).unwrap();
        t.step(&200.0.into()).unwrap();
        let h = history(&t, None).unwrap();
        (
            [h.mean, h.min, h.max]
                .concat()
                .iter()
                .map(|x| x.to_bits())
                .collect::<Vec<_>>(),
            bits(&t.weights(&1.0.into()).unwrap()),
        )
    };
    let first = run(&config);
    assert_eq!(first, run(&config));
    let mut other = config.clone();
    other["seed"] = json!(10);
    assert_ne!(first.0, run(&other).0);
}

#[wasm_bindgen_test]
fn keras_and_pytorch_code_read_the_trainer_config() {
    let none = JsValue::UNDEFINED;
    let keras = wasm::keras_code(js(HE_RELU), none.clone()).unwrap();
    let pytorch = wasm::pytorch_code(js(HE_RELU), none.clone()).unwrap();
    assert!(
        keras.contains("keras.initializers.HeNormal(seed=SEED + 2 * i)"),
        "{keras}"
    );
    assert!(
        pytorch.contains("nn.init.trunc_normal_(layer.weight"),
        "{pytorch}"
    );
    for script in [&keras, &pytorch] {
        assert!(script.contains("HIDDEN = [8, 8]") && script.contains("LEARNING_RATE = 0.1"));
        // Small enough: exact mode by default, the page's numbers carried at the end.
        assert!(script.contains("(exact mode)") && script.contains("STEPS = 1000"));
        assert!(script.contains("\nPAYLOAD = {") && script.ends_with("\nmain()\n"));
    }
    // The trainer's normalized config gives the same script back, and `null` options are none.
    let trainer = Trainer::new(js(HE_RELU)).unwrap();
    assert_eq!(
        wasm::keras_code(trainer.config().unwrap(), JsValue::NULL).unwrap(),
        keras
    );
    assert_eq!(
        wasm::pytorch_code(trainer.config().unwrap(), none.clone()).unwrap(),
        pytorch
    );
    // The options choose the mode and the steps.
    let in_kind = wasm::keras_code(js(HE_RELU), js(r#"{"mode": "inKind", "steps": 50}"#)).unwrap();
    assert!(in_kind.contains("(in-kind mode)") && in_kind.contains("STEPS = 50"));
    assert!(!in_kind.contains("PAYLOAD"));
    // A bad config throws what `new Trainer` throws.
    for bad in [
        JsValue::UNDEFINED,
        js("[8, 8]"),
        js(r#"{"hidden": [8, 0]}"#),
        js(r#"{"hidden": [8], "init": "he_normal", "initOptions": {"gain": -1}}"#),
    ] {
        let expected = thrown(Trainer::new(bad.clone()).map(|_| ()).unwrap_err());
        assert_eq!(
            thrown(wasm::keras_code(bad.clone(), none.clone()).unwrap_err()),
            expected
        );
        assert_eq!(
            thrown(wasm::pytorch_code(bad, none.clone()).unwrap_err()),
            expected
        );
    }
    // Bad options are refused by name.
    for (options, field) in [
        (r#"{"mode": "fast"}"#, "options.mode"),
        (r#"{"steps": 0}"#, "options.steps"),
        (r#"{"steps": 2.5}"#, "options.steps"),
        (r#"{"step": 10}"#, "options.step"),
        ("[1]", "options"),
    ] {
        let error = wasm::keras_code(js(HE_RELU), js(options)).unwrap_err();
        assert_eq!(thrown(error).0, field, "{options}");
    }
}

#[wasm_bindgen_test]
fn inputs_are_the_data_standardized_by_the_training_set() {
    let t = Trainer::new(js(HE_RELU)).unwrap();
    let (data, inputs) = (t.data().unwrap(), t.inputs().unwrap());
    let f32s = |obj: &JsValue, key: &str| get(obj, key).unchecked_into::<Float32Array>().to_vec();
    let (raw, x) = (f32s(&data, "trainX"), f32s(&inputs, "trainX"));
    let (mean, scale) = (f32s(&inputs, "mean"), f32s(&inputs, "scale"));
    assert_eq!((mean.len(), scale.len(), x.len()), (2, 2, raw.len()));
    for (i, (&v, &r)) in x.iter().zip(&raw).enumerate() {
        assert_eq!(v, (r - mean[i % 2]) * scale[i % 2]);
    }
    // Standardized: mean 0 and variance 1 per feature over the training set.
    for f in 0..2 {
        let column: Vec<f64> = x.iter().skip(f).step_by(2).map(|&v| f64::from(v)).collect();
        let m = column.iter().sum::<f64>() / column.len() as f64;
        let var = column.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / column.len() as f64;
        assert!(m.abs() < 1e-5 && (var - 1.0).abs() < 1e-5, "{m} {var}");
    }
    let test_x = f32s(&inputs, "testX");
    assert_eq!(test_x.len(), f32s(&data, "testX").len());
}

#[wasm_bindgen_test]
fn mean_field_predicts_every_layer_and_refuses_what_new_trainer_refuses() {
    let mf = wasm::mean_field(js(HE_RELU)).unwrap();
    assert_eq!(get(&mf, "applies"), JsValue::TRUE);
    assert!(get(&mf, "reason").is_null() && get(&mf, "fixedPointNote").is_null());
    assert!((num(&mf, "inputSecondMoment") - 1.0).abs() < 1e-6);
    let layers = items(&get(&mf, "layers"));
    // One entry per layer, output last, as `layerStats()`.
    assert_eq!(layers.len(), 3);
    for (l, layer) in layers.iter().enumerate() {
        assert_eq!(num(layer, "layer"), l as f64);
        assert_eq!(get(layer, "hidden").as_bool(), Some(l < 2));
        for key in [
            "sigmaW2",
            "sigmaB2",
            "biasMean",
            "q",
            "activationMean",
            "activationStd",
        ] {
            assert!(num(layer, key).is_finite(), "{key}: {layer:?}");
        }
        for key in ["backpropRatio", "gradientRatio"] {
            assert!(num(layer, key) > 0.0, "{key}: {layer:?}");
        }
        assert_eq!(get(layer, "chi").is_null(), l == 2, "{layer:?}");
    }
    // He on ReLU: σ_w² = 2 on the hidden layers, every q a fixed point, depth scales Infinity.
    assert!((num(&layers[1], "sigmaW2") - 2.0).abs() < 1e-12);
    assert!((num(&mf, "fixedPoint") - num(&layers[1], "q")).abs() < 1e-9);
    let scales = get(&mf, "depthScales");
    assert_eq!(num(&scales, "variance"), f64::INFINITY);
    assert_eq!(num(&scales, "correlation"), f64::INFINITY);
    assert_eq!(num(&scales, "correlationFixedPoint"), 1.0);
    // Outside the theory: no numbers, and the reason.
    let zeros = wasm::mean_field(js(r#"{"hidden": [8, 8], "init": "zeros"}"#)).unwrap();
    assert_eq!(get(&zeros, "applies"), JsValue::FALSE);
    assert!(get(&zeros, "reason")
        .as_string()
        .unwrap()
        .starts_with("zeros: "));
    assert!(items(&get(&zeros, "layers")).is_empty());
    assert!(get(&zeros, "fixedPoint").is_null() && get(&zeros, "depthScales").is_null());
    // Exploding: no fixed point, and why.
    let large =
        js(r#"{"hidden": [64, 64], "init": "random_normal", "initOptions": {"stddev": 1}}"#);
    let large = wasm::mean_field(large).unwrap();
    assert!(get(&large, "fixedPoint").is_null() && get(&large, "depthScales").is_null());
    assert!(get(&large, "fixedPointNote")
        .as_string()
        .unwrap()
        .contains("without bound"));
    // A bad config throws what `new Trainer` throws.
    for bad in [
        JsValue::UNDEFINED,
        js("[8, 8]"),
        js(r#"{"hidden": [8, 0]}"#),
        js(r#"{"hidden": [8], "init": "he_normal", "initOptions": {"gain": -1}}"#),
    ] {
        let expected = thrown(Trainer::new(bad.clone()).map(|_| ()).unwrap_err());
        assert_eq!(thrown(wasm::mean_field(bad).unwrap_err()), expected);
    }
}

/// `t.round(request)` for a request written as JSON.
fn round(t: &mut Trainer, request: &str) -> Result<JsValue, JsValue> {
    t.round(&js(request)).map(JsValue::from)
}

#[wasm_bindgen_test]
fn a_round_trains_and_reads_in_one_call_with_typed_arrays() {
    let mut t = Trainer::new(js(HE_RELU)).unwrap();
    let r = round(
        &mut t,
        r#"{"steps": 25, "evaluate": true, "stats": true, "boundary": 8, "predictions": true,
            "weights": {"rows": 2, "columns": 2}, "similarity": 3,
            "history": {"stride": 1, "points": 0}, "trace": {"stride": 20, "points": 0}}"#,
    )
    .unwrap();
    let progress = get(&r, "progress");
    assert_eq!(num(&progress, "step"), 25.0);
    assert_eq!(num(&get(&r, "evaluation"), "step"), 25.0);
    assert_eq!(num(&r, "statsStep"), 25.0);
    assert_eq!(items(&get(&r, "stats")).len(), 3);
    assert_eq!(
        get(&r, "boundary")
            .dyn_into::<Float32Array>()
            .unwrap()
            .length(),
        64
    );
    assert!(get(&r, "predictions").is_instance_of::<js_sys::Uint8Array>());
    let weights = items(&get(&r, "weights"));
    assert_eq!(
        (num(&weights[0], "rows"), num(&weights[0], "columns")),
        (2.0, 2.0)
    );
    assert!(get(&weights[0], "values").is_instance_of::<Float32Array>());
    let h = get(&r, "history");
    assert_eq!(
        get(&h, "mean").dyn_into::<Float32Array>().unwrap().length(),
        25
    );
    let trace = get(&r, "trace");
    // Points at steps 0 and 20, 3 layers of 4 fields each.
    assert_eq!(
        get(&trace, "values")
            .dyn_into::<Float32Array>()
            .unwrap()
            .length(),
        2 * 3 * 4
    );
    assert_eq!(num(&trace, "lastFinite"), 1.0);
    assert_eq!(items(&get(&trace, "fields")).len(), 4);
    let timing = get(&r, "timing");
    assert!(num(&timing, "trainMs") >= 0.0 && num(&timing, "readMs") >= 0.0);
    // A light round leaves the readings out.
    let light = round(&mut t, r#"{"steps": 5}"#).unwrap();
    assert!(get(&light, "evaluation").is_undefined() && get(&light, "history").is_undefined());
    // A bad request throws an Error naming its field, and trains nothing.
    for (request, field) in [
        (r#"{"steps": 5, "boundary": 500}"#, "boundary"),
        (r#"{"steps": 5, "stats": "yes"}"#, "stats"),
        (r#"{"steps": 5, "weights": {"rows": 2}}"#, "weights.columns"),
        (r#"{"steps": 5, "nope": 1}"#, "nope"),
    ] {
        assert_eq!(
            thrown(round(&mut t, request).unwrap_err()).0,
            field,
            "{request}"
        );
    }
    assert_eq!(t.steps(), 30.0);
    assert_eq!(
        thrown(t.round(&JsValue::from_str("steps")).unwrap_err()).0,
        "request"
    );
}

#[wasm_bindgen_test]
fn every_diverging_preset_diverges_at_the_same_step_in_wasm_under_three_chunkings() {
    let mut diverged = 0;
    for preset in items(&wasm::presets().unwrap()) {
        for config in items(&get(&preset, "runs")) {
            let at = |chunks: &dyn Fn(u32) -> u32| {
                let mut t = Trainer::new(config.clone()).unwrap();
                let mut done = 0;
                while done < 1500 {
                    let n = chunks(done).min(1500 - done);
                    let p = t.step(&f64::from(n).into()).unwrap();
                    done += n;
                    if get(&p, "diverged").as_bool() == Some(true) {
                        return Some(num(&p, "divergedAt"));
                    }
                }
                None
            };
            let whole = at(&|_| 1500);
            assert_eq!(at(&|_| 1), whole, "{}", show_js(&config));
            assert_eq!(at(&|done| 1 + done % 37), whole, "{}", show_js(&config));
            diverged += usize::from(whole.is_some());
        }
    }
    assert!(diverged >= 2, "only {diverged} preset runs diverge");
}

/// A JS value as JSON text, for messages.
fn show_js(value: &JsValue) -> String {
    JSON::stringify(value).map(String::from).unwrap_or_default()
}
