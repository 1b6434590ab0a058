// The depth sweep's settings as a form: a checkbox per initialization a student may pick (the
// comparison's first, the others folded under "More"), the depths, the seeds and the steps. An
// edit goes to the sweep at once; a value it refuses shows its error next to the control and
// changes nothing. The form follows the sweep's settings, however they were set (a link, a
// script), except in a field being typed in.

import { MAX_SEEDS, MAX_STEPS } from "../sweep-plan.js";
import { paintKind } from "./theme.js";

/** The sweep's settings form. */
export class SweepForm {
  #sweep;
  #limits;
  #group;
  #main;
  #more;
  #initsError;
  #fields = {};
  /** The tokens of the checkboxes on show, to rebuild them only when the choices change. */
  #shownChoices = "";

  /**
   * Fills `root` with the form of `sweep` (a DepthSweep), whose limits are the core's `limits`.
   * Controls are disabled while a run is under way (cancel it to change them).
   */
  constructor(root, sweep, limits) {
    this.#sweep = sweep;
    this.#limits = limits;
    this.#group = document.createElement("fieldset");
    this.#group.className = "sweep-settings";
    const legend = document.createElement("legend");
    legend.className = "visually-hidden";
    legend.textContent = "Sweep settings";
    const inits = document.createElement("fieldset");
    inits.className = "sweep-inits";
    const initsLegend = document.createElement("legend");
    initsLegend.textContent = `Initializations (up to ${limits.maxRuns}, one colour each)`;
    this.#main = document.createElement("div");
    this.#main.className = "sweep-checks";
    const more = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = "More initializations";
    this.#more = document.createElement("div");
    this.#more.className = "sweep-checks";
    more.append(summary, this.#more);
    this.#initsError = errorLine("sweep-inits-error");
    inits.setAttribute("aria-describedby", this.#initsError.id);
    inits.append(initsLegend, this.#main, more, this.#initsError);
    const numbers = document.createElement("div");
    numbers.className = "sweep-numbers";
    numbers.append(
      this.#field("depths", "Depths", { type: "text", inputMode: "numeric" }, `hidden layers, each 1 to ${limits.maxHiddenLayers}`),
      this.#field("seeds", "Seeds", { type: "number", min: 1, max: MAX_SEEDS }, `1 to ${MAX_SEEDS} per network`),
      this.#field("steps", "Steps", { type: "number", min: 1, max: MAX_STEPS }, "per network"),
    );
    this.#group.append(legend, inits, numbers);
    root.append(this.#group);
  }

  /** A labelled input for setting `setting`, with a hint and an error line. */
  #field(setting, label, attributes, hint) {
    const wrap = document.createElement("div");
    wrap.className = "field";
    const input = Object.assign(document.createElement("input"), { id: `sweep-${setting}`, ...attributes });
    const labelEl = Object.assign(document.createElement("label"), { htmlFor: input.id, textContent: label });
    const hintEl = Object.assign(document.createElement("p"), { id: `sweep-${setting}-hint`, className: "hint", textContent: hint });
    const error = errorLine(`sweep-${setting}-error`);
    input.setAttribute("aria-describedby", `${hintEl.id} ${error.id}`);
    input.addEventListener("change", () => this.#edit({ [setting]: input.value }, error, input));
    this.#fields[setting] = { input, error };
    wrap.append(labelEl, input, hintEl, error);
    return wrap;
  }

  /** Sets `values` on the sweep; a refusal shows next to its control (`error`, `input`) and the form goes back to the settings. */
  #edit(values, error, input = null) {
    try {
      this.#sweep.setSettings(values);
      showError(error, input, null);
    } catch (refused) {
      showError(error, input, refused.message);
    }
    this.show();
  }

  /** Shows the sweep's settings and the initializations it may pick. */
  show() {
    const sweep = this.#sweep;
    this.#group.disabled = sweep.running;
    const choices = sweep.choices();
    const key = choices.map((c) => c.token).join();
    if (key !== this.#shownChoices) {
      this.#shownChoices = key;
      this.#main.replaceChildren(...choices.filter((c) => !c.more).map((c) => this.#checkbox(c)));
      this.#more.replaceChildren(...choices.filter((c) => c.more).map((c) => this.#checkbox(c)));
    }
    const chosen = sweep.settings.inits.map((choice) => sweep.token(choice));
    const kinds = sweep.kinds();
    const full = chosen.length >= this.#limits.maxRuns;
    for (const box of this.#group.querySelectorAll("input[type=checkbox]")) {
      const i = chosen.indexOf(box.value);
      box.checked = i >= 0;
      box.disabled = full && i < 0;
      const label = box.closest("label");
      label.classList.toggle("chosen", i >= 0);
      if (i >= 0) paintKind(label, kinds[i]);
    }
    const text = { depths: sweep.settings.depths.join(", "), seeds: String(sweep.settings.seeds), steps: String(sweep.settings.steps) };
    for (const [setting, { input, error }] of Object.entries(this.#fields)) {
      if (document.activeElement !== input && error.hidden) input.value = text[setting];
    }
  }

  /** The checkbox of `choice` ({choice, token}), labelled with its name. */
  #checkbox({ choice, token }) {
    const label = document.createElement("label");
    const box = Object.assign(document.createElement("input"), { type: "checkbox", value: token });
    box.addEventListener("change", () => {
      const chosen = this.#sweep.settings.inits.map((c) => this.#sweep.token(c)).filter((t) => t !== token);
      this.#edit({ inits: box.checked ? [...chosen, token] : chosen }, this.#initsError);
    });
    const name = document.createElement("span");
    name.textContent = this.#sweep.label(choice);
    label.append(box, name);
    return label;
  }
}

/** An error line with id `id`, hidden while empty. */
function errorLine(id) {
  return Object.assign(document.createElement("p"), { id, className: "error", hidden: true });
}

/** Shows `message` in `error` (hides it for null) and marks `input` invalid while it shows. */
function showError(error, input, message) {
  error.textContent = message ?? "";
  error.hidden = message === null;
  input?.setAttribute("aria-invalid", String(message !== null));
}
