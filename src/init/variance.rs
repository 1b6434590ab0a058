//! The closed-form numbers behind the schemes' variances: the variance a truncated normal keeps
//! after its cut, and PyTorch's gains.

use crate::activation::{Activation, LEAKY_SLOPE};

/// Keras's truncated normals keep draws within this many (pre-truncation) standard deviations
/// of the mean and redraw the rest.
pub const TRUNCATION_BOUND: f64 = 2.0;

/// Variance of a standard normal truncated to [-b, b] with b = `TRUNCATION_BOUND`:
/// 1 - 2 b φ(b) / (Φ(b) - Φ(-b)) ≈ 0.7737, with φ, Φ the standard normal density and CDF.
///
/// Its square root, 0.87962566103423978, is the constant Keras divides a variance-scaling
/// standard deviation by, so that the standard deviation after truncation is the target.
pub fn truncated_variance_factor() -> f64 {
    let b = TRUNCATION_BOUND;
    let density = libm::exp(-0.5 * b * b) / libm::sqrt(2.0 * std::f64::consts::PI);
    let mass = libm::erf(b / std::f64::consts::SQRT_2);
    1.0 - 2.0 * b * density / mass
}

/// PyTorch's `nn.init.calculate_gain`: the factor by which an activation shrinks the signal's
/// standard deviation is undone by multiplying the weights' standard deviation by it.
///
/// linear and sigmoid 1, tanh 5/3, ReLU √2, leaky ReLU √(2 / (1 + slope²)) with `LEAKY_SLOPE`,
/// SELU 3/4. PyTorch has no gain for ELU; it gets 1 here.
pub fn torch_gain(activation: Activation) -> f64 {
    match activation {
        Activation::Linear | Activation::Sigmoid | Activation::Elu => 1.0,
        Activation::Tanh => 5.0 / 3.0,
        Activation::Relu => std::f64::consts::SQRT_2,
        Activation::LeakyRelu => {
            let slope = f64::from(LEAKY_SLOPE);
            libm::sqrt(2.0 / (1.0 + slope * slope))
        }
        Activation::Selu => 0.75,
    }
}
