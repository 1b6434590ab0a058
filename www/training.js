// Training: runs train in lockstep in Web Workers (one per run, see worker.js): a "round" asks
// every live run for K more steps, K adapted so a round takes about ROUND_MS. Rounds, loads and
// resets go through one serial queue, so they never interleave. The expensive readings the open
// views need (layer statistics, weights, boundaries...) are taken every READING_MS while
// training and always when training stops. A worker that crashes stops only its own run; the
// crash notices' code loads when a run first crashes.

import { runLabels } from "./config.js";
import { $, drawn, scheduleDraw, showFatal, showRuns, showToolbar } from "./draw.js";
import { wanted } from "./registry.js";
import { RunWorker } from "./run-worker.js";
import { currentStep, firstShown, live, Run, runs, working } from "./runs.js";
import { state, views } from "./state.js";

/** Target duration of one round (every run trains K steps), in milliseconds. */
const ROUND_MS = 30;
/**
 * Training pace while playing: a preset's story takes a few seconds, slow enough to watch the
 * curves move. train() from scripts and tests runs flat out.
 */
const PLAY_STEPS_PER_SECOND = 500;
/** Expensive readings are taken at most this often while training. */
const READING_MS = 250;

/** The crash notices, views.crashes, as a promise made on the first crash (see showCrash). */
let crashNotices = null;

let queue = Promise.resolve();
/** Runs `task` after every task queued before it; resolves or rejects with its result. */
export function serial(task) {
  const result = queue.then(task);
  queue = result.catch(() => {});
  return result;
}

/** Replaces the runs with fresh ones of `configs` (resolved), reusing workers. Serial only. */
export async function loadRuns(configs) {
  // A worker that crashed (even during the last load) is replaced, so a load always starts clean.
  const workers = state.runs.map((run) => (run.worker.crashed ? new RunWorker(state.module) : run.worker));
  while (workers.length < configs.length) workers.push(new RunWorker(state.module));
  for (const worker of workers.splice(configs.length)) worker.terminate();
  await Promise.all(workers.map((worker) => worker.ready));
  const request = { ...everything(configs[0]), history: {}, trace: {} };
  const loaded = await Promise.all(configs.map((config, i) => workers[i].call("load", { config, request })));
  const labels = runLabels(configs, state.core);
  state.runs = configs.map((config, i) => new Run(config, labels[i], workers[i], loaded[i]));
  state.speedSamples = [];
  state.selected = firstShown(configs.length);
  showRuns();
  views.settings.show(configs);
  scheduleDraw();
}

/** Every reading the open views need of runs of `config`, with the whole-set evaluation. */
function everything(config) {
  return { evaluate: true, ...wanted(config) };
}

/**
 * One round: every live run trains `steps` steps and sends what its records gained. The
 * readings the open views need come along every READING_MS, or always when `fresh`; a run
 * that diverged in this round without them is read once more. Serial only.
 */
async function round(steps, fresh) {
  const now = performance.now();
  const reading = fresh || now - state.lastReading >= READING_MS;
  if (reading) state.lastReading = now;
  const readings = reading ? everything(state.runs[0].config) : {};
  const runs = live();
  for (const run of runs) run.work.rounds += 1;
  const results = await Promise.all(runs.map((run) => ask(run, "round", { request: { steps, ...run.cursors(), ...readings } })));
  const elapsed = performance.now() - now;
  if (steps === state.stepsPerRound) adaptRound(elapsed);
  runs.forEach((run, i) => {
    if (results[i]) run.absorb(results[i]); // null: it crashed
  });
  const newlyDiverged = runs.filter((run, i) => results[i] && run.progress.diverged && !reading);
  await Promise.all(newlyDiverged.map(read));
  state.speedSamples.push([performance.now(), currentStep()]);
  scheduleDraw();
}

/** Takes fresh readings of `run` without training it. */
async function read(run) {
  const result = await ask(run, "round", { request: { steps: 0, ...run.cursors(), ...everything(run.config) } });
  if (result) run.absorb(result);
}

/** Fresh readings of every run but the crashed ones, e.g. for a view just opened. */
export function readAll() {
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
  run.crash = { step: run.progress.step, message, panic };
  run.worker = new RunWorker(state.module);
  run.worker.ready.catch(() => {}); // a worker that cannot start fails the restart, which says so
  state.speedSamples = [];
  showCrash(run).catch(showFatal);
  scheduleDraw();
}

/** Shows `run`'s crash notice, loading the notices' code (into views.crashes) on the first crash. */
async function showCrash(run) {
  crashNotices ??= import("./views/crashes.js").then(
    ({ CrashNotices }) => (views.crashes = new CrashNotices($("crashes"), (i) => restartRun(i).catch(showFatal))),
  );
  const notices = await crashNotices;
  // Runs loaded again while the code loaded have no notice to show.
  if (state.runs.includes(run)) notices.crashed(state.runs.indexOf(run), run.label, run.crash);
}

/** Scales K towards rounds of ROUND_MS, at most doubling or halving at a time. */
function adaptRound(elapsed) {
  const factor = Math.min(2, Math.max(0.5, ROUND_MS / Math.max(elapsed, 1)));
  const max = state.core.limits.maxStepsPerCall;
  state.stepsPerRound = Math.max(1, Math.min(max, Math.round(state.stepsPerRound * factor)));
}

/** Trains until paused, or for `limit` more steps. */
export function play(limit = Infinity) {
  state.stopAt = currentStep() + limit;
  state.playing = true;
  state.loop ??= trainLoop();
  showToolbar();
}

/** Stops training after the round under way. */
export function pause() {
  state.playing = false;
  showToolbar();
}

function finished() {
  return live().length === 0 || currentStep() >= state.stopAt;
}

/** Plays rounds at PLAY_STEPS_PER_SECOND until paused or finished, then takes fresh readings. */
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
export async function train(steps) {
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

/** Starts the same runs over from step 0, paused. */
export async function reset() {
  pause();
  await serial(() => loadRuns(state.runs.map((run) => run.config)));
}

/**
 * Starts crashed run `i` again from its config (the URL's, so the same seed and step-0 weights)
 * at step 0 on its fresh worker, paused; the other runs keep their progress.
 */
export async function restartRun(i) {
  pause();
  await serial(async () => {
    const run = state.runs[i];
    if (!run?.crash) return; // restarted already, or the runs were loaded again
    const request = { ...everything(run.config), history: {}, trace: {} };
    const loaded = await ask(run, "load", { config: run.config, request });
    if (!loaded) return; // it crashed again: the notice says so
    state.runs[i] = new Run(run.config, run.label, run.worker, loaded);
    state.speedSamples = [];
    views.crashes.restarted(i, run.label);
  });
  await drawn();
}

function sleep(ms) {
  return new Promise((done) => setTimeout(done, Math.max(0, ms)));
}
