// The log axis without the chart: zeros get a row of their own below the lowest decade, never
// dropped; ranges and ticks sit on whole decades.

import assert from "node:assert/strict";
import { test } from "node:test";
import { decadeRange, decadeTicks, logColumns, MAX_DECADE_TICKS } from "../../www/log-scale.js";

test("zeros go on a row one decade below the lowest positive value; NaN and negatives are missing", () => {
  const { columns, zeroRow } = logColumns([
    [1, 0.01, 0],
    [0.002, Number.NaN, -1],
  ]);
  assert.equal(zeroRow, -4); // 0.002 lies in the decade of 10^-3
  assert.deepEqual(columns[0], [0, -2, -4]);
  assert.equal(columns[1][0], Math.log10(0.002));
  assert.deepEqual(columns[1].slice(1), [null, null]);
});

test("without zeros there is no zero row; with only zeros the row sits below 1", () => {
  assert.equal(logColumns([[1, 10, Number.POSITIVE_INFINITY]]).zeroRow, null);
  const { columns, zeroRow } = logColumns([[0, 0], [null]]);
  assert.equal(zeroRow, -1);
  assert.deepEqual(columns, [[-1, -1], [null]]);
});

test("the zero row is the lowest tick, labelled apart from the decades above it", () => {
  const ticks = decadeTicks(-4, 0, -4);
  assert.equal(ticks[0], -4);
  assert.deepEqual(ticks.slice(1), [-3, -2, -1, 0]);
  // Many decades: thinned, the zero row still first, at most MAX_DECADE_TICKS in all.
  const many = decadeTicks(-20, 5, -20);
  assert.equal(many[0], -20);
  assert.ok(many.length <= MAX_DECADE_TICKS, String(many));
  assert.equal(many.at(-1), 5);
});

test("decade ranges: whole decades, capped unless that leaves under two decades", () => {
  assert.deepEqual(decadeRange(-2.5, 0.3, 3), [-3, 1]);
  assert.deepEqual(decadeRange(-1, 40, 3), [-1, 3]);
  assert.deepEqual(decadeRange(5, 40, 3), [5, 7]);
  assert.deepEqual(decadeRange(null, null, 3), [-1, 0]);
});
