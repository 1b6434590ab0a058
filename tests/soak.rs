//! A million steps of a tiny network, as the page trains one left running: every call takes
//! the network's `max_steps_per_call`, the loss history stays within `MAX_POINTS` and covers
//! every step, and the process's memory does not grow once the run is under way.

mod common;
use common::{resident_bytes, run};
use initlab::experiment::MAX_STEPS_PER_CALL;
use initlab::history::MAX_POINTS;
use std::time::Instant;

/// Steps the soak trains in all, and those it trains before measuring memory.
const STEPS: u64 = 1_000_000;
const WARM_UP: u64 = 20_000;

#[test]
fn a_million_steps_keep_the_history_and_memory_bounded() {
    let mut r =
        run(r#"{"dataset": "circle", "hidden": [8, 8], "init": "he_normal", "batchSize": 10}"#);
    let per_call = r.max_steps_per_call();
    assert_eq!(per_call, MAX_STEPS_PER_CALL);
    let start = Instant::now();
    let mut before = None;
    while r.steps() < STEPS {
        if r.steps() == WARM_UP {
            before = resident_bytes();
        }
        let report = r.step(per_call).unwrap();
        let h = r.loss_history();
        assert!(h.len() <= MAX_POINTS, "{} points", h.len());
        assert_eq!((h.steps(), report.step), (r.steps(), r.steps()));
        assert!(!report.diverged, "{report:?}");
    }
    let elapsed = start.elapsed();
    let h = r.loss_history();
    // A million steps: stride 1e6 / 2048 = 488.3, rounded up to a power of two.
    assert_eq!((h.steps(), h.stride(), h.len()), (STEPS, 512, 1954));
    assert!(r.report().target_reached_at.is_some());
    println!("{STEPS} steps in {elapsed:.2?}");
    if let (Some(before), Some(after)) = (before, resident_bytes()) {
        // Keeping every loss would take 4 bytes a step, 3.9 MB here.
        let grown = after - before;
        println!("resident: {:.0} kB more after the warm-up", grown / 1e3);
        assert!(grown < 0.5e6, "grew {:.2} MB", grown / 1e6);
    }
}
