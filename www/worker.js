// One training run, off the main thread. The page starts one module worker per run; the worker
// owns that run's Trainer and answers one message at a time, in order:
//
//   {id, type: "init", module}           instantiate the wasm core from the page's compiled module
//   {id, type: "load", config, want}     start a new run from `config`: its data, step-0 report
//                                        and the first trace point
//   {id, type: "train", steps, want}     train `steps` more mini-batch steps
//   {id, type: "snapshot", want}         read the run without training
//
// and replies {id, ok: true, result} or {id, ok: false, error: {message, field}}. `want` asks for
// the expensive readings: {stats, boundary: resolution or 0, weights, similarity, predictions}.
// Every reply to "train" carries the step report, what changed in the loss history (see
// historyUpdate), the trace points passed on the way (per-layer numbers every few steps, see
// traceEvery) and how long the training took. Training goes in calls of at most the trainer's
// maxStepsPerCall steps, which the core sizes so no call takes long.

import init, { lastPanic, Trainer } from "./pkg/initlab.js";
import { TRACE_FIELDS } from "./trace.js";

/** Neurons (rows) and inputs (columns) of a layer sent for its weight heatmap and similarity. */
const MAX_ROWS = 32;
const MAX_COLUMNS = 64;
/** Layers wider than this get no similarity matrix: its cost grows with the width cubed. */
const MAX_SIMILARITY_WIDTH = 128;

let memory = null; // the wasm instance's memory: arrays over it must be copied, never transferred
let trainer = null;
let report = null; // the trainer's latest step report: it evaluates the whole data set, so it is kept
let sent = { stride: 1, points: 0 }; // the loss-history points already sent to the page
let healthy = null; // {step, stats}: the last layer statistics without a NaN or an infinity

const handlers = {
  async init({ module }) {
    memory = (await init({ module_or_path: module })).memory;
    return {};
  },

  load({ config, want }) {
    const next = new Trainer(config); // a bad config throws here and the old run stays
    trainer?.free();
    trainer = next;
    sent = { stride: 1, points: 0 };
    healthy = null;
    report = trainer.report();
    const points = [];
    const stats = layerStats(0);
    tracePoint(points, 0, stats);
    return {
      data: trainer.data(),
      sizes: trainer.sizes(),
      report,
      history: historyUpdate(),
      initialStats: stats,
      trace: Float32Array.from(points),
      ...readings(want),
    };
  },

  train({ steps, want }) {
    const start = performance.now();
    const points = [];
    let left = steps;
    while (left > 0 && !report.diverged) {
      const before = report.step;
      const every = traceEvery(before);
      const next = (Math.floor(before / every) + 1) * every;
      report = trainer.step(Math.min(left, next - before, trainer.maxStepsPerCall));
      left -= report.step - before;
      if (report.step === next || report.diverged) tracePoint(points, report.step, layerStats(report.step));
    }
    const ms = performance.now() - start;
    return { report, history: historyUpdate(), trace: Float32Array.from(points), ms, ...readings(want) };
  },

  snapshot({ want }) {
    return readings(want);
  },
};

/**
 * The loss-history points the page lacks, as the core's lossHistory() gives them: from the
 * last point sent (it may have grown), or from point 0 once the points merged into a larger
 * stride.
 */
function historyUpdate() {
  const from = trainer.historyStride === sent.stride ? Math.max(0, sent.points - 1) : 0;
  const update = trainer.lossHistory(from);
  sent = { stride: update.stride, points: from + update.mean.length };
  return update;
}

/**
 * Steps between trace points near step `step`: 10 for the first 2,000 steps, then doubling
 * every time the step count doubles, so a long run keeps about 100 points per doubling.
 */
function traceEvery(step) {
  return 10 * 2 ** Math.max(0, Math.floor(Math.log2((step + 1) / 1000)));
}

/** Appends one trace point: the step, then per layer the values of TRACE_FIELDS. */
function tracePoint(points, step, stats) {
  points.push(step);
  for (const s of stats) for (const field of TRACE_FIELDS) points.push(s[field]);
}

/** The layer statistics at step `step`, remembered if they are all finite. */
function layerStats(step) {
  const stats = trainer.layerStats();
  const finite = stats.every((s) => [s.activationStd, s.gradientNorm, s.weightVariance].every(Number.isFinite));
  if (finite) healthy = { step, stats };
  return stats;
}

/**
 * The readings `want` asks for (see the header); weights and similarities per layer. A run
 * that diverged reports its last finite statistics and their step (`statsStep`), since what
 * it would read now is NaN.
 */
function readings(want = {}) {
  const out = {};
  if (want.stats) {
    const step = trainer.steps;
    const stats = layerStats(step);
    const shown = report.diverged && healthy ? healthy : { step, stats };
    out.stats = shown.stats;
    out.statsStep = shown.step;
  }
  if (want.boundary) out.boundary = trainer.decisionBoundary(want.boundary);
  if (want.predictions) out.predictions = trainer.testPredictions();
  const sizes = trainer.sizes();
  const layers = sizes.slice(1).map((fanOut, l) => ({ fanIn: sizes[l], fanOut }));
  if (want.weights) out.weights = layers.map(({ fanIn, fanOut }, l) => crop(trainer.weights(l), fanOut, fanIn, MAX_ROWS, MAX_COLUMNS));
  if (want.similarity) {
    out.similarity = layers.map(({ fanOut }, l) =>
      fanOut > MAX_SIMILARITY_WIDTH ? null : crop(trainer.similarity(l), fanOut, fanOut, MAX_ROWS, MAX_ROWS),
    );
  }
  return out;
}

/** The top-left `maxRows` x `maxColumns` corner of a row-major matrix, as {rows, columns, values}. */
function crop(values, rows, columns, maxRows, maxColumns) {
  const r = Math.min(rows, maxRows);
  const c = Math.min(columns, maxColumns);
  if (r === rows && c === columns) return { rows, columns, values };
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) out.set(values.subarray(i * columns, i * columns + c), i * c);
  return { rows: r, columns: c, values: out };
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
