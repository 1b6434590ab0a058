//! In-kind mode's data: a numpy version of each dataset that draws the same kind of points as
//! `crate::data` (initlab's exact points come from its own seeded generator).

use super::script::{py, Script, BODY};
use crate::config::Config;
use crate::data::{DatasetKind, VIEW_EXTENT};

/// The jitter's standard deviation per unit of `noise` on the 2-D sets (as in `crate::data`).
const JITTER_PER_NOISE: f64 = 0.5;

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

/// `make_data()` (and `polar` where a set needs it): the dataset drawn by numpy from
/// `DATA_SEED`, split as initlab splits, features as float32 before standardization.
pub(super) fn make_data(s: &mut Script, c: &Config) {
    let kind = c.dataset;
    let shape = shape_lines(kind);
    if let Some((true, _)) = shape {
        s.lines([
            "def polar(radius, angle):",
            "    return np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)",
        ]);
        s.gap();
    }
    s.line("def make_data():");
    s.doc(
        BODY,
        &format!(
            "Data: {}, raw features and labels, split into training and test sets. initlab's \
             exact points come from its own seeded generator; this numpy version draws the same \
             kind of data.",
            kind.label()
        ),
    );
    s.line(format!("{BODY}rng = np.random.default_rng(DATA_SEED)"));
    match shape {
        Some((_, shape)) => {
            s.line(format!(
                "{BODY}y = np.arange(SAMPLES) % {}  # sample i belongs to class i % {0}",
                kind.classes()
            ));
            s.indented(BODY, shape);
            s.line(format!(
                "{BODY}x = np.clip(x + {} * NOISE * rng.standard_normal(x.shape), -{e}, {e})  # jitter, in view",
                py(JITTER_PER_NOISE),
                e = py(VIEW_EXTENT)
            ));
        }
        None if kind == DatasetKind::Custom => custom_data(s),
        None => s.indented(
            BODY,
            [
                "digits = load_digits()  # the 1797 8x8 images initlab ships, pixels 0 to 16",
                "x = digits.data / 16 + NOISE * rng.standard_normal(digits.data.shape)",
                "keep = rng.permutation(len(digits.target))[:SAMPLES]  # initlab: classes in turn",
                "x, y = x[keep], digits.target[keep]",
            ],
        ),
    }
    s.indented(
        BODY,
        [
            "order = rng.permutation(SAMPLES)",
            "n_train = round(SAMPLES * (1 - TEST_FRACTION))",
            "train, test = order[:n_train], order[n_train:]",
            "x = x.astype(np.float32)",
            "return x[train], y[train], x[test], y[test]",
        ],
    );
}

/// `make_data()`'s lines that set `x` and `y` (SAMPLES rows) from the student's CSV file, carried
/// in the script as initlab read it, taken and scaled as `crate::data` takes custom data.
fn custom_data(s: &mut Script) {
    let Some(table) = crate::data::custom_table() else {
        return s.line(format!(
            "{BODY}raise SystemExit(\"initlab: load your CSV on the page first\")"
        ));
    };
    let names = |list: &[String]| serde_json::to_string(list).expect("strings serialize");
    s.line(format!(
        "{BODY}# Your CSV, as initlab read it: {} rows of {} features; the class column {}.",
        table.rows(),
        table.features(),
        serde_json::to_string(&table.label_name).expect("a string serializes")
    ));
    s.line(format!("{BODY}features = {}", names(&table.feature_names)));
    s.line(format!(
        "{BODY}classes = {}  # class i is classes[i]",
        names(&table.class_names)
    ));
    s.line(format!("{BODY}table = np.array(["));
    for row in table.x.chunks_exact(table.features().max(1)) {
        let values: Vec<String> = row.iter().map(|v| format!("{v}")).collect();
        s.line(format!("{BODY}    [{}],", values.join(", ")));
    }
    s.line(format!("{BODY}], dtype=\"float64\")"));
    let labels: Vec<String> = table.y.iter().map(u8::to_string).collect();
    s.line(format!("{BODY}labels = np.array([{}])", labels.join(", ")));
    s.indented(
        BODY,
        [
            "keep = rng.permutation(len(labels))[:SAMPLES]  # initlab takes SAMPLES rows in a seeded order".to_string(),
            "x, y = table[keep], labels[keep]".to_string(),
            "# Every feature scaled to [-1, 1] by its range over the file, then jittered, as on the page.".to_string(),
            "lo, hi = table.min(axis=0), table.max(axis=0)".to_string(),
            "x = np.where(hi > lo, 2 * (x - lo) / np.where(hi > lo, hi - lo, 1) - 1, 0)".to_string(),
            format!(
                "x = np.clip(x + {} * NOISE * rng.standard_normal(x.shape), -{e}, {e})",
                py(JITTER_PER_NOISE),
                e = py(VIEW_EXTENT)
            ),
        ],
    );
}
