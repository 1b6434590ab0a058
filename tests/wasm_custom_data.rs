//! The table the full build read from a CSV file (`customData`) passes to another module
//! instance, as the page hands it to its own build and its workers (`loadCustomData`), which
//! refuses a bad one naming `data` and keeps the table loaded before. Its own test binary.
#![cfg(target_arch = "wasm32")]

mod wasm_common;
use initlab::wasm::{self, Trainer};
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_common::{csv_file, get, thrown};

/// What `loadCustomData` throws for `data`: its field and message.
fn refused(data: &JsValue) -> (String, String) {
    thrown(wasm::load_custom_data(data).unwrap_err())
}

#[wasm_bindgen_test]
fn the_table_read_passes_to_another_build_and_bad_tables_are_refused_by_name() {
    wasm::load_csv(csv_file(40).as_bytes()).unwrap();
    let data = wasm::custom_data().unwrap();
    assert_eq!(
        get(&data, "x")
            .dyn_into::<js_sys::Float32Array>()
            .unwrap()
            .length(),
        80
    );
    // Given back (as the page's build is given it), the same table: the same summary.
    let summary = wasm::load_custom_data(&data).unwrap();
    assert_eq!(get(&summary, "rows").as_f64(), Some(40.0));
    assert_eq!(
        JSON::stringify(&get(&summary, "classCounts")).unwrap(),
        "[20,20]"
    );
    let with = |key: &str, value: JsValue| {
        let copy = js_sys::Object::assign(&js_sys::Object::new(), data.unchecked_ref());
        Reflect::set(&copy, &key.into(), &value).unwrap();
        JsValue::from(copy)
    };
    let short = js_sys::Float32Array::new_with_length(79);
    let nan = js_sys::Float32Array::new_with_length(80);
    nan.set_index(5, f32::NAN);
    let y = js_sys::Uint8Array::new_with_length(40);
    y.set_index(3, 2);
    for (bad, says) in [
        (
            JsValue::from(5),
            "must be an object as customData() gives it, with x",
        ),
        (JsValue::NULL, "must be an object"),
        (
            with("x", JsValue::from(Array::new())),
            "x must be a Float32Array",
        ),
        (with("y", JsValue::from("0101")), "y must be a Uint8Array"),
        (
            with("x", short.into()),
            "x must hold rows x features = 80 numbers, got 79",
        ),
        (with("x", nan.into()), "x[5] is not a finite number"),
        (with("y", y.into()), "y[3] = 2 is not a class index below 2"),
        (
            with("classNames", JSON::parse("[\"a\", 1]").unwrap()),
            "classNames must be an array of strings",
        ),
        (
            with("classNames", JSON::parse("[\"a\"]").unwrap()),
            "must have 2 to 10 class names, got 1",
        ),
        (
            with("featureNames", JSON::parse("[]").unwrap()),
            "must have 1 to 256 feature names, got 0",
        ),
        (
            with("labelName", JsValue::NULL),
            "labelName must be a string",
        ),
    ] {
        let (field, message) = refused(&bad);
        assert_eq!(field, "data");
        assert!(message.contains(says), "{message}");
    }
    // The table loaded before stays, and trains.
    let config = JSON::parse(r#"{"dataset": "custom", "hidden": [8], "batchSize": 8}"#).unwrap();
    let progress = Trainer::new(config).unwrap().step(&10.0.into()).unwrap();
    assert_eq!(get(&progress, "step").as_f64(), Some(10.0));
    let list: Array = wasm::datasets().unwrap().dyn_into().unwrap();
    assert_eq!(
        get(&list.get(list.length() - 1), "maxSamples").as_f64(),
        Some(40.0)
    );
}
