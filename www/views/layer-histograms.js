// Small multiples of one run's layers: per layer a row with the histogram of its outputs, the
// histogram of log10 |dLoss/dweight| of its weights (led by a grey bar of the gradients that
// are exactly 0), and its saturated or dead fraction (for activations that can saturate or
// die). Axis rows label the histograms' ranges.

import { percent, powerOfTen } from "../format.js";
import { term } from "../glossary.js";
import { binAt, drawAxis, drawHistogram } from "./histogram.js";

/** Decades marked on the gradient histograms (within the core's range, 10⁻¹² to 10²). */
const GRADIENT_DECADES = [-12, -9, -6, -3, 0];

/** The grid of per-layer histograms of one run. */
export class LayerHistograms {
  #root;
  #rows = [];
  #axes = [];
  #activation = null;
  #shown = null; // [stats, colour] last drawn, redrawn when the grid changes width

  /** Builds into `root` (an empty element). */
  constructor(root) {
    this.#root = root;
    root.className = "histograms";
    new ResizeObserver(() => requestAnimationFrame(() => this.#shown && this.update(...this.#shown))).observe(root);
  }

  /** Rebuilds the grid for `layers` layers (the output last) of `activation` (core's record). */
  setLayers(layers, activation) {
    this.#activation = activation;
    this.#shown = null;
    const fraction = activation.canSaturate ? term("saturated", "saturation") : activation.canDie ? term("dead", "dead") : "";
    const heads = ["layer", [term("activations", "histogram")], ["log₁₀ |weight ", term("gradient", "gradientNorm"), "|"], [fraction]];
    this.#axes = [];
    this.#rows = [];
    const cells = [...heads.map((content) => cell("hist-head", content)), cell(), this.#axis(0, "act"), this.#axis(0, "grad"), cell()];
    for (let l = 0; l < layers; l++) {
      const output = l === layers - 1;
      const where = output ? "the output layer" : `layer ${l + 1}`;
      const row = {
        act: histogramCanvas(`Histogram of the outputs of ${where}`),
        grad: histogramCanvas(`Histogram of log10 |weight gradient| of ${where}`),
        fraction: cell("hist-fraction", "—"),
      };
      this.#rows.push(row);
      cells.push(cell("hist-name", output ? "out" : String(l + 1)), row.act, row.grad, row.fraction);
      // The output layer's outputs are logits on another range than the hidden layers'.
      if (output && l > 0) cells.push(cell(), this.#axis(l, "act"), cell(), cell());
    }
    this.#root.replaceChildren(...cells);
  }

  /** Draws the histograms of `stats` (the core's layerStats()) in `colour`. */
  update(stats, colour) {
    this.#shown = [stats, colour];
    const activation = this.#activation;
    stats.forEach((s, l) => {
      const row = this.#rows[l];
      if (!row) return;
      const act = s.activationHistogram;
      drawHistogram(
        row.act,
        act.counts,
        colour,
        activationTicks(act).map((t) => t.at),
      );
      const grad = s.gradientHistogram;
      drawHistogram(
        row.grad,
        grad.counts,
        colour,
        gradientTicks(grad).map((t) => t.at),
        s.zeroGradients,
      );
      const value = !s.hidden
        ? ""
        : activation.canSaturate
          ? percent(s.saturatedFraction)
          : activation.canDie
            ? percent(s.deadFraction)
            : "";
      if (row.fraction.textContent !== value) row.fraction.textContent = value;
    });
    for (const { canvas, layer, kind } of this.#axes) {
      const s = stats[layer];
      const ticks = kind === "grad" ? gradientTicks(s.gradientHistogram) : activationTicks(s.activationHistogram);
      drawAxis(canvas, ticks);
    }
  }

  #axis(layer, kind) {
    const canvas = document.createElement("canvas");
    canvas.className = "hist-axis";
    canvas.setAttribute("aria-hidden", "true");
    this.#axes.push({ canvas, layer, kind });
    return canvas;
  }
}

/**
 * Marks of a gradient histogram over log10 |g| in [lo, hi], after its bar of exact zeros: "0",
 * then the decades of GRADIENT_DECADES (the first bin also holds every smaller gradient).
 */
function gradientTicks({ lo, hi, counts }) {
  const zero = { at: binAt(0, counts.length, true) / 2, label: "0" };
  const decades = GRADIENT_DECADES.filter((k) => k >= lo && k <= hi);
  return [zero, ...decades.map((k) => ({ at: binAt((k - lo) / (hi - lo), counts.length, true), label: k === 0 ? "1" : powerOfTen(k) }))];
}

/** Marks of an activation histogram: its ends and 0; ends that collect outliers read ≤ and ≥. */
function activationTicks({ lo, hi }) {
  const bounded = lo >= -1 && hi <= 1; // sigmoid and tanh: nothing lies outside
  const text = (x) => String(x).replace("-", "−");
  const ticks = [
    { at: 0, label: bounded ? text(lo) : `≤${text(lo)}` },
    { at: 1, label: bounded ? text(hi) : `≥${text(hi)}` },
  ];
  if (lo < 0 && hi > 0) ticks.splice(1, 0, { at: -lo / (hi - lo), label: "0" });
  return ticks;
}

function histogramCanvas(label) {
  const canvas = document.createElement("canvas");
  canvas.className = "hist";
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", label);
  return canvas;
}

function cell(className = "", content = "") {
  const div = document.createElement("div");
  if (className) div.className = className;
  div.append(...(Array.isArray(content) ? content : [content]));
  return div;
}
