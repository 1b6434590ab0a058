// One card per run, in the run's colour: its decision boundary (2-D datasets) and a small table
// of where it stands — init, activation, step, train/test loss and accuracy, distinct neurons,
// and whether it diverged.

import { integer, number, percent } from "../format.js";
import { BoundaryPlot } from "./boundary.js";

/**
 * Table rows: a label, then either one value or a train and a test value, each the text of a
 * run ({initText, activationText, report, stats}); a row of plain strings is a column header.
 */
const ROWS = [
  ["Init", (r) => r.initText],
  ["Activation", (r) => r.activationText],
  ["Step", (r) => integer(r.report?.step ?? 0)],
  ["", "train", "test"],
  ["Loss", (r) => number(r.report?.trainLoss), (r) => number(r.report?.testLoss)],
  ["Accuracy", (r) => percent(r.report?.accuracy), (r) => percent(r.report?.testAccuracy)],
  ["Distinct neurons", (r) => distinct(r.stats)],
  ["Diverged", (r) => (r.report?.diverged ? `diverged (NaN) at step ${integer(r.report.divergedAt)}` : "no")],
];

export class RunCards {
  #root;
  #extent;
  #cards = [];

  /** Renders into `root`; `extent` is the half-width of the 2-D view square. */
  constructor(root, extent) {
    this.#root = root;
    this.#extent = extent;
  }

  /** Starts over with one card per run: runs[i] = {label, is2d}. */
  setRuns(runs) {
    this.#cards = runs.map((run, i) => this.#card(run, i));
    this.#root.classList.toggle("single", runs.length === 1);
    this.#root.replaceChildren(...this.#cards.map((c) => c.element));
  }

  /** Updates card i from its run: {initText, activationText, report, stats, data, boundary}. */
  update(i, run) {
    const card = this.#cards[i];
    ROWS.forEach(([, ...texts], row) => {
      if (typeof texts[0] === "string") return;
      texts.forEach((text, column) => {
        const cell = card.cells[row][column];
        const value = text(run);
        if (cell.textContent !== value) cell.textContent = value;
      });
    });
    card.element.classList.toggle("diverged", Boolean(run.report?.diverged));
    if (card.plot && run.data !== card.data) {
      card.data = run.data;
      card.plot.setData(run.data);
    }
    if (card.plot && run.boundary && run.boundary !== card.boundary) {
      card.boundary = run.boundary;
      card.plot.setGrid(run.boundary.values, run.boundary.resolution);
      card.plot.draw();
    }
  }

  /** Redraws every boundary, e.g. after a theme change. */
  redraw() {
    for (const card of this.#cards) card.plot?.draw();
  }

  #card(run, i) {
    const element = document.createElement("article");
    element.className = `run run-${i}`;
    const title = document.createElement("h3");
    title.textContent = run.label;
    element.append(title);
    let plot = null;
    if (run.is2d) {
      const canvas = document.createElement("canvas");
      canvas.className = "boundary";
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", `Decision boundary and data of run ${run.label}`);
      element.append(canvas);
      plot = new BoundaryPlot(canvas, this.#extent);
    }
    const table = document.createElement("table");
    const body = table.createTBody();
    const cells = ROWS.map(([label, ...texts]) => {
      const row = body.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = label;
      row.append(th);
      if (typeof texts[0] === "string") {
        row.className = "columns";
        row.append(...texts.map((text) => Object.assign(document.createElement("th"), { scope: "col", textContent: text })));
        return [];
      }
      return texts.map(() => {
        const cell = row.insertCell();
        cell.colSpan = texts.length === 1 ? 2 : 1;
        return cell;
      });
    });
    element.append(table);
    return { element, cells, plot, data: null, boundary: null };
  }
}

function pair(a, b, format) {
  return `${format(a)} / ${format(b)}`;
}

/** "1 / 8 per layer", or layer by layer "3 / 8, 8 / 8", from the hidden layers' stats. */
function distinct(stats) {
  const hidden = (stats ?? []).filter((s) => s.hidden);
  if (hidden.length === 0) return "—";
  const each = hidden.map((s) => `${s.distinctNeurons} / ${s.fanOut}`);
  return each.every((t) => t === each[0]) ? `${each[0]}${hidden.length === 1 ? "" : " per layer"}` : each.join(", ");
}
