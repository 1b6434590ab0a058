// Matrices as heatmaps in the diverging weight scale (theme.js): weight matrices, one row per
// neuron, and neuron-similarity matrices. Cells are square; above a few pixels a hairline of
// background separates them, so rows can be counted.

import { cssVar, divergingScale } from "./theme.js";

/** Cells from this size (CSS pixels, both ways) up get a one-pixel gap between them. */
const GAP_FROM = 6;

/** Cells sizes from 2 to this many CSS pixels. */
const MAX_CELL = 18;

/**
 * Cell width and height (CSS pixels) so a rows x columns matrix fits `maxPx` each way: square
 * cells, except that a matrix of few columns gets wider cells (up to its rows' height times
 * four), so a layer of two inputs is not a hairline.
 */
export function cellSize(rows, columns, maxPx) {
  const fit = (n) => Math.max(2, Math.min(MAX_CELL, Math.floor(maxPx / n)));
  const height = Math.min(fit(rows), fit(columns));
  return { width: Math.min(fit(columns), 4 * height), height };
}

/**
 * Draws `matrix` ({rows, columns, values}, row-major) on `canvas` with cells of `cell`
 * ({width, height} in CSS pixels); a value v is coloured at v / range on the diverging scale
 * (range 0 draws all middle).
 */
export function drawMatrix(canvas, matrix, range, cell) {
  const { rows, columns, values } = matrix;
  const ratio = devicePixelRatio || 1;
  const width = columns * cell.width;
  const height = rows * cell.height;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const ctx = canvas.getContext("2d");
  const colour = divergingScale();
  // One pixel per cell, scaled up unsmoothed, then hairlines of background between cells.
  const image = new ImageData(columns, rows);
  for (let i = 0; i < rows * columns; i++) {
    const v = values[i];
    image.data.set([...colour(range > 0 ? v / range : Number.isNaN(v) ? NaN : 0), 255], 4 * i);
  }
  const cells = new OffscreenCanvas(columns, rows);
  cells.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(cells, 0, 0, canvas.width, canvas.height);
  if (Math.min(cell.width, cell.height) >= GAP_FROM) {
    ctx.fillStyle = cssVar("bg");
    for (let c = 1; c < columns; c++) ctx.fillRect(Math.round(c * cell.width * ratio) - 1, 0, 1, canvas.height);
    for (let r = 1; r < rows; r++) ctx.fillRect(0, Math.round(r * cell.height * ratio) - 1, canvas.width, 1);
  }
}

/** The largest |value| of a matrix, ignoring NaN and infinities (0 when there is none). */
export function maxAbs(values) {
  let max = 0;
  for (const v of values) if (Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v);
  return max;
}

/**
 * A legend for the diverging scale: a colour bar with its ends and middle labelled, e.g.
 * "−1", "0", "+1". Returns {element, update(lo, mid, hi)} so labels can change with the range.
 */
export function scaleLegend(label) {
  const element = document.createElement("div");
  element.className = "scale-legend";
  const name = document.createElement("span");
  name.textContent = label;
  const bar = document.createElement("canvas");
  bar.className = "scale-bar";
  bar.setAttribute("aria-hidden", "true");
  const ticks = document.createElement("span");
  ticks.className = "scale-ticks";
  const texts = ["", "", ""].map(() => document.createElement("span"));
  ticks.append(...texts);
  const scale = document.createElement("span");
  scale.className = "scale";
  scale.append(bar, ticks);
  element.append(name, scale);
  const draw = () => {
    const colour = divergingScale();
    bar.width = 120;
    bar.height = 1;
    const ctx = bar.getContext("2d");
    const image = ctx.createImageData(120, 1);
    for (let x = 0; x < 120; x++) image.data.set([...colour((x / 119) * 2 - 1), 255], 4 * x);
    ctx.putImageData(image, 0, 0);
  };
  draw();
  return {
    element,
    redraw: draw,
    update(lo, mid, hi) {
      [lo, mid, hi].forEach((text, i) => {
        if (texts[i].textContent !== text) texts[i].textContent = text;
      });
    },
  };
}
