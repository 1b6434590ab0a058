// The "Depth" view: does a network of this setup still train when it gets deeper? For each
// chosen initialization, networks of 1 to 32 hidden layers train (a DepthSweep, in workers);
// two charts plot the final training loss and the steps to the target loss against depth, a line
// per initialization through the median of its seeds with a band from the lowest to the highest
// seed; a table gives the same numbers in words, and the CSV every network. The view draws the
// sweep's state once per animation frame after it changed, and calls it on a click.

import { labelOf } from "../config.js";
import { csvField } from "../csv.js";
import { integer, number } from "../format.js";
import { term } from "../glossary.js";
import { datasetOf } from "../runs.js";
import { summarize, sweepCsv } from "../sweep-stats.js";
import { writeHash } from "../url-state.js";
import { DepthChart } from "./depth-chart.js";
import { download } from "./export.js";
import { button, frameScheduler } from "./pool-view.js";
import { SweepForm } from "./sweep-form.js";
import { scrollingTable } from "./table.js";
import { kindColor, paintKind } from "./theme.js";

const CHART_HEIGHT = 260;
/** How the setup line names the first seeds. */
const SEED_WORDS = { 1: "seed 1 draws", 2: "seeds 1 and 2 draw" };

/**
 * He et al. 2015's setting (ReLU, width 64, SGD at learning rate 0.01; here the spiral): at 30
 * layers He's initialization trains and Glorot's stalls at chance. The link sets it up and runs it.
 */
const HE_SETTING = writeHash({
  preset: "compare",
  edits: { hidden: [64], learningRate: 0.01 },
  views: ["depth"],
  sweep: { run: true, inits: ["glorot_normal", "he_normal"], depths: [1, 2, 4, 8, 16, 24, 30], steps: 2000 },
});

/** The "depth" view of a DepthSweep. */
export class DepthView {
  #sweep;
  #core;
  #form;
  #setup;
  #run;
  #cancel;
  #csv;
  #bar;
  #status;
  #eta;
  #legend;
  #charts;
  #tableBody;
  /** Draws on the next animation frame, once however often it is asked. */
  #schedule = frameScheduler(() => this.#draw());
  /** What the charts and the table last showed, to redraw them only when it changed. */
  #shown = null;

  /** Fills `body` with the view of `sweep` (a DepthSweep) for a page whose core lists are `core`. */
  constructor(body, core, sweep) {
    this.#sweep = sweep;
    this.#core = core;
    this.#setup = Object.assign(document.createElement("p"), { className: "sweep-setup" });
    const controls = document.createElement("div");
    controls.className = "sweep-controls";
    this.#form = new SweepForm(controls, sweep, core.limits);
    const actions = document.createElement("div");
    actions.className = "sweep-actions";
    this.#run = button("Run sweep", "primary", () => sweep.run());
    this.#cancel = button("Cancel", "", () => sweep.cancel());
    this.#csv = button("Download CSV", "", () => this.#download());
    this.#csv.setAttribute("aria-label", "Download the sweep's table as CSV");
    actions.append(this.#run, this.#cancel, this.#csv);
    controls.append(actions);
    const progress = document.createElement("div");
    progress.className = "sweep-progress";
    this.#status = Object.assign(document.createElement("span"), { id: "sweep-status" });
    this.#status.setAttribute("role", "status");
    this.#eta = Object.assign(document.createElement("span"), { className: "sweep-eta" });
    this.#bar = Object.assign(document.createElement("progress"), { max: 1, value: 0 });
    this.#bar.setAttribute("aria-labelledby", "sweep-status");
    const line = document.createElement("p");
    line.append(this.#status, this.#eta);
    progress.append(this.#bar, line);
    this.#legend = document.createElement("ul");
    this.#legend.className = "legend";
    const { targetLoss } = core.limits;
    const charts = document.createElement("div");
    charts.className = "chart-pair";
    const [lossBox, stepsBox] = [
      figure(charts, ["Final training loss (whole training set)"], "the table below has the same numbers"),
      figure(charts, ["Steps to the ", term("target", "target"), ` (loss < ${targetLoss})`], "the table below has the same numbers"),
    ];
    this.#charts = [
      new DepthChart(lossBox, {
        height: CHART_HEIGHT,
        xLabel: "hidden layers (log scale)",
        yLabel: "training loss (log scale)",
        top: "diverged",
        bottom: "0",
        tick: number,
        range: [-2, 0],
        empty: "Run the sweep to fill this chart",
      }),
      new DepthChart(stepsBox, {
        height: CHART_HEIGHT,
        xLabel: "hidden layers (log scale)",
        yLabel: "steps (log scale)",
        top: "not reached",
        bottom: "0",
        tick: integer,
        range: [1, 3],
        empty: "Run the sweep to fill this chart",
      }),
    ];
    const key = document.createElement("p");
    key.className = "view-note";
    key.textContent =
      "Each line goes through the median of the seeds; its band spans the lowest to the highest seed (min–max). " +
      "Dashed: chance, the loss of a network that guesses (ln 2 for two classes), and the target loss. " +
      "A × above the scale is a network that diverged (its loss NaN or ∞) or never reached the target in its steps; " +
      "the band reaches up to it when only some seeds did. Points of equal value stand a few pixels apart.";
    const paper = document.createElement("p");
    paper.className = "view-note";
    const link = Object.assign(document.createElement("a"), { href: HE_SETTING, textContent: "He et al.'s setting" });
    paper.append(
      "He et al. (2015) trained ReLU networks 30 layers deep: with He initialization they learn, with Glorot's they stall. Try ",
      link,
      ": width 64, SGD at learning rate 0.01, 2,000 steps, on the spiral.",
    );
    const table = scrollingTable("The sweep's numbers, per initialization and depth", "numbers sweep-table");
    fillHead(table.table.createTHead(), targetLoss);
    this.#tableBody = table.table.createTBody();
    const details = document.createElement("details");
    details.className = "sweep-numbers-table";
    const summary = document.createElement("summary");
    summary.textContent = "The numbers, as a table";
    details.append(summary, table.wrap);
    body.append(this.#setup, controls, progress, this.#legend, charts, key, paper, details);
    sweep.addEventListener("change", () => this.#schedule());
    this.#schedule();
  }

  /** Rebuilds the charts in the current theme's colours. */
  restyle() {
    for (const chart of this.#charts) chart.restyle();
    this.#shown = null;
    this.#schedule();
  }

  #draw() {
    const sweep = this.#sweep;
    const plan = sweep.plan();
    const done = sweep.done();
    this.#setup.textContent = this.#setupText();
    this.#form.show();
    this.#run.disabled = sweep.running || plan.length === 0 || done === plan.length;
    this.#cancel.disabled = !sweep.running;
    this.#csv.disabled = done === 0;
    this.#showProgress(plan.length, done);
    const tokens = sweep.settings.inits.map((choice) => sweep.token(choice));
    const key = JSON.stringify([tokens, sweep.settings.depths, plan[0]?.key ?? null, plan.length, done]);
    if (key === this.#shown || !sweep.base) return;
    this.#shown = key;
    const labels = sweep.settings.inits.map((choice) => sweep.label(choice));
    const kinds = sweep.kinds();
    const rows = summarize(plan, (cell) => sweep.result(cell), tokens.length, sweep.settings.depths);
    this.#legend.replaceChildren(
      ...labels.map((label, i) => {
        const item = Object.assign(document.createElement("li"), { className: "legend-run", textContent: label });
        paintKind(item, kinds[i]);
        return item;
      }),
    );
    const depths = sweep.settings.depths;
    const seriesOf = (field) =>
      labels.map((_, i) => ({
        color: kindColor(kinds[i]),
        points: depths.map((depth) => rows.find((r) => r.init === i && r.depth === depth)[field]),
      }));
    const { targetLoss } = this.#core.limits;
    const { classes } = datasetOf(this.#core, sweep.base);
    this.#charts[0].setData({
      depths,
      series: seriesOf("loss"),
      lines: [
        { value: Math.log(classes), label: "chance" },
        { value: targetLoss, label: "target" },
      ],
    });
    const { steps } = sweep.settings;
    this.#charts[1].setData({ depths, series: seriesOf("steps"), lines: [{ value: steps, label: "last step" }], ceiling: steps });
    this.#showTable(rows, labels, kinds);
  }

  /** "Setup: Spiral, 32 neurons a layer, ReLU, SGD at learning rate 0.1, batch 32." */
  #setupText() {
    const base = this.#sweep.base;
    if (!base) return "";
    if (base.hidden.length === 0) {
      return "The setup has no hidden layer: add one in the network settings, whose width the sweep then takes.";
    }
    const core = this.#core;
    const { seeds } = this.#sweep.settings;
    return (
      `Setup from the network settings: ${labelOf(core.datasets, base.dataset)}, ${base.hidden[0]} neurons per layer, ` +
      `${labelOf(core.activations, base.activation)}, ${labelOf(core.optimizers, base.optimizer)} at learning rate ${number(base.learningRate)}, ` +
      `batch ${base.batchSize}; ${SEED_WORDS[seeds] ?? `seeds 1 to ${seeds} draw`} each network's weights and batch order.`
    );
  }

  /** The progress bar and the status line: networks trained, the time left, or how the last run ended. */
  #showProgress(total, done) {
    const sweep = this.#sweep;
    const progress = sweep.progress();
    this.#bar.value = progress ? progress.fraction : total > 0 ? done / total : 0;
    const { inits, depths, seeds, steps } = sweep.settings;
    const outcome = sweep.outcome;
    let status;
    if (total === 0) status = "Nothing to train.";
    else if (sweep.running) status = `Training: ${integer(done)} of ${integer(total)} networks trained. The page's own runs are paused.`;
    else if (outcome?.error) status = `The sweep stopped: ${outcome.error}`;
    else if (outcome?.cancelled)
      status = `Cancelled: ${integer(done)} of ${integer(total)} networks trained; Run sweep trains the other ${integer(total - done)}.`;
    else if (done === total) status = `All ${integer(total)} networks trained${outcome ? ` in ${outcome.seconds.toFixed(1)} s` : ""}.`;
    else if (done > 0)
      status = `${integer(done)} of ${integer(total)} networks trained; Run sweep trains the other ${integer(total - done)}.`;
    else
      status = `${integer(total)} networks to train: ${inits.length} initializations × ${depths.length} depths × ${seeds} seeds, ${integer(steps)} steps each.`;
    if (this.#status.textContent !== status) this.#status.textContent = status;
    const left = progress?.secondsLeft;
    this.#eta.textContent = !progress
      ? ""
      : left === null
        ? " Estimating the time left…"
        : ` About ${Math.max(1, Math.round(left))} s left.`;
  }

  /** One row per initialization and depth: the seeds in, the loss and steps (median, lowest – highest), failures. */
  #showTable(rows, labels, kinds) {
    const { seeds } = this.#sweep.settings;
    this.#tableBody.replaceChildren(
      ...rows.map((row) => {
        const tr = document.createElement("tr");
        const name = document.createElement("th");
        name.scope = "row";
        paintKind(name, kinds[row.init]);
        const chip = Object.assign(document.createElement("span"), { className: "run-name", textContent: labels[row.init] });
        name.append(chip);
        const cells = [
          String(row.depth),
          `${row.seeds} of ${seeds}`,
          ...bandText(row.loss, (v) => (v === Infinity ? "diverged" : number(v))),
          ...bandText(row.steps, (v) => (v === Infinity ? "not reached" : integer(v))),
          failures(row),
        ];
        tr.append(name, ...cells.map((text) => Object.assign(document.createElement("td"), { textContent: text })));
        return tr;
      }),
    );
  }

  /** Saves the sweep's table (every network trained) as initlab-depth-sweep.csv. */
  #download() {
    const sweep = this.#sweep;
    const tokens = sweep.settings.inits.map((choice) => csvField(sweep.token(choice)));
    const text = sweepCsv(sweep.plan(), (cell) => sweep.result(cell), tokens);
    download(new Blob([text], { type: "text/csv" }), "initlab-depth-sweep.csv");
  }
}

/** A figure in `box` under `caption` (content); returns the chart's holder, an image described by the table. */
function figure(box, caption, description) {
  const fig = document.createElement("figure");
  const figcaption = document.createElement("figcaption");
  figcaption.append(...caption);
  const holder = document.createElement("div");
  holder.setAttribute("role", "img");
  holder.setAttribute("aria-label", `${figcaption.textContent} against the number of hidden layers: ${description}`);
  fig.append(figcaption, holder);
  box.append(fig);
  return holder;
}

/** [median, "lowest – highest"] of a band as `text` writes values; dashes for no band. */
function bandText(band, text) {
  if (!band) return ["—", "—"];
  return [text(band.median), band.min === band.max ? "" : `${text(band.min)} – ${text(band.max)}`];
}

/** "2 diverged, 1 not reached" for a row's failing seeds, or "". */
function failures({ diverged, notReached }) {
  const parts = [];
  if (diverged > 0) parts.push(`${diverged} diverged`);
  if (notReached > 0) parts.push(`${notReached} not reached`);
  return parts.join(", ");
}

/** The table's two header rows. */
function fillHead(thead, targetLoss) {
  const [top, bottom] = [thead.insertRow(), thead.insertRow()];
  const cell = (row, text, { rowSpan = 1, colSpan = 1, scope = "col", className = "" } = {}) => {
    const th = Object.assign(document.createElement("th"), { scope, rowSpan, colSpan, className, textContent: text });
    row.append(th);
  };
  cell(top, "initialization", { rowSpan: 2 });
  cell(top, "hidden layers", { rowSpan: 2 });
  cell(top, "seeds", { rowSpan: 2 });
  cell(top, "final training loss", { colSpan: 2, scope: "colgroup", className: "group" });
  cell(top, `steps to loss < ${targetLoss}`, { colSpan: 2, scope: "colgroup", className: "group" });
  cell(top, "seeds failing", { rowSpan: 2 });
  for (const text of ["median", "lowest – highest", "median", "lowest – highest"]) cell(bottom, text);
}
