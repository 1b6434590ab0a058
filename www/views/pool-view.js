// What the views of the pool experiments share (Phase diagram, Steps, At initialization; the
// depth sweep and LSUV use the first and last pieces): one redraw per animation frame however
// often it is asked for; the header with the primary button, Cancel, a progress bar and a status
// line; the status line's wording; the figure's numbers as a collapsible table; cells and buttons;
// a cleared canvas sized for the page or the embed card.

import { integer } from "../format.js";
import { scrollingTable } from "./table.js";

/** A function that asks for `draw()` in the next animation frame, once however often it is called. */
export function frameScheduler(draw) {
  let frame = 0;
  return () => {
    if (frame === 0)
      frame = requestAnimationFrame(() => {
        frame = 0;
        draw();
      });
  };
}

/**
 * The header of a view that drives `experiment` (run(), cancel()): a primary button labelled
 * `label`, Cancel, and a progress bar named by the status line of id `id`.
 */
export class PoolControls {
  /** The header's element, to append to the view. */
  element;
  #run;
  #cancel;
  #bar;
  #status;

  constructor(id, label, experiment) {
    this.element = Object.assign(document.createElement("div"), { className: "phase-controls" });
    this.#run = button(label, "primary", () => experiment.run());
    this.#cancel = button("Cancel", "", () => experiment.cancel());
    this.#bar = Object.assign(document.createElement("progress"), { max: 1, value: 0 });
    this.#bar.setAttribute("aria-labelledby", id);
    this.#status = Object.assign(document.createElement("span"), { id });
    this.#status.setAttribute("role", "status");
    this.element.append(this.#run, this.#cancel, this.#bar, this.#status);
  }

  /**
   * Shows `done` of `total` networks (or `fraction` of the work, when the pool reports it)
   * while the experiment is `running` or not, and the status line `text`.
   */
  update({ running, done, total, fraction, text }) {
    this.#run.disabled = running || done === total;
    this.#cancel.disabled = !running;
    this.#bar.value = fraction ?? (total > 0 ? done / total : 0);
    this.#status.textContent = text;
  }
}

/**
 * The status line of a pool experiment with `done` of `total` networks `did` ("trained"):
 * `doing` while it runs, its error if it failed, its time once all are in, or, when only some
 * are (cancelled or not yet run), how many and `resume` (what finishes them).
 */
export function poolStatus({ running, outcome, done, total, doing, did, resume = "" }) {
  const networks = `${integer(done)} of ${integer(total)} networks`;
  if (running) return `${doing}: ${networks}…`;
  if (outcome?.error) return `Stopped: ${outcome.error}`;
  if (done === total && total > 0)
    return `${integer(total)} networks ${did}${outcome?.seconds ? ` in ${outcome.seconds.toFixed(1)} s` : ""}`;
  return `${outcome?.cancelled ? "Cancelled: " : ""}${networks} ${did}${resume ? `: ${resume}` : ""}`;
}

/**
 * Sizes `canvas` to its parent's width and `height`'s height for the page or the embed card
 * (CSS pixels, {page, embed}), for the device's pixel ratio, and clears it: {ctx, width, height},
 * the context drawing in CSS pixels.
 */
export function clearCanvas(canvas, height) {
  const width = canvas.parentElement.clientWidth || 600;
  const tall = document.body.classList.contains("embed") ? height.embed : height.page;
  const ratio = devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(tall * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${tall}px`;
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, tall);
  return { ctx, width, height: tall };
}

/** "The numbers, as a table": a collapsed scrolling table named `label`: {details, table}. */
export function numbersTable(label, className) {
  const { wrap, table } = scrollingTable(label, className);
  const details = Object.assign(document.createElement("details"), { className: "phase-numbers-table" });
  const summary = Object.assign(document.createElement("summary"), { textContent: "The numbers, as a table" });
  details.append(summary, wrap);
  return { details, table };
}

/** A header cell of `scope` ("col" or "row"). */
export function th(text, scope) {
  return Object.assign(document.createElement("th"), { textContent: text, scope });
}

/** A button of `className` labelled `text` that calls `onClick`. */
export function button(text, className, onClick) {
  const b = Object.assign(document.createElement("button"), { type: "button", className, textContent: text });
  b.addEventListener("click", onClick);
  return b;
}
