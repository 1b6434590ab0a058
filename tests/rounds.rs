//! One round trains and reads in a single call: its readings equal the separate calls', its
//! cursors hand over exactly the points a caller lacks, a bad request changes nothing, and the
//! trace it carries is bounded and evenly spaced however long the run.

use initlab::diagnostics::LayerSignal;
use initlab::experiment::{Request, Round, Run};
use initlab::history::MAX_POINTS as HISTORY_POINTS;
use initlab::trace::{FIRST_STRIDE, MAX_POINTS};
use serde_json::{json, Value};

fn run(json: &str) -> Run {
    Run::from_json(json).unwrap()
}

const CIRCLE: &str = r#"{"dataset": "circle", "hidden": [8, 8], "init": "he_normal"}"#;

fn round(run: &mut Run, request: Value) -> Round {
    let request = Request::from_value(&request, run).unwrap();
    run.round(&request, &|| 0.0)
}

#[test]
fn a_rounds_readings_equal_the_separate_calls() {
    let mut a = run(CIRCLE);
    let mut b = run(CIRCLE);
    let r = round(
        &mut a,
        json!({"steps": 40, "evaluate": true, "stats": true, "boundary": 10, "predictions": true,
               "weights": {"rows": 3, "columns": 2}, "similarity": 5}),
    );
    let progress = b.step(40).unwrap();
    assert_eq!(r.progress, progress);
    let report = b.report();
    let e = r.evaluation.unwrap();
    assert_eq!(
        (e.step, e.train_loss, e.test_accuracy),
        (40, report.train_loss, report.test_accuracy)
    );
    assert_eq!(r.stats.unwrap(), (40, b.layer_stats()));
    assert_eq!(r.boundary.unwrap(), b.decision_boundary(10).unwrap());
    assert_eq!(r.predictions.unwrap(), b.test_predictions());
    let weights = r.weights.unwrap();
    assert_eq!(weights.len(), 3);
    let w0 = b.weights(0).unwrap(); // 8 neurons x 2 inputs
    assert_eq!((weights[0].rows, weights[0].columns), (3, 2));
    assert_eq!(weights[0].values, w0[..6]);
    assert_eq!(
        (weights[2].rows, weights[2].columns),
        (1, 2),
        "the output layer has 1 neuron"
    );
    let similarity = r.similarity.unwrap();
    let full = b.similarity(1).unwrap(); // 8 x 8
    assert_eq!((similarity[1].rows, similarity[1].columns), (5, 5));
    assert_eq!(similarity[1].values[..5], full[..5]);
    assert_eq!(similarity[1].values[5..10], full[8..13]);
}

#[test]
fn step_and_reads_leave_the_evaluation_to_be_asked() {
    let mut r = run(CIRCLE);
    let p = r.step(1).unwrap();
    assert!(p.loss.is_some_and(f32::is_finite));
    let at_0 = run(CIRCLE).report();
    assert_eq!(
        at_0.loss, at_0.train_loss,
        "at step 0 the loss is the whole set's"
    );
    let light = round(&mut r, json!({"steps": 3}));
    assert!(light.evaluation.is_none() && light.stats.is_none() && light.history.is_none());
    assert_eq!(light.progress.step, 4);
    // Asking twice gives the same evaluation, and changes nothing: a fresh run stepped without
    // it is the same run.
    let (e1, e2) = (r.evaluate(), r.evaluate());
    assert_eq!(e1, e2);
    let mut fresh = run(CIRCLE);
    fresh.step(4).unwrap();
    assert_eq!(fresh.evaluate(), e1);
}

#[test]
fn a_bad_request_names_its_field_and_changes_nothing() {
    let mut r = run(CIRCLE);
    r.step(5).unwrap();
    let digits = run(r#"{"dataset": "digits", "hidden": [4]}"#);
    for (request, field, words) in [
        (json!({"steps": 20000}), "steps", "[0, 10000]"),
        (json!({"steps": 1.5}), "steps", "got 1.5"),
        (json!({"steps": "5"}), "steps", "got \"5\""),
        (json!({"boundary": 1}), "boundary", "[2, 200]"),
        (json!({"evaluate": 1}), "evaluate", "true or false"),
        (
            json!({"weights": {"rows": 0, "columns": 4}}),
            "weights.rows",
            "[1, 512]",
        ),
        (
            json!({"weights": {"rows": 4}}),
            "weights.columns",
            "got nothing",
        ),
        (json!({"weights": 3}), "weights", "an object"),
        (json!({"similarity": 1000}), "similarity", "[1, 128]"),
        (
            json!({"history": {"points": -1}}),
            "history.points",
            "got -1",
        ),
        (json!({"trace": [1]}), "trace", "an object"),
        (json!({"bogus": true}), "bogus", "allowed: steps, evaluate"),
        (json!([1]), "request", "an object"),
    ] {
        let e = Request::from_value(&request, &r).unwrap_err();
        assert_eq!(e.field, field, "{request}: {e}");
        assert!(e.message.contains(words), "{request}: {e}");
    }
    let e = Request::from_value(&json!({"steps": 3, "boundary": 8}), &digits).unwrap_err();
    assert_eq!(e.field, "boundary", "{e}");
    assert!(e.message.contains("not 2-D"), "{e}");
    assert_eq!(r.steps(), 5);
}

#[test]
fn history_cursors_hand_over_exactly_what_the_caller_lacks() {
    let mut r = run(CIRCLE);
    let mut held: Vec<f32> = Vec::new();
    let mut cursor = json!({"stride": 1, "points": 0});
    let mut steps = 0;
    for chunk in [1, 7, 300, 1000, 1000, 2000, 4000, 9] {
        let got = round(&mut r, json!({"steps": chunk, "history": cursor}))
            .history
            .unwrap();
        steps += chunk;
        held.truncate(got.from);
        held.extend(&got.mean);
        cursor = json!({"stride": got.stride, "points": held.len()});
        let h = r.loss_history();
        assert_eq!(held, h.means(), "after {steps} steps");
    }
    assert!(r.loss_history().stride() > 1 && held.len() <= HISTORY_POINTS);
}

#[test]
fn the_trace_is_evenly_spaced_bounded_and_handed_over_by_cursor() {
    let mut r = run(CIRCLE);
    let layers = 3;
    let width = layers * LayerSignal::FIELDS.len();
    let t0 = r.trace().since(FIRST_STRIDE, 0);
    assert_eq!(
        (t0.values.len(), t0.last_finite),
        (width, Some(0)),
        "step 0 at creation"
    );
    // The step-0 point is the network as drawn, read on the first TRACE_SAMPLES samples: close
    // to a full reading on 256 samples where the numbers do not depend on the batch.
    let stats = r.layer_stats();
    assert!((t0.values[0] / stats[0].activation_std - 1.0).abs() < 0.5);

    let mut held: Vec<f32> = t0.values.clone();
    let mut cursor = json!({"stride": t0.stride, "points": 1});
    for chunk in [9, 1, 5, 10000, 10000, 10000, 3] {
        let t = round(&mut r, json!({"steps": chunk, "trace": cursor}))
            .trace
            .unwrap();
        held.truncate(t.from * width);
        held.extend(&t.values);
        let points = held.len() / width;
        cursor = json!({"stride": t.stride, "points": points});
        assert!(points <= MAX_POINTS);
        // Points at 0, stride, 2 * stride...: the last one at or before the current step.
        assert_eq!(
            points as u64,
            r.steps() / t.stride + 1,
            "step {}",
            r.steps()
        );
        assert_eq!(held, r.trace().since(0, 0).values);
    }
    // 30,018 steps in at most 512 points: a stride of 10 x 2^k at least 30,018 / 511.
    assert_eq!(r.trace().stride(), FIRST_STRIDE * 4);
}

#[test]
fn a_diverged_run_shows_its_last_finite_readings() {
    let large = r#"{"dataset": "spiral", "hidden": [32, 32, 32, 32, 32, 32, 32, 32],
                    "init": "random_normal", "initOptions": {"stddev": 1}, "seed": 1}"#;
    let mut r = run(large);
    let healthy = round(&mut r, json!({"stats": true})).stats.unwrap();
    assert_eq!(healthy.0, 0);
    let after = round(&mut r, json!({"steps": 100, "stats": true, "trace": {}}));
    let at = after
        .progress
        .diverged_at
        .expect("stddev 1 on 8 ReLU layers diverges");
    assert!(
        r.layer_stats().iter().any(|s| !s.is_finite()),
        "its numbers now are not finite"
    );
    let (step, stats) = after.stats.unwrap();
    assert!(step < at && stats.iter().all(|s| s.is_finite()));
    assert_eq!(
        (step, stats),
        healthy,
        "the last finite reading was at step 0"
    );
    let trace = after.trace.unwrap();
    let last = trace.last_finite.unwrap();
    let width = trace.layers * LayerSignal::FIELDS.len();
    assert!(trace.values[last * width..(last + 1) * width]
        .iter()
        .all(|x| x.is_finite()));
}

#[test]
fn a_rounds_timing_is_read_from_the_callers_clock() {
    // The clock reads 10 ms before training, 17 after it and 20 after the readings.
    let readings = std::cell::Cell::new(0);
    let clock = || {
        readings.set(readings.get() + 1);
        [10.0, 17.0, 20.0][readings.get() - 1]
    };
    let mut r = run(CIRCLE);
    let request = Request::from_value(&json!({"steps": 5, "stats": true}), &r).unwrap();
    let timing = r.round(&request, &clock).timing;
    assert_eq!((timing.train_ms, timing.read_ms), (7.0, 3.0));
}
