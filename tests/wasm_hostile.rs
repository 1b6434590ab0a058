//! Hostile values through the JS API in Node: thousands of seeded random and hand-picked JS
//! values (NaN, ±Infinity, -0, 2^53 + 2, 1e308, huge strings, deep and cyclic objects, arrays
//! where numbers belong, unicode, `__proto__` keys, getters and proxies that throw, BigInt,
//! null, undefined...) through every exported function and `Trainer` method.
//!
//! Each call is made from JavaScript inside a `try`, as a page would make it, and must either
//! succeed or throw a JS `Error` (never a `WebAssembly.RuntimeError`, i.e. a trap) whose `field`
//! is a non-empty string and whose message is `"field: rule"`. Numeric arguments get every
//! kind of value as it is: they must be accepted exactly when it is a JS number that is an
//! integer in range, a value of any other type (`"5"`, `true`, `[1]`, a BigInt, a Proxy...)
//! is refused by name without running any of its code, and a refused call changes nothing.
//! Each test ends by checking that the module still trains a fresh run.
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test wasm_hostile`
//! (`-- --nocapture` prints the counts).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::collections::BTreeMap;

use initlab::config::{KEYS, MAX_SEED, MAX_WIDTH};
use initlab::experiment::{MAX_RESOLUTION, MAX_STEPS_PER_CALL, MIN_RESOLUTION};
use initlab::rng::{self, Rng, Stream};
use initlab::wasm::{self, Trainer};
use js_sys::{Array, Error, Float32Array, Function, JsString, Object, Reflect, WebAssembly, JSON};
use wasm_bindgen::closure::ScopedClosure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

/// Hand-picked hostile values, as JavaScript expressions.
const SPECIALS: &[&str] = &[
    "NaN",
    "Infinity",
    "-Infinity",
    "-0",
    "2 ** 53 + 2",
    "1e308",
    "-1e308",
    "5e-324",
    "10n",
    "Symbol('s')",
    "() => 1",
    "new Number(5)",
    "new String('relu')",
    "new Boolean(false)",
    "new Date(NaN)",
    "new Date(0)",
    "new Map([['hidden', [4]]])",
    "new Float32Array([1, NaN])",
    "new Error('x')",
    "[, , ]",
    "Object.create(null)",
    "Object.create({ hidden: [4] })",
    "JSON.parse('{\"__proto__\": {\"hidden\": [4]}, \"hidden\": [4]}')",
    "JSON.parse('{\"hidden\": [4], \"__proto__\": 1}')",
    "(() => { const o = { hidden: [4] }; o.self = o; return o; })()",
    "({ toJSON() { throw new Error('toJSON'); } })",
    "({ toJSON() { return undefined; } })",
    "({ hidden: [9], toJSON() { return { hidden: [4], samples: 60 }; } })",
    "({ get hidden() { throw new Error('getter'); } })",
    "({ valueOf() { throw new Error('valueOf'); } })",
    "({ valueOf() { return 3; } })",
    "new Proxy({}, { ownKeys() { throw new Error('ownKeys'); } })",
    "new Proxy({ hidden: [4] }, { get() { throw new Error('get'); } })",
    "'9'.repeat(1 << 20)",
    "'a'.repeat(1 << 20)",
    "new Array(100000).fill(512)",
    "(() => { let a = []; for (let i = 0; i < 10000; i++) a = [a]; return a; })()",
    "(() => { let o = {}; for (let i = 0; i < 10000; i++) o = { hidden: o }; return o; })()",
    "(() => { const o = { hidden: [4] }; for (let i = 0; i < 10000; i++) o['k' + i] = i; return o; })()",
    "'\\uD800'",
    "'relu\\uDC00'",
    "'\\u202Erelu'",
    "'relu\\u0000'",
    "'relu\\u200B'",
    "'ｒｅｌｕ'",
    "'RELU'",
    "' relu'",
    "'<script>alert(1)</script>'",
    "'javascript:alert(1)'",
    "'\\u{1F600}'",
    "''",
];

/// Strings a hostile value may be (the registries' ids are added to these).
const STRINGS: &[&str] = &[
    "",
    " ",
    "0",
    "1e3",
    "0x10",
    " 12 ",
    "-1",
    "NaN",
    "Infinity",
    "null",
    "true",
    "[8, 8]",
    "{\"hidden\": [8]}",
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "he_normal ",
    "He_Normal",
    "glorot_uniform\u{0}",
    "ℌ𝔢_𝔫𝔬𝔯𝔪𝔞𝔩",
    "\u{202E}lamron_eh",
    "xavier",
    "kaiming",
];

/// Keys that are not config keys but look like them, or like JavaScript internals.
const HOSTILE_KEYS: &[&str] = &[
    "__proto__",
    "constructor",
    "prototype",
    "toJSON",
    "valueOf",
    "",
    " hidden",
    "Hidden",
    "ｈｉｄｄｅｎ",
    "hidden\u{200B}",
    "hidden[0]",
    "initOptions.stddev",
    "field",
];

/// Option keys of the init schemes.
const OPTION_KEYS: &[&str] = &[
    "value",
    "minval",
    "maxval",
    "mean",
    "stddev",
    "gain",
    "scale",
    "mode",
    "distribution",
];

/// What happened to one call made from JavaScript.
enum Outcome {
    /// It returned this value.
    Ok(JsValue),
    /// It threw an `Error` naming this field, with this message.
    Refused(String, String),
}

/// The JavaScript helpers, the seeded generator and the counts of one test.
struct Lab {
    rng: Rng,
    /// `f => { try { return {ok: true, value: f()} } catch (error) { return {ok: false, error} } }`
    trampoline: Function,
    /// Defines an own, enumerable property, so `__proto__` becomes a key as `JSON.parse` makes it.
    define: Function,
    specials: Vec<JsValue>,
    strings: Vec<String>,
    /// The registries' ids for each config key that takes one.
    ids: BTreeMap<&'static str, Vec<String>>,
    /// Calls and refusals per API function.
    counts: BTreeMap<&'static str, (usize, usize)>,
}

impl Lab {
    fn new(seed: u64) -> Lab {
        let ids = |list: Result<JsValue, JsValue>| -> Vec<String> {
            let list = list.expect("registry");
            list.unchecked_ref::<Array>()
                .iter()
                .map(|x| get(&x, "id").as_string().expect("id"))
                .collect()
        };
        let ids = BTreeMap::from([
            ("dataset", ids(wasm::datasets())),
            ("activation", ids(wasm::activations())),
            ("init", ids(wasm::schemes())),
            ("biasInit", ids(wasm::schemes())),
            ("loss", ids(wasm::losses())),
            ("optimizer", ids(wasm::optimizers())),
        ]);
        let mut strings: Vec<String> = STRINGS.iter().map(|s| s.to_string()).collect();
        strings.extend(ids.values().flatten().cloned());
        strings.extend(["fan_in", "fan_avg", "uniform", "untruncated_normal"].map(String::from));
        Lab {
            rng: rng::seeded(seed, Stream::Data),
            trampoline: Function::new_with_args(
                "f",
                "try { return { ok: true, value: f() }; } catch (error) { return { ok: false, error }; }",
            ),
            define: Function::new_with_args(
                "o, k, v",
                "Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true }); return o;",
            ),
            specials: SPECIALS.iter().map(|src| eval(src)).collect(),
            strings,
            ids,
            counts: BTreeMap::new(),
        }
    }

    /// A uniform index in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        rng::index(&mut self.rng, n)
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        rng::uniform(&mut self.rng) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Calls `f` from JavaScript inside `try` and checks the contract: a value, or an `Error`
    /// (not a trap) with a non-empty `field` and a `"field: rule"` message. `what` describes
    /// the call for failure messages.
    fn call(
        &mut self,
        api: &'static str,
        what: &dyn Fn() -> String,
        mut f: impl FnMut() -> Result<JsValue, JsValue>,
    ) -> Outcome {
        let closure =
            ScopedClosure::<dyn FnMut() -> Result<JsValue, JsValue>>::borrow_mut_aborting(&mut f);
        let result = self
            .trampoline
            .call1(&JsValue::NULL, closure.as_ref())
            .expect("the trampoline catches everything");
        let count = self.counts.entry(api).or_default();
        count.0 += 1;
        if get(&result, "ok").as_bool() == Some(true) {
            return Outcome::Ok(get(&result, "value"));
        }
        count.1 += 1;
        let error = get(&result, "error");
        assert!(
            !error.is_instance_of::<WebAssembly::RuntimeError>(),
            "{api} trapped on {}: {error:?}",
            what()
        );
        let error = error
            .dyn_into::<Error>()
            .unwrap_or_else(|e| panic!("{api} threw a non-Error on {}: {e:?}", what()));
        let field = get(&error, "field").as_string().unwrap_or_default();
        let message: String = error.message().into();
        assert!(
            !field.is_empty(),
            "{api}: no field on {}: {message}",
            what()
        );
        assert!(
            message.starts_with(&format!("{field}: ")) && message.len() > field.len() + 4,
            "{api}: message {message:?} for field {field:?} on {}",
            what()
        );
        assert_eq!(
            spelled(&error),
            field,
            "{api}: key, index and option on {}",
            what()
        );
        Outcome::Refused(field, message)
    }

    /// A random number: special values, small integers, or any magnitude.
    fn number(&mut self) -> f64 {
        const SPECIAL: [f64; 14] = [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            0.5,
            -1.0,
            9_007_199_254_740_994.0,
            1e308,
            -1e308,
            5e-324,
            f64::EPSILON,
            4_294_967_296.0,
            512.0,
            513.0,
        ];
        match self.below(3) {
            0 => *self.pick(&SPECIAL),
            1 => self.below(1100) as f64 - 100.0,
            _ => {
                let magnitude = libm::pow(10.0, 60.0 * rng::uniform(&mut self.rng) - 20.0);
                let sign = if self.chance(0.5) { -1.0 } else { 1.0 };
                sign * magnitude
            }
        }
    }

    /// A random string: ids, hostile text or random unicode.
    fn string(&mut self) -> JsValue {
        match self.below(4) {
            0 | 1 => {
                let s = self.pick(&self.strings.clone()).clone();
                s.into()
            }
            2 => {
                let ranges = [
                    (0x20, 0x7f),
                    (0x0, 0x20),
                    (0xa0, 0x2000),
                    (0x2000, 0x2070),
                    (0x1f600, 0x1f650),
                ];
                let len = self.below(12);
                let text: String = (0..len)
                    .filter_map(|_| {
                        let (lo, hi) = *self.pick(&ranges);
                        char::from_u32(lo + self.below((hi - lo) as usize) as u32)
                    })
                    .collect();
                text.into()
            }
            _ => JsString::from_char_code1(0xd800 + self.below(0x800) as u32).into(),
        }
    }

    /// A random JavaScript value, nested up to `depth` levels.
    fn value(&mut self, depth: usize) -> JsValue {
        match self.below(if depth == 0 { 4 } else { 7 }) {
            0 => JsValue::from_f64(self.number()),
            1 => self.string(),
            2 => self
                .pick(&[
                    JsValue::NULL,
                    JsValue::UNDEFINED,
                    JsValue::TRUE,
                    JsValue::FALSE,
                ])
                .clone(),
            3 => self.pick(&self.specials.clone()).clone(),
            4 | 5 => {
                let array = Array::new();
                for _ in 0..self.below(5) {
                    array.push(&self.value(depth - 1));
                }
                array.into()
            }
            _ => {
                let object = Object::new();
                for _ in 0..self.below(4) {
                    let key = self.key();
                    let value = self.value(depth - 1);
                    self.set(&object, &key, &value);
                }
                object.into()
            }
        }
    }

    /// A key: mostly config and option keys, sometimes hostile ones.
    fn key(&mut self) -> String {
        match self.below(6) {
            0..=2 => self.pick(&KEYS).to_string(),
            3 => self.pick(OPTION_KEYS).to_string(),
            4 => self.pick(HOSTILE_KEYS).to_string(),
            _ => self.string().as_string().unwrap_or_default(),
        }
    }

    /// `object[key] = value`, as an own property or (sometimes) by plain assignment, which for
    /// `__proto__` sets the prototype instead.
    fn set(&mut self, object: &Object, key: &str, value: &JsValue) {
        if self.chance(0.2) {
            // Assignment may throw (e.g. a cyclic prototype); that is the caller's own doing.
            let _ = Reflect::set(object, &key.into(), value);
        } else {
            self.define
                .call3(&JsValue::NULL, object, &key.into(), value)
                .expect("defineProperty on a fresh object");
        }
    }

    /// A plausible value for config key `key`, so that many configs are accepted.
    fn plausible(&mut self, key: &str) -> JsValue {
        match key {
            "hidden" => {
                let array = Array::new();
                for _ in 0..self.below(4) {
                    array.push(&JsValue::from_f64(1.0 + self.below(12) as f64));
                }
                array.into()
            }
            "initOptions" | "biasInitOptions" => {
                let object = Object::new();
                let key = self.pick(OPTION_KEYS).to_string();
                let value = if self.chance(0.5) {
                    JsValue::from_f64(self.below(5) as f64 * 0.5)
                } else {
                    self.string()
                };
                self.set(&object, &key, &value);
                object.into()
            }
            "samples" | "batchSize" => JsValue::from_f64((20 + self.below(150)) as f64),
            "noise" | "testFraction" => JsValue::from_f64(0.05 + 0.9 * rng::uniform(&mut self.rng)),
            "learningRate" => {
                JsValue::from_f64(libm::pow(10.0, -4.0 + 5.0 * rng::uniform(&mut self.rng)))
            }
            "seed" | "dataSeed" => JsValue::from_f64(self.below(1000) as f64),
            _ => match self.ids.get(key).cloned() {
                Some(ids) => self.pick(&ids).into(),
                None => self.string(),
            },
        }
    }

    /// A config: usually a small valid one with a few plausible or hostile keys, sometimes any
    /// value at all.
    fn config(&mut self) -> JsValue {
        match self.below(10) {
            0 => self.value(3),
            1 => self.pick(&self.specials.clone()).clone(),
            _ => {
                let object = Object::new();
                self.set(&object, "samples", &JsValue::from_f64(60.0));
                self.set(&object, "hidden", &eval("[4, 4]"));
                for _ in 0..1 + self.below(3) {
                    let key = self.key();
                    let value = if self.chance(0.5) {
                        self.plausible(&key)
                    } else {
                        self.value(2)
                    };
                    self.set(&object, &key, &value);
                }
                object.into()
            }
        }
    }

    /// Prints the counts.
    fn print(&self) {
        for (api, (calls, refused)) in &self.counts {
            console_log!(
                "{api}: {calls} calls, {} accepted, {refused} refused",
                calls - refused
            );
        }
    }
}

/// Evaluates a JavaScript expression.
fn eval(src: &str) -> JsValue {
    Function::new_no_args(&format!("return {src};"))
        .call0(&JsValue::NULL)
        .unwrap_or_else(|e| panic!("{src}: {e:?}"))
}

/// An error's field as its `key`, `index` (a number or null) and `option` (a string or null)
/// properties spell it: `key`, `key[index]` or `key.option`.
fn spelled(error: &JsValue) -> String {
    let key = get(error, "key").as_string().unwrap_or_default();
    let (index, option) = (get(error, "index"), get(error, "option"));
    match (index.as_f64(), option.as_string()) {
        (Some(i), None) if option.is_null() => format!("{key}[{i}]"),
        (None, Some(option)) if index.is_null() => format!("{key}.{option}"),
        (None, None) if index.is_null() && option.is_null() => key,
        _ => format!("{key} with index {index:?} and option {option:?}"),
    }
}

/// `obj[key]`, or `undefined` when `obj` is not an object.
fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A short description of a JS value for failure messages.
fn show(value: &JsValue) -> String {
    let text = JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| format!("{value:?}"));
    text.chars().take(300).collect()
}

/// Whether `x` is an integer in [lo, hi]: the rule every integer argument follows.
fn integer_in(x: f64, lo: f64, hi: f64) -> bool {
    x.is_finite() && x.fract() == 0.0 && (lo..=hi).contains(&x)
}

/// The points in `t.lossHistory()`.
fn history_len(t: &Trainer) -> u32 {
    let h = t.loss_history(&JsValue::UNDEFINED).unwrap();
    get(&h, "mean").unchecked_into::<Float32Array>().length()
}

/// The module still works: a fresh run learns and the registries answer.
fn assert_module_works() {
    let mut t = Trainer::new(eval(
        "({ dataset: 'circle', hidden: [8, 8], activation: 'relu', init: 'he_normal' })",
    ))
    .expect("a valid config");
    let before = get(&t.report().unwrap(), "trainLoss").as_f64().unwrap();
    t.step(&300.0.into()).unwrap();
    let after = get(&t.report().unwrap(), "trainLoss").as_f64().unwrap();
    assert!(after < 0.7 * before, "{before} -> {after}");
    assert!(wasm::schemes().unwrap().unchecked_into::<Array>().length() > 10);
    assert!(wasm::presets().unwrap().unchecked_into::<Array>().length() > 0);
}

/// Every way of reading an accepted trainer works, and no number is NaN unless the run says
/// it diverged. Larger networks only answer the cheap calls.
fn exercise(lab: &mut Lab, mut t: Trainer, what: &dyn Fn() -> String) {
    let sizes: Vec<f64> = t
        .sizes()
        .unwrap()
        .unchecked_into::<Array>()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    let params: f64 = sizes.windows(2).map(|p| (p[0] + 1.0) * p[1]).sum();
    let config = t.config().unwrap();
    // The normalized config is itself a valid config.
    Trainer::new(config.clone())
        .unwrap_or_else(|e| panic!("{what}: config() {e:?}", what = what()));
    if params * get(&config, "samples").as_f64().unwrap() > 2e6 {
        return;
    }
    t.step(&3.0.into()).unwrap();
    let report = t.report().unwrap();
    let diverged = get(&report, "diverged").as_bool().unwrap();
    // The mini-batch loss is NaN only in a diverged run; a whole-set loss that overflows
    // makes its accuracy NaN (see the divergence rule in src/experiment).
    let pairs = [("trainLoss", "accuracy"), ("testLoss", "testAccuracy")];
    for (loss, accuracy) in pairs {
        let (l, a) = (
            get(&report, loss).as_f64().unwrap(),
            get(&report, accuracy).as_f64().unwrap(),
        );
        assert_eq!(l.is_finite(), !a.is_nan(), "{}: {}", what(), show(&report));
    }
    let loss = get(&report, "loss").as_f64().unwrap();
    assert!(
        diverged || !loss.is_nan(),
        "{}: loss NaN in {}",
        what(),
        show(&report)
    );
    let layers = sizes.len() - 1;
    assert_eq!(
        t.layer_stats().unwrap().unchecked_into::<Array>().length() as usize,
        layers
    );
    t.test_predictions();
    t.data().unwrap();
    assert_eq!(history_len(&t) as f64, t.steps());
    let last = (layers - 1) as f64;
    assert_eq!(
        t.weights(&last.into()).unwrap().length() as f64,
        sizes[layers - 1] * sizes[layers]
    );
    let boundary = lab.call("Trainer.decisionBoundary", what, || {
        t.decision_boundary(&4.0.into()).map(JsValue::from)
    });
    if let Outcome::Refused(field, _) = boundary {
        assert_eq!(field, "dataset", "{}", what());
    }
}

#[wasm_bindgen_test]
fn hostile_configs_are_refused_by_name_or_train() {
    let mut lab = Lab::new(1);
    let mut configs: Vec<JsValue> = lab.specials.clone();
    for _ in 0..1500 {
        configs.push(lab.config());
    }
    let (mut accepted, mut refused) = (0, 0);
    for config in &configs {
        let what = || format!("config {}", show(config));
        let mut made = None;
        let trainer = lab.call("new Trainer", &what, || {
            made = Some(Trainer::new(config.clone())?);
            Ok(JsValue::UNDEFINED)
        });
        let keras = lab.call("kerasCode", &what, || {
            wasm::keras_code(config.clone(), JsValue::UNDEFINED).map(JsValue::from)
        });
        let pytorch = lab.call("pytorchCode", &what, || {
            wasm::pytorch_code(config.clone(), JsValue::UNDEFINED).map(JsValue::from)
        });
        // The same value as an edit of a valid config, and as an edit a link records.
        let base = eval("({ hidden: [3], samples: 60 })");
        lab.call("editConfig", &what, || {
            wasm::edit_config(base.clone(), config.clone())
        });
        lab.call("mergeEdits", &what, || {
            wasm::merge_edits(base.clone(), config.clone())
        });
        match trainer {
            Outcome::Ok(_) => {
                accepted += 1;
                let t = made.expect("the call made a trainer");
                assert!(matches!(keras, Outcome::Ok(_)) && matches!(pytorch, Outcome::Ok(_)));
                exercise(&mut lab, t, &what);
            }
            Outcome::Refused(field, _) => {
                refused += 1;
                // The code generators read a config the same way (a trainer also needs a
                // batch that fits the training set).
                for code in [keras, pytorch] {
                    if let Outcome::Refused(f, _) = code {
                        assert_eq!(f, field, "{}", what());
                    } else {
                        assert_eq!(field, "batchSize", "{}", what());
                    }
                }
            }
        }
    }
    // A getter that calls back into the module while it reads the config.
    let mut inner = || {
        let mut t = Trainer::new(eval("({ hidden: [3], samples: 60 })")).unwrap();
        t.step(&2.0.into()).unwrap();
    };
    let callback = ScopedClosure::<dyn FnMut()>::borrow_mut_aborting(&mut inner);
    let reentrant = Function::new_with_args(
        "cb",
        "return { get hidden() { cb(); return [4]; }, samples: 60 };",
    )
    .call1(&JsValue::NULL, callback.as_ref())
    .unwrap();
    Trainer::new(reentrant).expect("re-entrant getter");
    lab.print();
    console_log!("configs: {} accepted, {} refused", accepted, refused);
    assert!(
        accepted > 100 && refused > 500,
        "{accepted} accepted, {refused} refused"
    );
    assert_module_works();
}

#[wasm_bindgen_test]
fn hostile_schemes_and_options_are_refused_by_name() {
    let mut lab = Lab::new(2);
    for i in 0..1500 {
        let scheme = if i % 3 == 0 {
            lab.value(2)
        } else {
            lab.string()
        };
        // The bindings pass `undefined` and `null` as no options, anything else as it is.
        let options = match lab.below(3) {
            0 => None,
            1 => Some(lab.value(2)),
            _ => Some(lab.plausible("initOptions")),
        }
        .filter(|o| !o.is_null() && !o.is_undefined())
        .map(|o| o.unchecked_into::<Object>());
        let what = || {
            format!(
                "scheme {} options {}",
                show(&scheme),
                options.as_ref().map_or("none".into(), |o| show(o))
            )
        };
        let is_id = scheme
            .as_string()
            .is_some_and(|s| lab.ids["init"].contains(&s));
        for api in ["initWeights", "theoreticalVariance"] {
            let (fan_in, fan_out, seed) = (3.0.into(), 4.0.into(), 1.0.into());
            let outcome = lab.call(api, &what, || {
                if api == "initWeights" {
                    let options = options.clone();
                    wasm::init_weights(scheme.clone(), &fan_in, &fan_out, &seed, options)
                        .map(JsValue::from)
                } else {
                    wasm::theoretical_variance(scheme.clone(), &fan_in, &fan_out, options.clone())
                        .map(JsValue::from)
                }
            });
            match outcome {
                Outcome::Ok(value) => {
                    assert!(is_id, "{api} accepted {}", what());
                    if api == "initWeights" {
                        let w = value.unchecked_into::<js_sys::Float32Array>().to_vec();
                        assert!(w.len() == 12 && w.iter().all(|x| x.is_finite()), "{w:?}");
                    } else {
                        assert!(value.as_f64().is_some_and(|v| v.is_finite() && v >= 0.0));
                    }
                }
                Outcome::Refused(field, _) => {
                    assert!(
                        field == "init" || field.starts_with("initOptions"),
                        "{field}: {}",
                        what()
                    );
                }
            }
        }
    }
    lab.print();
    assert_module_works();
}

/// A call of the API given the value of one numeric argument.
type Call<'a> = Box<dyn FnMut(&JsValue) -> Result<JsValue, JsValue> + 'a>;

/// One numeric argument: the API call that takes it, its error field and its integer range.
struct Argument<'a> {
    api: &'static str,
    field: &'static str,
    range: (u64, u64),
    call: Call<'a>,
}

/// The trainers whose methods take numeric arguments.
struct Trainers {
    /// A small run on `circle`: layers 0 to 2.
    small: RefCell<Trainer>,
    /// A network whose steps are over the work cap's share: it takes `cap` (fewer than
    /// MAX_STEPS_PER_CALL) steps per call. It diverges (its outputs overflow) at its first step
    /// and then takes no more, so the calls it accepts cost only their report.
    capped: RefCell<Trainer>,
    cap: u32,
}

impl Trainers {
    fn new() -> Trainers {
        let small = Trainer::new(eval("({ dataset: 'circle', samples: 60, hidden: [8, 8] })"));
        let mut capped = Trainer::new(eval(
            "({ dataset: 'circle', samples: 800, batchSize: 512, hidden: Array(10).fill(64), \
               init: 'constant', initOptions: { value: 100 } })",
        ))
        .unwrap();
        assert_eq!(
            get(&capped.step(&1.0.into()).unwrap(), "divergedAt").as_f64(),
            Some(1.0)
        );
        let cap = capped.max_steps_per_call();
        assert!(1 < cap && cap < MAX_STEPS_PER_CALL, "cap {cap}");
        Trainers {
            small: RefCell::new(small.unwrap()),
            capped: RefCell::new(capped),
            cap,
        }
    }

    /// Steps taken by each trainer: a refused call leaves them as they were.
    fn steps(&self) -> (f64, f64) {
        (self.small.borrow().steps(), self.capped.borrow().steps())
    }

    /// Every numeric argument of the API but `lossHistory`'s `from`, whose range grows with
    /// the run.
    fn arguments(&self) -> Vec<Argument<'_>> {
        let (seed, width) = (MAX_SEED, MAX_WIDTH as u64);
        let three = || JsValue::from(3.0);
        let init = |fan_in: &JsValue, fan_out: &JsValue, seed: &JsValue| {
            wasm::init_weights("he_normal".into(), fan_in, fan_out, seed, None).map(JsValue::from)
        };
        let variance = |fan_in: &JsValue, fan_out: &JsValue| {
            wasm::theoretical_variance("he_normal".into(), fan_in, fan_out, None).map(JsValue::from)
        };
        let (small, capped) = (&self.small, &self.capped);
        let argument = |api, field, range, call| Argument {
            api,
            field,
            range,
            call,
        };
        vec![
            argument(
                "initWeights",
                "fanIn",
                (1, width),
                Box::new(move |x| init(x, &three(), &three())),
            ),
            argument(
                "initWeights",
                "fanOut",
                (1, width),
                Box::new(move |x| init(&three(), x, &three())),
            ),
            argument(
                "initWeights",
                "seed",
                (0, seed),
                Box::new(move |x| init(&three(), &three(), x)),
            ),
            argument(
                "theoreticalVariance",
                "fanIn",
                (1, width),
                Box::new(move |x| variance(x, &three())),
            ),
            argument(
                "theoreticalVariance",
                "fanOut",
                (1, width),
                Box::new(move |x| variance(&three(), x)),
            ),
            argument(
                "Trainer.step",
                "steps",
                (1, u64::from(MAX_STEPS_PER_CALL)),
                Box::new(|x| small.borrow_mut().step(x)),
            ),
            argument(
                "Trainer.step (capped)",
                "steps",
                (1, u64::from(self.cap)),
                Box::new(|x| capped.borrow_mut().step(x)),
            ),
            argument(
                "Trainer.similarity",
                "layer",
                (0, 2),
                Box::new(|x| small.borrow().similarity(x).map(JsValue::from)),
            ),
            argument(
                "Trainer.weights",
                "layer",
                (0, 2),
                Box::new(|x| small.borrow().weights(x).map(JsValue::from)),
            ),
            argument(
                "Trainer.biases",
                "layer",
                (0, 2),
                Box::new(|x| small.borrow().biases(x).map(JsValue::from)),
            ),
            argument(
                "Trainer.decisionBoundary",
                "resolution",
                (MIN_RESOLUTION as u64, MAX_RESOLUTION as u64),
                Box::new(|x| small.borrow_mut().decision_boundary(x).map(JsValue::from)),
            ),
        ]
    }
}

#[wasm_bindgen_test]
fn hostile_numbers_are_refused_unless_integers_in_range() {
    let mut lab = Lab::new(3);
    // Values of every kind (the specials, random values and random numbers); integers around
    // each argument's bounds are added below.
    let mut values: Vec<JsValue> = lab.specials.clone();
    for _ in 0..300 {
        values.push(lab.value(2));
        values.push(JsValue::from_f64(lab.number()));
    }
    let trainers = Trainers::new();
    for mut arg in trainers.arguments() {
        let (lo, hi) = (arg.range.0 as f64, arg.range.1 as f64);
        let most = f64::from(MAX_STEPS_PER_CALL);
        let bounds = [
            lo - 1.0,
            lo,
            lo + 0.5,
            hi - 0.5,
            hi,
            hi + 1.0,
            -lo,
            most,
            most + 1.0,
        ];
        for x in values.iter().cloned().chain(bounds.map(JsValue::from_f64)) {
            let before = trainers.steps();
            let (api, field, call) = (arg.api, arg.field, &mut arg.call);
            let outcome = lab.call(api, &|| format!("{field}({})", show(&x)), || call(&x));
            let integer = x.as_f64().is_some_and(|x| integer_in(x, lo, hi));
            match outcome {
                Outcome::Ok(_) => assert!(integer, "{field} accepted {}", show(&x)),
                Outcome::Refused(got, _) => {
                    assert_eq!(got, field, "{}", show(&x));
                    assert!(!integer, "{field} refused {}", show(&x));
                    assert_eq!(trainers.steps(), before, "a refused call changed a run");
                }
            }
        }
    }
    // `lossHistory(from)`: `undefined` and `null` mean from the start.
    let mut t = trainers.small.into_inner();
    let (steps, len) = (t.steps(), f64::from(history_len(&t)));
    for x in &values {
        let outcome = lab.call(
            "Trainer.lossHistory",
            &|| format!("from {}", show(x)),
            || t.loss_history(x).map(JsValue::from),
        );
        let integer = x.as_f64().is_some_and(|x| integer_in(x, 0.0, len));
        match outcome {
            Outcome::Ok(h) if x.is_null_or_undefined() => assert_eq!(get(&h, "from"), 0.0),
            Outcome::Ok(_) => assert!(integer, "from accepted {}", show(x)),
            Outcome::Refused(field, _) => {
                assert_eq!(field, "from");
                assert!(!integer && !x.is_null_or_undefined(), "refused {}", show(x));
            }
        }
    }
    assert_eq!(f64::from(history_len(&t)), len);
    let after = get(&t.step(&5.0.into()).unwrap(), "step").as_f64().unwrap();
    assert_eq!(after, steps + 5.0, "the trainer keeps training");
    lab.print();
    assert_module_works();
}

/// Values of every type but number, as JavaScript expressions, with what a refusal must call
/// them. `tripwire(target)` is a Proxy of `target` that logs every trap the engine looks up on
/// it (and throws from each), `spy` an object whose conversions to a primitive log their call,
/// `revoked` a revoked Proxy (on which even `Array.isArray` throws).
const NON_NUMBERS: &[(&str, &str)] = &[
    ("'5'", "a string"),
    ("''", "a string"),
    ("true", "a boolean"),
    ("false", "a boolean"),
    ("null", "null"),
    ("undefined", "undefined"),
    ("[]", "an array"),
    ("[1]", "an array"),
    ("{}", "an object"),
    ("new Number(5)", "an object"),
    ("new Date(0)", "an object"),
    ("Symbol('s')", "a symbol"),
    ("10n", "a bigint"),
    ("() => 1", "a function"),
    (
        "new Proxy({}, { get() { log.push('get'); throw new Error('get'); } })",
        "an object",
    ),
    ("tripwire({})", "an object"),
    ("tripwire([1])", "an array"),
    ("tripwire(function () {})", "a function"),
    ("revoked", "an object"),
    ("spy", "an object"),
];

/// The values of `NON_NUMBERS`, whose code logs into `log` if it ever runs.
fn non_numbers(log: &Array) -> Vec<JsValue> {
    let setup = "
        const tripwire = (target) => new Proxy(target, new Proxy({}, {
            get(_, trap) {
                log.push(String(trap));
                return () => { throw new Error(`trap ${String(trap)}`); };
            },
        }));
        const r = Proxy.revocable({}, {});
        r.revoke();
        const revoked = r.proxy;
        const spy = {
            valueOf() { log.push('valueOf'); return 5; },
            toString() { log.push('toString'); return '5'; },
            [Symbol.toPrimitive]() { log.push('toPrimitive'); return 5; },
        };";
    let list: Vec<&str> = NON_NUMBERS.iter().map(|(src, _)| *src).collect();
    let body = format!("{setup} return [{}];", list.join(", "));
    let values = Function::new_with_args("log", &body)
        .call1(&JsValue::NULL, log)
        .expect("the values build");
    values.unchecked_into::<Array>().iter().collect()
}

#[wasm_bindgen_test]
fn non_numbers_are_refused_by_name_and_none_of_their_code_runs() {
    let mut lab = Lab::new(4);
    let log = Array::new();
    let values = non_numbers(&log);
    assert_eq!(values.len(), NON_NUMBERS.len());
    let trainers = Trainers::new();
    let before = trainers.steps();
    for mut arg in trainers.arguments() {
        let (lo, hi) = arg.range;
        for (value, (src, kind)) in values.iter().zip(NON_NUMBERS) {
            let (api, field, call) = (arg.api, arg.field, &mut arg.call);
            let outcome = lab.call(api, &|| format!("{field}({src})"), || call(value));
            let Outcome::Refused(got, message) = outcome else {
                panic!("{api} accepted {field} = {src}");
            };
            assert_eq!(got, field, "{api}({src})");
            let rule = format!("{field}: must be an integer in [{lo}, {hi}], got {kind}");
            // A network whose steps the work cap narrows says why, as for a number.
            let why = message.strip_prefix(&rule);
            assert!(
                why.is_some_and(|why| why.is_empty() || why.starts_with(" (for this network:")),
                "{api}({src}): {message}"
            );
        }
    }
    assert_eq!(trainers.steps(), before, "a refused call changed a run");
    // `lossHistory(from?)`: `undefined` and `null` mean from the start, as a number's absence.
    let mut t = trainers.small.into_inner();
    let points = history_len(&t);
    for (value, (src, kind)) in values.iter().zip(NON_NUMBERS) {
        let outcome = lab.call("Trainer.lossHistory", &|| format!("from {src}"), || {
            t.loss_history(value).map(JsValue::from)
        });
        match outcome {
            Outcome::Ok(h) => {
                assert!(value.is_null_or_undefined(), "lossHistory({src}) accepted");
                assert_eq!(get(&h, "from"), 0.0);
                let mean = get(&h, "mean").unchecked_into::<Float32Array>();
                assert_eq!(mean.length(), points);
            }
            Outcome::Refused(field, message) => {
                assert!(!value.is_null_or_undefined(), "lossHistory({src}) refused");
                let rule = format!("from: must be an integer in [0, {points}], got {kind}");
                assert_eq!((field.as_str(), message), ("from", rule));
            }
        }
    }
    let logged: Vec<String> = log.iter().filter_map(|x| x.as_string()).collect();
    assert!(logged.is_empty(), "an argument's code ran: {logged:?}");
    // The trainers still work.
    let steps = t.steps();
    let report = t.step(&5.0.into()).unwrap();
    assert_eq!(get(&report, "step").as_f64(), Some(steps + 5.0));
    let capped = trainers.capped.into_inner().report().unwrap();
    assert_eq!(get(&capped, "divergedAt").as_f64(), Some(1.0));
    lab.print();
    assert_module_works();
}
