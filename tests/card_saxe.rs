//! Card 3, Saxe, McClelland & Ganguli (2014): deep linear networks learning a linear teacher
//! with the learning rate scaled by depth take about as many steps at any depth from
//! orthogonal weights, and many more with depth from scaled Gaussian weights. The badge's
//! checks on two seeds, and the regression data and error against their definitions.

use initlab::papers::saxe::{experiment, DEPTHS};
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
        for check in &card.checks {
            eprintln!(
                "seed {seed}: {} | {} vs {}",
                check.claim, check.measured, check.expected
            );
        }
        assert_eq!(card.cells.len(), 2 * DEPTHS.len());
        assert!(card.checks.iter().all(|c| c.passed), "seed {seed}");
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
