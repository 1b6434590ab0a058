// The loss chart: every run's mini-batch loss per step on a log axis, in its run's colour and
// dash pattern (colours.js). Built once per set of runs; `update` is called at most once per animation
// frame. A run that diverged ends its curve at its last finite loss and gets a marked line "NaN
// at step N". The legend's entries show and hide their runs; the pointer reads every run's loss
// at a step; runs drawn on one line are named under the chart, since one hides the others;
// "Smooth" draws each curve's trend instead of the noisy mini-batch losses. A run trained with
// several seeds is drawn as the median over its seeds, with a band from the least to the
// greatest.

import { coincident, curveData, seedSpread, smooth } from "../curves.js";
import { integer, number } from "../format.js";
import { LogChart } from "./log-chart.js";
import { canvasFont, cssVar, rgb, runColor, runDash } from "./theme.js";

/**
 * Chart height in CSS pixels, fixed when the page opens so nothing below it moves: 280, less on
 * a short screen (a 768 px laptop), where the chart must still fit on the first screen beside
 * three rows of presets, but never under 220.
 */
const HEIGHT = Math.round(Math.min(280, Math.max(220, innerHeight - 500)));
/**
 * The y axis stops at 10^CAP_DECADE at most, and at the decade above the highest loss of the
 * runs that did not diverge: a diverging run's spike (10³⁴ on its way to NaN) would otherwise
 * squeeze every other curve into the bottom lines. Its curve leaves the chart at the top, where
 * its "NaN at step N" line marks it.
 */
const CAP_DECADE = 3;

export class LossChart {
  #legend;
  #chart;
  #runs = [];
  #diverged = [];
  #data = [[]];
  #raw = [[]];
  #cap = CAP_DECADE;

  #readout;
  #together;
  #shown = [];
  #smooth;

  /** Renders into `root` (an empty element): a legend, a readout over the chart, the chart, a note. */
  constructor(root) {
    this.#legend = document.createElement("ul");
    this.#legend.className = "legend";
    this.#legend.setAttribute("aria-label", "Runs: press to hide or show a run's curve");
    this.#together = document.createElement("p");
    this.#together.className = "view-note together";
    this.#readout = document.createElement("p");
    this.#readout.className = "readout";
    this.#readout.setAttribute("aria-hidden", "true"); // the pointer's; the table has the numbers
    const holder = document.createElement("div");
    holder.className = "chart-holder";
    this.#smooth = document.createElement("button");
    this.#smooth.type = "button";
    this.#smooth.className = "smooth";
    this.#smooth.textContent = "Smooth";
    this.#smooth.title = "Draw each curve's trend (a moving average) instead of every mini-batch's loss";
    this.#smooth.setAttribute("aria-pressed", "false");
    this.#smooth.addEventListener("click", () => {
      this.#smooth.setAttribute("aria-pressed", String(!this.#smoothed()));
      this.#show();
    });
    const head = document.createElement("div");
    head.className = "legend-row";
    head.append(this.#legend, this.#smooth);
    root.append(head, this.#readout, holder, this.#together);
    this.#chart = new LogChart(holder, {
      hover: (index) => this.#showReadout(index),
      height: HEIGHT,
      xLabel: "step",
      yLabel: "mini-batch loss",
      capDecade: () => this.#cap,
      xRange: (_u, _min, max) => [0, Math.max(10, max ?? 0)],
      draw: (u) => this.#markDivergence(u),
    });
  }

  /** Starts over with `runs` ([{label}], in run order, coloured by index). */
  setRuns(runs) {
    this.#runs = runs;
    this.#diverged = runs.map(() => null);
    this.#shown = runs.map(() => true);
    this.#data = this.#raw = [[], ...runs.map(() => []), ...this.#banded().flatMap(() => [[], []])];
    this.#legend.replaceChildren(
      ...runs.map((run, i) => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = `legend-run run-${i}`;
        button.textContent = run.label;
        button.setAttribute("aria-pressed", "true");
        button.title = "Hide or show this run's curve";
        button.addEventListener("click", () => this.#toggle(i, button));
        item.append(button);
        return item;
      }),
    );
    this.#together.replaceChildren();
    this.#readout.textContent = "";
    this.restyle();
  }

  /**
   * Rebuilds the chart, e.g. after the theme changed its colours: a line per run, then, per run
   * with several seeds, the band's two edges (see #banded), drawn as a fill between them.
   */
  restyle() {
    const ratio = devicePixelRatio || 1;
    const lines = this.#runs.map((run, i) => ({
      label: run.label,
      stroke: runColor(i),
      width: 1.5,
      dash: runDash(i).map((d) => d * ratio),
      show: this.#shown[i],
    }));
    const banded = this.#banded();
    const edges = banded.flatMap((i) =>
      ["least", "greatest"].map((end) => ({
        label: `${this.#runs[i].label}, ${end} seed`,
        width: 0,
        points: { show: false },
        show: this.#shown[i],
      })),
    );
    const bands = banded.map((i, b) => ({ lo: lines.length + 2 * b, hi: lines.length + 2 * b + 1, fill: translucent(runColor(i)) }));
    this.#chart.setSeries([...lines, ...edges], bands);
    this.#chart.setData(this.#data);
  }

  /** The indices of the runs trained with several seeds, which get a band. */
  #banded() {
    return this.#runs.flatMap((run, i) => ((run.seeds ?? 1) > 1 ? [i] : []));
  }

  /** Hides or shows run `i`'s curve (and band), as its legend `button` says. */
  #toggle(i, button) {
    this.#shown[i] = !this.#shown[i];
    button.setAttribute("aria-pressed", String(this.#shown[i]));
    this.#chart.showSeries(i, this.#shown[i]);
    const b = this.#banded().indexOf(i);
    if (b >= 0) for (const edge of [0, 1]) this.#chart.showSeries(this.#runs.length + 2 * b + edge, this.#shown[i]);
  }

  /** The step and every shown run's loss at point `index` of the curves, or nothing (null). */
  #showReadout(index) {
    const [steps, ...series] = this.#data;
    if (index === null || index >= steps.length) {
      this.#readout.textContent = "";
      return;
    }
    const values = this.#runs.flatMap((run, i) => (this.#shown[i] ? [`${run.label} ${number(series[i][index])}`] : []));
    this.#readout.textContent = `step ${integer(steps[index])}: ${values.join(" · ")}`;
  }

  /** Says what the bands are, and names the runs drawn on one line, which the top one hides. */
  #showTogether(series) {
    const seeds = Math.max(1, ...this.#runs.map((run) => run.seeds ?? 1));
    const bands = seeds > 1 ? [`Each line is the median of ${seeds} seeds; its band runs from the lowest to the highest.`] : [];
    const lines = coincident(series).map(({ runs, value }) => {
      const names = runs.map((i) => this.#runs[i].label);
      return `${runs.length} runs on one line at ${number(value)}: ${names.slice(0, -1).join(", ")} and ${names.at(-1)}.`;
    });
    const text = [...bands, ...lines].join(" ");
    if (this.#together.textContent !== text) this.#together.textContent = text;
  }

  /**
   * Shows the loss histories: `runs[i]` is {history: LossHistory (see trace.js), seedHistories
   * (the further seeds'), divergedAt} for run i.
   */
  update(runs) {
    this.#diverged = runs.map((run) => run.divergedAt ?? null);
    const [steps, ...curves] = curveData(runs.flatMap((run) => [run.history, ...run.seedHistories]));
    const seeds = runs.map((run) => {
      const own = curves.splice(0, 1 + run.seedHistories.length);
      return own.length > 1 ? seedSpread(own) : { median: own[0] };
    });
    const edges = this.#banded().flatMap((i) => [seeds[i].lo, seeds[i].hi]);
    this.#raw = [steps, ...seeds.map((s) => s.median), ...edges];
    this.#show();
  }

  /** Whether "Smooth" is on. */
  #smoothed() {
    return this.#smooth.getAttribute("aria-pressed") === "true";
  }

  /** Draws the curves, smoothed or not, and names the runs on one line (of the raw curves). */
  #show() {
    const [steps, ...series] = this.#raw;
    this.#data = this.#smoothed() ? [steps, ...series.map((ys) => smooth(ys))] : this.#raw;
    const calm = series.slice(0, this.#runs.length).filter((_, i) => this.#diverged[i] === null);
    const highest = Math.max(0, ...calm.flat().filter((v) => v !== null && Number.isFinite(v)));
    this.#cap = highest > 0 ? Math.min(CAP_DECADE, Math.ceil(Math.log10(highest) - 1e-9)) : CAP_DECADE;
    this.#chart.setData(this.#data);
    this.#showTogether(series.slice(0, this.#runs.length));
  }

  /**
   * What the chart shows, for tests and scripts: [{label, steps, loss}] per run, `loss` being
   * the median over its seeds when it has several, with `lo` and `hi`, the band's edges.
   */
  curves() {
    const [steps, ...series] = this.#data;
    const banded = this.#banded();
    return this.#runs.map((run, i) => {
      const b = banded.indexOf(i);
      const band = b < 0 ? {} : { lo: [...series[this.#runs.length + 2 * b]], hi: [...series[this.#runs.length + 2 * b + 1]] };
      return { label: run.label, steps: [...steps], loss: [...series[i]], ...band };
    });
  }

  /** A dashed line at each diverged run's last step, labelled "NaN at step N", stacked at the top. */
  #markDivergence(u) {
    const { ctx } = u;
    const ratio = devicePixelRatio || 1;
    const { left, top, width, height } = u.bbox;
    let row = 0;
    ctx.save();
    ctx.font = canvasFont(12, ratio);
    ctx.textBaseline = "top";
    this.#diverged.forEach((step, i) => {
      if (step === null) return;
      const x = Math.round(u.valToPos(step, "x", true));
      ctx.strokeStyle = ctx.fillStyle = runColor(i);
      ctx.lineWidth = ratio;
      ctx.setLineDash([4 * ratio, 3 * ratio]);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      const label = `NaN at step ${step}`;
      const textWidth = ctx.measureText(label).width;
      const pad = 4 * ratio;
      const rightAligned = x + pad + textWidth > left + width;
      ctx.textAlign = rightAligned ? "right" : "left";
      const y = top + pad + row * 16 * ratio;
      ctx.fillStyle = cssVar("bg");
      ctx.fillRect(rightAligned ? x - pad - textWidth - 2 * ratio : x + pad - 2 * ratio, y - ratio, textWidth + 4 * ratio, 16 * ratio);
      ctx.fillStyle = runColor(i);
      ctx.fillText(label, rightAligned ? x - pad : x + pad, y);
      row += 1;
    });
    ctx.restore();
  }
}

/** `colour` ("#rrggbb") as a translucent fill for a seed band. */
function translucent(colour) {
  return `rgb(${rgb(colour).join(" ")} / 0.18)`;
}
