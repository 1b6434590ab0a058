// One training run, off the main thread. The page starts one module worker per run; the worker
// owns that run's Trainer and answers one message at a time, in order:
//
//   {id, type: "init", module}           instantiate the wasm core from the page's compiled module
//   {id, type: "load", config, want}     start a new run from `config`: its data and step-0 report
//   {id, type: "train", steps, want}     train `steps` more mini-batch steps
//   {id, type: "snapshot", want}         read the run without training
//
// and replies {id, ok: true, result} or {id, ok: false, error: {message, field}}. `want` asks for
// the expensive readings: {stats: bool, boundary: resolution or 0, weights: bool}. Every reply to
// "train" carries the step report, the new tail of the loss history (the steps the page has not
// seen yet) and how long the training took.

import init, { Trainer } from "./pkg/initlab.js";

let memory = null; // the wasm instance's memory: arrays over it must be copied, never transferred
let trainer = null;
let seen = 0; // loss-history entries already sent to the page

const handlers = {
  async init({ module }) {
    memory = (await init({ module_or_path: module })).memory;
    return {};
  },

  load({ config, want }) {
    const next = new Trainer(config); // a bad config throws here and the old run stays
    trainer?.free();
    trainer = next;
    seen = 0;
    return { data: trainer.data(), report: trainer.report(), ...readings(want) };
  },

  train({ steps, want }) {
    const start = performance.now();
    const report = trainer.step(steps);
    const ms = performance.now() - start;
    const history = trainer.lossHistory();
    const tail = history.slice(seen);
    seen = history.length;
    return { report, tail, ms, ...readings(want) };
  },

  snapshot({ want }) {
    return readings(want);
  },
};

/** The readings `want` asks for: layer statistics, the decision boundary, every layer's weights. */
function readings(want = {}) {
  const out = {};
  if (want.stats) out.stats = trainer.layerStats();
  if (want.boundary) out.boundary = trainer.decisionBoundary(want.boundary);
  if (want.weights) out.weights = out.stats.map((_, l) => trainer.weights(l));
  return out;
}

/** Array buffers in `value` that can move to the page without a copy (not wasm memory). */
function transferables(value, found = new Set()) {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer !== memory?.buffer) found.add(value.buffer);
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) transferables(v, found);
  }
  return [...found];
}

/** Copies typed arrays that view wasm memory, which the next call may move or overwrite. */
function detach(value) {
  if (ArrayBuffer.isView(value)) return value.buffer === memory?.buffer ? value.slice() : value;
  if (Array.isArray(value)) return value.map(detach);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, detach(v)]));
  }
  return value;
}

// Messages are handled strictly in order, so "init" finishes before the first "load".
let queue = Promise.resolve();
self.onmessage = ({ data: { id, type, ...args } }) => {
  queue = queue.then(async () => {
    try {
      const result = detach(await handlers[type](args));
      self.postMessage({ id, ok: true, result }, transferables(result));
    } catch (err) {
      self.postMessage({ id, ok: false, error: { message: String(err?.message ?? err), field: err?.field ?? null } });
    }
  });
};
