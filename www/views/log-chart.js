// A line chart with a log-scale y axis, on uPlot: the one way every chart of the page draws
// values that span decades. Ticks sit on whole decades and read 10⁻⁶, 0.1, 1, 10³, and zeros
// on a row of their own (log-scale.js); the chart has a fixed height (or its container's, see
// #size), takes its container's width, and is built once per set of series, then fed with
// setData at most once per animation frame. It plots log10 of the values on a linear scale:
// uPlot's own log scale drops its axis beyond 10¹⁷, and exploding runs go far past that.

import { logTick } from "../format.js";
import { decadeRange, decadeTicks, logColumns } from "../log-scale.js";
import uPlot from "../vendor/uPlot.esm.js";
import { axisStyle, canvasFont, cssVar } from "./theme.js";

/** The least height of a chart that fills its container (see #size), in CSS pixels. */
const MIN_FILL_HEIGHT = 120;

/** One uPlot chart with a log-scale y axis (see the header). */
export class LogChart {
  #root;
  #options;
  #series = [];
  #bands = [];
  #data = [[]];
  #zeroRow = null;
  #plot = null;

  /**
   * A chart in `root` (an empty element). `options`: {height, xLabel, yLabel, capDecade (the y
   * axis shows at most up to 10^capDecade, or a function giving it at each redraw; values above
   * leave the top), xAxis (extra uPlot axis
   * options, e.g. splits and values for a layer axis), xRange (uPlot x range function),
   * draw (a hook called with the uPlot instance after each redraw; its y values are log10),
   * hover (called with the index of the x value under the pointer, or null when it leaves),
   * band ([lo, hi], values: a range shaded behind the lines and labelled "healthy"; the y axis
   * reaches a decade into it when the data lie outside), padRight (CSS pixels right of the
   * plot, default 32: room for the last x label, or for labels drawn beside the lines)}.
   */
  constructor(root, options) {
    this.#root = root;
    this.#options = options;
    // Resizing in the next frame, never inside the observer, avoids a "ResizeObserver loop" error.
    new ResizeObserver(() => requestAnimationFrame(() => this.#plot?.setSize(this.#size()))).observe(root);
  }

  /**
   * Rebuilds the chart for `series`: [{label, stroke, width, dash, points, show}], one per y
   * column; uPlot shows points only where they are sparse, unless `points` says otherwise.
   * `bands`: [{lo, hi, fill}], the area between series `lo` and `hi` (indices) filled.
   */
  setSeries(series, bands = []) {
    this.#series = series;
    this.#bands = bands;
    this.#data = [[], ...series.map(() => [])];
    this.#build();
  }

  /**
   * Shows `data`: [xs, ...ys] with one y array per series, null where a value is missing;
   * zeros go on the "0" row, and values that are negative or not finite are missing too.
   */
  setData([xs, ...ys]) {
    const { columns, zeroRow } = logColumns(ys);
    this.#zeroRow = zeroRow;
    this.#data = [xs, ...columns];
    this.#plot?.setData(this.#data);
  }

  /** Rebuilds the chart in the current theme's colours. */
  restyle() {
    this.#build();
  }

  /** Shows or hides series `i` (its line only: the y range stays that of every series). */
  showSeries(i, show) {
    this.#series[i] = { ...this.#series[i], show };
    this.#plot?.setSeries(i + 1, { show });
  }

  /** Sets the "0" row off from the decades above it with a dashed line across the plot. */
  #markZeroRow(u) {
    if (this.#zeroRow === null) return;
    const ratio = devicePixelRatio || 1;
    const { left, width } = u.bbox;
    const y = Math.round(u.valToPos(this.#zeroRow + 0.5, "y", true));
    u.ctx.save();
    u.ctx.strokeStyle = cssVar("fg-muted");
    u.ctx.lineWidth = ratio;
    u.ctx.setLineDash([3 * ratio, 3 * ratio]);
    u.ctx.beginPath();
    u.ctx.moveTo(left, y);
    u.ctx.lineTo(left + width, y);
    u.ctx.stroke();
    u.ctx.restore();
  }

  /** Says so on the plot when no series has a value to draw (all missing or NaN). */
  #sayIfEmpty(u) {
    const [xs, ...ys] = this.#data;
    if (xs.length === 0 || ys.some((values) => values.some((v) => v !== null))) return;
    const ratio = devicePixelRatio || 1;
    const { left, top, width, height } = u.bbox;
    u.ctx.save();
    u.ctx.font = canvasFont(12, ratio);
    u.ctx.fillStyle = cssVar("fg-muted");
    u.ctx.textAlign = "center";
    u.ctx.textBaseline = "middle";
    u.ctx.fillText("every value is NaN: nothing to plot", left + width / 2, top + height / 2);
    u.ctx.restore();
  }

  /**
   * The plot's size: the container's width, and `options.height`, or, where the page's CSS
   * sets `--fill-height: 1` on the container (the embed card, sized to its frame), the
   * container's own height.
   */
  #size() {
    const fill = getComputedStyle(this.#root).getPropertyValue("--fill-height").trim() === "1";
    return {
      width: Math.max(160, this.#root.clientWidth),
      height: fill ? Math.max(MIN_FILL_HEIGHT, this.#root.clientHeight) : this.#options.height,
    };
  }

  #build() {
    this.#plot?.destroy();
    const { xLabel, yLabel, capDecade = Infinity, xAxis = {}, xRange, draw, hover, band, padRight = 32 } = this.#options;
    const axis = axisStyle();
    const opts = {
      ...this.#size(),
      padding: [12, padRight, 0, 0], // room for half the last x tick's label, up to "1,000,000"
      legend: { show: false },
      cursor: hover ? { x: true, y: false, points: { show: false }, drag: { x: false, y: false } } : { show: false },
      scales: {
        x: { time: false, ...(xRange ? { range: xRange } : {}) },
        y: {
          range: (_u, min, max) => decadeRange(...towardsBand(min, max, band), typeof capDecade === "function" ? capDecade() : capDecade),
        },
      },
      axes: [
        { ...axis, label: xLabel, size: 30, space: 60, ...xAxis },
        {
          ...axis,
          label: yLabel,
          size: 50,
          splits: (_u, _axis, min, max) => decadeTicks(min, max, this.#zeroRow),
          filter: (_u, ticks) => ticks, // every decade tick is labelled; uPlot would thin them
          values: (_u, ticks) => ticks.map((k) => (k === this.#zeroRow ? "0" : logTick(10 ** k))),
        },
      ],
      series: [{}, ...this.#series],
      bands: this.#bands.map(({ lo, hi, fill }) => ({ series: [hi + 1, lo + 1], fill })),
      hooks: {
        drawAxes: band ? [(u) => shadeBand(u, band)] : [],
        draw: [(u) => this.#sayIfEmpty(u), (u) => this.#markZeroRow(u), ...(draw ? [draw] : [])],
        ...(hover ? { setCursor: [(u) => hover(u.cursor.idx ?? null)] } : {}),
      },
    };
    this.#plot = new uPlot(opts, this.#data, this.#root);
  }
}

/**
 * The data's y extent `min`, `max` (log10), stretched a decade into `band` ([lo, hi] values)
 * when the data lie wholly below or above it, so the chart shows how far off they are.
 */
function towardsBand(min, max, band) {
  if (!band || min === null || max === null) return [min, max];
  const [lo, hi] = band.map(Math.log10);
  if (max < lo) return [min, lo + 1];
  if (min > hi) return [hi - 1, max];
  return [min, max];
}

/** Shades the values from `lo` to `hi` behind the lines (under the grid's top), labelled "healthy". */
function shadeBand(u, [lo, hi]) {
  const ratio = devicePixelRatio || 1;
  const { left, top, width, height } = u.bbox;
  const [y0, y1] = [Math.log10(hi), Math.log10(lo)].map((v) => Math.min(top + height, Math.max(top, u.valToPos(v, "y", true))));
  if (y1 - y0 < 1) return;
  u.ctx.save();
  u.ctx.fillStyle = cssVar("healthy");
  u.ctx.fillRect(left, y0, width, y1 - y0);
  u.ctx.font = canvasFont(11, ratio);
  u.ctx.fillStyle = cssVar("fg-muted");
  u.ctx.textAlign = "left";
  u.ctx.textBaseline = "top";
  u.ctx.fillText("healthy", left + 4 * ratio, y0 + 2 * ratio);
  u.ctx.restore();
}
