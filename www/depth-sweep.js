// The depth sweep of the page's setup: for the runs' dataset, width, activation, optimizer,
// learning rate and batch size, networks of several depths trained with each chosen
// initialization and a few seeds (sweep-plan.js), in a pool of workers (pool-run.js). This holds
// the sweep's settings, the setup they apply to and how the last run went; the Depth view shows
// it and the link writes its settings. Every outcome stays kept by its network's full config, so
// the results of a setup come back as long as it is unchanged, or once it is set again.
//
// It says what changed through one event, "change" (settings, setup, progress, a run's end).

import { runColours } from "./colours.js";
import { initLabel } from "./config.js";
import { normalizeConfig } from "./pkg/initlab.js";
import { PoolRun } from "./pool-run.js";
import { presetOf } from "./runs.js";
import {
  cellCost,
  cells,
  DEFAULT_DEPTHS,
  DEFAULT_SEEDS,
  DEFAULT_STEPS,
  initToken,
  linkValues,
  readSetting,
  readSettings,
  settingError,
  widthOf,
} from "./sweep-plan.js";
import { summarize } from "./sweep-stats.js";

/** The preset whose runs' initializations a sweep compares unless told otherwise. */
const COMPARISON = "compare";

/** {init, initOptions} of a full config. */
function choiceOf(config) {
  return { init: config.init, initOptions: config.initOptions };
}

/** The depth sweep of the page's setup: its settings, plan, outcomes and progress (see the header). */
export class DepthSweep extends PoolRun {
  /** @type {{inits: {init: string, initOptions: object}[], depths: number[], seeds: number, steps: number}} */
  settings;
  /** The full configs of the page's runs: the first is the setup a sweep trains; null before any. */
  runs = null;
  #core;
  #defaults;
  /** The plan of the setup and settings, made when first asked after either changed. */
  #plan = null;

  /**
   * The sweep of a page whose core lists are `core`, trained with the compiled wasm `module`;
   * `beforeRun()` is called as a run starts (the page pauses its own training: the workers need
   * the cores).
   */
  constructor(module, core, beforeRun) {
    super({ module, maxStepsPerCall: core.limits.maxStepsPerCall, costOf: cellCost, beforeRun });
    this.#core = core;
    this.#defaults = {
      inits: presetOf(core, COMPARISON).runs.map(choiceOf),
      depths: DEFAULT_DEPTHS,
      seeds: DEFAULT_SEEDS,
      steps: DEFAULT_STEPS,
    };
    this.settings = { ...this.#defaults };
  }

  /** The setup a sweep trains: the first run's full config, or null before any run. */
  get base() {
    return this.runs?.[0] ?? null;
  }

  /** Gives the sweep the page's runs (their full configs); a run under way for another setup stops. */
  setRuns(configs) {
    const before = JSON.stringify(this.base);
    this.runs = configs;
    if (JSON.stringify(this.base) !== before) this.#planChanged();
    this.emit();
  }

  /**
   * Sets sweep settings from a form's or a script's values (see readSetting: `inits` as tokens,
   * `depths`, `seeds`, `steps`); throws an Error naming the URL key of the first bad one and
   * changes nothing then. A run under way stops.
   */
  setSettings(values) {
    const next = { ...this.settings };
    for (const [setting, value] of Object.entries(values)) {
      if (!(setting in this.#defaults)) throw settingError("run", `unknown sweep setting ${JSON.stringify(setting)}`);
      next[setting] = readSetting(setting, value, this.#core.limits);
      if (setting === "inits") next.inits = this.#checked(next.inits);
    }
    if (JSON.stringify(next) === JSON.stringify(this.settings)) return;
    this.settings = next;
    this.#planChanged();
    this.emit();
  }

  /**
   * Takes the settings a link gives (readHash's `sweep`), each bad one left at its default with a
   * line in `notices`; returns whether the link asks to run the sweep.
   */
  applyLink(raw, notices) {
    const { settings, errors } = readSettings(raw, this.#defaults, this.#core.limits);
    try {
      settings.inits = this.#checked(settings.inits);
    } catch (error) {
      errors.push(error);
      settings.inits = this.#defaults.inits;
    }
    notices.push(...errors.map((error) => error.message));
    const changed = JSON.stringify(settings) !== JSON.stringify(this.settings);
    this.settings = settings;
    if (changed) this.#planChanged();
    this.emit();
    return raw?.run === true;
  }

  /**
   * `choices` with every option the core fills in, without repeats (he_normal and he_normal:gain=1
   * are one); throws a settingError naming the first the core refuses and why.
   */
  #checked(choices) {
    const full = choices.map((choice, i) => {
      try {
        return choiceOf(normalizeConfig({ hidden: [1], init: choice.init, initOptions: choice.initOptions }));
      } catch (error) {
        throw settingError("inits", `${JSON.stringify(this.token(choice))}: ${error.message}`, i);
      }
    });
    return full.filter((choice, i) => full.findIndex((other) => this.token(other) === this.token(choice)) === i);
  }

  /** What a link writes of the sweep (readHash's `sweep`): the settings that differ from the defaults, and `run` while it shows results. */
  linkState() {
    return { ...linkValues(this.settings, this.#defaults, (choice) => this.token(choice)), run: this.running || this.done() > 0 };
  }

  /** The token naming `choice` in links and the CSV: "he_normal", "random_normal:stddev=0.01". */
  token(choice) {
    return initToken(choice, this.#core.schemes.find((s) => s.id === choice.init)?.defaults);
  }

  /** The colour kind of each of the sweep's initializations (colours.js), as a run of it has. */
  kinds() {
    return runColours(this.settings.inits, this.#core.schemes);
  }

  /** The name a student reads for `choice`: "Random normal (stddev 0.01)". */
  label(choice) {
    return initLabel(choice, this.#core);
  }

  /**
   * The initializations a student may pick, as {choice, token}: the comparison's, then the runs'
   * and the settings' others (`more` false), then every other scheme with its default options
   * (`more` true).
   */
  choices() {
    const list = [];
    const add = (choice, more) => {
      const token = this.token(choice);
      if (!list.some((c) => c.token === token)) list.push({ choice, token, more });
    };
    for (const choice of [...this.#defaults.inits, ...(this.runs ?? []).map(choiceOf), ...this.settings.inits]) add(choice, false);
    for (const scheme of this.#core.schemes) add({ init: scheme.id, initOptions: scheme.defaults }, true);
    return list;
  }

  /** The networks the sweep trains for the setup (see sweep-plan.js's cells); none without a hidden layer. */
  plan() {
    this.#plan ??= this.base && widthOf(this.base) !== null ? cells(this.base, this.settings) : [];
    return this.#plan;
  }

  /** How many networks of the plan are trained. */
  done() {
    return this.plan().filter((cell) => this.result(cell)).length;
  }

  /**
   * Trains every network of the plan not trained yet, resolving once the run ended (finished,
   * cancelled or failed: see `outcome`); never rejects. A run under way stops first; with nothing
   * left to train, nothing changes.
   */
  run() {
    return this.trainCells(this.plan());
  }

  /** The plan changed: a run under way trains networks no longer shown, so it stops, and no status tells of it. */
  #planChanged() {
    this.forgetRun();
    this.#plan = null;
  }

  /**
   * The sweep as scripts and tests read it (initlab.depthSweep()): {settings (inits as tokens),
   * labels, width, running, done, total, outcome, cells: [{init (token), depth, seed, step,
   * trainLoss, targetReachedAt, divergedAt}] of the trained ones in plan order, summary: rows of
   * summarize() with `init` as a token}.
   */
  snapshot() {
    const plan = this.plan();
    const tokens = this.settings.inits.map((choice) => this.token(choice));
    const trained = plan.filter((cell) => this.result(cell));
    return {
      settings: { ...this.settings, inits: tokens },
      labels: this.settings.inits.map((choice) => this.label(choice)),
      width: this.base ? widthOf(this.base) : null,
      running: this.running,
      done: trained.length,
      total: plan.length,
      outcome: this.outcome,
      cells: trained.map((cell) => ({ init: tokens[cell.init], depth: cell.depth, seed: cell.seed, ...this.result(cell) })),
      summary: summarize(plan, (cell) => this.result(cell), tokens.length, this.settings.depths).map((row) => ({
        ...row,
        init: tokens[row.init],
      })),
    };
  }
}
