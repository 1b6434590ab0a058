// A depth-sweep card's experiment (papers(): experiment.kind "depths", Saxe et al. 2014):
// networks learning a linear teacher at several depths, one series per initialization, each
// trained in a pool of workers (pool-run.js) on the core's full build (its Regression) until it
// reaches the card's target error or takes its last step. Every outcome stays kept by its
// config, so a sweep trained once comes back at once. The "Steps" view draws it; the
// paper card reads its readings once every network is trained.
//
// It says what changed through one event, "change" (progress, a run's end).

import { CardPoolRun } from "./pool-run.js";

/** The networks of a depth-sweep card, trained in workers (see the header). */
export class StepsSweep extends CardPoolRun {
  /**
   * Trains with `module`, the compiled full build of the core; `beforeRun()` is called as a run
   * starts (the page pauses its own training: the workers need the cores).
   */
  constructor(module, beforeRun) {
    super("stepsToTarget", { module, build: "full", beforeRun, costOf: (cell) => cell.depth * cell.steps });
  }

  /** The card's sweep (its `experiment`), or null. */
  get sweep() {
    return this.card?.experiment ?? null;
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
}
