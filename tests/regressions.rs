//! Inputs the fuzzer (`make fuzz`) once crashed on, each replayed exactly as the fuzz target
//! ran it, with the behaviour its fix chose.

mod fuzz_replay;

use initlab::experiment::Run;

/// An empty key gave an error whose `field` was "", which names no control on the page.
#[test]
fn an_empty_key_is_refused_by_the_config() {
    let input = r#"{"dataset": "spiral", "hidden": [94, 48], "activation": "selu", "init": "orthogonal", "": "circle", "hidden": [8, 8], "activation": "relu", "ed": 0}
"#;
    fuzz_replay::exercise(input.as_bytes());
    let e = Run::from_json(input).unwrap_err();
    assert_eq!(e.field, "config", "{e}");
    assert!(e.message.contains("empty key"), "{e}");
}

/// The first step's mini-batch loss (2.6e22) and the updated weights were finite, but the
/// weights overflowed on the whole training set: the report said NaN without `diverged`. It
/// now says why (an accuracy of NaN beside the overflowing loss), and the run diverges where
/// its own steps do, whether or not a report was read in between.
#[test]
fn a_loss_that_overflows_over_a_whole_set_is_reported_and_the_run_diverges_on_its_own_step() {
    let input = r#"{"dataset": "xor", "samples": 115, "hidden": [32, 32, 32, 32, 32, 32, 32, 32], "init": "random_normal", "initOptions": {"stddev": 100}, "learningRate": 10}
"#;
    fuzz_replay::exercise(input.as_bytes());
    let mut run = Run::from_json(input).unwrap();
    run.step(1).unwrap();
    let report = run.report();
    assert!(
        report.loss.is_finite() && !report.train_loss.is_finite() && report.accuracy.is_nan(),
        "{report:?}"
    );
    assert_eq!(
        report.diverged_at, None,
        "reading the whole set ends nothing"
    );
    let at = run
        .step(5)
        .unwrap()
        .diverged_at
        .expect("it diverges within 6 steps");
    let mut unread = Run::from_json(input).unwrap();
    assert_eq!(unread.step(6).unwrap().diverged_at, Some(at));
    assert_eq!(
        run.step(5).unwrap().step,
        at,
        "a diverged run takes no more steps"
    );
}
