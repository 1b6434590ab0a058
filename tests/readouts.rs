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

#[test]
fn the_whole_set_loss_and_accuracy_are_means_over_every_sample_across_chunks() {
    // 700 training samples: the evaluation runs in chunks of 256 (its largest batch).
    let mut r = run(r#"{"dataset": "spiral3", "hidden": [16], "samples": 1000, "seed": 5}"#);
    r.step(40).unwrap();
    let e = r.evaluate();
    let data = r.data().clone();
    assert!(
        data.train_y.len() > 2 * 256,
        "{} samples",
        data.train_y.len()
    );
    let (loss, outputs) = (r.config().loss, data.classes);
    let (x, _) = r.inputs();
    let x = x.to_vec();
    let mut mlp = r.mlp().clone();
    let (mut sum, mut correct) = (0.0f64, 0usize);
    let mut target = vec![0.0; outputs];
    for (i, &y) in data.train_y.iter().enumerate() {
        let logits = mlp.forward(&x[i * data.inputs..(i + 1) * data.inputs], 1);
        loss.encode_target(y as usize, data.classes, &mut target);
        sum += f64::from(loss.value(logits, &target, outputs));
        correct += usize::from(loss.predict(logits) == y as usize);
    }
    let n = data.train_y.len() as f64;
    assert!(
        (f64::from(e.train_loss) / (sum / n) - 1.0).abs() < 1e-5,
        "{} vs {}",
        e.train_loss,
        sum / n
    );
    assert_eq!(f64::from(e.accuracy), (correct as f64 / n) as f32 as f64);
}
