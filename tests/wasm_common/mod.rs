//! Helpers shared by the wasm test binaries (tests/wasm_*.rs).
// Each test binary uses only some of them.
#![allow(dead_code)]

use js_sys::{Error, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// `obj[key]`.
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &key.into()).expect("Reflect.get on an object")
}

/// The `field` and message of a thrown JS `Error`, checking it is one and that its `key`,
/// `index` and `option` properties spell the field.
pub fn thrown(err: JsValue) -> (String, String) {
    let error = err.dyn_into::<Error>().expect("a JS Error, not a string");
    let field = get(&error, "field")
        .as_string()
        .expect("a `field` property");
    assert_eq!(spelled(&error), field);
    (field, error.message().into())
}

/// An error's field as its `key`, `index` (a number or null) and `option` (a string or null)
/// properties spell it: `key`, `key[index]` or `key.option`.
fn spelled(error: &JsValue) -> String {
    let key = get(error, "key").as_string().expect("a `key` property");
    let (index, option) = (get(error, "index"), get(error, "option"));
    assert!(index.is_null() || option.is_null(), "{error:?}");
    if let Some(i) = index.as_f64() {
        format!("{key}[{i}]")
    } else if let Some(option) = option.as_string() {
        format!("{key}.{option}")
    } else {
        assert!(index.is_null() && option.is_null(), "{error:?}");
        key
    }
}

/// A CSV file of `rows` rows of two features and classes "no" and "yes".
pub fn csv_file(rows: usize) -> String {
    let mut text = String::from("a,b,label\n");
    for i in 0..rows {
        text += &format!(
            "{i},{},{}\n",
            (i * 7) % 13,
            if i % 2 == 0 { "no" } else { "yes" }
        );
    }
    text
}
