// One training run, off the main thread: a message pump around the core. The page starts one
// module worker per run; the worker owns that run's Trainers (one per seed, the first being the
// run's own) and answers one message at a time, in order, with one call into the core per
// Trainer and round:
//
//   {id, type: "init", module}               instantiate the wasm core from the page's compiled module
//   {id, type: "load", configs, requests,    start a run of one Trainer per config: the first
//    digits, csv}                            one's data and sizes, and every Trainer's readings
//                                            at step 0, `requests[i]` asking for Trainer i's;
//                                            `digits`: the digits images, or null (digits.js);
//                                            `csv`: the student's CSV file, or null (custom-data.js)
//   {id, type: "round", requests}            Trainer i's round(requests[i]): train, then read
//
// and replies {id, ok: true, result, calls, busyMs} or {id, ok: false, error}. `calls` counts the
// core calls the message took, `busyMs` the time the worker spent on it. What a request may ask
// for, and every rule about it, is the core's (see the README's `Trainer.round`).

import init, { lastPanic, loadCsv, loadDigits, Trainer } from "./pkg/initlab.js";

let trainers = [];
let calls = 0;

/** Calls the core: `f()`, counted in the reply's `calls`. */
function core(f) {
  calls += 1;
  return f();
}

const handlers = {
  async init({ module }) {
    await core(() => init({ module_or_path: module }));
    return {};
  },

  load({ configs, requests, digits, csv }) {
    if (digits) core(() => loadDigits(digits));
    if (csv) core(() => loadCsv(csv));
    const next = [];
    try {
      for (const config of configs) next.push(core(() => new Trainer(config)));
    } catch (error) {
      for (const trainer of next) trainer.free(); // a bad config throws here and the old run stays
      throw error;
    }
    for (const trainer of trainers) trainer.free();
    trainers = next;
    const [first] = trainers;
    return { data: core(() => first.data()), sizes: core(() => first.sizes()), rounds: rounds(requests) };
  },

  round({ requests }) {
    return rounds(requests);
  },
};

/** Every Trainer's round(requests[i]): one core call each. */
function rounds(requests) {
  return trainers.map((trainer, i) => core(() => trainer.round(requests[i])));
}

/**
 * The array buffers in `value`, which move to the page without a copy: the core's typed arrays
 * are its own copies, never views of wasm memory (see the README's JS API).
 */
function transferables(value, found = new Set()) {
  if (ArrayBuffer.isView(value)) found.add(value.buffer);
  else if (value && typeof value === "object") {
    for (const v of Object.values(value)) transferables(v, found);
  }
  return [...found];
}

// Messages are handled strictly in order, so "init" finishes before the first "load".
let queue = Promise.resolve();
self.onmessage = ({ data: { id, type, ...args } }) => {
  queue = queue.then(async () => {
    const start = performance.now();
    calls = 0;
    try {
      const result = await handlers[type](args);
      self.postMessage({ id, ok: true, result, calls, busyMs: performance.now() - start }, transferables(result));
    } catch (err) {
      self.postMessage({ id, ok: false, error: failure(err) });
    }
  });
};

/**
 * The reply's `error` for `err`. The core refuses a bad argument with an Error naming its
 * `field` (and its parts `key`, `index`, `option`), checked before it changes anything, so the
 * run is intact: {message, field, key, index, option}. Anything else is a crash: a trap
 * (`WebAssembly.RuntimeError`: the core panicked or aborted) or an error in this file, after
 * which the instance or this worker's variables may be half-updated. Only a fresh worker is then
 * safe: {message, field: null, crashed: true, panic: the core's panic message or null}.
 */
function failure(err) {
  if (err instanceof Error && typeof err.field === "string") {
    const { message, field, key, index, option } = err;
    return { message, field, key, index, option };
  }
  return { message: String(err), field: null, crashed: true, panic: panicMessage() };
}

/** The core's last panic message, or null; a trapped instance may fail even to say it. */
function panicMessage() {
  try {
    return lastPanic();
  } catch {
    return null;
  }
}
