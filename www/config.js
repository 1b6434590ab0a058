// The settings a student edits, as one table, and the pure rules of the page around it: reading
// a control's text, which runs an edit reaches, naming runs, the control that shows an error.
// Validation, every default and the edit itself (editConfig, mergeEdits) live in the core. The
// URL hash is url-state.js.

/** Init options that name a run's init in its label ("Random normal (stddev 0.01)"). */
export const MAIN_INIT_OPTIONS = ["value", "stddev", "minval", "maxval", "scale"];

/** Init options a student edits directly, in display order (a scheme shows those it takes):
 * the main ones, and LSUV's settings. */
export const EDITED_INIT_OPTIONS = [...MAIN_INIT_OPTIONS, "tolerance", "maxIterations", "batch"];

/**
 * The settings panel, one row per control in display order. `choices` picks the core's list
 * for a select; `hint` is the one-line explanation shown under the control.
 */
export const FIELDS = [
  {
    key: "dataset",
    label: "Dataset",
    kind: "select",
    choices: (core) => core.datasets,
    hint: "The points the network learns to separate.",
  },
  {
    key: "hidden",
    label: "Hidden layers",
    kind: "layers",
    hint: "Neurons per hidden layer, input side first, e.g. 8, 8; “none” for no hidden layer.",
  },
  {
    key: "activation",
    label: "Activation",
    kind: "select",
    choices: (core) => core.activations,
    hint: "The non-linearity every hidden neuron applies.",
  },
  {
    key: "init",
    label: "Initialization",
    kind: "select",
    choices: (core) => core.schemes,
    hint: "" /* the chosen scheme's own description, from the core */,
  },
  {
    key: "optimizer",
    label: "Optimizer",
    kind: "select",
    choices: (core) => core.optimizers,
    hint: "The rule that turns gradients into weight updates.",
  },
  { key: "learningRate", label: "Learning rate", kind: "number", hint: "How far each step moves the weights." },
  { key: "batchSize", label: "Batch size", kind: "number", hint: "Training samples per step (a mini-batch)." },
  { key: "seed", label: "Seed", kind: "number", hint: "Picks the random weights, data and batch order." },
];

/** A control's text as a config value: a number when it reads as one (with a decimal point or
 * a decimal comma: 0,05 is 0.05), else the text itself, which the core then rejects with a
 * message naming the field. */
export function numberOrText(text) {
  const trimmed = text.trim();
  const decimal = /^[+-]?\d*,\d+$/.test(trimmed) ? trimmed.replace(",", ".") : trimmed;
  return decimal !== "" && Number.isFinite(Number(decimal)) ? Number(decimal) : trimmed;
}

/** How the layers field and a link write "no hidden layer" (logistic regression). */
export const NO_HIDDEN_LAYER = "none";

/**
 * "8, 8" as [8, 8], and NO_HIDDEN_LAYER as []. An empty field throws: no hidden layer must be
 * chosen, not left by a slip of the keyboard.
 */
export function parseLayers(text) {
  if (text.trim().toLowerCase() === NO_HIDDEN_LAYER) return [];
  const widths = text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(numberOrText);
  if (widths.length === 0) throw new Error(`hidden: must be widths such as 8, 8, or “${NO_HIDDEN_LAYER}” for no hidden layer`);
  return widths;
}

/** [8, 8] as "8, 8", and [] as NO_HIDDEN_LAYER. */
export function writeLayers(widths) {
  return widths.length === 0 ? NO_HIDDEN_LAYER : widths.join(", ");
}

/**
 * The core's error `{message, key, index, option}` in the words of the settings panel: the
 * control's label instead of the field ("Learning rate", "Hidden layer 2", "stddev"), and ranges
 * in words instead of interval notation: "learningRate: must be a number in (0, 10], got 0"
 * reads "Learning rate must be a number above 0 and at most 10 (you wrote 0)".
 */
export function errorInWords({ message, key, index, option }) {
  const field = FIELDS.find((f) => f.key === key);
  const name =
    key === "hidden" && index !== null && index !== undefined
      ? `Hidden layer ${index + 1}`
      : option
        ? `The option ${option}`
        : (field?.label ?? (key === "dataSeed" ? "The data seed" : key));
  const text = String(message).replace(/^[^:]*:\s*/, "");
  const words = text
    .replace(/\b(?:(an integer|a number) )?in ([[(])([^,\]]+), ([^\]]+)\]/, (_, kind, open, lo, hi) => {
      const what = kind === "an integer" ? "a whole number " : kind ? `${kind} ` : "";
      return `${what}${open === "(" ? "above" : "at least"} ${lo} and at most ${hi}`;
    })
    .replace(/, got (.*)$/, " (you wrote $1)");
  return words.startsWith("must") ? `${name} ${words}` : `${name}: ${words}`;
}

/** A config number as a student reads it: the core's f32 values rounded back to what was typed
 * (0.10000000149011612 reads 0.1). */
export function shortNumber(x) {
  return typeof x === "number" ? String(Number(x.toPrecision(6))) : String(x ?? "");
}

/** Whether every config has the same value under `key`. */
export function shared(configs, key) {
  const first = JSON.stringify(configs[0][key]);
  return configs.every((c) => JSON.stringify(c[key]) === first);
}

/**
 * The runs that take an edit setting `partial` (a few config keys), of `configs`: all of them,
 * so a comparison stays a comparison when a shared setting changes; or, when the edit sets a key
 * on which the runs differ (the init of "Compare all"), the first alone, since the runs would
 * otherwise become copies. The core makes the edit (editConfig).
 */
export function runsTakingEdit(configs, partial) {
  return Object.keys(partial).every((key) => shared(configs, key)) ? configs : configs.slice(0, 1);
}

/**
 * The control that shows `error`, by the parts of its field the core gives (`key`: "hidden",
 * "learningRate", "initOptions", "dataSeed"...; `option`: "stddev" of "initOptions.stddev"):
 * a FIELDS key or "init.<option>"; null when no control edits it.
 */
export function controlFor({ key, option }) {
  if (key === "init" || key === "initOptions") {
    return EDITED_INIT_OPTIONS.includes(option) ? `init.${option}` : "init";
  }
  if (key === "dataSeed") return "seed";
  return FIELDS.some((f) => f.key === key) ? key : null;
}

/** "Random normal (stddev 0.01)": the scheme's label and its main options. */
export function initLabel(config, core) {
  const scheme = core.schemes.find((s) => s.id === config.init);
  const options = config.initOptions ?? scheme?.defaults ?? {};
  const main = MAIN_INIT_OPTIONS.filter((k) => k in options).map((k) => `${k} ${shortNumber(options[k])}`);
  return (scheme?.label ?? config.init) + (main.length ? ` (${main.join(", ")})` : "");
}

/** The label of an id in one of the core's lists ({id, label}). */
export function labelOf(list, id) {
  return list.find((item) => item.id === id)?.label ?? id;
}

/**
 * A name per run that tells runs apart: its init and activation where the runs differ in them
 * (both for a single run).
 */
export function runLabels(configs, core) {
  const single = configs.length === 1;
  const showInit = single || !shared(configs, "init") || !shared(configs, "initOptions");
  const showActivation = single || !shared(configs, "activation");
  return configs.map((c, i) => {
    const parts = [];
    if (showInit) parts.push(initLabel(c, core));
    if (showActivation) parts.push(labelOf(core.activations, c.activation));
    return parts.join(" · ") || `run ${i + 1}`;
  });
}
