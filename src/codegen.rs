//! "Code for what you see": the current config as a complete, runnable Python script in Keras
//! (`keras`) or PyTorch (`pytorch`), so a student can rerun the page's experiment in a notebook.
//!
//! Both scripts share the parts written here: a header (where the script comes from, the config
//! as one line of JSON, what to look at), the constants, a numpy version of the dataset (initlab's
//! exact points come from its own seeded generator), the standardization and the targets, and the
//! fan-based variance of the variance-scaling schemes as a Python expression. Each framework file
//! maps the core's ids to its own names by matching on the core enums, so a new scheme,
//! activation, loss or optimizer does not compile until both scripts know it.

mod keras;
mod pytorch;

use std::fmt::{Display, LowerExp};

use crate::config::Config;
use crate::data::{DatasetKind, VIEW_EXTENT};
use crate::experiment::PROBE_SAMPLES;
use crate::init::{
    truncated_variance_factor, Distribution, FanMode, FanRule, Init, Law, Scaling, Scheme,
};
use crate::loss::Loss;

/// Mini-batch steps the scripts train for. The page trains until it is paused, so a script needs
/// a length of its own: enough for every preset's story to play out.
pub const STEPS: u32 = 1000;

/// The config as a Keras 3 script: data, standardization, a `keras.Sequential` of `Dense` layers
/// with the config's exact initializers, `compile` with the loss and optimizer, and `fit`.
pub fn keras(config: &Config) -> String {
    keras::script(config)
}

/// The config as a PyTorch script: data, standardization, an `nn.Sequential` of `nn.Linear`
/// layers initialized with `nn.init` as initlab draws them (Keras's semantics, stated where
/// PyTorch's own functions differ), the loss, the optimizer and a training loop.
pub fn pytorch(config: &Config) -> String {
    pytorch::script(config)
}

/// Longest line a wrapped comment may take.
const WIDTH: usize = 99;

/// One level of Python indentation: the body of Keras's layer loop and of PyTorch's
/// `init_layer`, where the initializers are written.
const BODY: &str = "    ";

/// Lines of Python, written in order.
struct Script {
    lines: Vec<String>,
}

impl Script {
    fn new() -> Script {
        Script { lines: Vec::new() }
    }

    fn line(&mut self, text: impl Into<String>) {
        self.lines.push(text.into());
    }

    fn lines<S: Into<String>>(&mut self, lines: impl IntoIterator<Item = S>) {
        lines.into_iter().for_each(|l| self.line(l));
    }

    fn blank(&mut self) {
        self.line("");
    }

    /// `text` as `# ` comments wrapped at `WIDTH`, each line starting with `indent`.
    fn comment(&mut self, indent: &str, text: &str) {
        let mut current = format!("{indent}#");
        for word in text.split_whitespace() {
            if current.len() + 1 + word.len() > WIDTH && current.len() > indent.len() + 1 {
                self.lines
                    .push(std::mem::replace(&mut current, format!("{indent}#")));
            }
            current.push(' ');
            current.push_str(word);
        }
        self.lines.push(current);
    }

    /// `{indent}{head}{call}{end}` on one line, or, when that is longer than `WIDTH`, with the
    /// arguments of `call` (`name(arguments)`) on a line of their own.
    fn call(&mut self, indent: &str, head: &str, call: &str, end: &str) {
        let line = format!("{indent}{head}{call}{end}");
        match call.split_once('(') {
            Some((name, rest)) if line.len() > WIDTH && rest.ends_with(')') => {
                let arguments = &rest[..rest.len() - 1];
                self.line(format!("{indent}{head}{name}("));
                self.line(format!("{indent}{BODY}{arguments}"));
                self.line(format!("{indent}){end}"));
            }
            _ => self.line(line),
        }
    }

    fn finish(self) -> String {
        self.lines.join("\n") + "\n"
    }
}

/// A number as a Python literal: its shortest decimal form (an `f32` as the f32 it is, 0.1 not
/// 0.10000000149011612), in scientific notation below 1e-3 (1e-7, not 0.0000001).
fn py<T: Copy + Into<f64> + Display + LowerExp>(x: T) -> String {
    let v: f64 = x.into();
    if v != 0.0 && v.abs() < 1e-3 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// A number as the shortest Python expression that evaluates to exactly it: its literal (`py`),
/// or a fraction n / d of small integers where that is shorter (`torch_default`'s scale 1 / 3,
/// not 0.3333333333333333). Python's `/` rounds correctly, as Rust's does.
fn py_exact(x: f64) -> String {
    let fractions = (2..10u8).filter_map(|d| {
        let n = (x * f64::from(d)).round();
        (n >= 1.0 && n / f64::from(d) == x).then(|| format!("{n} / {d}"))
    });
    fractions.fold(py(x), |best, f| if f.len() < best.len() { f } else { best })
}

/// The header: where the script comes from, the config, what to look at and what it needs.
fn header(s: &mut Script, c: &Config, framework: &str, needs: &str) {
    s.line(format!(
        "# Generated by initlab: the run on the page as a {framework} script."
    ));
    s.line(format!("# Config: {}", c.to_json()));
    s.comment(
        "",
        "What to look at: the spread of every layer's activations before training (initlab's \
         layers view), then the loss falling, or not, epoch by epoch (initlab's loss curve counts \
         mini-batch steps). Data and weights are drawn afresh here, so the numbers agree with the \
         page in kind, not digit for digit.",
    );
    let digits = if c.dataset == DatasetKind::Digits {
        ", scikit-learn"
    } else {
        ""
    };
    s.line(format!("# Needs: numpy, {needs}{digits}."));
}

/// The imports: `math`, then `third_party` and scikit-learn's digits when the data needs them.
fn imports(s: &mut Script, c: &Config, third_party: &[&str]) {
    s.line("import math");
    s.blank();
    s.lines(third_party.iter().copied());
    if c.dataset == DatasetKind::Digits {
        s.line("from sklearn.datasets import load_digits");
    }
    s.blank();
}

/// Seeds, architecture and training settings as named constants. Seeds above 2^31 - 1 are cut
/// to 31 bits, which every framework's seeding accepts.
fn constants(s: &mut Script, c: &Config) {
    const MAX_FRAMEWORK_SEED: u64 = (1 << 31) - 1;
    if c.seed > MAX_FRAMEWORK_SEED {
        s.line(format!(
            "SEED = {} % 2**31  # initlab's seed, cut to the 31 bits frameworks accept",
            c.seed
        ));
    } else {
        s.line(format!(
            "SEED = {}  # initlab's seed of the initial weights and the batch order",
            c.seed
        ));
    }
    s.line(format!(
        "DATA_SEED = {}  # initlab's seed of the dataset",
        c.data_seed
    ));
    s.line(format!("HIDDEN = {:?}  # hidden layer widths", c.hidden));
    s.line(format!("BATCH_SIZE = {}", c.batch_size));
    s.line(format!("LEARNING_RATE = {}", py(c.learning_rate)));
    s.line(format!(
        "STEPS = {STEPS}  # mini-batch steps, as initlab counts them"
    ));
}

/// The jitter's standard deviation per unit of `noise` on the 2-D sets (as in `crate::data`).
const JITTER_PER_NOISE: f64 = 0.5;

/// `radius` and `angle` arrays to an (n, 2) array of points.
const POLAR: [&str; 6] = [
    "",
    "",
    "def polar(radius, angle):",
    "    return np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)",
    "",
    "",
];

/// numpy lines that set `x` (SAMPLES x 2, clean) for a 2-D set whose labels `y` are already
/// drawn, following the shapes of `crate::data`, and whether they call `polar`; `None` for
/// digits and custom data.
fn shape_lines(kind: DatasetKind) -> Option<(bool, Vec<&'static str>)> {
    let polar = matches!(
        kind,
        DatasetKind::Circle | DatasetKind::Spiral | DatasetKind::Spiral3
    );
    let lines = match kind {
        DatasetKind::Circle => vec![
            "# Class 0 on a disc of radius 0.5, class 1 on a ring from 0.7 to 1.",
            "radius = np.where(y == 0, 0.5 * rng.random(SAMPLES), 0.7 + 0.3 * rng.random(SAMPLES))",
            "x = polar(radius, 2 * np.pi * rng.random(SAMPLES))",
        ],
        DatasetKind::Xor => vec![
            "# Class 0 in quadrants I and III, class 1 in II and IV.",
            "sign = rng.choice([-1.0, 1.0], SAMPLES)",
            "x = np.stack([sign * (0.05 + 0.95 * rng.random(SAMPLES)),",
            "              (1 - 2 * y) * sign * (0.05 + 0.95 * rng.random(SAMPLES))], axis=1)",
        ],
        DatasetKind::Gauss => vec![
            "# Two blobs of stddev 0.2 around (0.5, 0.5) and (-0.5, -0.5).",
            "x = 0.5 * (1 - 2 * y)[:, None] + 0.2 * rng.standard_normal((SAMPLES, 2))",
        ],
        DatasetKind::Spiral => vec![
            "# Two spiral arms of 1.75 turns from radius 0.1 to 1, half a turn apart.",
            "t = rng.random(SAMPLES)",
            "x = polar(0.1 + 0.9 * t, 1.75 * 2 * np.pi * t + np.pi * y)",
        ],
        DatasetKind::Moons => vec![
            "# Two interleaving half circles, as scikit-learn's make_moons, scaled into view.",
            "t = np.pi * rng.random(SAMPLES)",
            "upper = np.stack([np.cos(t), np.sin(t)], axis=1)",
            "lower = np.stack([1 - np.cos(t), 0.5 - np.sin(t)], axis=1)",
            "x = (np.where(y[:, None] == 0, upper, lower) - [0.5, 0.25]) * 2 / 3",
        ],
        DatasetKind::Spiral3 => vec![
            "# Three spiral arms 120 degrees apart, each sweeping 4 radians from radius 0.1 to 1.",
            "t = rng.random(SAMPLES)",
            "x = polar(0.1 + 0.9 * t, 4 * t + 2 * np.pi / 3 * y)",
        ],
        DatasetKind::Digits | DatasetKind::Custom => return None,
    };
    Some((polar, lines))
}

/// The dataset, its train/test split, the standardization and the targets `t_train`, `t_test`.
fn data(s: &mut Script, c: &Config) {
    let kind = c.dataset;
    s.comment(
        "",
        &format!(
            "Data: {}. initlab's exact points come from its own seeded generator; this numpy \
             version draws the same kind of data.",
            kind.label()
        ),
    );
    s.line(format!(
        "SAMPLES, NOISE, TEST_FRACTION = {}, {}, {}",
        c.samples,
        py(c.noise),
        py(c.test_fraction)
    ));
    s.line("rng = np.random.default_rng(DATA_SEED)");
    match shape_lines(kind) {
        Some((polar, shape)) => {
            if polar {
                s.lines(POLAR);
            }
            s.line(format!(
                "y = np.arange(SAMPLES) % {}  # sample i belongs to class i % {0}",
                kind.classes()
            ));
            s.lines(shape);
            s.line(format!(
                "x = np.clip(x + {} * NOISE * rng.standard_normal(x.shape), -{e}, {e})  # jitter, kept in view",
                py(JITTER_PER_NOISE),
                e = py(VIEW_EXTENT)
            ));
        }
        None if kind == DatasetKind::Custom => custom_data(s),
        None => s.lines([
            "digits = load_digits()  # the 1797 8x8 images initlab ships, pixels 0 to 16",
            "x = digits.data / 16 + NOISE * rng.standard_normal(digits.data.shape)",
            "keep = rng.permutation(len(digits.target))[:SAMPLES]  # initlab takes the classes in turn",
            "x, y = x[keep], digits.target[keep]",
        ]),
    }
    s.lines([
        "order = rng.permutation(SAMPLES)",
        "n_train = round(SAMPLES * (1 - TEST_FRACTION))",
        "train, test = order[:n_train], order[n_train:]",
        "x_train, y_train, x_test, y_test = x[train], y[train], x[test], y[test]",
        "",
        "# Standardize every input with the training set's mean and std, as initlab does.",
        "mean, std = x_train.mean(axis=0), x_train.std(axis=0)",
        "std[std < 1e-6] = 1.0  # a constant input (a blank pixel) is only centred",
        "x_train = ((x_train - mean) / std).astype(\"float32\")",
        "x_test = ((x_test - mean) / std).astype(\"float32\")",
    ]);
    targets(s, c);
}

/// numpy lines that set `x` and `y` (SAMPLES rows) from the student's CSV file, carried in the
/// script as initlab read it, taken and scaled as `crate::data` takes custom data.
fn custom_data(s: &mut Script) {
    let Some(table) = crate::data::custom_table() else {
        return s.line("raise SystemExit(\"initlab: load your CSV on the page first\")");
    };
    let names = |list: &[String]| serde_json::to_string(list).expect("strings serialize");
    s.line(format!(
        "# Your CSV, as initlab read it: {} rows of {} features; the class column {}.",
        table.rows(),
        table.features(),
        serde_json::to_string(&table.label_name).expect("a string serializes")
    ));
    s.line(format!("FEATURES = {}", names(&table.feature_names)));
    s.line(format!(
        "CLASSES = {}  # class i is CLASSES[i]",
        names(&table.class_names)
    ));
    s.line("X = np.array([");
    for row in table.x.chunks_exact(table.features().max(1)) {
        let values: Vec<String> = row.iter().map(|v| format!("{v}")).collect();
        s.line(format!("    [{}],", values.join(", ")));
    }
    s.line("], dtype=\"float64\")");
    let labels: Vec<String> = table.y.iter().map(u8::to_string).collect();
    s.line(format!("Y = np.array([{}])", labels.join(", ")));
    s.lines([
        "keep = rng.permutation(len(Y))[:SAMPLES]  # initlab takes SAMPLES rows in a seeded order".to_string(),
        "x, y = X[keep], Y[keep]".to_string(),
        "# Every feature scaled to [-1, 1] by its range over the file, then jittered, as on the page.".to_string(),
        "lo, hi = X.min(axis=0), X.max(axis=0)".to_string(),
        "x = np.where(hi > lo, 2 * (x - lo) / np.where(hi > lo, hi - lo, 1) - 1, 0)".to_string(),
        format!(
            "x = np.clip(x + {} * NOISE * rng.standard_normal(x.shape), -{e}, {e})",
            py(JITTER_PER_NOISE),
            e = py(VIEW_EXTENT)
        ),
    ]);
}

/// The targets the loss compares the outputs with.
fn targets(s: &mut Script, c: &Config) {
    let single = [
        "# Targets: the label itself, 0 or 1, on the one output.",
        "t_train, t_test = y_train[:, None].astype(\"float32\"), y_test[:, None].astype(\"float32\")",
    ];
    match c.loss {
        Loss::BinaryCrossEntropy => s.lines(single),
        Loss::SoftmaxCrossEntropy => s.lines([
            "# Targets: class indices (the cross-entropy takes the softmax of the outputs).",
            "t_train, t_test = y_train.astype(\"int64\"), y_test.astype(\"int64\")",
        ]),
        Loss::MeanSquaredError if outputs(c) == 1 => s.lines(single),
        Loss::MeanSquaredError => s.lines([
            "# Targets: one-hot rows, one output per class.".to_string(),
            format!("CLASSES = {}", c.dataset.classes()),
            "t_train = np.eye(CLASSES, dtype=\"float32\")[y_train]".to_string(),
            "t_test = np.eye(CLASSES, dtype=\"float32\")[y_test]".to_string(),
        ]),
    }
}

/// Number of network outputs.
fn outputs(c: &Config) -> usize {
    c.loss.outputs(c.dataset.classes())
}

/// The model's one-line summary and the `SIZES` list of layer widths.
fn sizes(s: &mut Script, c: &Config) {
    let what = match c.loss {
        Loss::BinaryCrossEntropy | Loss::SoftmaxCrossEntropy => "logits",
        Loss::MeanSquaredError => "raw values",
    };
    s.comment(
        "",
        &format!(
            "Model: {} inputs, {}, {} as {what} (the last layer is linear).",
            c.dataset.inputs(),
            match c.hidden.len() {
                0 => "no hidden layer".to_string(),
                1 => format!("1 hidden layer with {}", c.activation.label()),
                n => format!("{n} hidden layers with {}", c.activation.label()),
            },
            match outputs(c) {
                1 => "1 output".to_string(),
                n => format!("{n} outputs"),
            }
        ),
    );
    s.line(format!(
        "SIZES = [{}] + HIDDEN + [{}]  # inputs, hidden widths, outputs",
        c.dataset.inputs(),
        outputs(c)
    ));
}

/// The first training samples, on which the scripts print each layer's activation spread.
fn probe() -> String {
    format!("h = x_train[:{PROBE_SAMPLES}]")
}

/// A comment for the scheme of the weights: its name and what it does.
fn weights_comment(s: &mut Script, indent: &str, init: &Init) {
    let scheme = init.scheme();
    s.comment(
        indent,
        &format!("Weights: {}. {}", scheme.id(), scheme.description()),
    );
}

/// A comment for the scheme of the biases, and how they are drawn when the scheme uses fans.
fn biases_comment(s: &mut Script, indent: &str, init: &Init) {
    let how = if matches!(init.law(), Law::Scaled(_)) {
        " Each bias is drawn like a weight of its layer, with the layer's fans."
    } else {
        ""
    };
    s.comment(indent, &format!("Biases: {}.{how}", init.scheme().id()));
}

/// Whether a tensor is a layer's weight matrix or its bias vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tensor {
    Weight,
    Bias,
}

impl Tensor {
    /// The prefix of the Python names this tensor's spread is stored in.
    fn prefix(self) -> &'static str {
        match self {
            Tensor::Weight => "",
            Tensor::Bias => "bias_",
        }
    }
}

/// A fan-based law as the scripts write it: Python expressions for its scale, its variance and
/// the spread of one tensor.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scaled(Scaling);

impl Scaled {
    /// Keras's `scale` argument, gain² included, as a Python expression.
    fn keras_scale(&self) -> String {
        let Scaling { scale, gain, .. } = self.0;
        let mut factors = Vec::new();
        if scale != 1.0 {
            factors.push(py_exact(scale));
        }
        if gain != 1.0 {
            factors.push(format!("{} ** 2", py(gain)));
        }
        if factors.is_empty() {
            "1".to_string()
        } else {
            factors.join(" * ")
        }
    }

    /// The variance of one value, a Python expression in `fan_in` and `fan_out`.
    fn variance(&self) -> String {
        let scale = self.keras_scale();
        match self.0.mode {
            FanMode::FanIn => format!("{scale} / fan_in"),
            FanMode::FanOut => format!("{scale} / fan_out"),
            FanMode::FanAvg if scale == "1" => "2 / (fan_in + fan_out)".to_string(),
            FanMode::FanAvg => format!("2 * {scale} / (fan_in + fan_out)"),
        }
    }

    /// The Python assignment of the spread for `tensor`: `std` of a (truncated) normal, or
    /// `limit` of a uniform on [-limit, limit]; returns (the line, the variable's name).
    fn spread(&self, tensor: Tensor) -> (String, String) {
        let variance = self.variance();
        let (name, value) = match self.0.distribution {
            Distribution::TruncatedNormal => (
                "std",
                format!("math.sqrt({variance}) / {}", truncation_rescale()),
            ),
            Distribution::UntruncatedNormal => ("std", format!("math.sqrt({variance})")),
            Distribution::Uniform => ("limit", format!("math.sqrt(3 * {variance})")),
        };
        let name = format!("{}{name}", tensor.prefix());
        (format!("{name} = {value}"), name)
    }

    /// The truncated/untruncated difference in a comment's words, for a normal of `scheme`;
    /// `None` for a uniform.
    fn truncation_note(&self, scheme: Scheme) -> Option<String> {
        let (id, rescale, variance) = (scheme.id(), truncation_rescale(), self.variance());
        let torch_untruncated = untruncated_function(scheme);
        match self.0.distribution {
            Distribution::TruncatedNormal => Some(format!(
                "{id} as Keras draws it: a normal cut at 2 stddev (values beyond are redrawn), \
                 its stddev divided by {rescale} first so that after the cut it is \
                 sqrt({variance}). PyTorch's nn.init.{torch_untruncated} draws the untruncated \
                 normal instead."
            )),
            Distribution::UntruncatedNormal => Some(format!(
                "{id} with untruncated_normal: a plain normal of stddev sqrt({variance}), as \
                 PyTorch's nn.init.{torch_untruncated} draws it (Keras's own cuts it at 2 \
                 stddev and rescales)."
            )),
            Distribution::Uniform => None,
        }
    }
}

/// For a weight tensor of a fan-based law, the truncated/untruncated difference as a comment
/// (see `Scaled::truncation_note`); nothing for a bias, which the weights' comment covers.
fn truncation_comment(s: &mut Script, indent: &str, scheme: Scheme, law: &Scaled, tensor: Tensor) {
    if tensor == Tensor::Weight {
        if let Some(note) = law.truncation_note(scheme) {
            s.comment(indent, &note);
        }
    }
}

/// PyTorch's function for the untruncated normal of a fan-based scheme, named where the
/// scripts state the truncated/untruncated difference.
fn untruncated_function(scheme: Scheme) -> &'static str {
    match scheme.fan_rule() {
        Some(FanRule::Glorot) => "xavier_normal_",
        Some(FanRule::He | FanRule::Lecun) => "kaiming_normal_",
        None => "normal_",
    }
}

/// The stddev of a standard normal cut at 2 stddev, 0.87962566103423978: Keras divides a
/// variance-scaling stddev by it before cutting.
fn truncation_rescale() -> String {
    py(libm::sqrt(truncated_variance_factor()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// Every fan-based law, as Python evaluates its variance expression, gives the variance of
    /// `Init::variance`, for several fans, gains and modes.
    #[test]
    fn python_variance_matches_the_core() {
        let options = [
            None,
            Some(r#"{"gain": 1.5}"#),
            Some(r#"{"distribution": "untruncated_normal"}"#),
            Some(r#"{"scale": 0.5, "mode": "fan_avg"}"#),
            Some(r#"{"scale": 3, "mode": "fan_out", "distribution": "uniform"}"#),
        ];
        let mut cases = Vec::new();
        for scheme in Scheme::ALL {
            for o in options {
                let value = o.map(|o| serde_json::from_str(o).unwrap());
                let Ok(init) = Init::from_json(scheme.id(), value.as_ref(), "init") else {
                    continue;
                };
                let Law::Scaled(law) = init.law() else {
                    continue;
                };
                let law = Scaled(law);
                for (fan_in, fan_out) in [(3, 5), (64, 10), (32, 32)] {
                    cases.push((
                        law.variance(),
                        fan_in,
                        fan_out,
                        init.variance(fan_in, fan_out),
                    ));
                }
            }
        }
        // 8 fan-based schemes, at least two option sets each, three pairs of fans.
        assert!(cases.len() >= 8 * 2 * 3, "{} cases", cases.len());
        let program: String = cases
            .iter()
            .map(|(v, i, o, _)| format!("fan_in, fan_out = {i}, {o}\nprint(repr({v}))\n"))
            .collect();
        let out = Command::new("python3")
            .args(["-c", &program])
            .output()
            .expect("python3 must be installed to check the generated Python");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let printed = String::from_utf8(out.stdout).unwrap();
        let values: Vec<f64> = printed.lines().map(|l| l.parse().unwrap()).collect();
        assert_eq!(values.len(), cases.len());
        for ((expr, fan_in, fan_out, want), got) in cases.iter().zip(values) {
            assert!(
                (got - want).abs() <= 1e-12 * want,
                "{expr} at ({fan_in}, {fan_out}): python {got}, core {want}"
            );
        }
    }

    /// Every fraction `py_exact` writes evaluates in Python to the very f64 it stands for, and
    /// a short literal stays a literal.
    #[test]
    fn exact_fractions_are_the_same_number_in_python() {
        let values: Vec<f64> = (2..10u8)
            .flat_map(|d| (1..3 * d).map(move |n| f64::from(n) / f64::from(d)))
            .collect();
        let exprs: Vec<String> = values.iter().map(|&v| py_exact(v)).collect();
        let program: String = exprs
            .iter()
            .map(|e| format!("print(repr({e}))\n"))
            .collect();
        let out = Command::new("python3")
            .args(["-c", &program])
            .output()
            .expect("python3 must be installed to check the generated Python");
        let printed = String::from_utf8(out.stdout).unwrap();
        let got: Vec<f64> = printed.lines().map(|l| l.parse().unwrap()).collect();
        assert_eq!(got, values, "{exprs:?}");
        assert_eq!(py_exact(1.0 / 3.0), "1 / 3");
        assert_eq!(py_exact(2.0 / 7.0), "2 / 7");
        assert_eq!(
            [py_exact(0.5), py_exact(2.0), py_exact(0.75)],
            ["0.5", "2", "0.75"]
        );
    }

    #[test]
    fn numbers_are_python_literals_in_shortest_form() {
        assert_eq!(py(0.1f32), "0.1");
        assert_eq!(py(1e-7f32), "1e-7");
        assert_eq!(py(1.0f64), "1");
        assert_eq!(py(-0.05f64), "-0.05");
        assert_eq!(truncation_rescale(), "0.8796256610342398");
    }
}
