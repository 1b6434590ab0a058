// What a run records over time on the page: its per-layer numbers at regular steps (the
// "trace", sent by its worker) and its decimated loss history (kept by the core).

/** Per-layer numbers a trace point holds, in this order (see worker.js). */
export const TRACE_FIELDS = ["activationStd", "gradientNorm", "saturatedFraction", "deadFraction"];

/**
 * A run's per-layer numbers over time: `steps[k]` is the step of point k, and
 * `fields[name][l][k]` the value of field `name` in layer l at that step.
 */
export class Trace {
  steps = [];
  fields = Object.fromEntries(TRACE_FIELDS.map((name) => [name, []]));

  /** An empty trace of a network with `layers` layers (hidden and output). */
  constructor(layers) {
    this.layers = layers;
    for (const name of TRACE_FIELDS) this.fields[name] = Array.from({ length: layers }, () => []);
  }

  /**
   * Appends the worker's points: a Float32Array of records [step, then per layer the
   * TRACE_FIELDS values], each 1 + layers * TRACE_FIELDS.length long.
   */
  append(points) {
    const width = 1 + this.layers * TRACE_FIELDS.length;
    for (let p = 0; p + width <= points.length; p += width) {
      this.steps.push(points[p]);
      TRACE_FIELDS.forEach((name, f) => {
        for (let l = 0; l < this.layers; l++) this.fields[name][l].push(points[p + 1 + l * TRACE_FIELDS.length + f]);
      });
    }
  }

  /**
   * The latest point whose numbers are all finite, as {step, activationStd: [...per layer],
   * gradientNorm, saturatedFraction, deadFraction}; null if there is none. A diverged run's
   * last readings are NaN, so this is how it looked just before.
   */
  lastFinite() {
    for (let k = this.steps.length - 1; k >= 0; k--) {
      const point = { step: this.steps[k] };
      let finite = true;
      for (const name of TRACE_FIELDS) {
        point[name] = this.fields[name].map((values) => values[k]);
        finite &&= point[name].every(Number.isFinite);
      }
      if (finite) return point;
    }
    return null;
  }
}

/**
 * A run's mini-batch loss as the core keeps it: at most `limits().maxHistoryPoints` points,
 * point k covering steps k * stride + 1 to min((k + 1) * stride, steps), with the mean, min
 * and max loss of those steps. The stride doubles as the run grows, so a run of a million
 * steps is as small as one of a few thousand.
 */
export class LossHistory {
  stride = 1;
  /** Points held, and steps they cover. */
  length = 0;
  steps = 0;
  mean = new Float32Array(0);
  min = new Float32Array(0);
  max = new Float32Array(0);

  /**
   * Applies the worker's `lossHistory` reading {stride, from, mean, min, max}: the points from
   * point `from` on, replacing what this copy held from there.
   */
  apply({ stride, from, mean, min, max }, steps) {
    const length = from + mean.length;
    if (length > this.mean.length) {
      const grow = (old) => {
        const values = new Float32Array(Math.max(2 * old.length, length, 64));
        values.set(old.subarray(0, from));
        return values;
      };
      [this.mean, this.min, this.max] = [grow(this.mean), grow(this.min), grow(this.max)];
    }
    this.mean.set(mean, from);
    this.min.set(min, from);
    this.max.set(max, from);
    Object.assign(this, { stride, length, steps });
  }

  /** Steps covered by point k (the last point may be partial). */
  count(k) {
    return Math.min(this.stride, this.steps - k * this.stride);
  }
}
