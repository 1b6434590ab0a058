//! `LossHistory` against the raw losses it thins: bounded size, points that tile the steps,
//! min, max and mean recovered, spikes and dips kept, divergence shown; and the target rule
//! against an independent computation over a real run's per-step losses.

mod common;
use common::run;
use initlab::history::{LossHistory, MAX_POINTS, TARGET_LOSS, TARGET_WINDOW};
use initlab::rng::{self, Stream};

/// `n` pseudo-random losses in [0.5, 1.5), from a fixed seed.
fn losses(n: usize) -> Vec<f32> {
    let mut rng = rng::seeded(11, Stream::Data);
    (0..n)
        .map(|_| 0.5 + rng::uniform(&mut rng) as f32)
        .collect()
}

/// A history of `values`, checking after every push that it holds at most `MAX_POINTS`.
fn history_of(values: &[f32]) -> LossHistory {
    let mut h = LossHistory::new();
    for &v in values {
        h.push(v);
        assert!(h.len() <= MAX_POINTS, "{} points", h.len());
    }
    h
}

/// The steps point k covers, 1-based and inclusive, from the documented rule.
fn covered(h: &LossHistory, k: usize) -> std::ops::RangeInclusive<u64> {
    let s = h.stride();
    k as u64 * s + 1..=h.steps().min((k as u64 + 1) * s)
}

/// The history's points tile steps 1..=steps and each holds the min, max and mean of the raw
/// losses it covers (min and max exactly, the mean to f32 rounding).
fn assert_points_match(h: &LossHistory, raw: &[f32]) {
    assert_eq!(h.steps(), raw.len() as u64);
    assert!(h.stride().is_power_of_two(), "stride {}", h.stride());
    assert!(h.len() <= MAX_POINTS);
    assert_eq!(h.len() as u64, h.steps().div_ceil(h.stride()));
    let mut next = 1;
    for k in 0..h.len() {
        let steps = covered(h, k);
        assert_eq!(
            *steps.start(),
            next,
            "point {k} starts where {} ended",
            k - 1
        );
        assert!(steps.start() <= steps.end(), "point {k} is empty");
        if k + 1 < h.len() {
            assert_eq!(
                steps.end() - steps.start() + 1,
                h.stride(),
                "point {k} is not full"
            );
        }
        next = steps.end() + 1;
        let values = &raw[*steps.start() as usize - 1..*steps.end() as usize];
        let min = values.iter().copied().fold(f32::INFINITY, f32::min);
        let max = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mean = values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len() as f64;
        assert_eq!((h.mins()[k], h.maxes()[k]), (min, max), "point {k}");
        let error = (f64::from(h.means()[k]) - mean).abs() / mean;
        assert!(error < 1e-6, "point {k}: mean {} vs {mean}", h.means()[k]);
    }
    assert_eq!(next, h.steps() + 1, "the points end at the last step");
}

#[test]
fn a_million_losses_keep_at_most_max_points_that_summarize_them() {
    let raw = losses(1_000_000);
    let h = history_of(&raw);
    // 1e6 steps need stride 1e6 / 2048 = 488.3, rounded up to a power of two.
    assert_eq!((h.stride(), h.len()), (512, 1954));
    assert_points_match(&h, &raw);
    // The whole run's min, max and mean, from the points alone.
    let min = h.mins().iter().copied().fold(f32::INFINITY, f32::min);
    let max = h.maxes().iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let raw_min = raw.iter().copied().fold(f32::INFINITY, f32::min);
    let raw_max = raw.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    assert_eq!((min, max), (raw_min, raw_max));
    let weighted: f64 = (0..h.len())
        .map(|k| {
            let steps = covered(&h, k);
            f64::from(h.means()[k]) * (steps.end() - steps.start() + 1) as f64
        })
        .sum();
    let raw_mean = raw.iter().map(|&v| f64::from(v)).sum::<f64>() / raw.len() as f64;
    let error = (weighted / h.steps() as f64 - raw_mean).abs();
    assert!(error < 1e-7, "mean {} vs {raw_mean}", weighted / 1e6);
}

#[test]
fn points_tile_the_steps_at_every_stride_change() {
    let raw = losses(3 * MAX_POINTS + 5);
    // Stride 1 up to MAX_POINTS steps (each mean the loss, bit for bit), then 2 (the points
    // merge when a step arrives and all are full), 4 after 2 * MAX_POINTS...
    for (steps, stride) in [
        (1, 1),
        (MAX_POINTS - 1, 1),
        (MAX_POINTS, 1),
        (MAX_POINTS + 1, 2),
        (2 * MAX_POINTS, 2),
        (2 * MAX_POINTS + 1, 4),
        (3 * MAX_POINTS + 5, 4),
    ] {
        let h = history_of(&raw[..steps]);
        assert_eq!(h.stride(), stride, "after {steps} steps");
        assert_points_match(&h, &raw[..steps]);
        if stride == 1 {
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(h.means()), bits(&raw[..steps]));
        }
        assert_eq!(h.last(), Some(raw[steps - 1]));
    }
}

#[test]
fn a_single_spike_and_dip_stay_in_the_point_that_covers_them() {
    let mut raw = losses(1_000_000);
    let (spike, dip) = (777_777u64, 123_457u64);
    raw[spike as usize - 1] = 1e3;
    raw[dip as usize - 1] = 1e-3;
    let h = history_of(&raw);
    for (step, value, extremes) in [(spike, 1e3, h.maxes()), (dip, 1e-3, h.mins())] {
        let k = ((step - 1) / h.stride()) as usize;
        assert!(
            covered(&h, k).contains(&step),
            "point {k} misses step {step}"
        );
        assert_eq!(extremes[k], value, "point {k}");
        let others = extremes
            .iter()
            .enumerate()
            .filter(|&(j, &x)| j != k && x == value);
        assert_eq!(others.count(), 0, "only point {k} holds {value}");
    }
    assert_points_match(&h, &raw);
}

#[test]
fn a_non_finite_last_loss_shows_in_its_point() {
    for bad in [f32::NAN, f32::INFINITY] {
        for steps in [1, 777, MAX_POINTS, 5 * MAX_POINTS + 3] {
            let mut raw = losses(steps);
            raw.push(bad);
            let h = history_of(&raw);
            let last = h.len() - 1;
            assert!(h.stride() > 1 || steps < MAX_POINTS);
            for (name, values) in [("mean", h.means()), ("min", h.mins()), ("max", h.maxes())] {
                let v = values[last];
                assert!(!v.is_finite(), "{bad} after {steps}: {name} {v}");
                assert_eq!(v.is_nan(), bad.is_nan(), "{name}");
                assert!(values[..last].iter().all(|v| v.is_finite()), "{name}");
            }
            assert_eq!(h.last().map(f32::to_bits), Some(bad.to_bits()));
        }
        // A run stops at it, but the history does not rely on that: pushed further, it stays
        // in its point through the merges.
        let mut raw = losses(2 * MAX_POINTS);
        raw[100] = bad;
        let h = history_of(&raw);
        assert_eq!(h.stride(), 2);
        for values in [h.means(), h.mins(), h.maxes()] {
            assert!(!values[50].is_finite() && values[50].is_nan() == bad.is_nan());
            assert_eq!(values.iter().filter(|v| v.is_finite()).count(), h.len() - 1);
        }
    }
}

/// The first step s >= TARGET_WINDOW whose last TARGET_WINDOW losses average below
/// TARGET_LOSS, straight from the definition.
fn first_below_target(losses: &[f32]) -> Option<u64> {
    (TARGET_WINDOW..=losses.len())
        .find(|&s| {
            let window = &losses[s - TARGET_WINDOW..s];
            window.iter().map(|&l| f64::from(l)).sum::<f64>() / (TARGET_WINDOW as f64)
                < f64::from(TARGET_LOSS)
        })
        .map(|s| s as u64)
}

#[test]
fn the_target_needs_a_full_window_below_it() {
    // Zero losses from the start: reached once the window is full, not before.
    let h = history_of(&[0.0; TARGET_WINDOW]);
    assert_eq!(h.target_reached_at(), Some(TARGET_WINDOW as u64));
    let h = history_of(&[0.0; TARGET_WINDOW - 1]);
    assert_eq!(h.target_reached_at(), None);
    // A window averaging exactly the target is not below it; one a little lower is.
    let mut raw = vec![1.0f32; 100];
    raw.extend(vec![TARGET_LOSS; TARGET_WINDOW]);
    assert_eq!(history_of(&raw).target_reached_at(), None);
    raw.push(0.0);
    assert_eq!(first_below_target(&raw), Some(raw.len() as u64));
    assert_eq!(history_of(&raw).target_reached_at(), Some(raw.len() as u64));
    // Once reached it stays, whatever follows; a long run with a dip far in.
    raw.extend(vec![5.0; 10]);
    assert_eq!(history_of(&raw).target_reached_at(), Some(151));
    let mut long = losses(300_000);
    for l in &mut long[250_000..250_060] {
        *l = 0.05;
    }
    let reached = first_below_target(&long);
    assert!(reached.is_some_and(|s| s > 250_000));
    assert_eq!(history_of(&long).target_reached_at(), reached);
}

/// Trains `steps` single steps and returns the reports' mini-batch losses and what the last
/// report says of the target; every report agrees with the rule on the losses so far.
fn per_step_losses(json: &str, steps: usize) -> (Vec<f32>, Option<u64>) {
    let mut r = run(json);
    let mut raw = Vec::new();
    let mut reached = None;
    for _ in 0..steps {
        let report = r.step(1).unwrap();
        raw.push(report.loss.expect("a step was taken"));
        reached = report.target_reached_at;
        assert_eq!(reached, first_below_target(&raw), "at step {}", raw.len());
    }
    (raw, reached)
}

#[test]
fn the_target_step_agrees_with_the_rule_over_a_real_runs_losses() {
    let he = r#"{"dataset": "circle", "hidden": [8, 8], "init": "he_normal"}"#;
    let (raw, reached) = per_step_losses(he, 600);
    let at = reached.expect("He + ReLU on circle gets below the target within 600 steps");
    assert!(at > TARGET_WINDOW as u64 && raw[..at as usize - 1].iter().any(|&l| l >= 0.1));
    // Stepping in one call gives the same step.
    let mut whole = run(he);
    assert_eq!(whole.step(600).unwrap().target_reached_at, Some(at));

    let stuck =
        r#"{"dataset": "circle", "hidden": [8, 8], "init": "zeros", "activation": "sigmoid"}"#;
    let (raw, reached) = per_step_losses(stuck, 600);
    assert_eq!(reached, None);
    assert!(
        raw.iter().all(|&l| l > 0.5),
        "zeros + sigmoid stays near ln 2"
    );
}

#[test]
fn a_new_history_is_empty_until_its_first_step() {
    let mut h = LossHistory::default();
    assert!(h.is_empty());
    assert_eq!((h.len(), h.steps(), h.stride(), h.last()), (0, 0, 1, None));
    h.push(0.75);
    assert!(!h.is_empty());
    assert_eq!((h.len(), h.steps(), h.last()), (1, 1, Some(0.75)));
}
