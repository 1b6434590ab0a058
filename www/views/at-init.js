// The "At initialization" view of a paper card computed at initialization (AtInitExperiment):
// the paper's figure, drawn from the cells as the workers measure them. Glorot & Bengio
// (figure "layerHistograms"): per-layer histograms of the activations (the paper's figure 6)
// and of the back-propagated gradients (figure 7), one curve per layer coloured in order, the
// standard init beside the normalized one. Pennington et al. (figure "spectra"): the histogram
// of the input-output Jacobian's singular values of each network at the chosen depth. A
// progress bar and Cancel drive the workers; the numbers the badge checks are in the card.

import { number } from "../format.js";
import uPlot from "../vendor/uPlot.esm.js";
import { frameScheduler, PoolControls, poolStatus } from "./pool-view.js";
import { axisStyle, canvasFont, cssVar } from "./theme.js";

/** Layers 1 to 5, in order: a ramp from purple to amber, legible on light and dark. */
const LAYER_COLOURS = ["#6a51a3", "#3b7dbf", "#1f9e89", "#6ab04c", "#e69f00"];
/** The theory's largest singular value, marked on a spectrum: Okabe-Ito orange, apart from the curves. */
const THEORY_COLOUR = "#e69f00";
/** Bins of a spectrum's histogram. */
const SPECTRUM_BINS = 40;
/** A chart's height in CSS pixels: on the page, and in the embed card. */
const HEIGHT = { page: 170, embed: 130 };

/** The At initialization view of `experiment` (an AtInitExperiment). */
export class AtInitView {
  #experiment;
  #controls;
  #figure;
  #charts = [];
  /** What the figure shows now ("layerHistograms" or "spectra" and the card's id), to rebuild on change. */
  #shown = null;
  #depth = null;
  #schedule = frameScheduler(() => this.#draw());

  /** Fills `body` with the view of `experiment`. */
  constructor(body, experiment) {
    this.#experiment = experiment;
    this.#controls = new PoolControls("atinit-status", "Measure", experiment);
    this.#figure = document.createElement("div");
    this.#figure.className = "atinit-figure";
    body.append(this.#controls.element, this.#figure);
    experiment.addEventListener("change", () => this.#schedule());
    new ResizeObserver(() => this.#schedule()).observe(body);
    this.#schedule();
  }

  /** Redraws in the current theme. */
  restyle() {
    this.#shown = null;
    this.#schedule();
  }

  #draw() {
    const experiment = this.#experiment;
    const cells = experiment.cells();
    const done = experiment.done();
    const running = experiment.running;
    const total = cells.length;
    this.#controls.update({
      running,
      done,
      total,
      text: experiment.card
        ? poolStatus({
            running,
            outcome: experiment.outcome,
            done,
            total,
            doing: "Measuring at initialization",
            did: "measured at initialization",
            resume: "Measure to finish.",
          })
        : "This view draws a card computed at initialization: open one under “From the papers”.",
    });
    const card = experiment.card;
    if (!card) {
      this.#figure.replaceChildren();
      this.#charts = [];
      this.#shown = null;
      return;
    }
    if (card.experiment.figure === "layerHistograms") this.#layerHistograms(card, cells);
    else this.#spectra(card, cells);
  }

  /** Glorot & Bengio: activations and back-propagated gradients, per layer, per init. */
  #layerHistograms(card, cells) {
    const key = `layers:${card.id}`;
    if (this.#shown !== key) {
      this.#shown = key;
      const legend = legendOf(["1", "2", "3", "4", "5"].map((n, i) => [`layer ${n}`, LAYER_COLOURS[i]]));
      const grid = document.createElement("div");
      grid.className = "atinit-grid";
      this.#charts = [];
      for (const [kind, what, axis] of [
        ["activation", "activations", "tanh output"],
        ["backprop", "back-propagated gradients", "∂L/∂h"],
      ]) {
        for (const cell of cells) {
          this.#charts.push(this.#chart(grid, `${cell.label} init: ${what}`, { kind, cell: cell.index }, axis, "fraction"));
        }
      }
      this.#figure.replaceChildren(legend, grid);
    }
    for (const chart of this.#charts) {
      const network = this.#experiment.result(cells[chart.source.cell]);
      const histograms = network?.[chart.source.kind === "activation" ? "activationHistograms" : "backpropHistograms"];
      if (!histograms) continue;
      chart.data = curves(histograms);
      chart.set(histograms.map((_, l) => ({ label: `layer ${l + 1}`, stroke: LAYER_COLOURS[l % LAYER_COLOURS.length] })));
    }
  }

  /** Pennington et al.: each network's singular values at the chosen depth. */
  #spectra(card, cells) {
    const results = cells.map((cell) => this.#experiment.result(cell));
    const all = [...new Set(cells.map((cell) => cell.depth))].sort((a, b) => a - b);
    this.#depth ??= all.includes(8) ? 8 : all[all.length - 1];
    const key = `spectra:${card.id}:${this.#depth}`;
    if (this.#shown !== key) {
      this.#shown = key;
      const picker = document.createElement("fieldset");
      picker.className = "atinit-depths";
      picker.append(Object.assign(document.createElement("legend"), { textContent: "Depth L (layers the Jacobian spans)" }));
      for (const depth of all) {
        const label = document.createElement("label");
        const input = Object.assign(document.createElement("input"), { type: "radio", name: "atinit-depth", value: String(depth) });
        input.checked = depth === this.#depth;
        input.addEventListener("change", () => {
          this.#depth = depth;
          this.#schedule();
        });
        label.append(input, ` ${depth}`);
        picker.append(label);
      }
      const grid = document.createElement("div");
      grid.className = "atinit-grid atinit-spectra";
      const networks = [...new Set(cells.map((cell) => cell.network))];
      this.#charts = networks.map((network) =>
        this.#chart(grid, `${network}, depth ${this.#depth}`, { network }, "singular value", "fraction"),
      );
      const note = Object.assign(document.createElement("p"), {
        className: "view-note atinit-key",
        textContent:
          "Each curve: the fraction of the Jacobian's singular values in each bin. Dashed orange: the largest singular value theory gives at infinite width (1 for orthogonal weights; √((L+1)^(L+1)/L^L) for Gaussian ones).",
      });
      this.#figure.replaceChildren(picker, grid, note);
    }
    const atDepth = results.filter((r) => r && r.depth === this.#depth);
    const theory = (network) => cells.find((cell) => cell.network === network && cell.depth === this.#depth)?.theoryLargest ?? null;
    const top = Math.max(1.1, ...atDepth.map((r) => r.singularValues[0] ?? 0), ...atDepth.map((r) => theory(r.network) ?? 0)) * 1.02;
    for (const chart of this.#charts) {
      const spectrum = atDepth.find((r) => r.network === chart.source.network);
      if (!spectrum) continue;
      const [largest, predicted] = [spectrum.singularValues[0], theory(chart.source.network)];
      const numbers = Object.assign(document.createElement("span"), {
        className: "atinit-numbers",
        textContent: `largest ${number(largest)}${predicted === null ? "" : `, theory ${number(predicted)}`}`,
      });
      chart.caption.replaceChildren(`${chart.source.network}, depth ${this.#depth}`, numbers);
      chart.data = spectrumCurve(spectrum.singularValues, top);
      chart.set([{ label: chart.source.network, stroke: cssVar("accent") }], predicted);
    }
  }

  /** A chart titled `title` in `grid`, drawing `source`'s curves; returns its handle. */
  #chart(grid, title, source, xLabel, yLabel) {
    const figure = document.createElement("figure");
    figure.className = "atinit-chart";
    const caption = Object.assign(document.createElement("figcaption"), { textContent: title });
    const plot = document.createElement("div");
    plot.setAttribute("role", "img");
    plot.setAttribute("aria-label", `${title}: a histogram; the card's checks give its numbers`);
    figure.append(caption, plot);
    grid.append(figure);
    const chart = { source, caption, data: [[]], plot: null };
    const height = document.body.classList.contains("embed") ? HEIGHT.embed : HEIGHT.page;
    chart.set = (series, mark = null) => {
      chart.plot?.destroy();
      const axis = axisStyle();
      chart.plot = new uPlot(
        {
          width: Math.max(160, plot.clientWidth),
          height,
          padding: [8, 12, 0, 0],
          legend: { show: false },
          cursor: { show: false },
          scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] } },
          axes: [
            { ...axis, label: xLabel, size: 30, space: 60, values: (_u, ticks) => ticks.map(number) },
            { ...axis, label: yLabel, size: 44, space: 24 },
          ],
          series: [{}, ...series.map((s) => ({ ...s, width: 1.5, points: { show: false } }))],
          hooks: { draw: mark === null ? [] : [(u) => drawMark(u, mark)] },
        },
        chart.data,
        plot,
      );
    };
    return chart;
  }
}

/** A dashed vertical line at x = `value` over the plot of `u`, labelled "theory" at its top. */
function drawMark(u, value) {
  const { ctx, bbox } = u;
  const x = Math.round(u.valToPos(value, "x", true));
  const ratio = devicePixelRatio || 1;
  ctx.save();
  ctx.strokeStyle = THEORY_COLOUR;
  ctx.fillStyle = THEORY_COLOUR;
  ctx.lineWidth = 2 * ratio;
  ctx.setLineDash([5 * ratio, 4 * ratio]);
  ctx.beginPath();
  ctx.moveTo(x, bbox.top);
  ctx.lineTo(x, bbox.top + bbox.height);
  ctx.stroke();
  ctx.font = canvasFont(11, ratio);
  ctx.textBaseline = "top";
  // The label goes left of the line when the line is in the right half.
  const right = x < bbox.left + bbox.width / 2;
  ctx.textAlign = right ? "left" : "right";
  ctx.fillText("theory", x + (right ? 5 : -5) * ratio, bbox.top + 2 * ratio);
  ctx.restore();
}

/** Each histogram ({lo, hi, counts}) as the fraction of its values per bin, at the bins' centres. */
function curves(histograms) {
  const { lo, hi, counts } = histograms[0];
  const width = (hi - lo) / counts.length;
  const xs = counts.map((_, i) => lo + (i + 0.5) * width);
  return [xs, ...histograms.map((h) => fractions(h.counts))];
}

/** `values` as the fraction per bin of SPECTRUM_BINS bins over [0, top], at the bins' centres. */
function spectrumCurve(values, top) {
  const counts = new Array(SPECTRUM_BINS).fill(0);
  for (const v of values) counts[Math.min(SPECTRUM_BINS - 1, Math.max(0, Math.floor((v / top) * SPECTRUM_BINS)))] += 1;
  return [counts.map((_, i) => ((i + 0.5) * top) / SPECTRUM_BINS), fractions(counts)];
}

function fractions(counts) {
  const total = counts.reduce((sum, c) => sum + c, 0) || 1;
  return counts.map((c) => c / total);
}

/** A legend: a swatch and a name per entry of `entries` ([name, colour]). */
function legendOf(entries) {
  const legend = document.createElement("p");
  legend.className = "atinit-legend";
  for (const [name, colour] of entries) {
    const item = document.createElement("span");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = colour;
    item.append(swatch, name);
    legend.append(item);
  }
  return legend;
}
