// The depth sweep's plan, without the DOM or the core: its settings (the initializations, depths,
// seeds and steps), read from a link's or a form's values with an error naming the URL key of a
// bad one; the text a link writes of them; and the networks they make of a setup, one cell per
// initialization, depth and seed. Whether a scheme id or option exists is the core's call
// (depth-sweep.js asks it); the sweep's own ranges are checked here.

import { numberOrText } from "./config.js";
import { sweepKeyOf } from "./url-state.js";

/** Hidden-layer counts a sweep trains unless told otherwise: 1 to 32, as deep as the core allows. */
export const DEFAULT_DEPTHS = [1, 2, 4, 8, 16, 24, 32];
/** Seeds per initialization and depth unless told otherwise. */
export const DEFAULT_SEEDS = 3;
/** The most seeds per initialization and depth a sweep takes. */
export const MAX_SEEDS = 8;
/** Training steps per network unless told otherwise. */
export const DEFAULT_STEPS = 1000;
/** The most training steps per network a sweep takes, so no link asks for a sweep without end (Cancel stops any). */
export const MAX_STEPS = 100_000;

/** An Error for the sweep setting `setting` (its item `index`, or null) that breaks `rule`. */
export function settingError(setting, rule, index = null) {
  const field = index === null ? sweepKeyOf(setting) : `${sweepKeyOf(setting)}[${index}]`;
  return Object.assign(new Error(`${field}: ${rule}`), { field, key: sweepKeyOf(setting), index, option: null });
}

/** `value` as a JS value's short description for an error: 20, "abc". */
function shown(value) {
  return typeof value === "string" ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : String(value);
}

/** `value` (a number or its text) as an integer in [lo, hi]; throws settingError otherwise. */
function integerIn(setting, value, lo, hi, index = null) {
  const n = typeof value === "string" ? numberOrText(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < lo || n > hi) {
    throw settingError(setting, `must be an integer in [${lo}, ${hi}], got ${shown(value)}`, index);
  }
  return n;
}

/**
 * An initialization's token, as a link and the form name it: the scheme id, then `:option=value`
 * per option, e.g. "random_normal:stddev=0.01", read as {init: "random_normal", initOptions:
 * {stddev: 0.01}} (a value that reads as a number is one). Throws settingError on a token that
 * is not of this form; whether the scheme and options exist is the core's call.
 */
export function parseInit(token, index = null) {
  const [init, ...options] = String(token).trim().split(":");
  if (!/^[a-z_]+$/.test(init))
    throw settingError("inits", `${shown(token)} is not an init such as he_normal or random_normal:stddev=0.01`, index);
  const initOptions = {};
  for (const option of options) {
    const [name, value, ...rest] = option.split("=");
    if (!/^[a-zA-Z]+$/.test(name) || value === undefined || value === "" || rest.length > 0) {
      throw settingError("inits", `${shown(token)}: ${shown(option)} is not an option such as stddev=0.01`, index);
    }
    initOptions[name] = numberOrText(value);
  }
  return options.length > 0 ? { init, initOptions } : { init };
}

/**
 * The token of `choice` ({init, initOptions}, see parseInit), leaving out the options equal to
 * `defaults` (the scheme's), so "he_normal" names He normal whatever its options object holds.
 */
export function initToken({ init, initOptions = {} }, defaults = {}) {
  const options = Object.entries(initOptions).filter(([name, value]) => JSON.stringify(value) !== JSON.stringify(defaults[name]));
  return [init, ...options.map(([name, value]) => `${name}=${value}`)].join(":");
}

/**
 * Reads one sweep setting from a link's or a form's value: `inits` a list of tokens (1 to
 * `limits.maxRuns`, one colour each; duplicates dropped) as choices, `depths` a list of hidden-layer
 * counts (each in [1, `limits.maxHiddenLayers`]; sorted, duplicates dropped) given as a list
 * or as text "1, 2, 4", `seeds` an integer in [1, MAX_SEEDS], `steps` in [1, MAX_STEPS].
 * Throws settingError naming the URL key (and the item) of a bad value.
 */
export function readSetting(setting, value, limits) {
  const list = () => (Array.isArray(value) ? value : String(value).split(/[\s,;]+/)).filter((item) => String(item).trim() !== "");
  switch (setting) {
    case "inits": {
      const tokens = [...new Set(list().map((token) => String(token).trim()))];
      if (tokens.length < 1 || tokens.length > limits.maxRuns) {
        throw settingError("inits", `must name 1 to ${limits.maxRuns} initializations, got ${tokens.length}`);
      }
      return tokens.map((token, i) => parseInit(token, i));
    }
    case "depths": {
      const items = list();
      if (items.length === 0) throw settingError("depths", "must list at least one depth, e.g. 1, 4, 16");
      const depths = items.map((item, i) => integerIn("depths", item, 1, limits.maxHiddenLayers, i));
      return [...new Set(depths)].sort((a, b) => a - b);
    }
    case "seeds":
      return integerIn("seeds", value, 1, MAX_SEEDS);
    case "steps":
      return integerIn("steps", value, 1, MAX_STEPS);
    default:
      throw new Error(`unknown sweep setting ${shown(setting)}`);
  }
}

/**
 * The settings {inits, depths, seeds, steps} of `raw` (a link's values, see readHash's `sweep`;
 * `run` is not a setting), each missing or bad one taken from `defaults`; returns {settings,
 * errors}, one settingError per bad value.
 */
export function readSettings(raw, defaults, limits) {
  const settings = { ...defaults };
  const errors = [];
  for (const setting of Object.keys(defaults)) {
    if (raw?.[setting] === undefined) continue;
    try {
      settings[setting] = readSetting(setting, raw[setting], limits);
    } catch (error) {
      errors.push(error);
    }
  }
  return { settings, errors };
}

/**
 * What a link writes of `settings` (see readSettings): {inits, depths, seeds, steps} as hash
 * values, each only where it differs from `defaults`; inits as tokens by `tokenOf(choice)`.
 */
export function linkValues(settings, defaults, tokenOf) {
  const values = {};
  for (const [setting, value] of Object.entries(settings)) {
    const text = setting === "inits" ? value.map(tokenOf) : value;
    const standard = setting === "inits" ? defaults.inits.map(tokenOf) : defaults[setting];
    if (JSON.stringify(text) !== JSON.stringify(standard)) values[setting] = text;
  }
  return values;
}

/** The width of every layer a sweep of the setup `base` (a full config) trains: its first hidden layer's, or null when it has none. */
export function widthOf(base) {
  return base.hidden[0] ?? null;
}

/**
 * The networks a sweep of `settings` trains for the setup `base` (a full config with at least one
 * hidden layer), in the order they are trained: seed by seed, so a first picture of every
 * initialization and depth comes early, and within a seed the deepest first, so the workers end
 * on short ones. Each cell is {key, init (index into settings.inits), depth, seed, steps,
 * config}: `config` is `base` with `depth` hidden layers of its first width, the init and its
 * options, and weights and batch-order seed `seed` (1, 2, ...) on the setup's data
 * (`dataSeed` kept); `key` names the cell by all of it.
 */
export function cells(base, settings) {
  const width = widthOf(base);
  const list = [];
  for (let seed = 1; seed <= settings.seeds; seed++) {
    for (const depth of [...settings.depths].sort((a, b) => b - a)) {
      settings.inits.forEach(({ init, initOptions }, i) => {
        const config = { ...base, hidden: Array(depth).fill(width), init, initOptions, seed, dataSeed: base.dataSeed };
        list.push({ key: `${settings.steps}|${JSON.stringify(config)}`, init: i, depth, seed, steps: settings.steps, config });
      });
    }
  }
  return list;
}

/** The work of a cell, for the time left: its steps times its layers plus one (the width is the sweep's). */
export function cellCost(cell) {
  return cell.steps * (cell.depth + 1);
}
