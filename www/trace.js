// What a run records over time, as the page keeps it: its decimated loss history and its
// per-layer trace, both kept by the core and handed over by cursor (see Trainer.round): the
// page applies each slice and sends back what it holds.

/**
 * A run's per-layer numbers over time, as the core's trace gives them: point k at step
 * k * stride, with `fields[name][l][k]` the value of field `name` in layer l.
 */
export class Trace {
  stride = 1;
  steps = [];
  fields = {};
  #lastFinite = null;

  /** An empty trace of a network with `layers` layers (hidden and output). */
  constructor(layers) {
    this.layers = layers;
  }

  /** What this copy holds, for the next request's `trace` cursor. */
  cursor() {
    return { stride: this.stride, points: this.steps.length };
  }

  /**
   * Applies a round's trace slice {stride, from, layers, fields, values, lastFinite}: the points
   * from point `from` on, replacing what this copy held from there.
   */
  apply({ stride, from, fields, values, lastFinite }) {
    const width = this.layers * fields.length;
    this.stride = stride;
    this.steps.length = from;
    for (const name of fields) {
      this.fields[name] ??= Array.from({ length: this.layers }, () => []);
      for (const values of this.fields[name]) values.length = from;
    }
    for (let p = 0; p + width <= values.length; p += width) {
      this.steps.push(this.steps.length * stride);
      fields.forEach((name, f) => {
        for (let l = 0; l < this.layers; l++) this.fields[name][l].push(values[p + l * fields.length + f]);
      });
    }
    this.#lastFinite = lastFinite;
  }

  /**
   * The latest point whose numbers are all finite (the core says which), as {step, and per
   * field one value per layer}; null if there is none. A diverged run's last readings are NaN,
   * so this is how it looked just before.
   */
  lastFinite() {
    const k = this.#lastFinite;
    if (k === null || k >= this.steps.length) return null;
    const point = { step: this.steps[k] };
    for (const [name, perLayer] of Object.entries(this.fields)) point[name] = perLayer.map((values) => values[k]);
    return point;
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

  /** What this copy holds, for the next request's `history` cursor. */
  cursor() {
    return { stride: this.stride, points: this.length };
  }

  /**
   * Applies a round's history slice {stride, from, mean, min, max} at step `steps`: the points
   * from point `from` on, replacing what this copy held from there.
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

  /**
   * The mean loss of each block of `block` steps, block j covering steps j * block + 1 to
   * min((j + 1) * block, steps): `block` is a power of two at least `stride`, so a block is
   * whole points, each weighted by the steps it covers. Stops before the first block whose
   * mean is not finite (a diverged run's last), so it may give fewer than ceil(steps / block).
   */
  blockMeans(block) {
    if (!(block >= this.stride) || block % this.stride !== 0) {
      throw new RangeError(`blockMeans: a block of ${block} steps is not whole points of ${this.stride} steps`);
    }
    const perBlock = block / this.stride;
    const means = [];
    for (let first = 0; first < this.length; first += perBlock) {
      let sum = 0;
      let steps = 0;
      for (let k = first; k < Math.min(first + perBlock, this.length); k++) {
        sum += this.mean[k] * this.count(k);
        steps += this.count(k);
      }
      const mean = sum / steps;
      if (!Number.isFinite(mean)) break;
      means.push(mean);
    }
    return means;
  }
}
