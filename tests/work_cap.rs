//! The work cap of a `step` call: a small network may take `MAX_STEPS_PER_CALL` steps per
//! call, a large one only as many as `MAX_WORK_PER_CALL` parameter x sample products allow,
//! and a refused count names the network's range and why. (The largest config, allowed one
//! step per call, is in `tests/memory.rs`, which builds it anyway.)

mod common;
use common::run;
use initlab::experiment::{MAX_STEPS_PER_CALL, MAX_WORK_PER_CALL};

#[test]
fn a_small_network_takes_the_most_steps_per_call() {
    let mut r = run(r#"{"dataset": "circle", "hidden": [8, 8], "batchSize": 10}"#);
    assert_eq!(r.max_steps_per_call(), MAX_STEPS_PER_CALL);
    assert_eq!(r.step(MAX_STEPS_PER_CALL).unwrap().step, 10_000);
    let over = r.step(MAX_STEPS_PER_CALL + 1).unwrap_err();
    assert_eq!(
        (over.field.as_str(), over.message.as_str()),
        ("steps", "must be an integer in [1, 10000], got 10001")
    );
    assert_eq!(r.step(0).unwrap_err().field, "steps");
}

#[test]
fn a_large_network_takes_what_the_work_cap_allows() {
    let mut r = run(r#"{"dataset": "digits", "hidden": [512, 512], "batchSize": 512}"#);
    // 64 inputs, two layers of 512 and 10 outputs, with their biases; batches of 512.
    let params = 65 * 512 + 513 * 512 + 513 * 10;
    assert_eq!(r.mlp().params().len(), params);
    let cap = MAX_WORK_PER_CALL / (params as u64 * 512);
    assert!(1 < cap && cap < u64::from(MAX_STEPS_PER_CALL), "{cap}");
    assert_eq!(u64::from(r.max_steps_per_call()), cap);
    for over in [cap as u32 + 1, MAX_STEPS_PER_CALL] {
        let e = r.step(over).unwrap_err();
        assert_eq!(e.field, "steps");
        let range = format!("must be an integer in [1, {cap}], got {over}");
        assert!(e.message.starts_with(&range), "{e}");
        let why = format!(
            "at most {:e} parameter x sample products",
            MAX_WORK_PER_CALL as f64
        );
        assert!(e.message.contains(&why), "{e}");
        assert!(
            e.message
                .contains(&format!("{params} parameters x batch 512")),
            "{e}"
        );
    }
    assert_eq!(r.steps(), 0, "a refused call trains nothing");
    assert_eq!(r.step(1).unwrap().step, 1);
}
