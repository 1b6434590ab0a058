//! What an exact-mode script carries is the run: `Replay`'s raw data is the run's data, its
//! network the run's initial weights and biases, and its batch order the samples the run's steps
//! took, read back from the run's own losses; and the options of a script are validated by name.

use initlab::codegen::{payload_bytes, Mode, Options, DEFAULT_STEPS, MAX_PAYLOAD_BYTES};
use initlab::config::Config;
use initlab::experiment::{initial_network, Replay, Run};
use serde_json::json;

/// A config from JSON, which must be valid.
fn config(json: &str) -> Config {
    Config::from_json(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

#[test]
fn the_replay_starts_where_the_run_starts() {
    for json in [
        r#"{"hidden": [8, 8], "init": "he_normal", "biasInit": "random_normal"}"#,
        r#"{"hidden": [], "dataset": "digits", "samples": 200, "seed": 7, "dataSeed": 3}"#,
    ] {
        let c = config(json);
        let run = Run::new(c.clone()).unwrap();
        let replay = Replay::new(&c, 5);
        assert_eq!(&replay.data, run.data(), "{json}");
        for l in 0..replay.mlp.layers().len() {
            assert_eq!(replay.mlp.weights(l), run.weights(l).unwrap(), "{json}");
            assert_eq!(replay.mlp.biases(l), run.biases(l).unwrap(), "{json}");
        }
        assert_eq!(replay.batches.len(), 5 * c.batch_size);
    }
}

/// With a learning rate far below every parameter's last bit, no step moves the network, so
/// each step's loss is the initial network's loss on that step's batch: the batch order can be
/// read back from the run's losses. 14 training samples in batches of 3 make batches that end
/// one epoch and start the next.
#[test]
fn the_replays_batches_are_the_runs() {
    let c = config(
        r#"{"hidden": [4], "samples": 20, "batchSize": 3, "init": "he_normal",
            "biasInit": "ones", "learningRate": 1e-30, "seed": 11}"#,
    );
    let steps = 40;
    let mut run = Run::new(c.clone()).unwrap();
    run.step(steps).unwrap();
    let losses = run.loss_history().slice(0).mean;
    let replay = Replay::new(&c, steps);
    let (inputs, outputs) = (replay.data.inputs, 1);
    let (x, _) = run.inputs();
    let mut mlp = initial_network(&c, c.batch_size).0;
    let mut seen = vec![0; replay.data.train_len()];
    for (step, batch) in replay.batches.chunks_exact(c.batch_size).enumerate() {
        let rows: Vec<f32> = batch
            .iter()
            .flat_map(|&s| &x[s as usize * inputs..(s as usize + 1) * inputs])
            .copied()
            .collect();
        let targets: Vec<f32> = batch
            .iter()
            .map(|&s| f32::from(replay.data.train_y[s as usize]))
            .collect();
        let logits = mlp.forward(&rows, batch.len());
        let loss = c.loss.value(logits, &targets, outputs);
        assert_eq!(loss.to_bits(), losses[step].to_bits(), "step {}", step + 1);
        batch.iter().for_each(|&s| seen[s as usize] += 1);
    }
    // 120 samples over 14: every sample 8 or 9 times, as epochs come whole.
    assert!(seen.iter().all(|&n| n == 8 || n == 9), "{seen:?}");
}

#[test]
fn exact_mode_is_the_default_while_the_payload_is_small() {
    let small = config(r#"{"hidden": [8, 8]}"#);
    let o = Options::for_config(&small, None).unwrap();
    assert_eq!(
        o,
        Options {
            mode: Mode::Exact,
            steps: DEFAULT_STEPS
        }
    );
    // 32 layers of 512: 8 million parameters, far beyond what a script should carry.
    let big = config(&format!("{{\"hidden\": {:?}}}", vec![512; 32]));
    assert!(payload_bytes(&big, DEFAULT_STEPS) > MAX_PAYLOAD_BYTES);
    let o = Options::for_config(&big, None).unwrap();
    assert_eq!(o.mode, Mode::InKind);
    let exact = json!({"mode": "exact"});
    let error = Options::for_config(&big, Some(&exact)).unwrap_err();
    assert_eq!(
        (error.field.as_str(), error.key()),
        ("options.mode", "options")
    );
    assert!(error.message.contains("inKind"), "{}", error.message);
    // Fewer steps shrink the batch order: 1797 digits at batch 512 fit for 100 steps only.
    let digits = config(r#"{"hidden": [8], "dataset": "digits", "batchSize": 512}"#);
    let mode = |steps: u32| {
        let value = json!({ "steps": steps });
        Options::for_config(&digits, Some(&value)).unwrap().mode
    };
    assert_eq!((mode(100), mode(10_000)), (Mode::Exact, Mode::InKind));
}

#[test]
fn bad_options_are_refused_by_name() {
    let c = config(r#"{"hidden": [8]}"#);
    for (options, field, says) in [
        (
            json!({"mode": "fast"}),
            "options.mode",
            "allowed: exact, inKind",
        ),
        (json!({"mode": 1}), "options.mode", "allowed: exact, inKind"),
        (json!({"steps": 0}), "options.steps", "[1, 10000], got 0"),
        (json!({"steps": 1.5}), "options.steps", "got 1.5"),
        (json!({"steps": "9"}), "options.steps", "got \"9\""),
        (json!({"steps": 10001}), "options.steps", "got 10001"),
        (json!({"mood": 1}), "options.mood", "allowed: mode, steps"),
        (json!([1]), "options", "must be an object"),
    ] {
        let error = Options::for_config(&c, Some(&options)).unwrap_err();
        assert_eq!(error.field, field, "{options}");
        assert!(error.message.contains(says), "{options}: {}", error.message);
    }
    let fine = json!({"mode": "inKind", "steps": 10000});
    let o = Options::for_config(&c, Some(&fine)).unwrap();
    assert_eq!(
        o,
        Options {
            mode: Mode::InKind,
            steps: 10_000
        }
    );
}
