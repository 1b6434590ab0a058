// A paper card computed at initialization (papers(): experiment.kind "atInit"): nothing trains;
// each cell (a network's per-layer histograms, a Jacobian's spectrum at one depth) is measured by
// the core's full build in a pool of workers (worker.js's "cell", one per core), with progress and
// Cancel, and kept by card, seed and cell, so a card measured once comes back at once. The view
// (views/at-init.js) draws the cells; the card reads them once all are in.
//
// It says what changed through one event, "change" (progress, a cell's end, the run's end).

import { digitsFor } from "./digits.js";
import { fullModule } from "./full-core.js";
import { RunWorker, workersFor } from "./run-worker.js";

/** The cells of an at-initialization card, measured in workers (see the header). */
export class AtInitExperiment extends EventTarget {
  /** The card (one of papers(), with its whole experiment: paperExperiment), or null. */
  card = null;
  /** How the last run ended: null (none yet, or under way), {seconds}, {cancelled: true} or {error}. */
  outcome = null;
  /** Per key (card, seed, cell), a measured cell. */
  #kept = new Map();
  /** The run under way: {workers, cancelled, started}, or null. */
  #run = null;

  /** Whether a run is under way. */
  get running() {
    return this.#run !== null;
  }

  /** Shows the cells of `card` (an at-initialization card); a run under way for another card stops. */
  setCard(card) {
    if (this.card?.id === card.id) return;
    this.cancel();
    this.#run = null; // the stopped run ends quietly: it is no longer this card's
    this.outcome = null;
    this.card = card;
    this.#emit();
  }

  /** The card's cells: [{index, key, label, ...}], each with what the card's figure needs of it. */
  cells() {
    const card = this.card;
    if (!card) return [];
    const { seed, cells } = card.experiment;
    return cells.map((cell, index) => ({ ...cell, index, key: `${card.id}:${seed}:${index}` }));
  }

  /** The measurement of cell `cell` (paperCell's), or undefined while it is not in. */
  result(cell) {
    return this.#kept.get(cell.key);
  }

  /** How many cells are measured. */
  done() {
    return this.cells().filter((cell) => this.result(cell)).length;
  }

  /** Every cell's measurement, in the card's order, once all are in; else null. */
  readings() {
    const cells = this.cells();
    if (cells.length === 0 || cells.some((cell) => !this.result(cell))) return null;
    return cells.map((cell) => this.result(cell));
  }

  /** Measures every cell not measured yet; resolves once the run ended (see `outcome`), never rejects. */
  async run() {
    const card = this.card;
    const todo = this.cells().filter((cell) => !this.result(cell));
    if (!card || todo.length === 0 || this.#run) return;
    const run = { workers: [], cancelled: false, started: performance.now() };
    this.#run = run;
    this.outcome = null;
    this.#emit();
    let outcome;
    try {
      const [module, digits] = await Promise.all([fullModule(), digitsFor(card.runs)]);
      run.workers = Array.from({ length: workersFor(todo.length) }, () => new RunWorker(module, "full"));
      let next = 0;
      const work = async (worker) => {
        // Data only: no runs (a Glorot & Bengio cell measures on the digits).
        await worker.call("load", { runs: [], digits, custom: null });
        while (!run.cancelled && next < todo.length) {
          const cell = todo[next++];
          const result = await worker.call("cell", { card: card.id, index: cell.index, seed: card.experiment.seed });
          if (run.cancelled) return;
          this.#kept.set(cell.key, result);
          this.#emit();
        }
      };
      await Promise.all(run.workers.map(work));
      outcome = { seconds: (performance.now() - run.started) / 1000 };
    } catch (error) {
      outcome = run.cancelled ? { cancelled: true } : { error: error.message ?? String(error) };
    }
    for (const worker of run.workers) worker.terminate();
    if (this.#run !== run) return;
    this.#run = null;
    this.outcome = outcome;
    this.#emit();
  }

  /** Stops the run under way; the cells it measured are kept. */
  cancel() {
    const run = this.#run;
    if (!run) return;
    run.cancelled = true;
    for (const worker of run.workers) worker.terminate();
  }

  #emit() {
    this.dispatchEvent(new Event("change"));
  }
}
