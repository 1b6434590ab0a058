//! Input standardization, fitted on the training set.

/// Standardizes every input to zero mean and unit variance over the training set, as Keras's
/// `Normalization` layer or scikit-learn's `StandardScaler` would: the schemes' variance
/// arguments assume inputs of unit scale. Constant inputs (blank digit pixels) are only centred.
#[derive(Debug, Clone)]
pub struct Scaler {
    mean: Vec<f32>,
    inv_std: Vec<f32>,
}

impl Scaler {
    /// Fits the scaler to `x`, `inputs` features per sample.
    pub fn fit(x: &[f32], inputs: usize) -> Scaler {
        let n = (x.len() / inputs).max(1) as f64;
        let column = |i: usize| x.iter().skip(i).step_by(inputs).map(|&v| v as f64);
        let mean: Vec<f64> = (0..inputs).map(|i| column(i).sum::<f64>() / n).collect();
        let inv_std = (0..inputs)
            .map(|i| {
                let std = libm::sqrt(
                    column(i)
                        .map(|v| (v - mean[i]) * (v - mean[i]))
                        .sum::<f64>()
                        / n,
                );
                if std > 1e-6 {
                    (1.0 / std) as f32
                } else {
                    1.0
                }
            })
            .collect();
        Scaler {
            mean: mean.into_iter().map(|m| m as f32).collect(),
            inv_std,
        }
    }

    /// Each feature's mean over the training set (computed in f64, kept as f32).
    pub fn mean(&self) -> &[f32] {
        &self.mean
    }

    /// Each feature's factor: 1 / its standard deviation over the training set (population,
    /// computed in f64 then rounded to f32), or 1 for a feature whose deviation is at most 1e-6.
    pub fn scale(&self) -> &[f32] {
        &self.inv_std
    }

    /// `x` standardized, feature by feature, in f32: (x - mean) * scale.
    pub fn apply(&self, x: &[f32]) -> Vec<f32> {
        let inputs = self.mean.len();
        x.iter()
            .enumerate()
            .map(|(i, &v)| (v - self.mean[i % inputs]) * self.inv_std[i % inputs])
            .collect()
    }
}
