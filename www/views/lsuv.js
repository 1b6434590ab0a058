// The "LSUV" view: what layer-sequential unit-variance initialization (Mishkin & Matas 2016,
// the `lsuv` scheme) did to each layer of a run, from Trainer.lsuvReport(): the pre-activations'
// variance on LSUV's batch before the layer was rescaled (bars) and after (dots), on a log
// scale around 1 with the tolerance band, and how many rescalings each layer took. A table has
// the same numbers.

import { integer, number } from "../format.js";
import { clearCanvas, frameScheduler, numbersTable, th } from "./pool-view.js";
import { canvasFont, cssVar, runColor } from "./theme.js";

/** The canvas's height in CSS pixels: on the page, and in the embed card (which fits 560 px). */
const HEIGHT = { page: 220, embed: 190 };
const MARGIN = { left: 52, right: 12, top: 14, bottom: 40 };

/** The LSUV view (see the header). */
export class LsuvView {
  #canvas;
  #note;
  #table;
  /** {index, label, report, tolerance} of the first run with a report, or null. */
  #shown = null;
  #schedule = frameScheduler(() => this.#draw());

  /** Fills `body` with the view. */
  constructor(body) {
    this.#note = Object.assign(document.createElement("p"), { className: "view-note lsuv-note" });
    this.#canvas = document.createElement("canvas");
    this.#canvas.className = "lsuv-canvas";
    this.#canvas.setAttribute("role", "img");
    const { details, table } = numbersTable("LSUV's numbers per layer: variance before and after, rescalings", "numbers lsuv-table");
    this.#table = table;
    body.append(this.#canvas, this.#note, details);
    new ResizeObserver(() => this.#schedule()).observe(body);
  }

  /** Shows the report of the first of `runs` (the page's Runs) initialized with `lsuv`. */
  setRuns(runs) {
    const index = runs.findIndex((run) => run.lsuv);
    this.#shown =
      index < 0
        ? null
        : { index, label: runs[index].label, report: runs[index].lsuv, tolerance: runs[index].config.initOptions?.tolerance ?? null };
    this.#fillTable();
    this.#schedule();
  }

  /** Redraws in the current theme. */
  restyle() {
    this.#schedule();
  }

  #draw() {
    const shown = this.#shown;
    this.#canvas.hidden = !shown;
    if (!shown) {
      this.#note.textContent =
        "This view shows what LSUV did to each layer: choose the LSUV initialization (or open Mishkin & Matas's card).";
      return;
    }
    const { report, tolerance, label, index } = shown;
    const iterations = report.map((l) => l.iterations);
    const [fewest, most] = [Math.min(...iterations), Math.max(...iterations)];
    const worst = Math.max(...report.map((l) => Math.abs(l.variance - 1)));
    this.#note.textContent =
      `${label}: each layer in turn, input side first, divided by the spread of its pre-activations on one batch. ` +
      `Rescalings per layer: ${fewest === most ? `${fewest} in every layer` : `${fewest} to ${most}`}; ` +
      `after them every variance is within ${number(worst)} of 1${tolerance === null ? "" : ` (tolerance ${number(tolerance)})`}.`;
    const { ctx, width, height } = clearCanvas(this.#canvas, HEIGHT);
    const plot = { left: MARGIN.left, top: MARGIN.top, w: width - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
    const values = report.flatMap((l) => [l.initialVariance, l.variance]).filter((v) => v > 0 && Number.isFinite(v));
    const lo = Math.min(-1, Math.floor(Math.log10(Math.min(...values)) - 1e-9));
    const hi = Math.max(1, Math.ceil(Math.log10(Math.max(...values)) + 1e-9));
    const y = (v) => plot.top + plot.h * (1 - (Math.log10(v) - lo) / (hi - lo));
    const slot = plot.w / report.length;
    const x = (i) => plot.left + (i + 0.5) * slot;
    const muted = cssVar("fg-muted") || "#555";
    ctx.font = canvasFont(11);
    ctx.fillStyle = muted;
    ctx.strokeStyle = cssVar("grid") || "#ddd";
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (let k = lo; k <= hi; k++) {
      ctx.beginPath();
      ctx.moveTo(plot.left, y(10 ** k));
      ctx.lineTo(plot.left + plot.w, y(10 ** k));
      ctx.stroke();
      ctx.fillText(number(10 ** k), plot.left - 6, y(10 ** k));
    }
    if (tolerance !== null) {
      ctx.fillStyle = "rgba(0, 158, 115, 0.18)";
      ctx.fillRect(plot.left, y(1 + tolerance), plot.w, y(1 - tolerance) - y(1 + tolerance));
    }
    const colour = runColor(index) || "#0072b2";
    report.forEach((l, i) => {
      if (l.initialVariance > 0 && Number.isFinite(l.initialVariance)) {
        ctx.fillStyle = muted;
        ctx.globalAlpha = 0.45;
        const top = y(l.initialVariance);
        const base = y(1);
        ctx.fillRect(x(i) - slot * 0.3, Math.min(top, base), slot * 0.6, Math.abs(base - top) || 1);
        ctx.globalAlpha = 1;
      }
      if (l.variance > 0 && Number.isFinite(l.variance)) {
        ctx.fillStyle = colour;
        ctx.beginPath();
        ctx.arc(x(i), y(l.variance), Math.min(4.5, slot * 0.35), 0, 2 * Math.PI);
        ctx.fill();
      }
    });
    ctx.fillStyle = muted;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const every = Math.ceil(22 / slot);
    report.forEach((_, i) => {
      const last = i === report.length - 1;
      if (i % every === 0 || last) ctx.fillText(last ? "out" : String(i + 1), x(i), plot.top + plot.h + 4);
    });
    ctx.font = canvasFont(12);
    ctx.textBaseline = "bottom";
    ctx.fillText("layer (out: the output layer)", plot.left + plot.w / 2, height - 2);
    ctx.save();
    ctx.translate(12, plot.top + plot.h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "middle";
    ctx.fillText("variance (log)", 0, 0);
    ctx.restore();
    this.#canvas.setAttribute(
      "aria-label",
      `LSUV per layer of ${label}: pre-activation variance before rescaling (grey bars) and after (dots), on a log scale; the green band is 1 ± the tolerance. The numbers are in the table below.`,
    );
  }

  #fillTable() {
    const shown = this.#shown;
    const head = document.createElement("tr");
    for (const text of ["layer", "variance before", "rescalings", "variance after"]) head.append(th(text, "col"));
    const rows = (shown?.report ?? []).map((l, i, all) => {
      const tr = document.createElement("tr");
      tr.append(th(i === all.length - 1 ? "output" : String(i + 1), "row"));
      for (const text of [number(l.initialVariance), integer(l.iterations), number(l.variance)]) {
        tr.append(Object.assign(document.createElement("td"), { className: "num", textContent: text }));
      }
      return tr;
    });
    this.#table.replaceChildren();
    this.#table.createTHead().append(head);
    this.#table.createTBody().append(...rows);
  }
}
