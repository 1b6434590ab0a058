// The "Phase diagram" view of a grid card (PhaseGrid): every network of the grid as a cell
// coloured by its score (training accuracy, dark at chance, light at 100%) with the number
// written in it, theory's curves drawn over the cells (the paper's trainable depth, 6 ξ_c), a
// vertical line at the critical σ_w², and, once the card's checks ran, the measured edge of the
// trained region. A progress bar, Cancel and "Train the grid" drive the pool; clicking a cell
// sets the page's network to that cell's (`onPick(cell)`).

import { cellAt, cellRect, darkText, layout, MARGIN, pointOf, polylines, scoreColour } from "../phase-plot.js";
import { addStyleSheet } from "../stylesheet.js";
import { clearCanvas, frameScheduler, numbersTable, PoolControls, poolStatus, th } from "./pool-view.js";
import { canvasFont, cssVar } from "./theme.js";

await addStyleSheet(new URL("../paper.css", import.meta.url));

/** The canvas's height in CSS pixels: on the page, and in the embed card (which fits 560 px). */
const HEIGHT = { page: 300, embed: 250 };
/** The measured edge's colour: Okabe-Ito orange, apart from every cell colour. */
const EDGE_COLOUR = "#e69f00";

/** The Phase view of `phase` (a PhaseGrid). */
export class PhaseView {
  #phase;
  #onPick;
  #canvas;
  #controls;
  #schedule = frameScheduler(() => this.#draw());
  #plot = null;
  /** The measured edge to draw (per column, the deepest depth that trained, or null), or null. */
  #edge = null;
  /** The table alternative of the diagram: one row per depth, one column per weight variance. */
  #table;

  /** Fills `body` with the view of `phase`; `onPick(cell)` runs when a trained cell is clicked. */
  constructor(body, phase, onPick) {
    this.#phase = phase;
    this.#onPick = onPick;
    this.#controls = new PoolControls("phase-status", "Train the grid", phase);
    this.#canvas = document.createElement("canvas");
    this.#canvas.className = "phase-canvas";
    this.#canvas.setAttribute("role", "img");
    this.#canvas.addEventListener("click", (event) => this.#click(event));
    const key = document.createElement("p");
    key.className = "view-note phase-key";
    key.textContent =
      "Each cell: a tanh network's training accuracy after the card's steps (dark: chance, light: 100%). " +
      "White dashed: the paper's trainable depth 6 ξ_c; dotted: the critical σ_w²; " +
      "orange steps: the deepest trained depth measured (once all cells are in). Click a cell to train that network.";
    const { details, table } = numbersTable("The grid's numbers: training accuracy per depth and weight variance", "numbers phase-table");
    this.#table = table;
    body.append(this.#controls.element, this.#canvas, key, details);
    phase.addEventListener("change", () => this.#schedule());
    new ResizeObserver(() => this.#schedule()).observe(body);
    this.#schedule();
  }

  /** Draws the measured edge `edge` (per column, a depth or null) from the card's checks. */
  setEdge(edge) {
    this.#edge = edge;
    this.#schedule();
  }

  /** Redraws in the current theme. */
  restyle() {
    this.#schedule();
  }

  #draw() {
    const phase = this.#phase;
    const grid = phase.grid;
    const cells = phase.cells();
    const done = phase.done();
    const running = phase.running;
    const total = cells.length;
    this.#controls.update({
      running,
      done,
      total,
      fraction: phase.progress()?.fraction,
      text: grid
        ? poolStatus({ running, outcome: phase.outcome, done, total, doing: "Training the grid", did: "trained" })
        : "This view draws a grid card's networks: open one under “From the papers”.",
    });
    this.#canvas.hidden = !grid;
    if (!grid) return;
    const { ctx, width, height } = clearCanvas(this.#canvas, HEIGHT);
    const xs = grid.x.values;
    const ys = grid.y.values;
    const plot = layout(width, height, xs.length, ys.length);
    this.#plot = plot;
    ctx.font = canvasFont(11);
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (const cell of cells) {
      const score = this.#phase.result(cell)?.accuracy ?? Number.NaN;
      const r = cellRect(plot, cell.x, cell.y);
      ctx.fillStyle = scoreColour(score, grid.chance);
      ctx.fillRect(r.x, r.y, r.w - 1, r.h - 1);
      if (Number.isFinite(score) && r.w >= 18) {
        ctx.fillStyle = darkText(score, grid.chance) ? "#111" : "#fff";
        ctx.fillText(String(Math.round(100 * score)), r.x + r.w / 2, r.y + r.h / 2);
      }
    }
    this.#axes(ctx, plot, grid);
    for (const mark of grid.marks) {
      const p = pointOf(plot, xs, ys, mark.x, ys[0]);
      if (!p) continue;
      line(
        ctx,
        [
          { x: p.x, y: plot.top },
          { x: p.x, y: plot.top + plot.ny * plot.cellH },
        ],
        "#fff",
        [2, 3],
        2,
      );
    }
    for (const curve of grid.curves) for (const points of polylines(plot, xs, ys, curve.points)) line(ctx, points, "#fff", [6, 4], 2.5);
    if (this.#edge) {
      const steps = [];
      this.#edge.forEach((depth, x) => {
        const y = depth === null ? -1 : ys.indexOf(depth);
        const top = plot.top + (plot.ny - 1 - y) * plot.cellH;
        steps.push({ x: plot.left + x * plot.cellW, y: top }, { x: plot.left + (x + 1) * plot.cellW, y: top });
      });
      line(ctx, steps, EDGE_COLOUR, [], 3);
    }
    this.#canvas.setAttribute(
      "aria-label",
      `Phase diagram: ${grid.score} of ${cells.length} networks by ${grid.x.label} and ${grid.y.label}; ${done} trained. The numbers are in the table below.`,
    );
    this.#fillTable(grid, cells);
  }

  /** The table alternative: a row per depth (deepest first, as drawn), a column per x value, each
   * cell's score in per cent, "–" while it is not trained. */
  #fillTable(grid, cells) {
    const head = document.createElement("tr");
    head.append(th(`${grid.y.label} / ${grid.x.label}`, "col"));
    for (const x of grid.x.values) head.append(th(String(x), "col"));
    const rows = [...grid.y.values.keys()].reverse().map((yi) => {
      const tr = document.createElement("tr");
      tr.append(th(String(grid.y.values[yi]), "row"));
      grid.x.values.forEach((_, xi) => {
        const cell = cells.find((c) => c.x === xi && c.y === yi);
        const score = cell ? this.#phase.result(cell)?.accuracy : undefined;
        const td = document.createElement("td");
        td.className = "num";
        td.textContent = Number.isFinite(score) ? `${Math.round(100 * score)}%` : "–";
        tr.append(td);
      });
      return tr;
    });
    this.#table.replaceChildren();
    this.#table.createTHead().append(head);
    this.#table.createTBody().append(...rows);
  }

  /** Tick labels and axis titles. */
  #axes(ctx, plot, grid) {
    const muted = cssVar("fg-muted") || "#555";
    ctx.fillStyle = muted;
    ctx.font = canvasFont(11);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const bottom = plot.top + plot.ny * plot.cellH;
    grid.x.values.forEach((v, i) => {
      if (i % 2 === 0 || plot.cellW > 36) ctx.fillText(String(v), plot.left + (i + 0.5) * plot.cellW, bottom + 4);
    });
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    grid.y.values.forEach((v, i) => {
      ctx.fillText(String(v), plot.left - 6, plot.top + (plot.ny - 0.5 - i) * plot.cellH);
    });
    ctx.font = canvasFont(12);
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillText(grid.x.label, plot.left + (plot.nx * plot.cellW) / 2, bottom + MARGIN.bottom - 4);
    ctx.save();
    ctx.translate(16, plot.top + (plot.ny * plot.cellH) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "middle";
    ctx.fillText(grid.y.label, 0, 0);
    ctx.restore();
  }

  #click(event) {
    if (!this.#plot) return;
    const box = this.#canvas.getBoundingClientRect();
    const at = cellAt(this.#plot, event.clientX - box.left, event.clientY - box.top);
    if (!at) return;
    const cell = this.#phase.cells().find((c) => c.x === at.x && c.y === at.y);
    if (cell) this.#onPick(cell);
  }
}

/** Strokes the polyline `points` in `colour`, with `dash` and `width`, over a dark halo. */
function line(ctx, points, colour, dash, width) {
  if (points.length < 2) return;
  for (const [stroke, w] of [
    ["rgba(0, 0, 0, 0.55)", width + 2],
    [colour, width],
  ]) {
    ctx.beginPath();
    ctx.setLineDash(dash);
    ctx.lineWidth = w;
    ctx.strokeStyle = stroke;
    ctx.moveTo(points[0].x, points[0].y);
    for (const p of points.slice(1)) ctx.lineTo(p.x, p.y);
    ctx.stroke();
  }
  ctx.setLineDash([]);
}
