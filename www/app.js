// initlab's page: the one place for mutable app state, and the wiring between it, the controls,
// the training workers and the views.
//
// Runs train in lockstep in Web Workers (one per run, see worker.js): a "round" asks every live
// run for K more steps, K adapted so a round takes about ROUND_MS. Rounds, loads and resets go
// through one serial queue, so they never interleave. Views redraw at most once per animation
// frame from what the rounds brought back; the expensive readings the open views need (layer
// statistics, weights, boundaries...) are taken every READING_MS while training and always
// when training stops.

import init, { activations, datasets, limits, normalizeConfig, optimizers, presets, schemes, theoreticalVariance } from "./pkg/initlab.js";
import { FIELDS, applyEdit, editConfigs, runLabels } from "./config.js";
import { integer } from "./format.js";
import { install as installGlossary, term } from "./glossary.js";
import { RunWorker } from "./run-worker.js";
import { LossHistory, Trace } from "./trace.js";
import { configKeyOf, quote, readHash, urlKeyOf, writeHash as hashOf } from "./url-state.js";
import { ComparisonView } from "./views/comparison.js";
import { CrashNotices } from "./views/crashes.js";
import { DataView } from "./views/data-view.js";
import { ExportTools } from "./views/export.js";
import { LayersView } from "./views/layers.js";
import { NetworkView } from "./views/network.js";
import { PresetBar } from "./views/presets.js";
import { RunPicker } from "./views/run-picker.js";
import { Settings } from "./views/settings.js";
import { ShareDialog } from "./views/share.js";
import { SymmetryView } from "./views/symmetry.js";
import { TheoryView } from "./views/theory.js";
import { onThemeChange } from "./views/theme.js";
import { ViewBar } from "./views/view-bar.js";

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
/** Expensive readings are taken at most this often while training. */
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
  compare: null, // init ids of a comparison the URL asked for, one run each, or null
  views: [], // ids of the open views, in page order
  embed: false,
  hide: null, // hash names of the settings controls the URL hides, or null
  autoplay: false, // train while the widget is on screen
  selected: 0, // the run the single-run views show
  runs: [], // per run: see loadRuns
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
  return configs.map((config) => normalizeConfig(config));
}

/** Replaces the runs with fresh ones of `configs` (resolved), reusing workers. Serial only. */
async function loadRuns(configs) {
  // A worker that crashed (even during the last load) is replaced, so a load always starts clean.
  const workers = state.runs.map((run) => (run.worker.crashed ? new RunWorker(state.module) : run.worker));
  while (workers.length < configs.length) workers.push(new RunWorker(state.module));
  for (const worker of workers.splice(configs.length)) worker.terminate();
  await Promise.all(workers.map((worker) => worker.ready));
  const want = wanted(configs[0]);
  const loaded = await Promise.all(configs.map((config, i) => workers[i].call("load", { config, want })));
  const labels = runLabels(configs, state.core);
  state.runs = configs.map((config, i) => newRun(config, labels[i], workers[i], loaded[i]));
  state.speedSamples = [];
  state.selected = firstShown(configs.length);
  showRuns();
  views.settings.show(configs);
  scheduleDraw();
}

/** A run of `config` at step 0, as `worker`'s reply `loaded` to "load" starts it. */
function newRun(config, label, worker, loaded) {
  const trace = new Trace(loaded.sizes.length - 1);
  trace.append(loaded.trace);
  return {
    config,
    label,
    worker,
    crash: null, // {step, message, panic} once its worker crashed (see crashed)
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
function firstShown(count) {
  return count > 2 ? count - 1 : 0;
}

/** The run fields a worker's reply updates. */
function absorbed(result) {
  const fields = {};
  for (const key of ["report", "stats", "statsStep", "data", "weights", "similarity", "predictions"]) {
    if (result[key] !== undefined) fields[key] = result[key];
  }
  if (result.boundary) fields.boundary = { values: result.boundary, resolution: RESOLUTION };
  return fields;
}

/** The runs whose worker still holds them: all but the crashed ones. */
function working() {
  return state.runs.filter((run) => !run.crash);
}

/** The runs that train: neither diverged nor crashed. */
function live() {
  return working().filter((run) => !run.report?.diverged);
}

/**
 * The training step the runs have reached: the live runs' (a run restarted after a crash is
 * behind the others), or once none is live the furthest any run got (diverged and crashed runs
 * stop early).
 */
function currentStep() {
  const runs = live().length > 0 ? live() : state.runs;
  return Math.max(0, ...runs.map((run) => run.report?.step ?? 0));
}

/** The core's description of a config's dataset. */
function datasetOf(config) {
  return state.core.datasets.find((d) => d.id === config.dataset);
}

/** The readings the open views need of runs of `config`'s dataset (see worker.js). */
function wanted(config) {
  const dataset = datasetOf(config);
  const open = (id) => state.views.includes(id);
  const needs = [
    open("boundary") && DataView.needs(dataset),
    open("symmetry") && SymmetryView.needs(),
    open("network") && NetworkView.needs(),
  ];
  const want = Object.assign({ stats: true }, ...needs.filter(Boolean));
  if (want.boundary) want.boundary = RESOLUTION;
  return want;
}

/**
 * One round: every live run trains `steps` steps. Readings come along every READING_MS, or
 * always when `fresh`; a run that diverged in this round is read once more. Serial only.
 */
async function round(steps, fresh) {
  const now = performance.now();
  const reading = fresh || now - state.lastReading >= READING_MS;
  if (reading) state.lastReading = now;
  const want = reading ? wanted(state.runs[0].config) : {};
  const runs = live();
  const results = await Promise.all(runs.map((run) => ask(run, "train", { steps, want })));
  const elapsed = performance.now() - now;
  if (steps === state.stepsPerRound) adaptRound(elapsed);
  runs.forEach((run, i) => {
    if (!results[i]) return; // it crashed
    run.history.apply(results[i].history, results[i].report.step);
    run.trace.append(results[i].trace);
    Object.assign(run, absorbed(results[i]));
  });
  const newlyDiverged = runs.filter((run, i) => results[i] && run.report.diverged && !results[i].stats);
  await Promise.all(newlyDiverged.map(read));
  state.speedSamples.push([performance.now(), currentStep()]);
  scheduleDraw();
}

/** Takes fresh readings of `run` without training it. */
async function read(run) {
  const result = await ask(run, "snapshot", { want: wanted(run.config) });
  if (result) Object.assign(run, absorbed(result));
}

/** Fresh readings of every run but the crashed ones, e.g. for a view just opened. */
function readAll() {
  return serial(() => Promise.all(working().map(read)));
}

/**
 * Calls `run`'s worker like RunWorker.call, except that a crash only stops that run (see
 * crashed) and resolves with null, so the other runs go on.
 */
async function ask(run, type, args) {
  try {
    return await run.worker.call(type, args);
  } catch (error) {
    if (!error.crashed) throw error;
    crashed(run, error);
    return null;
  }
}

/**
 * Takes `run`, whose worker crashed with `error`, out of training: it keeps its last numbers,
 * the page says so, and a fresh worker (the RunWorker stopped the dead one) waits for a restart.
 */
function crashed(run, { message, panic }) {
  run.crash = { step: run.report?.step ?? 0, message, panic };
  run.worker = new RunWorker(state.module);
  run.worker.ready.catch(() => {}); // a worker that cannot start fails the restart, which says so
  state.speedSamples = [];
  views.crashes.crashed(state.runs.indexOf(run), run.label, run.crash);
  scheduleDraw();
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
  await readAll().catch(showFatal);
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
    if (left > 0) await Promise.all(working().map(read)); // every run had diverged or crashed
  });
  await drawn();
  return runs();
}

/** The preset with id `id`; throws an error naming the allowed ids. */
function presetOf(id) {
  const preset = state.core.presets.find((p) => p.id === id);
  if (!preset) throw Object.assign(new Error(`preset: unknown value "${id}"; allowed: ${state.core.presets.map((p) => p.id).join(", ")}`), { field: "preset" });
  return preset;
}

/** Loads preset `id` (paused, at step 0) with the views of its story, resolving once drawn. */
async function loadPreset(id, openViews = null) {
  const preset = presetOf(id);
  pause();
  await serial(async () => {
    state.presetId = id;
    state.edits = {};
    state.compare = null;
    setViews(openViews ?? preset.views);
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
    keepCompare(configs);
    writeHash();
    await loadRuns(configs);
  });
  await drawn();
}

/**
 * Drops the URL's comparison once an edit made the runs something else (setting the init
 * leaves one run), keeping that run's init in the edits so the hash still names it.
 */
function keepCompare(configs) {
  const same = state.compare?.length === configs.length && configs.every((c, i) => c.init === state.compare[i]);
  if (!state.compare || same) return;
  state.compare = null;
  if (!("init" in state.edits)) state.edits = { ...state.edits, init: configs[0].init };
}

/** Starts the same runs over from step 0, paused. */
async function reset() {
  pause();
  await serial(() => loadRuns(state.runs.map((run) => run.config)));
}

/**
 * Starts crashed run `i` again from its config (the URL's, so the same seed and step-0 weights)
 * at step 0 on its fresh worker, paused; the other runs keep their progress.
 */
async function restartRun(i) {
  pause();
  await serial(async () => {
    const run = state.runs[i];
    if (!run?.crash) return; // restarted already, or the runs were loaded again
    const loaded = await ask(run, "load", { config: run.config, want: wanted(run.config) });
    if (!loaded) return; // it crashed again: the notice says so
    state.runs[i] = newRun(run.config, run.label, run.worker, loaded);
    state.speedSamples = [];
    views.crashes.restarted(i, run.label);
  });
  await drawn();
}

/** Opens exactly the views `ids` (in that order), takes the readings they need, draws. */
async function showViews(ids) {
  setViews(ids);
  await readAll();
  await drawn();
}

/** Opens view `id` at the top if it is closed, closes it if open. */
function toggleView(id) {
  showViews(state.views.includes(id) ? state.views.filter((v) => v !== id) : [id, ...state.views]).catch(showFatal);
}

/** Makes run `i` the one the single-run views show. */
async function selectRun(i) {
  state.selected = Math.max(0, Math.min(state.runs.length - 1, i));
  views.picker.setSelected(state.selected);
  showRunTags();
  await drawn();
}

/** The latest numbers of every run, for tests and scripts; per-layer lists end with the output layer. */
function runs() {
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

/** Draws every open view from the runs' latest numbers, and the counters. */
function draw() {
  state.frame = 0;
  if (state.runs.length > 0) drawViews();
  showCounters();
  for (const done of state.drawWaiters.splice(0)) done();
}

function drawViews() {
  const open = (id) => state.views.includes(id);
  const selected = state.runs[state.selected];
  if (open("loss")) views.comparison.update(state.runs);
  if (open("boundary")) views.data.update(state.runs, state.selected);
  if (open("symmetry")) views.symmetry.update(selected);
  if (open("layers")) views.layers.update(state.runs, state.selected);
  if (open("theory")) views.theory.update(selected);
  if (open("network")) views.network.update(selected);
}

/** Gives every view the new runs. */
function showRuns() {
  const runs = state.runs;
  const sizes = runs[0].sizes;
  const dataset = datasetOf(runs[0].config);
  const labelled = runs.map((run) => ({ label: run.label }));
  views.comparison.setRuns(labelled);
  views.data.setRuns(labelled, dataset);
  views.symmetry.setRuns(sizes);
  views.layers.setRuns(
    runs.map((run) => ({ label: run.label, activation: state.core.activations.find((a) => a.id === run.config.activation) })),
    sizes,
  );
  views.network.setRuns(sizes);
  views.picker.setRuns(runs.map((run) => run.label));
  views.picker.setSelected(state.selected);
  views.crashes.clear();
  showRunTags();
  showStory(dataset);
}

/** Names the chosen run in the headings of the single-run views. */
function showRunTags() {
  const run = state.runs[state.selected];
  for (const tag of document.querySelectorAll(".run-tag")) {
    tag.textContent = `· ${run.label}`;
    tag.className = `run-tag run-${state.selected}`;
  }
}

/** Shows exactly the views `ids`, in that order (unknown ids are ignored), and the URL. */
function setViews(ids) {
  const sections = [...document.querySelectorAll("#views > .view")];
  const known = new Set(sections.map((s) => s.dataset.view));
  state.views = [...new Set(ids)].filter((id) => known.has(id));
  const order = [...state.views, ...sections.map((s) => s.dataset.view).filter((id) => !state.views.includes(id))];
  $("views").append(...order.map((id) => $(`view-${id}`)));
  for (const section of sections) section.hidden = !state.views.includes(section.dataset.view);
  views.bar.setOpen(state.views);
  writeHash();
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
  const preset = presetOf(state.presetId);
  // A preset's claim holds for any seed; other edits make it the student's own experiment.
  const edited = state.compare !== null || Object.keys(state.edits).some((key) => key !== "seed");
  $("look-for-text").textContent = preset.lookFor;
  $("look-for").hidden = edited;
  views.presets.setActive(edited ? null : preset.id);
  $("edited-preset").textContent = preset.label;
  $("edited").hidden = !edited;
  $("boundary-title").replaceChildren(...(dataset.is2d ? ["Data and ", term("decision boundary", "decisionBoundary")] : ["Data: test digits and predictions"]));
  $("boundary-caption").textContent = !dataset.is2d
    ? `${dataset.label} has ${dataset.inputs} inputs, so there is no 2-D boundary to draw: here are test digits as the network sees them, with its guesses.`
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

/** The URL hash of the page as it is (see url-state.js). */
function currentHash(embed = state.embed) {
  const preset = state.core.presets.find((p) => p.id === state.presetId);
  const same = preset && preset.views.join() === state.views.join();
  return hashOf({
    preset: state.presetId,
    edits: state.edits,
    compare: state.compare,
    views: same ? null : state.views,
    embed,
    hide: state.hide,
    autoplay: state.autoplay,
  });
}

function writeHash() {
  if (state.presetId) history.replaceState(null, "", currentHash());
}

// ---- start --------------------------------------------------------------------------------

/**
 * Opens what the URL hash names: a preset, edits made to it or a comparison of inits, the open
 * views, embed mode, hidden controls, autoplay. What the page cannot use (an unknown key, a
 * value the core refuses) is left out with a notice; the rest still loads.
 */
async function openHash() {
  const link = readHash(location.hash);
  const notices = link.notices;
  state.embed = link.embed;
  state.autoplay = link.autoplay;
  document.body.classList.toggle("embed", link.embed);
  state.hide = hideControls(link.hide ?? [], notices);
  let presetId = link.preset ?? DEFAULT_PRESET;
  if (!state.core.presets.some((p) => p.id === presetId)) {
    notices.push(`preset: unknown value ${quote(presetId)}`);
    presetId = DEFAULT_PRESET;
  }
  const preset = presetOf(presetId);
  const open = link.views && knownViews(link.views, notices);
  pause();
  await serial(async () => {
    const { configs, edits, compare } = buildRuns(preset, link.edits, link.compare, notices);
    Object.assign(state, { presetId, edits, compare });
    setViews(open ?? preset.views);
    await loadRuns(configs);
  });
  showNotices(notices);
  await drawn();
}

/**
 * The resolved configs of `preset` with `edits` (config keys) applied and, when `compare` (init
 * ids) is given, one run per init sharing everything else. A value the core refuses is dropped
 * with a notice naming its hash key, and the rest is tried again.
 */
function buildRuns(preset, edits, compare, notices) {
  edits = { ...edits };
  const { maxRuns } = state.core.limits;
  if (compare?.length > maxRuns) {
    notices.push(`compare: at most ${maxRuns} runs side by side; kept the first ${maxRuns}`);
    compare = compare.slice(0, maxRuns);
  }
  if (compare && "init" in edits) {
    notices.push("init: left out, compare sets the inits");
    delete edits.init;
  }
  for (;;) {
    try {
      const edited = editConfigs(resolve(preset.runs), edits);
      const configs = compare ? compare.map((init) => applyEdit(edited[0], { init })) : edited;
      return { configs: resolve(configs), edits, compare };
    } catch (error) {
      if (!compare && Object.keys(edits).length === 0) throw error;
      const field = String(error.field ?? "");
      const head = field.split(/[.[]/)[0];
      const key = head === "init" && field.includes(".") && "initOptions" in edits ? "initOptions" : head;
      let names;
      if (key in edits) {
        names = urlKeyOf(key);
        delete edits[key];
      } else if (compare && key.startsWith("init")) {
        names = "compare";
        compare = null;
      } else {
        names = [...Object.keys(edits).map(urlKeyOf), ...(compare ? ["compare"] : [])].join(", ");
        edits = {};
        compare = null;
      }
      notices.push(`${names}: ${shorten(error.message ?? error)}`);
    }
  }
}

/** `ids` without the views the page does not have, each with a notice. */
function knownViews(ids, notices) {
  const known = [...document.querySelectorAll("#views > .view")].map((section) => section.dataset.view);
  for (const id of ids) if (!known.includes(id)) notices.push(`views: unknown view ${quote(id)}`);
  return ids.filter((id) => known.includes(id));
}

/**
 * Hides the settings controls `names` (FIELDS keys or their hash names: `seed`, `lr`) and shows
 * the others; returns the hidden ones' hash names, or null for none.
 */
function hideControls(names, notices) {
  const isField = (key) => FIELDS.some((field) => field.key === key);
  const hidden = [];
  for (const name of names) {
    const key = isField(name) ? name : configKeyOf(name);
    if (key && isField(key)) hidden.push(key);
    else notices.push(`hide: unknown control ${quote(name)}`);
  }
  for (const { key } of FIELDS) $(`ctl-${key}`).closest(".field").hidden = hidden.includes(key);
  return hidden.length > 0 ? [...new Set(hidden)].map((key) => urlKeyOf(key) ?? key) : null;
}

/** Shows what the page left out of the URL, as text (never markup), or nothing. */
function showNotices(lines) {
  let box = $("url-notice");
  if (!box) {
    box = document.createElement("p");
    box.id = "url-notice";
    box.className = "url-notice";
    box.setAttribute("role", "status");
    $("fatal").after(box);
  }
  box.textContent = lines.length > 0 ? `Left out of the link: ${lines.join("; ")}` : "";
  box.hidden = lines.length === 0;
}

/** A message cut short enough for a notice (a hostile link's value may be huge). */
function shorten(message) {
  const text = String(message);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * With `autoplay=1`: trains (up to AUTO_STEPS, as a preset does) while the widget is on screen
 * and pauses when it is scrolled away, so a page of widgets trains only the one being read.
 */
function watchVisibility() {
  new IntersectionObserver(([entry]) => {
    if (!state.autoplay) return;
    if (!entry.isIntersecting) pause();
    else if (!state.playing && currentStep() < AUTO_STEPS) play(AUTO_STEPS - currentStep());
  }).observe($("views"));
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
    if (location.hash !== currentHash()) openHash().catch(showFatal);
  });
  onThemeChange(() => {
    views.comparison.restyle();
    views.data.redraw();
    views.symmetry.restyle();
    views.layers.restyle();
    views.network.restyle();
    scheduleDraw();
  });
  new ShareDialog($("share"), $("share-dialog"), () => {
    const base = location.href.split("#")[0];
    return { page: base + currentHash(false), embed: base + currentHash(true) };
  });
  new ExportTools($("share-dialog"), $("loss-png"), {
    selected: () => state.runs[state.selected].config,
    runs: () => state.runs,
    chart: () => body("loss").querySelector("canvas"),
  });
}

/** The body of view `id`'s section, where its class draws. */
function body(id) {
  return $(`view-${id}`).querySelector(".view-body");
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
  installGlossary();
  views.presets = new PresetBar($("presets"), state.core.presets, (id) =>
    loadPreset(id).then(() => play(AUTO_STEPS)).catch(showFatal),
  );
  views.settings = new Settings($("settings"), state.core, editFromControls);
  views.bar = new ViewBar($("view-toggles"), document.querySelectorAll("#views > .view"), toggleView);
  views.picker = new RunPicker($("run-picker"), (i) => selectRun(i).catch(showFatal));
  views.crashes = new CrashNotices($("crashes"), (i) => restartRun(i).catch(showFatal));
  views.comparison = new ComparisonView(body("loss"), state.core.limits);
  views.data = new DataView(body("boundary"), state.core.limits.viewExtent);
  views.symmetry = new SymmetryView(body("symmetry"));
  views.layers = new LayersView(body("layers"));
  views.theory = new TheoryView(body("theory"), $("notes-table"), { ...state.core, theoreticalVariance });
  views.network = new NetworkView(body("network"));
  wireControls();
  // On a phone the settings start folded, so the presets and the chart come first.
  if (matchMedia("(max-width: 760px)").matches) $("settings-panel").open = false;
  await openHash();
}

const ready = start();
ready.then(
  () => {
    if (matchMedia("(prefers-reduced-motion: reduce)").matches) return;
    if (state.autoplay) watchVisibility();
    else play(AUTO_STEPS);
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
  lossCurves: () => views.comparison.curves(),
  /** The ids of the open views, in page order. */
  views: () => [...state.views],
  showViews,
  selectRun,
};
