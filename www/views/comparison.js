// The comparison view: every run's loss curve on one log-scale chart, and one table row per run
// with where it ended: train and test loss and accuracy, the step it reached the target loss,
// and whether (and when) it diverged.

import { integer, number, percent } from "../format.js";
import { term } from "../glossary.js";
import { LossChart } from "./loss-chart.js";
import { scrollingTable } from "./table.js";

/**
 * The table's columns: a header (text and the glossary key explaining it) and a cell's text;
 * `targetLoss` is the core's target for the comparison (see the glossary's "target").
 */
function columns(targetLoss) {
  return [
    { head: "train loss", text: (r) => number(r.evaluation?.trainLoss) },
    { head: "test loss", text: (r) => number(r.evaluation?.testLoss) },
    { head: "train acc.", text: (r) => percent(r.evaluation?.accuracy) },
    { head: "test acc.", text: (r) => percent(r.evaluation?.testAccuracy), term: "testAccuracy" },
    { head: `steps to loss < ${targetLoss}`, text: stepsToTarget, term: "target" },
    { head: "diverged?", text: status, term: "diverged" },
  ];
}

/** The "loss" view: the loss chart of every run and the results table. */
export class ComparisonView {
  #chart;
  #body;
  #columns;
  #rows = [];

  /** Fills `body` (the view's container) with the chart and the table; `limits` are the core's. */
  constructor(body, { targetLoss }) {
    this.#columns = columns(targetLoss);
    const chart = document.createElement("div");
    chart.className = "loss-chart";
    const { wrap, table } = scrollingTable("Results per run", "results");
    const head = table.createTHead().insertRow();
    head.append(headerCell("run"), ...this.#columns.map((c) => headerCell(c.head, c.term)));
    this.#body = table.createTBody();
    body.append(chart, wrap);
    this.#chart = new LossChart(chart);
  }

  /** Starts over with `runs` ([{label}] in run order). */
  setRuns(runs) {
    this.#chart.setRuns(runs);
    this.#rows = runs.map((run, i) => {
      const row = this.#body.insertRow();
      row.className = `run-${i}`;
      const name = document.createElement("th");
      name.scope = "row";
      const label = document.createElement("span");
      label.className = "run-name";
      label.textContent = run.label;
      name.append(label);
      row.append(name);
      const cells = this.#columns.map((column) => {
        const cell = row.insertCell();
        cell.dataset.label = column.head; // shown beside the value when the table stacks on a phone
        return cell;
      });
      return { row, cells };
    });
    this.#body.replaceChildren(...this.#rows.map((r) => r.row));
  }

  /** Shows the runs' latest numbers: each {history, progress, evaluation} (see runs.js). */
  update(runs) {
    this.#chart.update(
      runs.map((run) => ({ history: run.history, seedHistories: run.seedHistories, divergedAt: run.progress.divergedAt })),
    );
    runs.forEach((run, i) => {
      const { row, cells } = this.#rows[i];
      this.#columns.forEach((column, c) => {
        setText(cells[c], column.text(run));
      });
      row.classList.toggle("diverged", run.progress.diverged);
    });
  }

  /** Rebuilds the chart in the current theme's colours. */
  restyle() {
    this.#chart.restyle();
  }

  /** The loss curves as drawn (see LossChart.curves). */
  curves() {
    return this.#chart.curves();
  }
}

function stepsToTarget(run) {
  const step = run.progress.targetReachedAt ?? null;
  return step === null ? "not yet" : integer(step);
}

function status(run) {
  if (run.crash) return `its worker crashed at step ${integer(run.crash.step)}`;
  if (run.progress.diverged) return `diverged (NaN) at step ${integer(run.progress.divergedAt)}`;
  return "no";
}

function headerCell(text, key) {
  const th = document.createElement("th");
  th.scope = "col";
  th.append(key ? term(text, key) : text);
  return th;
}

function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}
