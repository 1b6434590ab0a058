//! What a run reports about itself agrees with what it computes.

mod common;
use common::{run, train};

#[test]
fn test_predictions_agree_with_test_accuracy() {
    let mut r = run(
        r#"{"dataset": "digits", "samples": 600, "hidden": [32], "activation": "relu", "init": "he_normal", "optimizer": "adam"}"#,
    );
    train(&mut r, 300);
    let predictions = r.test_predictions();
    let labels = r.data().test_y.clone();
    assert_eq!(predictions.len(), labels.len());
    let correct = predictions
        .iter()
        .zip(&labels)
        .filter(|(p, y)| p == y)
        .count();
    let accuracy = r.report().test_accuracy;
    assert_eq!(correct as f32 / labels.len() as f32, accuracy);
    assert!(accuracy > 0.8, "digits test accuracy {accuracy}");
}

#[test]
fn similarity_is_all_ones_for_a_symmetric_layer_only() {
    let mut sym = run(r#"{"hidden": [6, 5], "activation": "tanh", "init": "constant"}"#);
    train(&mut sym, 50);
    let m = sym.similarity(1).unwrap();
    assert_eq!(m.len(), 25);
    assert!(m.iter().all(|&c| (c - 1.0).abs() < 1e-6));

    let he = run(r#"{"hidden": [6, 5], "init": "he_normal"}"#);
    let m = he.similarity(1).unwrap();
    assert!((0..5).all(|i| m[i * 5 + i] == 1.0));
    assert!((0..5).all(|i| (0..5).all(|j| m[i * 5 + j] == m[j * 5 + i])));
    assert!(m.iter().any(|&c| c < 0.9));
    assert_eq!(he.similarity(3).unwrap_err().field, "layer");
}

#[test]
fn histories_and_grids_have_their_documented_sizes() {
    let mut r = run(r#"{"dataset": "spiral3", "hidden": [8]}"#);
    r.step(7).unwrap();
    let h = r.loss_history();
    assert_eq!(
        (h.len(), h.means().len(), h.mins().len(), h.maxes().len()),
        (7, 7, 7, 7)
    );
    assert_eq!(r.decision_boundary(10).unwrap().len(), 10 * 10 * 3);
    let mut b = run(r#"{"dataset": "moons", "hidden": [8]}"#);
    let p = b.decision_boundary(12).unwrap();
    assert_eq!(p.len(), 144);
    assert!(p.iter().all(|v| (0.0..=1.0).contains(v)));
}

#[test]
fn the_jacobian_takes_every_training_sample_and_refuses_any_other() {
    let mut r =
        run(r#"{"dataset": "circle", "hidden": [8, 8], "samples": 40, "batchSize": 8, "seed": 3}"#);
    let n = r.data().train_len();
    for sample in [0, n - 1] {
        let spectrum = r.jacobian_spectrum(sample as f64).unwrap();
        assert!(!spectrum.is_empty() && spectrum.iter().all(|s| s.is_finite() && *s >= 0.0));
    }
    for bad in [n as f64, n as f64 + 1.0, -1.0, 0.5] {
        assert_eq!(
            r.jacobian_spectrum(bad).unwrap_err().field,
            "sample",
            "{bad}"
        );
    }
}
