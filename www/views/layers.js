// The "inside the layers" view: is the signal alive in every layer? Sentences in plain words
// per run; activation spread and gradient norm layer by layer for every run (the glance:
// vanishing and exploding read as sizes far below or far above the healthy range), with the
// step-0 reading and, for the activation spread, the mean-field prediction it is compared with;
// the same two per layer over time for the chosen run; and per layer histograms of its
// activations and of log10 |weight gradient|, with its saturated or dead fraction.

import { number } from "../format.js";
import { term } from "../glossary.js";
import {
  detailedRuns,
  doesNotApply,
  gradientTheoryApplies,
  predictedGradient,
  predictedSpread,
  profileColumns,
  profileSeries,
} from "../profiles.js";
import { describe, HEALTHY } from "../signal.js";
import { LayerHistograms } from "./layer-histograms.js";
import { LogChart } from "./log-chart.js";
import { canvasFont, cssVar, layerColor, runColor } from "./theme.js";

/** The profile charts' fields, activation chart first. */
const PROFILE_FIELDS = ["activationStd", "gradientNorm"];

const PROFILE_HEIGHT = 220;
const TIME_HEIGHT = 220;
/** Room right of the charts over time for the labels of their end lines ("layer 12"). */
const END_LABELS_WIDTH = 56;

/** The "layers" view: sentences, charts by layer and over time, histograms. */
export class LayersView {
  #sentences;
  #profiles;
  #times;
  #timeTitle;
  #histTitle;
  #profileTitle;
  #profileNotes;
  #legend;
  #histograms;
  #runs = [];
  /** Per run, the predicted activation spread per layer, or null where theory does not apply. */
  #theory = [];
  #layers = 0;
  /** The run whose step-0 points and theory the profile charts draw when there are over two. */
  #detail = null;
  /** Per profile chart, its series ({run, kind}) and the values last drawn. */
  #profileSeries = [[], []];
  #profileValues = [[], []];
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
        band: HEALTHY.activationStd,
      }),
      new LogChart(profileG, {
        height: PROFILE_HEIGHT,
        xLabel: "layer (input → output)",
        yLabel: "gradient norm",
        xAxis: layerAxis,
        xRange: profileRange,
        band: HEALTHY.gradientNorm,
      }),
    ];
    this.#timeTitle = subtitle();
    this.#legend = document.createElement("p");
    this.#legend.className = "layer-legend";
    const [timeBox, timeA, timeG] = chartPair(["Activation spread over time"], ["Gradient norm over time"]);
    const endLabels = (u) => this.#labelEnds(u);
    this.#times = [
      ...[
        ["activation std", HEALTHY.activationStd, timeA],
        ["gradient norm", HEALTHY.gradientNorm, timeG],
      ].map(
        ([yLabel, band, holder]) =>
          new LogChart(holder, { height: TIME_HEIGHT, xLabel: "step", yLabel, draw: endLabels, band, padRight: END_LABELS_WIDTH }),
      ),
    ];
    this.#histTitle = subtitle();
    this.#profileTitle = subtitle();
    this.#profileNotes = document.createElement("div");
    this.#profileNotes.className = "profile-notes";
    const histograms = document.createElement("div");
    this.#histograms = new LayerHistograms(histograms);
    // Over time and the histograms: the full page's; the embed card shows the profiles only.
    const details = document.createElement("div");
    details.className = "layer-details";
    details.append(this.#timeTitle, this.#legend, timeBox, this.#histTitle, histograms);
    body.append(this.#sentences, this.#profileTitle, profileKey(), profileBox, this.#profileNotes, details);
  }

  /**
   * Starts over with `runs` ([{label, activation, prediction}], activation being the core's
   * record and prediction its meanField() of the run's config, or null) of a network of layer
   * widths `sizes`.
   */
  setRuns(runs, sizes) {
    this.#runs = runs;
    this.#theory = runs.map((run) => predictedSpread(run.prediction));
    this.#detail = null;
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
    const count = this.#runs.length;
    const shown = this.#detail ?? 0;
    this.#profileSeries = [
      profileSeries(count, shown, (run) => this.#theory[run] !== null),
      profileSeries(count, shown, (run) => gradientTheoryApplies(this.#runs[run].prediction)),
    ];
    this.#profiles.forEach((chart, c) => {
      chart.setSeries(this.#profileSeries[c].map(({ run, kind }) => profileLine(this.#runs[run].label, run, kind)));
    });
    this.#drawn = { profile: null, time: null, hist: null };
  }

  /**
   * The profile charts as drawn, for tests: per chart (activation spread, gradient norm) its
   * series [{label, run, kind ("now", "step0", "theory"), values (per layer, output last)}],
   * and the notes under them.
   */
  profiles() {
    const charts = PROFILE_FIELDS.map((_, c) =>
      this.#profileSeries[c].map(({ run, kind }, s) => ({
        label: this.#runs[run].label,
        run,
        kind,
        values: Array.from(this.#profileValues[c][s] ?? []),
      })),
    );
    return {
      activation: charts[0],
      gradient: charts[1],
      notes: [...this.#profileNotes.children].map((note) => note.textContent),
    };
  }

  /** Shows the runs' latest numbers (`runs[i]`, a Run); charts over time for run `selected`. */
  update(runs, selected) {
    const detail = runs.length > 2 ? selected : 0;
    if (this.#detail !== detail) {
      this.#detail = detail;
      this.restyle();
      this.#showProfileNotes();
    }
    const profileKey = runs.map((run) => `${run.trace.steps.length}:${run.statsStep}:${run.progress.diverged}`).join();
    if (this.#drawn.profile !== profileKey) {
      this.#drawn.profile = profileKey;
      const points = runs.map((run) => run.profile());
      this.#showSentences(runs, points);
      const xs = Array.from({ length: this.#layers }, (_, l) => l + 1);
      PROFILE_FIELDS.forEach((field, c) => {
        const values = {
          now: points.map((p) => p?.[field]),
          step0: runs.map((run) => run.initialStats?.map((s) => s[field])),
          theory: c === 0 ? this.#theory : runs.map((run, i) => predictedGradient(this.#runs[i].prediction, run.initialStats)),
        };
        this.#profileValues[c] = profileColumns(this.#profileSeries[c], values);
        this.#profiles[c].setData([xs, ...this.#profileValues[c]]);
      });
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

  /**
   * The notes under the profile charts: which runs' step 0 and theory they draw, why theory is
   * missing where it does not apply, and why the gradient chart has none.
   */
  #showProfileNotes() {
    const detailed = detailedRuns(this.#runs.length, this.#detail ?? 0);
    const notes = detailed.map((i) => doesNotApply(this.#runs[i].label, this.#runs[i].prediction)).filter((note) => note !== null);
    const only =
      detailed.length < this.#runs.length
        ? `Step 0 and theory are drawn for ${this.#runs[detailed[0]].label} only, the run shown above; pick another run to see its own. `
        : "";
    const drawn = detailed.some((i) => this.#theory[i] !== null);
    const gradient = detailed.filter((i) => this.#theory[i] !== null && !gradientTheoryApplies(this.#runs[i].prediction));
    const noGradient = gradient.map((i) => {
      const mean = this.#runs[i].prediction.layers[0].activationMean;
      return (
        `No gradient theory for ${this.#runs[i].label}: the theory predicts one sample's gradient and the chart measures a batch's, ` +
        `which adds terms between samples; they cancel only for activations of mean 0, and its have mean ${number(mean)}.`
      );
    });
    const caption = drawn
      ? `${only}Dashed: the mean-field prediction for infinitely wide layers, from the variances the init draws. ` +
        "It predicts the hollow step-0 points; training then moves the filled ones away. On the gradient chart it fixes the " +
        "ratios between layers, so its line starts from the last hidden layer's reading at step 0."
      : `${only}Hollow points: the reading at step 0.`;
    this.#profileNotes.replaceChildren(
      ...[...notes, ...noGradient].map((text) => note(text, "view-note theory-na")),
      note(caption, "view-note"),
    );
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

  /**
   * Marks run `i`'s sentence as the shown one (the embed card shows it alone), re-colours the
   * charts over time and rebuilds the histogram rows for it.
   */
  #showSelected(i) {
    [...this.#sentences.children].forEach((item, j) => {
      item.classList.toggle("shown", i === j);
    });
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

  /** Labels the first and last hidden layers' lines beside their right ends, in their colours. */
  #labelEnds(u) {
    const L = this.#layers;
    const ends = L > 2 ? [1, L - 1] : L === 2 ? [1] : []; // series s is layer s; series L the output
    const ratio = devicePixelRatio || 1;
    const { ctx } = u;
    ctx.save();
    ctx.font = canvasFont(11, ratio);
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    let lastY = -Infinity;
    for (const s of ends) {
      const ys = u.data[s];
      let k = ys?.length - 1;
      while (k >= 0 && ys[k] === null) k--;
      if (!(k >= 0)) continue;
      let y = u.valToPos(ys[k], "y", true);
      if (Math.abs(y - lastY) < 12 * ratio) y = lastY + 12 * ratio;
      lastY = y;
      ctx.fillStyle = u.series[s].stroke();
      ctx.fillText(`layer ${s}`, u.bbox.left + u.bbox.width + 4 * ratio, Math.max(u.bbox.top + 12 * ratio, y));
    }
    ctx.restore();
  }
}

/** The uPlot series of run `i` (called `label`) of kind "now", "step0" or "theory" in a profile chart. */
function profileLine(label, i, kind) {
  const stroke = runColor(i);
  if (kind === "now") return { label, stroke, width: 2, points: { show: true, size: 6 } };
  if (kind === "step0") {
    return {
      label: `${label}, step 0`,
      stroke,
      width: 1,
      paths: () => null,
      points: { show: true, size: 8, width: 1.5, stroke, fill: cssVar("bg") },
    };
  }
  return { label: `${label}, theory`, stroke, width: 1.25, dash: [6, 4], points: { show: false } };
}

/** The key of the profile charts' marks: now, step 0, theory. */
function profileKey() {
  const key = document.createElement("p");
  key.className = "profile-key";
  const item = (mark, text) => {
    const span = document.createElement("span");
    span.className = "key-item";
    const symbol = document.createElement("span");
    symbol.className = `key-mark key-${mark}`;
    symbol.setAttribute("aria-hidden", "true");
    span.append(symbol, text);
    return span;
  };
  key.append(
    item("now", "measured now"),
    item("step0", "measured at step 0"),
    item("theory", "theory (infinite width), at initialization"),
  );
  return key;
}

function note(text, className) {
  const p = document.createElement("p");
  p.className = className;
  p.textContent = text;
  return p;
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
    holder.className = "chart-holder";
    figure.append(figcaption, holder);
    box.append(figure);
    return holder;
  });
  return [box, ...holders];
}
