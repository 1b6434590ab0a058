//! The one error type of initlab: a rejected value, named by its field.

use std::fmt;

/// A value that initlab refused, with the field it came from and the rule it broke.
///
/// Every bad input, whatever way it arrives (Rust, the JS API, the URL hash), ends up as one of
/// these, so the page can show the message next to the control that caused it. The field is
/// built from its parts (`key`, and within the key's value a list `index` or an `option`), so
/// a caller finds the control by `key()` without parsing `field`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfigError {
    /// The field as text (camelCase, as JS and the URL see it): the key, `key[index]` or
    /// `key.option`, e.g. `learningRate`, `hidden[1]` or `initOptions.stddev`.
    pub field: String,
    /// What was wrong and what is allowed, e.g. `must be in (0, 10], got -1`.
    pub message: String,
    key: String,
    index: Option<usize>,
    option: Option<String>,
}

impl ConfigError {
    /// Builds an error for the config key or argument `key` (`learningRate`, `steps`, `fanIn`,
    /// `config`...) with a message that says what is allowed. `key` is taken as it is, never
    /// parsed: an unknown key a config holds (`"a.b"`) is named whole.
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        let key = key.into();
        ConfigError {
            field: key.clone(),
            message: message.into(),
            key,
            index: None,
            option: None,
        }
    }

    /// The error for item `index` of the list under `key`: field `key[index]`, e.g. `hidden[1]`.
    pub fn at_index(key: &str, index: usize, message: impl Into<String>) -> Self {
        ConfigError {
            field: format!("{key}[{index}]"),
            index: Some(index),
            ..ConfigError::new(key, message)
        }
    }

    /// The error for option `option` of the options object under `key`: field `key.option`,
    /// e.g. `initOptions.stddev`.
    pub fn at_option(key: &str, option: &str, message: impl Into<String>) -> Self {
        ConfigError {
            field: format!("{key}.{option}"),
            option: Some(option.to_string()),
            ..ConfigError::new(key, message)
        }
    }

    /// The error for a string that is not one of the `allowed` ids.
    pub fn unknown_id(field: &str, got: &str, allowed: &[&str]) -> Self {
        ConfigError::new(
            field,
            format!("unknown value {got:?}; allowed: {}", allowed.join(", ")),
        )
    }

    /// The config key or argument name the field starts with: `hidden` for `hidden[1]`,
    /// `initOptions` for `initOptions.stddev`, `steps` for `steps`.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The list index the field names (1 for `hidden[1]`), or `None`.
    pub fn index(&self) -> Option<usize> {
        self.index
    }

    /// The option the field names (`stddev` for `initOptions.stddev`), or `None`.
    pub fn option(&self) -> Option<&str> {
        self.option.as_deref()
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::ConfigError;

    /// (error, field, key, index, option)
    fn parts(e: &ConfigError) -> (&str, &str, Option<usize>, Option<&str>) {
        (e.field.as_str(), e.key(), e.index(), e.option())
    }

    #[test]
    fn fields_are_built_from_their_parts() {
        let e = ConfigError::at_index("hidden", 3, "must be an integer in [1, 512], got 0");
        assert_eq!(parts(&e), ("hidden[3]", "hidden", Some(3), None));
        assert_eq!(
            e.to_string(),
            "hidden[3]: must be an integer in [1, 512], got 0"
        );
        let e = ConfigError::at_option("initOptions", "stddev", "must be finite");
        assert_eq!(
            parts(&e),
            ("initOptions.stddev", "initOptions", None, Some("stddev"))
        );
        let e = ConfigError::at_option("biasInitOptions", "value", "must be finite");
        assert_eq!(
            parts(&e),
            (
                "biasInitOptions.value",
                "biasInitOptions",
                None,
                Some("value")
            )
        );
        let e = ConfigError::new("learningRate", "must be in (0, 10]");
        assert_eq!(parts(&e), ("learningRate", "learningRate", None, None));
        let e = ConfigError::unknown_id("init", "xavier", &["zeros", "ones"]);
        assert_eq!(parts(&e), ("init", "init", None, None));
        assert_eq!(e.message, "unknown value \"xavier\"; allowed: zeros, ones");
    }

    #[test]
    fn a_plain_key_is_never_parsed() {
        let e = ConfigError::new("a.b[2]", "is not a config key");
        assert_eq!(parts(&e), ("a.b[2]", "a.b[2]", None, None));
    }
}
