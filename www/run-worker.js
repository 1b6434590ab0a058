// The page's side of one training worker (see worker.js): each call posts one message and
// returns a promise of its reply. A failed call rejects with an Error carrying the core's
// `field`, like the errors the core throws on the main thread.

export class RunWorker {
  #worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  #pending = new Map();
  #nextId = 0;

  /** Starts a worker and instantiates `module`, the page's compiled wasm core, in it. */
  constructor(module) {
    this.#worker.onmessage = ({ data: { id, ok, result, error } }) => {
      const call = this.#pending.get(id);
      this.#pending.delete(id);
      if (ok) call.resolve(result);
      else call.reject(Object.assign(new Error(error.message), { field: error.field }));
    };
    // A worker that fails to start (or crashes) fails every call waiting on it.
    this.#worker.onerror = (event) => {
      event.preventDefault();
      const error = new Error(`training worker failed: ${event.message || "could not start"}`);
      for (const call of this.#pending.values()) call.reject(error);
      this.#pending.clear();
    };
    this.ready = this.call("init", { module });
  }

  /** Sends `{type, ...args}` and resolves with the worker's result. */
  call(type, args = {}) {
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, type, ...args });
    });
  }

  /** Stops the worker; calls still waiting reject. */
  terminate() {
    this.#worker.terminate();
    for (const call of this.#pending.values()) call.reject(new Error("training worker stopped"));
    this.#pending.clear();
  }
}
