//! A student's CSV file in the wasm build: `dataset: "custom"` is refused (naming `dataset`)
//! until `loadCsv` reads a file; a bad file throws an `Error` naming `csv` and the row, and
//! leaves the file loaded before; a good one returns its summary, lists `custom` in
//! `datasets()` and trains. Its own test binary, so no other test has loaded a file first.
#![cfg(target_arch = "wasm32")]

mod wasm_common;
use initlab::wasm::{self, Trainer};
use js_sys::{Array, JSON};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_common::{csv_file, get, thrown};

#[wasm_bindgen_test]
fn a_csv_file_is_read_checked_and_trained_on() {
    let config = JSON::parse(r#"{"dataset": "custom", "hidden": [8]}"#).unwrap();
    let (field, message) = thrown(Trainer::new(config.clone()).err().unwrap());
    assert_eq!(field, "dataset");
    assert!(message.contains("never put in a link"), "{message}");

    let summary = wasm::load_csv(csv_file(60).as_bytes()).unwrap();
    assert_eq!(get(&summary, "rows").as_f64(), Some(60.0));
    assert_eq!(
        JSON::stringify(&get(&summary, "classNames")).unwrap(),
        "[\"no\",\"yes\"]"
    );
    for (bad, says) in [
        (
            b"a,label\n1,x\nfoo,y\n".as_slice(),
            "row 3, column 1 (\"a\"): \"foo\" is not a number",
        ),
        (b"".as_slice(), "the file is empty"),
        (b"a,label\n\xff\n".as_slice(), "row 2 is not UTF-8 text"),
    ] {
        let (field, message) = thrown(wasm::load_csv(bad).unwrap_err());
        assert_eq!(field, "csv");
        assert!(message.contains(says), "{message}");
    }
    // The file loaded before stays: 60 rows, listed last among the datasets.
    let list: Array = wasm::datasets().unwrap().dyn_into().unwrap();
    let custom = list.get(list.length() - 1);
    assert_eq!(get(&custom, "id").as_string().as_deref(), Some("custom"));
    assert_eq!(get(&custom, "maxSamples").as_f64(), Some(60.0));
    let mut trainer = Trainer::new(config).unwrap();
    let progress = trainer.step(&30.0.into()).unwrap();
    assert_eq!(get(&progress, "step").as_f64(), Some(30.0));
}
