//! The digits dataset in the wasm build, which does not carry its images: a `digits` config is
//! refused (naming `dataset`) until `loadDigits` gets data/digits.bin's bytes, malformed bytes
//! are refused (naming `digits`), and once loaded a digits run trains. Its own test binary, so
//! no other test has loaded the images first.
#![cfg(target_arch = "wasm32")]

mod wasm_common;
use initlab::wasm::{self, Trainer};
use js_sys::{Reflect, JSON};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_common::thrown;

const DIGITS: &[u8] = include_bytes!("../data/digits.bin");
const CONFIG: &str = r#"{"dataset": "digits", "hidden": [16], "samples": 300, "seed": 4}"#;

#[wasm_bindgen_test]
fn digits_train_once_their_images_are_loaded_and_only_the_right_bytes_load() {
    let config = JSON::parse(CONFIG).unwrap();
    let (field, message) = thrown(Trainer::new(config.clone()).err().unwrap());
    assert_eq!(field, "dataset");
    assert!(message.contains("loadDigits"), "{message}");
    // The config itself is valid: only the images are missing.
    assert!(wasm::normalize_config(config.clone()).is_ok());

    for bad in [&DIGITS[..100], &[200u8; 116_805][..]] {
        let (field, message) = thrown(wasm::load_digits(bad).unwrap_err());
        assert_eq!(field, "digits", "{message}");
    }
    wasm::load_digits(DIGITS).unwrap();
    wasm::load_digits(DIGITS).unwrap(); // again: the same bytes change nothing
    let mut other = DIGITS.to_vec();
    other[0] = 1 - other[0].min(1);
    assert_eq!(thrown(wasm::load_digits(&other).unwrap_err()).0, "digits");

    // Loaded: the run trains.
    let mut trainer = Trainer::new(config).unwrap();
    let progress = trainer.step(&20.0.into()).unwrap();
    assert_eq!(
        Reflect::get(&progress, &"step".into()).unwrap().as_f64(),
        Some(20.0)
    );
    let loss = Reflect::get(&progress, &"loss".into())
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(loss.is_finite() && loss > 0.0, "{loss}");
}
