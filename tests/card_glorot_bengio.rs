//! Card 2, Glorot & Bengio (2010): with standard init the activations and the back-propagated
//! gradients of five tanh layers shrink by about 1/√3 per layer; with normalized init they
//! stay near constant. The badge's checks, on two seeds.

mod common;
use common::assert_checks_hold;
use initlab::papers::glorot_bengio::{experiment, LAYERS};

#[test]
fn standard_init_shrinks_and_normalized_init_keeps_the_signal() {
    for seed in [1, 2] {
        let card = experiment(seed).unwrap();
        for n in &card.networks {
            eprintln!(
                "{}: act {:?} predicted {:?}\n   backprop {:?} predicted ratio {:?}",
                n.init,
                n.activation_std,
                n.predicted_activation_std,
                n.backprop_std,
                n.predicted_backprop_ratio
            );
            assert_eq!(n.backprop_histograms.len(), LAYERS);
        }
        assert_checks_hold(seed, &card.checks);
    }
}

/// The gradient histograms share one range over the hidden layers, set by them (not by the
/// output layer's far larger gradients): the widest layer's values spread over several bins.
#[test]
fn gradient_histograms_span_the_hidden_layers_values() {
    let n = initlab::papers::glorot_bengio::measure("torch_default", 1).unwrap();
    let widest = n.backprop_std.iter().copied().fold(0.0, f64::max);
    for h in &n.backprop_histograms {
        assert_eq!(f64::from(h.hi), -f64::from(h.lo));
        assert!(
            (f64::from(h.hi) / widest - 4.0).abs() < 1e-3,
            "{} vs {widest}",
            h.hi
        );
    }
    let layer5 = &n.backprop_histograms[LAYERS - 1].counts;
    assert!(layer5.iter().filter(|&&c| c > 0).count() >= 6, "{layer5:?}");
}
