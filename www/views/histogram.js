// Small histograms for the layers view: bars of a fixed-bin histogram ({lo, hi, counts}) on a
// canvas that takes its CSS width and a fixed height. Bar heights grow with the square root of
// the count, so a spike (every dead ReLU output at 0) does not hide the rest. A histogram may
// lead with one separate bar (exact zeros, which no log bin holds), muted and set apart.

import { canvasFont, cssVar } from "./theme.js";

/** Sizes a canvas's backing store to its CSS box; returns [width, height] in device pixels. */
function fit(canvas) {
  const ratio = devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  return [width, height];
}

/**
 * Where a histogram of `bins` bins puts `x` (0 to 1 along its bins), on a canvas of 0 to 1 wide;
 * with `lead`, one slot for the leading bar and one for the gap come first.
 */
export function binAt(x, bins, lead) {
  const slots = bins + (lead ? 2 : 0);
  return ((lead ? 2 : 0) + x * bins) / slots;
}

/**
 * Draws `counts` as bars in `colour` over a baseline, with faint marks at `ticks` (positions in
 * [0, 1] along the canvas); `lead`, if not null, is the count of a first, separate bar.
 */
export function drawHistogram(canvas, counts, colour, ticks, lead = null) {
  const [width, height] = fit(canvas);
  const ctx = canvas.getContext("2d");
  const ratio = devicePixelRatio || 1;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = cssVar("grid");
  for (const at of ticks) ctx.fillRect(Math.round(at * (width - ratio)), 0, ratio, height);
  const max = Math.max(0, lead ?? 0, ...counts);
  const bin = width / (counts.length + (lead === null ? 0 : 2));
  const bar = (slot, count) => {
    if (count === 0) return;
    const h = Math.max(ratio, Math.sqrt(count / max) * (height - 2 * ratio));
    ctx.fillRect(Math.round(slot * bin), height - ratio - h, Math.max(ratio, Math.round(bin) - ratio), h);
  };
  ctx.fillStyle = cssVar("fg-muted");
  ctx.fillRect(0, height - ratio, width, ratio);
  if (lead !== null) bar(0, lead);
  ctx.fillStyle = colour;
  counts.forEach((count, i) => {
    bar(i + (lead === null ? 0 : 2), count);
  });
}

/**
 * Draws tick labels: `ticks` = [{at (0 to 1), label}], centred on their marks but kept inside
 * the canvas, left to right, leaving out a label that would overlap the one before.
 */
export function drawAxis(canvas, ticks) {
  const [width, height] = fit(canvas);
  const ctx = canvas.getContext("2d");
  const ratio = devicePixelRatio || 1;
  ctx.clearRect(0, 0, width, height);
  ctx.font = canvasFont(11, ratio);
  ctx.fillStyle = cssVar("fg-muted");
  ctx.textBaseline = "middle";
  let end = -Infinity;
  for (const { at, label } of ticks) {
    const w = ctx.measureText(label).width;
    const start = Math.max(0, Math.min(width - w, at * width - w / 2));
    if (start < end + 4 * ratio) continue;
    end = start + w;
    ctx.textAlign = "left";
    ctx.fillText(label, start, height / 2);
  }
}
