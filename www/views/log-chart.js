// A line chart with a log-scale y axis, on uPlot: the one way every chart of the page draws
// values that span decades. Ticks sit on whole decades and read 10⁻⁶, 0.1, 1, 10³; the chart
// has a fixed height, takes its container's width, and is built once per set of series, then
// fed with setData at most once per animation frame.

import uPlot from "../vendor/uPlot.esm.js";
import { logTick } from "../format.js";
import { canvasFont, cssVar } from "./theme.js";

/** Most decade ticks on the y axis; more decades are labelled every second or third. */
const MAX_DECADE_TICKS = 6;

export class LogChart {
  #root;
  #options;
  #series = [];
  #data = [[]];
  #plot = null;

  /**
   * A chart in `root` (an empty element). `options`: {height, xLabel, yLabel, capDecade (the y
   * axis shows at most up to 10^capDecade; values above leave the top), xAxis (extra uPlot axis
   * options, e.g. splits and values for a layer axis), xRange (uPlot x range function),
   * draw (a hook called with the uPlot instance after each redraw)}.
   */
  constructor(root, options) {
    this.#root = root;
    this.#options = options;
    new ResizeObserver(() => this.#plot?.setSize(this.#size())).observe(root);
  }

  /** Rebuilds the chart for `series`: [{label, stroke, width, dash, points}], one per y column. */
  setSeries(series) {
    this.#series = series;
    this.#data = [[], ...series.map(() => [])];
    this.#build();
  }

  /** Shows `data`: [xs, ...ys] with one y array per series, null where a value is missing. */
  setData(data) {
    this.#data = data;
    this.#plot?.setData(data);
  }

  /** Rebuilds the chart in the current theme's colours. */
  restyle() {
    this.#build();
  }

  /** The uPlot instance, for value-to-pixel conversions in draw hooks. */
  get plot() {
    return this.#plot;
  }

  #size() {
    return { width: Math.max(160, this.#root.clientWidth), height: this.#options.height };
  }

  #build() {
    this.#plot?.destroy();
    const { xLabel, yLabel, capDecade = Infinity, xAxis = {}, xRange, draw } = this.#options;
    const text = cssVar("fg-muted");
    const grid = cssVar("grid");
    const font = canvasFont(12);
    const axis = {
      stroke: text,
      font,
      labelFont: font,
      labelSize: 18,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1, size: 4 },
    };
    const opts = {
      ...this.#size(),
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, ...(xRange ? { range: xRange } : {}) },
        y: { distr: 3, range: (u, min, max) => logRange(min, max, capDecade) },
      },
      axes: [
        { ...axis, label: xLabel, size: 30, space: 60, ...xAxis },
        {
          ...axis,
          label: yLabel,
          size: 50,
          splits: decades,
          filter: (u, ticks) => ticks, // every decade tick is labelled; uPlot would thin them
          values: (u, ticks) => ticks.map(logTick),
        },
      ],
      series: [{}, ...this.#series.map((s) => ({ points: { show: false }, ...s }))],
      hooks: draw ? { draw: [draw] } : {},
    };
    this.#plot = new uPlot(opts, this.#data, this.#root);
  }
}

/** The y range: whole decades around the data, at most up to 10^capDecade, 0.1–1 when empty. */
function logRange(min, max, capDecade) {
  if (min === null || max === null || !(min > 0)) return [0.1, 1];
  const hi = Math.min(Math.ceil(Math.log10(max) - 1e-9), capDecade);
  const lo = Math.min(Math.floor(Math.log10(min) + 1e-9), hi - 1);
  return [10 ** lo, 10 ** hi];
}

/** Decade ticks within the y scale, thinned to at most MAX_DECADE_TICKS. */
function decades(u, axisIdx, min, max) {
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  const every = Math.ceil((hi - lo + 1) / MAX_DECADE_TICKS);
  const ticks = [];
  for (let k = hi; k >= lo; k -= every) ticks.unshift(10 ** k);
  return ticks;
}
