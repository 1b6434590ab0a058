// The "Steps" view of a depth-sweep card (StepsSweep, Saxe et al. 2014's figure): for
// each initialization, the steps a deep linear network took to reach the card's target error,
// against its depth, both on log scales (DepthChart); a network that did not reach it within
// the card's steps sits above the scale. A progress bar, Cancel and "Train the networks" drive
// the pool; a table gives the same numbers. Clicking the chart at a depth sets the page's own
// networks (the card's runs) to that many layers (`onPick(depth)`).

import { runColours } from "../colours.js";
import { integer } from "../format.js";
import { addStyleSheet } from "../stylesheet.js";
import { DepthChart } from "./depth-chart.js";
import { frameScheduler, numbersTable, PoolControls, poolStatus, th } from "./pool-view.js";
import { kindColor, paintKind } from "./theme.js";

await addStyleSheet(new URL("../paper.css", import.meta.url));

/** The chart's height in CSS pixels: on the page, and in the embed card (which fits 560 px). */
const HEIGHT = { page: 250, embed: 230 };

/** The Steps view of `sweep` (a StepsSweep). */
export class StepsView {
  #sweep;
  #core;
  #controls;
  #legend;
  #chart;
  #holder;
  #table;
  #schedule = frameScheduler(() => this.#draw());

  /**
   * Fills `body` with the view of `sweep` for a page whose core lists are `core`; `onPick(depth)`
   * runs when the chart is clicked at a depth.
   */
  constructor(body, core, sweep, onPick) {
    this.#sweep = sweep;
    this.#core = core;
    this.#controls = new PoolControls("steps-status", "Train the networks", sweep);
    this.#legend = Object.assign(document.createElement("ul"), { className: "legend steps-legend" });
    this.#controls.element.append(this.#legend);
    const holder = document.createElement("div");
    holder.className = "steps-chart";
    holder.setAttribute("role", "img");
    holder.addEventListener("click", (event) => {
      const depth = this.#sweep.sweep ? this.#chart.depthAt(event.clientX) : null;
      if (depth !== null) onPick(depth);
    });
    const embed = document.body.classList.contains("embed");
    this.#chart = new DepthChart(holder, {
      height: embed ? HEIGHT.embed : HEIGHT.page,
      xLabel: "depth: linear layers (log scale)",
      yLabel: "steps (log scale)",
      top: "not reached",
      bottom: "0",
      tick: integer,
      range: [1, 3],
      empty: "Train the networks to fill this chart",
    });
    const key = document.createElement("p");
    key.className = "view-note";
    key.textContent =
      "Each point: one network learning the linear teacher by full-batch gradient descent, its learning rate divided by its depth; " +
      "up: the steps it took to reach the target error. A × above the scale did not reach it within the card's steps. " +
      "Click a depth to give the page's networks (Inside the layers) that many layers.";
    const { details, table } = numbersTable("The sweep's numbers: steps to the target per depth and initialization", "numbers steps-table");
    this.#table = table;
    this.#holder = holder;
    body.append(this.#controls.element, holder, key, details);
    sweep.addEventListener("change", () => this.#schedule());
    this.#schedule();
  }

  /** Redraws in the current theme. */
  restyle() {
    this.#chart.restyle();
    this.#schedule();
  }

  #draw() {
    const sweep = this.#sweep;
    const layout = sweep.sweep;
    const cells = sweep.cells();
    const done = sweep.done();
    const running = sweep.running;
    const total = cells.length;
    this.#controls.update({
      running,
      done,
      total,
      fraction: sweep.progress()?.fraction,
      text: layout
        ? poolStatus({ running, outcome: sweep.outcome, done, total, doing: "Training", did: "trained" })
        : "This view draws a depth-sweep card's networks: open one under “From the papers”.",
    });
    this.#holder.hidden = !layout;
    if (!layout) return;
    const depths = layout.x.values;
    const first = layout.series.map((_, s) => cells.find((c) => c.series === s).config);
    const kinds = runColours(first, this.#core.schemes);
    this.#legend.replaceChildren(
      ...layout.series.map((label, s) => {
        const item = Object.assign(document.createElement("li"), { className: "legend-run", textContent: label });
        paintKind(item, kinds[s]);
        return item;
      }),
    );
    const steps = (s, x) => {
      const cell = cells.find((c) => c.series === s && c.x === x);
      const result = cell && sweep.result(cell);
      return result ? (result.stepsToTarget ?? Number.POSITIVE_INFINITY) : null;
    };
    this.#chart.setData({
      depths,
      series: layout.series.map((_, s) => ({
        color: kindColor(kinds[s]),
        points: depths.map((_, x) => {
          const v = steps(s, x);
          return v === null ? null : { median: v, min: v, max: v };
        }),
      })),
      lines: [{ value: layout.steps, label: "last step" }],
      ceiling: layout.steps,
    });
    this.#holder.setAttribute(
      "aria-label",
      `${layout.score} against ${layout.x.label}, one line per initialization (${layout.series.join(", ")}); ${done} of ${cells.length} networks trained. The numbers are in the table below.`,
    );
    const head = document.createElement("tr");
    head.append(th(layout.x.label, "col"), ...layout.series.map((label) => th(label, "col")));
    const rows = depths.map((depth, x) => {
      const tr = document.createElement("tr");
      tr.append(th(String(depth), "row"));
      layout.series.forEach((_, s) => {
        const v = steps(s, x);
        const td = Object.assign(document.createElement("td"), { className: "num" });
        td.textContent = v === null ? "–" : Number.isFinite(v) ? integer(v) : `> ${integer(layout.steps)}`;
        tr.append(td);
      });
      return tr;
    });
    this.#table.replaceChildren();
    this.#table.createTHead().append(head);
    this.#table.createTBody().append(...rows);
  }
}
