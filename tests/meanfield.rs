//! The mean-field prediction (`initlab::meanfield`): its quadrature against closed forms, the
//! tanh phase boundary of Poole et al. 2016 and Schoenholz et al. 2017, and the measured
//! activation spread of wide, deep networks at step 0.

mod common;
use common::run;

use initlab::activation::Activation;
use initlab::config::Config;
use initlab::meanfield::{self, LayerMap, MeanField};

fn config(json: &str) -> Config {
    Config::from_json(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn close(got: f64, want: f64, tolerance: f64) -> bool {
    (got - want).abs() <= tolerance * want.abs()
}

/// A map with no bias mean.
fn map(activation: Activation, sigma_w2: f64, sigma_b2: f64) -> LayerMap {
    LayerMap {
        activation,
        sigma_w2,
        sigma_b2,
        bias_mean: 0.0,
    }
}

#[test]
fn linear_networks_follow_the_recursion_exactly() {
    let c = config(
        r#"{"hidden": [64, 32, 16], "activation": "linear", "init": "he_uniform",
            "biasInit": "random_normal", "biasInitOptions": {"stddev": 0.3}}"#,
    );
    let mf = meanfield::predict_with(&c, 0.8);
    assert!(mf.applies && mf.reason.is_none());
    assert_eq!(mf.layers.len(), 4);
    let mut q_in = 0.8;
    for l in &mf.layers {
        assert!(close(l.sigma_b2, 0.09, 1e-12), "{l:?}");
        let want = l.sigma_w2 * q_in + l.sigma_b2;
        assert!(
            close(l.q, want, 1e-12),
            "layer {}: {} vs {want}",
            l.layer,
            l.q
        );
        assert!(close(l.activation_std, l.q.sqrt(), 1e-12), "{l:?}");
        q_in = l.q;
    }
    // He uniform: σ_w² = fan_in · 2 / fan_in = 2 on every layer.
    assert!(mf.layers.iter().all(|l| close(l.sigma_w2, 2.0, 1e-12)));
}

#[test]
fn relu_halves_the_variance_and_he_keeps_it_flat() {
    let c = config(
        r#"{"hidden": [32, 48, 48], "activation": "relu", "init": "glorot_normal",
            "biasInit": "random_uniform", "biasInitOptions": {"minval": -0.5, "maxval": 0.5}}"#,
    );
    let mf = meanfield::predict_with(&c, 1.0);
    for pair in mf.layers.windows(2) {
        let want = pair[1].sigma_w2 * pair[0].q / 2.0 + 1.0 / 12.0;
        assert!(close(pair[1].q, want, 1e-12), "{:?} vs {want}", pair[1]);
    }
    let he = meanfield::predict(&config(
        r#"{"hidden": [64, 64, 64, 64, 64], "activation": "relu", "init": "he_normal"}"#,
    ));
    let hidden = &he.layers[..5];
    assert!(close(he.input_second_moment, 1.0, 1e-6));
    for l in hidden {
        assert!(close(l.q, 2.0 * he.input_second_moment, 1e-12), "{l:?}");
        assert!(
            close(l.activation_std, hidden[0].activation_std, 1e-12),
            "{l:?}"
        );
        assert!(close(l.chi.unwrap(), 1.0, 1e-12), "{l:?}");
    }
    // Every q is a fixed point: the depth scales are infinite (critical).
    assert!(close(he.fixed_point.unwrap(), hidden[4].q, 1e-12));
    let scales = he.depth_scales.unwrap();
    assert!(scales.variance.is_infinite() && scales.correlation.is_infinite());
}

/// E[φ(h)²] and E[φ'(h)²] for h = mean + √q z by composite Simpson's rule over z in
/// [z_k - 12, z_k + 12], split at the kink z_k = -mean / √q.
fn simpson_moments(act: Activation, mean: f64, q: f64) -> (f64, f64) {
    let (n, root) = (20_000, q.sqrt());
    let kink = -mean / root;
    let h = 12.0 / n as f64;
    let pdf = |z: f64| (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let integral = |f: &dyn Fn(f64) -> f64| {
        let half = |side: f64| {
            (0..=n)
                .map(|i| {
                    let weight = if i == 0 || i == n {
                        1.0
                    } else {
                        (2 + 2 * (i % 2)) as f64
                    };
                    let z = kink + side * i as f64 * h;
                    // At the kink itself, h is just on this side of 0.
                    let x = if i == 0 {
                        side * 1e-300
                    } else {
                        mean + root * z
                    };
                    weight * f(x) * pdf(z)
                })
                .sum::<f64>()
                * h
                / 3.0
        };
        half(-1.0) + half(1.0)
    };
    (
        integral(&|x| act.apply_f64(x).powi(2)),
        integral(&|x| act.derivative_f64(x).powi(2)),
    )
}

#[test]
fn quadrature_matches_every_activation_and_elus_closed_form() {
    for act in Activation::ALL {
        for (mean, q) in [
            (0.0, 1.0),
            (0.0, 7.0),
            (0.0, 100.0),
            (0.7, 0.5),
            (-1.0, 2.0),
        ] {
            let m = LayerMap {
                bias_mean: mean,
                ..map(act, 1.0, 0.0)
            }
            .moments(q);
            let (square, slope_square) = simpson_moments(act, mean, q);
            let at = format!("{act:?} at mean {mean}, q {q}");
            assert!(
                close(m.square, square, 1e-8),
                "{at}: {} vs {square}",
                m.square
            );
            assert!(
                close(m.slope_square, slope_square, 1e-8),
                "{at}: {} vs {slope_square}",
                m.slope_square
            );
        }
    }
    // E[elu(z)²] = 1/2 + e² Φ(-2) - 2 e^(1/2) Φ(-1) + 1/2, Φ(-a) = erfc(a / √2) / 2.
    let phi = |a: f64| libm::erfc(a / std::f64::consts::SQRT_2) / 2.0;
    let want = 1.0 + 2f64.exp() * phi(2.0) - 2.0 * 0.5f64.exp() * phi(1.0);
    let got = map(Activation::Elu, 1.0, 0.0).next(1.0);
    assert!(close(got, want, 1e-12), "{got} vs {want}");
}

#[test]
fn constant_inputs_lower_the_input_second_moment() {
    // Clean digits leave blank pixels constant: standardized to 0, they add nothing to E[x²].
    let clean = config(r#"{"dataset": "digits", "noise": 0, "hidden": [8]}"#);
    let m_in = meanfield::input_second_moment(&clean);
    assert!(m_in > 0.8 && m_in < 1.0 - 1e-3, "{m_in}");
    let noisy = config(r#"{"dataset": "digits", "hidden": [8]}"#);
    assert!(close(meanfield::input_second_moment(&noisy), 1.0, 1e-6));
}

/// The σ_w² at which χ_1 at the fixed point crosses 1, by bisection on [lo, hi].
fn critical_tanh_sigma_w2(sigma_b2: f64, mut lo: f64, mut hi: f64) -> f64 {
    let chi_at_fixed_point = |sigma_w2: f64| {
        let m = map(Activation::Tanh, sigma_w2, sigma_b2);
        m.chi(m.fixed_point(1.0).unwrap())
    };
    assert!(chi_at_fixed_point(lo) < 1.0 && chi_at_fixed_point(hi) > 1.0);
    for _ in 0..40 {
        let mid = 0.5 * (lo + hi);
        if chi_at_fixed_point(mid) < 1.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[test]
fn tanh_is_critical_at_sigma_w2_1_without_bias_and_near_1_76_with_0_05() {
    let without = critical_tanh_sigma_w2(0.0, 0.5, 2.0);
    assert!((without - 1.0).abs() < 1e-6, "{without}");
    let with = critical_tanh_sigma_w2(0.05, 1.0, 3.0);
    assert!((with - 1.76).abs() < 0.02, "{with}");
    // Ordered below the line, chaotic above: c* = 1, then c* < 1 (0 for odd φ without bias).
    let ordered = map(Activation::Tanh, 1.5, 0.05);
    let chaotic = map(Activation::Tanh, 2.5, 0.0);
    let scales = ordered.depth_scales(ordered.fixed_point(1.0).unwrap());
    assert_eq!(scales.correlation_fixed_point, 1.0);
    assert!(
        scales.correlation > 1.0 && scales.correlation.is_finite(),
        "{scales:?}"
    );
    let scales = chaotic.depth_scales(chaotic.fixed_point(1.0).unwrap());
    assert!(scales.correlation_fixed_point.abs() < 1e-9, "{scales:?}");
    assert!(
        scales.correlation_chi < 1.0 && scales.variance_chi < 1.0,
        "{scales:?}"
    );
    // With a bias, two inputs keep a correlation 0 < c* < 1 in the chaotic phase.
    let biased = map(Activation::Tanh, 3.0, 0.3);
    let scales = biased.depth_scales(biased.fixed_point(1.0).unwrap());
    let c = scales.correlation_fixed_point;
    assert!(
        c > 0.05 && c < 0.95 && scales.correlation_chi < 1.0,
        "{scales:?}"
    );
}

#[test]
fn fixed_points_exist_or_say_why_not() {
    // ReLU: q* = σ_b² / (1 - σ_w² / 2) below σ_w² = 2, none above.
    let below = map(Activation::Relu, 1.5, 0.1);
    assert!(close(below.fixed_point(1.0).unwrap(), 0.1 / 0.25, 1e-10));
    assert!(map(Activation::Relu, 2.5, 0.0).fixed_point(1.0).is_err());
    assert!(map(Activation::Relu, 2.0, 0.01).fixed_point(1.0).is_err());
    // Glorot tanh at equal widths (σ_w² = 1, no bias) creeps to 0, critically.
    let glorot = meanfield::predict(&config(
        r#"{"hidden": [32, 32, 32], "activation": "tanh", "init": "glorot_normal"}"#,
    ));
    assert_eq!(glorot.fixed_point, Some(0.0));
    assert!(glorot.depth_scales.unwrap().correlation.is_infinite());
    let large = meanfield::predict(&config(
        r#"{"hidden": [64, 64], "activation": "relu", "init": "random_normal",
            "initOptions": {"stddev": 1.0}}"#,
    ));
    assert!(large.applies && large.fixed_point.is_none() && large.depth_scales.is_none());
    assert!(large.fixed_point_note.unwrap().contains("without bound"));
    let logistic = meanfield::predict(&config(r#"{"hidden": []}"#));
    assert_eq!(logistic.layers.len(), 1);
    assert!(logistic
        .fixed_point_note
        .unwrap()
        .contains("no hidden layer"));
}

#[test]
fn equal_or_biased_weights_are_outside_the_theory() {
    for init in [
        r#""init": "zeros""#,
        r#""init": "ones""#,
        r#""init": "constant", "initOptions": {"value": 0.2}"#,
        r#""init": "random_uniform""#,
        r#""init": "random_normal", "initOptions": {"mean": 0.1}"#,
    ] {
        let mf = meanfield::predict(&config(&format!(r#"{{"hidden": [8, 8], {init}}}"#)));
        let MeanField {
            applies,
            reason,
            layers,
            fixed_point,
            depth_scales,
            ..
        } = mf;
        assert!(!applies && layers.is_empty() && fixed_point.is_none() && depth_scales.is_none());
        let reason = reason.unwrap_or_default();
        assert!(
            reason.contains("mean-field theory describes"),
            "{init}: {reason}"
        );
    }
    let orthogonal = meanfield::predict(&config(r#"{"hidden": [8, 8], "init": "orthogonal"}"#));
    assert!(orthogonal.applies);
}

/// Checks that the step-0 activation spread of every hidden layer of a 10 x 512 network on
/// `digits`, averaged over `seeds` seeds, is within 10% of the prediction. Digits: 64
/// standardized inputs, so every sample's squared norm is near 64 m_in, as the prediction
/// assumes; 100 samples leave 70 for the probe batch. Finite width makes each seed's spread
/// wander from the prediction, more the deeper the layer: at layer 10, by a few percent for
/// tanh and SELU, but by about 8% (one standard deviation over seeds) for ReLU with He's
/// truncated normal and 14% with an untruncated normal (heavier tails), hence more seeds there.
fn check_spread(act: &str, init: &str, seeds: u64) {
    let hidden = ["512"; 10].join(", ");
    let json = |seed: u64| {
        format!(
            r#"{{"dataset": "digits", "samples": 100, "hidden": [{hidden}],
                "activation": "{act}", {init}, "seed": {seed}, "dataSeed": 1}}"#
        )
    };
    let predicted = meanfield::predict(&config(&json(1)));
    let mut measured = vec![0.0; 10];
    for seed in 1..=seeds {
        let stats = run(&json(seed)).layer_stats();
        for (m, s) in measured.iter_mut().zip(&stats) {
            *m += f64::from(s.activation_std) / seeds as f64;
        }
    }
    for (l, m) in predicted.layers.iter().zip(&measured) {
        let ratio = m / l.activation_std;
        assert!(
            (0.9..=1.1).contains(&ratio),
            "{act} {init} layer {}: measured {m:e}, predicted {:e}",
            l.layer,
            l.activation_std
        );
    }
}

#[test]
fn tanh_glorot_spread_matches() {
    check_spread("tanh", r#""init": "glorot_normal""#, 3);
}

#[test]
fn tanh_small_spread_vanishes_as_predicted() {
    // σ_w² = 512 · 0.01² = 0.05: the spread shrinks about 4.5 times per layer, to 3e-8.
    check_spread(
        "tanh",
        r#""init": "random_normal", "initOptions": {"stddev": 0.01}"#,
        3,
    );
}

#[test]
fn relu_he_spread_matches() {
    check_spread("relu", r#""init": "he_normal""#, 4);
}

#[test]
fn relu_small_and_large_spreads_vanish_and_explode_as_predicted() {
    // σ_w² = 1.28 and 512: the spread shrinks by √0.64 and grows by 16 per layer.
    for stddev in [0.05, 1.0] {
        let init = format!(r#""init": "random_normal", "initOptions": {{"stddev": {stddev}}}"#);
        check_spread("relu", &init, 8);
    }
}

#[test]
fn selu_lecun_spread_matches() {
    check_spread("selu", r#""init": "lecun_normal""#, 3);
}
