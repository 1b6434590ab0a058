// The network diagram: inputs on the left, the output on the right, every weight an edge
// coloured by its sign and value on the diverging weight scale and drawn thicker the larger
// it is. Only for networks small enough to stay legible; otherwise a note says so.

import { maxAbs } from "./heatmap.js";
import { canvasFont, cssVar, divergingScale } from "./theme.js";

/** Widest layer (inputs included) the diagram draws. */
const MAX_NEURONS = 16;
const HEIGHT = 300;
const RADIUS = 6;

/** The "network" view: the diagram of the chosen run, or why there is none. */
export class NetworkView {
  #canvas;
  #note;
  #sizes = [];
  #weights = null;

  /** Fills `body` with the diagram's canvas and its note. */
  constructor(body) {
    this.#note = document.createElement("p");
    this.#note.className = "view-note";
    this.#canvas = document.createElement("canvas");
    this.#canvas.className = "network";
    this.#canvas.setAttribute("role", "img");
    body.append(this.#note, this.#canvas);
    new ResizeObserver(() => requestAnimationFrame(() => this.#draw())).observe(this.#canvas);
  }

  /** Starts over for layer widths `sizes` (inputs first, outputs last). */
  setRuns(sizes) {
    this.#sizes = sizes;
    this.#weights = null;
    const fits = sizes.every((n) => n <= MAX_NEURONS);
    this.#canvas.hidden = !fits;
    this.#note.textContent = fits
      ? "Each line is one weight: blue negative, orange positive, thicker the larger |w| is within its layer. Every weight of a zero-initialized layer is 0: no line at all."
      : `This network has ${Math.max(...sizes)} neurons (or inputs) in a layer: too many lines to read (the diagram draws up to ${MAX_NEURONS} per layer). The symmetry view shows every weight as a heatmap.`;
    this.#canvas.setAttribute("aria-label", `Diagram of a network with layers of ${sizes.join(", ")} neurons, weights as coloured lines`);
  }

  /** Shows run `run`'s weights ({weights: per layer {rows, columns, values}}). */
  update(run) {
    if (this.#canvas.hidden || !run.weights || run.weights === this.#weights) return;
    this.#weights = run.weights;
    this.#draw();
  }

  /** Redraws in the current theme. */
  restyle() {
    this.#draw();
  }

  #draw() {
    const canvas = this.#canvas;
    if (canvas.hidden || !this.#weights) return;
    const ratio = devicePixelRatio || 1;
    const width = Math.round(canvas.clientWidth * ratio);
    const height = Math.round(HEIGHT * ratio);
    if (width === 0) return;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const ctx = canvas.getContext("2d");
    ctx.clearRect(0, 0, width, height);
    const sizes = this.#sizes;
    const pad = 28 * ratio;
    const x = (layer) => pad + (layer * (width - 2 * pad)) / (sizes.length - 1);
    const y = (layer, j) => pad + ((j + 0.5) * (height - 2 * pad)) / sizes[layer];
    const colour = divergingScale();
    this.#weights.forEach((matrix, l) => {
      const max = maxAbs(matrix.values);
      const edges = [];
      for (let j = 0; j < matrix.rows; j++)
        for (let i = 0; i < matrix.columns; i++) edges.push([j, i, matrix.values[j * matrix.columns + i]]);
      edges.sort((a, b) => Math.abs(a[2]) - Math.abs(b[2])); // strong edges on top
      for (const [j, i, w] of edges) {
        if (w === 0) continue;
        const t = max > 0 ? w / max : NaN;
        const [r, g, b] = colour(t);
        ctx.strokeStyle = `rgb(${r}, ${g}, ${b})`;
        ctx.lineWidth = (0.5 + 3 * Math.abs(Number.isFinite(t) ? t : 1)) * ratio;
        ctx.beginPath();
        ctx.moveTo(x(l), y(l, i));
        ctx.lineTo(x(l + 1), y(l + 1, j));
        ctx.stroke();
      }
    });
    ctx.fillStyle = cssVar("bg");
    ctx.strokeStyle = cssVar("fg-muted");
    ctx.lineWidth = 1.5 * ratio;
    sizes.forEach((n, layer) => {
      for (let j = 0; j < n; j++) {
        ctx.beginPath();
        ctx.arc(x(layer), y(layer, j), RADIUS * ratio, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    });
    ctx.fillStyle = cssVar("fg-muted");
    ctx.font = canvasFont(12, ratio);
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    sizes.forEach((_n, layer) => {
      const name = layer === 0 ? "inputs" : layer === sizes.length - 1 ? "output" : `layer ${layer}`;
      ctx.fillText(name, x(layer), pad - RADIUS * ratio - 4 * ratio);
    });
  }
}
