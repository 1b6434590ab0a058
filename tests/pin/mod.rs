//! One run pinned to its exact bits, shared by the native test (tests/determinism.rs) and the
//! wasm test (tests/wasm_determinism.rs): both must reproduce `EXPECTED`, so native and wasm
//! (with its SIMD kernels) agree bit for bit. A deliberate change to the numerics (a kernel's
//! summation order, a sampler) changes the pin: update it in the same commit, once both agree.

use initlab::experiment::Run;

/// A config that touches every kernel: several layers, tanh, Adam, a multi-class loss.
pub const CONFIG: &str = r#"{"dataset": "spiral3", "hidden": [24, 17, 9], "activation": "tanh", "init": "glorot_normal", "optimizer": "adam", "batchSize": 13, "seed": 7}"#;

/// Steps the pinned run takes.
pub const STEPS: u32 = 300;

/// FNV-1a hash of the bits of every loss and of every final parameter.
pub const EXPECTED: u64 = 12_611_627_404_283_098_474;

/// Trains the pinned run and hashes what it produced.
pub fn fingerprint() -> u64 {
    let mut run = Run::from_json(CONFIG).expect("the pinned config is valid");
    run.step(STEPS).expect("the step count is allowed");
    let history = run.loss_history();
    // Fewer steps than history points: one point per step, whose mean is that step's loss.
    assert_eq!((history.stride(), history.len()), (1, STEPS as usize));
    let bits = history
        .means()
        .iter()
        .chain(run.mlp().params())
        .map(|v| v.to_bits());
    bits.fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        b.to_le_bytes().iter().fold(h, |h, &byte| {
            (h ^ byte as u64).wrapping_mul(0x0100_0000_01b3)
        })
    })
}
