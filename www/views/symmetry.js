// The symmetry view: for each hidden layer of the chosen run, a big badge "distinct neurons:
// 1 of 8", a heatmap of its incoming weights (one row per neuron, one column per input) and
// the cosine similarity between every two neurons. Identical neurons show as identical rows
// and as a similarity matrix that is one flat colour.

import { integer, number } from "../format.js";
import { term } from "../glossary.js";
import { cellSize, drawMatrix, maxAbs, scaleLegend } from "./heatmap.js";

/** Largest side of a matrix, in CSS pixels. */
const MATRIX_PX = 128;

/** The "symmetry" view of the chosen run: one card per hidden layer. */
export class SymmetryView {
  #legend;
  #grid;
  #cards = [];
  #shown = null; // the run object last drawn, and its weights
  #weights = null;

  /** Fills `body` with a colour legend and one card per hidden layer. */
  constructor(body) {
    this.#legend = scaleLegend("Colour:");
    this.#legend.update("negative", "0", "positive");
    this.#grid = document.createElement("div");
    this.#grid.className = "layer-cards";
    const note = document.createElement("p");
    note.className = "view-note";
    note.append(
      "Weights are scaled to each layer's largest |w|; ",
      term("similarity", "cosine"),
      " runs from −1 to +1. A ",
      term("symmetric", "symmetry"),
      " layer has identical rows and a similarity matrix of one flat colour.",
    );
    body.append(this.#legend.element, note, this.#grid);
  }

  /** Starts over for networks of layer widths `sizes` (inputs first, outputs last). */
  setRuns(sizes) {
    const hidden = sizes.slice(1, -1);
    this.#cards = hidden.map((fanOut, l) => layerCard(l, sizes[l], fanOut));
    const none = document.createElement("p");
    none.className = "view-note";
    none.textContent = "This network has no hidden layer, so there are no neurons to compare.";
    this.#grid.replaceChildren(...(hidden.length ? this.#cards.map((c) => c.element) : [none]));
    this.#shown = null;
    this.#weights = null;
  }

  /** Shows run `run` ({label, stats, weights, similarity}). */
  update(run) {
    if (!run.stats || !run.weights || (run === this.#shown && run.weights === this.#weights)) return;
    this.#shown = run;
    this.#weights = run.weights;
    this.#cards.forEach((card, l) => {
      const stats = run.stats[l];
      const weights = run.weights[l];
      const distinct = `${integer(stats.distinctNeurons)} of ${integer(stats.fanOut)}`;
      setText(card.badge, distinct);
      card.badge.parentElement.classList.toggle("alert", stats.distinctNeurons === 1 && stats.fanOut > 1);
      const range = maxAbs(weights.values);
      const cell = cellSize(weights.rows, weights.columns, MATRIX_PX);
      drawMatrix(card.weights, weights, range, cell);
      card.weights.setAttribute(
        "aria-label",
        `Incoming weights of layer ${l + 1}: ${weights.rows} neurons by ${weights.columns} inputs, ${distinct} neurons distinct, largest |w| ${number(range)}`,
      );
      const cropped = weights.rows < stats.fanOut || weights.columns < stats.fanIn;
      card.subset.hidden = !cropped;
      if (cropped) {
        setText(
          card.subset,
          `Showing the first ${weights.rows} of ${stats.fanOut} neurons and ${weights.columns} of ${stats.fanIn} inputs.`,
        );
      }
      setText(card.range, range > 0 ? `largest |w| ${number(range)}` : "every weight is 0");
      const similarity = run.similarity?.[l];
      card.similarity.hidden = !similarity;
      card.similarityCaption.textContent = similarity ? `similarity, max ${number(stats.maxCosine)}` : "too wide for a similarity matrix";
      if (similarity) {
        drawMatrix(card.similarity, similarity, 1, cellSize(similarity.rows, similarity.columns, MATRIX_PX));
        card.similarity.setAttribute(
          "aria-label",
          `Cosine similarity between the neurons of layer ${l + 1}; the largest between two neurons is ${number(stats.maxCosine)}`,
        );
      }
    });
  }

  /** Redraws the legend and the matrices in the current theme. */
  restyle() {
    this.#legend.redraw();
    this.#shown = null;
  }
}

/** The card of hidden layer `l` (0-based) with `fanIn` inputs and `fanOut` neurons. */
function layerCard(l, fanIn, fanOut) {
  const element = document.createElement("article");
  element.className = "layer-card";
  const title = document.createElement("h3");
  title.append(`Layer ${l + 1} `);
  const shape = document.createElement("span");
  shape.className = "dim";
  shape.append("· ", `${fanOut} neurons, `, term("fan_in", "fan_in"), ` ${fanIn}`);
  title.append(shape);
  const badgeBox = document.createElement("p");
  badgeBox.className = "badge";
  const badgeLabel = term("distinct neurons", "distinct");
  badgeLabel.classList.add("badge-label");
  const badge = document.createElement("output");
  badge.className = "badge-value";
  badge.textContent = `— of ${fanOut}`;
  badgeBox.append(badgeLabel, badge);
  const weights = matrixCanvas();
  const similarity = matrixCanvas();
  const range = document.createElement("figcaption");
  const similarityCaption = document.createElement("figcaption");
  const matrices = document.createElement("div");
  matrices.className = "matrices";
  matrices.append(figure(weights, range), figure(similarity, similarityCaption));
  const subset = document.createElement("p");
  subset.className = "view-note";
  subset.hidden = true;
  element.append(title, badgeBox, matrices, subset);
  return { element, badge, weights, similarity, range, similarityCaption, subset };
}

function matrixCanvas() {
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  return canvas;
}

function figure(canvas, caption) {
  const element = document.createElement("figure");
  element.append(canvas, caption);
  return element;
}

function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}
