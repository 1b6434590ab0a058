//! Fuzz target: arbitrary bytes as a JSON config, then training steps, layer statistics and
//! the decision boundary, with the checks of `tests/fuzz_replay` (shared with the regression
//! tests in `tests/regressions.rs`, which replay every crash found here).
//!
//! Run with `make fuzz` (FUZZ_SECONDS, default 300). `fuzz/seeds/` holds valid configs and
//! `fuzz/config.dict` the config keys and ids, so the fuzzer reaches training quickly.
#![no_main]

#[path = "../../tests/fuzz_replay/mod.rs"]
mod fuzz_replay;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_replay::exercise(data));
