//! Card 2, Glorot & Bengio (2010): with standard init the activations and the back-propagated
//! gradients of five tanh layers shrink by about 1/√3 per layer; with normalized init they
//! stay near constant. The badge's checks, on two seeds.

use initlab::papers::glorot_bengio::{experiment, LAYERS};

#[test]
fn standard_init_shrinks_and_normalized_init_keeps_the_signal() {
    for seed in [1, 2] {
        let card = experiment(seed).unwrap();
        for check in &card.checks {
            eprintln!("seed {seed}: {check:?}");
        }
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
        assert!(card.checks.iter().all(|c| c.passed), "seed {seed}");
    }
}
