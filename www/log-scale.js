// The log axis of the page's charts without the chart (views/log-chart.js draws it): values to
// log10, whole-decade ranges and ticks, and the "0" row. A log axis has no place for 0, yet a
// layer whose activations or gradients are exactly 0 is the most striking failure of all (zero
// and constant inits), so zeros get a row of their own, one decade below the lowest positive
// value, labelled "0" and set off by a dashed line: they are drawn, never dropped.

/** Most decade ticks on the y axis; more decades are labelled every second or third. */
export const MAX_DECADE_TICKS = 6;

/**
 * uPlot's y columns for `ys` (arrays of values, one per series): log10 of each positive finite
 * value, `zeroRow` for each 0, null for anything else (missing, negative, NaN, infinite).
 * `zeroRow` is one decade below the lowest positive value's decade (-1 if there is none), or
 * null when no value is 0.
 */
export function logColumns(ys) {
  let lowest = Infinity;
  let zeros = false;
  for (const values of ys) {
    for (const v of values) {
      if (v > 0 && Number.isFinite(v)) lowest = Math.min(lowest, v);
      else if (v === 0) zeros = true;
    }
  }
  const zeroRow = zeros ? (Number.isFinite(lowest) ? Math.floor(Math.log10(lowest) + 1e-9) - 1 : -1) : null;
  const columns = ys.map((values) =>
    Array.from(values, (v) => {
      if (v > 0 && Number.isFinite(v)) return Math.log10(v);
      return v === 0 ? zeroRow : null;
    }),
  );
  return { columns, zeroRow };
}

/**
 * The y range in log10 units: whole decades around the data (0.1 to 1 when there is none). The
 * top stops at `capDecade`, unless that would leave fewer than two decades above the lowest
 * value: a run blowing up then leaves the chart at the top instead of flattening every other.
 */
export function decadeRange(min, max, capDecade) {
  if (min === null || max === null) return [-1, 0];
  const lo = Math.floor(min + 1e-9);
  const hi = Math.min(Math.ceil(max - 1e-9), Math.max(capDecade, lo + 2));
  return [lo, Math.max(hi, lo + 1)];
}

/**
 * Whole-decade ticks from `min` to `max` (log10 units), thinned to at most MAX_DECADE_TICKS;
 * with a `zeroRow`, that row is the lowest tick and the decades start above it.
 */
export function decadeTicks(min, max, zeroRow = null) {
  const lo = zeroRow === null ? Math.ceil(min - 1e-9) : zeroRow + 1;
  const hi = Math.floor(max + 1e-9);
  const room = zeroRow === null ? MAX_DECADE_TICKS : MAX_DECADE_TICKS - 1;
  const every = Math.max(1, Math.ceil((hi - lo + 1) / room));
  const ticks = [];
  for (let k = hi; k >= lo; k -= every) ticks.unshift(k);
  return zeroRow === null ? ticks : [zeroRow, ...ticks];
}
