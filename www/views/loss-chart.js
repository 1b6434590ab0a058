// The loss chart: every run's mini-batch loss per step on a log axis, one colour per run.
// Built once per set of runs; `update` is called at most once per animation frame. A run that
// diverged ends its curve at its last finite loss and gets a marked line "NaN at step N".

import { curveData } from "../curves.js";
import { LogChart } from "./log-chart.js";
import { canvasFont, cssVar, runColor } from "./theme.js";

/** Chart height in CSS pixels; fixed so nothing below it moves. */
const HEIGHT = 280;
/**
 * The y axis stops at 10^CAP_DECADE: a run blowing up to 10³⁴ would otherwise flatten every
 * other curve into the bottom line. Its curve leaves the chart at the top.
 */
const CAP_DECADE = 3;

export class LossChart {
  #legend;
  #chart;
  #runs = [];
  #diverged = [];
  #data = [[]];

  /** Renders into `root` (an empty element): a legend, then the chart. */
  constructor(root) {
    this.#legend = document.createElement("ul");
    this.#legend.className = "legend";
    const holder = document.createElement("div");
    holder.className = "chart-holder";
    root.append(this.#legend, holder);
    this.#chart = new LogChart(holder, {
      height: HEIGHT,
      xLabel: "step",
      yLabel: "mini-batch loss",
      capDecade: CAP_DECADE,
      xRange: (_u, _min, max) => [0, Math.max(10, max ?? 0)],
      draw: (u) => this.#markDivergence(u),
    });
  }

  /** Starts over with `runs` ([{label}], in run order, coloured by index). */
  setRuns(runs) {
    this.#runs = runs;
    this.#diverged = runs.map(() => null);
    this.#data = [[], ...runs.map(() => [])];
    this.#legend.replaceChildren(
      ...runs.map((run, i) => {
        const item = document.createElement("li");
        item.className = `run-${i}`;
        item.textContent = run.label;
        return item;
      }),
    );
    this.restyle();
  }

  /** Rebuilds the chart, e.g. after the theme changed its colours. */
  restyle() {
    this.#chart.setSeries(this.#runs.map((run, i) => ({ label: run.label, stroke: runColor(i), width: 1.5 })));
    this.#chart.setData(this.#data);
  }

  /**
   * Shows the loss histories: `runs[i]` is {history: LossHistory (see trace.js), divergedAt}
   * for run i.
   */
  update(runs) {
    this.#diverged = runs.map((run) => run.divergedAt ?? null);
    this.#data = curveData(runs.map((run) => run.history));
    this.#chart.setData(this.#data);
  }

  /** What the chart shows, for tests and scripts: [{label, steps, loss}] per run. */
  curves() {
    const [steps, ...series] = this.#data;
    return this.#runs.map((run, i) => ({ label: run.label, steps: [...steps], loss: [...series[i]] }));
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
