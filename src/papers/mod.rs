//! Paper cards: published results on initialization that the page reruns live, each with the
//! checks its badge shows. A card's checks compare a number its run measured with what the
//! paper (or the theory behind it) predicts, within a tolerance written on the card; the
//! native tests reproduce every card's claim with the same checks.

#[cfg(feature = "cards")]
pub mod glorot_bengio;
#[cfg(feature = "cards")]
pub mod mishkin;
#[cfg(feature = "cards")]
pub mod pennington;
#[cfg(feature = "cards")]
pub mod saxe;

use serde::Serialize;

/// How a measured number is held against the expected one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "value")]
pub enum Tolerance {
    /// The measured number is at most this bound (the expected number is the bound).
    AtMost(f64),
    /// The measured number is at least this bound (the expected number is the bound).
    AtLeast(f64),
    /// The measured number is within this factor of the expected one, either way (> 1).
    Factor(f64),
    /// The measured number is within this distance of the expected one.
    Absolute(f64),
}

/// One claim of a card, held against one measured number: what the badge shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// The claim in words a student reads on the card ("He's training loss ends below 0.3").
    pub claim: String,
    /// What the run measured.
    pub measured: f64,
    /// What the paper or its theory predicts (for a bound, the bound).
    pub expected: f64,
    /// How close `measured` must come to `expected`.
    pub tolerance: Tolerance,
    /// Whether it did; false for a measurement that is not finite.
    pub passed: bool,
}

impl Check {
    /// Holds `measured` against `expected` with `tolerance`.
    pub fn new(
        claim: impl Into<String>,
        measured: f64,
        expected: f64,
        tolerance: Tolerance,
    ) -> Check {
        let passed = measured.is_finite()
            && match tolerance {
                Tolerance::AtMost(bound) => measured <= bound,
                Tolerance::AtLeast(bound) => measured >= bound,
                Tolerance::Factor(f) => {
                    let ratio = measured / expected;
                    ratio.is_finite() && ratio > 0.0 && ratio <= f && ratio >= 1.0 / f
                }
                Tolerance::Absolute(d) => (measured - expected).abs() <= d,
            };
        Check {
            claim: claim.into(),
            measured,
            expected,
            tolerance,
            passed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_factors_and_distances_decide_the_badge() {
        assert!(Check::new("a", 0.2, 0.3, Tolerance::AtMost(0.3)).passed);
        assert!(!Check::new("a", 0.31, 0.3, Tolerance::AtMost(0.3)).passed);
        assert!(Check::new("a", 0.7, 0.6, Tolerance::AtLeast(0.6)).passed);
        assert!(!Check::new("a", 0.5, 0.6, Tolerance::AtLeast(0.6)).passed);
        assert!(Check::new("a", 1.9, 1.0, Tolerance::Factor(2.0)).passed);
        assert!(Check::new("a", 0.51, 1.0, Tolerance::Factor(2.0)).passed);
        assert!(!Check::new("a", 0.49, 1.0, Tolerance::Factor(2.0)).passed);
        assert!(!Check::new("a", -1.0, 1.0, Tolerance::Factor(2.0)).passed);
        assert!(Check::new("a", 1.05, 1.0, Tolerance::Absolute(0.1)).passed);
        assert!(!Check::new("a", f64::NAN, 1.0, Tolerance::Absolute(0.1)).passed);
    }
}
