//! Seeded datasets: six 2-D toy sets in the spirit of TensorFlow Playground (plus CS231n's
//! three-arm spiral), the 8x8 handwritten digits that scikit-learn ships as `load_digits`, and
//! the student's own data, a CSV file read by `crate::csv` (`load_custom`).
//!
//! A dataset is a pure function of its kind, sample count, noise, test fraction and the random
//! stream it is given (`rng::Stream::Data`): points are drawn class by class, shuffled
//! (Fisher-Yates) and split. All maths goes through `libm` and `crate::rng`, so a seed gives the
//! same bits natively and in wasm.

use crate::csv::Table;
use crate::error::ConfigError;
use crate::rng::{index, standard_normal, uniform, Rng};
use rand::seq::SliceRandom;
use std::cell::RefCell;
use std::f64::consts::{PI, TAU};
use std::rc::Rc;

/// Half-width of the square [-VIEW_EXTENT, VIEW_EXTENT]^2 on which the page draws 2-D data and
/// the decision boundary. Clean 2-D points lie in about [-1, 1]^2; jittered ones are clamped to
/// this square so every point is drawn.
pub const VIEW_EXTENT: f32 = 1.25;

/// The largest allowed `noise` (the smallest is 0, a clean dataset).
pub const MAX_NOISE: f32 = 1.0;

/// The noise a new experiment starts with: each 2-D set is still learnable to 95%+ by a small
/// MLP, yet classes touch enough for the boundary to matter.
pub const DEFAULT_NOISE: f32 = 0.1;

/// The allowed range (inclusive) of the fraction of samples held out for testing.
pub const TEST_FRACTION_RANGE: (f32, f32) = (0.1, 0.9);

/// The fewest samples any dataset may have (two per digit class).
pub const MIN_SAMPLES: usize = crate::csv::MIN_ROWS;

/// Standard deviation of the Gaussian jitter added to each coordinate of a 2-D point at
/// `noise` = 1; the jitter is `noise * JITTER_AT_FULL_NOISE`, so 0.05 at the default noise, a
/// fifth of the gap between neighbouring spiral arms.
const JITTER_AT_FULL_NOISE: f64 = 0.5;

/// A dataset the page offers. Ids are stable: they appear in configs, URLs and the JS API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatasetKind {
    /// Class 0: a disc of radius 0.5; class 1: a ring of radii 0.7 to 1 around it.
    Circle,
    /// Class 0: points in quadrants I and III (x*y > 0); class 1: quadrants II and IV.
    Xor,
    /// Two Gaussian blobs of standard deviation 0.2 centred at (0.5, 0.5) (class 0) and
    /// (-0.5, -0.5) (class 1): the easy, linearly separable set.
    Gauss,
    /// Two interleaved spirals of 1.75 turns each from radius 0.1 out to 1, the second rotated
    /// by half a turn.
    Spiral,
    /// Two interleaving half-circles, as scikit-learn's `make_moons`, centred and scaled by 2/3
    /// to fit [-1, 1] x [-0.5, 0.5].
    Moons,
    /// Three spiral arms 120 degrees apart, each sweeping 4 radians from radius 0.1 out to 1
    /// (CS231n's example); 3 classes.
    Spiral3,
    /// The 1797 8x8 handwritten digits of scikit-learn's `load_digits` (UCI optdigits test set):
    /// 64 inputs, 10 classes.
    Digits,
    /// The student's own data, the CSV file given to `load_custom` (one per thread: the page
    /// loads it into each worker): its features and classes. Not among `ALL`: it exists once a
    /// file is loaded, and never travels in a link.
    Custom,
}

impl DatasetKind {
    /// Every dataset, in the order the page lists them.
    pub const ALL: [DatasetKind; 7] = [
        DatasetKind::Circle,
        DatasetKind::Xor,
        DatasetKind::Gauss,
        DatasetKind::Spiral,
        DatasetKind::Moons,
        DatasetKind::Spiral3,
        DatasetKind::Digits,
    ];

    /// The stable id used in configs, URLs and the JS API.
    pub fn id(self) -> &'static str {
        match self {
            DatasetKind::Circle => "circle",
            DatasetKind::Xor => "xor",
            DatasetKind::Gauss => "gauss",
            DatasetKind::Spiral => "spiral",
            DatasetKind::Moons => "moons",
            DatasetKind::Spiral3 => "spiral3",
            DatasetKind::Digits => "digits",
            DatasetKind::Custom => "custom",
        }
    }

    /// The name a student reads on the page.
    pub fn label(self) -> &'static str {
        match self {
            DatasetKind::Circle => "Circle",
            DatasetKind::Xor => "XOR",
            DatasetKind::Gauss => "Two Gaussians",
            DatasetKind::Spiral => "Spiral",
            DatasetKind::Moons => "Moons",
            DatasetKind::Spiral3 => "Three spirals",
            DatasetKind::Digits => "Digits (8x8)",
            DatasetKind::Custom => "Your data (CSV)",
        }
    }

    /// Parses an id; the error names the `dataset` field and lists the allowed ids. `custom`
    /// parses once a file is loaded (`load_custom`), else its error says how to get one.
    pub fn from_id(id: &str) -> Result<Self, ConfigError> {
        if id == DatasetKind::Custom.id() {
            return custom_table().map(|_| DatasetKind::Custom).ok_or_else(|| {
                ConfigError::new(
                    "dataset",
                    "custom is your own CSV file, which stays in the browser that loaded it and is never put in a link: load it on this page",
                )
            });
        }
        Self::ALL
            .into_iter()
            .find(|k| k.id() == id)
            .ok_or_else(|| ConfigError::unknown_id("dataset", id, &Self::ALL.map(DatasetKind::id)))
    }

    /// Features per sample: 2 (x, y) for the 2-D sets, 64 pixels for digits, the loaded file's
    /// feature columns for `Custom` (0 while none is loaded).
    pub fn inputs(self) -> usize {
        match self {
            DatasetKind::Digits => DIGITS_PIXELS,
            DatasetKind::Custom => custom_table().map_or(0, |t| t.features()),
            _ => 2,
        }
    }

    /// Number of classes: 2 for the binary 2-D sets, 3 for `Spiral3`, 10 for digits, the loaded
    /// file's for `Custom` (0 while none is loaded).
    pub fn classes(self) -> usize {
        match self {
            DatasetKind::Spiral3 => 3,
            DatasetKind::Digits => DIGITS_CLASSES,
            DatasetKind::Custom => custom_table().map_or(0, |t| t.classes()),
            _ => 2,
        }
    }

    /// Whether samples are points in the plane (so the page can draw a decision boundary).
    pub fn is_2d(self) -> bool {
        self.inputs() == 2
    }

    /// The inclusive range (min, max) of `samples`: 20..=5000 for 2-D sets, 20..=1797 for
    /// digits (there are 1797 digit images), 20 to the loaded file's rows for `Custom`.
    pub fn sample_range(self) -> (usize, usize) {
        match self {
            DatasetKind::Digits => (MIN_SAMPLES, DIGITS_COUNT),
            DatasetKind::Custom => (
                MIN_SAMPLES,
                custom_table().map_or(MIN_SAMPLES, |t| t.rows()),
            ),
            _ => (MIN_SAMPLES, 5000),
        }
    }

    /// The sample count a new experiment starts with: 400 for 2-D sets, all 1797 digits, every
    /// row of the loaded file.
    pub fn default_samples(self) -> usize {
        match self {
            DatasetKind::Digits => DIGITS_COUNT,
            DatasetKind::Custom => self.sample_range().1,
            _ => 400,
        }
    }
}

/// A generated dataset, split into a training and a test part.
///
/// `train_x` is `train_len() x inputs` and `test_x` is `test_len() x inputs`, row-major (sample
/// `i` is `x[i * inputs..(i + 1) * inputs]`); `train_y[i]` / `test_y[i]` is that sample's class
/// index in `0..classes`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Which dataset this is.
    pub kind: DatasetKind,
    /// Features per sample (`kind.inputs()`).
    pub inputs: usize,
    /// Number of classes (`kind.classes()`).
    pub classes: usize,
    /// Training features, `train_len() x inputs`, row-major.
    pub train_x: Vec<f32>,
    /// Training labels, class indices.
    pub train_y: Vec<u8>,
    /// Test features, `test_len() x inputs`, row-major.
    pub test_x: Vec<f32>,
    /// Test labels, class indices.
    pub test_y: Vec<u8>,
}

impl Dataset {
    /// Number of training samples.
    pub fn train_len(&self) -> usize {
        self.train_y.len()
    }

    /// Number of test samples.
    pub fn test_len(&self) -> usize {
        self.test_y.len()
    }

    /// Whether samples are points of the plane (two features), which the page draws with the
    /// decision boundary. Read from the data, not the kind: custom data may be loaded anew.
    pub fn is_2d(&self) -> bool {
        self.inputs == 2
    }
}

/// How many of `samples` samples go to training when `test_fraction` of them are held out:
/// `round(samples * (1 - test_fraction))`.
pub fn train_count(samples: usize, test_fraction: f32) -> usize {
    (samples as f64 * (1.0 - f64::from(test_fraction))).round() as usize
}

/// Generates `samples` samples of `kind` from `rng`, shuffles them and splits them: the first
/// `train_count(samples, test_fraction)` go to training, the rest to test.
///
/// Classes are balanced: 2-D class counts differ by at most one; digits are picked round-robin
/// over classes from a seeded shuffle, so counts differ by at most one while every class has
/// images left (all 1797 are taken at the maximum).
///
/// `noise` scales the jitter, 0 giving clean data. On 2-D sets it adds Gaussian noise of
/// standard deviation `0.5 * noise` to each coordinate (points then clamped to
/// [-VIEW_EXTENT, VIEW_EXTENT]^2); on digits, whose inputs are pixel / 16 in [0, 1], it adds
/// Gaussian noise of standard deviation `noise` to each pixel (unclamped).
///
/// Preconditions (validated by the experiment config): `samples` within
/// `kind.sample_range()`, `noise` in [0, MAX_NOISE], `test_fraction` within
/// `TEST_FRACTION_RANGE`. Out-of-range values are clamped (NaN to the low end), never a panic.
/// The data must be `available`.
pub fn generate(
    kind: DatasetKind,
    samples: usize,
    noise: f32,
    test_fraction: f32,
    rng: &mut Rng,
) -> Dataset {
    let (min_samples, max_samples) = kind.sample_range();
    let samples = samples.clamp(min_samples, max_samples);
    let noise = f64::from(clamp_or_low(noise, (0.0, MAX_NOISE)));
    let test_fraction = clamp_or_low(test_fraction, TEST_FRACTION_RANGE);

    let (x, y) = match (shape(kind), custom_table()) {
        (Some(shape), _) => points_2d(
            shape,
            kind.classes(),
            samples,
            noise * JITTER_AT_FULL_NOISE,
            rng,
        ),
        (None, Some(table)) if kind == DatasetKind::Custom => {
            custom(&table, samples, noise * JITTER_AT_FULL_NOISE, rng)
        }
        (None, _) => digits(samples, noise, rng),
    };
    let mut order: Vec<usize> = (0..samples).collect();
    order.shuffle(rng);
    let n_train = train_count(samples, test_fraction);
    let (train, test) = order.split_at(n_train);
    let inputs = kind.inputs();
    let (train_x, train_y) = gather(&x, &y, inputs, train);
    let (test_x, test_y) = gather(&x, &y, inputs, test);
    Dataset {
        kind,
        inputs,
        classes: kind.classes(),
        train_x,
        train_y,
        test_x,
        test_y,
    }
}

/// A `resolution x resolution` grid of points covering [-VIEW_EXTENT, VIEW_EXTENT]^2, for
/// drawing decision boundaries: `2 * resolution^2` values, (x, y) interleaved.
///
/// Row-major like an image: row 0 is the top (largest y), column 0 the left (smallest x). Each
/// point is the centre of its cell, so point (row r, column c) sits at index `2 * (r *
/// resolution + c)` with x = -E + (c + 0.5) * 2E / resolution and y = E - (r + 0.5) * 2E /
/// resolution, E = VIEW_EXTENT; a network's output there colours pixel (r, c) of the heatmap.
/// The caller bounds `resolution` (the vector grows with its square).
pub fn grid(resolution: usize) -> Vec<f32> {
    let extent = f64::from(VIEW_EXTENT);
    let cell = 2.0 * extent / resolution as f64;
    let centre = |i: usize| (i as f64 + 0.5) * cell;
    let mut points = Vec::with_capacity(2 * resolution * resolution);
    for r in 0..resolution {
        for c in 0..resolution {
            points.push((centre(c) - extent) as f32);
            points.push((extent - centre(r)) as f32);
        }
    }
    points
}

/// `value` clamped to the inclusive `range`; NaN becomes the lower bound.
fn clamp_or_low(value: f32, (low, high): (f32, f32)) -> f32 {
    if value.is_nan() {
        low
    } else {
        value.clamp(low, high)
    }
}

/// The rows `picks` of (`x`, `y`), in that order; `x` has `inputs` features per row.
fn gather(x: &[f32], y: &[u8], inputs: usize, picks: &[usize]) -> (Vec<f32>, Vec<u8>) {
    let rows = picks.iter().flat_map(|&i| &x[i * inputs..(i + 1) * inputs]);
    (
        rows.copied().collect(),
        picks.iter().map(|&i| y[i]).collect(),
    )
}

/// A noise-free 2-D point of the given class, drawn from the random stream.
type Shape = fn(usize, &mut Rng) -> (f64, f64);

/// The shape that draws the clean points of a built-in 2-D `kind`; `None` for digits and custom
/// data.
fn shape(kind: DatasetKind) -> Option<Shape> {
    match kind {
        DatasetKind::Circle => Some(circle),
        DatasetKind::Xor => Some(xor),
        DatasetKind::Gauss => Some(gauss),
        DatasetKind::Spiral => Some(spiral),
        DatasetKind::Moons => Some(moons),
        DatasetKind::Spiral3 => Some(spiral3),
        DatasetKind::Digits | DatasetKind::Custom => None,
    }
}

/// `samples` points of `shape`, sample `i` of class `i % classes`, each coordinate jittered by
/// Gaussian noise of standard deviation `jitter` and clamped to the view.
fn points_2d(
    shape: Shape,
    classes: usize,
    samples: usize,
    jitter: f64,
    rng: &mut Rng,
) -> (Vec<f32>, Vec<u8>) {
    let extent = f64::from(VIEW_EXTENT);
    let mut x = Vec::with_capacity(2 * samples);
    let mut y = Vec::with_capacity(samples);
    for i in 0..samples {
        let class = i % classes;
        let (px, py) = shape(class, rng);
        for v in [px, py] {
            let noisy = v + jitter * standard_normal(rng);
            x.push(noisy.clamp(-extent, extent) as f32);
        }
        y.push(class as u8);
    }
    (x, y)
}

/// +1 for class 0, -1 for class 1: mirrors the two classes of the symmetric sets.
fn side(class: usize) -> f64 {
    if class == 0 {
        1.0
    } else {
        -1.0
    }
}

/// Circle: class 0 uniform in radius on a disc of radius 0.5, class 1 on the ring 0.7..1.
fn circle(class: usize, rng: &mut Rng) -> (f64, f64) {
    let radius = if class == 0 {
        0.5 * uniform(rng)
    } else {
        0.7 + 0.3 * uniform(rng)
    };
    polar(radius, TAU * uniform(rng))
}

/// XOR: a random quadrant of the class (I or III for class 0, II or IV for class 1); |x| and
/// |y| stay 0.05 away from the axes so the quadrant, hence the class, is clear.
fn xor(class: usize, rng: &mut Rng) -> (f64, f64) {
    let sign_x = side(index(rng, 2));
    let x = sign_x * (0.05 + 0.95 * uniform(rng));
    let y = side(class) * sign_x * (0.05 + 0.95 * uniform(rng));
    (x, y)
}

/// Two Gaussians: N((0.5, 0.5), 0.2^2 I) for class 0, its mirror through the origin for class 1.
fn gauss(class: usize, rng: &mut Rng) -> (f64, f64) {
    let centre = 0.5 * side(class);
    (
        centre + 0.2 * standard_normal(rng),
        centre + 0.2 * standard_normal(rng),
    )
}

/// Spiral: angle 1.75 turns * t at radius 0.1 + 0.9t, t uniform in [0, 1); class 1 is turned by
/// pi. Starting at radius 0.1 keeps the arms 0.2 apart at the centre, where they would touch.
fn spiral(class: usize, rng: &mut Rng) -> (f64, f64) {
    let t = uniform(rng);
    polar(0.1 + 0.9 * t, 1.75 * TAU * t + class as f64 * PI)
}

/// Moons: `make_moons`'s upper arc (cos t, sin t) for class 0 and lower arc
/// (1 - cos t, 0.5 - sin t) for class 1, t uniform in [0, pi), then centred on (0.5, 0.25)
/// and scaled by 2/3.
fn moons(class: usize, rng: &mut Rng) -> (f64, f64) {
    let t = PI * uniform(rng);
    let (x, y) = if class == 0 {
        (libm::cos(t), libm::sin(t))
    } else {
        (1.0 - libm::cos(t), 0.5 - libm::sin(t))
    };
    ((x - 0.5) * 2.0 / 3.0, (y - 0.25) * 2.0 / 3.0)
}

/// Three spirals: angle 4t radians at radius 0.1 + 0.9t, t uniform in [0, 1); arm k is turned by
/// k * 2pi/3.
fn spiral3(class: usize, rng: &mut Rng) -> (f64, f64) {
    let t = uniform(rng);
    polar(0.1 + 0.9 * t, 4.0 * t + class as f64 * TAU / 3.0)
}

/// The point at `radius` and `angle` (radians, counter-clockwise from the x axis).
fn polar(radius: f64, angle: f64) -> (f64, f64) {
    (radius * libm::cos(angle), radius * libm::sin(angle))
}

/// The digit images, data/digits.bin: `DIGITS_COUNT` records of `DIGITS_PIXELS` pixel bytes
/// (0..=16, the 8x8 image row-major from the top-left) followed by one label byte (0..=9), in
/// scikit-learn's order. See data/README.md for source, licence and conversion. Native builds
/// carry them; the wasm build does not (they would be a fifth of the page's download for one
/// dataset of seven): a page or script gives them with `load_digits` before training on digits.
#[cfg(not(target_arch = "wasm32"))]
fn digit_bytes() -> Option<&'static [u8]> {
    Some(include_bytes!("../data/digits.bin"))
}

/// The digit images as `load_digits` was given them (see the native `digit_bytes`).
#[cfg(target_arch = "wasm32")]
fn digit_bytes() -> Option<&'static [u8]> {
    LOADED_DIGITS.get().map(Vec::as_slice)
}

/// The digit images given to `load_digits` (wasm builds).
#[cfg(target_arch = "wasm32")]
static LOADED_DIGITS: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

/// Takes the digit images (data/digits.bin's bytes) for a build that does not carry them; a
/// second call with the same bytes changes nothing. Refuses, naming the field `digits`, bytes
/// that are not `DIGITS_COUNT` records of pixels in 0..=16 and a label in 0..=9, or that differ
/// from those already given.
pub fn load_digits(bytes: &[u8]) -> Result<(), ConfigError> {
    check_digits(bytes)?;
    #[cfg(target_arch = "wasm32")]
    if LOADED_DIGITS.get_or_init(|| bytes.to_vec()) != bytes {
        return Err(ConfigError::new(
            "digits",
            "differ from the images already loaded",
        ));
    }
    #[cfg(not(target_arch = "wasm32"))]
    if digit_bytes() != Some(bytes) {
        return Err(ConfigError::new(
            "digits",
            "differ from the images this build carries",
        ));
    }
    Ok(())
}

/// Whether `bytes` are the digit images' format: see `load_digits`.
fn check_digits(bytes: &[u8]) -> Result<(), ConfigError> {
    if bytes.len() != DIGITS_COUNT * DIGITS_RECORD {
        return Err(ConfigError::new(
            "digits",
            format!(
                "must be data/digits.bin's {} bytes ({DIGITS_COUNT} records of {DIGITS_PIXELS} pixels and a label), got {}",
                DIGITS_COUNT * DIGITS_RECORD,
                bytes.len()
            ),
        ));
    }
    let bad = bytes.chunks(DIGITS_RECORD).position(|record| {
        record[..DIGITS_PIXELS]
            .iter()
            .any(|&p| f64::from(p) > DIGITS_MAX_PIXEL)
            || usize::from(record[DIGITS_PIXELS]) >= DIGITS_CLASSES
    });
    match bad {
        Some(i) => Err(ConfigError::new(
            "digits",
            format!("record {i} has a pixel above 16 or a label above 9: not data/digits.bin"),
        )),
        None => Ok(()),
    }
}

/// Whether `kind`'s data can be made: every built-in set but digits always; digits once its
/// images are there (see `load_digits`), custom data once a file is (see `load_custom`), else
/// an error naming the field `dataset`.
pub fn available(kind: DatasetKind) -> Result<(), ConfigError> {
    if kind == DatasetKind::Custom {
        return DatasetKind::from_id(kind.id()).map(|_| ());
    }
    if kind == DatasetKind::Digits && digit_bytes().is_none() {
        return Err(ConfigError::new(
            "dataset",
            "digits needs its images first: call loadDigits(bytes) with data/digits.bin (the page does this by itself)",
        ));
    }
    Ok(())
}
thread_local! {
    /// The file `load_custom` was given last on this thread (each page worker loads its own).
    static CUSTOM: RefCell<Option<Rc<Table>>> = const { RefCell::new(None) };
}

/// Makes `table` this thread's custom data (`DatasetKind::Custom`), in place of any before:
/// runs made from then on use it; runs already made keep the data they were made with.
pub fn load_custom(table: Table) {
    CUSTOM.with(|custom| *custom.borrow_mut() = Some(Rc::new(table)));
}

/// This thread's custom data, if a file was loaded.
pub fn custom_table() -> Option<Rc<Table>> {
    CUSTOM.with(|custom| custom.borrow().clone())
}

/// `samples` rows of `table` (all of them, in a seeded order, at its row count), each feature
/// scaled to [-1, 1] by its minimum and maximum over the table (a constant one to 0) so 2-D data
/// fill the page's view as the built-in sets do, then jittered by Gaussian noise of standard
/// deviation `jitter` (drawn even at 0, so the noise never changes which rows are taken) and
/// clamped to the view. The network standardizes its inputs, so the scaling changes nothing it
/// learns.
fn custom(table: &Table, samples: usize, jitter: f64, rng: &mut Rng) -> (Vec<f32>, Vec<u8>) {
    let features = table.features();
    let mut picks: Vec<usize> = (0..table.rows()).collect();
    picks.shuffle(rng);
    picks.truncate(samples);
    let column = |j: usize| {
        table
            .x
            .iter()
            .skip(j)
            .step_by(features)
            .map(|&v| f64::from(v))
    };
    let ranges: Vec<(f64, f64)> = (0..features)
        .map(|j| {
            (
                column(j).fold(f64::INFINITY, f64::min),
                column(j).fold(f64::NEG_INFINITY, f64::max),
            )
        })
        .collect();
    let extent = f64::from(VIEW_EXTENT);
    let mut x = Vec::with_capacity(picks.len() * features);
    for &i in &picks {
        for (j, &(lo, hi)) in ranges.iter().enumerate() {
            let v = f64::from(table.x[i * features + j]);
            let scaled = if hi > lo {
                2.0 * (v - lo) / (hi - lo) - 1.0
            } else {
                0.0
            };
            let noisy = scaled + jitter * standard_normal(rng);
            x.push(noisy.clamp(-extent, extent) as f32);
        }
    }
    (x, picks.iter().map(|&i| table.y[i]).collect())
}

/// Number of digit images.
const DIGITS_COUNT: usize = 1797;
/// Pixels per digit image (8x8).
const DIGITS_PIXELS: usize = 64;
/// Digit classes, 0 to 9.
const DIGITS_CLASSES: usize = 10;
/// The largest pixel value: each pixel counts the set bits of a 4x4 block of the 32x32 original.
const DIGITS_MAX_PIXEL: f64 = 16.0;
/// Bytes per record: the pixels, then the label.
const DIGITS_RECORD: usize = DIGITS_PIXELS + 1;
/// The pixels (0..=16) and label of digit record `i` (`i < DIGITS_COUNT`). Callers make digits
/// only once `available` said they can.
fn digit_record(i: usize) -> (&'static [u8], u8) {
    let bytes = digit_bytes().expect("the digit images were loaded: data::available checks");
    let record = &bytes[i * DIGITS_RECORD..(i + 1) * DIGITS_RECORD];
    (&record[..DIGITS_PIXELS], record[DIGITS_PIXELS])
}

/// `samples` digit images as inputs pixel / 16 plus Gaussian noise of standard deviation
/// `noise` (drawn even at 0, so the noise never changes which images are picked or the split).
fn digits(samples: usize, noise: f64, rng: &mut Rng) -> (Vec<f32>, Vec<u8>) {
    let picks = pick_digits(samples, rng);
    let mut x = Vec::with_capacity(picks.len() * DIGITS_PIXELS);
    let mut y = Vec::with_capacity(picks.len());
    for &i in &picks {
        let (pixels, label) = digit_record(i);
        for &p in pixels {
            let value = f64::from(p) / DIGITS_MAX_PIXEL + noise * standard_normal(rng);
            x.push(value as f32);
        }
        y.push(label);
    }
    (x, y)
}

/// `samples` (at most `DIGITS_COUNT`) distinct record indices, class-balanced: the records are
/// shuffled, each is ranked by how many of its class came before it, and the lowest ranks are
/// taken first (ties by class), i.e. round-robin over the classes in shuffled order.
fn pick_digits(samples: usize, rng: &mut Rng) -> Vec<usize> {
    let mut order: Vec<usize> = (0..DIGITS_COUNT).collect();
    order.shuffle(rng);
    let mut seen = [0usize; DIGITS_CLASSES];
    let ranked: Vec<(usize, u8, usize)> = order
        .into_iter()
        .map(|i| {
            let label = digit_record(i).1;
            let rank = seen[usize::from(label)];
            seen[usize::from(label)] += 1;
            (rank, label, i)
        })
        .collect();
    // Every key holds its own index `i`, so the core's one stable sort gives the order any sort
    // would, without a second sort in the wasm.
    crate::order::sorted_indices(ranked.len(), &|a, b| ranked[a].cmp(&ranked[b]))
        .into_iter()
        .take(samples)
        .map(|k| ranked[k].2)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{seeded, Stream};

    fn make(kind: DatasetKind, samples: usize, noise: f32, seed: u64) -> Dataset {
        generate(kind, samples, noise, 0.25, &mut seeded(seed, Stream::Data))
    }

    fn rows(x: &[f32], inputs: usize) -> impl Iterator<Item = &[f32]> {
        x.chunks_exact(inputs)
    }

    /// Test accuracy of the 1-nearest-neighbour classifier fitted on the training part.
    fn nearest_neighbour_accuracy(d: &Dataset) -> f64 {
        let train: Vec<&[f32]> = rows(&d.train_x, d.inputs).collect();
        let correct = rows(&d.test_x, d.inputs)
            .zip(&d.test_y)
            .filter(|(q, &label)| {
                let dist =
                    |p: &[f32]| -> f32 { p.iter().zip(*q).map(|(a, b)| (a - b) * (a - b)).sum() };
                let best = (0..train.len())
                    .min_by(|&a, &b| dist(train[a]).total_cmp(&dist(train[b])))
                    .unwrap();
                d.train_y[best] == label
            })
            .count();
        correct as f64 / d.test_len() as f64
    }

    /// The best accuracy of any straight line on all samples of a binary 2-D set: 180 directions,
    /// every threshold along each, either side labelled class 0.
    fn best_linear_accuracy(d: &Dataset) -> f64 {
        let points: Vec<(&[f32], u8)> = rows(&d.train_x, 2)
            .zip(d.train_y.iter().copied())
            .chain(rows(&d.test_x, 2).zip(d.test_y.iter().copied()))
            .collect();
        let n = points.len();
        let ones = points.iter().filter(|p| p.1 == 1).count();
        // Before any threshold every point is called class 1 (or, flipped, class 0).
        let mut best = ones.max(n - ones);
        for step in 0..180 {
            let angle = step as f64 * PI / 180.0;
            let (c, s) = (libm::cos(angle) as f32, libm::sin(angle) as f32);
            let mut projected: Vec<(f32, u8)> = points
                .iter()
                .map(|(p, y)| (c * p[0] + s * p[1], *y))
                .collect();
            projected.sort_by(|a, b| a.0.total_cmp(&b.0));
            // Moving the threshold past a point calls that point class 0 instead of class 1.
            let mut correct = ones;
            for (_, y) in &projected {
                correct = if *y == 0 { correct + 1 } else { correct - 1 };
                best = best.max(correct).max(n - correct);
            }
        }
        best as f64 / n as f64
    }

    fn class_counts(d: &Dataset) -> Vec<usize> {
        let mut counts = vec![0; d.classes];
        for &y in d.train_y.iter().chain(&d.test_y) {
            counts[usize::from(y)] += 1;
        }
        counts
    }

    #[test]
    fn ids_round_trip_and_unknown_ids_are_rejected() {
        for kind in DatasetKind::ALL {
            assert_eq!(DatasetKind::from_id(kind.id()), Ok(kind));
            assert_eq!(kind.is_2d(), kind != DatasetKind::Digits);
        }
        let err = DatasetKind::from_id("mnist").unwrap_err();
        assert_eq!(err.field, "dataset");
        assert!(err.message.contains("\"mnist\"") && err.message.contains("spiral3"));
    }

    #[test]
    fn same_seed_repeats_and_other_seeds_differ() {
        for kind in DatasetKind::ALL {
            let n = kind.sample_range().0 * 5;
            let a = make(kind, n, DEFAULT_NOISE, 11);
            assert_eq!(a, make(kind, n, DEFAULT_NOISE, 11), "{kind:?}");
            let b = make(kind, n, DEFAULT_NOISE, 12);
            assert_ne!(a.train_x, b.train_x, "{kind:?}");
        }
    }

    #[test]
    fn sizes_split_and_class_balance() {
        for kind in DatasetKind::ALL {
            let (lo, hi) = kind.sample_range();
            for n in [lo, 97, kind.default_samples(), hi] {
                for fraction in [0.1, 0.25, 0.9] {
                    let d = generate(kind, n, 0.0, fraction, &mut seeded(3, Stream::Data));
                    let expected_train = (n as f64 * (1.0 - f64::from(fraction))).round() as usize;
                    assert_eq!(
                        (d.train_len(), d.test_len()),
                        (expected_train, n - expected_train)
                    );
                    assert_eq!(d.train_x.len(), d.train_len() * kind.inputs());
                    assert_eq!(d.test_x.len(), d.test_len() * kind.inputs());
                    assert_eq!((d.inputs, d.classes), (kind.inputs(), kind.classes()));
                    let counts = class_counts(&d);
                    let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
                    // All 1797 digits keep their natural imbalance (174 to 183 per class).
                    let allowed = if n == DIGITS_COUNT { 9 } else { 1 };
                    assert!(max - min <= allowed, "{kind:?} n={n}: {counts:?}");
                }
            }
        }
    }

    #[test]
    fn out_of_range_arguments_are_clamped_not_fatal() {
        let d = generate(
            DatasetKind::Circle,
            0,
            f32::NAN,
            f32::NAN,
            &mut seeded(1, Stream::Data),
        );
        assert_eq!(d.train_len() + d.test_len(), MIN_SAMPLES);
        // NaN noise falls to 0 and a NaN test fraction to its lower bound, 0.1: 2 of 20.
        assert_eq!(d.test_len(), 2);
        let expected = generate(
            DatasetKind::Circle,
            20,
            0.0,
            0.1,
            &mut seeded(1, Stream::Data),
        );
        assert_eq!(d, expected);
        let d = generate(
            DatasetKind::Digits,
            10_000,
            9.0,
            2.0,
            &mut seeded(1, Stream::Data),
        );
        assert_eq!((d.train_len(), d.test_len()), (180, 1617));
        assert!(d.train_x.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn points_lie_in_the_unit_square_and_noise_stays_in_view() {
        let extent = VIEW_EXTENT;
        for kind in DatasetKind::ALL.into_iter().filter(|k| k.is_2d()) {
            let clean = make(kind, 2000, 0.0, 5);
            // Gaussian blobs have unbounded tails; the other shapes are bounded by construction.
            let bound = if kind == DatasetKind::Gauss {
                extent
            } else {
                1.0
            };
            assert!(clean.train_x.iter().all(|v| v.abs() <= bound), "{kind:?}");
            let noisy = make(kind, 2000, MAX_NOISE, 5);
            assert!(noisy
                .train_x
                .iter()
                .chain(&noisy.test_x)
                .all(|v| v.abs() <= extent));
            // At full noise some points reach the edge of the view and are clamped there.
            assert!(noisy.train_x.iter().any(|v| v.abs() == extent), "{kind:?}");
        }
    }

    #[test]
    fn noise_moves_points_but_keeps_labels_and_split() {
        for kind in DatasetKind::ALL {
            let clean = make(kind, 1000, 0.0, 9);
            let noisy = make(kind, 1000, 0.2, 9);
            assert_eq!(clean.train_y, noisy.train_y, "{kind:?}");
            let shifts: Vec<f32> = clean
                .train_x
                .iter()
                .zip(&noisy.train_x)
                .map(|(a, b)| (a - b).abs())
                .collect();
            let mean = shifts.iter().sum::<f32>() / shifts.len() as f32;
            // Each coordinate moves by |N(0, s^2)|, mean s * sqrt(2/pi), s = 0.1 (2-D) or 0.2
            // (digits), less a little where 2-D points are clamped to the view.
            let s = if kind.is_2d() {
                0.2 * JITTER_AT_FULL_NOISE as f32
            } else {
                0.2
            };
            let expected = s * (2.0 / PI as f32).sqrt();
            assert!(
                (mean - expected).abs() < 0.1 * expected,
                "{kind:?}: {mean} vs {expected}"
            );
        }
    }

    #[test]
    fn grid_is_row_major_from_the_top_left() {
        assert!(grid(0).is_empty());
        let g = grid(4);
        assert_eq!(g.len(), 32);
        let half_cell = VIEW_EXTENT / 4.0;
        assert_eq!(
            (g[0], g[1]),
            (-VIEW_EXTENT + half_cell, VIEW_EXTENT - half_cell)
        );
        assert_eq!(
            (g[2], g[3]),
            (-VIEW_EXTENT + 3.0 * half_cell, g[1]),
            "x grows across a row"
        );
        assert_eq!(
            (g[8], g[9]),
            (g[0], VIEW_EXTENT - 3.0 * half_cell),
            "y falls down the rows"
        );
        assert_eq!(
            (g[30], g[31]),
            (VIEW_EXTENT - half_cell, -VIEW_EXTENT + half_cell)
        );
        assert_eq!(grid(1), vec![0.0, 0.0]);
    }

    #[test]
    fn digits_file_has_the_published_class_counts_and_pixel_range() {
        let records: Vec<_> = (0..DIGITS_COUNT).map(digit_record).collect();
        let mut counts = [0usize; DIGITS_CLASSES];
        for (_, label) in &records {
            counts[usize::from(*label)] += 1;
        }
        // The class distribution of the optdigits test set (optdigits.tes, the 1797 images
        // scikit-learn ships), as listed in UCI's optdigits.names.
        assert_eq!(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
        let pixels = records.iter().flat_map(|(p, _)| p.iter().copied());
        assert_eq!(pixels.clone().min(), Some(0));
        assert_eq!(pixels.max(), Some(16));
    }

    #[test]
    fn mean_zero_has_a_hole_in_the_middle() {
        let zeros: Vec<&[u8]> = (0..DIGITS_COUNT)
            .map(digit_record)
            .filter(|r| r.1 == 0)
            .map(|r| r.0)
            .collect();
        let mean = |row: usize, col: usize| -> f64 {
            zeros
                .iter()
                .map(|p| f64::from(p[row * 8 + col]))
                .sum::<f64>()
                / zeros.len() as f64
        };
        let centre = [(3, 3), (3, 4), (4, 3), (4, 4)]
            .map(|(r, c)| mean(r, c))
            .iter()
            .sum::<f64>()
            / 4.0;
        // The stroke: the left and right sides (columns 2 and 5, rows 2 to 5) of the "0".
        let ring = (2..=5).map(|r| mean(r, 2) + mean(r, 5)).sum::<f64>() / 8.0;
        assert!(centre < 0.2 * ring, "centre {centre}, ring {ring}");
        assert!(ring > 8.0, "ring {ring}");
    }

    #[test]
    fn all_digits_are_used_once_as_pixels_over_16() {
        let d = make(DatasetKind::Digits, DIGITS_COUNT, 0.0, 4);
        let mut generated: Vec<(u8, Vec<u32>)> = rows(&d.train_x, 64)
            .zip(&d.train_y)
            .chain(rows(&d.test_x, 64).zip(&d.test_y))
            .map(|(x, &y)| (y, x.iter().map(|v| (v * 16.0) as u32).collect()))
            .collect();
        let mut stored: Vec<(u8, Vec<u32>)> = (0..DIGITS_COUNT)
            .map(digit_record)
            .map(|(p, y)| (y, p.iter().map(|&v| u32::from(v)).collect()))
            .collect();
        generated.sort();
        stored.sort();
        assert_eq!(generated, stored);
        assert!(d
            .train_x
            .iter()
            .all(|v| (0.0..=1.0).contains(v) && (v * 16.0).fract() == 0.0));
    }

    #[test]
    fn a_line_cannot_separate_the_curved_sets() {
        for (kind, below) in [
            (DatasetKind::Circle, 0.75),
            (DatasetKind::Xor, 0.75),
            (DatasetKind::Spiral, 0.75),
            (DatasetKind::Moons, 0.93),
        ] {
            let accuracy = best_linear_accuracy(&make(kind, 400, DEFAULT_NOISE, 2));
            assert!(accuracy < below, "{kind:?}: a line gets {accuracy}");
        }
        let gauss = best_linear_accuracy(&make(DatasetKind::Gauss, 400, DEFAULT_NOISE, 2));
        assert!(gauss > 0.99, "Gauss: {gauss}");
    }

    #[test]
    fn every_set_is_learnable_at_the_default_noise() {
        for kind in DatasetKind::ALL {
            let n = if kind.is_2d() { 2000 } else { DIGITS_COUNT };
            let accuracy = nearest_neighbour_accuracy(&make(kind, n, DEFAULT_NOISE, 6));
            assert!(accuracy >= 0.95, "{kind:?}: 1-NN test accuracy {accuracy}");
        }
    }
}
