//! Every preset's sentence, checked against the numbers its runs produce. The page shows the
//! same runs, so what a student reads there is what these tests measure.

mod common;
use common::{hidden, train};
use initlab::config::MAX_RUNS;
use initlab::diagnostics::LayerStats;
use initlab::experiment::Run;
use initlab::presets::{Preset, PRESETS};

/// The runs of a preset, untrained.
fn runs(id: &str) -> Vec<Run> {
    let preset = Preset::by_id(id).unwrap();
    preset
        .configs()
        .unwrap()
        .into_iter()
        .map(|c| Run::new(c).unwrap())
        .collect()
}

fn one(id: &str) -> Run {
    runs(id).remove(0)
}

fn mean_saturation(stats: &[LayerStats]) -> f32 {
    let h = hidden(stats);
    h.iter().map(|s| s.saturated_fraction).sum::<f32>() / h.len() as f32
}

#[test]
fn every_preset_id_is_tested_here() {
    let source = include_str!("presets.rs");
    for p in initlab::presets::PRESETS {
        assert!(
            source.contains(&format!("\"{}\"", p.id)),
            "preset {} has no test",
            p.id
        );
    }
}

#[test]
fn every_preset_has_one_to_max_runs_runs() {
    for preset in PRESETS {
        let n = preset.configs().unwrap().len();
        assert!((1..=MAX_RUNS).contains(&n), "{}: {n} runs", preset.id);
    }
}

#[test]
fn zero_sigmoid_acts_as_one_neuron_yet_learns() {
    let mut r = one("zero-sigmoid");
    let before = r.report().train_loss;
    let stats = train(&mut r, 500);
    assert!(hidden(&stats).iter().all(|s| s.distinct_neurons == 1));
    assert!(r.report().train_loss < before - 0.1);
}

#[test]
fn zero_relu_and_zero_tanh_never_move_and_stay_linear() {
    for id in ["zero-relu", "zero-tanh"] {
        let mut r = one(id);
        let stats = train(&mut r, 500);
        for l in 0..stats.len() - 1 {
            assert!(
                r.weights(l).unwrap().iter().all(|&w| w == 0.0),
                "{id} layer {l}"
            );
        }
        let grid = r.decision_boundary(16).unwrap();
        assert!(
            grid.iter().all(|&p| p == grid[0]),
            "{id}: the answer depends on the input"
        );
        let y = &r.data().test_y;
        let ones = y.iter().filter(|&&c| c == 1).count();
        let majority = ones.max(y.len() - ones) as f32 / y.len() as f32;
        assert!(r.report().test_accuracy <= majority + 0.02, "{id}");
    }
}

#[test]
fn constant_stays_symmetric() {
    let mut r = one("constant");
    let stats = train(&mut r, 500);
    assert!(hidden(&stats).iter().all(|s| s.distinct_neurons == 1));
}

#[test]
fn uniform01_saturates_tanh_and_the_loss_barely_falls() {
    let mut r = one("uniform01");
    assert!(mean_saturation(&r.layer_stats()) > 0.5);
    let stats = train(&mut r, 1000);
    assert!(mean_saturation(&stats) > 0.5);
    assert!(
        hidden(&stats).iter().all(|s| s.gradient_norm < 1e-6),
        "{stats:?}"
    );
    assert!(r.report().train_loss > 0.6, "{}", r.report().train_loss);
}

#[test]
fn small_sigmoid_starves_the_first_layers() {
    let mut r = one("small-sigmoid");
    let stats = r.layer_stats();
    let h = hidden(&stats);
    assert!(h[0].gradient_norm * 1e6 <= h[h.len() - 1].gradient_norm);
    train(&mut r, 1000);
    assert!(r.report().train_loss > 0.68);
}

#[test]
fn small_tanh_shrinks_activations_and_gradients_vanish() {
    let stats = one("small-tanh").layer_stats();
    let h = hidden(&stats);
    assert!(h[h.len() - 1].activation_std < 1e-6 * h[0].activation_std);
    assert!(stats.iter().all(|s| s.gradient_norm < 1e-6));
}

#[test]
fn small_relu_plateaus_while_he_learns() {
    let mut r = runs("small-relu");
    for run in &mut r {
        train(run, 1500);
    }
    assert!(r[0].report().train_loss > 0.6);
    assert!(r[1].report().train_loss < 0.1);
}

#[test]
fn large_relu_explodes() {
    let mut r = one("large-relu");
    let stats = r.layer_stats();
    let h = hidden(&stats);
    assert!(h[h.len() - 1].activation_std > 1e3 * h[0].activation_std);
    let report = r.step(100).unwrap();
    assert!(report.diverged, "{report:?}");
}

#[test]
fn large_tanh_saturates_and_learns_far_slower_than_glorot() {
    let mut r = runs("large-tanh");
    assert!(mean_saturation(&r[0].layer_stats()) > 0.5);
    for run in &mut r {
        train(run, 500);
    }
    let (large, glorot) = (r[0].report().train_loss, r[1].report().train_loss);
    assert!(large > 10.0 * glorot, "large {large}, glorot {glorot}");
}

/// Activation std of the last hidden layer over the first's, at initialization.
fn spread(r: &mut Run) -> f32 {
    let stats = r.layer_stats();
    let h = hidden(&stats);
    h[h.len() - 1].activation_std / h[0].activation_std
}

#[test]
fn the_schemes_of_the_notes_keep_the_signal_and_learn() {
    for (id, lo, hi) in [
        ("glorot-tanh", 0.3, 2.0),
        ("he-relu", 0.5, 2.0),
        ("lecun-selu", 0.7, 1.4),
    ] {
        let mut r = one(id);
        let s = spread(&mut r);
        assert!((lo..=hi).contains(&s), "{id}: spread {s}");
        train(&mut r, 1000);
        assert!(r.report().test_accuracy >= 0.95, "{id}");
    }
    let stats = one("lecun-selu").layer_stats();
    for s in hidden(&stats) {
        assert!(
            s.activation_mean.abs() < 0.3 && (0.7..=1.3).contains(&s.activation_std),
            "{s:?}"
        );
    }
}

#[test]
fn compare_only_glorot_and_he_learn() {
    let mut r = runs("compare");
    for run in &mut r {
        train(run, 2000);
    }
    for run in &mut r {
        let init = run.config().init.scheme().id();
        let report = run.report();
        if matches!(init, "glorot_normal" | "he_normal") {
            assert!(
                report.train_loss < 0.2 && report.accuracy > 0.9,
                "{init}: {report:?}"
            );
        } else {
            assert!(
                report.diverged || report.train_loss > 0.6,
                "{init}: {report:?}"
            );
        }
    }
}

/// Words of a preset's sentence and the view that shows what they name: a sentence that says
/// "the loss falls" must open the loss chart, one that names the boundary the data view.
const WORDS_AND_VIEWS: [(&[&str], &str); 4] = [
    (&["loss", "stay flat"], "loss"),
    (&["boundary", "linear model"], "boundary"),
    (
        &["badge", "distinct neuron", "identical", "symmetric"],
        "symmetry",
    ),
    (&["gradient", "activation", "saturate"], "layers"),
];

/// Every preset opens the loss chart first (the page's first screen shows it), then each view
/// its sentence names, in the order the sentence names them.
#[test]
fn every_preset_opens_the_loss_chart_then_the_views_its_sentence_names() {
    for p in PRESETS {
        assert_eq!(p.views.first(), Some(&"loss"), "{}: {:?}", p.id, p.views);
        let sentence = p.look_for.to_lowercase();
        // (where the sentence first names the view, the view) for every view it names.
        let mut named: Vec<(usize, &str)> = WORDS_AND_VIEWS
            .iter()
            .filter_map(|(words, view)| {
                let first = words.iter().filter_map(|w| sentence.find(w)).min()?;
                Some((first, *view))
            })
            .collect();
        assert!(!named.is_empty(), "{}: the sentence names no view", p.id);
        named.retain(|&(_, view)| view != "loss");
        named.sort();
        let named: Vec<&str> = named.into_iter().map(|(_, view)| view).collect();
        let opened: Vec<&str> = p.views[1..]
            .iter()
            .copied()
            .filter(|v| named.contains(v))
            .collect();
        assert_eq!(
            opened, named,
            "{}: \"{}\" names {named:?} in this order, the preset opens {:?}",
            p.id, p.look_for, p.views
        );
    }
}
