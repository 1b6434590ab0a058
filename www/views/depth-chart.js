// A chart of one number against depth, on uPlot: a line per initialization through the median
// over seeds, with a band from the lowest to the highest seed. x is the number of hidden layers
// on a log2 axis, ticked at the depths swept; y is log10 of the value, ticked at whole decades
// (and at 2 and 5 when few decades show). Values off the scale are never dropped: Infinity
// (diverged, never reached) sits in a strip above the scale and 0 in a strip below it, each
// labelled on the axis and marked ×. Where several initializations share a value, their points
// stand a few pixels apart (dodged), so none hides another.

import uPlot from "../vendor/uPlot.esm.js";
import { axisStyle, canvasFont, cssVar } from "./theme.js";

/** Pixels between the points of neighbouring initializations at one depth. */
const DODGE_PX = 5;
/** A strip's height, as a share of the scale's span in decades (at least MIN_STRIP decades). */
const STRIP_SHARE = 0.22;
const MIN_STRIP = 0.3;
/** Room left of the first depth (for the reference lines' labels) and right of the last, in log2 units. */
const LEFT_PAD = 0.75;
const RIGHT_PAD = 0.3;
/** Opacity of a band's fill, as two hex digits appended to a run colour. */
const BAND_ALPHA = "2e";

/** One chart of a value against depth (see the header). */
export class DepthChart {
  #root;
  #options;
  #plot = null;
  #data = { depths: [], series: [], lines: [] };
  /** The y scale in log10 units: {lo, hi, top, bottom, max, min}, top and bottom the strips' centres or null. */
  #scale = null;

  /**
   * A chart in `root` (an empty element). `options`: {height, xLabel, yLabel, top (the label of
   * the strip above the scale, for Infinity), bottom (of the strip below, for 0), tick (a value's
   * axis label), range ([lo, hi] decades shown with no data), empty (the text shown with no data)}.
   */
  constructor(root, options) {
    this.#root = root;
    this.#options = options;
    this.#scale = this.#scaleOf();
    // Resizing in the next frame, never inside the observer, avoids a "ResizeObserver loop" error.
    new ResizeObserver(() => requestAnimationFrame(() => this.#plot?.setSize(this.#size()))).observe(root);
    this.#build();
  }

  /**
   * Shows `data`: {depths (ascending), series: [{color, points}], lines, ceiling}: one series per
   * initialization, `points[d]` the band {median, min, max} at depths[d] or null; `lines`
   * ([{value, label}]) the dashed reference lines, which the scale includes; `ceiling`, if
   * given, the largest finite value there can be, where the scale ends (else at a decade).
   */
  setData(data) {
    const rebuild = data.depths.join() !== this.#data.depths.join();
    this.#data = data;
    this.#scale = this.#scaleOf();
    if (rebuild) this.#build();
    else this.#plot.redraw();
  }

  /** The depth shown nearest to `clientX` (a pointer's position on the page), or null with none. */
  depthAt(clientX) {
    const depths = this.#data.depths;
    if (!this.#plot || depths.length === 0) return null;
    const x = this.#plot.posToVal(clientX - this.#plot.over.getBoundingClientRect().left, "x"); // log2 of depth
    return depths.reduce((best, d) => (Math.abs(Math.log2(d) - x) < Math.abs(Math.log2(best) - x) ? d : best));
  }

  /** Rebuilds the chart in the current theme's colours. */
  restyle() {
    this.#build();
  }

  /** The y scale for the data and the reference lines (see #scale). */
  #scaleOf() {
    const values = this.#data.series.flatMap((s) => s.points.flatMap((p) => (p ? [p.median, p.min, p.max] : [])));
    const finite = [...values, ...this.#data.lines.map((line) => line.value)].filter((v) => v > 0 && Number.isFinite(v)).map(Math.log10);
    let [lo, hi] =
      values.length > 0 && finite.length > 0
        ? [Math.floor(Math.min(...finite) + 1e-9), Math.ceil(Math.max(...finite) - 1e-9)]
        : this.#options.range;
    if (this.#data.ceiling) hi = Math.log10(this.#data.ceiling);
    if (hi - lo < 1) lo = Math.floor(hi - 1 + 1e-9); // at least a decade
    const strip = Math.max(MIN_STRIP, STRIP_SHARE * (hi - lo));
    const top = values.some((v) => !(v <= Number.MAX_VALUE)) ? hi + 0.8 * strip : null;
    const bottom = values.some((v) => v === 0) ? lo - 0.8 * strip : null;
    return { lo, hi, top, bottom, max: top === null ? hi : hi + 1.3 * strip, min: bottom === null ? lo : lo - 1.3 * strip };
  }

  /** A value's y in chart units (log10), or its strip's centre. */
  #y(value) {
    if (value === 0) return this.#scale.bottom;
    return value <= Number.MAX_VALUE ? Math.log10(value) : this.#scale.top;
  }

  /** The y ticks: decades, with 2 and 5 between them when at most two decades show, and the strips. */
  #ticks() {
    const { lo, hi, top, bottom } = this.#scale;
    const ticks = [];
    for (let k = lo; k <= hi + 1e-9; k++) {
      ticks.push(k);
      if (hi - lo <= 2) ticks.push(k + Math.log10(2), k + Math.log10(5));
    }
    const scale = ticks.filter((k) => k <= hi + 1e-9);
    return [...(bottom === null ? [] : [bottom]), ...scale, ...(top === null ? [] : [top])];
  }

  #tickLabel(k) {
    if (k === this.#scale.top) return this.#options.top;
    if (k === this.#scale.bottom) return this.#options.bottom;
    return this.#options.tick(10 ** k);
  }

  #size() {
    return { width: Math.max(200, this.#root.clientWidth), height: this.#options.height };
  }

  #build() {
    this.#plot?.destroy();
    const { xLabel, yLabel } = this.#options;
    const depths = this.#data.depths;
    const axis = axisStyle();
    const xs = depths.map(Math.log2);
    const opts = {
      ...this.#size(),
      padding: [12, 16, 0, 0],
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: () => (xs.length ? [xs[0] - LEFT_PAD, xs.at(-1) + RIGHT_PAD] : [-LEFT_PAD, 5 + RIGHT_PAD]) },
        y: { range: () => [this.#scale.min, this.#scale.max] },
      },
      axes: [
        {
          ...axis,
          label: xLabel,
          size: 30,
          splits: () => xs,
          filter: (u, ticks) => spaced(u, ticks),
          values: (_u, ticks) => ticks.map((t) => (t === null ? "" : String(Math.round(2 ** t)))),
        },
        {
          ...axis,
          label: yLabel,
          size: 74,
          splits: () => this.#ticks(),
          filter: (_u, ticks) => ticks,
          values: (_u, ticks) => ticks.map((k) => this.#tickLabel(k)),
        },
      ],
      series: [{}, { show: false }],
      hooks: { draw: [(u) => this.#draw(u)] },
    };
    this.#plot = new uPlot(opts, [xs, xs.map(() => null)], this.#root);
  }

  /** Draws the strips' edges, the reference lines, then every series' band, line and points. */
  #draw(u) {
    const { ctx } = u;
    const ratio = devicePixelRatio || 1;
    const { left, top, width, height } = u.bbox;
    const ypx = (y) => u.valToPos(y, "y", true);
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.lineWidth = ratio;
    ctx.strokeStyle = cssVar("border");
    ctx.setLineDash([2 * ratio, 3 * ratio]);
    const { lo, hi, top: topStrip, bottom: bottomStrip } = this.#scale;
    for (const [strip, edge] of [
      [topStrip, hi + (topStrip - hi) / 3],
      [bottomStrip, lo - (lo - bottomStrip) / 3],
    ]) {
      if (strip === null) continue;
      ctx.beginPath();
      ctx.moveTo(left, ypx(edge));
      ctx.lineTo(left + width, ypx(edge));
      ctx.stroke();
    }
    this.#drawLines(u, ratio);
    const series = this.#data.series;
    series.forEach((s, i) => {
      this.#drawSeries(u, s, (i - (series.length - 1) / 2) * DODGE_PX * ratio, ratio);
    });
    if (!series.some((s) => s.points.some(Boolean))) {
      ctx.font = canvasFont(12, ratio);
      ctx.fillStyle = cssVar("fg-muted");
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(this.#options.empty, left + width / 2, top + height / 2);
    }
    ctx.restore();
  }

  /** The reference lines, dashed, each labelled at the left on the page's background. */
  #drawLines(u, ratio) {
    const { ctx } = u;
    const { left, width } = u.bbox;
    ctx.font = canvasFont(11, ratio);
    ctx.textBaseline = "bottom";
    ctx.textAlign = "left";
    for (const { value, label } of this.#data.lines) {
      const y = Math.round(u.valToPos(Math.log10(value), "y", true));
      ctx.strokeStyle = cssVar("fg-muted");
      ctx.setLineDash([5 * ratio, 4 * ratio]);
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(left + width, y);
      ctx.stroke();
      const w = ctx.measureText(label).width;
      ctx.fillStyle = cssVar("bg");
      ctx.fillRect(left + 4 * ratio, y - 15 * ratio, w + 6 * ratio, 13 * ratio);
      ctx.fillStyle = cssVar("fg-muted");
      ctx.fillText(label, left + 7 * ratio, y - 2 * ratio);
    }
    ctx.setLineDash([]);
  }

  /** One initialization: its band, its median line and points, `dx` pixels to the side. */
  #drawSeries(u, { color, points }, dx, ratio) {
    const { ctx } = u;
    const xs = this.#data.depths.map((d) => u.valToPos(Math.log2(d), "x", true) + dx);
    const at = (value) => u.valToPos(this.#y(value), "y", true);
    for (const run of runsOf(points)) {
      ctx.fillStyle = color + BAND_ALPHA;
      ctx.strokeStyle = color + BAND_ALPHA;
      if (run.length === 1) {
        const [d] = run;
        ctx.lineWidth = 4 * ratio;
        ctx.beginPath();
        ctx.moveTo(xs[d], at(points[d].min));
        ctx.lineTo(xs[d], at(points[d].max));
        ctx.stroke();
      } else {
        ctx.beginPath();
        trace(
          ctx,
          run.map((d) => [xs[d], at(points[d].max)]),
        );
        for (const d of [...run].reverse()) ctx.lineTo(xs[d], at(points[d].min));
        ctx.closePath();
        ctx.fill();
      }
      ctx.strokeStyle = color;
      ctx.lineWidth = 2 * ratio;
      ctx.beginPath();
      trace(
        ctx,
        run.map((d) => [xs[d], at(points[d].median)]),
      );
      ctx.stroke();
      for (const d of run) marker(ctx, xs[d], at(points[d].median), color, points[d].median, ratio);
    }
  }
}

/** The indices of `points` in runs of consecutive non-null entries. */
function runsOf(points) {
  const runs = [];
  points.forEach((p, d) => {
    if (!p) return;
    if (d > 0 && points[d - 1]) runs.at(-1).push(d);
    else runs.push([d]);
  });
  return runs;
}

/** Adds a line through `points` ([x, y] in canvas pixels) to the current path. */
function trace(ctx, points) {
  points.forEach(([x, y], j) => {
    if (j === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
}

/** A median's point: a filled dot on the scale, a cross in a strip (Infinity or 0). */
function marker(ctx, x, y, color, value, ratio) {
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  if (value > 0 && value <= Number.MAX_VALUE) {
    ctx.beginPath();
    ctx.arc(x, y, 3.5 * ratio, 0, 2 * Math.PI);
    ctx.fill();
    return;
  }
  const r = 4 * ratio;
  ctx.lineWidth = 2 * ratio;
  ctx.beginPath();
  ctx.moveTo(x - r, y - r);
  ctx.lineTo(x + r, y + r);
  ctx.moveTo(x + r, y - r);
  ctx.lineTo(x - r, y + r);
  ctx.stroke();
}

/**
 * Of the x ticks `ticks`, those at least 16 CSS pixels left of the next kept one (a label is about 14 wide), from the
 * deepest (always kept) down; null for the others.
 */
function spaced(u, ticks) {
  let next = Infinity;
  return ticks
    .toReversed()
    .map((t) => {
      const x = u.valToPos(t, "x");
      if (next - x < 16) return null;
      next = x;
      return t;
    })
    .toReversed();
}
