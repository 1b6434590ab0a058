//! Tests of the init schemes: moments against theory, truncation, orthogonality, pinned
//! samples and option validation.

use super::*;
use crate::activation::Activation;
use crate::rng::{seeded, Stream};
use serde_json::json;

/// An `Init` from JSON options, as the config gives them.
fn init(id: &str, options: Value) -> Init {
    Init::from_json(id, Some(&options), "init").unwrap()
}

/// A `fan_out` x `fan_in` layer's weights, drawn with seed 7.
fn draw(init: &Init, fan_in: usize, fan_out: usize) -> Vec<f32> {
    let mut w = vec![0.0; fan_in * fan_out];
    init.sample(fan_in, fan_out, &mut seeded(7, Stream::Init), &mut w);
    w
}

/// Sample mean and (population) variance in f64.
fn moments(w: &[f32]) -> (f64, f64) {
    let n = w.len() as f64;
    let mean = w.iter().map(|&x| f64::from(x)).sum::<f64>() / n;
    let var = w
        .iter()
        .map(|&x| (f64::from(x) - mean).powi(2))
        .sum::<f64>()
        / n;
    (mean, var)
}

/// Keras's constant for the standard deviation of a standard normal cut at ±2, verbatim.
#[allow(clippy::excessive_precision)]
const KERAS_TRUNCATED_STD: f64 = 0.87962566103423978;

const SHAPES: [(usize, usize); 3] = [(512, 512), (256, 1024), (1024, 256)];

/// The sample mean is within 4 standard errors of `mean()`, the sample variance within 3%
/// of `variance()`; constants are exact.
fn assert_moments(init: &Init) {
    for (fan_in, fan_out) in SHAPES {
        let w = draw(init, fan_in, fan_out);
        let (mean, var) = moments(&w);
        let (m, v) = (init.mean(), init.variance(fan_in, fan_out));
        let what = format!("{init:?} at {fan_in} x {fan_out}: mean {mean}, var {var}");
        if v == 0.0 {
            assert!(w.iter().all(|&x| x == m as f32), "{what}");
            continue;
        }
        assert!(
            (mean - m).abs() < 4.0 * (v / w.len() as f64).sqrt(),
            "{what}"
        );
        assert!((var / v - 1.0).abs() < 0.03, "{what}, expected var {v}");
    }
}

#[test]
fn every_scheme_meets_its_moments() {
    for scheme in Scheme::ALL {
        assert_moments(&Init::new(scheme, InitOptions::default()).unwrap());
    }
}

#[test]
fn options_meet_their_moments() {
    for mode in FanMode::ALL {
        for distribution in Distribution::ALL {
            let options =
                json!({"mode": mode.id(), "distribution": distribution.id(), "scale": 3.0});
            assert_moments(&init("variance_scaling", options));
        }
    }
    for id in ["glorot_normal", "he_normal", "lecun_normal"] {
        assert_moments(&init(
            id,
            json!({"distribution": "untruncated_normal", "gain": 1.5}),
        ));
    }
    assert_moments(&init("he_uniform", json!({"gain": 0.5})));
    assert_moments(&init("orthogonal", json!({"gain": 2.0})));
    assert_moments(&init("constant", json!({"value": -0.25})));
    assert_moments(&init("random_uniform", json!({"minval": -3, "maxval": -1})));
    assert_moments(&init("random_normal", json!({"mean": 1, "stddev": 1})));
    assert_moments(&init(
        "truncated_normal",
        json!({"mean": -2, "stddev": 0.5}),
    ));
}

#[test]
fn variances_match_the_notes_formulas() {
    let (fi, fo) = (300.0, 100.0);
    let expected = [
        ("zeros", json!({}), 0.0),
        ("random_uniform", json!({}), 1.0 / 12.0),
        ("random_normal", json!({"stddev": 0.01}), 1e-4),
        ("glorot_normal", json!({}), 2.0 / (fi + fo)),
        ("glorot_uniform", json!({}), 2.0 / (fi + fo)),
        ("he_normal", json!({}), 2.0 / fi),
        ("he_uniform", json!({"gain": 3}), 9.0 * 2.0 / fi),
        (
            "lecun_normal",
            json!({"distribution": "untruncated_normal"}),
            1.0 / fi,
        ),
        ("lecun_uniform", json!({}), 1.0 / fi),
        (
            "variance_scaling",
            json!({"scale": 4, "mode": "fan_out"}),
            4.0 / fo,
        ),
        ("torch_default", json!({}), 1.0 / (3.0 * fi)),
        ("orthogonal", json!({"gain": 2}), 4.0 / fi),
    ];
    for (id, options, v) in expected {
        let got = init(id, options).variance(300, 100);
        assert!((got - v).abs() <= 1e-12 * v, "{id}: {got} vs {v}");
    }
    // Orthogonal biases are a unit vector times gain.
    assert_eq!(init("orthogonal", json!({})).variance(1, 100), 0.01);
}

#[test]
fn truncation_factor_is_keras_constant() {
    let factor = truncated_variance_factor();
    assert!((libm::sqrt(factor) - KERAS_TRUNCATED_STD).abs() < 1e-15);
    let shown = format!("{factor:.4}");
    assert!(Scheme::TruncatedNormal
        .variance_formula()
        .starts_with(&shown));
    let t = init("truncated_normal", json!({"stddev": 2}));
    assert!((t.variance(1, 1) - 4.0 * factor).abs() < 1e-15);
}

/// The largest |w - mean| of a layer.
fn max_deviation(w: &[f32], mean: f64) -> f64 {
    w.iter()
        .map(|&x| (f64::from(x) - mean).abs())
        .fold(0.0, f64::max)
}

#[test]
fn truncated_normals_stay_within_two_stddev() {
    // Keras: stddev = sqrt(scale / n) / KERAS_TRUNCATED_STD, cut at 2 of those.
    let cases = [
        ("glorot_normal", 1.0f64 / 640.0),
        ("he_normal", 2.0 / 256.0),
        ("lecun_normal", 1.0 / 256.0),
    ];
    for (id, variance) in cases {
        let w = draw(&init(id, json!({})), 256, 1024);
        let bound = 2.0 * variance.sqrt() / KERAS_TRUNCATED_STD;
        let max = max_deviation(&w, 0.0);
        assert!(
            max <= bound * (1.0 + 1e-6) && max > 0.95 * bound,
            "{id}: {max} vs {bound}"
        );
    }
    let w = draw(
        &init("truncated_normal", json!({"mean": 1, "stddev": 0.5})),
        256,
        256,
    );
    let max = max_deviation(&w, 1.0);
    assert!(max <= 1.0 * (1.0 + 1e-6) && max > 0.95, "{max}");
}

#[test]
fn uniforms_stay_within_their_limits() {
    let w = draw(&init("random_uniform", json!({})), 512, 512);
    assert!(w.iter().all(|&x| (0.0..1.0).contains(&x)));
    assert!(w.iter().copied().fold(0.0, f32::max) > 0.999);
    // The notes' limits: sqrt(6 / (fan_in + fan_out)), sqrt(6 / fan_in); PyTorch's 1/sqrt(fan_in).
    let cases = [
        ("glorot_uniform", (6.0f64 / 1280.0).sqrt()),
        ("he_uniform", (6.0f64 / 256.0).sqrt()),
        ("lecun_uniform", (3.0f64 / 256.0).sqrt()),
        ("torch_default", 1.0 / 16.0),
    ];
    for (id, limit) in cases {
        let max = max_deviation(&draw(&init(id, json!({})), 256, 1024), 0.0);
        assert!(
            max <= limit && max > 0.999 * limit,
            "{id}: {max} vs {limit}"
        );
    }
    // An interval one f32 wide still terminates and stays inside.
    let one = f64::from(f32::from_bits(1.0f32.to_bits() + 1));
    let w = draw(
        &init("random_uniform", json!({"minval": 1, "maxval": one})),
        8,
        8,
    );
    assert!(w.iter().all(|&x| x == 1.0));
}

/// max |M - c I| for the k x k Gram matrix of the k vectors `vec(i)` of length `len`.
fn gram_error(k: usize, len: usize, vec: impl Fn(usize, usize) -> f32, c: f64) -> f64 {
    let mut worst: f64 = 0.0;
    for a in 0..k {
        for b in 0..k {
            let dot: f64 = (0..len)
                .map(|t| f64::from(vec(a, t)) * f64::from(vec(b, t)))
                .sum();
            let target = if a == b { c } else { 0.0 };
            worst = worst.max((dot - target).abs());
        }
    }
    worst
}

#[test]
fn orthogonal_rows_or_columns_are_orthonormal() {
    for (fan_in, fan_out, gain) in [(96, 96, 1.0), (160, 48, 1.0), (48, 160, 1.0), (40, 60, 2.0)] {
        let w = draw(&init("orthogonal", json!({"gain": gain})), fan_in, fan_out);
        let at = |r: usize, c: usize| w[r * fan_in + c];
        let err = if fan_out <= fan_in {
            gram_error(fan_out, fan_in, at, gain * gain) // W W^T = gain² I
        } else {
            gram_error(fan_in, fan_out, |c, r| at(r, c), gain * gain) // W^T W = gain² I
        };
        assert!(err < 1e-4 * gain * gain, "{fan_in} x {fan_out}: {err}");
    }
    let mut b = vec![0.0; 50];
    let ortho = init("orthogonal", json!({"gain": 3}));
    ortho.sample_bias(20, 50, &mut seeded(1, Stream::Init), &mut b);
    let norm = b.iter().map(|&x| f64::from(x).powi(2)).sum::<f64>().sqrt();
    assert!((norm - 3.0).abs() < 1e-5, "{norm}");
}

#[test]
fn biases_use_the_layer_fans() {
    let he = init("he_uniform", json!({}));
    let mut b = vec![0.0; 4096];
    he.sample_bias(8, 4096, &mut seeded(3, Stream::Init), &mut b);
    let (mean, var) = moments(&b);
    assert!(mean.abs() < 4.0 * (0.25f64 / 4096.0).sqrt() && (var / 0.25 - 1.0).abs() < 0.06);
    let mut zeros = vec![1.0; 5];
    init("zeros", json!({})).sample_bias(3, 5, &mut seeded(3, Stream::Init), &mut zeros);
    assert_eq!(zeros, [0.0; 5]);
}

#[test]
fn samples_are_pinned() {
    // These exact values pin the sampling stream (seed 42, Init stream): any change to how a
    // scheme draws, or to crate::rng, shows up here. Generated once from this code.
    let pinned: [(&str, Value, [f32; 6]); 4] = [
        (
            "he_normal",
            json!({}),
            [
                0.48524207,
                -0.05697293,
                -1.3596259,
                1.1839038,
                0.15061027,
                1.0874329,
            ],
        ),
        (
            "glorot_uniform",
            json!({}),
            [
                0.47496673,
                -0.7297629,
                -0.038526975,
                0.7586312,
                -0.94962966,
                0.5997337,
            ],
        ),
        (
            "orthogonal",
            json!({}),
            [
                0.3358669,
                -0.03943459,
                -0.9410836,
                0.93955696,
                0.08459722,
                0.33177716,
            ],
        ),
        (
            "random_normal",
            json!({"mean": 1}),
            [
                1.026138, 0.9969311, 0.9267626, 1.063772, 1.0081128, 1.0585755,
            ],
        ),
    ];
    for (id, options, expected) in pinned {
        let mut w = [0.0f32; 6];
        init(id, options).sample(3, 2, &mut seeded(42, Stream::Init), &mut w);
        assert_eq!(w, expected, "{id}");
    }
}

#[test]
fn invalid_options_are_rejected_by_name() {
    let cases: [(&str, Value, &str, &str); 20] = [
        ("xavier", json!({}), "init", "unknown value \"xavier\"; allowed: zeros, ones,"),
        ("he_normal", json!([1]), "initOptions", "must be an object of options, got [1]"),
        ("he_normal", json!({"foo": 1}), "initOptions.foo", "unknown option; allowed: value, mean, stddev, minval, maxval, scale, mode, distribution, gain"),
        ("glorot_normal", json!({"stddev": 1}), "initOptions.stddev", "glorot_normal does not take stddev; it takes: distribution, gain"),
        ("zeros", json!({"value": 1}), "initOptions.value", "zeros takes no options"),
        ("random_normal", json!({"stddev": "big"}), "initOptions.stddev", "must be a number, got \"big\""),
        ("variance_scaling", json!({"mode": 1}), "initOptions.mode", "must be a string, got 1"),
        ("variance_scaling", json!({"mode": "fan_max"}), "initOptions.mode", "unknown value \"fan_max\"; allowed: fan_in, fan_out, fan_avg"),
        ("variance_scaling", json!({"distribution": "normal"}), "initOptions.distribution", "unknown value \"normal\"; allowed: truncated_normal, untruncated_normal, uniform"),
        ("he_normal", json!({"distribution": "uniform"}), "initOptions.distribution", "he_normal draws from a normal: truncated_normal (Keras) or untruncated_normal (PyTorch); for uniform use he_uniform"),
        ("random_normal", json!({"stddev": -1}), "initOptions.stddev", "must be finite and in (0, 100], got -1"),
        ("truncated_normal", json!({"stddev": 0}), "initOptions.stddev", "must be finite and in (0, 100], got 0"),
        ("random_normal", json!({"mean": 100.5}), "initOptions.mean", "must be finite and in [-100, 100], got 100.5"),
        ("constant", json!({"value": -101}), "initOptions.value", "must be finite and in [-100, 100], got -101"),
        ("random_uniform", json!({"minval": -200}), "initOptions.minval", "must be finite and in [-100, 100], got -200"),
        ("random_uniform", json!({"maxval": 1000}), "initOptions.maxval", "must be finite and in [-100, 100], got 1000"),
        ("random_uniform", json!({"minval": 2}), "initOptions.minval", "must be less than maxval (1) as 32-bit floats, got 2"),
        ("variance_scaling", json!({"scale": 0}), "initOptions.scale", "must be finite and in (0, 100], got 0"),
        ("orthogonal", json!({"gain": 101}), "initOptions.gain", "must be finite and in (0, 100], got 101"),
        ("lecun_uniform", json!({"gain": -2}), "biasInitOptions.gain", "must be finite and in (0, 100], got -2"),
    ];
    for (id, options, field, message) in cases {
        let bias = field.starts_with("bias");
        let err = Init::from_json(id, Some(&options), if bias { "biasInit" } else { "init" })
            .unwrap_err();
        assert_eq!(err.field, field, "{id} {options}");
        let parts = match err.option() {
            Some(option) => format!("{}.{option}", err.key()),
            None => err.key().to_string(),
        };
        assert_eq!(parts, field, "{id} {options}: key and option");
        assert!(
            err.message.starts_with(message),
            "{id} {options}: {}",
            err.message
        );
    }
    let nan = InitOptions {
        stddev: Some(f64::NAN),
        ..InitOptions::default()
    };
    let err = Init::new(Scheme::RandomNormal, nan).unwrap_err();
    assert_eq!(
        err.to_string(),
        "initOptions.stddev: must be finite and in (0, 100], got NaN"
    );
    let err = Scheme::from_id("he").unwrap_err();
    assert_eq!(err.field, "init");
}

#[test]
fn json_round_trips() {
    let custom = [
        init(
            "variance_scaling",
            json!({"scale": 2.5, "mode": "fan_avg", "distribution": "uniform"}),
        ),
        init(
            "he_normal",
            json!({"distribution": "untruncated_normal", "gain": 0.5}),
        ),
        init("random_uniform", json!({"minval": -0.1})),
    ];
    let defaults = Scheme::ALL.map(|s| Init::new(s, InitOptions::default()).unwrap());
    for original in custom.iter().chain(&defaults) {
        let (id, options) = original.to_json();
        let back = Init::from_json(id, Some(&options), "biasInit").unwrap();
        assert_eq!(&back, original);
        let keys: Vec<&str> = options
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut takes = original.scheme().option_keys();
        takes.sort_unstable();
        assert_eq!(keys, takes, "{id}");
    }
    assert_eq!(
        Init::from_json("ones", None, "init").unwrap().scheme(),
        Scheme::Ones
    );
    assert_eq!(
        custom[2].to_json().1,
        json!({"minval": -0.1, "maxval": 1.0})
    );
}

#[test]
fn torch_gains_match_pytorch() {
    // PyTorch's calculate_gain, written out independently.
    let slope = 0.01f64;
    let expected = [
        (Activation::Linear, 1.0),
        (Activation::Sigmoid, 1.0),
        (Activation::Tanh, 1.666_666_666_666_666_7),
        (Activation::Relu, 2.0f64.sqrt()),
        (Activation::LeakyRelu, (2.0 / (1.0 + slope.powi(2))).sqrt()),
        (Activation::Selu, 0.75),
        (Activation::Elu, 1.0),
    ];
    for (activation, gain) in expected {
        // 1e-10: the network's leaky slope is the f32 nearest 0.01, PyTorch's the f64 one.
        assert!(
            (torch_gain(activation) - gain).abs() < 1e-10,
            "{activation:?}"
        );
    }
    // Untruncated He normal is kaiming_normal_: plain N(0, 2 / fan_in), tails included.
    let he = init("he_normal", json!({"distribution": "untruncated_normal"}));
    assert_eq!(he.variance(512, 128), 2.0 / 512.0);
    let w = draw(&he, 512, 512);
    let (_, var) = moments(&w);
    assert!((var / (2.0 / 512.0) - 1.0).abs() < 0.03, "{var}");
    assert!(max_deviation(&w, 0.0) > 3.0 * (2.0f64 / 512.0).sqrt());
}

#[test]
fn tables_are_complete() {
    for scheme in Scheme::ALL {
        assert_eq!(Scheme::from_id(scheme.id()), Ok(scheme));
        assert!(!scheme.label().is_empty() && !scheme.description().is_empty());
    }
    assert_eq!(Scheme::TorchDefault.label(), "PyTorch default");
    assert_eq!(Scheme::HeUniform.family(), Family::VarianceScaling);
    assert_eq!(Scheme::LecunNormal.recommended_for(), [Activation::Selu]);
    assert!(Scheme::RandomNormal.recommended_for().is_empty());
}

#[test]
fn layer_fans_are_integers_in_the_fan_range() {
    assert_eq!(layer_fans(1.0, 512.0), Ok((1, 512)));
    let refused = |fan_in: f64, fan_out: f64| layer_fans(fan_in, fan_out).unwrap_err().to_string();
    assert_eq!(
        refused(0.0, 8.0),
        "fanIn: must be an integer in [1, 512], got 0"
    );
    assert_eq!(
        refused(8.0, 513.0),
        "fanOut: must be an integer in [1, 512], got 513"
    );
    assert_eq!(
        refused(2.5, 8.0),
        "fanIn: must be an integer in [1, 512], got 2.5"
    );
    assert_eq!(
        refused(8.0, f64::NAN),
        "fanOut: must be an integer in [1, 512], got NaN"
    );
    assert_eq!(
        refused(f64::INFINITY, 8.0),
        "fanIn: must be an integer in [1, 512], got Infinity"
    );
}

#[test]
fn families_and_pairings_are_the_notes_table() {
    let family = |ids: &[&str], f: Family| {
        for id in ids {
            assert_eq!(Scheme::from_id(id).unwrap().family(), f, "{id}");
        }
    };
    family(&["zeros", "ones", "constant"], Family::Constant);
    family(
        &["random_uniform", "random_normal", "truncated_normal"],
        Family::Random,
    );
    let scaled = [
        "glorot_normal",
        "glorot_uniform",
        "he_normal",
        "he_uniform",
        "lecun_normal",
        "lecun_uniform",
        "variance_scaling",
        "torch_default",
    ];
    family(&scaled, Family::VarianceScaling);
    family(&["orthogonal", "lsuv"], Family::Orthogonal);
    let families = [
        Family::Constant,
        Family::Random,
        Family::VarianceScaling,
        Family::Orthogonal,
    ];
    let ids: Vec<_> = families.map(Family::id).into();
    assert_eq!(
        ids,
        ["constant", "random", "variance_scaling", "orthogonal"]
    );
    let labels: Vec<_> = families.map(Family::label).into();
    assert_eq!(
        labels,
        ["Constant", "Random", "Variance scaling", "Orthogonal"]
    );
    // Glorot for linear, tanh and sigmoid; He for ReLU and its variants; LeCun for SELU.
    use Activation::*;
    for (ids, pairs) in [
        (
            ["glorot_normal", "glorot_uniform"],
            &[Linear, Tanh, Sigmoid][..],
        ),
        (["he_normal", "he_uniform"], &[Relu, LeakyRelu, Elu]),
        (["lecun_normal", "lecun_uniform"], &[Selu]),
    ] {
        for id in ids {
            assert_eq!(
                Scheme::from_id(id).unwrap().recommended_for(),
                pairs,
                "{id}"
            );
        }
    }
}

#[test]
fn every_scheme_has_its_own_sentence_and_formula() {
    let distinct = |texts: Vec<&str>| {
        let mut sorted = texts.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert!(texts.iter().all(|t| !t.is_empty()), "{texts:?}");
        sorted.len()
    };
    assert_eq!(distinct(Scheme::ALL.map(Scheme::description).into()), 16);
    assert_eq!(distinct(Scheme::ALL.map(Scheme::label).into()), 16);
    // Twins share a formula (zeros, ones and constant all have variance 0).
    assert_eq!(
        distinct(Scheme::ALL.map(Scheme::variance_formula).into()),
        11
    );
    assert_eq!(Scheme::HeNormal.variance_formula(), "2 / fan_in");
}

#[test]
fn lsuv_takes_the_papers_settings_and_needs_data() {
    let lsuv = init("lsuv", json!({}));
    let settings = lsuv.lsuv().unwrap();
    // Mishkin & Matas: Tol_var 0.1, T_max 10.
    assert_eq!(
        (settings.tolerance, settings.max_iterations, settings.batch),
        (0.1, 10, 256)
    );
    let custom = init(
        "lsuv",
        json!({"tolerance": 0.5, "maxIterations": 100, "batch": 512}),
    );
    let settings = custom.lsuv().unwrap();
    assert_eq!(
        (settings.tolerance, settings.max_iterations, settings.batch),
        (0.5, 100, 512)
    );
    assert_eq!(init("orthogonal", json!({})).lsuv(), None);
    let err = lsuv.clone().without_data("weights").unwrap_err();
    assert_eq!(err.field, "weights");
    assert!(err
        .message
        .starts_with("lsuv scales each layer's weights on the training data"));
    let he = init("he_normal", json!({}));
    assert_eq!(he.clone().without_data("init"), Ok(he));
    let needs: Vec<_> = Scheme::ALL.into_iter().filter(|s| s.needs_data()).collect();
    assert_eq!(needs, [Scheme::Lsuv]);
    let refused = [
        (
            json!({"tolerance": 0}),
            "tolerance",
            "must be finite and in (0, 1), got 0",
        ),
        (
            json!({"tolerance": 1}),
            "tolerance",
            "must be finite and in (0, 1), got 1",
        ),
        (
            json!({"maxIterations": 0}),
            "maxIterations",
            "must be an integer in [1, 100], got 0",
        ),
        (
            json!({"maxIterations": 101}),
            "maxIterations",
            "must be an integer in [1, 100]",
        ),
        (
            json!({"maxIterations": 2.5}),
            "maxIterations",
            "must be an integer in [1, 100]",
        ),
        (
            json!({"batch": 0}),
            "batch",
            "must be an integer in [1, 512], got 0",
        ),
        (
            json!({"batch": 513}),
            "batch",
            "must be an integer in [1, 512], got 513",
        ),
    ];
    for (options, key, message) in refused {
        let err = Init::from_json("lsuv", Some(&options), "init").unwrap_err();
        assert_eq!(err.field, format!("initOptions.{key}"), "{options}");
        assert!(
            err.message.starts_with(message),
            "{options}: {}",
            err.message
        );
    }
}

#[test]
fn option_bounds_are_inclusive_where_the_docs_say() {
    // |value|, |mean|, |minval|, |maxval| <= 100; stddev, scale, gain in (0, 100].
    for (id, options) in [
        ("constant", json!({"value": -100})),
        ("random_normal", json!({"mean": 100, "stddev": 100})),
        ("random_uniform", json!({"minval": -100, "maxval": 100})),
        ("variance_scaling", json!({"scale": 100})),
        ("orthogonal", json!({"gain": 100})),
        (
            "lsuv",
            json!({"tolerance": 0.999, "maxIterations": 1, "batch": 1}),
        ),
    ] {
        assert!(
            Init::from_json(id, Some(&options), "init").is_ok(),
            "{id} {options}"
        );
    }
    // minval must stay below maxval once both are 32-bit floats.
    for (min, max) in [(0.5, 0.5), (1.0, 1.0 + 1e-12)] {
        let options = json!({"minval": min, "maxval": max});
        let err = Init::from_json("random_uniform", Some(&options), "init").unwrap_err();
        assert_eq!(err.field, "initOptions.minval");
    }
    // The options given, and every other the scheme takes at its default.
    let given = init("random_normal", json!({"stddev": 0.5}));
    assert_eq!(
        (given.options().mean, given.options().stddev),
        (Some(0.0), Some(0.5))
    );
    assert_eq!(given.options().gain, None);
    // null is no options, as an absent object is.
    let null = Init::from_json("he_normal", Some(&Value::Null), "init").unwrap();
    assert_eq!(null, init("he_normal", json!({})));
}

#[test]
fn biases_and_degenerate_fans_follow_keras() {
    let approx =
        |got: f64, want: f64| assert!((got - want).abs() < 1e-12 * want, "{got} vs {want}");
    // Orthogonal biases are a column (variance gain² / fan_out); others use the layer's fans.
    let ortho = init("orthogonal", json!({"gain": 2}));
    approx(ortho.bias_variance(300, 100), 4.0 / 100.0);
    let he = init("he_normal", json!({"distribution": "untruncated_normal"}));
    approx(he.bias_variance(300, 100), 2.0 / 300.0);
    // Keras divides by max(1, fan): fan_avg of 1 and 0 is 1/2, counted as 1.
    let avg = init("variance_scaling", json!({"mode": "fan_avg", "scale": 2}));
    approx(avg.variance(1, 0), 2.0);
    approx(init("he_uniform", json!({})).variance(0, 4), 2.0);
    approx(ortho.variance(0, 0), 4.0);
    // An empty layer draws nothing.
    ortho.sample(0, 0, &mut seeded(1, Stream::Init), &mut []);
    ortho.sample(3, 0, &mut seeded(1, Stream::Init), &mut []);
    // A uniform whose limit is below f32 resolution collapses to zero instead of redrawing
    // for ever (a draw that hangs fails the test after 20 s).
    let tiny = init(
        "variance_scaling",
        json!({"scale": 1e-300, "distribution": "uniform"}),
    );
    let (done, drawn) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(draw(&tiny, 4, 4)));
    let w = drawn
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("the draw ends");
    assert!(w.iter().all(|&w| w == 0.0));
}
