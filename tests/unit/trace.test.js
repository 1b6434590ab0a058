// The page's copies of a run's records (www/trace.js): the loss history and the trace, merged
// slice by slice by cursor as the core hands them over, must equal what the core holds however
// the steps were split into rounds; block means must equal the mean of the raw losses.

import assert from "node:assert/strict";
import { test } from "node:test";
import { LossHistory, Trace } from "../../www/trace.js";
import {
  CoreHistory,
  CoreTrace,
  HISTORY_POINTS,
  learningLosses,
  random,
  TRACE_FIELDS,
  TRACE_FIRST_STRIDE,
  TRACE_POINTS,
} from "./core-reference.js";

/** The page's history after `losses` pushed to the core, fetched by cursor after each round of `rounds[i]` steps. */
function followHistory(losses, rounds) {
  const core = new CoreHistory();
  const copy = new LossHistory();
  const slices = [];
  let i = 0;
  for (let r = 0; i < losses.length; r++) {
    const end = Math.min(losses.length, i + rounds[r % rounds.length]);
    for (; i < end; i++) core.push(losses[i]);
    const slice = core.since(copy.cursor());
    slices.push(slice);
    copy.apply(slice, core.steps);
  }
  return { core, copy, slices };
}

/** Asserts the page's copy holds exactly the core's points. */
function assertSameHistory(copy, core) {
  assert.equal(copy.stride, core.stride);
  assert.equal(copy.steps, core.steps);
  assert.equal(copy.length, core.means.length);
  assert.deepEqual([...copy.mean.subarray(0, copy.length)], core.means);
  assert.deepEqual([...copy.min.subarray(0, copy.length)], core.mins);
  assert.deepEqual([...copy.max.subarray(0, copy.length)], core.maxes);
  assert.deepEqual(copy.cursor(), { stride: core.stride, points: core.means.length });
}

/** The mean of the raw losses of steps first..last (counted from 1). */
function rawMean(losses, first, last) {
  let sum = 0;
  for (let s = first; s <= last; s++) sum += losses[s - 1];
  return sum / (last - first + 1);
}

test("a history fetched by cursor equals the core's, whatever the rounds", () => {
  const losses = learningLosses(9000);
  for (const rounds of [[1], [7], [100, 3, 2048], [2049], [9000]]) {
    const { core, copy } = followHistory(losses, rounds);
    // 9000 steps: 2048 points of one step, then 2 (from step 2049), then 4 (from 4097) and 8 (from 8193).
    assert.equal(core.stride, 8);
    assertSameHistory(copy, core);
  }
});

test("a round's slice grows the last point, or starts from 0 when the stride changed", () => {
  const losses = learningLosses(HISTORY_POINTS + 10);
  const { copy, slices } = followHistory(losses, [3]);
  // Rounds of 3 steps at stride 1: each slice repeats the copy's last point, then adds 3.
  assert.deepEqual(
    slices.slice(0, 3).map((s) => [s.from, s.mean.length]),
    [
      [0, 3],
      [2, 4],
      [5, 4],
    ],
  );
  // The round that passes step 2048 merges pairs: the slice starts at 0 with stride 2.
  const merged = slices.findIndex((s) => s.stride === 2);
  assert.equal(merged, Math.ceil((HISTORY_POINTS + 1) / 3) - 1);
  assert.equal(slices[merged].from, 0);
  assert.equal(copy.stride, 2);
  assert.equal(copy.length, Math.ceil(copy.steps / 2));
  // Each merged point is the two steps' mean, min and max.
  assert.equal(copy.mean[0], Math.fround((losses[0] + losses[1]) / 2));
  assert.equal(copy.min[0], Math.min(losses[0], losses[1]));
  assert.equal(copy.max[0], Math.max(losses[0], losses[1]));
});

test("a slice replaces what the copy held from its first point on", () => {
  const copy = new LossHistory();
  copy.apply({ stride: 1, from: 0, mean: [5, 4, 3], min: [5, 4, 3], max: [5, 4, 3] }, 3);
  copy.apply({ stride: 1, from: 2, mean: [2.5, 2], min: [2.5, 2], max: [2.5, 2] }, 4);
  assert.equal(copy.length, 4);
  assert.deepEqual([...copy.mean.subarray(0, 4)], [5, 4, 2.5, 2]);
  // A smaller history after a stride change: points past the new length are no longer held.
  copy.apply({ stride: 2, from: 0, mean: [4.5, 2.25], min: [4, 2], max: [5, 2.5] }, 4);
  assert.deepEqual(copy.cursor(), { stride: 2, points: 2 });
  assert.deepEqual([...copy.mean.subarray(0, copy.length)], [4.5, 2.25]);
  // Growing past the buffers keeps the points before `from`.
  const big = Float32Array.from({ length: 200 }, (_, i) => i);
  copy.apply({ stride: 2, from: 1, mean: big, min: big, max: big }, 402);
  assert.equal(copy.length, 201);
  assert.equal(copy.mean[0], 4.5);
  assert.equal(copy.mean[200], 199);
});

test("count(k): steps per point, the last one partial", () => {
  const { copy } = followHistory(learningLosses(2 * HISTORY_POINTS - 1), [500]);
  assert.equal(copy.stride, 2);
  assert.equal(copy.length, HISTORY_POINTS);
  assert.equal(copy.count(0), 2);
  assert.equal(copy.count(HISTORY_POINTS - 2), 2);
  assert.equal(copy.count(HISTORY_POINTS - 1), 1);
  let covered = 0;
  for (let k = 0; k < copy.length; k++) covered += copy.count(k);
  assert.equal(covered, copy.steps);
});

test("block means equal the mean of the raw per-step losses", () => {
  const losses = learningLosses(20000, 3);
  const { copy } = followHistory(losses, [333]);
  assert.equal(copy.stride, 16);
  for (const block of [16, 32, 64, 1024, 32768]) {
    const means = copy.blockMeans(block);
    assert.equal(means.length, Math.ceil(losses.length / block));
    means.forEach((mean, j) => {
      const expected = rawMean(losses, j * block + 1, Math.min((j + 1) * block, losses.length));
      // Points keep f32 means: equal to a few parts in 10⁷.
      assert.ok(Math.abs(mean - expected) <= 1e-6 * expected, `block ${block}, ${j}: ${mean} vs ${expected}`);
    });
  }
  // At stride 1, one step per block: the losses themselves.
  const short = learningLosses(700, 4);
  assert.deepEqual(followHistory(short, [64]).copy.blockMeans(1), short);
});

test("a partial last point weighs by the steps it covers", () => {
  const copy = new LossHistory();
  // Stride 4, 10 steps: points of 4, 4 and 2 steps.
  copy.apply({ stride: 4, from: 0, mean: [1, 2, 10], min: [1, 2, 10], max: [1, 2, 10] }, 10);
  assert.deepEqual(copy.blockMeans(4), [1, 2, 10]);
  assert.deepEqual(copy.blockMeans(8), [1.5, 10]);
  assert.deepEqual(copy.blockMeans(16), [(4 * 1 + 4 * 2 + 2 * 10) / 10]);
  assert.deepEqual(new LossHistory().blockMeans(8), []);
});

test("block means stop at the first non-finite block", () => {
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
    const losses = [...learningLosses(5000, 5), bad];
    const { copy } = followHistory(losses, [1000]);
    assert.equal(copy.stride, 4);
    // Step 5001 is alone in its point and its block of 4 or 8, and shares the block of 1024
    // holding steps 4097-5001 with finite losses.
    assert.equal(copy.blockMeans(4).length, 1250);
    assert.equal(copy.blockMeans(8).length, 625);
    assert.equal(copy.blockMeans(1024).length, 4);
    assert.ok(copy.blockMeans(1024).every(Number.isFinite));
  }
  // A non-finite point inside the history ends the means there, not at the end.
  const copy = new LossHistory();
  copy.apply({ stride: 1, from: 0, mean: [1, 2, Number.NaN, 3], min: [1, 2, 0, 3], max: [1, 2, 0, 3] }, 4);
  assert.deepEqual(copy.blockMeans(1), [1, 2]);
  assert.deepEqual(copy.blockMeans(2), [1.5]);
});

test("a block must be whole points", () => {
  const { copy } = followHistory(learningLosses(3000), [HISTORY_POINTS]);
  assert.equal(copy.stride, 2);
  for (const block of [1, 3, 0, Number.NaN]) assert.throws(() => copy.blockMeans(block), RangeError);
});

/** Per layer, the four numbers at step 10 k of a made-up run whose numbers are NaN from step 10 `divergeAt` on. */
function signals(k, layers, next, divergeAt = Number.POSITIVE_INFINITY) {
  return Array.from({ length: layers }, (_, l) =>
    k >= divergeAt ? [Number.NaN, Number.NaN, 0, 0] : [next() + l, 10 ** -(l + 1) * next(), next() / 10, k / 1000],
  );
}

/** The page's trace after `steps` steps recorded by the core, fetched after each round of `round` steps. */
function followTrace(steps, round, layers, divergeAt) {
  const core = new CoreTrace(layers);
  const copy = new Trace(layers);
  const next = random(11);
  for (let step = 0; step <= steps; step++) {
    if (core.due(step)) core.record(signals(step / TRACE_FIRST_STRIDE, layers, next, divergeAt));
    if (step % round === 0 || step === steps) copy.apply(core.since(copy.cursor()));
  }
  return { core, copy };
}

/** Asserts the page's trace holds exactly the core's points. */
function assertSameTrace(copy, core) {
  assert.equal(copy.stride, core.stride);
  assert.deepEqual(
    copy.steps,
    core.points.map((_, k) => k * core.stride),
  );
  assert.deepEqual(copy.cursor(), { stride: core.stride, points: core.points.length });
  TRACE_FIELDS.forEach((name, f) => {
    for (let l = 0; l < core.layers; l++) {
      assert.deepEqual(
        copy.fields[name][l],
        core.points.map((point) => point[l][f]),
        `${name}, layer ${l}`,
      );
    }
  });
}

test("a trace fetched by cursor equals the core's, through thinning", () => {
  // 12,000 steps: 512 points at stride 20 reach step 10,220, then every other point goes.
  for (const round of [1, 37, 1000, 12000]) {
    const { core, copy } = followTrace(12000, round, 3);
    assert.equal(core.stride, 40);
    assertSameTrace(copy, core);
  }
  assert.equal(followTrace(100, 10, 2).copy.steps.length, 100 / TRACE_FIRST_STRIDE + 1);
  assert.equal(followTrace(TRACE_POINTS * TRACE_FIRST_STRIDE, 50, 1).copy.stride, 2 * TRACE_FIRST_STRIDE);
});

test("a trace slice is laid out point by point, layer by layer, field by field", () => {
  const trace = new Trace(2);
  const fields = ["a", "b"];
  trace.apply({ stride: 10, from: 0, layers: 2, fields, values: [1, 2, 3, 4, 5, 6, 7, 8], lastFinite: 1 });
  assert.deepEqual(trace.steps, [0, 10]);
  assert.deepEqual(trace.fields, {
    a: [
      [1, 5],
      [3, 7],
    ],
    b: [
      [2, 6],
      [4, 8],
    ],
  });
  // From point 1 on: point 1 is replaced, point 2 added.
  trace.apply({ stride: 10, from: 1, layers: 2, fields, values: [9, 9, 9, 9, 0, 0, 0, 0], lastFinite: 2 });
  assert.deepEqual(trace.fields.a, [
    [1, 9, 0],
    [3, 9, 0],
  ]);
  assert.deepEqual(trace.steps, [0, 10, 20]);
  assert.deepEqual(trace.lastFinite(), { step: 20, a: [0, 0], b: [0, 0] });
});

test("lastFinite(): the latest all-finite point, how a diverged run looked just before", () => {
  const empty = new Trace(2);
  assert.equal(empty.lastFinite(), null);
  const healthy = followTrace(300, 70, 2).copy;
  assert.equal(healthy.lastFinite().step, 300);
  // NaN from point 20 on, to point 30.
  const { core, copy } = followTrace(30 * TRACE_FIRST_STRIDE, 70, 2, 20);
  assert.equal(core.lastFinite, 19);
  const point = copy.lastFinite();
  assert.equal(point.step, 19 * TRACE_FIRST_STRIDE);
  assert.deepEqual(Object.keys(point).sort(), ["step", ...TRACE_FIELDS].sort());
  for (const name of TRACE_FIELDS) {
    assert.equal(point[name].length, 2);
    assert.ok(point[name].every(Number.isFinite), name);
    assert.deepEqual(
      point[name],
      copy.fields[name].map((values) => values[19]),
    );
  }
  // Diverged from the first point on: none is finite.
  assert.equal(followTrace(300, 70, 2, 0).copy.lastFinite(), null);
  // Thinning keeps the even points: the last finite one (point 401) goes, and the one before
  // it (point 400) is the last finite point left.
  const before = followTrace(TRACE_POINTS * TRACE_FIRST_STRIDE - 10, 500, 1, 402);
  assert.equal(before.copy.lastFinite().step, 401 * TRACE_FIRST_STRIDE);
  const thinned = followTrace(TRACE_POINTS * TRACE_FIRST_STRIDE + 100, 500, 1, 402);
  assert.equal(thinned.core.stride, 2 * TRACE_FIRST_STRIDE);
  assert.equal(thinned.copy.lastFinite().step, 400 * TRACE_FIRST_STRIDE);
});
