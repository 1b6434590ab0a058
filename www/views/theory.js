// The theory-vs-measurement view. Above it sits the notes' table (static in index.html, formulas
// in MathML); this class marks the row of the chosen run's scheme and fills a table for that
// run, layer by layer: the weight variance its scheme's formula gives, the variance of the
// weights actually sampled at step 0, their ratio, and the variance of the layer's activations
// at step 0 and now; then the mean-field prediction of each layer's activation spread beside
// the spread measured at step 0 and now, or why the theory does not apply to the run.

import { formula, number } from "../format.js";
import { term } from "../glossary.js";
import { doesNotApply, theoryRows } from "../profiles.js";
import { scrollingTable } from "./table.js";

/**
 * The prediction table's columns: group heading (null for none), header and the cell's text
 * from a theoryRows() row.
 */
const THEORY_COLUMNS = [
  { group: null, head: "theory, infinite width", text: (row) => number(row.predicted) },
  { group: "at step 0", head: "measured", text: (row) => number(row.initial) },
  { group: "at step 0", head: "÷\u00a0theory", text: (row) => number(row.initialRatio) },
  { group: "now", head: "measured", text: (row) => number(row.now) },
  { group: "now", head: "÷\u00a0theory", text: (row) => number(row.nowRatio) },
];

/**
 * The per-layer columns, under their group heading: header content (made anew per table) and
 * the cell's text from the layer's {initial, now} stats.
 */
const COLUMNS = [
  { head: () => [term("fan_in", "fan_in")], text: ({ initial }) => String(initial.fanIn) },
  { head: () => [term("fan_out", "fan_out")], text: ({ initial }) => String(initial.fanOut) },
  { group: "weight variance σ²", head: () => ["formula"], text: ({ initial }) => number(initial.theoreticalVariance) },
  { group: "weight variance σ²", head: () => ["sampled, step 0"], text: ({ initial }) => number(initial.weightVariance) },
  {
    group: "weight variance σ²",
    head: () => ["sampled ÷ formula"],
    text: ({ initial }) => quotient(initial.weightVariance, initial.theoreticalVariance),
  },
  { group: "activation variance", head: () => ["step 0"], text: ({ initial }) => number(initial.activationStd ** 2) },
  { group: "activation variance", head: () => ["now"], text: ({ now }) => number(now.activationStd ** 2) },
];

/** The "theory" view's measurements of the chosen run, below the notes' table. */
export class TheoryView {
  #notes;
  #scheme;
  #verdict;
  #body;
  #theoryBox;
  #theoryNote;
  #theoryBody;
  #core;
  #shown = null;

  /**
   * Fills `body` below the notes' table `notes` (rows marked data-prefix="glorot" etc.). `core`
   * holds the core's lists and its theoreticalVariance function.
   */
  constructor(body, notes, core) {
    this.#notes = notes;
    this.#core = core;
    this.#scheme = document.createElement("p");
    this.#scheme.className = "view-note";
    this.#verdict = document.createElement("p");
    this.#verdict.className = "verdict";
    const { wrap, table } = scrollingTable("Variances per layer", "numbers variances");
    fillHead(table.createTHead());
    this.#body = table.createTBody();
    const title = document.createElement("h3");
    title.className = "subtitle";
    title.append(term("Activation spread", "activationStd"), ": theory vs measurement");
    this.#theoryNote = document.createElement("p");
    this.#theoryNote.className = "view-note";
    const theory = scrollingTable("Activation spread per layer: theory and measurement", "numbers predictions");
    this.#theoryBox = theory.wrap;
    const head = theory.table.createTHead();
    const [top, bottom] = [head.insertRow(), head.insertRow()];
    top.append(headerCell(["layer"], { rowSpan: 2 }));
    THEORY_COLUMNS.forEach((column, c) => {
      if (!column.group) top.append(headerCell([column.head], { rowSpan: 2 }));
      else {
        if (THEORY_COLUMNS[c - 1].group !== column.group) {
          top.append(headerCell([column.group], { colSpan: 2, scope: "colgroup", className: "group" }));
        }
        bottom.append(headerCell([column.head]));
      }
    });
    this.#theoryBody = theory.table.createTBody();
    // The mean-field comparison: the full page's; the embed card shows the variances only.
    const spread = document.createElement("div");
    spread.className = "theory-spread";
    spread.append(title, this.#theoryNote, this.#theoryBox);
    body.append(this.#scheme, wrap, this.#verdict, spread);
  }

  /**
   * Shows run `run` ({label, config, initialStats, stats}) and `prediction`, the core's
   * meanField() of its config (or null).
   */
  update(run, prediction = null) {
    if (!run.initialStats || !run.stats || (this.#shown?.run === run && this.#shown.stats === run.stats)) return;
    const fresh = this.#shown?.run !== run;
    this.#shown = { run, stats: run.stats };
    const scheme = this.#core.schemes.find((s) => s.id === run.config.init);
    if (fresh) this.#showScheme(run, scheme);
    this.#showTheory(run, prediction, fresh);
    const rows = run.initialStats.map((initial, l) => ({ initial, now: run.stats[l] }));
    if (this.#body.rows.length !== rows.length) {
      this.#body.replaceChildren(
        ...rows.map((_, l) => {
          const row = document.createElement("tr");
          const name = document.createElement("th");
          name.scope = "row";
          name.textContent = l === rows.length - 1 ? "output" : String(l + 1);
          row.append(name, ...COLUMNS.map(() => document.createElement("td")));
          return row;
        }),
      );
    }
    rows.forEach((values, l) => {
      COLUMNS.forEach((column, c) => {
        const cell = this.#body.rows[l].cells[c + 1];
        const text = column.text(values);
        if (cell.textContent !== text) cell.textContent = text;
      });
    });
  }

  /**
   * Fills the prediction table: per layer the activation spread the theory predicts, measured
   * at step 0 and now, and measured ÷ predicted; or says why the theory does not apply.
   */
  #showTheory(run, prediction, fresh) {
    const rows = theoryRows(prediction, run.initialStats, run.stats);
    if (fresh) {
      const reason = doesNotApply(run.label, prediction);
      this.#theoryNote.textContent =
        reason ??
        (prediction
          ? "Mean-field theory predicts each layer's activation spread at initialization from the variances the init draws, as if every layer were infinitely wide. " +
            "At step 0, ÷ theory near 1 is the theory at work (layers of few neurons, like the output, scatter more); now, it shows how far training has moved the network from where it started."
          : "No prediction for this run.");
      this.#theoryBox.hidden = rows.length === 0;
      this.#theoryBody.replaceChildren(
        ...rows.map((values) => {
          const row = document.createElement("tr");
          const name = document.createElement("th");
          name.scope = "row";
          name.textContent = values.layer;
          row.append(name, ...THEORY_COLUMNS.map(() => document.createElement("td")));
          return row;
        }),
      );
    }
    rows.forEach((values, l) => {
      THEORY_COLUMNS.forEach((column, c) => {
        const cell = this.#theoryBody.rows[l]?.cells[c + 1];
        const text = column.text(values);
        if (cell && cell.textContent !== text) cell.textContent = text;
      });
    });
  }

  /** Marks the notes' row of the run's scheme and says how its formula compares. */
  #showScheme(run, scheme) {
    for (const row of this.#notes.querySelectorAll("[data-prefix]")) {
      row.classList.toggle("current", scheme.id.startsWith(`${row.dataset.prefix}_`));
    }
    const activation = this.#core.activations.find((a) => a.id === run.config.activation);
    const recommended = this.#core.schemes.find((s) => s.recommendedFor.includes(activation.id));
    let text = `${run.label}: σ² = ${formula(scheme.varianceFormula)}.`;
    if (recommended && recommended.id !== scheme.id) {
      // The last hidden layer (or the only layer) stands for the deep ones, where it matters.
      const stats = run.initialStats;
      const l = Math.max(0, stats.length - 2);
      const theirs = this.#core.theoreticalVariance(recommended.id, stats[l].fanIn, stats[l].fanOut);
      const ours = stats[l].theoreticalVariance;
      const where = l === stats.length - 1 ? "this layer" : `layer ${l + 1}`;
      text +=
        ` The notes recommend ${recommended.label} for ${activation.label} (σ² = ${formula(recommended.varianceFormula)}): ` +
        (number(theirs) === number(ours)
          ? `for ${where} that is the same σ² = ${number(ours)}.`
          : `it would give ${where} σ² = ${number(theirs)} instead of ${number(ours)}.`);
    }
    this.#scheme.textContent = text;
    const ratios = run.initialStats
      .filter((s) => s.theoreticalVariance > 0)
      .map((s) => s.weightVariance / s.theoreticalVariance)
      .sort((a, b) => a - b);
    const fewest = Math.min(...run.initialStats.map((s) => s.fanIn * s.fanOut));
    this.#verdict.textContent = ratios.length
      ? `Sampled ÷ formula at step 0 lies between ${number(ratios[0])} and ${number(ratios.at(-1))} (median ${number(ratios[Math.floor(ratios.length / 2)])}): ` +
        `a random sample matches its formula up to chance, and layers with few weights (here as few as ${fewest}) scatter more.`
      : "The formula gives σ² = 0: every weight starts equal, so there is no spread to measure.";
  }
}

/** "1.02" for measured / formula; "—" when the formula gives 0. */
function quotient(measured, formula) {
  return formula > 0 ? number(measured / formula) : "—";
}

/** Two header rows: group headings over their columns; ungrouped columns span both rows. */
function fillHead(thead) {
  const [top, bottom] = [thead.insertRow(), thead.insertRow()];
  top.append(headerCell(["layer"], { rowSpan: 2 }));
  COLUMNS.forEach((column, c) => {
    if (!column.group) top.append(headerCell(column.head(), { rowSpan: 2 }));
    else {
      if (COLUMNS[c - 1]?.group !== column.group) {
        const span = COLUMNS.filter((other) => other.group === column.group).length;
        top.append(
          headerCell([term(column.group, column.group.startsWith("weight") ? "variance" : "activationStd")], {
            colSpan: span,
            scope: "colgroup",
            className: "group",
          }),
        );
      }
      bottom.append(headerCell(column.head()));
    }
  });
}

function headerCell(content, { rowSpan = 1, colSpan = 1, scope = "col", className = "" } = {}) {
  const th = document.createElement("th");
  th.scope = scope;
  th.rowSpan = rowSpan;
  th.colSpan = colSpan;
  if (className) th.className = className;
  th.append(...content);
  return th;
}
