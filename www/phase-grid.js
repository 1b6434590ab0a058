// A grid card's experiment (papers(): experiment.kind "grid"): its networks trained in a pool of
// workers (sweep.js, as the depth sweep trains its own), with progress, Cancel, and every cell's
// outcome kept by its config, so a grid trained once comes back at once. The Phase view draws it;
// the paper card reads its readings once every cell is trained.
//
// It says what changed through one event, "change" (progress, a run's end).

import { Sweep } from "./sweep.js";

/** The key a cell's outcome is kept by: its full config and steps. */
function keyOf(config, steps) {
  return `${steps}:${JSON.stringify(config)}`;
}

/** The networks of a grid card, trained in workers (see the header). */
export class PhaseGrid extends EventTarget {
  /** The card whose grid this trains (one of papers(), kind "grid", with its whole experiment:
   * paperExperiment), or null before one is set. */
  card = null;
  /** How the last run ended: null (none yet, or under way), {seconds}, {cancelled: true} or {error}. */
  outcome = null;
  #driver;
  #beforeRun;
  /** The run under way: {started, cost, done, steps (per cell in flight)}, or null. */
  #run = null;

  /**
   * Trains with the compiled wasm `module`, at most `maxStepsPerCall` steps a call; `beforeRun()`
   * is called as a run starts (the page pauses its own training: the workers need the cores).
   */
  constructor(module, maxStepsPerCall, beforeRun) {
    super();
    this.#beforeRun = beforeRun;
    this.#driver = new Sweep(module, maxStepsPerCall);
    this.#driver.addEventListener("progress", ({ detail: { cell, step } }) => this.#advance(cell, step));
    this.#driver.addEventListener("cell", ({ detail: { cell } }) => this.#advance(cell, null));
  }

  /** The card's grid (its `experiment`), or null. */
  get grid() {
    return this.card?.experiment ?? null;
  }

  /** Whether a run is under way. */
  get running() {
    return this.#run !== null;
  }

  /** Shows the grid of `card` (a grid card); a run under way for another card stops. */
  setCard(card) {
    if (this.card?.id === card.id) return;
    this.cancel();
    this.#run = null;
    this.outcome = null;
    this.card = card;
    this.#emit();
  }

  /** The grid's cells as the pool trains them: {key, steps, config, depth, x, y}. */
  cells() {
    const grid = this.grid;
    if (!grid) return [];
    return grid.cells.map((cell) => ({
      ...cell,
      key: keyOf(cell.config, grid.steps),
      steps: grid.steps,
      depth: cell.config.hidden.length,
    }));
  }

  /** The outcome of `cell` (see Sweep.result), or undefined while it is not trained. */
  result(cell) {
    return this.#driver.result(cell.key);
  }

  /** How many cells are trained. */
  done() {
    return this.cells().filter((cell) => this.result(cell)).length;
  }

  /** Every cell's {accuracy}, in the grid's order, once all are trained; else null. */
  readings() {
    const cells = this.cells();
    if (cells.length === 0 || cells.some((cell) => !this.result(cell))) return null;
    return cells.map((cell) => ({ accuracy: this.result(cell).accuracy }));
  }

  /** The run under way's {fraction} of its work done (cells by depth x steps), or null. */
  progress() {
    if (!this.#run) return null;
    let trained = this.#run.done;
    for (const [cell, step] of this.#run.steps) trained += (cell.depth + 1) * step;
    return { fraction: this.#run.cost > 0 ? Math.min(1, trained / this.#run.cost) : 1 };
  }

  /** Trains every cell not trained yet; resolves once the run ended (see `outcome`), never rejects. */
  async run() {
    const cells = this.cells();
    const todo = cells.filter((cell) => !this.result(cell));
    if (todo.length === 0 || this.#run) return;
    this.#beforeRun();
    const run = { started: performance.now(), cost: todo.reduce((sum, c) => sum + (c.depth + 1) * c.steps, 0), done: 0, steps: new Map() };
    this.#run = run;
    this.outcome = null;
    this.#emit();
    let outcome;
    try {
      const complete = await this.#driver.run(cells);
      outcome = complete ? { seconds: (performance.now() - run.started) / 1000 } : { cancelled: true };
    } catch (error) {
      outcome = { error: error.message ?? String(error) };
    }
    if (this.#run !== run) return;
    this.#run = null;
    this.outcome = outcome;
    this.#emit();
  }

  /** Stops the run under way; the cells it finished are kept. */
  cancel() {
    this.#driver.cancel();
  }

  #advance(cell, step) {
    const run = this.#run;
    if (!run) return;
    if (step === null) {
      run.steps.delete(cell);
      run.done += (cell.depth + 1) * cell.steps;
    } else run.steps.set(cell, Math.min(step, cell.steps));
    this.#emit();
  }

  #emit() {
    this.dispatchEvent(new Event("change"));
  }
}
