// The runs as the page keeps them: the record of a run built from its worker's replies, the
// questions asked of a list of runs (which still train, what step they reached), the core's
// description of their preset and dataset, and summaries(): their latest numbers as scripts
// and tests read them (initlab.runs()). Starts no work.

import { editConfig, normalizeConfig } from "./pkg/initlab.js";
import { LossHistory, Trace } from "./trace.js";

/** The full, normalized configs the core makes of `configs`; throws the core's error. */
export function resolve(configs) {
  return configs.map((config) => normalizeConfig(config));
}

/** Most seeds one run may train side by side (the `seeds` URL key). */
export const MAX_SEEDS = 8;

/**
 * The configs of `config` trained with `seeds` seeds: itself, then one per further seed, its
 * seed and data seed each one higher. Runs of one comparison share their seeds, so seed s of
 * every run has the same data and batch order: the seeds are paired across runs.
 */
export function seedConfigs(config, seeds) {
  return Array.from({ length: seeds }, (_, s) =>
    s === 0 ? config : editConfig(config, { seed: config.seed + s, dataSeed: config.dataSeed + s }),
  );
}

/**
 * One run as the page keeps it: its config, worker and slot, and the latest of everything its
 * rounds brought back (see Trainer.round in the README), which the views draw. With several
 * seeds, the worker trains one Trainer per seed: the first is the run's own, which every view
 * shows; the others bring back only their loss histories, for the loss chart's band.
 */
export class Run {
  /** @type {{step: number, message: string, panic: string|null}|null} set once its worker crashed */
  crash = null;
  /** @type {{step: number, loss: number|null, diverged: boolean, divergedAt: number|null, targetReachedAt: number|null}} */
  progress;
  /** @type {{step: number, trainLoss: number, testLoss: number, accuracy: number, testAccuracy: number}|null} the latest evaluation */
  evaluation = null;
  /** @type {object[]|null} the latest full layer statistics, read at step `statsStep` */
  stats = null;
  statsStep = null;
  /** @type {{values: Float32Array, resolution: number}|null} */
  boundary = null;
  /** @type {Uint8Array|null} */
  predictions = null;
  /** @type {{rows: number, columns: number, values: Float32Array}[]|null} per layer */
  weights = null;
  /** @type {{rows: number, columns: number, values: Float32Array}[]|null} per layer */
  similarity = null;
  history = new LossHistory();
  /** @type {LossHistory[]} the loss histories of the further seeds (see seedConfigs) */
  seedHistories = [];
  /** Training rounds this run took part in, and the core's time in them (Round.timing). */
  work = { rounds: 0, trainMs: 0, readMs: 0 };

  /**
   * A run of `config` called `label` with `seeds` seeds, trained by `worker` (a RunWorker) in its
   * slot `slot`, at step 0 as the worker's reply `loaded` ({data, sizes, lsuv, rounds}) to
   * "load" starts it.
   */
  constructor(config, label, seeds, worker, slot, loaded) {
    this.config = config;
    this.label = label;
    this.seeds = seeds;
    this.worker = worker;
    this.slot = slot;
    this.sizes = loaded.sizes;
    this.data = loaded.data;
    /** For an `lsuv` run, what its data pass did to each layer (Trainer.lsuvReport), else null. */
    this.lsuv = loaded.lsuv ?? null;
    this.trace = new Trace(loaded.sizes.length - 1);
    this.seedHistories = Array.from({ length: seeds - 1 }, () => new LossHistory());
    this.absorb(loaded.rounds);
    /** The layer statistics at step 0, which the theory view compares with now. */
    this.initialStats = this.stats;
  }

  /**
   * Takes in the results of a round of every seed's Trainer (see Trainer.round): the first
   * seed's carry the run's numbers, replacing what was; the others, their loss histories.
   */
  absorb([round, ...seeds]) {
    seeds.forEach((result, s) => {
      if (result.history) this.seedHistories[s].apply(result.history, result.progress.step);
    });
    this.progress = round.progress;
    this.work.trainMs += round.timing.trainMs;
    this.work.readMs += round.timing.readMs;
    if (round.evaluation) this.evaluation = round.evaluation;
    if (round.history) this.history.apply(round.history, round.progress.step);
    if (round.trace) this.trace.apply(round.trace);
    if (round.stats) [this.stats, this.statsStep] = [round.stats, round.statsStep];
    if (round.boundary) {
      const perPoint = this.data.classes === 2 ? 1 : this.data.classes;
      this.boundary = { values: round.boundary, resolution: Math.round(Math.sqrt(round.boundary.length / perPoint)) };
    }
    for (const key of ["predictions", "weights", "similarity"]) if (round[key]) this[key] = round[key];
  }

  /**
   * The latest finite reading of every layer's signal, as {step, activationStd, gradientNorm,
   * saturatedFraction, deadFraction} (one value per layer, the output layer last), or null:
   * the full statistics (read on 256 samples) when they are as recent as the trace's last
   * finite point (16 samples), else that point. So a paused run, read in full when training
   * stopped, is described by the same numbers its statistics and histograms show.
   */
  profile() {
    const point = this.trace.lastFinite();
    const stats = this.stats?.every((s) => Number.isFinite(s.activationStd) && Number.isFinite(s.gradientNorm));
    if (!stats || (point && point.step > this.statsStep)) return point;
    const field = (name) => this.stats.map((s) => s[name]);
    return {
      step: this.statsStep,
      activationStd: field("activationStd"),
      gradientNorm: field("gradientNorm"),
      saturatedFraction: field("saturatedFraction"),
      deadFraction: field("deadFraction"),
    };
  }

  /**
   * The requests of a round of `steps` steps, one per seed's Trainer: `readings` (Trainer.round's
   * request keys) for the run's own, with what it holds of the core's records; the new loss
   * history points only for the others.
   */
  requests(steps, readings) {
    return [
      { steps, history: this.history.cursor(), trace: this.trace.cursor(), ...readings },
      ...this.seedHistories.map((history) => ({ steps, history: history.cursor() })),
    ];
  }
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

/** Of `runs`, those whose worker still holds them: all but the crashed ones. */
export function working(runs) {
  return runs.filter((run) => !run.crash);
}

/** Of `runs`, those that train: neither diverged nor crashed. */
export function live(runs) {
  return working(runs).filter((run) => !run.progress.diverged);
}

/**
 * The training step `runs` have reached: the live runs' (a run restarted after a crash is
 * behind the others), or once none is live the furthest any run got (diverged and crashed runs
 * stop early).
 */
export function currentStep(runs) {
  const training = live(runs);
  return Math.max(0, ...(training.length > 0 ? training : runs).map((run) => run.progress.step));
}

/** The core's description (in `core.datasets`) of a config's dataset. */
export function datasetOf(core, config) {
  return core.datasets.find((d) => d.id === config.dataset);
}

/**
 * The preset with id `id` of `core.presets`, or the paper card's of `core.papers` (the cards'
 * presets, paperPresets()); throws an error naming the allowed ids.
 */
export function presetOf(core, id) {
  const preset = core.presets.find((p) => p.id === id) ?? paperOf(core, id);
  if (!preset)
    throw Object.assign(new Error(`preset: unknown value "${id}"; allowed: ${core.presets.map((p) => p.id).join(", ")}`), {
      field: "preset",
      key: "preset",
      index: null,
      option: null,
    });
  return preset;
}

/** The preset of the paper card with id `id` (of `core.papers`), or undefined. */
export function paperOf(core, id) {
  return core.papers?.find((p) => p.id === id);
}

/** The latest numbers of every run, for tests and scripts; per-layer lists end with the output layer. */
export function summaries(runs) {
  return runs.map((run) => {
    const stats = run.stats ?? [];
    const field = (name) => stats.map((s) => s[name]);
    return {
      label: run.label,
      init: run.config.init,
      initOptions: run.config.initOptions,
      activation: run.config.activation,
      step: run.progress.step,
      loss: run.progress.loss ?? run.evaluation?.trainLoss ?? null, // at step 0, the whole set's (as report() gives it)
      trainLoss: run.evaluation?.trainLoss ?? null,
      testLoss: run.evaluation?.testLoss ?? null,
      accuracy: run.evaluation?.accuracy ?? null,
      testAccuracy: run.evaluation?.testAccuracy ?? null,
      evaluatedAt: run.evaluation?.step ?? null,
      diverged: run.progress.diverged,
      crashed: run.crash !== null,
      divergedAt: run.progress.divergedAt,
      stepsToTarget: run.progress.targetReachedAt,
      work: { ...run.work, worker: run.worker.work },
      lossHistory: { points: run.history.length, stride: run.history.stride },
      seeds: run.seeds,
      distinctNeurons: stats.filter((s) => s.hidden).map((s) => s.distinctNeurons),
      gradientNorms: field("gradientNorm"),
      activationStds: field("activationStd"),
      activationMeans: field("activationMean"),
      saturatedFractions: field("saturatedFraction"),
      deadFractions: field("deadFraction"),
      weightMeans: field("weightMean"),
      weightVariances: field("weightVariance"),
      theoreticalVariances: field("theoreticalVariance"),
      start: startOf(run.initialStats ?? []),
      lsuv: run.lsuv,
      config: run.config,
    };
  });
}

/** A run's per-layer numbers at step 0 from its first statistics: what the lesson compares with. */
function startOf(stats) {
  const field = (name) => stats.map((s) => s[name]);
  return {
    distinctNeurons: stats.filter((s) => s.hidden).map((s) => s.distinctNeurons),
    gradientNorms: field("gradientNorm"),
    activationStds: field("activationStd"),
    weightVariances: field("weightVariance"),
  };
}
