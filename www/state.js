// The page's mutable state: one object that every module reads and changes, and the views the
// page builds. Nothing here acts; runs.js, registry.js, draw.js, training.js and link.js do,
// each on this one object, so no module keeps a copy of what another one changes.

/** Everything that changes while the page runs. */
export const state = {
  core: null, // the core's lists: {schemes, activations, datasets, optimizers, presets, limits}
  module: null, // the compiled wasm module, shared with every worker
  presetId: null,
  edits: {}, // settings changed since the preset was chosen, as in the URL hash
  compare: null, // init ids of a comparison the URL asked for, one run each, or null
  views: [], // ids of the open views, in page order
  embed: false,
  hide: null, // hash names of the settings controls the URL hides, or null
  autoplay: false, // train while the widget is on screen
  selected: 0, // the run the single-run views show
  runs: [], // per run: see loadRuns (training.js)
  playing: false,
  stopAt: Infinity, // the step at which training pauses by itself
  loop: null, // the running training loop, if any
  stepsPerRound: 1,
  lastReading: 0,
  speedSamples: [], // [time, step] of recent rounds
  frame: 0,
  drawWaiters: [],
};

/**
 * The views: the controls, built once the core's lists are known (see start in app.js), the
 * crash notices from the first crash (training.js), and each story view under its id from the
 * first time it opens (registry.js).
 */
export const views = {};
