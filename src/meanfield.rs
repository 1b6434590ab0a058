//! Mean-field prediction of a network at initialization: the variance of every layer's
//! pre-activations, the spread of its activations and the growth of its gradients, computed
//! from the variances the init draws rather than measured (Poole et al. 2016, "Exponential
//! expressivity in deep neural networks through transient chaos"; Schoenholz et al. 2017,
//! "Deep Information Propagation").
//!
//! # The recursion
//! Layer l (0 = first hidden layer) has `fan_in` n_l inputs; its weights are drawn with
//! variance Var(W_l) and its biases with mean μ_b and variance Var(b_l) (`Init::variance`,
//! `Init::bias_variance`, `Init::mean`: truncation and gains exact). Write
//! σ_w²(l) = n_l Var(W_l) and σ_b²(l) = Var(b_l). Each pre-activation h = Σ_j W_ij x_j + b_i
//! is then, over the draw of the weights, Gaussian with mean μ_b and variance
//!
//! - q_0 = σ_w²(0) m_in + σ_b²(0) for the first layer, where m_in = E[x²] is the inputs' second
//!   moment (mean over the training samples and features of the standardized inputs: 1 for
//!   every feature that varies, 0 for a constant one; the inputs do not pass through φ),
//! - q_l = σ_w²(l) E[φ(μ_b + √q_{l-1} z)²] + σ_b²(l) for every later layer, z ~ N(0, 1),
//!
//! with φ the hidden activation (the output layer's pre-activations are the logits). The
//! expectations are Gauss-Hermite sums (`crate::quadrature`, `quadrature::NODES` nodes) of the
//! core's own activation and derivative (`Activation::apply_f64`, `derivative_f64`), split
//! where h = 0 (ReLU's kink and its kin's, the steep middle of tanh and sigmoid) into two
//! half-range Gauss rules when that point is within a few standard deviations: a plain
//! Gauss-Hermite rule gets a kink right only to about 1 / n (0.4% for E[ReLU(z)] with 100
//! nodes) and tanh's middle not at all once it is narrow (E[tanh'(h)²] 60% off at q = 100),
//! the split rules to about 1e-8 for q up to 100 (see `expect`).
//!
//! # What it assumes
//! Infinite width (every sum over a layer's inputs is Gaussian), weights drawn independently
//! with mean 0 and biases treated as Gaussian with their mean and variance (exact for normal,
//! zero and constant biases), and the network at initialization only: training correlates the
//! weights with the data and the prediction says nothing about it. `orthogonal` weights are not
//! independent; the recursion uses their σ_w² = n Var(W) all the same, which is what their q
//! tends to at large width. Weights that are all equal (`zeros`, `ones`, `constant`) or have a
//! non-zero mean (`random_uniform` on [0, 1), a normal with `mean` set) are outside the theory:
//! `MeanField::applies` is false and `reason` says why, with no numbers.

use std::sync::OnceLock;

use serde::Serialize;

use crate::activation::Activation;
use crate::config::Config;
use crate::experiment::{self, Scaler};
use crate::init::{Dist, Init, Law};
use crate::quadrature::{Rule, HALF_NODES, NODES};

/// |χ - 1| at or below this counts as critical: the depth scale is infinite.
pub const CRITICAL_TOLERANCE: f64 = 1e-9;

/// The largest variance the fixed-point search tries before it says q grows without bound.
const Q_LIMIT: f64 = 1e200;

/// The variance at which derivatives are taken when q* = 0: small enough that every activation
/// is linear (or piecewise linear) around μ_b there, large enough that √q does not underflow.
const Q_TINY: f64 = 1e-30;

/// Beyond this many standard deviations from the mean, a kink is left to the full
/// Gauss-Hermite rule: the half-range rules' tilt e^(±kink · y) would outgrow their accuracy,
/// and the density there (below e^-8 ≈ 3e-4 of the peak) keeps the kink's error small.
const KINK_SPLIT: f64 = 4.0;

/// The shared Gauss-Hermite rule (`quadrature::NODES` nodes), built once.
fn hermite() -> &'static Rule {
    static RULE: OnceLock<Rule> = OnceLock::new();
    RULE.get_or_init(|| Rule::hermite(NODES))
}

/// The shared half-range rule (`quadrature::HALF_NODES` nodes), built once.
fn half_hermite() -> &'static Rule {
    static RULE: OnceLock<Rule> = OnceLock::new();
    RULE.get_or_init(|| Rule::half_hermite(HALF_NODES))
}

/// E[f(z, h)] for z ~ N(0, 1) and h = mean + √q z, K expectations at once. The line is split
/// where h = 0, at z_k = -mean / √q: there ReLU, Leaky ReLU, ELU and SELU have their kink, and
/// sigmoid and tanh their steep middle, which for a large q is narrow in z. Each side is a
/// half-range integral in y = |z - z_k| against φ(y) tilted by e^(∓z_k y - z_k² / 2), whose
/// rule's nodes crowd towards y = 0, so each side's piece is integrated accurately: to about
/// 1e-8 relative for q up to 100, 1e-6 at q = 500; beyond, tanh's and sigmoid's middle (and
/// ELU's and SELU's bend) gets too narrow for the rule (E[tanh'(h)²] is 2% off at q = 10^4,
/// where the plain Gauss-Hermite rule is 100% off). A split farther than `KINK_SPLIT` out is
/// left to the full Gauss-Hermite rule.
fn expect<const K: usize>(mean: f64, q: f64, f: impl Fn(f64, f64) -> [f64; K]) -> [f64; K] {
    let root = libm::sqrt(q);
    let kink = -mean / root;
    let mut sum = [0.0; K];
    let mut add = |w: f64, values: [f64; K]| {
        sum.iter_mut().zip(values).for_each(|(s, v)| *s += w * v);
    };
    if kink.abs() <= KINK_SPLIT {
        let rule = half_hermite();
        for (&y, &w) in rule.nodes().iter().zip(rule.weights()) {
            let tilt = |side: f64| libm::exp(-side * kink * y - 0.5 * kink * kink);
            add(w * tilt(1.0), f(kink + y, root * y));
            add(w * tilt(-1.0), f(kink - y, -root * y));
        }
    } else {
        let rule = hermite();
        for (&z, &w) in rule.nodes().iter().zip(rule.weights()) {
            add(w, f(z, mean + root * z));
        }
    }
    sum
}

/// The mean-field prediction for a config (see the module doc for the formulas).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeanField {
    /// Whether the theory applies to the config's weight init.
    pub applies: bool,
    /// Why it does not, when it does not.
    pub reason: Option<String>,
    /// m_in, the inputs' second moment E[x²] over the standardized training set.
    pub input_second_moment: f64,
    /// One prediction per layer, hidden layers first and the output layer last (as
    /// `Run::layer_stats`); empty when the theory does not apply.
    pub layers: Vec<LayerPrediction>,
    /// q*, the variance the recursion of the last hidden layer's map (`LayerMap`, the one a
    /// deeper network of that width repeats) settles to from that layer's q_l; `None` when it
    /// has none (see `fixed_point_note`).
    pub fixed_point: Option<f64>,
    /// Why there is no fixed point, when there is none: no hidden layer, or q growing without
    /// bound (ReLU with σ_w² > 2, or σ_w² = 2 and σ_b² > 0...).
    pub fixed_point_note: Option<String>,
    /// The depth scales at the fixed point, when there is one.
    pub depth_scales: Option<DepthScales>,
}

/// The prediction for one layer (index `layer`, 0 = first hidden layer).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerPrediction {
    /// Layer index, 0 = first hidden layer; the last one is the output layer.
    pub layer: usize,
    /// Whether this is a hidden layer (false for the linear output layer).
    pub hidden: bool,
    /// σ_w² = fan_in · Var(W) of this layer's weights.
    pub sigma_w2: f64,
    /// σ_b² = Var(b) of this layer's biases.
    pub sigma_b2: f64,
    /// μ_b, the mean of the biases: the pre-activations' mean.
    pub bias_mean: f64,
    /// q_l, the variance of the layer's pre-activations.
    pub q: f64,
    /// E[φ(h)] for h ~ N(μ_b, q_l): the mean of the layer's outputs (the logits' mean μ_b for
    /// the output layer).
    pub activation_mean: f64,
    /// √(E[φ(h)²] - E[φ(h)]²): the spread of the layer's outputs over neurons and samples, the
    /// prediction of `LayerStats::activation_std`.
    pub activation_std: f64,
    /// χ_l = σ_w²(l + 1) E[φ'(h)²]: the factor by which the squared norm of the loss gradient
    /// with respect to the pre-activations, ‖∂L/∂h‖², shrinks (χ < 1) or grows from layer
    /// l + 1 back to layer l. `None` for the output layer.
    pub chi: Option<f64>,
    /// ‖∂L/∂h_l‖ / ‖∂L/∂h_last‖, the backpropagated gradient relative to the last hidden
    /// layer's (the output layer's when there is no hidden layer): √(χ_l χ_{l+1} ... χ_{last-1}),
    /// and 1 / √χ_last for the output layer.
    pub backprop_ratio: f64,
    /// ‖∂L/∂W_l‖ / ‖∂L/∂W_last‖ for one sample, relative to the same layer as
    /// `backprop_ratio`: ‖∂L/∂W_l‖² = ‖∂L/∂h_l‖² · n_l m_{l-1}, m_{l-1} the second moment of the
    /// layer's inputs (m_in for the first layer). `LayerStats::gradient_norm` is a batch's
    /// gradient, which adds cross-sample terms that this ignores: the two agree where the
    /// samples stay equally correlated from layer to layer (tanh near Glorot, SELU: within
    /// about 15% at width 512), not where the layers make them alike (ReLU with He: a batch's
    /// gradient norms grow toward the output while the per-sample ones stay flat).
    pub gradient_ratio: f64,
}

/// How many layers it takes a deep stack of one `LayerMap` to forget (Schoenholz et al. 2017):
/// deviations from the fixed point decay like e^(-l / ξ). Infinite at criticality (χ = 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DepthScales {
    /// ξ_q = -1 / ln χ_q: how fast q_l reaches q*.
    pub variance: f64,
    /// ξ_c = -1 / ln χ_c: how fast the correlation between two inputs' pre-activations reaches
    /// its fixed point c* (how deep a network can still tell two inputs apart).
    pub correlation: f64,
    /// χ_q = dq_l / dq_{l-1} at q* = σ_w² E[φ'(h)² + φ(h) φ''(h)], computed as
    /// σ_w² E[z φ(h) φ'(h)] / √q* (the same by Gaussian integration by parts, with no φ'').
    pub variance_chi: f64,
    /// χ_c = σ_w² E[φ'(u_1) φ'(u_2)] at c*, the pre-activations u_1, u_2 of two inputs with
    /// variance q* and correlation c*; at c* = 1 it is χ_1 = σ_w² E[φ'(h)²].
    pub correlation_chi: f64,
    /// c*: 1 in the ordered phase (χ_1 ≤ 1, two inputs end up alike), below 1 in the chaotic
    /// phase (χ_1 > 1).
    pub correlation_fixed_point: f64,
}

/// Expectations of one layer's output under h ~ N(μ_b, q).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moments {
    /// E[φ(h)].
    pub mean: f64,
    /// E[φ(h)²].
    pub square: f64,
    /// E[φ'(h)²].
    pub slope_square: f64,
}

/// One step of the recursion: pre-activations h ~ N(μ_b, q) go through φ (`activation`), then
/// weights of σ_w² and biases of σ_b² give the next layer's variance
/// q ↦ σ_w² E[φ(μ_b + √q z)²] + σ_b². A deep stack of equal layers repeats one such map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayerMap {
    /// φ, applied to the pre-activations of variance q.
    pub activation: Activation,
    /// σ_w² = fan_in · Var(W).
    pub sigma_w2: f64,
    /// σ_b² = Var(b).
    pub sigma_b2: f64,
    /// μ_b, the pre-activations' mean.
    pub bias_mean: f64,
}

impl LayerMap {
    /// E[φ(h)], E[φ(h)²] and E[φ'(h)²] for h ~ N(μ_b, q).
    pub fn moments(&self, q: f64) -> Moments {
        let act = self.activation;
        let [mean, square, slope_square] = expect(self.bias_mean, q, |_, h| {
            let (y, slope) = (act.apply_f64(h), act.derivative_f64(h));
            [y, y * y, slope * slope]
        });
        Moments {
            mean,
            square,
            slope_square,
        }
    }

    /// The next layer's variance: σ_w² E[φ(μ_b + √q z)²] + σ_b².
    pub fn next(&self, q: f64) -> f64 {
        self.sigma_w2 * self.moments(q).square + self.sigma_b2
    }

    /// χ_1 = σ_w² E[φ'(μ_b + √q z)²] (for q below `Q_TINY` taken at `Q_TINY`, so a kink at
    /// μ_b counts its two sides).
    pub fn chi(&self, q: f64) -> f64 {
        self.sigma_w2 * self.moments(q.max(Q_TINY)).slope_square
    }

    /// χ_q = d next(q) / dq = σ_w² E[z φ(h) φ'(h)] / √q with h = μ_b + √q z (for q below
    /// `Q_TINY` taken at `Q_TINY`).
    pub fn variance_chi(&self, q: f64) -> f64 {
        let q = q.max(Q_TINY);
        let act = self.activation;
        let [stein] = expect(self.bias_mean, q, |z, h| {
            [z * act.apply_f64(h) * act.derivative_f64(h)]
        });
        self.sigma_w2 * stein / libm::sqrt(q)
    }

    /// q*, the fixed point next(q*) = q* that repeating this map reaches from `start` (≥ 0),
    /// assuming `next` increasing (true of every activation here): `start` itself when it is
    /// one (to 1e-12, e.g. ReLU with He), 0 when the variance dies out (next(0) = 0 and
    /// χ_q(0) ≤ 1, e.g. tanh with σ_w² ≤ 1 and σ_b = 0), else the root bracketed below or
    /// above `start` and bisected. An error says why there is none: q grows without bound.
    pub fn fixed_point(&self, start: f64) -> Result<f64, String> {
        let gap = |q: f64| self.next(q) - q;
        let unbounded = || {
            format!(
                "no fixed point: q grows without bound with depth (σ_w² = {}, σ_b² = {})",
                self.sigma_w2, self.sigma_b2
            )
        };
        let at_start = gap(start);
        if at_start.abs() <= 1e-12 * start {
            return Ok(start);
        }
        let (lo, hi) = if at_start < 0.0 {
            if self.next(0.0) == 0.0 && self.variance_chi(0.0) <= 1.0 + CRITICAL_TOLERANCE {
                return Ok(0.0);
            }
            (0.0, start)
        } else {
            let mut hi = start.max(Q_TINY);
            while gap(hi) >= 0.0 {
                hi *= 2.0;
                if hi > Q_LIMIT {
                    return Err(unbounded());
                }
            }
            (hi / 2.0, hi)
        };
        let q_star = bisect(gap, lo, hi);
        // From below, a root where the map is tangent to the identity is rounding, not a
        // fixed point: q keeps growing by σ_b² (ReLU at σ_w² = 2) however large it is.
        if at_start > 0.0 && self.variance_chi(q_star) >= 1.0 - CRITICAL_TOLERANCE {
            return Err(unbounded());
        }
        Ok(q_star)
    }

    /// The depth scales at the fixed point `q_star` (see `DepthScales`).
    pub fn depth_scales(&self, q_star: f64) -> DepthScales {
        let variance_chi = self.variance_chi(q_star);
        let chi_1 = self.chi(q_star);
        let (c_star, correlation_chi) = if chi_1 <= 1.0 + CRITICAL_TOLERANCE {
            (1.0, chi_1)
        } else {
            let c = self.correlation_fixed_point(q_star);
            (c, self.correlation_pair(q_star, c).1)
        };
        DepthScales {
            variance: depth_scale(variance_chi),
            correlation: depth_scale(correlation_chi),
            variance_chi,
            correlation_chi,
            correlation_fixed_point: c_star,
        }
    }

    /// (next correlation, χ_c) at correlation c between two inputs whose pre-activations have
    /// variance q: ((σ_w² E[φ(u_1)φ(u_2)] + σ_b²) / q, σ_w² E[φ'(u_1)φ'(u_2)]) with
    /// u_1 = μ_b + √q z_1, u_2 = μ_b + √q (c z_1 + √(1 - c²) z_2), by a product rule.
    fn correlation_pair(&self, q: f64, c: f64) -> (f64, f64) {
        let (act, root) = (self.activation, libm::sqrt(q));
        let given = q * (1.0 - c * c);
        let [both, slopes] = expect(self.bias_mean, q, |z1, u1| {
            // u_2 given z_1: mean μ_b + √q c z_1, variance q (1 - c²).
            let [y2, d2] = expect(self.bias_mean + root * c * z1, given, |_, u2| {
                [act.apply_f64(u2), act.derivative_f64(u2)]
            });
            [act.apply_f64(u1) * y2, act.derivative_f64(u1) * d2]
        });
        let next = (self.sigma_w2 * both + self.sigma_b2) / q;
        (next, self.sigma_w2 * slopes)
    }

    /// c* < 1 of the chaotic phase, the stable root of C(c) = c in [0, 1), C the correlation
    /// map: Newton's method from c = 0 (C'(c) = χ_c(c) by Price's theorem), falling back to
    /// one step of the map where Newton would leave [0, 1), until c moves less than 1e-12 (or
    /// for 100 steps).
    fn correlation_fixed_point(&self, q: f64) -> f64 {
        let mut c = 0.0;
        for _ in 0..100 {
            let (next, slope) = self.correlation_pair(q, c);
            let newton = c - (next - c) / (slope - 1.0);
            let step = if (0.0..1.0).contains(&newton) {
                newton
            } else {
                next.clamp(0.0, 1.0)
            };
            if (step - c).abs() < 1e-12 {
                return step;
            }
            c = step;
        }
        c
    }
}

/// -1 / ln χ, infinite within `CRITICAL_TOLERANCE` of χ = 1.
fn depth_scale(chi: f64) -> f64 {
    if (chi - 1.0).abs() <= CRITICAL_TOLERANCE {
        f64::INFINITY
    } else {
        -1.0 / libm::log(chi)
    }
}

/// A root of `gap` in [lo, hi], where gap(lo) ≥ 0 > gap(hi), to 1e-14 relative.
fn bisect(gap: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    for _ in 0..2000 {
        if hi - lo <= 1e-14 * hi {
            break;
        }
        let mid = 0.5 * (lo + hi);
        if gap(mid) >= 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Why mean-field theory says nothing about weights drawn by `init`, or `None` when it applies:
/// weights all equal (no independent random terms to sum), or with a non-zero mean (a shared
/// part that grows with the width).
pub fn outside_theory(init: &Init) -> Option<String> {
    let id = init.scheme().id();
    if init.scheme().needs_data() {
        return Some(format!(
            "{id}: each layer's scale is set from the training data, which makes every layer's \
             pre-activation variance 1 on its batch (read it off the run's LSUV report); \
             mean-field theory predicts from variances drawn without data"
        ));
    }
    match init.law() {
        Law::Fixed(Dist::Constant(0.0)) => Some(format!(
            "{id}: every weight is 0, so every hidden neuron outputs the same value whatever \
             the input; mean-field theory describes random, independent, zero-mean weights"
        )),
        Law::Fixed(Dist::Constant(v)) => Some(format!(
            "{id}: every weight is {v}, so the neurons of a layer are copies of one another and \
             no sum of independent random terms forms; mean-field theory describes random, \
             independent, zero-mean weights"
        )),
        _ if init.mean() != 0.0 => Some(format!(
            "{id}: the weights have mean {}, not 0, so every pre-activation shares a part that \
             grows with the width; mean-field theory describes zero-mean weights",
            init.mean()
        )),
        _ => None,
    }
}

/// m_in = E[x²] over the config's training set as the network sees it (generated from
/// `dataSeed` and standardized, as `Run` does): 1 per feature that varies, 0 per constant one.
pub fn input_second_moment(config: &Config) -> f64 {
    let data = experiment::dataset(config);
    let x = Scaler::fit(&data.train_x, data.inputs).apply(&data.train_x);
    x.iter().map(|&v| f64::from(v) * f64::from(v)).sum::<f64>() / x.len().max(1) as f64
}

/// The prediction for `config` (see the module doc), with the inputs' second moment taken from
/// its training data (`input_second_moment`).
pub fn predict(config: &Config) -> MeanField {
    predict_with(config, input_second_moment(config))
}

/// The prediction for `config` for inputs of second moment `input_second_moment` (m_in).
pub fn predict_with(config: &Config, input_second_moment: f64) -> MeanField {
    let mut result = MeanField {
        applies: false,
        reason: outside_theory(&config.init),
        input_second_moment,
        layers: Vec::new(),
        fixed_point: None,
        fixed_point_note: None,
        depth_scales: None,
    };
    if result.reason.is_some() {
        return result;
    }
    let sizes = config.sizes();
    let maps = layer_maps(config, &sizes);
    result.applies = true;
    result.layers = predict_layers(&maps, &sizes, input_second_moment);
    let Some(last) = maps.len().checked_sub(2) else {
        result.fixed_point_note = Some("no fixed point: the network has no hidden layer".into());
        return result;
    };
    match maps[last].fixed_point(result.layers[last].q) {
        Ok(q) => {
            result.fixed_point = Some(q);
            result.depth_scales = Some(maps[last].depth_scales(q));
        }
        Err(note) => result.fixed_point_note = Some(note),
    }
    result
}

/// Each layer's map for the network of layer widths `sizes`: its σ_w², σ_b², μ_b, and the
/// activation its pre-activations go through (the hidden activation, linear for the output).
fn layer_maps(config: &Config, sizes: &[usize]) -> Vec<LayerMap> {
    let output = sizes.len() - 2;
    sizes
        .windows(2)
        .enumerate()
        .map(|(l, fans)| {
            let (fan_in, fan_out) = (fans[0], fans[1]);
            LayerMap {
                activation: if l < output {
                    config.activation
                } else {
                    Activation::Linear
                },
                sigma_w2: fan_in as f64 * config.init.variance(fan_in, fan_out),
                sigma_b2: config.bias_init.bias_variance(fan_in, fan_out),
                bias_mean: config.bias_init.mean(),
            }
        })
        .collect()
}

/// Runs the recursion through `maps` (layer widths `sizes`) from inputs of second moment
/// `input_second_moment`, then the gradient ratios back from the last hidden layer.
fn predict_layers(
    maps: &[LayerMap],
    sizes: &[usize],
    input_second_moment: f64,
) -> Vec<LayerPrediction> {
    let mut square_in = input_second_moment;
    // ‖∂W_l‖² / ‖∂h_l‖² = n_l m_{l-1}: the energy of the layer's inputs.
    let mut energy_in = Vec::with_capacity(maps.len());
    let mut layers: Vec<LayerPrediction> = Vec::with_capacity(maps.len());
    for (l, map) in maps.iter().enumerate() {
        let q = map.sigma_w2 * square_in + map.sigma_b2;
        let m = map.moments(q);
        energy_in.push(sizes[l] as f64 * square_in);
        layers.push(LayerPrediction {
            layer: l,
            hidden: l + 1 < maps.len(),
            sigma_w2: map.sigma_w2,
            sigma_b2: map.sigma_b2,
            bias_mean: map.bias_mean,
            q,
            activation_mean: m.mean,
            activation_std: libm::sqrt((m.square - m.mean * m.mean).max(0.0)),
            chi: maps.get(l + 1).map(|next| next.sigma_w2 * m.slope_square),
            backprop_ratio: 1.0,
            gradient_ratio: 1.0,
        });
        square_in = m.square;
    }
    // ‖∂L/∂h_l‖² relative to the reference layer's: χ_l times layer l + 1's.
    let reference = maps.len().saturating_sub(2);
    let mut backprop = vec![1.0; maps.len()];
    for l in (0..reference).rev() {
        backprop[l] = layers[l].chi.unwrap_or(1.0) * backprop[l + 1];
    }
    for l in reference + 1..maps.len() {
        backprop[l] = backprop[l - 1] / layers[l - 1].chi.unwrap_or(1.0);
    }
    for (l, layer) in layers.iter_mut().enumerate() {
        layer.backprop_ratio = libm::sqrt(backprop[l]);
        layer.gradient_ratio = libm::sqrt(backprop[l] * energy_in[l] / energy_in[reference]);
    }
    layers
}
