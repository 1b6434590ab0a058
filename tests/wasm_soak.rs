//! A million steps of a tiny `Trainer` in Node, driven as the page drives one left running:
//! `step(maxStepsPerCall)`, then the new part of `lossHistory` and a `report()`, again and
//! again. The wasm memory must not grow once the run is under way, the history stays within
//! `maxHistoryPoints`, and the copy kept by fetching only what changed equals a fresh one.
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test wasm_soak` (`-- --nocapture`
//! prints the time and memory); natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use initlab::wasm::{self, Trainer};
use js_sys::{ArrayBuffer, Date, Float32Array, Reflect, WebAssembly, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

/// Steps the soak trains in all, and those it trains before reading the memory's size.
const STEPS: f64 = 1_000_000.0;
const WARM_UP: f64 = 20_000.0;

/// `obj[key]` as a number (NaN when it is not one).
fn num(obj: &JsValue, key: &str) -> f64 {
    Reflect::get(obj, &key.into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(f64::NAN)
}

/// The wasm instance's linear memory in bytes: it only ever grows.
fn memory_bytes() -> u32 {
    let memory = wasm_bindgen::memory().unchecked_into::<WebAssembly::Memory>();
    memory
        .buffer()
        .unchecked_into::<ArrayBuffer>()
        .byte_length()
}

/// A caller's copy of a trainer's loss history, as the page keeps one. It lives in the wasm
/// memory the test measures (the page's lives in JavaScript), so it is allocated once, at
/// full size.
struct Copy {
    stride: f64,
    mean: Vec<f32>,
    min: Vec<f32>,
    max: Vec<f32>,
}

impl Copy {
    /// An empty copy with room for `max_points` points.
    fn new(max_points: f64) -> Copy {
        let room = || Vec::with_capacity(max_points as usize);
        Copy {
            stride: 0.0,
            mean: room(),
            min: room(),
            max: room(),
        }
    }

    /// Brings the copy up to date: from its last point (which may have grown) while the
    /// stride (`historyStride`) is unchanged, else from 0.
    fn update(&mut self, t: &Trainer, max_points: f64) {
        let same_stride = !self.mean.is_empty() && t.history_stride() == self.stride;
        // As documented, the stride is unchanged while steps <= maxHistoryPoints x stride.
        let by_rule = !self.mean.is_empty() && t.steps() <= max_points * self.stride;
        assert_eq!(same_stride, by_rule, "at step {}", t.steps());
        let from = if same_stride { self.mean.len() - 1 } else { 0 };
        let h = t.loss_history(&(from as f64).into()).unwrap();
        assert_eq!(num(&h, "from"), from as f64);
        assert_eq!(num(&h, "stride"), t.history_stride());
        self.stride = num(&h, "stride");
        for (key, kept) in [
            ("mean", &mut self.mean),
            ("min", &mut self.min),
            ("max", &mut self.max),
        ] {
            let array = Reflect::get(&h, &key.into()).unwrap();
            let array = array.unchecked_into::<Float32Array>();
            kept.resize(from + array.length() as usize, 0.0);
            array.copy_to(&mut kept[from..]);
        }
    }
}

#[wasm_bindgen_test]
fn a_million_steps_keep_the_memory_and_history_bounded() {
    let limits = wasm::limits().unwrap();
    let max_points = num(&limits, "maxHistoryPoints");
    let config = r#"{"dataset": "circle", "hidden": [8, 8], "init": "he_normal", "batchSize": 10}"#;
    let mut t = Trainer::new(JSON::parse(config).unwrap()).unwrap();
    let per_call = f64::from(t.max_steps_per_call());
    assert_eq!(per_call, num(&limits, "maxStepsPerCall"));
    let mut copy = Copy::new(max_points);
    let start = Date::now();
    let mut before = None;
    while t.steps() < STEPS {
        if t.steps() == WARM_UP {
            before = Some(memory_bytes());
        }
        t.step(&per_call.into()).unwrap();
        copy.update(&t, max_points);
        let report = t.report().unwrap();
        assert_eq!(num(&report, "step"), t.steps());
        assert!(copy.mean.len() as f64 <= max_points, "{}", copy.mean.len());
        if let Some(before) = before {
            assert_eq!(memory_bytes(), before, "grew at step {}", t.steps());
        }
    }
    let seconds = (Date::now() - start) / 1e3;
    let fresh = {
        let mut fresh = Copy::new(max_points);
        fresh.update(&t, max_points);
        fresh
    };
    let bits = |c: &Copy| {
        let values = [&c.mean[..], &c.min[..], &c.max[..]].concat();
        values.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
    };
    assert_eq!((copy.stride, bits(&copy)), (fresh.stride, bits(&fresh)));
    // 1e6 steps: stride 1e6 / 2048 = 488.3, rounded up to a power of two.
    assert_eq!((copy.stride, copy.mean.len()), (512.0, 1954));
    let report = t.report().unwrap();
    assert!(num(&report, "targetReachedAt") >= 50.0, "{report:?}");
    console_log!(
        "{STEPS} steps in {seconds:.2} s; wasm memory {} kB, unchanged after the warm-up",
        memory_bytes() / 1024
    );
}
