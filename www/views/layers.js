// The "inside the layers" view: is the signal alive in every layer? Sentences in plain words
// per run; activation spread and gradient norm layer by layer for every run (the glance:
// vanishing reads as a line falling towards the input, exploding as one rising); the same two
// per layer over time for the chosen run; and per layer histograms of its activations and of
// log10 |weight gradient|, with its saturated or dead fraction.

import { term } from "../glossary.js";
import { describe } from "../signal.js";
import { LayerHistograms } from "./layer-histograms.js";
import { LogChart } from "./log-chart.js";
import { canvasFont, layerColor, runColor } from "./theme.js";

const PROFILE_HEIGHT = 220;
const TIME_HEIGHT = 220;

/** The "layers" view: sentences, charts by layer and over time, histograms. */
export class LayersView {
  #sentences;
  #profiles;
  #times;
  #timeTitle;
  #histTitle;
  #profileTitle;
  #legend;
  #histograms;
  #runs = [];
  #layers = 0;
  #drawn = { profile: null, time: null, hist: null };

  /** Fills `body`: sentences, the two profile charts, the two charts over time, histograms. */
  constructor(body) {
    this.#sentences = document.createElement("ul");
    this.#sentences.className = "sentences";
    const layerAxis = {
      splits: (_u) => layerTicks(this.#layers),
      values: (_u, ticks) => ticks.map((t) => (t === this.#layers ? "out" : String(t))),
    };
    const profileRange = () => [0.7, this.#layers + 0.3];
    const [profileBox, profileA, profileG] = chartPair(
      [term("Activation spread", "activationStd"), " by layer, now"],
      [term("Gradient norm", "gradientNorm"), " by layer, now"],
    );
    this.#profiles = [
      new LogChart(profileA, {
        height: PROFILE_HEIGHT,
        xLabel: "layer (input → output)",
        yLabel: "activation std",
        xAxis: layerAxis,
        xRange: profileRange,
      }),
      new LogChart(profileG, {
        height: PROFILE_HEIGHT,
        xLabel: "layer (input → output)",
        yLabel: "gradient norm",
        xAxis: layerAxis,
        xRange: profileRange,
      }),
    ];
    this.#timeTitle = subtitle();
    this.#legend = document.createElement("p");
    this.#legend.className = "layer-legend";
    const [timeBox, timeA, timeG] = chartPair(["Activation spread over time"], ["Gradient norm over time"]);
    const endLabels = (u) => this.#labelEnds(u);
    this.#times = [
      new LogChart(timeA, { height: TIME_HEIGHT, xLabel: "step", yLabel: "activation std", draw: endLabels }),
      new LogChart(timeG, { height: TIME_HEIGHT, xLabel: "step", yLabel: "gradient norm", draw: endLabels }),
    ];
    this.#histTitle = subtitle();
    this.#profileTitle = subtitle();
    const histograms = document.createElement("div");
    this.#histograms = new LayerHistograms(histograms);
    body.append(this.#sentences, this.#profileTitle, profileBox, this.#timeTitle, this.#legend, timeBox, this.#histTitle, histograms);
  }

  /**
   * Starts over with `runs` ([{label, activation}], activation being the core's record) of a
   * network of layer widths `sizes`.
   */
  setRuns(runs, sizes) {
    this.#runs = runs;
    this.#layers = sizes.length - 1;
    this.#profileTitle.textContent = runs.length > 1 ? "Every run, layer by layer" : "Layer by layer";
    this.#sentences.replaceChildren(
      ...runs.map((run, i) => {
        const item = document.createElement("li");
        item.className = `run-${i}`;
        const name = document.createElement("span");
        name.className = "run-name";
        name.textContent = run.label;
        item.append(name, document.createElement("span"));
        return item;
      }),
    );
    this.restyle();
  }

  /** Rebuilds the charts in the current theme's colours. */
  restyle() {
    const profileSeries = this.#runs.map((run, i) => ({
      label: run.label,
      stroke: runColor(i),
      width: 2,
      points: { show: true, size: 6 },
    }));
    for (const chart of this.#profiles) chart.setSeries(profileSeries);
    this.#drawn = { profile: null, time: null, hist: null };
  }

  /** Shows the runs' latest numbers (`runs[i]` = {trace, stats}); charts over time for run `selected`. */
  update(runs, selected) {
    const profileKey = runs.map((run) => `${run.trace.steps.length}:${run.progress.diverged}`).join();
    if (this.#drawn.profile !== profileKey) {
      this.#drawn.profile = profileKey;
      const points = runs.map((run) => run.trace.lastFinite());
      this.#showSentences(runs, points);
      const xs = Array.from({ length: this.#layers }, (_, l) => l + 1);
      this.#profiles[0].setData([xs, ...points.map((p) => p?.activationStd ?? [])]);
      this.#profiles[1].setData([xs, ...points.map((p) => p?.gradientNorm ?? [])]);
    }
    const run = runs[selected];
    const timeKey = `${selected}:${run.trace.steps.length}`;
    if (this.#drawn.time !== timeKey) {
      if (this.#drawn.time?.split(":")[0] !== String(selected)) this.#showSelected(selected);
      this.#drawn.time = timeKey;
      const { steps, fields } = run.trace;
      this.#times[0].setData([steps, ...fields.activationStd]);
      this.#times[1].setData([steps, ...fields.gradientNorm]);
    }
    if (run.stats && this.#drawn.hist !== run.stats) {
      this.#drawn.hist = run.stats;
      const label = this.#runs[selected].label;
      this.#histTitle.textContent = run.progress.diverged
        ? `Histograms: ${label}, at step ${run.statsStep}, its last reading before it diverged`
        : `Histograms: ${label}`;
      this.#histograms.update(run.stats, runColor(selected));
    }
  }

  #showSentences(runs, points) {
    runs.forEach((run, i) => {
      const text = this.#sentences.children[i].lastChild;
      const point = points[i];
      const words = point ? describe(point, this.#runs[i].activation).join(" ") : "No finite reading yet.";
      const diverged = run.progress.diverged ? `Diverged (NaN) at step ${run.progress.divergedAt}. At step ${point?.step ?? 0}: ` : "";
      if (text.textContent !== diverged + words) text.textContent = diverged + words;
    });
  }

  /** Re-colours the charts over time and rebuilds the histogram rows for run `i`. */
  #showSelected(i) {
    const run = this.#runs[i];
    const L = this.#layers;
    const name = (l) => (l === L - 1 ? "output" : `layer ${l + 1}`);
    const series = Array.from({ length: L }, (_, l) => ({ label: name(l), stroke: layerColor(i, l, L), width: 1.5 }));
    for (const chart of this.#times) chart.setSeries(series);
    this.#timeTitle.textContent = `Over time: ${run.label}`;
    this.#legend.replaceChildren(
      "One line per layer: layer 1 ",
      ...series.map((s) => {
        const chip = document.createElement("span");
        chip.className = "layer-chip";
        chip.style.background = s.stroke;
        chip.title = s.label;
        return chip;
      }),
      " output",
    );
    this.#histograms.setLayers(L, run.activation);
    this.#drawn.hist = null;
  }

  /** Labels the first and last hidden layers' lines at their right ends, in their colours. */
  #labelEnds(u) {
    const L = this.#layers;
    const ends = L > 2 ? [1, L - 1] : L === 2 ? [1] : []; // series s is layer s; series L the output
    const ratio = devicePixelRatio || 1;
    const { ctx } = u;
    ctx.save();
    ctx.font = canvasFont(11, ratio);
    ctx.textAlign = "right";
    ctx.textBaseline = "bottom";
    let lastY = -Infinity;
    for (const s of ends) {
      const ys = u.data[s];
      let k = ys?.length - 1;
      while (k >= 0 && ys[k] === null) k--;
      if (!(k >= 0)) continue;
      let y = u.valToPos(ys[k], "y", true) - 3 * ratio;
      if (Math.abs(y - lastY) < 12 * ratio) y = lastY + 12 * ratio;
      lastY = y;
      ctx.fillStyle = u.series[s].stroke();
      ctx.fillText(`layer ${s}`, u.bbox.left + u.bbox.width - 2 * ratio, Math.max(u.bbox.top + 12 * ratio, y));
    }
    ctx.restore();
  }
}

/** Layer numbers to label on a layer axis of `count` layers, at most about 12. */
function layerTicks(count) {
  const every = Math.ceil(count / 12);
  const ticks = [];
  for (let l = 1; l <= count; l += every) ticks.push(l);
  if (ticks.at(-1) !== count) ticks.push(count);
  return ticks;
}

function subtitle(text = "") {
  const h = document.createElement("h3");
  h.className = "subtitle";
  h.textContent = text;
  return h;
}

/** Two charts side by side, each under its caption: [box, chartA, chartB]. */
function chartPair(captionA, captionB) {
  const box = document.createElement("div");
  box.className = "chart-pair";
  const holders = [captionA, captionB].map((caption) => {
    const figure = document.createElement("figure");
    const figcaption = document.createElement("figcaption");
    figcaption.append(...caption);
    const holder = document.createElement("div");
    figure.append(figcaption, holder);
    box.append(figure);
    return holder;
  });
  return [box, ...holders];
}
