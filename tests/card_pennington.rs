//! Card 4, Pennington, Schoenholz & Ganguli (2017): the singular values of the input-output
//! Jacobian at initialization are all 1 for a deep linear network with orthogonal weights,
//! spread out with depth for Gaussian weights (largest squared one near (L+1)^(L+1)/L^L), and
//! many are zero for ReLU with He. The badge's checks on two seeds, and the Jacobian itself
//! against a product of matrices written out in f64.

mod common;
use common::assert_checks_hold;
use initlab::config::Config;
use initlab::experiment::{initial_network, Run};
use initlab::jacobian::hidden_jacobian;
use initlab::papers::pennington::{experiment, fuss_catalan_edge, DEPTHS};
use serde_json::json;

#[test]
fn orthogonal_is_isometric_gaussian_spreads_relu_collapses() {
    for seed in [1, 2] {
        let card = experiment(seed).unwrap();
        assert_eq!(card.checks.len(), 2 + DEPTHS.len());
        assert_checks_hold(seed, &card.checks);
        // The Gaussian spread grows with depth: each depth's largest value beats the last's.
        let tops: Vec<f64> = card
            .spectra
            .iter()
            .filter(|s| s.network == "linear, Gaussian")
            .map(|s| s.singular_values[0])
            .collect();
        assert!(tops.windows(2).all(|w| w[1] > w[0]), "{tops:?}");
    }
}

#[test]
fn the_edge_is_marchenko_pastur_at_depth_1_and_tends_to_e_times_l_plus_1() {
    assert!((fuss_catalan_edge(1) - 4.0).abs() < 1e-12);
    assert!((fuss_catalan_edge(2) - 27.0 / 4.0).abs() < 1e-12);
    let l = 1000.0;
    let ratio = fuss_catalan_edge(1000) / (std::f64::consts::E * (l + 1.0));
    assert!((ratio - 1.0).abs() < 1e-3, "{ratio}");
}

#[test]
fn jacobian_is_the_product_of_the_layers_derivatives_and_weights() {
    let config = Config::from_value(&json!({
        "hidden": [6, 5, 4], "activation": "tanh", "init": "glorot_normal",
        "biasInit": "random_normal", "biasInitOptions": {"stddev": 0.3}, "seed": 3
    }))
    .unwrap();
    let mut mlp = initial_network(&config, 1).0;
    let x = [0.3f32, -0.7];
    let (rows, columns, j) = hidden_jacobian(&mut mlp, &x);
    assert_eq!((rows, columns), (4, 6));
    // Forward mode in f64: x¹ = tanh(W¹x + b¹), then J ← diag(tanh'(h)) W J per later layer.
    let layer = |l: usize, input: &[f64]| -> Vec<f64> {
        let (w, b) = (mlp.weights(l), mlp.biases(l));
        let k = input.len();
        (0..b.len())
            .map(|r| {
                f64::from(b[r])
                    + (0..k)
                        .map(|c| f64::from(w[r * k + c]) * input[c])
                        .sum::<f64>()
            })
            .collect()
    };
    let mut act: Vec<f64> = layer(0, &[0.3, -0.7]).iter().map(|h| h.tanh()).collect();
    let mut want: Vec<Vec<f64>> = (0..6)
        .map(|r| (0..6).map(|c| f64::from(u8::from(r == c))).collect())
        .collect();
    for l in 1..3 {
        let h = layer(l, &act);
        let w = mlp.weights(l);
        let k = act.len();
        want = (0..h.len())
            .map(|r| {
                let slope = 1.0 - h[r].tanh().powi(2);
                (0..6)
                    .map(|c| {
                        slope
                            * (0..k)
                                .map(|i| f64::from(w[r * k + i]) * want[i][c])
                                .sum::<f64>()
                    })
                    .collect()
            })
            .collect();
        act = h.iter().map(|v| v.tanh()).collect();
    }
    for r in 0..4 {
        for c in 0..6 {
            let got = f64::from(j[r * 6 + c]);
            assert!(
                (got - want[r][c]).abs() < 1e-5,
                "J[{r}][{c}] = {got}, want {}",
                want[r][c]
            );
        }
    }
}

#[test]
fn spectrum_argument_and_network_errors_name_their_field() {
    let mut run = Run::new(Config::from_value(&json!({"hidden": [4, 4]})).unwrap()).unwrap();
    let n = run.data().train_len();
    assert_eq!(run.jacobian_spectrum(0.0).unwrap().len(), 4);
    for bad in [-1.0, n as f64, 0.5, f64::NAN] {
        let e = run.jacobian_spectrum(bad).unwrap_err();
        assert_eq!(e.field, "sample", "{bad}: {}", e.message);
    }
    let mut flat = Run::new(Config::from_value(&json!({"hidden": []})).unwrap()).unwrap();
    assert_eq!(flat.jacobian_spectrum(0.0).unwrap_err().field, "hidden");
}

#[test]
fn a_jacobian_reading_changes_nothing_about_the_run() {
    let c =
        Config::from_value(&json!({"hidden": [8, 8, 8], "activation": "tanh", "seed": 5})).unwrap();
    let (mut read, mut plain) = (Run::new(c.clone()).unwrap(), Run::new(c).unwrap());
    read.step(30).unwrap();
    let first = read.jacobian_spectrum(7.0).unwrap();
    assert_eq!(
        first,
        read.jacobian_spectrum(7.0).unwrap(),
        "the same reading twice"
    );
    read.step(30).unwrap();
    plain.step(60).unwrap();
    let bits = |r: &Run| {
        r.loss_history()
            .slice(0)
            .mean
            .iter()
            .map(|x| x.to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(bits(&read), bits(&plain));
    assert_eq!(read.mlp().params(), plain.mlp().params());
}
