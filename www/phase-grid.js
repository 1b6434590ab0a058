// A grid card's experiment (papers(): experiment.kind "grid"): its networks trained in a pool of
// workers (pool-run.js, as the depth sweep trains its own), with progress, Cancel, and every
// cell's outcome kept by its config, so a grid trained once comes back at once. The Phase view
// draws it; the paper card reads its readings once every cell is trained.
//
// It says what changed through one event, "change" (progress, a run's end).

import { CardPoolRun } from "./pool-run.js";

/** The key a cell's outcome is kept by: its full config and steps. */
function keyOf(config, steps) {
  return `${steps}:${JSON.stringify(config)}`;
}

/** The networks of a grid card, trained in workers (see the header). */
export class PhaseGrid extends CardPoolRun {
  /**
   * Trains with the compiled wasm `module`, at most `maxStepsPerCall` steps a call; `beforeRun()`
   * is called as a run starts (the page pauses its own training: the workers need the cores).
   */
  constructor(module, maxStepsPerCall, beforeRun) {
    super("accuracy", { module, maxStepsPerCall, beforeRun, costOf: (cell) => (cell.depth + 1) * cell.steps });
  }

  /** The card's grid (its `experiment`), or null. */
  get grid() {
    return this.card?.experiment ?? null;
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
}
