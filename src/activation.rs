//! Hidden-layer activations: each one's forward value and derivative side by side.

use crate::error::ConfigError;
use crate::kernels;

/// A hidden-layer activation function. Ids are Keras's (`"relu"`, `"tanh"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Activation {
    /// f(x) = x.
    Linear,
    /// f(x) = 1 / (1 + e^-x), Keras's "sigmoid" (the notes' "logistic").
    Sigmoid,
    /// f(x) = tanh x.
    Tanh,
    /// f(x) = max(0, x).
    Relu,
    /// f(x) = x for x > 0, else `LEAKY_SLOPE` * x.
    LeakyRelu,
    /// f(x) = x for x > 0, else e^x - 1.
    Elu,
    /// f(x) = `SELU_LAMBDA` * (x for x > 0, else `SELU_ALPHA` * (e^x - 1)), Klambauer et al. 2017.
    Selu,
}

impl Activation {
    /// Every activation, in the order the page lists them.
    pub const ALL: [Activation; 7] = [
        Activation::Linear,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Elu,
        Activation::Selu,
    ];

    /// The stable id used in configs, URLs and the JS API.
    pub fn id(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky_relu",
            Activation::Elu => "elu",
            Activation::Selu => "selu",
        }
    }

    /// The name a student reads on the page.
    pub fn label(self) -> &'static str {
        match self {
            Activation::Linear => "Linear",
            Activation::Sigmoid => "Sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "ReLU",
            Activation::LeakyRelu => "Leaky ReLU",
            Activation::Elu => "ELU",
            Activation::Selu => "SELU",
        }
    }

    /// Parses an id; the error names the `activation` field and lists the allowed ids.
    pub fn from_id(id: &str) -> Result<Self, ConfigError> {
        Self::ALL.into_iter().find(|a| a.id() == id).ok_or_else(|| {
            ConfigError::unknown_id("activation", id, &Self::ALL.map(Activation::id))
        })
    }
}

/// Slope of Leaky ReLU for negative inputs: PyTorch's default `negative_slope` (0.01).
pub const LEAKY_SLOPE: f32 = 0.01;

/// SELU's alpha, 1.6732632423543772848... (Klambauer et al. 2017) rounded to f32. With
/// `SELU_LAMBDA` it makes mean 0 and variance 1 a fixed point for N(0, 1) inputs.
pub const SELU_ALPHA: f32 = 1.673_263_2;

/// SELU's lambda (scale), 1.0507009873554804934... (Klambauer et al. 2017) rounded to f32.
pub const SELU_LAMBDA: f32 = 1.050_701;

/// How close to an asymptote an output must be to count as saturated: the one place for that
/// rule. A sigmoid output below 0.01 or above 0.99, or a tanh output with |y| > 0.99, has a
/// derivative under about 0.01 (sigmoid) or 0.02 (tanh), so almost no gradient passes through.
pub const SATURATION_MARGIN: f32 = 0.01;

impl Activation {
    /// f(x) for one input. Sigmoid is evaluated in a form that never overflows, so +-1000 give
    /// exactly 1 and 0; NaN propagates through every activation (so divergence stays visible).
    pub fn apply(self, x: f32) -> f32 {
        match self {
            Activation::Linear => x,
            Activation::Sigmoid => sigmoid(x),
            Activation::Tanh => kernels::tanh(x),
            Activation::Relu => relu(x),
            Activation::LeakyRelu => leaky_relu(x),
            Activation::Elu => elu(x),
            Activation::Selu => selu(x),
        }
    }

    /// f'(x), given the input `x` and the output `y = apply(x)`; each form uses whichever is
    /// cheaper: sigmoid y(1 - y), tanh 1 - y^2, ELU y + 1 and SELU y + lambda*alpha on the
    /// negative side. At the kink x = 0 ReLU takes 0 and Leaky ReLU its negative slope (as
    /// PyTorch does); ELU is smooth there (f'(0) = 1) and SELU takes lambda*alpha.
    pub fn derivative(self, x: f32, y: f32) -> f32 {
        match self {
            Activation::Linear => 1.0,
            Activation::Sigmoid => sigmoid_derivative(x, y),
            Activation::Tanh => tanh_derivative(x, y),
            Activation::Relu => relu_derivative(x, y),
            Activation::LeakyRelu => leaky_relu_derivative(x, y),
            Activation::Elu => elu_derivative(x, y),
            Activation::Selu => selu_derivative(x, y),
        }
    }

    /// f(x) in f64: the same function as `apply`, with the same constants (`LEAKY_SLOPE`,
    /// `SELU_ALPHA`, `SELU_LAMBDA` widened) and exact libm tanh, for the mean-field prediction's
    /// integrals (`crate::meanfield`), where f32 rounding would blur exact results.
    pub fn apply_f64(self, x: f64) -> f64 {
        let (slope, alpha, lambda) = (
            f64::from(LEAKY_SLOPE),
            f64::from(SELU_ALPHA),
            f64::from(SELU_LAMBDA),
        );
        match self {
            Activation::Linear => x,
            Activation::Sigmoid if x >= 0.0 => 1.0 / (1.0 + libm::exp(-x)),
            Activation::Sigmoid => libm::exp(x) / (1.0 + libm::exp(x)),
            Activation::Tanh => libm::tanh(x),
            Activation::Relu | Activation::LeakyRelu | Activation::Elu if x >= 0.0 => x,
            Activation::Relu => 0.0,
            Activation::LeakyRelu => slope * x,
            Activation::Elu => libm::expm1(x),
            Activation::Selu if x > 0.0 => lambda * x,
            Activation::Selu => lambda * alpha * libm::expm1(x),
        }
    }

    /// f'(x) in f64, taking the same side as `derivative` at the kink x = 0 (ReLU 0, Leaky
    /// ReLU its slope, ELU 1, SELU lambda*alpha).
    pub fn derivative_f64(self, x: f64) -> f64 {
        let (slope, alpha, lambda) = (
            f64::from(LEAKY_SLOPE),
            f64::from(SELU_ALPHA),
            f64::from(SELU_LAMBDA),
        );
        let step = |positive: f64, negative: f64| if x > 0.0 { positive } else { negative };
        match self {
            Activation::Linear => 1.0,
            Activation::Sigmoid => {
                let y = self.apply_f64(x);
                y * (1.0 - y)
            }
            Activation::Tanh => 1.0 - libm::tanh(x) * libm::tanh(x),
            Activation::Relu => step(1.0, 0.0),
            Activation::LeakyRelu => step(1.0, slope),
            Activation::Elu => step(1.0, libm::exp(x)),
            Activation::Selu => lambda * step(1.0, alpha * libm::exp(x)),
        }
    }

    /// `a[i] = f(z[i])` for a layer's pre-activations `z` (batch x units, any layout); `a` has
    /// the same length as `z`.
    pub fn apply_slice(self, z: &[f32], a: &mut [f32]) {
        debug_assert_eq!(z.len(), a.len());
        match self {
            Activation::Linear => a.copy_from_slice(z),
            Activation::Sigmoid => map(z, a, sigmoid),
            Activation::Tanh => kernels::tanh_slice(z, a),
            Activation::Relu => map(z, a, relu),
            Activation::LeakyRelu => map(z, a, leaky_relu),
            Activation::Elu => map(z, a, elu),
            Activation::Selu => map(z, a, selu),
        }
    }

    /// Backpropagates through the activation: `grad_z[i] = grad_a[i] * f'(z[i])`, reading the
    /// cached forward values `z` (pre-activations) and `a` (outputs). All four slices have the
    /// same length.
    pub fn backward_slice(self, z: &[f32], a: &[f32], grad_a: &[f32], grad_z: &mut [f32]) {
        debug_assert!(
            z.len() == a.len() && a.len() == grad_a.len() && grad_a.len() == grad_z.len()
        );
        match self {
            Activation::Linear => grad_z.copy_from_slice(grad_a),
            Activation::Sigmoid => chain(z, a, grad_a, grad_z, sigmoid_derivative),
            Activation::Tanh => chain(z, a, grad_a, grad_z, tanh_derivative),
            Activation::Relu => chain(z, a, grad_a, grad_z, relu_derivative),
            Activation::LeakyRelu => chain(z, a, grad_a, grad_z, leaky_relu_derivative),
            Activation::Elu => chain(z, a, grad_a, grad_z, elu_derivative),
            Activation::Selu => chain(z, a, grad_a, grad_z, selu_derivative),
        }
    }

    /// Whether the output `y` sits within `SATURATION_MARGIN` of an asymptote of a bounded
    /// activation (sigmoid: y < 0.01 or y > 0.99; tanh: |y| > 0.99). Always false for the
    /// others: ELU's and SELU's negative tails are not counted.
    pub fn is_saturated(self, y: f32) -> bool {
        match self {
            Activation::Sigmoid => (y - 0.5).abs() > 0.5 - SATURATION_MARGIN,
            Activation::Tanh => y.abs() > 1.0 - SATURATION_MARGIN,
            _ => false,
        }
    }

    /// Whether `is_saturated` can ever be true: the bounded activations, sigmoid and tanh.
    pub fn can_saturate(self) -> bool {
        matches!(self, Activation::Sigmoid | Activation::Tanh)
    }

    /// Whether units can die: only ReLU, whose gradient is exactly 0 for z <= 0, so a unit with
    /// z <= 0 on every sample is "dead" and never learns again.
    pub fn can_die(self) -> bool {
        self == Activation::Relu
    }
}

/// a[i] = f(z[i]); generic so each activation gets its own inlined loop.
fn map(z: &[f32], a: &mut [f32], f: impl Fn(f32) -> f32) {
    for (a, &z) in a.iter_mut().zip(z) {
        *a = f(z);
    }
}

/// grad_z[i] = grad_a[i] * df(z[i], a[i]); generic so each activation gets its own loop.
fn chain(z: &[f32], a: &[f32], grad_a: &[f32], grad_z: &mut [f32], df: impl Fn(f32, f32) -> f32) {
    for (((gz, &ga), &z), &a) in grad_z.iter_mut().zip(grad_a).zip(z).zip(a) {
        *gz = ga * df(z, a);
    }
}

/// 1 / (1 + e^-x), computed from e^-|x| so the exponential never overflows.
fn sigmoid(x: f32) -> f32 {
    if x >= 0.0 {
        1.0 / (1.0 + libm::expf(-x))
    } else {
        let e = libm::expf(x);
        e / (1.0 + e)
    }
}

fn sigmoid_derivative(_x: f32, y: f32) -> f32 {
    y * (1.0 - y)
}

fn tanh_derivative(_x: f32, y: f32) -> f32 {
    1.0 - y * y
}

/// max(0, x), written so NaN passes through instead of becoming 0.
fn relu(x: f32) -> f32 {
    if x < 0.0 {
        0.0
    } else {
        x
    }
}

fn relu_derivative(x: f32, _y: f32) -> f32 {
    if x > 0.0 {
        1.0
    } else {
        0.0
    }
}

fn leaky_relu(x: f32) -> f32 {
    if x < 0.0 {
        LEAKY_SLOPE * x
    } else {
        x
    }
}

fn leaky_relu_derivative(x: f32, _y: f32) -> f32 {
    if x > 0.0 {
        1.0
    } else {
        LEAKY_SLOPE
    }
}

fn elu(x: f32) -> f32 {
    if x > 0.0 {
        x
    } else {
        libm::expm1f(x)
    }
}

/// 1 for x > 0, else e^x = y + 1.
fn elu_derivative(x: f32, y: f32) -> f32 {
    if x > 0.0 {
        1.0
    } else {
        y + 1.0
    }
}

fn selu(x: f32) -> f32 {
    if x > 0.0 {
        SELU_LAMBDA * x
    } else {
        SELU_LAMBDA * SELU_ALPHA * libm::expm1f(x)
    }
}

/// lambda for x > 0, else lambda * alpha * e^x = y + lambda * alpha.
fn selu_derivative(x: f32, y: f32) -> f32 {
    if x > 0.0 {
        SELU_LAMBDA
    } else {
        y + SELU_LAMBDA * SELU_ALPHA
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paper's constants in full, for an f64 reference independent of the f32 code.
    const ALPHA: f64 = 1.673_263_242_354_377_3;
    const LAMBDA: f64 = 1.050_700_987_355_480_5;

    /// Each activation written out again in f64, straight from its definition.
    fn reference(act: Activation, x: f64) -> f64 {
        match act {
            Activation::Linear => x,
            Activation::Sigmoid => 1.0 / (1.0 + libm::exp(-x)),
            Activation::Tanh => libm::tanh(x),
            Activation::Relu => x.max(0.0),
            Activation::LeakyRelu => {
                if x > 0.0 {
                    x
                } else {
                    0.01 * x
                }
            }
            Activation::Elu => {
                if x > 0.0 {
                    x
                } else {
                    libm::exp(x) - 1.0
                }
            }
            Activation::Selu => {
                LAMBDA
                    * if x > 0.0 {
                        x
                    } else {
                        ALPHA * (libm::exp(x) - 1.0)
                    }
            }
        }
    }

    /// Points in [-8, 8], away from the kink at 0.
    fn sample_points() -> impl Iterator<Item = f32> {
        (0..=400)
            .map(|i| -8.0 + 0.04 * i as f32 + 0.0123)
            .filter(|x| x.abs() > 0.01)
    }

    #[test]
    fn values_match_reference() {
        for act in Activation::ALL {
            for x in sample_points() {
                let want = reference(act, x as f64);
                let got = act.apply(x) as f64;
                assert!(
                    (got - want).abs() <= 1e-6 * want.abs().max(1.0),
                    "{act:?}({x}): {got} vs {want}"
                );
                // The f64 form differs only by the f32-rounded SELU constants (< 1e-7).
                let wide = act.apply_f64(x as f64);
                assert!(
                    (wide - want).abs() <= 1e-7 * want.abs().max(1.0),
                    "{act:?} f64 ({x}): {wide} vs {want}"
                );
            }
        }
    }

    #[test]
    fn derivatives_match_central_differences() {
        let h = 1e-5;
        for act in Activation::ALL {
            for x in sample_points() {
                let x64 = x as f64;
                let fd = (reference(act, x64 + h) - reference(act, x64 - h)) / (2.0 * h);
                let got = act.derivative(x, act.apply(x)) as f64;
                assert!(
                    (got - fd).abs() <= 2e-6 + 1e-5 * fd.abs(),
                    "{act:?}'({x}): {got} vs {fd}"
                );
                let wide = act.derivative_f64(x64);
                assert!(
                    (wide - fd).abs() <= 1e-6 * fd.abs().max(1.0),
                    "{act:?}' f64 ({x}): {wide} vs {fd}"
                );
            }
        }
    }

    #[test]
    fn kinks_take_the_documented_side() {
        for act in Activation::ALL {
            let narrow = act.derivative(0.0, act.apply(0.0));
            let wide = act.derivative_f64(0.0);
            assert_eq!(narrow, wide as f32, "{act:?}");
        }
        assert_eq!(Activation::Relu.derivative(0.0, 0.0), 0.0);
        assert_eq!(Activation::LeakyRelu.derivative(0.0, 0.0), LEAKY_SLOPE);
        assert_eq!(Activation::Elu.derivative(0.0, 0.0), 1.0);
        assert_eq!(
            Activation::Selu.derivative(0.0, 0.0),
            SELU_LAMBDA * SELU_ALPHA
        );
    }

    #[test]
    fn slices_agree_with_scalars() {
        let z: Vec<f32> = [-1000.0, -3.5, -0.2, 0.0, 0.7, 2.0, 1000.0]
            .into_iter()
            .chain(sample_points())
            .collect();
        let grad_a: Vec<f32> = (0..z.len()).map(|i| 0.5 - (i % 7) as f32 * 0.3).collect();
        let mut a = vec![0.0; z.len()];
        let mut grad_z = vec![0.0; z.len()];
        for act in Activation::ALL {
            act.apply_slice(&z, &mut a);
            act.backward_slice(&z, &a, &grad_a, &mut grad_z);
            for i in 0..z.len() {
                assert_eq!(
                    a[i].to_bits(),
                    act.apply(z[i]).to_bits(),
                    "{act:?} at {}",
                    z[i]
                );
                assert_eq!(
                    grad_z[i],
                    grad_a[i] * act.derivative(z[i], a[i]),
                    "{act:?} at {}",
                    z[i]
                );
            }
        }
    }

    #[test]
    fn extremes_are_finite_and_nan_propagates() {
        for act in Activation::ALL {
            for x in [-1000.0, 1000.0, f32::MAX, f32::MIN] {
                let y = act.apply(x);
                assert!(
                    !y.is_nan() && !act.derivative(x, y).is_nan(),
                    "{act:?}({x})"
                );
            }
            assert!(act.apply(f32::NAN).is_nan(), "{act:?} swallowed NaN");
        }
        let s = Activation::Sigmoid;
        assert_eq!((s.apply(1000.0), s.apply(-1000.0)), (1.0, 0.0));
        assert_eq!(
            (s.derivative(1000.0, 1.0), s.derivative(-1000.0, 0.0)),
            (0.0, 0.0)
        );
        assert!(
            (s.apply(-20.0) as f64 - libm::exp(-20.0)).abs() < 1e-15,
            "no underflow to 0 at -20"
        );
        let t = Activation::Tanh;
        assert_eq!((t.apply(1000.0), t.apply(-1000.0)), (1.0, -1.0));
        assert_eq!(t.derivative(1000.0, 1.0), 0.0);
        assert_eq!(Activation::Elu.apply(-1000.0), -1.0);
        assert_eq!(Activation::Selu.apply(-1000.0), -SELU_LAMBDA * SELU_ALPHA);
    }

    #[test]
    fn saturation_thresholds() {
        let (s, t) = (Activation::Sigmoid, Activation::Tanh);
        for (y, want) in [
            (0.005, true),
            (0.015, false),
            (0.5, false),
            (0.985, false),
            (0.995, true),
        ] {
            assert_eq!(s.is_saturated(y), want, "sigmoid {y}");
        }
        for (y, want) in [
            (-0.995, true),
            (-0.985, false),
            (0.0, false),
            (0.985, false),
            (0.995, true),
        ] {
            assert_eq!(t.is_saturated(y), want, "tanh {y}");
        }
        for act in [s, t] {
            assert!(act.is_saturated(act.apply(10.0)) && act.is_saturated(act.apply(-10.0)));
            assert!(!act.is_saturated(act.apply(1.0)) && !act.is_saturated(act.apply(-1.0)));
            // At the threshold itself the derivative is already under 0.02.
            let edge = 1.0 - SATURATION_MARGIN;
            assert!(act.derivative(f32::NAN, edge) < 0.02, "{act:?}");
        }
        for act in Activation::ALL {
            assert_eq!(act.can_saturate(), act == s || act == t);
            assert_eq!(act.can_die(), act == Activation::Relu);
            if !act.can_saturate() {
                assert!([-1000.0, -1.0, 0.0, 0.999, 1000.0]
                    .iter()
                    .all(|&y| !act.is_saturated(act.apply(y))));
            }
        }
    }

    #[test]
    fn ids_round_trip() {
        for act in Activation::ALL {
            assert_eq!(Activation::from_id(act.id()), Ok(act));
        }
        assert_eq!(Activation::from_id("relu"), Ok(Activation::Relu));
        assert_eq!(Activation::from_id("gelu").unwrap_err().field, "activation");
    }

    #[test]
    fn f64_sigmoid_has_both_tails() {
        let s = Activation::Sigmoid;
        assert_eq!((s.apply_f64(1000.0), s.apply_f64(-1000.0)), (1.0, 0.0));
        // e^-720 is subnormal: the tail keeps it instead of overflowing e^720 to 1 / inf = 0.
        let tail = s.apply_f64(-720.0);
        assert!(
            tail > 0.0 && (tail - libm::exp(-720.0)).abs() <= 1e-3 * tail,
            "{tail}"
        );
    }

    #[test]
    fn saturation_starts_past_the_margin() {
        let edge = 1.0 - SATURATION_MARGIN;
        for (act, y) in [
            (Activation::Sigmoid, SATURATION_MARGIN),
            (Activation::Sigmoid, edge),
            (Activation::Tanh, edge),
            (Activation::Tanh, -edge),
        ] {
            assert!(!act.is_saturated(y), "{act:?} at {y}");
        }
    }

    /// Composite Simpson's rule for f on [a, b] with n (even) intervals.
    fn simpson(f: impl Fn(f64) -> f64, a: f64, b: f64, n: usize) -> f64 {
        let h = (b - a) / n as f64;
        let inner: f64 = (1..n)
            .map(|i| f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 })
            .sum();
        (f(a) + f(b) + inner) * h / 3.0
    }

    #[test]
    fn selu_constants_are_the_papers_and_give_the_fixed_point() {
        assert!(
            (SELU_ALPHA as f64 - ALPHA).abs() < 1e-7 && (SELU_LAMBDA as f64 - LAMBDA).abs() < 1e-7
        );
        let pdf = |z: f64| libm::exp(-0.5 * z * z) / libm::sqrt(2.0 * std::f64::consts::PI);
        let selu = |z: f64| Activation::Selu.apply(z as f32) as f64;
        // Split at the kink so Simpson's rule keeps its accuracy.
        let moment = |k: i32| {
            let f = |z: f64| pdf(z) * selu(z).powi(k);
            simpson(f, -12.0, 0.0, 2400) + simpson(f, 0.0, 12.0, 2400)
        };
        let mean = moment(1);
        let var = moment(2) - mean * mean;
        assert!(mean.abs() < 1e-5, "E[selu(z)] = {mean}");
        assert!((var - 1.0).abs() < 1e-5, "Var[selu(z)] = {var}");
    }
}
