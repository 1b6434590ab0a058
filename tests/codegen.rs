//! "Copy as Keras" / "Copy as PyTorch": every scheme, activation, loss, optimizer and dataset
//! gives two scripts in each mode that Python compiles, each script names the config's exact
//! choices, and the options (mode and steps) are validated by name. (That the scripts run in
//! Keras and PyTorch and print the page's numbers is the `python` suite's check.)

use std::path::PathBuf;
use std::process::Command;

use initlab::activation::Activation;
use initlab::codegen::{self, Mode, Options};
use initlab::config::Config;
use initlab::data::DatasetKind;
use initlab::init::{Init, Scheme};
use initlab::loss::Loss;
use initlab::optim::OptimizerKind;
use serde_json::{json, Value};

/// The Keras script of `c` with the default options.
fn keras(c: &Config) -> String {
    codegen::keras(c, &Options::for_config(c, None).unwrap())
}

/// The PyTorch script of `c` with the default options.
fn pytorch(c: &Config) -> String {
    codegen::pytorch(c, &Options::for_config(c, None).unwrap())
}

/// `c`'s options in `mode`, 20 steps.
fn options(mode: Mode) -> Options {
    Options { mode, steps: 20 }
}

/// A config from a JSON object, which must be valid.
fn config(value: Value) -> Config {
    Config::from_value(&value).unwrap_or_else(|e| panic!("{value}: {e}"))
}

/// A small network on `circle` with `extra` keys on top.
fn small(extra: Value) -> Config {
    let mut base = json!({"hidden": [4, 3], "batchSize": 16});
    base.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    config(base)
}

/// Option sets to try for `scheme`: its defaults, and each non-default choice it takes.
fn option_variants(scheme: Scheme) -> Vec<Value> {
    let candidates = [
        json!({}),
        json!({"gain": 1.5}),
        json!({"distribution": "untruncated_normal"}),
        json!({"distribution": "untruncated_normal", "gain": 0.5}),
        json!({"scale": 0.5, "mode": "fan_avg"}),
        json!({"scale": 3, "mode": "fan_out", "distribution": "uniform"}),
        json!({"mode": "fan_in", "distribution": "untruncated_normal"}),
        json!({"value": -0.25}),
        json!({"minval": -0.5, "maxval": 0.25}),
        json!({"mean": 0.1, "stddev": 1e-4}),
        json!({"tolerance": 0.05, "maxIterations": 3, "batch": 64}),
    ];
    candidates
        .into_iter()
        .filter(|o| Init::from_json(scheme.id(), Some(o), "init").is_ok())
        .collect()
}

/// Every config the compile test covers: each scheme with each of its option variants as the
/// weight and (but `lsuv`) as the bias scheme, each scheme under every activation, and every dataset x loss
/// x optimizer that validates.
fn all_configs() -> Vec<Config> {
    let mut configs = Vec::new();
    for scheme in Scheme::ALL {
        for (k, options) in option_variants(scheme).into_iter().enumerate() {
            let activation = Activation::ALL[k % Activation::ALL.len()].id();
            for key in ["init", "biasInit"] {
                if key == "biasInit" && scheme.needs_data() {
                    continue; // refused: lsuv scales weights only (tests/card_mishkin.rs)
                }
                configs.push(small(json!({
                    key: scheme.id(),
                    format!("{key}Options"): options,
                    "activation": activation,
                })));
            }
        }
        for activation in Activation::ALL {
            configs.push(small(
                json!({"init": scheme.id(), "activation": activation.id()}),
            ));
        }
    }
    for dataset in DatasetKind::ALL {
        for loss in Loss::ALL {
            for optimizer in OptimizerKind::ALL {
                let value = json!({"hidden": [5], "dataset": dataset.id(), "loss": loss.id(),
                                   "optimizer": optimizer.id(), "samples": 60});
                if let Ok(c) = Config::from_value(&value) {
                    configs.push(c);
                }
            }
        }
    }
    configs.push(small(json!({"hidden": []})));
    configs.push(small(json!({"seed": (1u64 << 53) - 1, "dataSeed": 0})));
    configs
}

/// A fresh directory under the system's temp dir for this test's scripts.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("initlab-codegen-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a temp dir");
    dir
}

/// Writes the scripts and compiles them all with one `python3 -m py_compile`; fails with
/// Python's message (naming the file and line) on any syntax error, and fails when `python3`
/// is missing.
fn py_compile(name: &str, scripts: &[(String, String)]) {
    let dir = scratch(name);
    let paths: Vec<PathBuf> = scripts
        .iter()
        .map(|(file, text)| {
            let path = dir.join(file);
            std::fs::write(&path, text).expect("write a script");
            path
        })
        .collect();
    let out = Command::new("python3")
        .args(["-m", "py_compile"])
        .args(&paths)
        .output()
        .unwrap_or_else(|e| {
            panic!("python3 is needed to check that the generated scripts compile: {e}")
        });
    assert!(
        out.status.success(),
        "py_compile failed (scripts kept in {}):\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).expect("remove the temp dir");
}

#[test]
fn every_generated_script_compiles() {
    let configs = all_configs();
    let mut scripts = Vec::new();
    for (i, c) in configs.iter().enumerate() {
        for mode in Mode::ALL {
            let o = options(mode);
            let id = mode.id();
            scripts.push((format!("keras_{i}_{id}.py"), codegen::keras(c, &o)));
            scripts.push((format!("pytorch_{i}_{id}.py"), codegen::pytorch(c, &o)));
        }
    }
    // Readable in a notebook: no line but the config's own runs past 100 characters.
    for (file, text) in &scripts {
        let long = text
            .lines()
            .find(|l| l.chars().count() > 100 && !l.starts_with("# Config: "));
        assert_eq!(long, None, "{file}");
    }
    // 15 schemes x 7 activations, 28 scheme/option pairs twice, 7 x 3 x 4 minus BCE on 3+ classes.
    assert!(configs.len() > 250, "{} configs", configs.len());
    py_compile("all", &scripts);
}

#[test]
fn a_script_that_does_not_compile_fails_the_check() {
    let bad = keras(&small(json!({}))).replace("model.add(", "model.add((");
    let result = std::panic::catch_unwind(|| py_compile("bad", &[("bad.py".into(), bad)]));
    assert!(
        result.is_err(),
        "py_compile accepted an unbalanced parenthesis"
    );
}

#[test]
fn header_holds_the_config_as_one_line_of_json() {
    for c in all_configs().iter().step_by(7) {
        for script in [keras(c), pytorch(c)] {
            assert!(script.starts_with("# Generated by initlab"));
            let line = script
                .lines()
                .find_map(|l| l.strip_prefix("# Config: "))
                .expect("a config line");
            assert_eq!(&Config::from_json(line).unwrap(), c, "{line}");
        }
    }
}

#[test]
fn scripts_are_deterministic() {
    let c = small(json!({"init": "orthogonal", "biasInit": "he_normal", "optimizer": "adam"}));
    assert_eq!(keras(&c), keras(&c));
    assert_eq!(pytorch(&c), pytorch(&c));
    assert_ne!(keras(&c), pytorch(&c));
}

/// `script` with every run of white space (line breaks included) as one space and calls that
/// were wrapped over lines joined back, so a part can be looked for however it was laid out.
fn flat(script: &str) -> String {
    let words: Vec<&str> = script.split_whitespace().collect();
    words.join(" ").replace("( ", "(").replace(" )", ")")
}

/// Asserts `script` (flattened) contains every one of `parts`.
fn assert_has(script: &str, parts: &[&str]) {
    let script = &flat(script);
    for part in parts {
        assert!(script.contains(part), "missing `{part}` in:\n{script}");
    }
}

/// Asserts `script` (flattened) contains none of `parts`.
fn assert_lacks(script: &str, parts: &[&str]) {
    let script = &flat(script);
    for part in parts {
        assert!(!script.contains(part), "unexpected `{part}` in:\n{script}");
    }
}

/// Keras's published constant, 0.87962566103423978, as Python's shortest repr of the f64.
const KERAS_RESCALE: &str = "0.8796256610342398";

#[test]
fn he_normal_is_keras_truncated_and_pytorch_trunc_normal() {
    let c = small(json!({"init": "he_normal", "activation": "relu"}));
    let (k, p) = (keras(&c), pytorch(&c));
    assert_has(
        &k,
        &[
            "kernel_initializer=keras.initializers.HeNormal(seed=SEED + 2 * i)",
            "kaiming_normal_",
        ],
    );
    assert_has(
        &p,
        &[
            &format!("std = math.sqrt(2 / fan_in) / {KERAS_RESCALE}"),
            "nn.init.trunc_normal_(layer.weight, std=std, a=-2 * std, b=2 * std)",
            "kaiming_normal_ draws the untruncated",
        ],
    );
    assert_lacks(&p, &["nn.init.kaiming_normal_(layer.weight"]);
}

#[test]
fn untruncated_normal_is_pytorchs_own_function() {
    let untruncated = json!({"distribution": "untruncated_normal"});
    let cases = [
        (
            "he_normal",
            "nn.init.kaiming_normal_(layer.weight, nonlinearity=\"relu\")",
            "scale=2.0, mode=\"fan_in\"",
        ),
        (
            "lecun_normal",
            "nn.init.kaiming_normal_(layer.weight, nonlinearity=\"linear\")",
            "scale=1.0, mode=\"fan_in\"",
        ),
        (
            "glorot_normal",
            "nn.init.xavier_normal_(layer.weight)",
            "scale=1.0, mode=\"fan_avg\"",
        ),
    ];
    for (id, torch, scale) in cases {
        let c = small(json!({"init": id, "initOptions": untruncated}));
        let (k, p) = (keras(&c), pytorch(&c));
        assert_has(&p, &[torch]);
        assert_lacks(&p, &["trunc_normal_", KERAS_RESCALE]);
        assert_has(
            &k,
            &[&format!(
                "keras.initializers.VarianceScaling({scale}, distribution=\"untruncated_normal\""
            )],
        );
    }
}

#[test]
fn gains_and_variance_scaling_keep_their_numbers() {
    let c = small(json!({"init": "glorot_uniform", "initOptions": {"gain": 1.5}}));
    assert_has(
        &pytorch(&c),
        &["nn.init.xavier_uniform_(layer.weight, gain=1.5)"],
    );
    assert_has(
        &keras(&c),
        &["VarianceScaling(scale=1.5 ** 2, mode=\"fan_avg\", distribution=\"uniform\""],
    );
    let c = small(json!({"init": "he_uniform", "initOptions": {"gain": 0.5}}));
    assert_has(
        &pytorch(&c),
        &[
            "limit = math.sqrt(3 * 2 * 0.5 ** 2 / fan_in)",
            "nn.init.uniform_(layer.weight, -limit, limit)",
        ],
    );
    let c = small(json!({"init": "variance_scaling",
                         "initOptions": {"scale": 3, "mode": "fan_out", "distribution": "truncated_normal"}}));
    assert_has(
        &keras(&c),
        &["VarianceScaling(scale=3.0, mode=\"fan_out\", distribution=\"truncated_normal\""],
    );
    assert_has(
        &pytorch(&c),
        &[&format!("std = math.sqrt(3 / fan_out) / {KERAS_RESCALE}")],
    );
}

#[test]
fn fixed_schemes_name_their_options() {
    let cases = [
        (
            json!({"init": "zeros"}),
            "keras.initializers.Zeros()",
            "nn.init.zeros_(layer.weight)",
        ),
        (
            json!({"init": "ones"}),
            "keras.initializers.Ones()",
            "nn.init.ones_(layer.weight)",
        ),
        (
            json!({"init": "constant", "initOptions": {"value": 0.75}}),
            "keras.initializers.Constant(value=0.75)",
            "nn.init.constant_(layer.weight, 0.75)",
        ),
        (
            json!({"init": "random_uniform"}),
            "RandomUniform(minval=0.0, maxval=1.0, seed=SEED + 2 * i)",
            "nn.init.uniform_(layer.weight, a=0.0, b=1.0)",
        ),
        (
            json!({"init": "random_normal", "initOptions": {"stddev": 0.01}}),
            "RandomNormal(mean=0.0, stddev=0.01, seed=SEED + 2 * i)",
            "nn.init.normal_(layer.weight, mean=0.0, std=0.01)",
        ),
        (
            json!({"init": "truncated_normal", "initOptions": {"mean": 0.5, "stddev": 0.25}}),
            "TruncatedNormal(mean=0.5, stddev=0.25, seed=SEED + 2 * i)",
            "nn.init.trunc_normal_(layer.weight, mean=0.5, std=0.25, a=0.0, b=1.0)",
        ),
        (
            json!({"init": "orthogonal", "initOptions": {"gain": 2}}),
            "keras.initializers.Orthogonal(gain=2.0, seed=SEED + 2 * i)",
            "nn.init.orthogonal_(layer.weight, gain=2.0)",
        ),
        (
            json!({"init": "torch_default"}),
            "VarianceScaling(scale=1 / 3, mode=\"fan_in\", distribution=\"uniform\"",
            "nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5))",
        ),
    ];
    for (extra, k, p) in cases {
        let c = small(extra);
        assert_has(&keras(&c), &[k]);
        assert_has(&pytorch(&c), &[p]);
    }
}

#[test]
fn fan_based_biases_use_the_layers_fans() {
    let c = small(json!({"biasInit": "he_uniform"}));
    assert_has(
        &keras(&c),
        &[
            "bias_limit = math.sqrt(3 * 2 / fan_in)",
            "bias_initializer=keras.initializers.RandomUniform(minval=-bias_limit, maxval=bias_limit, seed=SEED + 2 * i + 1)",
        ],
    );
    assert_has(
        &pytorch(&c),
        &["nn.init.uniform_(layer.bias, -bias_limit, bias_limit)"],
    );
    let c = small(json!({"biasInit": "orthogonal"}));
    assert_has(
        &pytorch(&c),
        &["nn.init.orthogonal_(layer.bias.view(-1, 1), gain=1.0)"],
    );
    assert_has(
        &keras(&c),
        &["keras.ops.reshape(keras.initializers.Orthogonal(gain=1.0"],
    );
}

#[test]
fn activations_map_to_distinct_keras_and_pytorch_names() {
    let mut seen = Vec::new();
    for activation in Activation::ALL {
        let c = small(json!({"activation": activation.id()}));
        let p = pytorch(&c);
        let module = p
            .lines()
            .find_map(|l| l.split("nn.Linear(n_in, n_out), ").nth(1))
            .expect("a hidden block")
            .split(')')
            .next()
            .unwrap()
            .to_string();
        assert!(!seen.contains(&module), "{module} twice");
        seen.push(module);
    }
    let c = small(json!({"activation": "leaky_relu"}));
    assert_has(&pytorch(&c), &["nn.LeakyReLU(0.01)"]);
    assert_has(&keras(&c), &["negative_slope=0.01"]);
    let c = small(json!({"activation": "selu"}));
    assert_has(&pytorch(&c), &["nn.SELU()"]);
    assert_has(&keras(&c), &["activation = \"selu\""]);
}

#[test]
fn losses_work_on_logits_and_optimizers_keep_keras_hyper_parameters() {
    let c = small(json!({"loss": "binary_crossentropy", "optimizer": "adam"}));
    assert_has(
        &keras(&c),
        &[
            "keras.losses.BinaryCrossentropy(from_logits=True)",
            "keras.optimizers.Adam(learning_rate=LEARNING_RATE, beta_1=0.9, beta_2=0.999, epsilon=1e-7)",
        ],
    );
    let in_kind = options(Mode::InKind);
    assert_has(
        &codegen::pytorch(&c, &in_kind),
        &[
            "nn.BCEWithLogitsLoss()",
            "torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=(0.9, 0.999), eps=1e-7)",
            "to the bias-corrected sqrt(v)",
        ],
    );
    // Exact mode replays the page's steps: Adam and RMSProp by Keras's rule, not torch.optim's.
    assert_has(
        &pytorch(&c),
        &[
            "KerasAdam(model.parameters(), lr=LEARNING_RATE, betas=(0.9, 0.999), eps=1e-7)",
            "p.sub_(alpha * m / (v.sqrt() + eps))",
        ],
    );
    assert_lacks(&pytorch(&c), &["torch.optim.Adam("]);
    let c = config(json!({"hidden": [8], "dataset": "spiral3", "optimizer": "rmsprop"}));
    assert_has(
        &keras(&c),
        &[
            "SparseCategoricalCrossentropy(from_logits=True)",
            "RMSprop(learning_rate=LEARNING_RATE, rho=0.9, epsilon=1e-7)",
        ],
    );
    assert_has(
        &codegen::pytorch(&c, &in_kind),
        &[
            "nn.CrossEntropyLoss()",
            "torch.optim.RMSprop(model.parameters(), lr=LEARNING_RATE, alpha=0.9, eps=1e-7)",
            "sqrt(s) + eps",
        ],
    );
    assert_has(
        &pytorch(&c),
        &[
            "KerasRMSprop(model.parameters(), lr=LEARNING_RATE, rho=0.9, eps=1e-7)",
            "p.sub_(lr * p.grad / torch.sqrt(s + eps))",
        ],
    );
    let c = small(json!({"loss": "mse", "optimizer": "momentum"}));
    assert_has(
        &keras(&c),
        &[
            "keras.losses.MeanSquaredError()",
            "SGD(learning_rate=LEARNING_RATE, momentum=0.9)",
        ],
    );
    assert_has(&pytorch(&c), &["nn.MSELoss()", "momentum=0.9", "> 0.5"]);
    let c = config(
        json!({"hidden": [5], "dataset": "digits", "loss": "mse", "samples": 20, "batchSize": 10}),
    );
    assert_has(
        &keras(&c),
        &[
            "np.eye(SIZES[-1], dtype=np.float32)[y]",
            "SIZES = [64] + HIDDEN + [10]",
        ],
    );
}

#[test]
fn settings_appear_as_given() {
    let c = config(
        json!({"hidden": [7, 5], "dataset": "digits", "learningRate": 0.0125,
                          "batchSize": 24, "seed": 42, "dataSeed": 7, "samples": 300}),
    );
    let in_kind = options(Mode::InKind);
    for script in [codegen::keras(&c, &in_kind), codegen::pytorch(&c, &in_kind)] {
        assert_has(
            &script,
            &[
                "HIDDEN = [7, 5]",
                "LEARNING_RATE = 0.0125",
                "BATCH_SIZE = 24",
                "SEED = 42",
                "DATA_SEED = 7",
                "SAMPLES, NOISE, TEST_FRACTION = 300, 0.1, 0.3",
                "from sklearn.datasets import load_digits",
                "SIZES = [64] + HIDDEN + [10]",
            ],
        );
    }
    let c = small(json!({"dataset": "moons", "seed": (1u64 << 40)}));
    let k = keras(&c);
    assert_has(
        &k,
        &[
            &format!("SEED = {} % 2**31", 1u64 << 40),
            "SIZES = [2] + HIDDEN + [1]",
        ],
    );
    assert_lacks(&k, &["sklearn"]);
}
