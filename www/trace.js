// What a run records over time on the page: its per-layer numbers at regular steps (the
// "trace", sent by its worker) and the step at which it reached the target loss.

/** Per-layer numbers a trace point holds, in this order (see worker.js). */
export const TRACE_FIELDS = ["activationStd", "gradientNorm", "saturatedFraction", "deadFraction"];

/**
 * The target loss of the comparison table, and the rule for reaching it: the first step at which
 * the mean mini-batch loss of the last TARGET_WINDOW steps is below TARGET_LOSS.
 */
export const TARGET_LOSS = 0.1;
/** Steps averaged by the target rule (see TARGET_LOSS). */
export const TARGET_WINDOW = 50;

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

/** Tracks when a run's mini-batch loss first reaches the target (see TARGET_LOSS). */
export class TargetWatch {
  /** The step at which the target was reached, or null. */
  reached = null;
  #sum = 0;

  /** Feeds the history's entries from `from` to `history.length` (values[s - 1] is step s). */
  advance(history, from) {
    const { values, length } = history;
    for (let i = from; i < length && this.reached === null; i++) {
      this.#sum += values[i];
      if (i >= TARGET_WINDOW) this.#sum -= values[i - TARGET_WINDOW];
      if (i >= TARGET_WINDOW - 1 && this.#sum / TARGET_WINDOW < TARGET_LOSS) this.reached = i + 1;
    }
  }
}
