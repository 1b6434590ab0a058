//! Divergence is a property of the run, not of the calls: a config and a seed diverge at the
//! same step however the steps are split and whatever is read in between, and so does every
//! trace point and loss recorded on the way.

use initlab::experiment::{Request, Run};
use initlab::presets::PRESETS;
use initlab::rng::{self, Stream};
use rand::RngExt;
use serde_json::json;

/// Steps every preset run is trained in each chunking: a preset's page run is 1,500 steps.
const STEPS: u64 = 1500;

/// What a run recorded: where it diverged, its loss history and its trace, bit for bit.
fn fingerprint(run: &Run) -> (Option<u64>, u64, Vec<u32>, Vec<u32>) {
    let h = run.loss_history();
    let trace = run.trace().since(0, 0);
    (
        run.diverged_at(),
        run.steps(),
        h.means().iter().map(|x| x.to_bits()).collect(),
        trace.values.iter().map(|x| x.to_bits()).collect(),
    )
}

/// Trains `run` to `STEPS` in calls of `chunk()` steps (capped by what is left), reading the
/// whole run between calls when `read` is set.
fn train(run: &mut Run, mut chunk: impl FnMut() -> u64, read: bool) {
    let everything = json!({"evaluate": true, "stats": true, "predictions": true,
                            "weights": {"rows": 4, "columns": 4}, "similarity": 4,
                            "history": {}, "trace": {}});
    while run.steps() < STEPS && run.diverged_at().is_none() {
        let n = chunk().clamp(1, STEPS - run.steps());
        run.step(n as u32).unwrap();
        if read {
            run.report();
            run.layer_stats();
            let request = Request::from_value(&everything, run).unwrap();
            run.round(&request, &|| 0.0);
        }
    }
}

#[test]
fn every_preset_run_diverges_at_the_same_step_under_any_chunking() {
    let mut diverging = Vec::new();
    for preset in PRESETS {
        for (i, config) in preset.configs().unwrap().into_iter().enumerate() {
            let mut whole = Run::new(config.clone()).unwrap();
            train(&mut whole, || STEPS, false);
            let expected = fingerprint(&whole);
            let mut ones = Run::new(config.clone()).unwrap();
            train(&mut ones, || 1, false);
            assert_eq!(fingerprint(&ones), expected, "{} run {i}: 1 x N", preset.id);
            let mut rng = rng::seeded(7, Stream::Batches);
            let mut random = Run::new(config).unwrap();
            train(&mut random, || rng.random_range(1..=97), true);
            assert_eq!(
                fingerprint(&random),
                expected,
                "{} run {i}: random chunks, read in between",
                preset.id
            );
            if let Some(at) = expected.0 {
                diverging.push(format!("{} run {i} at step {at}", preset.id));
            }
        }
    }
    // The test means something only if some presets do diverge: Large + ReLU and the large
    // run of Compare all.
    assert!(
        diverging.iter().any(|d| d.starts_with("large-relu run 0"))
            && diverging.iter().any(|d| d.starts_with("compare")),
        "{diverging:?}"
    );
}

#[test]
fn a_run_diverges_at_its_first_non_finite_step_and_takes_no_more() {
    let large = PRESETS.iter().find(|p| p.id == "large-relu").unwrap();
    let mut run = Run::new(large.configs().unwrap().remove(0)).unwrap();
    run.step(500).unwrap();
    let at = run
        .diverged_at()
        .expect("Large + ReLU diverges within 500 steps");
    // It stopped at that step: the history holds every step up to it, and more steps add none.
    assert_eq!(run.steps(), at);
    assert_eq!(run.loss_history().steps(), at);
    assert!(at > 1, "diverges after its first steps, at {at}");
    let progress = run.step(10).unwrap();
    assert_eq!((progress.step, progress.diverged_at), (at, Some(at)));
    // The step that diverged left a non-finite loss or a non-finite weight.
    let loss = run.loss_history().last().unwrap();
    let layers = run.mlp().layers().len();
    let weights: Vec<f32> = (0..layers)
        .flat_map(|l| run.weights(l).unwrap().to_vec())
        .collect();
    assert!(!loss.is_finite() || weights.iter().any(|w| !w.is_finite()));
    // A healthy run never diverges.
    let he = PRESETS.iter().find(|p| p.id == "he-relu").unwrap();
    let mut run = Run::new(he.configs().unwrap().remove(0)).unwrap();
    let progress = run.step(300).unwrap();
    assert_eq!((run.diverged_at(), progress.diverged_at), (None, None));
    assert_eq!(run.loss_history().steps(), 300);
}
