// The data view. For a 2-D dataset: each run's decision boundary under the data points, side
// by side in the runs' colours. For the 8x8 digits: a grid of test digits as the network sees
// them, each with the class the chosen run predicts, wrong predictions marked. For other data
// of more than two features (a student's CSV file): the chosen run's test predictions as a
// table of true class against predicted class.

import { integer, percent } from "../format.js";
import { BoundaryPlot } from "./boundary.js";

/** Test digits shown in the grid (the first ones of the test set). */
const DIGITS_SHOWN = 40;

/** The "boundary" view: decision boundaries of 2-D data, or the digits grid. */
export class BoundaryView {
  #body;
  #extent;
  #is2d = false;
  #figures = [];
  #digits = null;
  #confusion = null;

  /** Fills `body`; `extent` is the half-width of the 2-D view square (the core's viewExtent). */
  constructor(body, extent) {
    this.#body = body;
    this.#extent = extent;
  }

  /** Starts over with `runs` ([{label}]) on `dataset`. */
  setRuns(runs, dataset) {
    this.#is2d = dataset.is2d;
    this.#figures = [];
    this.#digits = null;
    this.#confusion = null;
    if (!this.#is2d && dataset.id !== "digits") {
      this.#confusion = confusionTable(dataset.classNames);
      this.#body.replaceChildren(this.#confusion.summary, this.#confusion.scroll);
      this.#body.className = "view-body";
    } else if (this.#is2d) {
      this.#figures = runs.map((run, i) => this.#figure(run, i));
      this.#body.replaceChildren(...this.#figures.map((f) => f.element));
      this.#body.className = `view-body boundaries${runs.length === 1 ? " single" : ""}`;
    } else {
      this.#digits = digitGrid();
      this.#body.replaceChildren(this.#digits.summary, this.#digits.grid);
      this.#body.className = "view-body";
    }
  }

  /** Shows the latest readings: `runs[i]` = {label, data, boundary, predictions, evaluation}. */
  update(runs, selected) {
    if (this.#is2d) {
      runs.forEach((run, i) => {
        this.#updateFigure(this.#figures[i], run);
      });
    } else if (this.#confusion) {
      this.#updateConfusion(runs[selected]);
    } else {
      this.#updateDigits(runs[selected]);
    }
  }

  /** Counts the chosen run's test predictions by true and predicted class. */
  #updateConfusion(run) {
    const { data, predictions } = run;
    const table = this.#confusion;
    if (!data || !predictions || table.predictions === predictions) return;
    table.predictions = predictions;
    const { testY } = data;
    const k = table.cells.length;
    const counts = Array.from({ length: k }, () => new Array(k).fill(0));
    for (let i = 0; i < testY.length; i++) counts[testY[i]][predictions[i]] += 1;
    let right = 0;
    counts.forEach((row, truth) => {
      right += row[truth];
      row.forEach((n, predicted) => {
        table.cells[truth][predicted].textContent = integer(n);
      });
    });
    table.summary.textContent = `${run.label}: ${integer(right)} of ${integer(testY.length)} test rows right (${percent(right / testY.length)}). Each row of the table is a true class, each column the class the network predicts; the diagonal is right.`;
  }

  /** Redraws every boundary, e.g. after a theme change. */
  redraw() {
    for (const figure of this.#figures) figure.plot.draw();
  }

  #figure(run, i) {
    const element = document.createElement("figure");
    element.className = `boundary-figure run-${i}`;
    const canvas = document.createElement("canvas");
    canvas.className = "boundary";
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", `Decision boundary and data of run ${run.label}`);
    const caption = document.createElement("figcaption");
    const name = document.createElement("span");
    name.className = "run-name";
    name.textContent = run.label;
    const accuracy = document.createElement("span");
    accuracy.className = "figure-number";
    caption.append(name, accuracy);
    element.append(canvas, caption);
    return { element, accuracy, plot: new BoundaryPlot(canvas, this.#extent), data: null, boundary: null };
  }

  #updateFigure(figure, run) {
    const text = `test ${percent(run.evaluation?.testAccuracy)}`;
    if (figure.accuracy.textContent !== text) figure.accuracy.textContent = text;
    if (run.data && run.data !== figure.data) {
      figure.data = run.data;
      figure.plot.setData(run.data);
    }
    if (run.boundary && run.boundary !== figure.boundary) {
      figure.boundary = run.boundary;
      figure.plot.setGrid(run.boundary.values, run.boundary.resolution);
      figure.plot.draw();
    }
  }

  #updateDigits(run) {
    const { data, predictions } = run;
    if (!data || !predictions || this.#digits.predictions === predictions) return;
    this.#digits.predictions = predictions;
    const { testX, testY, inputs } = data;
    const shown = Math.min(DIGITS_SHOWN, testY.length);
    let right = 0;
    for (let i = 0; i < testY.length; i++) right += predictions[i] === testY[i];
    this.#digits.summary.textContent =
      `${run.label}: ${integer(right)} of ${integer(testY.length)} test digits right (${percent(right / testY.length)}). ` +
      `The first ${shown} are shown with the predicted class; wrong ones are marked ✗ with the true class.`;
    const cells = this.#digits.cells;
    while (cells.length < shown) {
      const cell = digitCell();
      cells.push(cell);
      this.#digits.grid.append(cell.element);
    }
    for (let i = 0; i < shown; i++) {
      drawDigit(cells[i].canvas, testX.subarray(i * inputs, (i + 1) * inputs));
      const wrong = predictions[i] !== testY[i];
      cells[i].element.classList.toggle("wrong", wrong);
      cells[i].label.textContent = wrong ? `✗ ${predictions[i]} (is ${testY[i]})` : String(predictions[i]);
      cells[i].canvas.setAttribute("aria-label", `A handwritten ${testY[i]}, predicted ${predictions[i]}`);
    }
  }
}

/** The table of test predictions, a row per true class and a column per predicted class. */
function confusionTable(classNames) {
  const summary = document.createElement("p");
  summary.className = "view-note";
  const table = document.createElement("table");
  table.className = "numbers confusion";
  const caption = document.createElement("caption");
  caption.textContent = "Test rows: true class by row, predicted class by column";
  const head = document.createElement("tr");
  const corner = document.createElement("th");
  corner.scope = "col";
  corner.textContent = "true ↓ predicted →";
  head.append(corner, ...classNames.map((name) => Object.assign(document.createElement("th"), { scope: "col", textContent: name })));
  const cells = [];
  const body = document.createElement("tbody");
  for (const [truth, name] of classNames.entries()) {
    const row = document.createElement("tr");
    const label = Object.assign(document.createElement("th"), { scope: "row", textContent: name });
    const cellRow = classNames.map((_, predicted) => {
      const td = document.createElement("td");
      if (predicted === truth) td.className = "diagonal";
      return td;
    });
    cells.push(cellRow);
    row.append(label, ...cellRow);
    body.append(row);
  }
  const thead = document.createElement("thead");
  thead.append(head);
  table.append(caption, thead, body);
  const scroll = document.createElement("div");
  scroll.className = "table-scroll";
  scroll.append(table);
  return { summary, scroll, cells, predictions: null };
}

function digitGrid() {
  const summary = document.createElement("p");
  summary.className = "view-note";
  const grid = document.createElement("div");
  grid.className = "digits";
  return { summary, grid, cells: [], predictions: null };
}

function digitCell() {
  const element = document.createElement("figure");
  element.className = "digit";
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 8;
  canvas.setAttribute("role", "img");
  const label = document.createElement("figcaption");
  element.append(canvas, label);
  return { element, canvas, label };
}

/** Draws an 8x8 image of pixel intensities (about 0 to 1) as dark ink on white. */
function drawDigit(canvas, pixels) {
  const image = new ImageData(8, 8);
  for (let p = 0; p < 64; p++) {
    const ink = Math.min(1, Math.max(0, pixels[p]));
    const v = Math.round(255 * (1 - ink));
    image.data.set([v, v, v, 255], 4 * p);
  }
  canvas.getContext("2d").putImageData(image, 0, 0);
}
