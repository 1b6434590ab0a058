// The story views (the sections of #views in index.html), by the id their section names in
// data-view: what each asks the workers for, where its code is, and how it is built and fed.
// A view's code loads (a dynamic import) the first time the view opens, so a page or an embed
// showing two views downloads those two views' code only. What a view asks the workers for is
// known here before its code loads: the readings are asked for as soon as the view opens.

import { theoreticalVariance } from "./pkg/initlab.js";
import { datasetOf, RESOLUTION } from "./runs.js";
import { state, views } from "./state.js";

/** The corner of a layer's weights a heatmap shows: its first neurons (rows) and inputs. */
const HEATMAP = { rows: 32, columns: 64 };

/**
 * Per view id: `needs(dataset)`, the readings it asks the workers for beyond the statistics
 * (see worker.js), for runs on `dataset`, one of the core's datasets(); `load()`, its module;
 * `build(module, body)`, the view drawn into `body` (its section's .view-body); `setRuns(view)`,
 * given the runs just loaded (state.runs); `update(view)`, given their latest numbers;
 * `restyle(view)`, redrawn after a theme change. Only `load`, `build` and `update` are required.
 */
const VIEWS = {
  loss: {
    load: () => import("./views/comparison.js"),
    build: ({ ComparisonView }, body) => new ComparisonView(body, state.core.limits),
    setRuns: (view) => view.setRuns(state.runs),
    update: (view) => view.update(state.runs),
    restyle: (view) => view.restyle(),
  },
  boundary: {
    needs: (dataset) => (dataset.is2d ? { boundary: RESOLUTION } : { predictions: true }),
    load: () => import("./views/data-view.js"),
    build: ({ BoundaryView }, body) => new BoundaryView(body, state.core.limits.viewExtent),
    setRuns: (view) => view.setRuns(state.runs, datasetOf(state.runs[0].config)),
    update: (view) => view.update(state.runs, state.selected),
    restyle: (view) => view.redraw(),
  },
  symmetry: {
    needs: () => ({ weights: HEATMAP, similarity: HEATMAP.rows }),
    load: () => import("./views/symmetry.js"),
    build: ({ SymmetryView }, body) => new SymmetryView(body),
    setRuns: (view) => view.setRuns(state.runs[0].sizes),
    update: (view) => view.update(state.runs[state.selected]),
    restyle: (view) => view.restyle(),
  },
  layers: {
    load: () => import("./views/layers.js"),
    build: ({ LayersView }, body) => new LayersView(body),
    setRuns: (view) =>
      view.setRuns(
        state.runs.map((run) => ({ label: run.label, activation: state.core.activations.find((a) => a.id === run.config.activation) })),
        state.runs[0].sizes,
      ),
    update: (view) => view.update(state.runs, state.selected),
    restyle: (view) => view.restyle(),
  },
  theory: {
    load: () => import("./views/theory.js"),
    build: ({ TheoryView }, body) => new TheoryView(body, document.getElementById("notes-table"), { ...state.core, theoreticalVariance }),
    update: (view) => view.update(state.runs[state.selected]),
  },
  network: {
    needs: () => ({ weights: HEATMAP }),
    load: () => import("./views/network.js"),
    build: ({ NetworkView }, body) => new NetworkView(body),
    setRuns: (view) => view.setRuns(state.runs[0].sizes),
    update: (view) => view.update(state.runs[state.selected]),
    restyle: (view) => view.restyle(),
  },
};

/** Per view id, the promise of its build, made the first time the view opens. */
const builds = {};

/** The readings the open views need of runs of `config`'s dataset, as Trainer.round's request keys. */
export function wanted(config) {
  const dataset = datasetOf(config);
  return Object.assign({ stats: true }, ...state.views.map((id) => VIEWS[id].needs?.(dataset)));
}

/**
 * Shows the sections of the open views (state.views), builds those never opened before, and
 * resolves once every open view is built. A section shows only once its view is built, whole,
 * so opening a view does not show an empty body that then grows.
 */
export function openViews() {
  showSections();
  return Promise.all(state.views.map((id) => (builds[id] ??= build(id))));
}

/** Loads view `id`'s code, builds it into `views[id]`, gives it the runs and shows its section. */
async function build(id) {
  const entry = VIEWS[id];
  const view = entry.build(await entry.load(), document.querySelector(`#view-${id} > .view-body`));
  if (state.runs.length > 0) entry.setRuns?.(view);
  views[id] = view;
  showSections();
}

/** Shows the section of every open view that is built, and hides the others. */
function showSections() {
  for (const section of document.querySelectorAll("#views > .view")) {
    const id = section.dataset.view;
    section.hidden = !(state.views.includes(id) && views[id]);
  }
}

/** Gives every built view the runs just loaded. */
export function setViewRuns() {
  for (const id of built()) VIEWS[id].setRuns?.(views[id]);
}

/** Draws every open view that is built from the runs' latest numbers. */
export function updateViews() {
  for (const id of state.views) if (views[id]) VIEWS[id].update(views[id]);
}

/** Redraws every built view in the current theme. */
export function restyleViews() {
  for (const id of built()) VIEWS[id].restyle?.(views[id]);
}

/** The ids of the views built so far. */
function built() {
  return Object.keys(VIEWS).filter((id) => views[id]);
}
