//! Backpropagation checked against central finite differences, for every activation and loss.

use initlab::activation::Activation;
use initlab::init::Init;
use initlab::loss::Loss;
use initlab::mlp::Mlp;
use initlab::rng::{self, Stream};

const BATCH: usize = 5;
const INPUTS: usize = 3;

/// A small network with random weights and biases, and a batch of inputs and targets.
fn setup(act: Activation, loss: Loss) -> (Mlp, Vec<f32>, Vec<f32>, usize) {
    let outputs = if loss == Loss::BinaryCrossEntropy {
        1
    } else {
        3
    };
    let mut mlp = Mlp::new(&[INPUTS, 4, 3, outputs], act, BATCH);
    let weights = Init::from_json("glorot_normal", None, "init").unwrap();
    let biases = Init::from_json(
        "random_normal",
        Some(&serde_json::json!({"stddev": 0.3})),
        "biasInit",
    )
    .unwrap();
    let mut r = rng::seeded(11, Stream::Init);
    mlp.initialize(&weights, &biases, &mut r);
    let x: Vec<f32> = (0..BATCH * INPUTS)
        .map(|_| rng::standard_normal(&mut r) as f32)
        .collect();
    let mut t = vec![0.0; BATCH * outputs];
    for (b, row) in t.chunks_exact_mut(outputs).enumerate() {
        match loss {
            Loss::MeanSquaredError => row
                .iter_mut()
                .for_each(|v| *v = rng::standard_normal(&mut r) as f32),
            _ => loss.encode_target(b % outputs.max(2), outputs.max(2), row),
        }
    }
    (mlp, x, t, outputs)
}

fn loss_at(mlp: &mut Mlp, loss: Loss, x: &[f32], t: &[f32], outputs: usize) -> f64 {
    let logits = mlp.forward(x, BATCH).to_vec();
    loss.value(&logits, t, outputs) as f64
}

#[test]
fn backprop_matches_finite_differences_for_every_activation_and_loss() {
    for act in Activation::ALL {
        for loss in Loss::ALL {
            let (mut mlp, x, t, outputs) = setup(act, loss);
            let logits = mlp.forward(&x, BATCH).to_vec();
            let mut grad = vec![0.0; logits.len()];
            loss.forward_backward(&logits, &t, outputs, &mut grad);
            mlp.backward(&x, &grad);
            let analytic = mlp.grads().to_vec();
            let h = 1e-3f32;
            let base = loss_at(&mut mlp, loss, &x, &t, outputs);
            let mut kinks = 0;
            for (p, &a) in analytic.iter().enumerate() {
                let orig = mlp.params()[p];
                mlp.params_mut()[p] = orig + h;
                let up = loss_at(&mut mlp, loss, &x, &t, outputs);
                mlp.params_mut()[p] = orig - h;
                let down = loss_at(&mut mlp, loss, &x, &t, outputs);
                mlp.params_mut()[p] = orig;
                // A step that crosses a ReLU-style kink makes the two one-sided slopes disagree;
                // finite differences say nothing there, so skip (and count) such parameters.
                let (right, left) = ((up - base) / h as f64, (base - down) / h as f64);
                if (right - left).abs() > 0.1 * right.abs().max(left.abs()) + 1e-3 {
                    kinks += 1;
                    continue;
                }
                let numeric = (up - down) / (2.0 * h as f64);
                let a = a as f64;
                let tol = 2e-3 + 2e-2 * a.abs().max(numeric.abs());
                assert!(
                    (a - numeric).abs() <= tol,
                    "{} + {}: param {p}: backprop {a:e}, finite difference {numeric:e}",
                    act.id(),
                    loss.id()
                );
            }
            assert!(
                kinks * 10 <= analytic.len(),
                "{} + {}: {kinks} kinks",
                act.id(),
                loss.id()
            );
        }
    }
}
