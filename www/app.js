// initlab's page: the one place for mutable app state, and the wiring between it, the controls,
// the training workers and the views.
//
// Runs train in lockstep in Web Workers (one per run, see worker.js): a "round" asks every live
// run for K more steps, K adapted so a round takes about ROUND_MS. Rounds, loads and resets go
// through one serial queue, so they never interleave. Views redraw at most once per animation
// frame from what the rounds brought back; layer statistics and decision boundaries are read
// every READING_MS while training and always when training stops.

import init, { Trainer, activations, datasets, limits, optimizers, presets, schemes } from "./pkg/initlab.js";
import { applyEdit, editConfigs, fromHash, initLabel, labelOf, runLabels, toHash } from "./config.js";
import { integer } from "./format.js";
import { RunWorker } from "./run-worker.js";
import { LossChart } from "./views/loss-chart.js";
import { PresetBar } from "./views/presets.js";
import { RunCards } from "./views/run-cards.js";
import { Settings } from "./views/settings.js";
import { onThemeChange } from "./views/theme.js";

/**
 * The preset the page opens on when the URL names none. "Compare all" shows the whole argument
 * of the notes within seconds of opening: six inits of one network side by side, the zero and
 * constant curves flat, the large one blowing up, Glorot and He falling. A single-run preset
 * such as `he-relu` only shows a loss going down, which says nothing until compared.
 */
const DEFAULT_PRESET = "compare";
/** Steps a preset trains by itself once chosen, so its story unfolds without another click. */
const AUTO_STEPS = 1500;
/** Target duration of one round (every run trains K steps), in milliseconds. */
const ROUND_MS = 30;
/**
 * Training pace while playing: a preset's story takes a few seconds, slow enough to watch the
 * curves move. train() from scripts and tests runs flat out.
 */
const PLAY_STEPS_PER_SECOND = 500;
/** Layer statistics and decision boundaries are read at most this often while training. */
const READING_MS = 250;
/** Side of the decision-boundary grid. */
const RESOLUTION = 64;
/** Steps per second are measured over this window, in milliseconds. */
const SPEED_WINDOW_MS = 1000;

const $ = (id) => document.getElementById(id);

/** Everything that changes while the page runs. */
const state = {
  core: null, // the core's lists: {schemes, activations, datasets, optimizers, presets, limits}
  module: null, // the compiled wasm module, shared with every worker
  presetId: null,
  edits: {}, // settings changed since the preset was chosen, as in the URL hash
  runs: [], // per run: {config, label, worker, report, stats, data, boundary, history}
  playing: false,
  stopAt: Infinity, // the step at which training pauses by itself
  loop: null, // the running training loop, if any
  stepsPerRound: 1,
  lastReading: 0,
  speedSamples: [], // [time, step] of recent rounds
  frame: 0,
  drawWaiters: [],
};

/** The views, built once the core's lists are known. */
const views = {};

let queue = Promise.resolve();
/** Runs `task` after every task queued before it; resolves or rejects with its result. */
function serial(task) {
  const result = queue.then(task);
  queue = result.catch(() => {});
  return result;
}

// ---- runs ---------------------------------------------------------------------------------

/** The full, normalized configs the core makes of `configs`; throws the core's error. */
function resolve(configs) {
  return configs.map((config) => {
    const trainer = new Trainer(config);
    try {
      return trainer.config();
    } finally {
      trainer.free();
    }
  });
}

/** Replaces the runs with fresh ones of `configs` (resolved), reusing workers. Serial only. */
async function loadRuns(configs) {
  const workers = state.runs.map((run) => run.worker);
  while (workers.length < configs.length) workers.push(new RunWorker(state.module));
  for (const worker of workers.splice(configs.length)) worker.terminate();
  await Promise.all(workers.map((worker) => worker.ready));
  const dataset = datasetOf(configs[0]);
  const want = readingsOf(dataset);
  const loaded = await Promise.all(configs.map((config, i) => workers[i].call("load", { config, want })));
  const labels = runLabels(configs, state.core);
  state.runs = configs.map((config, i) => ({
    config,
    label: labels[i],
    worker: workers[i],
    history: { values: new Float32Array(1024), length: 0 },
    ...absorbed(loaded[i]),
  }));
  state.speedSamples = [];
  views.loss.setRuns(state.runs);
  views.cards.setRuns(state.runs.map((run) => ({ label: run.label, is2d: dataset.is2d })));
  views.settings.show(configs);
  showStory(dataset);
  scheduleDraw();
}

/** The run fields a worker's reply updates: report, stats, data, boundary. */
function absorbed(result) {
  const fields = {};
  if (result.report) fields.report = result.report;
  if (result.stats) fields.stats = result.stats;
  if (result.data) fields.data = result.data;
  if (result.boundary) fields.boundary = { values: result.boundary, resolution: RESOLUTION };
  return fields;
}

/** Appends a worker's new losses to a run's history, growing its buffer by doubling. */
function appendHistory(history, tail) {
  if (history.length + tail.length > history.values.length) {
    const grown = new Float32Array(Math.max(2 * history.values.length, history.length + tail.length));
    grown.set(history.values.subarray(0, history.length));
    history.values = grown;
  }
  history.values.set(tail, history.length);
  history.length += tail.length;
}

function live() {
  return state.runs.filter((run) => !run.report?.diverged);
}

/** The training step the runs have reached (diverged runs stop early). */
function currentStep() {
  return Math.max(0, ...state.runs.map((run) => run.report?.step ?? 0));
}

/** The core's description of a config's dataset. */
function datasetOf(config) {
  return state.core.datasets.find((d) => d.id === config.dataset);
}

/** What a worker reads besides the report: layer stats, and the boundary of a 2-D dataset. */
function readingsOf(dataset) {
  return { stats: true, boundary: dataset.is2d ? RESOLUTION : 0 };
}

/**
 * One round: every live run trains `steps` steps. Readings come along every READING_MS, or
 * always when `fresh`; a run that diverged in this round is read once more. Serial only.
 */
async function round(steps, fresh) {
  const now = performance.now();
  const reading = fresh || now - state.lastReading >= READING_MS;
  if (reading) state.lastReading = now;
  const want = reading ? readingsOf(datasetOf(state.runs[0].config)) : {};
  const runs = live();
  const results = await Promise.all(runs.map((run) => run.worker.call("train", { steps, want })));
  const elapsed = performance.now() - now;
  if (steps === state.stepsPerRound) adaptRound(elapsed);
  runs.forEach((run, i) => {
    appendHistory(run.history, results[i].tail);
    Object.assign(run, absorbed(results[i]));
  });
  const newlyDiverged = runs.filter((run, i) => run.report.diverged && !results[i].stats);
  await Promise.all(newlyDiverged.map(read));
  state.speedSamples.push([performance.now(), currentStep()]);
  scheduleDraw();
}

/** Takes fresh readings of `run` without training it. */
async function read(run) {
  const want = readingsOf(datasetOf(run.config));
  Object.assign(run, absorbed(await run.worker.call("snapshot", { want })));
}

/** Scales K towards rounds of ROUND_MS, at most doubling or halving at a time. */
function adaptRound(elapsed) {
  const factor = Math.min(2, Math.max(0.5, ROUND_MS / Math.max(elapsed, 1)));
  const max = state.core.limits.maxStepsPerCall;
  state.stepsPerRound = Math.max(1, Math.min(max, Math.round(state.stepsPerRound * factor)));
}

// ---- training controls --------------------------------------------------------------------

/** Trains until paused, or for `limit` more steps. */
function play(limit = Infinity) {
  state.stopAt = currentStep() + limit;
  state.playing = true;
  state.loop ??= trainLoop();
  showToolbar();
}

function pause() {
  state.playing = false;
  showToolbar();
}

function finished() {
  return live().length === 0 || currentStep() >= state.stopAt;
}

async function trainLoop() {
  try {
    const paced = Math.ceil((PLAY_STEPS_PER_SECOND * ROUND_MS) / 1000);
    while (state.playing && !finished()) {
      const started = performance.now();
      const steps = Math.min(state.stepsPerRound, paced, state.stopAt - currentStep());
      await serial(() => round(steps, false));
      await sleep(started + (1000 * steps) / PLAY_STEPS_PER_SECOND - performance.now());
    }
  } catch (error) {
    showFatal(error);
  }
  state.playing = false;
  state.loop = null;
  showToolbar();
  // Whatever stopped training, the numbers on screen are fresh once it stopped.
  await serial(() => Promise.all(state.runs.map(read))).catch(showFatal);
  scheduleDraw();
}

/** Pauses, trains every live run `steps` more steps, and resolves with runs() once drawn. */
async function train(steps) {
  pause();
  await serial(async () => {
    let left = steps;
    while (left > 0 && live().length > 0) {
      const k = Math.min(state.stepsPerRound, left);
      await round(k, k === left);
      left -= k;
    }
    if (left > 0) await Promise.all(state.runs.map(read)); // every run had diverged
  });
  await drawn();
  return runs();
}

/** Loads preset `id` (paused, at step 0) and resolves once it is drawn. */
async function loadPreset(id) {
  const preset = state.core.presets.find((p) => p.id === id);
  if (!preset) throw Object.assign(new Error(`preset: unknown value "${id}"; allowed: ${state.core.presets.map((p) => p.id).join(", ")}`), { field: "preset" });
  pause();
  await serial(async () => {
    state.presetId = id;
    state.edits = {};
    writeHash();
    await loadRuns(resolve(preset.runs));
  });
  await drawn();
}

/**
 * Sets config keys on every run (see editConfigs) and restarts them at step 0, paused. A bad
 * value rejects with the core's error and changes nothing.
 */
async function setConfig(partial) {
  pause();
  await serial(async () => {
    const configs = resolve(editConfigs(state.runs.map((run) => run.config), partial));
    state.edits = applyEdit(state.edits, partial);
    writeHash();
    await loadRuns(configs);
  });
  await drawn();
}

/** Starts the same runs over from step 0, paused. */
async function reset() {
  pause();
  await serial(() => loadRuns(state.runs.map((run) => run.config)));
}

/** The latest numbers of every run, for tests and scripts. */
function runs() {
  return state.runs.map((run) => ({
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
    divergedAt: run.report?.divergedAt ?? null,
    distinctNeurons: (run.stats ?? []).filter((s) => s.hidden).map((s) => s.distinctNeurons),
    gradientNorms: (run.stats ?? []).map((s) => s.gradientNorm),
    config: run.config,
  }));
}

// ---- drawing ------------------------------------------------------------------------------

function scheduleDraw() {
  state.frame ||= requestAnimationFrame(draw);
}

/** Resolves after the next frame has drawn the current state. */
function drawn() {
  return new Promise((done) => {
    state.drawWaiters.push(done);
    scheduleDraw();
  });
}

function draw() {
  state.frame = 0;
  views.loss.update(state.runs.map((run) => ({ ...run.history, divergedAt: run.report?.divergedAt })));
  state.runs.forEach((run, i) =>
    views.cards.update(i, {
      ...run,
      initText: initLabel(run.config, state.core),
      activationText: labelOf(state.core.activations, run.config.activation),
    }),
  );
  showCounters();
  for (const done of state.drawWaiters.splice(0)) done();
}

function showCounters() {
  setText($("step-count"), integer(currentStep()));
  const now = performance.now();
  const samples = (state.speedSamples = state.speedSamples.filter(([t]) => now - t <= SPEED_WINDOW_MS));
  const [t0, s0] = samples[0] ?? [now, 0];
  const [t1, s1] = samples.at(-1) ?? [now, 0];
  setText($("speed"), state.playing && t1 > t0 ? integer(((s1 - s0) * 1000) / (t1 - t0)) : "0");
}

function showToolbar() {
  const button = $("play");
  button.textContent = state.playing ? "Pause" : "Train";
  button.setAttribute("aria-pressed", String(state.playing));
  scheduleDraw();
}

/** The preset's sentence, and the captions that depend on the dataset. */
function showStory(dataset) {
  const preset = state.core.presets.find((p) => p.id === state.presetId);
  // A preset's claim holds for any seed; other edits make it the student's own experiment.
  const edited = Object.keys(state.edits).some((key) => key !== "seed");
  $("look-for-text").textContent = preset.lookFor;
  $("look-for").hidden = edited;
  views.presets.setActive(edited ? null : preset.id);
  $("edited-preset").textContent = preset.label;
  $("edited").hidden = !edited;
  $("boundary-caption").textContent = !dataset.is2d
    ? `${dataset.label} has ${dataset.inputs} inputs, so there is no 2-D decision boundary to draw.`
    : dataset.classes === 2
      ? "Background: the network's probability of each class, orange for class 0, purple for class 1, pale where it is unsure. Filled dots are training points, rings are test points."
      : "Background: each point's most likely class, paler where the network is unsure. Filled dots are training points, rings are test points.";
}

function sleep(ms) {
  return new Promise((done) => setTimeout(done, Math.max(0, ms)));
}

function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

function showFatal(error) {
  const box = $("fatal");
  box.textContent = `Something went wrong: ${error.message ?? error}`;
  box.hidden = false;
}

function writeHash() {
  history.replaceState(null, "", toHash(state.presetId, state.edits));
}

// ---- start --------------------------------------------------------------------------------

/** Opens what the URL hash names: a preset and edits made to it. */
async function openHash() {
  const { presetId, edits } = fromHash(location.hash);
  const known = state.core.presets.some((p) => p.id === presetId);
  await loadPreset(known ? presetId : DEFAULT_PRESET);
  if (Object.keys(edits).length > 0) {
    await setConfig(edits).catch((error) => views.settings.showError(error));
  }
}

/** Keeps the play state across an edit made from the controls. */
async function editFromControls(partial) {
  const playing = state.playing;
  await setConfig(partial);
  if (playing) play(Infinity);
}

function wireControls() {
  $("play").addEventListener("click", () => (state.playing ? pause() : play()));
  $("step").addEventListener("click", () => train(1).catch(showFatal));
  $("reset").addEventListener("click", () => reset().catch(showFatal));
  $("new-seed").addEventListener("click", () =>
    editFromControls({ seed: Math.floor(Math.random() * 1e6) }).catch(showFatal),
  );
  addEventListener("hashchange", () => {
    if (location.hash !== toHash(state.presetId, state.edits)) openHash().catch(showFatal);
  });
  onThemeChange(() => {
    views.loss.restyle();
    views.cards.redraw();
    scheduleDraw();
  });
}

async function start() {
  const url = new URL("./pkg/initlab_bg.wasm", import.meta.url);
  state.module = await WebAssembly.compileStreaming(fetch(url));
  await init({ module_or_path: state.module });
  state.core = {
    schemes: schemes(),
    activations: activations(),
    datasets: datasets(),
    optimizers: optimizers(),
    presets: presets(),
    limits: limits(),
  };
  views.presets = new PresetBar($("presets"), state.core.presets, (id) =>
    loadPreset(id).then(() => play(AUTO_STEPS)).catch(showFatal),
  );
  views.settings = new Settings($("settings"), state.core, editFromControls);
  views.loss = new LossChart($("loss-chart"));
  views.cards = new RunCards($("run-cards"), state.core.limits.viewExtent);
  wireControls();
  // On a phone the settings start folded, so the presets and the chart come first.
  if (matchMedia("(max-width: 760px)").matches) $("settings-panel").open = false;
  await openHash();
}

const ready = start();
ready.then(
  () => {
    if (!matchMedia("(prefers-reduced-motion: reduce)").matches) play(AUTO_STEPS);
  },
  showFatal,
);

window.initlab = {
  /** Resolves once the core is loaded and the first preset is drawn. */
  ready,
  runs,
  train,
  loadPreset,
  setConfig,
  /** The loss chart's curves as drawn: [{label, steps, loss}] per run. */
  lossCurves: () => views.loss.curves(),
};
