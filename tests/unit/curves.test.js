// The loss chart's curves (www/curves.js): several runs' histories on common x values, at most
// MAX_POINTS per curve, block means of the raw losses, floored for the log axis, null where a
// run has no block: after its last step, or from a diverged run's first non-finite block on.

import assert from "node:assert/strict";
import { test } from "node:test";
import { coincident, curveData, FLOOR, MAX_POINTS, seedSpread, smooth } from "../../www/curves.js";
import { LossHistory } from "../../www/trace.js";
import { CoreHistory, learningLosses } from "./core-reference.js";

/** The page's copy of a run whose per-step losses are `losses`, fetched in rounds of 250 steps. */
function history(losses) {
  const core = new CoreHistory();
  const copy = new LossHistory();
  losses.forEach((loss, i) => {
    core.push(loss);
    if ((i + 1) % 250 === 0 || i === losses.length - 1) copy.apply(core.since(copy.cursor()), core.steps);
  });
  return copy;
}

/** The mean of the raw losses of steps first..last (counted from 1) that exist. */
function rawMean(losses, first, last) {
  const part = losses.slice(first - 1, last);
  return part.reduce((a, b) => a + b, 0) / part.length;
}

/** Asserts `actual` is within a few f32 roundings of `expected`. */
function assertClose(actual, expected, what) {
  assert.ok(Math.abs(actual - expected) <= 1e-6 * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

test("no runs, or runs that have not stepped: no points", () => {
  assert.deepEqual(curveData([]), [[]]);
  assert.deepEqual(curveData([new LossHistory(), new LossHistory()]), [[], [], []]);
});

test("a short run is drawn step by step", () => {
  const losses = learningLosses(300);
  const [steps, loss] = curveData([history(losses)]);
  assert.deepEqual(
    steps,
    losses.map((_, i) => i + 1),
  );
  assert.deepEqual(loss, losses);
});

test("a long run is averaged over blocks for at most MAX_POINTS points", () => {
  // 20,000 steps at stride 16: blocks of 64 steps (32 would give 625 points).
  const losses = learningLosses(20000, 2);
  const h = history(losses);
  assert.equal(h.stride, 16);
  const [steps, loss] = curveData([h]);
  assert.equal(steps.length, Math.ceil(20000 / 64));
  assert.ok(steps.length <= MAX_POINTS);
  steps.forEach((step, j) => {
    // Each x is its block's last step; the last block is partial (steps 19,969 to 20,000).
    assert.equal(step, Math.min((j + 1) * 64, 20000));
    assertClose(loss[j], rawMean(losses, j * 64 + 1, step), `block ${j}`);
  });
  assert.equal(steps.at(-1), 20000);
});

test("runs of different lengths and strides share the x values of the largest block", () => {
  // 5,000 steps (stride 4), 1,200 (stride 1) and 9,000 (stride 8): blocks of 32 steps, as
  // 9,000 / 16 is more than MAX_POINTS, and the 9,000-step run sets the x values.
  const runs = [learningLosses(5000, 1), learningLosses(1200, 2), learningLosses(9000, 3)];
  const histories = runs.map(history);
  assert.deepEqual(
    histories.map((h) => h.stride),
    [4, 1, 8],
  );
  const [steps, ...curves] = curveData(histories);
  assert.equal(steps.length, Math.ceil(9000 / 32));
  assert.equal(steps[0], 32);
  assert.equal(steps.at(-1), 9000);
  runs.forEach((losses, r) => {
    const blocks = Math.ceil(losses.length / 32);
    assert.equal(curves[r].length, steps.length);
    curves[r].forEach((y, j) => {
      if (j >= blocks) assert.equal(y, null, `run ${r}, block ${j}: after its last step`);
      else assertClose(y, rawMean(losses, j * 32 + 1, (j + 1) * 32), `run ${r}, block ${j}`);
    });
  });
  // The 1,200-step run's last block is steps 1,185 to 1,200, drawn at x = 1,216 with the others.
  assert.equal(steps[37], 1216);
  assertClose(curves[1][37], rawMean(runs[1], 1185, 1200), "partial block");
});

test("the block is the smallest power of two that keeps a curve within MAX_POINTS", () => {
  for (const [length, block] of [
    [MAX_POINTS, 1],
    [MAX_POINTS + 1, 2],
    [2 * MAX_POINTS, 2],
    [2 * MAX_POINTS + 1, 4],
    [3000, 8],
  ]) {
    const losses = learningLosses(length, length);
    const [steps, loss] = curveData([history(losses)]);
    assert.equal(steps[0], block, `${length} steps`);
    assert.equal(steps.length, Math.ceil(length / block));
    assert.ok(steps.length <= MAX_POINTS);
    assertClose(loss[0], rawMean(losses, 1, block), `${length} steps, first block`);
  }
});

test("losses below the floor are drawn at the floor", () => {
  const losses = [0, 1e-12, 0.5, Math.fround(1e-9), 2e-8];
  const [, loss] = curveData([history(losses)]);
  assert.deepEqual(loss, [FLOOR, FLOOR, 0.5, FLOOR, Math.fround(2e-8)]);
});

test("a diverged run's curve ends (null) at its first non-finite block", () => {
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
    // Diverges at step 3,001 while a healthy run goes on to 6,000: blocks of 16 steps (the
    // healthy run's stride 4, 6,000 / 500 = 12). Block 187 (steps 2,993 to 3,008) holds the NaN.
    const diverged = [...learningLosses(3000, 6), bad];
    const healthy = learningLosses(6000, 7);
    const [steps, curve, other] = curveData([history(diverged), history(healthy)]);
    assert.equal(steps[1] - steps[0], 16);
    const end = Math.floor(3000 / 16);
    assert.equal(end, 187);
    assert.ok(curve.slice(0, end).every((y) => y !== null && Number.isFinite(y)));
    assert.ok(curve.slice(end).every((y) => y === null));
    assertClose(curve[end - 1], rawMean(diverged, 2977, 2992), "last finite block");
    assert.ok(other.every((y) => y !== null));
  }
});

test("coincident: runs whose last points agree are one line; a run that differs, or ends sooner, is not", () => {
  const flat = Array(30).fill(Math.LN2);
  const nearly = flat.map((v) => v * (1 + 1e-5));
  const falling = flat.map((v, k) => v / (k + 1));
  const short = [...flat.slice(0, 10), ...Array(20).fill(null)];
  assert.deepEqual(coincident([flat, falling, nearly, short, flat]), [{ runs: [0, 2, 4], value: Math.LN2 }]);
  assert.deepEqual(coincident([flat, falling]), []);
  assert.deepEqual(coincident([[], []]), []);
});

test("smooth: a centred geometric mean that keeps the trend, the ends and the gaps", () => {
  const noisy = Array.from({ length: 40 }, (_, k) => (k % 2 ? 2 : 0.5));
  const smoothed = smooth(noisy, 3);
  // Inside, 7 points alternate 0.5 and 2: the geometric mean lies within one step of 1.
  for (const v of smoothed.slice(3, -3)) assert.ok(v > 0.8 && v < 1.25, String(v));
  const falling = Array.from({ length: 30 }, (_, k) => 10 ** -k / 10);
  assert.deepEqual(
    smooth(falling, 2)
      .slice(2, -2)
      .map((v) => Math.round(Math.log10(v))),
    falling.slice(2, -2).map((v) => Math.round(Math.log10(v))),
  );
  assert.deepEqual(smooth([1, null, 4], 2), [2, null, 2]);
  assert.deepEqual(smooth([Number.NaN, 1], 1), [Number.NaN, 1]);
});

test("seedSpread: the median and range over the seeds that have a value at each point", () => {
  const { median, lo, hi } = seedSpread([
    [1, 4, null, 2],
    [3, 2, null, Number.NaN],
    [2, 8, null],
  ]);
  assert.deepEqual(median, [2, 4, null, 2]);
  assert.deepEqual(lo, [1, 2, null, 2]);
  assert.deepEqual(hi, [3, 8, null, 2]);
  assert.deepEqual(seedSpread([[5, 6]]), { median: [5, 6], lo: [5, 6], hi: [5, 6] });
});
