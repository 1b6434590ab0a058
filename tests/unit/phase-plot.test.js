// The phase diagram's geometry and colours (www/phase-plot.js).

import assert from "node:assert/strict";
import { test } from "node:test";
import { cellAt, cellRect, indexOf, layout, MARGIN, pointOf, polylines, scoreColour } from "../../www/phase-plot.js";

const plot = layout(MARGIN.left + MARGIN.right + 150, MARGIN.top + MARGIN.bottom + 70, 15, 7);

test("cells are equal, row 0 at the bottom, and a point finds its cell", () => {
  assert.equal(plot.cellW, 10);
  assert.equal(plot.cellH, 10);
  assert.deepEqual(cellRect(plot, 0, 0), { x: MARGIN.left, y: MARGIN.top + 60, w: 10, h: 10 });
  assert.deepEqual(cellAt(plot, MARGIN.left + 25, MARGIN.top + 5), { x: 2, y: 6 });
  assert.equal(cellAt(plot, MARGIN.left - 1, MARGIN.top + 5), null);
  assert.equal(cellAt(plot, MARGIN.left + 5, MARGIN.top + 71), null);
});

test("values between centres interpolate, rows of uneven depths included", () => {
  assert.equal(indexOf([0.5, 0.75, 1], 0.625), 0.5);
  assert.equal(indexOf([2, 4, 8, 12, 16, 24, 32], 20), 4.5);
  assert.equal(indexOf([2, 4, 8], 1), -0.5);
  const depths = [2, 4, 8, 12, 16, 24, 32];
  const xs = Array.from({ length: 15 }, (_, i) => 0.5 + 0.25 * i);
  assert.deepEqual(pointOf(plot, xs, depths, 0.5, 2), { x: MARGIN.left + 5, y: MARGIN.top + 65 });
  assert.equal(pointOf(plot, xs, depths, 0.5, 40), null); // above the deepest row's edge
});

test("a curve splits where it leaves the grid", () => {
  const depths = [2, 4, 8, 12, 16, 24, 32];
  const xs = Array.from({ length: 15 }, (_, i) => 0.5 + 0.25 * i);
  const lines = polylines(plot, xs, depths, [
    [0.5, 4],
    [0.75, 8],
    [1, 100],
    [3.5, 16],
    [4, 12],
    [4, Number.POSITIVE_INFINITY],
  ]);
  assert.equal(lines.length, 2);
  assert.equal(lines[0].length, 2);
});

test("scores run from dark at chance to light at 1, grey when missing", () => {
  assert.equal(scoreColour(0.1, 0.1), "rgb(68, 1, 84)");
  assert.equal(scoreColour(0.05, 0.1), "rgb(68, 1, 84)");
  assert.equal(scoreColour(1, 0.1), "rgb(253, 231, 37)");
  assert.equal(scoreColour(Number.NaN, 0.1), "rgb(160, 160, 160)");
  const lum = (c) => c.match(/\d+/g).reduce((s, v) => s + Number(v), 0);
  assert.ok(lum(scoreColour(0.4, 0.1)) < lum(scoreColour(0.8, 0.1)));
});
