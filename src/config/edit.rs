//! Editing a config: the one rule for what a changed key takes with it.
//!
//! The core derives some keys from another when they are absent (a dataset's sample count and
//! loss, a scheme's options, an optimizer's learning rate, the data seed). A student who
//! changes the key expects the new defaults, not the old key's leftovers, so an edit that
//! changes a key drops the keys derived from it, unless the edit sets them itself. Setting the
//! custom dataset counts as a change even when it was set before: the file may be a new one,
//! of other rows and classes.

use serde_json::{Map, Value};

use super::Config;
use crate::data::DatasetKind;
use crate::error::ConfigError;

/// Each key with the keys the core derives from it when they are absent (see `Config`'s
/// fields): an edit that changes the key drops them.
pub const DEPENDENT_KEYS: [(&str, &[&str]); 5] = [
    ("dataset", &["samples", "loss"]),
    ("init", &["initOptions"]),
    ("biasInit", &["biasInitOptions"]),
    ("optimizer", &["learningRate"]),
    ("seed", &["dataSeed"]),
];

/// `edits` (an object of config keys: the edits made so far, or a whole config) with `partial`
/// (an object of config keys) set on it, and the keys derived from a key whose value `partial`
/// changes dropped unless `partial` sets them too. Nothing is validated, as edits are partial;
/// errors name `edits` or `partial` when one is not an object.
pub fn merge_edits(edits: &Value, partial: &Value) -> Result<Value, ConfigError> {
    let (base, partial) = (object(edits, "edits")?, object(partial, "partial")?);
    Ok(Value::Object(merge(base, partial)))
}

impl Config {
    /// The config `config` (a config object, as `from_value` reads it) becomes when `partial`
    /// (an object of config keys) is set on it by the rule of `merge_edits`, validated: errors
    /// name the bad key (or `config` / `partial` when one is not an object).
    pub fn edited(config: &Value, partial: &Value) -> Result<Config, ConfigError> {
        let (base, partial) = (object(config, "config")?, object(partial, "partial")?);
        Config::from_value(&Value::Object(merge(base, partial)))
    }
}

/// `base` with `partial` set on it and the dependents of its changed keys dropped.
fn merge(base: &Map<String, Value>, partial: &Map<String, Value>) -> Map<String, Value> {
    let mut next = base.clone();
    next.extend(partial.iter().map(|(k, v)| (k.clone(), v.clone())));
    for (key, dependents) in DEPENDENT_KEYS {
        let reloaded =
            key == "dataset" && partial.get(key) == Some(&Value::from(DatasetKind::Custom.id()));
        if partial
            .get(key)
            .is_some_and(|v| reloaded || base.get(key) != Some(v))
        {
            for dependent in dependents.iter().filter(|d| !partial.contains_key(**d)) {
                next.remove(*dependent);
            }
        }
    }
    next
}

/// `value` as a JSON object, or an error naming `field`.
fn object<'a>(value: &'a Value, field: &str) -> Result<&'a Map<String, Value>, ConfigError> {
    value.as_object().ok_or_else(|| {
        ConfigError::new(
            field,
            format!(
                "must be an object of config keys such as {{\"learningRate\": 0.1}}, got {value}"
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::{merge_edits, DEPENDENT_KEYS};
    use crate::config::{Config, KEYS};

    fn merged(edits: Value, partial: Value) -> Value {
        merge_edits(&edits, &partial).unwrap()
    }

    #[test]
    fn setting_the_custom_dataset_again_takes_the_new_file_s_defaults() {
        let edits =
            json!({"dataset": "custom", "samples": 150, "loss": "categorical_crossentropy"});
        assert_eq!(
            merged(edits.clone(), json!({"dataset": "custom"})),
            json!({"dataset": "custom"})
        );
        let kept = json!({"dataset": "circle", "samples": 150});
        assert_eq!(merged(kept.clone(), json!({"dataset": "circle"})), kept);
    }

    #[test]
    fn every_dependent_is_a_config_key() {
        for (key, dependents) in DEPENDENT_KEYS {
            assert!(KEYS.contains(&key), "{key}");
            assert!(dependents.iter().all(|d| KEYS.contains(d)), "{key}");
        }
    }

    #[test]
    fn a_changed_key_drops_its_dependents() {
        let edits = json!({"dataset": "circle", "samples": 300, "loss": "mse", "optimizer": "adam",
                           "learningRate": 0.01, "seed": 3, "dataSeed": 4, "init": "constant",
                           "initOptions": {"value": 0.2}, "biasInit": "constant",
                           "biasInitOptions": {"value": 1}});
        let cases = [
            (json!({"dataset": "xor"}), vec!["samples", "loss"]),
            (json!({"optimizer": "sgd"}), vec!["learningRate"]),
            (json!({"seed": 5}), vec!["dataSeed"]),
            (json!({"init": "zeros"}), vec!["initOptions"]),
            (json!({"biasInit": "zeros"}), vec!["biasInitOptions"]),
        ];
        for (partial, dropped) in cases {
            let next = merged(edits.clone(), partial.clone());
            for key in edits.as_object().unwrap().keys() {
                let expected = partial.get(key).or(edits.get(key));
                let kept = !dropped.contains(&key.as_str());
                assert_eq!(next.get(key), expected.filter(|_| kept), "{partial} {key}");
            }
        }
    }

    #[test]
    fn an_unchanged_key_or_a_dependent_set_alongside_is_kept() {
        let edits = json!({"optimizer": "adam", "learningRate": 0.01});
        assert_eq!(merged(edits.clone(), json!({"optimizer": "adam"})), edits);
        assert_eq!(
            merged(
                edits.clone(),
                json!({"optimizer": "sgd", "learningRate": 0.5})
            ),
            json!({"optimizer": "sgd", "learningRate": 0.5})
        );
        // A key the edits lack counts as changed: its dependents go.
        assert_eq!(
            merged(json!({"learningRate": 0.01}), json!({"optimizer": "sgd"})),
            json!({"optimizer": "sgd"})
        );
        assert_eq!(
            merged(json!({"hidden": [4]}), json!({"hidden": [8, 8]})),
            json!({"hidden": [8, 8]})
        );
    }

    #[test]
    fn an_edited_config_takes_the_new_defaults() {
        let config = Config::from_value(&json!({"hidden": [8], "optimizer": "adam",
            "learningRate": 0.01, "dataset": "digits", "samples": 500, "seed": 7}))
        .unwrap()
        .to_json();
        let edited = Config::edited(&config, &json!({"optimizer": "sgd", "dataset": "xor"}))
            .unwrap()
            .to_json();
        assert_eq!(edited["learningRate"], json!(0.1));
        assert_eq!(edited["samples"], json!(400));
        assert_eq!(edited["loss"], json!("binary_crossentropy"));
        assert_eq!(edited["dataSeed"], json!(7));
        let reseeded = Config::edited(&config, &json!({"seed": 9})).unwrap();
        assert_eq!((reseeded.seed, reseeded.data_seed), (9, 9));
        let same = Config::edited(&config, &json!({"seed": 7}))
            .unwrap()
            .to_json();
        assert_eq!(same, config);
    }

    #[test]
    fn a_bad_edit_is_refused_by_name() {
        let config = json!({"hidden": [8]});
        let refused = |partial: Value| Config::edited(&config, &partial).unwrap_err();
        assert_eq!(refused(json!({"learningRate": -1})).field, "learningRate");
        assert_eq!(refused(json!({"hidden": [8, 0]})).field, "hidden[1]");
        assert_eq!(
            refused(json!({"initOptions": {"stddev": 1}})).field,
            "initOptions"
        );
        let e = refused(json!({"init": "random_normal", "initOptions": {"stddev": -1}}));
        assert_eq!((e.key(), e.option()), ("initOptions", Some("stddev")));
        assert_eq!(refused(json!([1])).field, "partial");
        let e = Config::edited(&json!("x"), &json!({})).unwrap_err();
        assert_eq!(e.field, "config");
        let e = merge_edits(&json!(null), &json!({})).unwrap_err();
        assert_eq!(
            e.to_string(),
            "edits: must be an object of config keys such as {\"learningRate\": 0.1}, got null"
        );
    }
}
