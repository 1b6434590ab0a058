// Training: the runs, trained in lockstep rounds in a pool of Web Workers (see worker.js), one
// per core: run i in worker i % (pool size), slot i / (pool size). A round asks every live run
// for K more steps, K adapted so a round takes about ROUND_MS, and gets back, in one message per
// worker, what each run's records gained and the readings asked for. Rounds, loads and resets
// go through one serial queue, so they never interleave.
//
// A crash in a worker loses the runs it held. The run whose core call crashed stops, with its
// notice; the others of that worker are trained again in a fresh worker to the step they had
// reached (a run never depends on how its steps were split, so they continue as the same runs).
// When the worker died without saying which run crashed, all its runs stop.
//
// Training owns the runs and says what happened through events; it never calls the page:
//   "runs"       the runs were replaced (a load, a reset)
//   "round"      new numbers arrived (a round, or readings without training)
//   "playing"    play mode started or stopped, or fast-forward was switched
//   "crashed"    run `detail.index`'s worker crashed; only that run stopped
//   "restarted"  crashed run `detail.index` started again from step 0

import { customFor } from "./custom-data.js";
import { digitsFor } from "./digits.js";
import { RunWorker, workersFor } from "./run-worker.js";
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
  /** @type {RunWorker[]} the pool, in the order runs are dealt to it */
  #pool = [];
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
    const size = workersFor(configs.length);
    // A worker that crashed (even during the last load) is replaced, so a load always starts clean.
    const pool = this.#pool.map((worker) => (worker.crashed ? new RunWorker(this.#module) : worker));
    while (pool.length < size) pool.push(new RunWorker(this.#module));
    for (const worker of pool.splice(size)) worker.terminate();
    this.#pool = pool;
    const [digits] = await Promise.all([digitsFor(configs), ...pool.map((worker) => worker.ready)]);
    const dealt = pool.map((_, w) => configs.flatMap((config, i) => (i % size === w ? [{ config, i }] : [])));
    const loaded = await Promise.all(
      pool.map((worker, w) =>
        worker.call("load", {
          runs: dealt[w].map(({ config, i }) => this.#loading(config, seeds, i, configs.length)),
          digits: dealt[w].some(({ config }) => config.dataset === "digits") ? digits : null,
          custom: customFor(dealt[w].map(({ config }) => config)),
        }),
      ),
    );
    this.runs = configs.map((config, i) => {
      const [w, slot] = [i % size, Math.floor(i / size)];
      return new Run(config, labels[i], seeds, pool[w], slot, loaded[w][slot]);
    });
    this.#emit("runs");
  }

  /**
   * The "load" entry of run `index` of `count`, of `config` with `seeds` seeds: a config per
   * seed, every reading of the first and every seed's records from the start.
   */
  #loading(config, seeds, index, count) {
    const configs = seedConfigs(config, seeds);
    const first = { ...this.#readings(config, index, count, true), history: {}, trace: {} };
    return { configs, requests: configs.map((_, s) => (s === 0 ? first : { steps: 0, history: {} })) };
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
    const results = await this.#exchange(runs, (run) =>
      run.requests(steps, reading ? this.#readings(run.config, this.runs.indexOf(run), this.runs.length, fresh) : {}),
    );
    if (steps === this.#stepsPerRound) this.#adapt(performance.now() - now);
    for (const [run, result] of results) run.absorb(result);
    const newlyDiverged = runs.filter((run) => results.has(run) && run.progress.diverged && !fresh);
    if (newlyDiverged.length > 0) await this.#read(newlyDiverged);
    this.#emit("round");
  }

  /** Takes every reading of `runs` without training them. */
  async #read(runs) {
    const results = await this.#exchange(runs, (run) =>
      run.requests(0, this.#readings(run.config, this.runs.indexOf(run), this.runs.length, true)),
    );
    for (const [run, result] of results) run.absorb(result);
  }

  /** Every reading of every run but the crashed ones, e.g. for a view just opened. */
  readAll() {
    return this.serial(() => this.#readAll());
  }

  async #readAll() {
    await this.#read(working(this.runs));
    this.#emit("round");
  }

  /**
   * Sends each worker holding some of `runs` one "round" message with `requestsOf(run)` in each
   * of those runs' slots; resolves with a Map from run to its results. When a worker crashes, its
   * runs that go on (see #recover) are asked again in its replacement; the others have none.
   */
  async #exchange(runs, requestsOf) {
    const results = new Map();
    const ask = async (worker, mine) => {
      const replies = await this.#send(worker, "round", {
        runs: this.#slots(worker, (run) => (mine.includes(run) ? requestsOf(run) : null)),
      });
      if (replies) for (const run of mine) results.set(run, replies[run.slot]);
      const going = mine.filter((run) => !run.crash);
      if (!replies && going.length > 0) await ask(going[0].worker, going);
    };
    await Promise.all(
      this.#pool.map((worker) => {
        const mine = runs.filter((run) => run.worker === worker);
        return mine.length > 0 ? ask(worker, mine) : null;
      }),
    );
    return results;
  }

  /** One entry per slot of `worker`: `entry(run)` for the run in it, null for an empty slot. */
  #slots(worker, entry) {
    const slots = [];
    for (const run of this.runs) if (run.worker === worker) slots[run.slot] = entry(run);
    return Array.from(slots, (value) => value ?? null);
  }

  /**
   * Calls `worker` like RunWorker.call, except that a crash stops only the run that crashed
   * (see #recover) and resolves with null, so the other runs go on.
   */
  async #send(worker, type, args) {
    try {
      return await worker.call(type, args);
    } catch (error) {
      if (!error.crashed) throw error;
      await this.#recover(worker, error);
      return null;
    }
  }

  /**
   * Replaces `worker`, which crashed with `error` ({message, panic, slot}), with a fresh one: the
   * run in the slot that crashed (every run of the worker when the slot is not known) keeps its
   * last numbers and waits for a restart; the worker's other runs are trained again to their step.
   */
  async #recover(worker, { message, panic, slot }) {
    const fresh = new RunWorker(this.#module);
    fresh.ready.catch(() => {}); // a worker that cannot start fails the restart, which says so
    this.#pool[this.#pool.indexOf(worker)] = fresh;
    const members = this.runs.filter((run) => run.worker === worker);
    for (const run of members) run.worker = fresh;
    const known = slot !== null && slot !== undefined;
    for (const run of members.filter((r) => (known ? r.slot === slot : !r.crash))) this.#stop(run, message, panic);
    const survivors = members.filter((run) => !run.crash);
    if (survivors.length > 0) await this.#replay(fresh, survivors);
  }

  /** Marks `run` crashed with `message` and `panic`, and says so. */
  #stop(run, message, panic) {
    run.crash = { step: run.progress.step, message, panic };
    this.#emit("crashed", { index: this.runs.indexOf(run) });
  }

  /**
   * Trains `runs` (of the fresh `worker`) again from step 0 to the step each had reached, with no
   * readings: what the page holds of them stays true. Should that crash too, they stop.
   */
  async #replay(worker, runs) {
    const configs = runs.map((run) => run.config);
    const at = new Map(runs.map((run) => [run, 0]));
    const behind = () => runs.filter((run) => at.get(run) < run.progress.step);
    const each = (count) => (run) => Array.from({ length: run.seeds }, () => ({ steps: count(run) }));
    try {
      await worker.ready;
      await worker.call("load", {
        runs: this.#slots(worker, (run) =>
          runs.includes(run) ? { configs: seedConfigs(run.config, run.seeds), requests: each(() => 0)(run) } : null,
        ),
        digits: await digitsFor(configs),
        custom: customFor(configs),
      });
      for (let late = behind(); late.length > 0; late = behind()) {
        const steps = (run) => Math.min(Math.max(1, this.#stepsPerRound), run.progress.step - at.get(run));
        const replies = await worker.call("round", { runs: this.#slots(worker, (run) => (late.includes(run) ? each(steps)(run) : null)) });
        for (const run of late) at.set(run, replies[run.slot][0].progress.step);
      }
    } catch (error) {
      if (!error.crashed) throw error;
      const fresh = new RunWorker(this.#module);
      fresh.ready.catch(() => {});
      this.#pool[this.#pool.indexOf(worker)] = fresh;
      for (const run of this.runs.filter((r) => r.worker === worker)) run.worker = fresh;
      for (const run of runs) this.#stop(run, error.message, error.panic);
    }
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
      const worker = run.worker;
      const replies = await this.#send(worker, "load", {
        runs: this.#slots(worker, (r) => (r === run ? this.#loading(run.config, run.seeds, i, this.runs.length) : null)),
        digits: await digitsFor([run.config]),
        custom: customFor([run.config]),
      });
      if (!replies) return; // it crashed again: the crash event said so
      this.runs[i] = new Run(run.config, run.label, run.seeds, worker, run.slot, replies[run.slot]);
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
