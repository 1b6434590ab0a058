//! "With zero weights the net acts as a linear model": on data no line separates, a zero-init
//! network does no better than logistic regression, while Glorot and He learn the shape.

mod common;
use common::{run, train};
use initlab::experiment::Run;

const STEPS: u32 = 3000;

fn test_accuracy(json: &str) -> (f32, Run) {
    let mut r = run(json);
    train(&mut r, STEPS);
    (r.report().test_accuracy, r)
}

/// Share of the test set in its most common class: the accuracy of the best constant
/// prediction, itself a linear model (all weights zero).
fn majority(r: &Run) -> f32 {
    let y = &r.data().test_y;
    let ones = y.iter().filter(|&&c| c == 1).count();
    ones.max(y.len() - ones) as f32 / y.len() as f32
}

#[test]
fn zero_init_is_no_better_than_a_linear_model_where_glorot_and_he_learn() {
    for dataset in ["xor", "circle"] {
        let base = format!(r#""dataset": "{dataset}", "samples": 1000"#);
        let (linear, lr_run) = test_accuracy(&format!(r#"{{{base}, "hidden": []}}"#));
        let best_linear = linear.max(majority(&lr_run));
        for act in ["relu", "tanh", "sigmoid"] {
            let json = format!(
                r#"{{{base}, "hidden": [8, 8], "activation": "{act}", "init": "zeros", "learningRate": 1.0}}"#
            );
            let (zero, _) = test_accuracy(&json);
            assert!(
                zero <= best_linear + 0.02,
                "{dataset} {act}: zero init {zero} vs linear {best_linear}"
            );
        }
        for (act, init) in [("relu", "he_normal"), ("tanh", "glorot_normal")] {
            let (acc, _) = test_accuracy(&format!(
                r#"{{{base}, "hidden": [8, 8], "activation": "{act}", "init": "{init}"}}"#
            ));
            assert!(acc >= 0.95, "{dataset} {init}: {acc}");
        }
    }
}

#[test]
fn zero_init_relu_output_is_an_affine_function_of_the_input() {
    let mut r =
        run(r#"{"dataset": "circle", "hidden": [8, 8], "activation": "relu", "init": "zeros"}"#);
    train(&mut r, 500);
    let res = 16;
    let p = r.decision_boundary(res).unwrap();
    // P(class 1) is the sigmoid of the logit; an affine logit has zero second differences.
    let logit = |i: usize| (p[i] / (1.0 - p[i])).ln();
    for row in 0..res {
        for col in 1..res - 1 {
            let i = row * res + col;
            let second = logit(i - 1) - 2.0 * logit(i) + logit(i + 1);
            assert!(second.abs() < 1e-4, "curvature {second} at {row},{col}");
        }
    }
}
