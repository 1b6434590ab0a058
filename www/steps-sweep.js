// A depth-sweep card's experiment (papers(): experiment.kind "depths", Saxe et al. 2014):
// networks learning a linear teacher at several depths, one series per initialization, each
// trained in a pool of workers (pool-run.js) on the core's full build (its Regression) until it
// reaches the card's target error or takes its last step. Every outcome stays kept by its
// config, so a sweep trained once comes back at once. The "Steps" view draws it; the
// paper card reads its readings once every network is trained.
//
// It says what changed through one event, "change" (progress, a run's end).

import { PoolRun } from "./pool-run.js";

/** The networks of a depth-sweep card, trained in workers (see the header). */
export class StepsSweep extends PoolRun {
  /** The card whose sweep this trains (one of papers(), kind "depths", with its whole
   * experiment: paperExperiment), or null before one is set. */
  card = null;

  /**
   * Trains with `module`, the compiled full build of the core; `beforeRun()` is called as a run
   * starts (the page pauses its own training: the workers need the cores).
   */
  constructor(module, beforeRun) {
    super({ module, build: "full", beforeRun, costOf: (cell) => cell.depth * cell.steps });
  }

  /** The card's sweep (its `experiment`), or null. */
  get sweep() {
    return this.card?.experiment ?? null;
  }

  /** Shows the sweep of `card` (a "depths" card); a run under way for another card stops. */
  setCard(card) {
    if (this.card?.id === card.id) return;
    this.forgetRun();
    this.card = card;
    this.emit();
  }

  /** The sweep's networks as the pool trains them: {key, steps, depth, series, x, regression: {config, target}}. */
  cells() {
    const sweep = this.sweep;
    if (!sweep) return [];
    return sweep.cells.map((cell) => ({
      ...cell,
      key: `regression:${sweep.steps}:${sweep.target}:${JSON.stringify(cell.config)}`,
      steps: sweep.steps,
      depth: sweep.x.values[cell.x],
      regression: { config: cell.config, target: sweep.target },
    }));
  }

  /** How many networks are trained. */
  done() {
    return this.cells().filter((cell) => this.result(cell)).length;
  }

  /** Every network's {stepsToTarget}, in the sweep's order, once all are trained; else null. */
  readings() {
    const cells = this.cells();
    if (cells.length === 0 || cells.some((cell) => !this.result(cell))) return null;
    return cells.map((cell) => ({ stepsToTarget: this.result(cell).stepsToTarget }));
  }

  /** Trains every network not trained yet; resolves once the run ended (see `outcome`), never rejects. */
  async run() {
    if (this.running) return;
    await this.trainCells(this.cells());
  }
}
