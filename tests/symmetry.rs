//! The symmetry problem of the notes: zero and constant init keep every neuron of a layer
//! identical, while random schemes give every neuron its own features.

mod common;
use common::{hidden, run, train};

#[test]
fn zero_init_tanh_and_relu_hidden_weights_never_move() {
    for act in ["tanh", "relu"] {
        let mut r = run(&format!(
            r#"{{"hidden": [8, 8, 8], "activation": "{act}", "init": "zeros"}}"#
        ));
        train(&mut r, 200);
        for l in 0..3 {
            assert!(
                r.weights(l).unwrap().iter().all(|&w| w == 0.0),
                "{act}: layer {l} moved"
            );
        }
    }
}

#[test]
fn zero_init_sigmoid_keeps_one_distinct_neuron_while_the_loss_moves() {
    // On moons one feature already gets most points right, so the loss clearly moves.
    let mut r = run(
        r#"{"dataset": "moons", "hidden": [8, 8], "activation": "sigmoid", "init": "zeros", "learningRate": 3.0}"#,
    );
    let before = r.report().train_loss;
    let stats = train(&mut r, 200);
    let after = r.report().train_loss;
    for s in hidden(&stats) {
        assert_eq!(s.distinct_neurons, 1, "layer {}", s.layer);
    }
    // The neurons did learn (all the same thing), and so did the loss.
    assert!(r.weights(1).unwrap().iter().any(|&w| w != 0.0));
    assert!(after < before - 0.05, "loss {before} -> {after}");
}

#[test]
fn constant_init_of_any_value_keeps_one_distinct_neuron() {
    for (act, value) in [
        ("tanh", 0.5),
        ("relu", 0.3),
        ("sigmoid", -0.7),
        ("tanh", 2.0),
    ] {
        let json = format!(
            r#"{{"hidden": [8, 8], "activation": "{act}", "init": "constant", "initOptions": {{"value": {value}}}}}"#
        );
        let mut r = run(&json);
        let stats = train(&mut r, 500);
        for s in hidden(&stats) {
            assert_eq!(s.distinct_neurons, 1, "{act} {value}: layer {}", s.layer);
            assert!(
                s.max_cosine > 0.9999,
                "{act} {value}: cosine {}",
                s.max_cosine
            );
        }
    }
}

#[test]
fn random_schemes_make_every_neuron_distinct() {
    for (act, init) in [
        ("relu", "he_normal"),
        ("relu", "he_uniform"),
        ("tanh", "glorot_normal"),
        ("tanh", "glorot_uniform"),
    ] {
        let mut r = run(&format!(
            r#"{{"hidden": [8, 8], "activation": "{act}", "init": "{init}"}}"#
        ));
        // At the start no two neurons of the 8-input layer point the same way (in the 2-input
        // first layer two random directions can well be close); training may align some (a
        // real effect, e.g. two saturated tanh units), but none become copies of each other.
        for s in hidden(&r.layer_stats()).iter().filter(|s| s.fan_in >= 8) {
            assert!(s.max_cosine < 0.99, "{init}: cosine {}", s.max_cosine);
        }
        let stats = train(&mut r, 500);
        for s in hidden(&stats) {
            assert_eq!(s.distinct_neurons, 8, "{init}: layer {}", s.layer);
        }
    }
}
