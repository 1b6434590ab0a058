//! The largest config the limits allow (32 hidden layers of 512 neurons, batches of 512, Adam,
//! the 64-input digits) builds, trains and reads out, within the memory its buffers predict,
//! and that stays within what a laptop's browser tab can spare.
//!
//! The prediction counts every buffer sized by the network, in f32s: in `Mlp`, the parameters,
//! their gradients and the transposed weights, a pre-activation cache per layer and an
//! activation cache per hidden layer (max_batch x fan_out each), and two backward scratch
//! buffers (max_batch x the widest layer); in Adam's `Optimizer`, the two moments and the last
//! update (one value per parameter each). The data (1797 digits) adds about 1 MB.

mod common;
use common::resident_bytes;
use initlab::config::{MAX_BATCH, MAX_HIDDEN_LAYERS, MAX_WIDTH};
use initlab::experiment::{Run, PROBE_SAMPLES};
use serde_json::json;
use std::time::Instant;

/// What the largest run may hold, so several runs (one per worker) fit beside a browser.
const BUDGET_BYTES: f64 = 300e6;

/// The bytes the buffers of a network of layer widths `sizes` take with caches for `batch`
/// samples and Adam's state (see the top of this file).
fn predicted_bytes(sizes: &[usize], batch: usize) -> f64 {
    let layers: Vec<(usize, usize)> = sizes.windows(2).map(|p| (p[0], p[1])).collect();
    let params: usize = layers.iter().map(|(i, o)| (i + 1) * o).sum();
    let weights: usize = layers.iter().map(|(i, o)| i * o).sum();
    let outputs: usize = layers.iter().map(|(_, o)| o).sum();
    let hidden_outputs = outputs - sizes[sizes.len() - 1];
    let widest = *sizes.iter().max().unwrap();
    let mlp = 2 * params + weights + batch * (outputs + hidden_outputs) + 2 * batch * widest;
    let adam = 3 * params;
    4.0 * (mlp + adam) as f64
}

#[test]
fn the_largest_config_trains_within_its_predicted_memory() {
    let config = json!({
        "dataset": "digits",
        "hidden": vec![MAX_WIDTH; MAX_HIDDEN_LAYERS],
        "batchSize": MAX_BATCH,
        "optimizer": "adam",
        "init": "he_normal",
    });
    let before = resident_bytes();
    let start = Instant::now();
    let mut run = Run::from_json(&config.to_string()).unwrap();
    let built = start.elapsed();
    // Its step alone is over the work cap, so a call takes one step (see `MAX_WORK_PER_CALL`).
    assert_eq!(run.max_steps_per_call(), 1);
    let refused = run.step(2).unwrap_err();
    assert_eq!(refused.field, "steps");
    assert!(refused.message.contains("[1, 1]"), "{refused}");
    assert_eq!(run.steps(), 0, "a refused call trains nothing");
    run.step(1).unwrap();
    let first = start.elapsed() - built;
    run.step(1).unwrap();
    let report = run.report();
    println!(
        "built in {built:.2?}; step(1) and its report in {first:.2?}, twice in {:.2?}",
        start.elapsed() - built
    );
    assert_eq!((report.step, run.loss_history().steps()), (2, 2));
    assert!(
        report.diverged || report.train_loss.is_finite(),
        "{report:?}"
    );
    assert_eq!(run.layer_stats().len(), MAX_HIDDEN_LAYERS + 1);

    let sizes = run.config().sizes();
    assert_eq!(sizes, [vec![64], vec![512; 32], vec![10]].concat());
    let predicted = predicted_bytes(&sizes, MAX_BATCH.max(PROBE_SAMPLES));
    println!("predicted: {:.1} MB", predicted / 1e6);
    assert!(predicted < BUDGET_BYTES, "{:.0} MB", predicted / 1e6);
    if let (Some(before), Some(after)) = (before, resident_bytes()) {
        let grown = after - before;
        println!("resident: {:.1} MB more after two steps", grown / 1e6);
        // Every buffer has been written by now, so all of it is resident; anything well
        // beyond the prediction is a buffer the prediction does not know about.
        assert!(
            grown > 0.9 * predicted && grown < 1.1 * predicted + 10e6,
            "grew {:.1} MB, predicted {:.1} MB",
            grown / 1e6,
            predicted / 1e6
        );
    }
}
