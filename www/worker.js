// Training runs, off the main thread: a message pump around the core. The page keeps a pool of
// module workers (one per core) and gives each several runs, one per slot; a slot holds its
// run's Trainers (one per seed, the first being the run's own). The worker answers one message
// at a time, in order, with one call into the core per Trainer and round:
//
//   {id, type: "init", module,        instantiate the wasm core from a compiled module of build
//    build}                           `build`: "page" (pkg/initlab.js) or "full"
//                                     (pkg/initlab_full.js, which has Regression too)
//   {id, type: "load", runs,          the worker's runs become `runs`: slot i, when runs[i] is
//    digits, custom}                  {configs, requests}, starts afresh with one Trainer per
//                                     config and answers {data, sizes, rounds}: the first
//                                     Trainer's data and sizes, and every Trainer's readings at
//                                     step 0, requests[j] asking for Trainer j's; when runs[i] is
//                                     null, slot i keeps what it holds (and answers null); slots
//                                     past the list are freed. `digits`: the digits images, or
//                                     null (digits.js); `custom`: the student's CSV file as the
//                                     core read it (customData()), or null (custom-data.js)
//   {id, type: "round", runs}         for each slot i with requests runs[i] (null: none), its
//                                     Trainer j's round(runs[i][j]): train, then read
//   {id, type: "regression", config}  a network learning a linear teacher (full build)
//   {id, type: "regressionSteps",     its steps to the relative error `target` within `steps`
//    target, steps}
//   {id, type: "cell", card, index,   cell `index` of at-initialization card `card` measured
//    seed}                            with weights and data from `seed` (full build: paperCell)
//
// and replies {id, ok: true, result, calls, busyMs} or {id, ok: false, error}. `calls` counts the
// core calls the message took, `busyMs` the time the worker spent on it. What a request may ask
// for, and every rule about it, is the core's (see the README's `Trainer.round`).

import * as pageBuild from "./pkg/initlab.js";

/** The core's module: the page's build, or the full one once "init" asks for it. */
let core = pageBuild;
/** Per slot, its run's Trainers, or null. */
let slots = [];
/** The network learning a linear teacher, or null. */
let regression = null;
/** The slot whose core call is under way, named in a crash's error. */
let busySlot = null;
let calls = 0;

/** Calls the core: `f()`, counted in the reply's `calls`. */
function call(f) {
  calls += 1;
  return f();
}

const handlers = {
  async init({ module, build }) {
    if (build === "full") core = await import("./pkg/initlab_full.js");
    await call(() => core.default({ module_or_path: module }));
    return {};
  },
  load({ runs, digits, custom }) {
    if (digits) call(() => core.loadDigits(digits));
    if (custom) call(() => core.loadCustomData(custom));
    const fresh = [];
    try {
      for (const [i, run] of runs.entries()) {
        if (!run) continue;
        busySlot = i;
        fresh[i] = [];
        for (const config of run.configs) fresh[i].push(call(() => new core.Trainer(config)));
      }
    } catch (error) {
      // A bad config throws here, and every run stays as it was.
      for (const trainer of fresh.flat()) trainer.free();
      throw error;
    }
    busySlot = null;
    slots.forEach((trainers, i) => {
      if (trainers && (i >= runs.length || runs[i])) for (const trainer of trainers) trainer.free();
    });
    slots = runs.map((run, i) => (run ? fresh[i] : slots[i]));
    return runs.map((run, i) => {
      if (!run) return null;
      const [first] = slots[i];
      return {
        data: call(() => first.data()),
        sizes: call(() => first.sizes()),
        lsuv: call(() => first.lsuvReport()),
        rounds: rounds(i, run.requests),
      };
    });
  },
  round({ runs }) {
    return runs.map((requests, i) => requests && rounds(i, requests));
  },
  regression({ config }) {
    const fresh = call(() => new core.Regression(config));
    regression?.free();
    regression = fresh;
    return {};
  },
  regressionSteps({ target, steps }) {
    return call(() => regression.stepsTo(target, steps));
  },
  cell({ card, index, seed }) {
    return call(() => core.paperCell(card, index, seed));
  },
};

/** Slot `slot`'s round: its Trainer j's round(requests[j]), one core call each. */
function rounds(slot, requests) {
  busySlot = slot;
  const results = slots[slot].map((trainer, j) => call(() => trainer.round(requests[j])));
  busySlot = null;
  return results;
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
    busySlot = null;
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
 * safe: {message, field: null, crashed: true, panic: the core's panic message or null, slot:
 * the slot whose call crashed, or null}.
 */
function failure(err) {
  if (err instanceof Error && typeof err.field === "string") {
    const { message, field, key, index, option } = err;
    return { message, field, key, index, option };
  }
  return { message: String(err), field: null, crashed: true, panic: panicMessage(), slot: busySlot };
}

/** The core's last panic message, or null; a trapped instance may fail even to say it. */
function panicMessage() {
  try {
    return core.lastPanic();
  } catch {
    return null;
  }
}
