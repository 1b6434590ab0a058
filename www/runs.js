// The runs as the page keeps them: the record of a run built from its worker's replies, the
// questions asked of the runs (which still train, what step they reached), the core's
// description of their preset and dataset, and runs(): their latest numbers as scripts and
// tests read them. Reads the state; starts no work.

import { normalizeConfig } from "./pkg/initlab.js";
import { state } from "./state.js";
import { LossHistory, Trace } from "./trace.js";

/** Side of the decision-boundary grid. */
export const RESOLUTION = 64;

/** The full, normalized configs the core makes of `configs`; throws the core's error. */
export function resolve(configs) {
  return configs.map((config) => normalizeConfig(config));
}

/** A run of `config` at step 0, as `worker`'s reply `loaded` to "load" starts it. */
export function newRun(config, label, worker, loaded) {
  const trace = new Trace(loaded.sizes.length - 1);
  trace.append(loaded.trace);
  return {
    config,
    label,
    worker,
    crash: null, // {step, message, panic} once its worker crashed (see crashed in training.js)
    sizes: loaded.sizes,
    initialStats: loaded.initialStats,
    history: new LossHistory(),
    trace,
    ...absorbed(loaded),
  };
}

/**
 * The run the single-run views show first, of `count` runs: the first, whose story a preset of
 * one or two runs tells (the second is the contrast), except in a comparison of more runs,
 * which starts on its last: "Compare all" ends with He, the scheme its ReLU network needs, so
 * the page opens on healthy charts rather than on all-zero ones, one click from the others.
 */
export function firstShown(count) {
  return count > 2 ? count - 1 : 0;
}

/** The run fields a worker's reply updates. */
export function absorbed(result) {
  const fields = {};
  for (const key of ["report", "stats", "statsStep", "data", "weights", "similarity", "predictions"]) {
    if (result[key] !== undefined) fields[key] = result[key];
  }
  if (result.boundary) fields.boundary = { values: result.boundary, resolution: RESOLUTION };
  return fields;
}

/** The runs whose worker still holds them: all but the crashed ones. */
export function working() {
  return state.runs.filter((run) => !run.crash);
}

/** The runs that train: neither diverged nor crashed. */
export function live() {
  return working().filter((run) => !run.report?.diverged);
}

/**
 * The training step the runs have reached: the live runs' (a run restarted after a crash is
 * behind the others), or once none is live the furthest any run got (diverged and crashed runs
 * stop early).
 */
export function currentStep() {
  const runs = live().length > 0 ? live() : state.runs;
  return Math.max(0, ...runs.map((run) => run.report?.step ?? 0));
}

/** The core's description of a config's dataset. */
export function datasetOf(config) {
  return state.core.datasets.find((d) => d.id === config.dataset);
}

/** The preset with id `id`; throws an error naming the allowed ids. */
export function presetOf(id) {
  const preset = state.core.presets.find((p) => p.id === id);
  if (!preset)
    throw Object.assign(new Error(`preset: unknown value "${id}"; allowed: ${state.core.presets.map((p) => p.id).join(", ")}`), {
      field: "preset",
      key: "preset",
      index: null,
      option: null,
    });
  return preset;
}

/** The latest numbers of every run, for tests and scripts; per-layer lists end with the output layer. */
export function runs() {
  return state.runs.map((run) => {
    const stats = run.stats ?? [];
    const field = (name) => stats.map((s) => s[name]);
    return {
      label: run.label,
      init: run.config.init,
      initOptions: run.config.initOptions,
      activation: run.config.activation,
      step: run.report?.step ?? 0,
      loss: run.report?.loss ?? null,
      trainLoss: run.report?.trainLoss ?? null,
      testLoss: run.report?.testLoss ?? null,
      accuracy: run.report?.accuracy ?? null,
      testAccuracy: run.report?.testAccuracy ?? null,
      diverged: run.report?.diverged ?? false,
      crashed: run.crash !== null,
      divergedAt: run.report?.divergedAt ?? null,
      stepsToTarget: run.report?.targetReachedAt ?? null,
      lossHistory: { points: run.history.length, stride: run.history.stride },
      distinctNeurons: stats.filter((s) => s.hidden).map((s) => s.distinctNeurons),
      gradientNorms: field("gradientNorm"),
      activationStds: field("activationStd"),
      activationMeans: field("activationMean"),
      saturatedFractions: field("saturatedFraction"),
      deadFractions: field("deadFraction"),
      weightMeans: field("weightMean"),
      weightVariances: field("weightVariance"),
      theoreticalVariances: field("theoreticalVariance"),
      config: run.config,
    };
  });
}
