// The page's side of one training worker (see worker.js): each call posts one message and
// returns a promise of its reply. A refused call rejects with an Error carrying the core's
// `field`, `key`, `index` and `option`, like the errors the core throws on the main thread. A
// crash (the core trapped, or the worker failed) kills the RunWorker: that call and every later
// one reject with an Error whose `crashed` is true, whose `panic` is the core's panic message
// or null and whose `slot` is the slot whose call crashed, or null when that is not known.

/**
 * Most workers a pool has, whatever the cores: each may hold networks as large as the core
 * allows, about 270 MB each (README, Limits).
 */
const MAX_WORKERS = 8;

/** The workers a pool of `tasks` tasks (runs, or networks to train) takes: one per core, and
 * never more than MAX_WORKERS or the tasks. */
export function workersFor(tasks) {
  return Math.max(1, Math.min(navigator.hardwareConcurrency || 1, MAX_WORKERS, tasks));
}

export class RunWorker {
  #worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  #pending = new Map();
  #nextId = 0;
  /** The crash that killed this worker (see the header), or null while it works. */
  #crash = null;
  /** What the worker did so far: replies, core calls and busy milliseconds (see worker.js), and
   * an id that tells the workers of a page apart. */
  work = { id: RunWorker.#started++, messages: 0, calls: 0, busyMs: 0 };
  static #started = 0;

  /**
   * Starts a worker and instantiates `module`, a compiled wasm core of build `build` ("page",
   * or "full": features.js's coreBuild), in it.
   */
  constructor(module, build = "page") {
    this.#worker.onmessage = ({ data: { id, ok, result, error, calls = 0, busyMs = 0 } }) => {
      const call = this.#pending.get(id);
      this.#pending.delete(id);
      this.work.messages += 1;
      this.work.calls += calls;
      this.work.busyMs += busyMs;
      if (ok) call.resolve(result);
      else if (error.crashed) call.reject(this.#die(error.message, error.panic, error.slot));
      else {
        const { message, field, key, index, option } = error;
        call.reject(Object.assign(new Error(message), { field, key, index, option }));
      }
    };
    // A worker that fails to start, or throws outside a call, is in an unknown state.
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#die(`the worker stopped: ${event.message || "it could not start"}`, null, null);
    };
    this.ready = this.call("init", { module, build });
  }

  /** Whether the worker crashed (see the header): it takes no more calls and must be replaced. */
  get crashed() {
    return this.#crash !== null;
  }

  /** Sends `{type, ...args}` and resolves with the worker's result. */
  call(type, args = {}) {
    if (this.#crash) return Promise.reject(this.#crash);
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, type, ...args });
    });
  }

  /** Stops the worker; calls still waiting reject. */
  terminate() {
    this.#worker.terminate();
    this.#rejectAll(new Error("training worker stopped"));
  }

  /**
   * Marks the worker crashed with `message`, `panic` and `slot` (see the header), stops it (what
   * is left of its instance is of no use) and fails every call waiting on it; returns the error.
   */
  #die(message, panic, slot) {
    this.#crash ??= Object.assign(new Error(message), { crashed: true, panic, slot });
    this.#worker.terminate();
    this.#rejectAll(this.#crash);
    return this.#crash;
  }

  #rejectAll(error) {
    for (const call of this.#pending.values()) call.reject(error);
    this.#pending.clear();
  }
}
