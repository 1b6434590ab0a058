// Training: the runs, each in its own Web Worker (see worker.js), trained in lockstep rounds.
// A round asks every live run for K more steps, K adapted so a round takes about ROUND_MS, and
// gets back, in one message per run, what the run's records gained and the readings asked for.
// Rounds, loads and resets go through one serial queue, so they never interleave.
//
// Training owns the runs and says what happened through events; it never calls the page:
//   "runs"       the runs were replaced (a load, a reset)
//   "round"      new numbers arrived (a round, or readings without training)
//   "playing"    play mode started or stopped, or fast-forward was switched
//   "crashed"    run `detail.index`'s worker crashed; only that run stopped
//   "restarted"  crashed run `detail.index` started again from step 0

import { csvFor } from "./custom-data.js";
import { digitsFor } from "./digits.js";
import { RunWorker } from "./run-worker.js";
import { currentStep, live, Run, seedConfigs, working } from "./runs.js";

/** Target duration of one round (every run trains K steps), in milliseconds. */
const ROUND_MS = 30;
/**
 * Training pace while playing: a preset's story takes a few seconds, slow enough to watch the
 * curves move. train() from scripts and tests runs flat out.
 */
const PLAY_STEPS_PER_SECOND = 500;
/** Readings (evaluation, statistics, boundaries...) are taken at most this often while training. */
const READING_MS = 500;

export class Training extends EventTarget {
  /** @type {Run[]} the runs, in run order */
  runs = [];
  /** Whether play mode trains. */
  playing = false;
  /** Whether play mode trains as fast as the workers can (fast-forward) instead of paced. */
  fast = false;
  #module;
  #maxSteps;
  #readings;
  #queue = Promise.resolve();
  #loop = null;
  #stopAt = Infinity;
  #stepsPerRound = 1;
  #lastReading = 0;

  /**
   * Trains with the compiled wasm core `module`, at most `maxStepsPerCall` steps a round.
   * `readings(config, index, count, all)` gives the request keys of the readings to take of run
   * `index` of `count`, of `config` (see Trainer.round): `all` asks for every reading the page
   * shows, else for what the page needs to refresh while training.
   */
  constructor(module, maxStepsPerCall, readings) {
    super();
    this.#module = module;
    this.#maxSteps = maxStepsPerCall;
    this.#readings = readings;
  }

  /** Runs `task` after every task queued before it; resolves or rejects with its result. */
  serial(task) {
    const result = this.#queue.then(task);
    this.#queue = result.catch(() => {});
    return result;
  }

  /** The step the runs have reached (see currentStep in runs.js). */
  get step() {
    return currentStep(this.runs);
  }

  /**
   * Replaces the runs with fresh ones of `configs` (full configs), named `labels`, each trained
   * with `seeds` seeds (see seedConfigs), reusing workers; a bad config rejects with the core's
   * error and keeps the old runs. Serial only.
   */
  async load(configs, labels, seeds = 1) {
    // A worker that crashed (even during the last load) is replaced, so a load always starts clean.
    const workers = this.runs.map((run) => (run.worker.crashed ? new RunWorker(this.#module) : run.worker));
    while (workers.length < configs.length) workers.push(new RunWorker(this.#module));
    for (const worker of workers.splice(configs.length)) worker.terminate();
    const [digits] = await Promise.all([digitsFor(configs), ...workers.map((worker) => worker.ready)]);
    const loaded = await Promise.all(
      configs.map((config, i) => workers[i].call("load", this.#loading(config, seeds, i, configs.length, digits))),
    );
    this.runs = configs.map((config, i) => new Run(config, labels[i], seeds, workers[i], loaded[i]));
    this.#emit("runs");
  }

  /**
   * The "load" message of run `index` of `count`, of `config` with `seeds` seeds: a config per
   * seed, every reading of the first, every seed's records from the start, and the digits
   * images or the student's CSV file when it trains on them (see digits.js, custom-data.js).
   */
  #loading(config, seeds, index, count, digits) {
    const configs = seedConfigs(config, seeds);
    const first = { ...this.#readings(config, index, count, true), history: {}, trace: {} };
    const requests = configs.map((_, s) => (s === 0 ? first : { steps: 0, history: {} }));
    return { configs, requests, digits, csv: csvFor(configs) };
  }

  /**
   * One round: every live run trains `steps` steps and sends what its records gained, with the
   * readings every READING_MS, or always when `fresh`; a run that diverged in this round
   * without them is read once more. Serial only.
   */
  async #round(steps, fresh) {
    const now = performance.now();
    const reading = fresh || now - this.#lastReading >= READING_MS;
    if (reading) this.#lastReading = now;
    const runs = live(this.runs);
    for (const run of runs) run.work.rounds += 1;
    const results = await Promise.all(
      runs.map((run) => {
        const readings = reading ? this.#readings(run.config, this.runs.indexOf(run), this.runs.length, fresh) : {};
        return this.#ask(run, "round", { requests: run.requests(steps, readings) });
      }),
    );
    if (steps === this.#stepsPerRound) this.#adapt(performance.now() - now);
    runs.forEach((run, i) => {
      if (results[i]) run.absorb(results[i]); // null: it crashed
    });
    const newlyDiverged = runs.filter((run, i) => results[i] && run.progress.diverged && !fresh);
    await Promise.all(newlyDiverged.map((run) => this.#read(run)));
    this.#emit("round");
  }

  /** Takes every reading of `run` without training it. */
  async #read(run) {
    const requests = run.requests(0, this.#readings(run.config, this.runs.indexOf(run), this.runs.length, true));
    const result = await this.#ask(run, "round", { requests });
    if (result) run.absorb(result);
  }

  /** Every reading of every run but the crashed ones, e.g. for a view just opened. */
  readAll() {
    return this.serial(() => this.#readAll());
  }

  async #readAll() {
    await Promise.all(working(this.runs).map((run) => this.#read(run)));
    this.#emit("round");
  }

  /**
   * Calls `run`'s worker like RunWorker.call, except that a crash only stops that run (see
   * #crashed) and resolves with null, so the other runs go on.
   */
  async #ask(run, type, args) {
    try {
      return await run.worker.call(type, args);
    } catch (error) {
      if (!error.crashed) throw error;
      this.#crashed(run, error);
      return null;
    }
  }

  /**
   * Takes `run`, whose worker crashed with `error`, out of training: it keeps its last numbers,
   * and a fresh worker (the RunWorker stopped the dead one) waits for a restart.
   */
  #crashed(run, { message, panic }) {
    run.crash = { step: run.progress.step, message, panic };
    run.worker = new RunWorker(this.#module);
    run.worker.ready.catch(() => {}); // a worker that cannot start fails the restart, which says so
    this.#emit("crashed", { index: this.runs.indexOf(run) });
  }

  /** Scales K towards rounds of ROUND_MS, at most doubling or halving at a time. */
  #adapt(elapsed) {
    const factor = Math.min(2, Math.max(0.5, ROUND_MS / Math.max(elapsed, 1)));
    this.#stepsPerRound = Math.max(1, Math.min(this.#maxSteps, Math.round(this.#stepsPerRound * factor)));
  }

  /** Sets fast-forward (see `fast`); a play under way takes it from its next round. */
  setFast(fast) {
    this.fast = fast;
    this.#emit("playing");
  }

  /** Trains until paused, or for `limit` more steps. */
  play(limit = Infinity) {
    this.#stopAt = this.step + limit;
    this.#setPlaying(true);
    this.#loop ??= this.#trainLoop();
    return this.#loop;
  }

  /** Stops training after the round under way. */
  pause() {
    this.#setPlaying(false);
  }

  #setPlaying(playing) {
    if (this.playing === playing) return;
    this.playing = playing;
    this.#emit("playing");
  }

  #finished() {
    return live(this.runs).length === 0 || this.step >= this.#stopAt;
  }

  /**
   * Plays rounds at PLAY_STEPS_PER_SECOND until paused or finished, then takes fresh readings;
   * resolves when it stopped (rejects on an error that is not a run's crash).
   */
  async #trainLoop() {
    try {
      const paced = Math.ceil((PLAY_STEPS_PER_SECOND * ROUND_MS) / 1000);
      while (this.playing && !this.#finished()) {
        const started = performance.now();
        const fast = this.fast; // fast-forward: rounds of ROUND_MS back to back, no pause
        const steps = Math.min(this.#stepsPerRound, fast ? Infinity : paced, this.#stopAt - this.step);
        await this.serial(() => this.#round(steps, false));
        if (!fast) await sleep(started + (1000 * steps) / PLAY_STEPS_PER_SECOND - performance.now());
        else await nextFrame(); // the page draws every round
      }
    } finally {
      this.#loop = null;
      this.#setPlaying(false);
    }
    // Whatever stopped training, the numbers on screen are fresh once it stopped.
    await this.readAll();
  }

  /** Pauses, then trains every live run `steps` more steps as fast as it can. */
  async train(steps) {
    this.pause();
    await this.serial(async () => {
      let left = steps;
      while (left > 0 && live(this.runs).length > 0) {
        const k = Math.min(this.#stepsPerRound, left);
        await this.#round(k, k === left);
        left -= k;
      }
      if (left > 0) await this.#readAll(); // every run had diverged or crashed
    });
  }

  /** Starts the same runs over from step 0, paused. */
  async reset() {
    this.pause();
    await this.serial(() =>
      this.load(
        this.runs.map((run) => run.config),
        this.runs.map((run) => run.label),
        this.runs[0]?.seeds,
      ),
    );
  }

  /**
   * Starts crashed run `i` again from its config (so the same seed and step-0 weights) at step 0
   * on its fresh worker, paused; the other runs keep their progress.
   */
  async restartRun(i) {
    this.pause();
    await this.serial(async () => {
      const run = this.runs[i];
      if (!run?.crash) return; // restarted already, or the runs were loaded again
      const digits = await digitsFor([run.config]);
      const loaded = await this.#ask(run, "load", this.#loading(run.config, run.seeds, i, this.runs.length, digits));
      if (!loaded) return; // it crashed again: the crash event said so
      this.runs[i] = new Run(run.config, run.label, run.seeds, run.worker, loaded);
      this.#emit("restarted", { index: i });
    });
  }

  #emit(type, detail = null) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

function sleep(ms) {
  return new Promise((done) => setTimeout(done, Math.max(0, ms)));
}

/** Resolves after the page's next animation frame (or soon, in a tab that draws none). */
function nextFrame() {
  return new Promise((done) => {
    requestAnimationFrame(() => done());
    setTimeout(done, 100);
  });
}
