// The story views (the sections of #views in index.html), by the id their section names in
// data-view: what each asks the workers for, where its code is, and how it is built and fed.
// A view's code loads (a dynamic import) the first time the view opens, so a page or an embed
// showing two views downloads those two views' code only. What a view asks the workers for is
// known here before its code loads: the readings are asked for as soon as the view opens.

import { meanField, theoreticalVariance } from "./pkg/initlab.js";
import { datasetOf } from "./runs.js";

/** Per run config, its mean-field prediction (meanField), computed once when first asked. */
const PREDICTIONS = new WeakMap();

/** The mean-field prediction at initialization of `run`'s config; null if the core refuses it. */
function prediction(run) {
  if (!PREDICTIONS.has(run.config)) {
    let result = null;
    try {
      result = meanField(run.config);
    } catch {
      // A config the core trains is one it predicts; should it not, the views draw no theory.
    }
    PREDICTIONS.set(run.config, result);
  }
  return PREDICTIONS.get(run.config);
}

/**
 * Sides of the decision-boundary grid: one or two runs get large figures; a comparison of more
 * gets small ones, which a coarser grid fills as well (the canvas smooths it) at half the cost.
 */
const RESOLUTION = { large: 64, small: 48 };

/** The corner of a layer's weights a heatmap shows: its first neurons (rows) and inputs. */
const HEATMAP = { rows: 32, columns: 64 };

/**
 * Per view id: `needs(dataset, runs)`, the readings it asks the workers for (Trainer.round's
 * request keys) of one of `runs` runs on `dataset`, one of the core's datasets(), for the run the single-run views
 * show, or for every run when `everyRun`; `picksRun`, whether it shows the one run the run
 * picker chooses; `load(sources)`, its module (and what it needs loaded of `sources`); `build(module, body, core, sources)`, the view drawn
 * into `body` (its section's .view-body) with the core's lists and the page's other sources of
 * what views show (see StoryViews); `setRuns(view, runs, core)`, given the runs just loaded;
 * `update(view, runs, selected)`, given their latest numbers and the run the single-run views
 * show; `restyle(view)`, redrawn after a theme change. Only `load` and `build` are required.
 */
const VIEWS = {
  loss: {
    load: () => import("./views/comparison.js"),
    build: ({ ComparisonView }, body, core) => new ComparisonView(body, core.limits),
    setRuns: (view, runs) => view.setRuns(runs),
    update: (view, runs) => view.update(runs),
    restyle: (view) => view.restyle(),
  },
  boundary: {
    needs: (dataset, runs) => (dataset.is2d ? { boundary: runs > 2 ? RESOLUTION.small : RESOLUTION.large } : { predictions: true }),
    everyRun: true,
    load: () => import("./views/data-view.js"),
    build: ({ BoundaryView }, body, core) => new BoundaryView(body, core.limits.viewExtent),
    setRuns: (view, runs, core) => view.setRuns(runs, datasetOf(core, runs[0].config)),
    update: (view, runs, selected) => view.update(runs, selected),
    restyle: (view) => view.redraw(),
  },
  symmetry: {
    picksRun: true,
    needs: () => ({ stats: true, weights: HEATMAP, similarity: HEATMAP.rows }),
    load: () => import("./views/symmetry.js"),
    build: ({ SymmetryView }, body) => new SymmetryView(body),
    setRuns: (view, runs) => view.setRuns(runs[0].sizes),
    update: (view, runs, selected) => view.update(runs[selected]),
    restyle: (view) => view.restyle(),
  },
  layers: {
    picksRun: true,
    needs: () => ({ stats: true }),
    load: () => import("./views/layers.js"),
    build: ({ LayersView }, body) => new LayersView(body),
    setRuns: (view, runs, core) =>
      view.setRuns(
        runs.map((run) => ({
          label: run.label,
          activation: core.activations.find((a) => a.id === run.config.activation),
          prediction: prediction(run),
        })),
        runs[0].sizes,
      ),
    update: (view, runs, selected) => view.update(runs, selected),
    restyle: (view) => view.restyle(),
  },
  theory: {
    picksRun: true,
    needs: () => ({ stats: true }),
    load: () => import("./views/theory.js"),
    build: ({ TheoryView }, body, core) => new TheoryView(body, document.getElementById("notes-table"), { ...core, theoreticalVariance }),
    setRuns: (_view, runs) => runs.forEach(prediction),
    update: (view, runs, selected) => view.update(runs[selected], prediction(runs[selected])),
  },
  depth: {
    load: ({ sweep }) => Promise.all([import("./views/depth.js"), sweep.load()]).then(([code]) => code),
    build: ({ DepthView }, body, core, { sweep }) => new DepthView(body, core, sweep.loaded),
    restyle: (view) => view.restyle(),
  },
  atinit: {
    load: ({ atInit }) => Promise.all([import("./views/at-init.js"), atInit.load()]).then(([code]) => code),
    build: ({ AtInitView }, body, _core, { atInit }) => new AtInitView(body, atInit.loaded),
    restyle: (view) => view.restyle(),
  },
  phase: {
    load: ({ phase }) => Promise.all([import("./views/phase.js"), phase.load()]).then(([code]) => code),
    build: ({ PhaseView }, body, _core, { phase, pickCell }) => new PhaseView(body, phase.loaded, pickCell),
    restyle: (view) => view.restyle(),
  },
  steps: {
    load: ({ steps }) => Promise.all([import("./views/steps.js"), steps.load()]).then(([code]) => code),
    build: ({ StepsView }, body, core, { steps, pickDepth }) => new StepsView(body, core, steps.loaded, pickDepth),
    restyle: (view) => view.restyle(),
  },
  lsuv: {
    load: () => import("./views/lsuv.js"),
    build: ({ LsuvView }, body) => new LsuvView(body),
    setRuns: (view, runs) => view.setRuns(runs),
    restyle: (view) => view.restyle(),
  },
  network: {
    picksRun: true,
    needs: () => ({ weights: HEATMAP }),
    load: () => import("./views/network.js"),
    build: ({ NetworkView }, body) => new NetworkView(body),
    setRuns: (view, runs) => view.setRuns(runs[0].sizes),
    update: (view, runs, selected) => view.update(runs[selected]),
    restyle: (view) => view.restyle(),
  },
};

/**
 * The story views of the page: which are open, in which order, built when they first open. In
 * tabbed mode (the embed card) only one open view, the tab, shows at a time. Says "open" (an
 * event) whenever the open views or the tab change.
 */
export class StoryViews extends EventTarget {
  /** The ids of the open views, in page order. */
  open = [];
  /** Whether the open views are tabs of which one shows (embed mode). */
  tabbed = false;
  /** In tabbed mode, the open view that shows. */
  tab = null;
  /** The ids of the views on screen now (an open view scrolled out of sight is not). */
  #onScreen = new Set();
  #core;
  #sources;
  #runs = [];
  /** Per view id, the built view, and the promise of its build. */
  #views = {};
  #builds = {};

  /**
   * Views of runs described by `core` (the core's lists); `sources` holds what views show besides
   * the runs: {sweep}, the page's LazySweep, whose DepthSweep the Depth view draws on its own
   * events; {phase, pickCell}, the Lazy of a grid card's PhaseGrid and what a click on one of
   * its cells does; {steps, pickDepth}, the Lazy of a depth-sweep card's StepsSweep and what a
   * click at one of its depths does; {atInit}, the Lazy of an at-initialization card's
   * AtInitExperiment.
   */
  constructor(core, sources) {
    super();
    this.#core = core;
    this.#sources = sources;
    const seen = new IntersectionObserver((entries) => {
      for (const { target, isIntersecting } of entries) {
        if (isIntersecting) this.#onScreen.add(target.dataset.view);
        else this.#onScreen.delete(target.dataset.view);
      }
    });
    for (const section of document.querySelectorAll("#views > .view")) seen.observe(section);
  }

  /** Every view id the page has, in index.html's order. */
  static ids() {
    return [...document.querySelectorAll("#views > .view")].map((section) => section.dataset.view);
  }

  /** The built view `id`, if it was ever opened. */
  view(id) {
    return this.#views[id] ?? null;
  }

  /**
   * The readings the open views need (Trainer.round's request keys) of a run of `config`, one
   * of `runs` runs. With
   * `all`, everything any open view shows, as when training stops; else what the views on
   * screen need, for the run the single-run views show when `shown`: while training, a view
   * scrolled out of sight waits for the readings until it is back (at most a reading interval)
   * or training stops. Every reading comes with the whole-set evaluation, and with `all` the
   * layer statistics (which initlab.runs() reports).
   */
  request(config, runs, shown, all) {
    const dataset = datasetOf(this.#core, config);
    const keys = { evaluate: true, stats: all };
    for (const id of this.open) {
      const { needs, everyRun } = VIEWS[id];
      const wanted = all || (this.#onScreen.has(id) && (shown || everyRun));
      if (needs && wanted) Object.assign(keys, needs(dataset, runs));
    }
    return keys;
  }

  /**
   * Makes `ids` the open views, in that order (unknown ids are ignored): shows their sections,
   * builds those never opened before, and resolves once every open one is built. A section
   * shows only once its view is built, whole, so opening a view does not show an empty body
   * that then grows.
   */
  setOpen(ids) {
    const known = StoryViews.ids();
    this.open = [...new Set(ids)].filter((id) => known.includes(id));
    if (!this.open.includes(this.tab)) this.tab = this.open[0] ?? null;
    const order = [...this.open, ...known.filter((id) => !this.open.includes(id))];
    document.getElementById("views").append(...order.map((id) => document.getElementById(`view-${id}`)));
    this.#showSections();
    this.dispatchEvent(new Event("open"));
    return Promise.all(this.open.map((id) => (this.#builds[id] ??= this.#build(id))));
  }

  /** Whether a view on show (the tab, in tabbed mode) shows the one run the run picker chooses. */
  picksRun() {
    return (this.tabbed ? [this.tab] : this.open).some((id) => VIEWS[id]?.picksRun);
  }

  /** In tabbed mode, shows open view `id` in place of the others. */
  setTab(id) {
    if (!this.open.includes(id)) return;
    this.tab = id;
    this.#showSections();
    this.dispatchEvent(new Event("open"));
  }

  /** Loads view `id`'s code, builds it, gives it the runs and shows its section. */
  async #build(id) {
    const entry = VIEWS[id];
    const view = entry.build(
      await entry.load(this.#sources),
      document.querySelector(`#view-${id} > .view-body`),
      this.#core,
      this.#sources,
    );
    if (this.#runs.length > 0) entry.setRuns?.(view, this.#runs, this.#core);
    this.#views[id] = view;
    this.#showSections();
  }

  /** Shows the section of every open view that is built (only the tab's, tabbed), hides the others. */
  #showSections() {
    for (const section of document.querySelectorAll("#views > .view")) {
      const id = section.dataset.view;
      const shown = this.tabbed ? id === this.tab : this.open.includes(id);
      section.hidden = !(shown && this.#views[id]);
    }
  }

  /** Gives every built view the runs just loaded. */
  setRuns(runs) {
    this.#runs = runs;
    for (const id of this.#built()) VIEWS[id].setRuns?.(this.#views[id], runs, this.#core);
  }

  /** Draws every open view that is built from `runs`' latest numbers; `selected` is the shown run. */
  update(runs, selected) {
    for (const id of this.open) if (this.#views[id]) VIEWS[id].update?.(this.#views[id], runs, selected);
  }

  /** Redraws every built view in the current theme. */
  restyle() {
    for (const id of this.#built()) VIEWS[id].restyle?.(this.#views[id]);
  }

  /** The ids of the views built so far. */
  #built() {
    return Object.keys(VIEWS).filter((id) => this.#views[id]);
  }
}
