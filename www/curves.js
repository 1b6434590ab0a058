// The loss chart's curves without the chart (views/loss-chart.js draws them): several runs'
// loss histories put on common x values. How a history's points cover steps, and so the mean
// loss of a block of steps, is trace.js's (LossHistory.blockMeans).

/** Most points drawn per curve: longer histories are averaged over blocks of steps. */
export const MAX_POINTS = 500;
/** Log axes cannot show 0: smaller losses are drawn at this floor. */
export const FLOOR = 1e-8;

/**
 * uPlot's data for `histories` (LossHistory, see trace.js): [steps, ...losses]. Each curve is
 * the mean loss over blocks of `block` steps, a power of two at least every run's stride and
 * long enough for at most MAX_POINTS blocks; each point sits at its block's last step (the
 * longest run's last step for the last block). A run shorter than the longest has null after
 * its last block; a block holding a non-finite loss ends the curve (null from there); losses
 * are floored at FLOOR for the log axis.
 */
export function curveData(histories) {
  const longest = Math.max(0, ...histories.map((h) => h.steps));
  const stride = Math.max(1, ...histories.map((h) => h.stride));
  const block = Math.max(stride, 2 ** Math.max(0, Math.ceil(Math.log2(longest / MAX_POINTS))));
  const points = Math.ceil(longest / block);
  const steps = Array.from({ length: points }, (_, j) => Math.min((j + 1) * block, longest));
  const series = histories.map((h) => {
    const ys = new Array(points).fill(null);
    h.blockMeans(block).forEach((mean, j) => {
      ys[j] = Math.max(FLOOR, mean);
    });
    return ys;
  });
  return [steps, ...series];
}

/** Runs whose curves differ by less than this, relatively, at every compared point, coincide. */
const SAME_LINE = 1e-3;
/** How many of the last points of the curves are compared. */
const COMPARED_POINTS = 20;

/**
 * Groups of runs drawn on one line: indices of `series` (curveData's ys) with as many finite
 * values whose last COMPARED_POINTS agree within SAME_LINE, in groups of two or more, each in
 * run order, as [{runs, value}] with the group's last value.
 */
export function coincident(series) {
  const finite = series.map((ys) => ys.filter((v) => v !== null && Number.isFinite(v)));
  const tails = finite.map((ys) => ys.slice(-COMPARED_POINTS));
  // Curves of as many points (so ending at the same step) whose tails agree.
  const same = (i, j) =>
    tails[i].length > 0 &&
    finite[i].length === finite[j].length &&
    tails[i].every((v, k) => Math.abs(v - tails[j][k]) <= SAME_LINE * Math.max(Math.abs(v), Math.abs(tails[j][k])));
  const groups = [];
  const grouped = new Set();
  tails.forEach((tail, i) => {
    if (grouped.has(i)) return;
    const runs = [i, ...tails.flatMap((_, j) => (j > i && !grouped.has(j) && same(i, j) ? [j] : []))];
    if (runs.length < 2) return;
    for (const j of runs) grouped.add(j);
    groups.push({ runs, value: tail.at(-1) });
  });
  return groups;
}

/** Points the smoothed loss curve averages over on each side of a point (see smooth). */
export const SMOOTH_RADIUS = 10;

/**
 * `ys` (a curve, null where missing) averaged over a centred window of 2 * `radius` + 1 points,
 * in log space (the chart's), so a noisy mini-batch loss reads as its trend; missing values are
 * skipped, and stay missing.
 */
export function smooth(ys, radius = SMOOTH_RADIUS) {
  const logs = ys.map((v) => (v !== null && v > 0 && Number.isFinite(v) ? Math.log(v) : null));
  return ys.map((v, i) => {
    if (logs[i] === null) return v;
    let [sum, n] = [0, 0];
    for (let j = Math.max(0, i - radius); j <= Math.min(ys.length - 1, i + radius); j++) {
      if (logs[j] !== null) [sum, n] = [sum + logs[j], n + 1];
    }
    return Math.exp(sum / n);
  });
}

/**
 * The pointwise median, least and greatest of `curves` (curveData's ys of one run's seeds), over
 * the seeds with a value at that point: {median, lo, hi}, null where no seed has one.
 */
export function seedSpread(curves) {
  const points = Math.max(0, ...curves.map((ys) => ys.length));
  const [median, lo, hi] = [[], [], []];
  for (let j = 0; j < points; j++) {
    const values = curves
      .map((ys) => ys[j])
      .filter((v) => v !== null && v !== undefined && Number.isFinite(v))
      .sort((a, b) => a - b);
    const n = values.length;
    median.push(n === 0 ? null : n % 2 ? values[(n - 1) / 2] : (values[n / 2 - 1] + values[n / 2]) / 2);
    lo.push(n === 0 ? null : values[0]);
    hi.push(n === 0 ? null : values[n - 1]);
  }
  return { median, lo, hi };
}
