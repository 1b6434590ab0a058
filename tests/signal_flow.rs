//! Vanishing and exploding signals: too-small init starves the first layers of gradient,
//! too-large init blows activations up layer by layer, and the variance-scaling schemes keep
//! every layer at the same scale.

mod common;
use common::{hidden, median, run};

fn deep(width: usize, depth: usize, act: &str, init: &str, seed: u64) -> String {
    let hidden = vec![width.to_string(); depth].join(", ");
    format!(r#"{{"hidden": [{hidden}], "activation": "{act}", {init}, "seed": {seed}}}"#)
}

const SMALL: &str = r#""init": "random_normal", "initOptions": {"stddev": 0.01}"#;
const LARGE: &str = r#""init": "random_normal", "initOptions": {"stddev": 1.0}"#;

#[test]
fn small_init_sigmoid_first_layer_gets_a_millionth_of_the_last_gradient() {
    let stats = run(&deep(64, 10, "sigmoid", SMALL, 1)).layer_stats();
    let h = hidden(&stats);
    let (first, last) = (h[0].gradient_norm as f64, h[9].gradient_norm as f64);
    assert!(
        first > 0.0 && first * 1e6 <= last,
        "first {first:e}, last {last:e}"
    );
}

#[test]
fn small_init_tanh_every_gradient_is_a_millionth_of_glorots() {
    let small = run(&deep(64, 10, "tanh", SMALL, 1)).layer_stats();
    let glorot = run(&deep(64, 10, "tanh", r#""init": "glorot_normal""#, 1)).layer_stats();
    for (s, g) in small.iter().zip(&glorot) {
        let (s, g) = (s.gradient_norm as f64, g.gradient_norm as f64);
        assert!(s * 1e6 <= g, "layer: small {s:e} vs glorot {g:e}");
    }
}

#[test]
fn large_init_relu_explodes_and_training_stops_cleanly() {
    let mut r = run(&deep(64, 10, "relu", LARGE, 1));
    let stats = r.layer_stats();
    let h = hidden(&stats);
    let growth = h[9].activation_std as f64 / h[0].activation_std as f64;
    assert!(growth > 1e5, "activation std grew only {growth:e}x");
    let report = r.step(200).unwrap();
    let max_grad = r
        .layer_stats()
        .iter()
        .map(|s| s.gradient_norm as f64)
        .fold(0.0, f64::max);
    assert!(
        report.diverged || max_grad >= 1e6,
        "no blow-up: {report:?}, grad {max_grad:e}"
    );
    if let Some(at) = report.diverged_at {
        assert_eq!(r.steps(), at, "a diverged run takes no more steps");
        let history = r.loss_history();
        assert_eq!(history.steps(), at);
        assert!(!history.means()[history.len() - 1].is_finite());
        let after = r.report();
        assert!(
            after.train_loss.is_finite() != after.accuracy.is_nan(),
            "{after:?}"
        );
    }
}

/// Ratio of the last hidden layer's activation variance to the first's, median of 5 seeds.
fn variance_ratio(act: &str, init: &str) -> f64 {
    median(
        (1..=5)
            .map(|seed| {
                let stats = run(&deep(256, 20, act, init, seed)).layer_stats();
                let h = hidden(&stats);
                (h[19].activation_std as f64 / h[0].activation_std as f64).powi(2)
            })
            .collect(),
    )
}

#[test]
fn he_relu_and_lecun_selu_preserve_variance_through_twenty_layers() {
    for (act, init) in [
        ("relu", r#""init": "he_normal""#),
        ("selu", r#""init": "lecun_normal""#),
    ] {
        let ratio = variance_ratio(act, init);
        assert!((0.5..=2.0).contains(&ratio), "{act}: ratio {ratio}");
    }
    let small = variance_ratio("relu", SMALL);
    let large = variance_ratio("relu", LARGE);
    assert!(small < 1e-3, "small: {small:e}");
    assert!(large > 1e3, "large: {large:e}");
}
