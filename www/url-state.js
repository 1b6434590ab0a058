// The URL hash: one typed table of keys, read and written only here, so a shared link
// round-trips exactly. These keys are a public interface (README, "The URL"): keep them stable.
// Reading checks only the form of each value; whether a value is allowed is the core's call
// (link.js builds the configs and lets the core's validation name the field).

import { NO_HIDDEN_LAYER, numberOrText, parseLayers } from "./config.js";

/** Longest value quoted back in a notice, so a hostile link cannot flood the page. */
const QUOTE_CHARS = 40;

/** How a value reads from and writes to the hash. `read` throws on a malformed value. */
const TYPES = {
  text: { read: (text) => text, write: String },
  number: { read: numberOrText, write: String },
  /** "8,8", "none" for no hidden layer; the old forms "[8,8]" and "" (none) still read. */
  layers: {
    read: (text) => (text.trim().startsWith("[") ? jsonArray(text) : text.trim() === "" ? [] : parseLayers(text)),
    write: (v) => (v.length === 0 ? NO_HIDDEN_LAYER : v.join(",")),
  },
  list: {
    read: (text) =>
      text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    write: (v) => v.join(","),
  },
  json: { read: (text) => JSON.parse(text), write: JSON.stringify },
  theme: {
    read: (text) => {
      if (text !== "light" && text !== "dark") throw new Error("must be light or dark");
      return text;
    },
    write: String,
  },
  flag: {
    read: (text) => {
      if (text !== "1" && text !== "0") throw new Error("must be 1 or 0");
      return text === "1";
    },
    write: () => "1",
  },
};

/**
 * The hash keys, in the order they are written. `config` names the run config key a key sets
 * (as in `new Trainer(config)`), `sweep` the depth sweep's setting (see sweep-plan.js); the
 * others are the page's own state. `old` lists names that earlier links used and that still read.
 */
export const URL_KEYS = [
  { key: "preset", type: "text" },
  { key: "paper", type: "text" },
  { key: "dataset", type: "text", config: "dataset" },
  { key: "hidden", type: "layers", config: "hidden" },
  { key: "activation", type: "text", config: "activation" },
  { key: "init", type: "text", config: "init" },
  { key: "initOptions", type: "json", config: "initOptions" },
  { key: "lr", type: "number", config: "learningRate", old: ["learningRate"] },
  { key: "optimizer", type: "text", config: "optimizer" },
  { key: "batch", type: "number", config: "batchSize", old: ["batchSize"] },
  { key: "seed", type: "number", config: "seed" },
  { key: "dataSeed", type: "number", config: "dataSeed" },
  { key: "compare", type: "list" },
  { key: "seeds", type: "number" },
  { key: "views", type: "list" },
  { key: "embed", type: "flag" },
  { key: "hide", type: "list" },
  { key: "autoplay", type: "flag" },
  { key: "theme", type: "theme" },
  { key: "sweep", type: "flag", sweep: "run" },
  { key: "sweepInits", type: "list", sweep: "inits" },
  { key: "sweepDepths", type: "list", sweep: "depths" },
  { key: "sweepSeeds", type: "number", sweep: "seeds" },
  { key: "sweepSteps", type: "number", sweep: "steps" },
  { key: "lesson", type: "text" },
  { key: "step", type: "number" },
];

const BY_NAME = new Map(URL_KEYS.flatMap((entry) => [entry.key, ...(entry.old ?? [])].map((name) => [name, entry])));

/** The hash key that sets run config key `configKey`, or null. */
export function urlKeyOf(configKey) {
  return URL_KEYS.find((entry) => entry.config === configKey)?.key ?? null;
}

/** The hash key of the depth sweep's setting `setting` ("seeds" gives "sweepSeeds"). */
export function sweepKeyOf(setting) {
  return URL_KEYS.find((entry) => entry.sweep === setting).key;
}

/** The run config key a control or hash name stands for ("lr" and "learningRate" both give
 * "learningRate"), or null. */
export function configKeyOf(name) {
  return BY_NAME.get(name)?.config ?? null;
}

/**
 * What a URL hash holds: {preset, paper, edits, compare, seeds, views, embed, hide, autoplay, theme,
 * sweep, lesson, step, notices}. `edits` are run config keys; `sweep` the depth sweep's
 * settings as read ({run, inits, depths, seeds, steps}, only those present), or null; absent page
 * keys are null (flags false). Unknown keys and malformed values are left out, each with a line
 * in `notices`.
 */
export function readHash(hash) {
  const link = {
    preset: null,
    paper: null,
    edits: {},
    compare: null,
    seeds: null,
    views: null,
    embed: false,
    hide: null,
    autoplay: false,
    theme: null,
    sweep: null,
    lesson: null,
    step: null,
    notices: [],
  };
  for (const [name, text] of new URLSearchParams(hash.replace(/^#/, ""))) {
    const entry = BY_NAME.get(name);
    if (!entry) {
      link.notices.push(`${quote(name)}: unknown key`);
      continue;
    }
    let value;
    try {
      value = TYPES[entry.type].read(text);
    } catch (error) {
      link.notices.push(`${entry.key}: ${error.message} (got ${quote(text)})`);
      continue;
    }
    if (entry.config) link.edits[entry.config] = value;
    else if (entry.sweep) link.sweep = { ...link.sweep, [entry.sweep]: value };
    else link[entry.key] = value;
  }
  return link;
}

/**
 * The URL hash of `state` ({preset, paper, edits, compare, seeds, views, embed, hide, autoplay,
 * theme, sweep, lesson, step}, as readHash gives): "#preset=he-relu&hidden=16,16&lr=0.05". Null and false keys are left out.
 * Commas, colons and equals signs stay as they are: `sweepInits=random_normal:stddev=0.01`.
 */
export function writeHash(state) {
  const params = new URLSearchParams();
  for (const entry of URL_KEYS) {
    const value = entry.config ? state.edits?.[entry.config] : entry.sweep ? state.sweep?.[entry.sweep] : state[entry.key];
    if (value === undefined || value === null || value === false) continue;
    params.set(entry.key, TYPES[entry.type].write(value));
  }
  return `#${params.toString().replace(/%2C|%3A|%3D/g, decodeURIComponent)}`;
}

/** `text` shortened for a notice. */
export function quote(text) {
  const s = String(text);
  return JSON.stringify(s.length > QUOTE_CHARS ? `${s.slice(0, QUOTE_CHARS)}…` : s);
}

function jsonArray(text) {
  const value = JSON.parse(text);
  if (!Array.isArray(value)) throw new Error("must be a list such as 8,8");
  return value;
}
