// Sweep: trains many independent networks (cells) to their last step, in a pool of training
// workers (run-worker.js and worker.js: one "load", then "round" calls of many steps each; a
// regression cell, one "regression", then "regressionSteps" calls toward its target), and
// keeps every cell's outcome by its key, so a cell trained once is never trained again. The pool
// has a worker per core (workersFor in run-worker.js), each training one cell at a time in its
// first slot; they start with a run and stop when it ends or is cancelled (terminated at once,
// so a long call never holds a cancel up).
//
// A Sweep says what happened through events; it never calls the page:
//   "progress"  cell `detail.cell` has taken `detail.step` of its steps
//   "cell"      cell `detail.cell` finished with `detail.result` (see Sweep.result)

import { customFor } from "./custom-data.js";
import { digitsFor } from "./digits.js";
import { RunWorker, workersFor } from "./run-worker.js";

/** Steps of a cell's first call; later calls are sized to take about CALL_MS. */
const FIRST_CALL_STEPS = 20;
const CALL_MS = 200;
/** A call's steps at most grow by this factor over the last call's. */
const MAX_GROWTH = 8;
/** Outcomes kept: the oldest are forgotten beyond this many (a sweep has at most 1,536 cells). */
const MAX_KEPT = 10_000;

/** Trains cells in a pool of workers and keeps their outcomes (see the header). */
export class Sweep extends EventTarget {
  #module;
  #build;
  #maxSteps;
  #kept = new Map();
  #job = null;

  /**
   * Trains with the compiled wasm core `module` of build `build` ("page", or "full", which a
   * regression cell needs), at most `maxStepsPerCall` steps a call.
   */
  constructor(module, maxStepsPerCall, build = "page") {
    super();
    this.#module = module;
    this.#build = build;
    this.#maxSteps = maxStepsPerCall;
  }

  /** Whether a run is under way. */
  get running() {
    return this.#job !== null;
  }

  /**
   * The outcome of the cell with key `key`, or undefined if it was never trained:
   * {step, trainLoss, accuracy, targetReachedAt, divergedAt}: the steps it took, its loss and
   * accuracy over the whole training set at the end, and Trainer.round's progress numbers; for a
   * regression cell {step, relativeError, stepsToTarget}: where it stopped, and the first step
   * at its target (null if it did not get there within its steps).
   */
  result(key) {
    return this.#kept.get(key);
  }

  /**
   * Trains every cell of `cells` ({key, steps, config}, or {key, steps, regression: {config,
   * target}}: a network learning a linear teacher) that has no outcome yet, in that order,
   * in a pool of workers. Resolves with true once all are trained, false when cancelled; rejects
   * (and stops the pool) when a worker crashes or the core refuses a config. One run at a time:
   * a new run cancels the one under way.
   */
  async run(cells) {
    this.cancel();
    const todo = cells.filter((cell) => !this.#kept.has(cell.key));
    const job = { cancelled: false, failure: null, workers: [], next: 0 };
    this.#job = job;
    const size = workersFor(todo.length);
    job.workers = Array.from({ length: size }, () => new RunWorker(this.#module, this.#build));
    const work = async (worker) => {
      await worker.ready;
      while (!job.cancelled && job.next < todo.length) {
        const cell = todo[job.next++];
        const result = await this.#train(job, worker, cell);
        if (job.cancelled) return;
        this.#keep(cell.key, result);
        this.#emit("cell", { cell, result });
      }
    };
    await Promise.all(
      job.workers.map((worker) =>
        work(worker).catch((error) => {
          if (job.cancelled) return; // the workers were stopped on purpose
          job.failure ??= error;
          this.#stop(job);
        }),
      ),
    );
    this.#stop(job);
    if (job.failure) throw job.failure;
    return todo.every((cell) => this.#kept.has(cell.key));
  }

  /** Stops the run under way, if any, at once; what it finished is kept. */
  cancel() {
    if (this.#job) this.#stop(this.#job);
  }

  /** Marks `job` cancelled and stops its workers. */
  #stop(job) {
    job.cancelled = true;
    for (const worker of job.workers) worker.terminate();
    if (this.#job === job) this.#job = null;
  }

  /**
   * Trains `cell` on `worker` to its last step (or until it diverges) and reads its outcome. A
   * call's steps grow towards CALL_MS a call; should the core refuse a count as too much work
   * for this network (its `maxWorkPerCall`), the count halves.
   */
  async #train(job, worker, cell) {
    if (cell.regression) return this.#regress(job, worker, cell);
    const configs = [cell.config];
    await worker.call("load", { runs: [{ configs, requests: [{}] }], digits: await digitsFor(configs), custom: customFor(configs) });
    let size = FIRST_CALL_STEPS;
    let step = 0;
    for (;;) {
      const steps = Math.min(size, cell.steps - step, this.#maxSteps);
      const last = steps === cell.steps - step;
      let round;
      try {
        [[round]] = await worker.call("round", { runs: [[{ steps, evaluate: last }]] });
      } catch (error) {
        if (error.field !== "steps" || steps === 1) throw error;
        size = Math.ceil(steps / 2);
        continue;
      }
      step = round.progress.step;
      if (job.cancelled) return null;
      this.#emit("progress", { cell, step });
      if (round.progress.diverged && !round.evaluation) [[round]] = await worker.call("round", { runs: [[{ evaluate: true }]] });
      if (round.evaluation) return outcome(round);
      size = Math.max(1, Math.min(steps * MAX_GROWTH, Math.round((steps * CALL_MS) / Math.max(round.timing.trainMs, 1))));
    }
  }

  /**
   * Trains regression cell `cell` on `worker` (Regression.stepsTo) until it reaches its target,
   * takes its last step or its error is not finite; calls grow toward CALL_MS as in #train.
   */
  async #regress(job, worker, cell) {
    const { config, target } = cell.regression;
    await worker.call("regression", { config });
    let size = FIRST_CALL_STEPS;
    let step = 0;
    for (;;) {
      const steps = Math.min(size, cell.steps - step);
      const started = performance.now();
      let progress;
      try {
        progress = await worker.call("regressionSteps", { target, steps });
      } catch (error) {
        if (error.field !== "steps" || steps === 1) throw error;
        size = Math.ceil(steps / 2);
        continue;
      }
      const ms = performance.now() - started;
      step = progress.step;
      if (job.cancelled) return null;
      this.#emit("progress", { cell, step });
      if (progress.reachedAt !== null || step >= cell.steps || !Number.isFinite(progress.relativeError))
        return { step, relativeError: progress.relativeError, stepsToTarget: progress.reachedAt };
      size = Math.max(1, Math.min(steps * MAX_GROWTH, Math.round((steps * CALL_MS) / Math.max(ms, 1))));
    }
  }

  #keep(key, result) {
    this.#kept.set(key, result);
    if (this.#kept.size > MAX_KEPT) this.#kept.delete(this.#kept.keys().next().value);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** A cell's outcome (see Sweep.result) from its last round. */
function outcome({ progress, evaluation }) {
  return {
    step: progress.step,
    trainLoss: evaluation.trainLoss,
    accuracy: evaluation.accuracy,
    targetReachedAt: progress.targetReachedAt,
    divergedAt: progress.divergedAt,
  };
}
