//! Slow convergence: with plain SGD, too-small and U[0, 1) init take far longer than He to
//! reach the same loss, if they reach it at all.

mod common;
use common::run;

const TARGET: f32 = 0.1;
const BUDGET: u64 = 6000;

/// The first step (checked every 25) at which the training loss is at most `TARGET`, or None
/// if the run never gets there within `BUDGET` steps or diverges.
fn steps_to_target(init: &str, seed: u64) -> Option<u64> {
    let json = format!(
        r#"{{"dataset": "circle", "hidden": [16, 16, 16, 16], "activation": "relu", "optimizer": "sgd", "learningRate": 0.1, {init}, "seed": {seed}}}"#
    );
    let mut r = run(&json);
    while r.steps() < BUDGET {
        r.step(25).unwrap();
        let report = r.report();
        if report.diverged {
            return None;
        }
        if report.train_loss <= TARGET {
            return Some(report.step);
        }
    }
    None
}

#[test]
fn small_and_uniform01_init_need_three_times_the_steps_of_he() {
    for seed in 1..=3 {
        let he = steps_to_target(r#""init": "he_normal""#, seed).expect("He reaches the target");
        for init in [
            r#""init": "random_normal", "initOptions": {"stddev": 0.01}"#,
            r#""init": "random_uniform""#,
        ] {
            if let Some(steps) = steps_to_target(init, seed) {
                assert!(
                    steps >= 3 * he,
                    "seed {seed} {init}: {steps} steps vs He {he}"
                );
            }
        }
    }
}
