//! What a run reports about itself agrees with what it computes.

mod common;
use common::{run, train};
use initlab::experiment::Run;
use initlab::jacobian::hidden_spectrum;

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
    let mut r = run(
        r#"{"dataset": "circle", "hidden": [8, 8], "activation": "tanh", "samples": 40, "batchSize": 8, "seed": 3}"#,
    );
    let n = r.data().train_len();
    let inputs = r.data().inputs;
    let (x, _) = r.inputs();
    let x = x.to_vec();
    let mut spectra = Vec::new();
    for sample in [0, 1, n - 1] {
        let spectrum = r.jacobian_spectrum(sample as f64).unwrap();
        // The Jacobian at that sample's own (standardized) input: one value per hidden unit.
        let at = &x[sample * inputs..(sample + 1) * inputs];
        assert_eq!(
            spectrum,
            hidden_spectrum(&mut r.mlp().clone(), at),
            "sample {sample}"
        );
        assert_eq!(spectrum.len(), 8);
        spectra.push(spectrum);
    }
    // tanh's slope differs from input to input, and so does the Jacobian.
    assert!(spectra[0] != spectra[1] && spectra[1] != spectra[2]);
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

/// The class probabilities kept per point of `run`'s decision boundary at `resolution`, each
/// point through the network alone: the boundary's definition, without its chunks.
fn boundary_point_by_point(run: &Run, resolution: usize) -> Vec<f32> {
    let mut mlp = run.mlp().clone();
    let (loss, classes) = (run.config().loss, run.data().classes);
    let grid = run.scaler().apply(&initlab::data::grid(resolution));
    let mut out = Vec::new();
    for point in grid.chunks_exact(2) {
        let logits = mlp.forward(point, 1).to_vec();
        let mut probs = vec![0.0; logits.len()];
        loss.probabilities(&logits, &mut probs);
        out.extend_from_slice(if classes == 2 {
            &probs[probs.len() - 1..]
        } else {
            &probs[..classes]
        });
    }
    out
}

#[test]
fn test_predictions_and_the_boundary_go_point_by_point_across_chunks() {
    // 300 test samples and 40 x 40 grid points: both read in chunks of 256 (the largest batch),
    // or of 301 with an odd batch size.
    for json in [
        r#"{"dataset": "spiral3", "hidden": [16], "samples": 1000, "seed": 5}"#,
        r#"{"dataset": "moons", "hidden": [16], "samples": 1000, "batchSize": 301, "seed": 6}"#,
    ] {
        let mut r = run(json);
        r.step(30).unwrap();
        let data = r.data().clone();
        assert!(data.test_y.len() > 256, "{json}");
        let predictions = r.test_predictions();
        let mut mlp = r.mlp().clone();
        let (_, x) = r.inputs();
        let one_by_one: Vec<u8> = x
            .chunks_exact(data.inputs)
            .map(|sample| r.config().loss.predict(mlp.forward(sample, 1)) as u8)
            .collect();
        assert_eq!(predictions, one_by_one, "{json}");
        let boundary = r.decision_boundary(40).unwrap();
        let per_point = if data.classes == 2 { 1 } else { data.classes };
        assert_eq!(boundary.len(), 40 * 40 * per_point, "{json}");
        let expected = boundary_point_by_point(&r, 40);
        for (i, (a, b)) in boundary.iter().zip(&expected).enumerate() {
            assert!((a - b).abs() <= 1e-6, "{json}: value {i}: {a} vs {b}");
        }
    }
}
