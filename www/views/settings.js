// The network settings panel, built from the FIELDS table and the core's lists. It shows the
// runs' configs (a setting on which the runs differ reads "varies by run"), reports each edit
// as a partial config, and shows the core's error next to the control it names.

import {
  controlFor,
  EDITED_INIT_OPTIONS,
  errorInWords,
  FIELDS,
  numberOrText,
  parseLayers,
  shared,
  shortNumber,
  writeLayers,
} from "../config.js";
import { formula } from "../format.js";
import { MAX_SEEDS } from "../runs.js";

const VARIES = "varies by run";

export class Settings {
  #core;
  #onEdit;
  #configs = [];
  #controls = new Map(); // control key -> {input, error, field}
  #general;
  #initHint;
  #initOptions;
  #seeds;

  /**
   * Builds the controls into `form`. `core` holds the core's lists; `onEdit(partial)` is called
   * with the changed keys and returns a promise that rejects with the core's error;
   * `onSeeds(n)` with the seeds per run chosen (1 to MAX_SEEDS).
   */
  constructor(form, core, onEdit, onSeeds) {
    this.#core = core;
    this.#onEdit = onEdit;
    form.addEventListener("submit", (event) => event.preventDefault());
    this.#general = errorLine("general");
    form.append(this.#general, ...FIELDS.map((field) => this.#field(field)), this.#seedsField(onSeeds));
  }

  /** The "Seeds per run" select, 1 to MAX_SEEDS: several draw each loss curve as a band. */
  #seedsField(onSeeds) {
    const wrapper = document.createElement("div");
    wrapper.className = "field field-select";
    const label = document.createElement("label");
    label.htmlFor = "ctl-seeds";
    label.textContent = "Seeds per run";
    this.#seeds = document.createElement("select");
    this.#seeds.id = "ctl-seeds";
    for (let n = 1; n <= MAX_SEEDS; n++) this.#seeds.append(new Option(String(n), String(n)));
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.id = "hint-seeds";
    hint.textContent =
      "More than 1: each loss curve is the median over that many seeds, with a band from the lowest to the highest, the seeds shared by every run.";
    this.#seeds.setAttribute("aria-describedby", hint.id);
    this.#seeds.addEventListener("change", () => onSeeds(Number(this.#seeds.value)));
    wrapper.append(label, this.#seeds, hint);
    return wrapper;
  }

  /** Shows `configs`, the runs' full configs, trained with `seeds` seeds, and clears every error. */
  show(configs, seeds) {
    this.#seeds.value = String(seeds);
    this.#configs = configs;
    this.clearErrors();
    for (const { key, kind } of FIELDS) {
      const { input } = this.#controls.get(key);
      const same = shared(configs, key);
      const value = configs[0][key];
      if (kind === "select") {
        input.querySelector("option.varies").hidden = same;
        input.value = same ? value : "";
      } else {
        input.value = !same ? "" : kind === "layers" ? writeLayers(value) : shortNumber(value);
        input.placeholder = same ? "" : VARIES;
      }
    }
    this.#showInit(configs);
  }

  /** Shows `error` (the core's, with its `key` and `option`) next to its control; returns that
   * control. */
  showError(error) {
    const key = controlFor(error);
    const target = this.#controls.get(key) ?? { error: this.#general };
    target.error.textContent = errorInWords(error);
    target.error.hidden = false;
    target.input?.setAttribute("aria-invalid", "true");
    return target.input ?? null;
  }

  clearErrors() {
    for (const { input, error } of [...this.#controls.values(), { error: this.#general }]) {
      error.hidden = true;
      error.textContent = "";
      input?.removeAttribute("aria-invalid");
    }
  }

  /** Rebuilds select `key`'s options from the core's list, as it is now (the datasets, once a
   * CSV file is loaded). */
  setChoices(key) {
    const { input } = this.#controls.get(key);
    const field = FIELDS.find((f) => f.key === key);
    input.replaceChildren(...this.#select(field.choices(this.#core), key === "init").children);
    this.show(this.#configs, Number(this.#seeds.value));
  }

  /** Sends an edit; a rejection shows its error next to the control it names. */
  #edit(partial) {
    this.#onEdit(partial).catch((error) => this.showError(error));
  }

  #field({ key, label, kind, choices, hint }) {
    const wrapper = document.createElement("div");
    wrapper.className = `field field-${kind}`;
    const labelEl = document.createElement("label");
    labelEl.htmlFor = `ctl-${key}`;
    labelEl.textContent = label;
    const input = kind === "select" ? this.#select(choices(this.#core), key === "init") : textInput(kind);
    input.id = `ctl-${key}`;
    input.name = key;
    const hintEl = document.createElement("p");
    hintEl.className = "hint";
    hintEl.id = `hint-${key}`;
    hintEl.textContent = hint;
    const error = errorLine(key);
    input.setAttribute("aria-describedby", `${hintEl.id} ${error.id}`);
    const parse = kind === "select" ? (v) => v : kind === "layers" ? parseLayers : numberOrText;
    input.addEventListener("change", () => {
      let value;
      try {
        value = parse(input.value);
      } catch (error) {
        this.showError({ message: error.message, key, index: null, option: null });
        return;
      }
      this.#edit({ [key]: value });
    });
    this.#controls.set(key, { input, error });
    const head = document.createElement("div");
    head.className = "field-head";
    head.append(labelEl);
    if (kind === "layers") head.append(...this.#layerButtons());
    wrapper.append(head, input, hintEl, error);
    if (key === "init") {
      this.#initHint = hintEl;
      this.#initOptions = document.createElement("div");
      this.#initOptions.className = "init-options";
      wrapper.append(this.#initOptions);
    }
    return wrapper;
  }

  /** A select of the core's {id, label} list; init schemes grouped by family. */
  #select(items, grouped) {
    const select = document.createElement("select");
    const varies = new Option(VARIES, "");
    varies.className = "varies";
    varies.disabled = true;
    select.append(varies);
    const groups = new Map(); // family label -> optgroup
    for (const item of items) {
      let parent = select;
      if (grouped) {
        if (!groups.has(item.familyLabel)) groups.set(item.familyLabel, optgroup(item.familyLabel));
        parent = groups.get(item.familyLabel);
      }
      parent.append(new Option(item.label, item.id));
    }
    select.append(...groups.values());
    return select;
  }

  /** − and + buttons that remove the last hidden layer or repeat it. */
  #layerButtons() {
    const make = (text, name, change) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "icon";
      button.textContent = text;
      button.setAttribute("aria-label", name);
      button.title = name;
      button.addEventListener("click", () => {
        const hidden = this.#configs[0].hidden;
        this.#edit({ hidden: change(hidden) });
      });
      return button;
    };
    return [
      make("−", "Remove the last hidden layer", (h) => h.slice(0, -1)),
      make("+", "Add a hidden layer like the last one", (h) => [...h, h.at(-1) ?? 8]),
    ];
  }

  /** The init scheme's description and formula, and inputs for its main options. */
  #showInit(configs) {
    const sameInit = shared(configs, "init");
    const scheme = this.#core.schemes.find((s) => s.id === configs[0].init);
    this.#initHint.textContent = sameInit
      ? `${scheme.description} Weight variance: ${formula(scheme.varianceFormula)}.`
      : "Each run has its own initialization; choosing one here keeps a single run.";
    for (const key of [...this.#controls.keys()].filter((k) => k.startsWith("init."))) this.#controls.delete(key);
    const keys = sameInit ? EDITED_INIT_OPTIONS.filter((k) => scheme.options.includes(k)) : [];
    const options = configs[0].initOptions ?? scheme?.defaults ?? {};
    const sameOptions = shared(configs, "initOptions");
    this.#initOptions.replaceChildren(
      ...keys.map((option) => {
        const key = `init.${option}`;
        const wrapper = document.createElement("div");
        wrapper.className = "field field-option";
        const label = document.createElement("label");
        label.htmlFor = `ctl-init-${option}`;
        label.textContent = option; // Keras's name for it
        const input = textInput("number");
        input.id = `ctl-init-${option}`;
        input.value = sameOptions ? shortNumber(options[option]) : "";
        input.placeholder = sameOptions ? "" : VARIES;
        const error = errorLine(`init-${option}`);
        input.setAttribute("aria-describedby", error.id);
        input.addEventListener("change", () => this.#edit({ initOptions: { ...options, [option]: numberOrText(input.value) } }));
        this.#controls.set(key, { input, error });
        wrapper.append(label, input, error);
        return wrapper;
      }),
    );
  }
}

function textInput(kind) {
  const input = document.createElement("input");
  input.type = "text";
  input.inputMode = kind === "layers" ? "text" : "decimal";
  input.autocomplete = "off";
  input.spellcheck = false;
  return input;
}

function optgroup(label) {
  const optgroup = document.createElement("optgroup");
  optgroup.label = label;
  return optgroup;
}

function errorLine(key) {
  const p = document.createElement("p");
  p.className = "error";
  p.id = `err-${key}`;
  p.setAttribute("role", "alert");
  p.hidden = true;
  return p;
}
