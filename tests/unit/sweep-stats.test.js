// The depth sweep's numbers (www/sweep-stats.js): a cell's outcome as the charts read it, the
// band over seeds with diverged and never-reached seeds kept at its top, the summary per init and
// depth, and the CSV.

import assert from "node:assert/strict";
import { test } from "node:test";
import { band, CSV_HEADER, finalLoss, stepsToTarget, summarize, sweepCsv } from "../../www/sweep-stats.js";

const healthy = (trainLoss, targetReachedAt = null) => ({ step: 100, trainLoss, targetReachedAt, divergedAt: null });
const diverged = (at, trainLoss = Number.NaN) => ({ step: at, trainLoss, targetReachedAt: null, divergedAt: at });

test("a band is the median, lowest and highest seed; NaN counts as Infinity", () => {
  assert.deepEqual(band([0.3, 0.1, 0.2]), { median: 0.2, min: 0.1, max: 0.3 });
  assert.deepEqual(band([4, 1, 3, 2]), { median: 2.5, min: 1, max: 4 });
  assert.deepEqual(band([0.5, Infinity, Number.NaN]), { median: Infinity, min: 0.5, max: Infinity });
  assert.deepEqual(band([0.5, 0.7, Infinity]), { median: 0.7, min: 0.5, max: Infinity });
  assert.deepEqual(band([0, 0.1, 0.2]), { median: 0.1, min: 0, max: 0.2 });
  assert.equal(band([]), null);
});

test("a diverged network's loss and a target never reached are Infinity; 0 stays 0", () => {
  assert.equal(finalLoss(healthy(0.25)), 0.25);
  assert.equal(finalLoss(healthy(0)), 0);
  assert.equal(finalLoss(healthy(Number.NaN)), Infinity);
  assert.equal(finalLoss(diverged(12, 3.5)), Infinity, "diverged even though the last finite weights give a finite loss");
  assert.equal(stepsToTarget(healthy(0.05, 80)), 80);
  assert.equal(stepsToTarget(healthy(0.5)), Infinity);
});

test("the summary gives a row per init and depth over the seeds in so far, with failures counted", () => {
  const plan = [];
  for (const seed of [1, 2, 3])
    for (const depth of [8, 1]) for (const init of [0, 1]) plan.push({ key: `${seed}${depth}${init}`, init, depth, seed });
  const results = {
    110: healthy(0.2, 60),
    210: healthy(0.4),
    310: healthy(0.3, 90),
    180: diverged(5),
    280: healthy(0.6),
    111: healthy(0.69),
    // init 1 at depth 8: no seed in yet
  };
  const rows = summarize(plan, (cell) => results[cell.key], 2, [1, 8]);
  assert.deepEqual(
    rows.map((r) => [r.init, r.depth, r.seeds]),
    [
      [0, 1, 3],
      [0, 8, 2],
      [1, 1, 1],
      [1, 8, 0],
    ],
  );
  assert.deepEqual(rows[0].loss, { median: 0.3, min: 0.2, max: 0.4 });
  assert.deepEqual(rows[0].steps, { median: 90, min: 60, max: Infinity });
  assert.equal(rows[0].notReached, 1);
  assert.deepEqual(rows[1].loss, { median: Infinity, min: 0.6, max: Infinity });
  assert.equal(rows[1].diverged, 1);
  assert.equal(rows[1].notReached, 2);
  assert.equal(rows[3].loss, null);
  assert.equal(rows[3].steps, null);
});

test("the CSV has its header and a row per network trained, empty cells where there is no number", () => {
  const plan = [
    { key: "a", init: 0, depth: 4, seed: 1 },
    { key: "b", init: 1, depth: 4, seed: 1 },
    { key: "c", init: 0, depth: 1, seed: 2 },
  ];
  const results = { a: healthy(0.125, 70), b: diverged(9) };
  const text = sweepCsv(plan, (cell) => results[cell.key], ["he_normal", 'odd,"token"']);
  const lines = text.trimEnd().split("\n");
  assert.equal(CSV_HEADER, "init,depth,seed,steps,train_loss,steps_to_target,diverged_at");
  assert.deepEqual(lines, [CSV_HEADER, "he_normal,4,1,100,0.125,70,", '"odd,""token""",4,1,9,,,9']);
  assert.ok(text.endsWith("\n"));
  assert.equal(
    sweepCsv(plan, () => undefined, []),
    `${CSV_HEADER}\n`,
  );
});
