//! What the fuzz target `fuzz/fuzz_targets/config_steps.rs` does with one input, shared with
//! `tests/regressions.rs` so every crash the fuzzer found replays exactly as it ran.
//!
//! The bytes are read as a UTF-8 JSON config. Parsing either fails with an error naming a field
//! or gives a run that steps, reports and reads its layers without panicking; a number is
//! never NaN unless the run says it diverged.

use initlab::config::Config;
use initlab::error::ConfigError;
use initlab::experiment::{Run, StepReport};

/// Multiply-adds one input may cost (parameters x samples passed forward), so the fuzzer
/// spends its time on many inputs rather than on a few huge networks; the largest config has
/// its own test (`tests/memory.rs`).
const WORK_BUDGET: usize = 50_000_000;

/// `step` calls per input, each of 0 to 15 steps (0 must be refused by name).
const STEP_CALLS: usize = 3;

/// Runs one input through parsing, training and every read-out, panicking on any broken rule.
pub fn exercise(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // `Run::from_json` in its two halves, to skip training networks over the budget.
    let config = match Config::from_json(text) {
        Ok(config) => config,
        Err(e) => return assert_named(&e),
    };
    let samples = config.samples + STEP_CALLS * 15 * config.batch_size;
    if parameters(&config.sizes()) * samples > WORK_BUDGET {
        return;
    }
    let mut run = match Run::new(config) {
        Ok(run) => run,
        Err(e) => return assert_named(&e),
    };
    check(&run.report());
    let mut counts = checksum(data);
    for _ in 0..STEP_CALLS {
        let n = counts % 16;
        counts /= 16;
        match run.step(n) {
            Ok(progress) => {
                let report = run.report();
                check(&report);
                assert_eq!(
                    (progress.step, progress.diverged),
                    (report.step, report.diverged)
                );
            }
            Err(e) => assert!(n == 0 && e.field == "steps", "step({n}): {e}"),
        }
    }
    // The whole training set may overflow while the mini-batches do not (see the divergence
    // rule in `experiment`); the layers are then read on overflowing numbers too.
    let healthy = run.diverged_at().is_none() && run.report().train_loss.is_finite();
    for s in run.layer_stats() {
        let numbers = [
            s.activation_mean,
            s.activation_std,
            s.saturated_fraction,
            s.dead_fraction,
            s.weight_mean,
            s.weight_std,
            s.weight_variance,
            s.theoretical_variance,
            s.gradient_norm,
            s.update_ratio,
            s.max_cosine,
        ];
        assert!(!healthy || numbers.iter().all(|x| !x.is_nan()), "{s:?}");
    }
    if run.data().kind.is_2d() {
        let heat = run.decision_boundary(8).expect("2-D data has a boundary");
        assert!(!healthy || heat.iter().all(|p| !p.is_nan()), "{heat:?}");
    }
}

/// A rejected config names its field and says why.
fn assert_named(e: &ConfigError) {
    assert!(!e.field.is_empty() && !e.message.is_empty(), "{e:?}");
}

/// No NaN mini-batch loss in a report that does not say the run diverged, an accuracy that is
/// NaN exactly when its set's loss is not finite, and a diverged run stopped at the step it
/// diverged.
fn check(r: &StepReport) {
    assert!(r.diverged || !r.loss.is_nan(), "{r:?}");
    for (loss, accuracy) in [(r.train_loss, r.accuracy), (r.test_loss, r.test_accuracy)] {
        assert_eq!(loss.is_finite(), !accuracy.is_nan(), "{r:?}");
    }
    assert_eq!(r.diverged, r.diverged_at.is_some(), "{r:?}");
    assert!(r.diverged_at.is_none_or(|at| at == r.step), "{r:?}");
}

/// Weights and biases of a network with layer widths `sizes`.
fn parameters(sizes: &[usize]) -> usize {
    sizes.windows(2).map(|p| (p[0] + 1) * p[1]).sum()
}

/// A number derived from every input byte, for the step counts (32-bit FNV-1a).
fn checksum(data: &[u8]) -> u32 {
    data.iter().fold(0x811c_9dc5, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}
