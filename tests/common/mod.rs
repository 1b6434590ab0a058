//! Helpers shared by the native integration tests.
// Each test binary uses only some of them.
#![allow(dead_code)]

use initlab::diagnostics::LayerStats;
use initlab::experiment::Run;

/// A run of the JSON config `json`, which must be valid.
pub fn run(json: &str) -> Run {
    Run::from_json(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

/// Trains `steps` steps (in calls of at most 10,000) and returns the layer statistics.
pub fn train(run: &mut Run, steps: u32) -> Vec<LayerStats> {
    let mut left = steps;
    while left > 0 {
        let n = left.min(10_000);
        run.step(n).unwrap();
        left -= n;
    }
    run.layer_stats()
}

/// The hidden layers' statistics (all but the output layer).
pub fn hidden(stats: &[LayerStats]) -> &[LayerStats] {
    &stats[..stats.len() - 1]
}

/// The median of `values`.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Resident memory of this process in bytes (Linux's VmRSS), if the platform says.
pub fn resident_bytes() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024.0)
}

/// Asserts that every check of a card's badge held on `seed`, naming the first that did not.
pub fn assert_checks_hold(seed: u64, checks: &[initlab::papers::Check]) {
    for check in checks {
        assert!(check.passed, "seed {seed}: {check:?}");
    }
}
