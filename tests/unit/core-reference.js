// Straightforward models of what the core keeps and hands over by cursor (src/history.rs,
// src/trace.rs, README "lossHistory" and "round"), written from their documented rules so the
// page's copies (www/trace.js) can be checked against them without the wasm core. Not a test
// file itself: the *.test.js files import it.

/** Most points of a loss history (`limits().maxHistoryPoints`). */
export const HISTORY_POINTS = 2048;
/** Most points of a trace, and the steps between its first points. */
export const TRACE_POINTS = 512;
export const TRACE_FIRST_STRIDE = 20;
/** The trace's fields, in the order the core gives each layer's values. */
export const TRACE_FIELDS = ["activationStd", "gradientNorm", "saturatedFraction", "deadFraction"];

/** The core's extreme(): min or max of two finite values, else the first non-finite one. */
function extreme(a, b, pick) {
  if (!Number.isFinite(a)) return a;
  if (!Number.isFinite(b)) return b;
  return pick(a, b);
}

/**
 * The core's loss history: per-step losses pushed one by one; point k covers steps
 * k * stride + 1 to min((k + 1) * stride, steps); when a step arrives with `maxPoints` points
 * full, adjacent pairs merge and the stride doubles. Sums in f64, means, mins, maxes in f32.
 */
export class CoreHistory {
  stride = 1;
  steps = 0;
  sums = [];
  means = [];
  mins = [];
  maxes = [];

  constructor(maxPoints = HISTORY_POINTS) {
    this.maxPoints = maxPoints;
  }

  push(loss) {
    const f = Math.fround(loss);
    const startsPoint = this.steps % this.stride === 0;
    this.steps += 1;
    if (startsPoint) {
      if (this.sums.length === this.maxPoints) this.#mergePairs();
      this.sums.push(f);
      this.means.push(f);
      this.mins.push(f);
      this.maxes.push(f);
    } else {
      const k = this.sums.length - 1;
      this.sums[k] += f;
      this.mins[k] = extreme(this.mins[k], f, Math.min);
      this.maxes[k] = extreme(this.maxes[k], f, Math.max);
      this.means[k] = this.#meanOf(k);
    }
  }

  #mergePairs() {
    const half = this.maxPoints / 2;
    for (let j = 0; j < half; j++) {
      this.sums[j] = this.sums[2 * j] + this.sums[2 * j + 1];
      this.mins[j] = extreme(this.mins[2 * j], this.mins[2 * j + 1], Math.min);
      this.maxes[j] = extreme(this.maxes[2 * j], this.maxes[2 * j + 1], Math.max);
    }
    for (const values of [this.sums, this.means, this.mins, this.maxes]) values.length = half;
    this.stride *= 2;
    for (let k = 0; k < half; k++) this.means[k] = this.#meanOf(k);
  }

  #meanOf(k) {
    const covered = Math.min(this.steps, (k + 1) * this.stride) - k * this.stride;
    return Math.fround(this.sums[k] / covered);
  }

  /** The slice a copy holding `points` points at `stride` lacks (the core's `since`). */
  since({ stride, points }) {
    const from = stride === this.stride ? Math.min(Math.max(points - 1, 0), this.means.length) : 0;
    const part = (values) => Float32Array.from(values.slice(from));
    return { stride: this.stride, from, mean: part(this.means), min: part(this.mins), max: part(this.maxes) };
  }
}

/**
 * The core's trace: a point of per-layer numbers at steps 0, stride, 2 * stride...; when a
 * point is due with `maxPoints` taken, the odd points are dropped and the stride doubles.
 * `lastFinite` is the latest point whose numbers are all finite.
 */
export class CoreTrace {
  stride = TRACE_FIRST_STRIDE;
  /** Per point, per layer, the TRACE_FIELDS values. */
  points = [];
  lastFinite = null;

  constructor(layers, maxPoints = TRACE_POINTS) {
    this.layers = layers;
    this.maxPoints = maxPoints;
  }

  /** Whether a point is due after `step` steps. */
  due(step) {
    return step === this.points.length * this.stride;
  }

  /** Records a point: `values[l]` is layer l's four numbers in TRACE_FIELDS order. */
  record(values) {
    if (this.points.length === this.maxPoints) {
      this.points = this.points.filter((_, k) => k % 2 === 0);
      this.stride *= 2;
      const finite = this.points.map((p) => p.flat().every(Number.isFinite));
      this.lastFinite = finite.lastIndexOf(true) >= 0 ? finite.lastIndexOf(true) : null;
    }
    this.points.push(values.map((layer) => layer.map(Math.fround)));
    if (values.flat().every(Number.isFinite)) this.lastFinite = this.points.length - 1;
  }

  /** The slice a copy holding `points` points at `stride` lacks (the core's `since`). */
  since({ stride, points }) {
    const from = stride === this.stride ? Math.min(points, this.points.length) : 0;
    return {
      stride: this.stride,
      from,
      layers: this.layers,
      fields: TRACE_FIELDS,
      values: this.points.slice(from).flat(2),
      lastFinite: this.lastFinite,
    };
  }
}

/** A deterministic pseudo-random number in [0, 1) per call (mulberry32). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` f32 losses of a run that learns: decaying from about 1 with noise, all positive. */
export function learningLosses(n, seed = 1) {
  const next = random(seed);
  return Array.from({ length: n }, (_, i) => Math.fround(Math.exp(-i / 3000) * (0.5 + next())));
}
