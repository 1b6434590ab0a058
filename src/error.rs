//! The one error type of initlab: a rejected value, named by its field.

use std::fmt;

/// A value that initlab refused, with the field it came from and the rule it broke.
///
/// Every bad input, whatever way it arrives (Rust, the JS API, the URL hash), ends up as one of
/// these, so the page can show the message next to the control that caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfigError {
    /// The config key (camelCase, as JS and the URL see it), e.g. `learningRate` or
    /// `initOptions.stddev`.
    pub field: String,
    /// What was wrong and what is allowed, e.g. `must be in (0, 10], got -1`.
    pub message: String,
}

impl ConfigError {
    /// Builds an error for `field` with a message that says what is allowed.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The error for a string that is not one of the `allowed` ids.
    pub fn unknown_id(field: &str, got: &str, allowed: &[&str]) -> Self {
        ConfigError::new(
            field,
            format!("unknown value {got:?}; allowed: {}", allowed.join(", ")),
        )
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}
