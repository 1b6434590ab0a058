// What the page's pooled experiments share (the depth sweep, a grid card's grid, a depth-sweep
// card's networks): a Sweep (sweep.js) that trains their cells in a pool of workers and keeps
// every outcome by its key, the run under way with its progress, and how the last run ended;
// and, for a card's experiment (CardPoolRun), the card, its cells' count and readings.
// A subclass says which cells to train; it says what changed through one event, "change"
// (progress, a run's start and end, and whatever the subclass emits).

import { Sweep } from "./sweep.js";

/** The time left is estimated once a run has trained this long, in milliseconds. */
const ESTIMATE_AFTER_MS = 500;

/** Cells trained in a pool of workers, with progress and Cancel (see the header). */
export class PoolRun extends EventTarget {
  /**
   * How the last run ended, for the status line: null (none yet, or one under way), {seconds}
   * (finished), {cancelled: true}, or {error: message}.
   */
  outcome = null;
  #driver;
  #beforeRun;
  #costOf;
  /** The run under way: {started, cost (of the cells it trains), done (their cost trained), steps (per cell in flight)}. */
  #run = null;

  /**
   * Trains with the compiled wasm `module` of core build `build` ("page" or "full"), at most
   * `maxStepsPerCall` steps a call; `costOf(cell)` weighs a cell's work (its steps count
   * evenly); `beforeRun()` is called as a run starts (the page pauses its own training: the
   * workers need the cores).
   */
  constructor({ module, build = "page", maxStepsPerCall, costOf, beforeRun }) {
    super();
    this.#beforeRun = beforeRun;
    this.#costOf = costOf;
    this.#driver = new Sweep(module, maxStepsPerCall, build);
    this.#driver.addEventListener("progress", ({ detail: { cell, step } }) => this.#advance(cell, step));
    this.#driver.addEventListener("cell", ({ detail: { cell } }) => this.#advance(cell, null));
  }

  /** Whether a run is under way. */
  get running() {
    return this.#run !== null;
  }

  /** The outcome of `cell` (see Sweep.result), or undefined while it is not trained. */
  result(cell) {
    return this.#driver.result(cell.key);
  }

  /**
   * The progress of the run under way: {fraction} of its work done (cells weighted by costOf,
   * those in flight by their steps taken) and {secondsLeft} at the rate so far, or null until it
   * can be estimated; null when no run is under way.
   */
  progress() {
    if (!this.#run) return null;
    const { started, cost, done, steps } = this.#run;
    let trained = done;
    for (const [cell, step] of steps) trained += (this.#costOf(cell) * step) / cell.steps;
    const elapsed = performance.now() - started;
    const fraction = cost > 0 ? Math.min(1, trained / cost) : 1;
    const secondsLeft = elapsed >= ESTIMATE_AFTER_MS && trained > 0 ? ((elapsed / trained) * (cost - trained)) / 1000 : null;
    return { fraction, secondsLeft };
  }

  /**
   * Trains every cell of `cells` not trained yet, in that order, resolving once the run ended
   * (finished, cancelled or failed: see `outcome`); never rejects. A run under way stops first;
   * with nothing left to train, nothing changes.
   */
  async trainCells(cells) {
    const todo = cells.filter((cell) => !this.result(cell));
    if (todo.length === 0) return;
    this.#beforeRun();
    const run = { started: performance.now(), cost: todo.reduce((sum, cell) => sum + this.#costOf(cell), 0), done: 0, steps: new Map() };
    this.#run = run;
    this.outcome = null;
    this.emit();
    let outcome;
    try {
      const complete = await this.#driver.run(cells);
      outcome = complete ? { seconds: (performance.now() - run.started) / 1000 } : { cancelled: true };
    } catch (error) {
      outcome = { error: error.message ?? String(error) };
    }
    if (this.#run !== run) return; // a newer run, or new cells, took over
    this.#run = null;
    this.outcome = outcome;
    this.emit();
  }

  /** Stops the run under way; the cells it finished are kept. */
  cancel() {
    this.#driver.cancel();
  }

  /** The cells changed: a run under way trains cells no longer shown, so it stops, and no status tells of it. */
  forgetRun() {
    this.cancel();
    this.#run = null;
    this.outcome = null;
  }

  /** Says "change". */
  emit() {
    this.dispatchEvent(new Event("change"));
  }

  /** Notes that cell `cell` of the run under way has taken `step` steps, or finished (null). */
  #advance(cell, step) {
    const run = this.#run;
    if (!run) return;
    if (step === null) {
      run.steps.delete(cell);
      run.done += this.#costOf(cell);
    } else run.steps.set(cell, Math.min(step, cell.steps));
    this.emit();
  }
}

/**
 * A paper card's pooled experiment: the card shown (with its whole experiment), how many of its
 * cells are trained, and the readings the card checks once all are. A subclass gives `cells()`.
 */
export class CardPoolRun extends PoolRun {
  /** The card whose experiment this trains (one of papers(), with its whole experiment:
   * paperExperiment), or null before one is set. */
  card = null;
  #reading;

  /** A pool (PoolRun's `options`) whose cells' readings are their outcome's field `reading`. */
  constructor(reading, options) {
    super(options);
    this.#reading = reading;
  }

  /** Shows the experiment of `card`; a run under way for another card stops. */
  setCard(card) {
    if (this.card?.id === card.id) return;
    this.forgetRun();
    this.card = card;
    this.emit();
  }

  /** How many cells are trained. */
  done() {
    return this.cells().filter((cell) => this.result(cell)).length;
  }

  /** Every cell's {[reading]}, in the experiment's order, once all are trained; else null. */
  readings() {
    const cells = this.cells();
    if (cells.length === 0 || cells.some((cell) => !this.result(cell))) return null;
    return cells.map((cell) => ({ [this.#reading]: this.result(cell)[this.#reading] }));
  }

  /** Trains every cell not trained yet; resolves once the run ended (see `outcome`), never rejects. */
  async run() {
    if (this.running) return;
    await this.trainCells(this.cells());
  }
}
