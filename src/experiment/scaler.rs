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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standardizes_like_scikit_learns_standard_scaler() {
        // 4 samples of 3 features: a spread one, a constant one, one varying by 2.4e-7.
        let x = [
            1.0,
            5.0,
            2.0, //
            2.0,
            5.0,
            2.0, //
            3.0,
            5.0,
            2.0, //
            6.0,
            5.0,
            2.000_000_2,
        ];
        let s = Scaler::fit(&x, 3);
        // Feature 0: mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5.
        // Feature 2's mean, 2 + 6e-8 in f64, rounds to 2 in f32.
        assert_eq!(s.mean(), [3.0, 5.0, 2.0]);
        assert_eq!(s.scale(), [(1.0 / 3.5f64.sqrt()) as f32, 1.0, 1.0]);
        let z = s.apply(&x);
        let feature =
            |i: usize| -> Vec<f64> { z.iter().skip(i).step_by(3).map(|&v| f64::from(v)).collect() };
        let f0 = feature(0);
        let mean = f0.iter().sum::<f64>() / 4.0;
        let var = f0.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 4.0;
        assert!(
            mean.abs() < 1e-7 && (var - 1.0).abs() < 1e-6,
            "{mean} {var}"
        );
        // Constant features are only centred.
        assert_eq!(feature(1), [0.0; 4]);
        assert!(feature(2).iter().all(|v| v.abs() < 1e-6));
        // A new sample is standardized with the training set's numbers.
        let new = s.apply(&[3.0 + 3.5f32.sqrt(), 6.0, 2.0]);
        assert!((new[0] - 1.0).abs() < 1e-6 && new[1] == 1.0, "{new:?}");
    }

    #[test]
    fn a_small_spread_far_from_zero_keeps_its_digits() {
        // 10,000,000 + 0, 1, 3: variance 14/9. The mean, 10,000,001.33..., is rounded, so the
        // deviations from it do not sum to exactly 0; squared deviations do not mind, but a
        // spread computed as E[x^2] - mean^2 (or any sum of (x + mean)(x - mean)) carries
        // 2 mean times that rounding, a percent of this spread.
        let x = [1e7, 1e7 + 1.0, 1e7 + 3.0];
        let s = Scaler::fit(&x, 1);
        let expected = 1.0 / (14.0f64 / 9.0).sqrt();
        assert!(
            (f64::from(s.scale()[0]) / expected - 1.0).abs() < 1e-7,
            "{:?}",
            s.scale()
        );
    }
}
