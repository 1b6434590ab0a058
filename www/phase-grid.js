// A grid card's experiment (papers(): experiment.kind "grid"): its networks trained in a pool of
// workers (pool-run.js, as the depth sweep trains its own), with progress, Cancel, and every
// cell's outcome kept by its config, so a grid trained once comes back at once. The Phase view
// draws it; the paper card reads its readings once every cell is trained.
//
// It says what changed through one event, "change" (progress, a run's end).

import { PoolRun } from "./pool-run.js";

/** The key a cell's outcome is kept by: its full config and steps. */
function keyOf(config, steps) {
  return `${steps}:${JSON.stringify(config)}`;
}

/** The networks of a grid card, trained in workers (see the header). */
export class PhaseGrid extends PoolRun {
  /** The card whose grid this trains (one of papers(), kind "grid", with its whole experiment:
   * paperExperiment), or null before one is set. */
  card = null;

  /**
   * Trains with the compiled wasm `module`, at most `maxStepsPerCall` steps a call; `beforeRun()`
   * is called as a run starts (the page pauses its own training: the workers need the cores).
   */
  constructor(module, maxStepsPerCall, beforeRun) {
    super({ module, maxStepsPerCall, beforeRun, costOf: (cell) => (cell.depth + 1) * cell.steps });
  }

  /** The card's grid (its `experiment`), or null. */
  get grid() {
    return this.card?.experiment ?? null;
  }

  /** Shows the grid of `card` (a grid card); a run under way for another card stops. */
  setCard(card) {
    if (this.card?.id === card.id) return;
    this.forgetRun();
    this.card = card;
    this.emit();
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

  /** Trains every cell not trained yet; resolves once the run ended (see `outcome`), never rejects. */
  async run() {
    if (this.running) return;
    await this.trainCells(this.cells());
  }
}
