//! The panic hook of `src/wasm.rs` in Node: a panic traps (the call throws a
//! `WebAssembly.RuntimeError`), `lastPanic()` then says why, and the instance keeps working.
//!
//! The panic happens inside a JS `try`, so the trap ends that call only, as it would for a page
//! that catches it. This file is its own test binary: its hook replaces the test harness's,
//! which no other test here needs.
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test wasm_panic`.
#![cfg(target_arch = "wasm32")]

use initlab::wasm::{self, Trainer};
use js_sys::{Function, Reflect, WebAssembly, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn a_panic_traps_and_last_panic_says_why() {
    // The harness installs its own hook after the module's start function installed ours.
    wasm::install_panic_hook();
    assert!(wasm::last_panic().is_null());
    let boom = Closure::<dyn FnMut()>::new(|| panic!("hostile {}", 6 * 7));
    let catch = Function::new_with_args("f", "try { f(); return null; } catch (e) { return e; }");
    let thrown = catch.call1(&JsValue::NULL, boom.as_ref()).unwrap();
    assert!(
        thrown.is_instance_of::<WebAssembly::RuntimeError>(),
        "{thrown:?}"
    );
    let message = wasm::last_panic()
        .as_string()
        .expect("the hook kept the message");
    assert!(
        message.contains("hostile 42") && message.contains("wasm_panic.rs"),
        "{message}"
    );

    // The instance still trains a fresh run.
    let mut t = Trainer::new(JSON::parse(r#"{"hidden": [4], "samples": 60}"#).unwrap()).unwrap();
    let report = t.step(&20.0.into()).unwrap();
    assert_eq!(
        Reflect::get(&report, &"step".into()).unwrap().as_f64(),
        Some(20.0)
    );
    // A second panic replaces the first message.
    let again = Closure::<dyn FnMut()>::new(|| panic!("second"));
    catch.call1(&JsValue::NULL, again.as_ref()).unwrap();
    assert!(wasm::last_panic().as_string().unwrap().contains("second"));
}
