// The phase diagram's geometry and colours, DOM-free (unit-tested): where a grid card's cells sit
// on the canvas, which cell a point falls in, where theory's curves run in the grid's units, and
// the colour of a score. Columns are the x axis's values (evenly spaced), rows the y axis's
// (depths, deepest at the top), each cell the same size; a value between two columns or rows is
// placed by linear interpolation between their centres.

/** Margins around the cells, in CSS pixels: room for the axes' ticks and titles. */
export const MARGIN = { left: 64, right: 12, top: 10, bottom: 44 };

/**
 * The plot of a grid of `nx` columns by `ny` rows in a canvas of `width` x `height`:
 * {left, top, cellW, cellH, nx, ny} (the cells' area starts at left, top).
 */
export function layout(width, height, nx, ny) {
  const cellW = Math.max(1, (width - MARGIN.left - MARGIN.right) / nx);
  const cellH = Math.max(1, (height - MARGIN.top - MARGIN.bottom) / ny);
  return { left: MARGIN.left, top: MARGIN.top, cellW, cellH, nx, ny };
}

/** The rectangle {x, y, w, h} of the cell at column `x`, row `y` (row 0 at the bottom). */
export function cellRect(plot, x, y) {
  return { x: plot.left + x * plot.cellW, y: plot.top + (plot.ny - 1 - y) * plot.cellH, w: plot.cellW, h: plot.cellH };
}

/** The cell {x, y} under the point (`px`, `py`), or null outside the cells. */
export function cellAt(plot, px, py) {
  const x = Math.floor((px - plot.left) / plot.cellW);
  const row = Math.floor((py - plot.top) / plot.cellH);
  if (x < 0 || x >= plot.nx || row < 0 || row >= plot.ny) return null;
  return { x, y: plot.ny - 1 - row };
}

/**
 * The position, in cells from the first centre, of `value` among the increasing `values` (the
 * centres): fractional between two, extrapolated beyond the ends from the nearest pair.
 */
export function indexOf(values, value) {
  if (values.length === 1) return 0;
  let i = 0;
  while (i < values.length - 2 && value > values[i + 1]) i += 1;
  return i + (value - values[i]) / (values[i + 1] - values[i]);
}

/**
 * The canvas point of (`vx`, `vy`) in the grid's units (x along `xs`, y along `ys`), or null
 * when it lies beyond the cells' area.
 */
export function pointOf(plot, xs, ys, vx, vy) {
  const px = plot.left + (indexOf(xs, vx) + 0.5) * plot.cellW;
  const py = plot.top + (plot.ny - 0.5 - indexOf(ys, vy)) * plot.cellH;
  const inside =
    px >= plot.left - 1e-9 &&
    px <= plot.left + plot.nx * plot.cellW + 1e-9 &&
    py >= plot.top - 1e-9 &&
    py <= plot.top + plot.ny * plot.cellH + 1e-9;
  return inside ? { x: px, y: py } : null;
}

/**
 * A curve's points ([[vx, vy]]) as canvas polylines: the runs of consecutive points inside the
 * cells' area, each at least two points long.
 */
export function polylines(plot, xs, ys, points) {
  const lines = [];
  let line = [];
  for (const [vx, vy] of points) {
    const p = Number.isFinite(vy) ? pointOf(plot, xs, ys, vx, vy) : null;
    if (p) line.push(p);
    else {
      if (line.length > 1) lines.push(line);
      line = [];
    }
  }
  if (line.length > 1) lines.push(line);
  return lines;
}

/** Viridis's stops, dark (chance) to light (a perfect score): readable in grey as well. */
const STOPS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/**
 * The colour of a cell of score `score` (an accuracy in [0, 1]) where chance scores `chance`:
 * dark at chance or below, light at 1; grey for a score that is not a number (not trained yet).
 */
export function scoreColour(score, chance) {
  if (!Number.isFinite(score)) return "rgb(160, 160, 160)";
  const t = Math.min(1, Math.max(0, (score - chance) / (1 - chance))) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(t));
  const f = t - i;
  const [r, g, b] = STOPS[i].map((c, k) => Math.round(c + f * (STOPS[i + 1][k] - c)));
  return `rgb(${r}, ${g}, ${b})`;
}

/** Whether text on a cell of score `score` reads better dark (on the light end of the scale). */
export function darkText(score, chance) {
  return Number.isFinite(score) && (score - chance) / (1 - chance) > 0.6;
}
