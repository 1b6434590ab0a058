//! The paper cards' core computations through the JS API in Node: each card's one call and its
//! badge, the cell-by-cell calls of the sweeps, `Trainer.jacobianSpectrum`,
//! `Trainer.lsuvReport`, the `lsuv` scheme and the `Regression` class, with hostile arguments
//! refused by name (a JS `Error` whose `field` names the argument, never a trap).
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test wasm_papers`.
#![cfg(target_arch = "wasm32")]

mod wasm_common;
use initlab::wasm::papers::{
    glorot_bengio_card, mishkin_card, pennington_cell, pennington_checks, pennington_plan,
    saxe_cell, saxe_checks, saxe_plan, Regression,
};
use initlab::wasm::{self, init_weights, Trainer};
use js_sys::{Array, Error, Float64Array, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_common::get;

/// A JS value from a JavaScript expression (JSON or not).
fn js(expression: &str) -> JsValue {
    js_sys::eval(&format!("({expression})")).expect("test expression is valid")
}

/// A JS array's items.
fn items(array: &JsValue) -> Vec<JsValue> {
    assert!(Array::is_array(array), "not an array: {array:?}");
    array.unchecked_ref::<Array>().iter().collect()
}

/// The `field` of a thrown JS `Error` (checking it is one).
fn field(err: JsValue) -> String {
    let error = err
        .dyn_into::<Error>()
        .expect("a JS Error, not a trap or a string");
    get(&error, "field")
        .as_string()
        .expect("a `field` property")
}

/// Every check of a card's result passed; returns how many there were.
fn all_passed(card: &JsValue) -> usize {
    let checks = items(&get(card, "checks"));
    for c in &checks {
        assert_eq!(
            get(c, "passed").as_bool(),
            Some(true),
            "{}",
            String::from(JSON::stringify(c).unwrap())
        );
    }
    checks.len()
}

#[wasm_bindgen_test]
fn cards_2_and_5_reproduce_their_claims_in_one_call() {
    wasm::load_digits(include_bytes!("../data/digits.bin")).unwrap();
    let card = glorot_bengio_card(&js("1")).unwrap();
    assert_eq!(all_passed(&card), 5);
    assert_eq!(items(&get(&card, "networks")).len(), 2);
    let card = mishkin_card(&js("2")).unwrap();
    assert_eq!(all_passed(&card), 4);
    for bad in ["'1'", "-1", "1.5", "NaN", "null", "2 ** 53"] {
        assert_eq!(
            field(glorot_bengio_card(&js(bad)).unwrap_err()),
            "seed",
            "{bad}"
        );
        assert_eq!(field(mishkin_card(&js(bad)).unwrap_err()), "seed", "{bad}");
    }
}

#[wasm_bindgen_test]
fn card_4_runs_cell_by_cell_and_checks_its_spectra() {
    let plan = pennington_plan().unwrap();
    let depths: Vec<f64> = items(&get(&plan, "depths"))
        .iter()
        .map(|d| d.as_f64().unwrap())
        .collect();
    let spectra = Array::new();
    for network in 0..3 {
        for &depth in &depths {
            spectra.push(&pennington_cell(&network.into(), &depth.into(), &js("1")).unwrap());
        }
    }
    let checks = pennington_checks(&spectra).unwrap();
    let checks = items(&checks);
    assert_eq!(checks.len(), 2 + depths.len());
    assert!(checks
        .iter()
        .all(|c| get(c, "passed").as_bool() == Some(true)));
    for (network, depth, seed, bad) in [
        ("3", "1", "1", "network"),
        ("0", "0", "1", "depth"),
        ("0", "32", "1", "depth"),
        ("0", "'2'", "1", "depth"),
        ("0", "1", "-1", "seed"),
    ] {
        assert_eq!(
            field(pennington_cell(&js(network), &js(depth), &js(seed)).unwrap_err()),
            bad
        );
    }
    for bad in ["'x'", "[{}]", "[{network: 'a', depth: -1}]", "{}"] {
        assert_eq!(
            field(pennington_checks(&js(bad)).unwrap_err()),
            "spectra",
            "{bad}"
        );
    }
}

#[wasm_bindgen_test]
fn card_3_cells_and_checks() {
    let plan = saxe_plan().unwrap();
    assert_eq!(get(&plan, "maxSteps").as_f64(), Some(2000.0));
    let cells = Array::new();
    for (init, depth) in [(0, 1), (0, 33), (1, 1), (1, 8)] {
        let cell = saxe_cell(&init.into(), &depth.into(), &js("1")).unwrap();
        let errors = items(&get(&cell, "errors"));
        assert!(errors.len() > 1 && errors[0].as_f64().unwrap() > 0.5);
        cells.push(&cell);
    }
    let checks = items(&saxe_checks(&cells).unwrap());
    assert_eq!(checks.len(), 2);
    assert!(checks
        .iter()
        .all(|c| get(c, "passed").as_bool() == Some(true)));
    // A cell left out is named.
    cells.pop();
    assert_eq!(field(saxe_checks(&cells).unwrap_err()), "cells");
    for bad in ["'x'", "[1]", "null", "{}"] {
        assert_eq!(field(saxe_checks(&js(bad)).unwrap_err()), "cells", "{bad}");
    }
    for (init, depth, bad) in [
        ("2", "1", "init"),
        ("0", "34", "depth"),
        ("0", "0", "depth"),
        ("true", "1", "init"),
    ] {
        assert_eq!(
            field(saxe_cell(&js(init), &js(depth), &js("1")).unwrap_err()),
            bad
        );
    }
}

#[wasm_bindgen_test]
fn jacobian_spectrum_of_an_orthogonal_linear_network_is_all_ones() {
    let mut t = Trainer::new(js(
        "{hidden: [16, 16, 16], activation: 'linear', init: 'orthogonal'}",
    ))
    .unwrap();
    for sample in [JsValue::UNDEFINED, JsValue::NULL, js("3")] {
        let s = t.jacobian_spectrum(&sample).unwrap();
        assert!(s.is_instance_of::<Float64Array>());
        let values = s.to_vec();
        assert_eq!(values.len(), 16);
        assert!(values.iter().all(|v| (v - 1.0).abs() < 1e-5), "{values:?}");
    }
    for bad in ["-1", "1e9", "0.5", "'0'", "[0]", "NaN"] {
        assert_eq!(
            field(t.jacobian_spectrum(&js(bad)).unwrap_err()),
            "sample",
            "{bad}"
        );
    }
    let mut flat = Trainer::new(js("{hidden: []}")).unwrap();
    assert_eq!(
        field(flat.jacobian_spectrum(&JsValue::UNDEFINED).unwrap_err()),
        "hidden"
    );
}

#[wasm_bindgen_test]
fn lsuv_reports_each_layer_and_is_refused_where_there_is_no_data() {
    let t = Trainer::new(js(
        "{hidden: [8, 8], init: 'lsuv', initOptions: {tolerance: 0.05, batch: 100}}",
    ))
    .unwrap();
    let report = items(&t.lsuv_report().unwrap());
    assert_eq!(report.len(), 3);
    for layer in &report {
        assert!((get(layer, "variance").as_f64().unwrap() - 1.0).abs() <= 0.05);
        assert_eq!(get(layer, "iterations").as_f64(), Some(1.0));
    }
    let plain = Trainer::new(js("{hidden: [8]}")).unwrap();
    assert!(plain.lsuv_report().unwrap().is_null());
    let err = init_weights(js("'lsuv'"), &js("4"), &js("4"), &js("1"), None).unwrap_err();
    assert_eq!(field(err), "init");
    for (config, bad) in [
        (
            "{hidden: [4], init: 'lsuv', initOptions: {maxIterations: 0}}",
            "initOptions.maxIterations",
        ),
        (
            "{hidden: [4], init: 'lsuv', initOptions: {batch: '64'}}",
            "initOptions.batch",
        ),
        (
            "{hidden: [4], init: 'lsuv', initOptions: {tolerance: -0.1}}",
            "initOptions.tolerance",
        ),
        ("{hidden: [4], biasInit: 'lsuv'}", "biasInit"),
    ] {
        assert_eq!(
            field(Trainer::new(js(config)).err().expect("refused")),
            bad,
            "{config}"
        );
    }
}

#[wasm_bindgen_test]
fn regression_trains_toward_its_teacher() {
    let mut r = Regression::new(js("{depth: 3, seed: 2}")).unwrap();
    let start = r.relative_error();
    let after = r.step(&js("200")).unwrap();
    assert!(after < 0.5 * start, "{start} -> {after}");
    assert_eq!(r.steps(), 200.0);
    let s = r.teacher_singular_values().to_vec();
    assert_eq!(s.len(), 16);
    assert!(s.windows(2).all(|w| w[0] > w[1]));
    for bad in ["0", "'5'", "1e5", "null"] {
        assert_eq!(field(r.step(&js(bad)).unwrap_err()), "steps", "{bad}");
    }
    assert_eq!(r.steps(), 200.0, "a refused call changes nothing");
    // stepsTo: toward a target in bounded calls; where it stopped, and when it got there.
    let p = r.steps_to(&js("0.5"), &js("10")).unwrap();
    assert_eq!(
        get(&p, "step").as_f64(),
        Some(200.0),
        "already there: no step taken"
    );
    assert_eq!(get(&p, "reachedAt").as_f64(), Some(200.0));
    let p = r.steps_to(&js("0"), &js("7")).unwrap();
    assert_eq!(get(&p, "step").as_f64(), Some(207.0));
    assert!(get(&p, "reachedAt").is_null());
    assert_eq!(get(&p, "relativeError").as_f64(), Some(r.relative_error()));
    for (target, steps, bad) in [
        ("'0.1'", "5", "target"),
        ("NaN", "5", "target"),
        ("-1", "5", "target"),
        ("0.1", "0", "steps"),
    ] {
        assert_eq!(
            field(r.steps_to(&js(target), &js(steps)).unwrap_err()),
            bad,
            "{target} {steps}"
        );
    }
    assert_eq!(r.steps(), 207.0, "a refused call changes nothing");
    for (config, bad) in [
        ("{depth: 40}", "depth"),
        ("{init: 'lsuv'}", "init"),
        ("{learningRate: 20}", "learningRate"),
        ("{x: 1}", "x"),
        ("7", "config"),
    ] {
        assert_eq!(
            field(Regression::new(js(config)).err().expect("refused")),
            bad,
            "{config}"
        );
    }
}
