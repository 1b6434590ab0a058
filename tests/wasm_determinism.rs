//! The pinned run of tests/pin/mod.rs, compiled to wasm (with its SIMD kernels) and run in
//! Node: it must give the bits the native test gets.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test;

#[path = "pin/mod.rs"]
mod pin;

#[wasm_bindgen_test]
fn the_pinned_run_has_the_same_bits_in_wasm() {
    assert_eq!(pin::fingerprint(), pin::EXPECTED, "see tests/pin/mod.rs");
}
