//! Card 3, Saxe, McClelland & Ganguli (2014): deep linear networks learning a linear teacher
//! with the learning rate scaled by depth take about as many steps at any depth from
//! orthogonal weights, and many more with depth from scaled Gaussian weights. The badge's
//! checks on two seeds, and the regression data and error against their definitions.

mod common;
use common::assert_checks_hold;
use initlab::papers::saxe::{card_checks, depth_sweep, experiment, DEPTHS, MAX_STEPS, TARGET};
use initlab::spectrum::singular_values;
use initlab::teacher::{Regression, RegressionConfig, Teacher, SINGULAR_VALUES};
use serde_json::json;

#[test]
fn orthogonal_steps_stay_flat_and_gaussian_steps_grow_with_depth() {
    for seed in [1, 2] {
        let card = experiment(seed).unwrap();
        for c in &card.cells {
            eprintln!(
                "seed {seed}: {} depth {}: {:?}",
                c.init, c.depth, c.steps_to_target
            );
        }
        assert_eq!(card.cells.len(), 2 * DEPTHS.len());
        assert_checks_hold(seed, &card.checks);
        // Every orthogonal network reaches the target.
        assert!(card
            .cells
            .iter()
            .filter(|c| c.init == "orthogonal")
            .all(|c| c.steps_to_target.is_some()));
    }
}

#[test]
fn the_teacher_has_its_singular_values_and_whitened_inputs() {
    let t = Teacher::new(32, 16, 64, 5);
    let a: Vec<f32> = t.matrix.iter().map(|&v| v as f32).collect();
    let s = singular_values(&a, 16, 32);
    assert!(
        (s[0] - SINGULAR_VALUES.0).abs() < 1e-5 && (s[15] - SINGULAR_VALUES.1).abs() < 1e-5,
        "{s:?}"
    );
    for (got, want) in s.iter().zip(&t.singular_values) {
        assert!((got - want).abs() < 1e-5);
    }
    // XᵀX / P = I.
    for i in 0..32 {
        for j in 0..32 {
            let dot: f64 = (0..64)
                .map(|p| f64::from(t.x[p * 32 + i]) * f64::from(t.x[p * 32 + j]))
                .sum::<f64>()
                / 64.0;
            assert!(
                (dot - f64::from(u8::from(i == j))).abs() < 1e-5,
                "({i}, {j}): {dot}"
            );
        }
    }
}

#[test]
fn relative_error_is_the_distance_of_the_end_to_end_map_from_the_teacher() {
    let config =
        RegressionConfig::from_value(&json!({"depth": 1, "init": "glorot_normal", "seed": 4}))
            .unwrap();
    let mut run = Regression::new(config);
    run.step(3.0).unwrap();
    let w = run.mlp().weights(0);
    let t = run.teacher();
    let (num, den) = t.matrix.iter().zip(w).fold((0.0, 0.0), |(n, d), (a, w)| {
        (n + (f64::from(*w) - a).powi(2), d + a * a)
    });
    let want = (num / den).sqrt();
    assert!(
        (run.relative_error() - want).abs() < 1e-5,
        "{} vs {want}",
        run.relative_error()
    );
    assert_eq!(run.steps(), 3);
}

#[test]
fn bad_regression_settings_name_their_key() {
    for (bad, field) in [
        (json!({"depth": 0}), "depth"),
        (json!({"depth": 34}), "depth"),
        (json!({"width": 65}), "width"),
        (json!({"outputs": 33}), "outputs"),
        (json!({"samples": 8}), "samples"),
        (json!({"learningRate": 0}), "learningRate"),
        (json!({"init": "xavier"}), "init"),
        (json!({"init": 3}), "init"),
        (json!({"initOptions": {"gain": -1}}), "initOptions.gain"),
        (json!({"depht": 2}), "depht"),
        (json!([1]), "config"),
    ] {
        let e = RegressionConfig::from_value(&bad).unwrap_err();
        assert_eq!(e.field, field, "{bad}: {}", e.message);
    }
    let mut run = Regression::new(RegressionConfig::from_value(&json!({})).unwrap());
    assert_eq!(run.step(0.0).unwrap_err().field, "steps");
    assert_eq!(run.step(f64::NAN).unwrap_err().field, "steps");
}

#[test]
fn a_large_regression_takes_fewer_steps_per_call() {
    let mut big = Regression::new(
        RegressionConfig::from_value(&json!({"width": 64, "depth": 33, "samples": 512})).unwrap(),
    );
    let arg = big.steps_arg();
    // 32 layers of 64 x 64 weights and one of 64 x 32, with biases: 135,200 parameters x 512
    // samples, 57 steps a call.
    assert_eq!(arg.hi, 57);
    let e = big.step((arg.hi + 1) as f64).unwrap_err();
    assert!(e.message.contains("parameter x sample"), "{}", e.message);
}

/// Trains the network of `config` (a cell of the page's sweep) as the page's workers do: calls
/// of at most `chunk` steps toward the target, until it is reached or the sweep's steps are
/// used up; the reading the page sends back.
fn train_as_the_page_does(config: &serde_json::Value, chunk: f64) -> serde_json::Value {
    let mut run = Regression::new(RegressionConfig::from_value(config).unwrap());
    loop {
        let left = (initlab::papers::saxe::MAX_STEPS - run.steps()) as f64;
        let p = run.advance_to(TARGET, left.min(chunk)).unwrap();
        if p.reached_at.is_some() || p.step >= MAX_STEPS || !p.relative_error.is_finite() {
            return json!({"stepsToTarget": p.reached_at});
        }
    }
}

#[test]
fn the_card_checks_the_sweep_the_page_trains_cell_by_cell() {
    let sweep = depth_sweep(1);
    assert_eq!(sweep.cells.len(), 2 * DEPTHS.len());
    assert_eq!(sweep.steps, MAX_STEPS);
    // Deepest first: the longest cells start first.
    assert_eq!(DEPTHS[sweep.cells[0].x], *DEPTHS.last().unwrap());
    let readings: Vec<_> = sweep
        .cells
        .iter()
        .map(|c| train_as_the_page_does(&c.config, 97.0))
        .collect();
    let verdict = card_checks(&json!(readings)).unwrap();
    let native = experiment(1).unwrap();
    // The same numbers as the card trained in one go: chunks change nothing.
    for (page, core) in verdict.checks.iter().zip(&native.checks) {
        assert_eq!(page.measured, core.measured, "{}", page.claim);
    }
    assert!(verdict.reproduced, "{verdict:?}");
    let json = initlab::papers::saxe::CARD.experiment_json();
    assert_eq!(json["kind"], "depths");
    assert_eq!(json["cells"].as_array().unwrap().len(), sweep.cells.len());
    assert_eq!(json["target"], TARGET);
}

#[test]
fn the_card_refuses_readings_of_another_shape_and_fails_swapped_series() {
    let sweep = depth_sweep(1);
    let e = card_checks(&json!([{"stepsToTarget": 3}])).unwrap_err();
    assert_eq!(e.field, "readings");
    let e = card_checks(&json!(vec![json!({"steps": 3}); sweep.cells.len()])).unwrap_err();
    assert_eq!(e.field, "readings[0]");
    // Gaussian flat, orthogonal steep: the paper's claim reversed.
    let readings: Vec<_> = sweep
        .cells
        .iter()
        .map(|c| {
            let depth = DEPTHS[c.x] as u64;
            let steps = if c.series == 0 { 50 * depth } else { 50 };
            json!({ "stepsToTarget": steps })
        })
        .collect();
    let verdict = card_checks(&json!(readings)).unwrap();
    assert!(verdict.checks.iter().all(|c| !c.passed), "{verdict:?}");
}

#[test]
fn advancing_in_calls_refuses_a_bad_target_and_count_by_name() {
    let mut run = Regression::new(RegressionConfig::from_value(&json!({"depth": 2})).unwrap());
    assert_eq!(run.advance_to(f64::NAN, 1.0).unwrap_err().field, "target");
    assert_eq!(run.advance_to(-0.1, 1.0).unwrap_err().field, "target");
    assert_eq!(run.advance_to(0.05, 0.0).unwrap_err().field, "steps");
    assert_eq!(run.steps(), 0);
    // A target already met stops at once.
    let p = run.advance_to(10.0, 5.0).unwrap();
    assert_eq!((p.step, p.reached_at), (0, Some(0)));
    let p = run.advance_to(0.0, 5.0).unwrap();
    assert_eq!((p.step, p.reached_at), (5, None));
}
