// initlab's page: start-up and wiring. It loads the wasm core, builds the controls, connects
// them to what they do, opens the URL's link and gives scripts and tests `window.initlab`.
// The rest, each module importing only those before it: state.js (the one mutable state),
// runs.js (the runs and what is read of them), registry.js (the story views, whose code loads
// when they first open), draw.js (what the page shows), training.js (workers, rounds, play and
// pause), link.js (the URL hash and the changes it records). The Share / Embed dialog's code
// loads when it first opens.

import { $, scheduleDraw, selectRun, showFatal } from "./draw.js";
import { install as installGlossary } from "./glossary.js";
import { currentHash, loadPreset, openHash, pageLink, setConfig, showViews, toggleView } from "./link.js";
import init, { activations, datasets, limits, optimizers, presets, schemes } from "./pkg/initlab.js";
import { restyleViews } from "./registry.js";
import { currentStep, runs } from "./runs.js";
import { state, views } from "./state.js";
import { pause, play, reset, train } from "./training.js";
import { PresetBar } from "./views/presets.js";
import { RunPicker } from "./views/run-picker.js";
import { Settings } from "./views/settings.js";
import { onThemeChange } from "./views/theme.js";
import { ViewBar } from "./views/view-bar.js";

/** Steps a preset trains by itself once chosen, so its story unfolds without another click. */
const AUTO_STEPS = 1500;

/**
 * With `autoplay=1`: trains (up to AUTO_STEPS, as a preset does) while the widget is on screen
 * and pauses when it is scrolled away, so a page of widgets trains only the one being read.
 */
function watchVisibility() {
  new IntersectionObserver(([entry]) => {
    if (!state.autoplay) return;
    if (!entry.isIntersecting) pause();
    else if (!state.playing && currentStep() < AUTO_STEPS) play(AUTO_STEPS - currentStep());
  }).observe($("views"));
}

/** Keeps the play state across an edit made from the controls. */
async function editFromControls(partial) {
  const playing = state.playing;
  await setConfig(partial);
  if (playing) play(Infinity);
}

/** The Share / Embed dialog, as a promise made when it first opens (see openShare). */
let shareDialog = null;

/** Opens the Share / Embed dialog, loading its code and its export buttons' the first time. */
async function openShare() {
  shareDialog ??= Promise.all([import("./views/share.js"), import("./views/export.js")]).then(([{ ShareDialog }, { ExportTools }]) => {
    const dialog = $("share-dialog");
    new ExportTools(dialog, { selected: () => state.runs[state.selected].config, runs: () => state.runs });
    return new ShareDialog(dialog, () => ({ page: pageLink(false), embed: pageLink(true) }));
  });
  (await shareDialog).open();
}

/** Connects the toolbar, the hash, the theme, sharing and export to what they do. */
function wireControls() {
  $("play").addEventListener("click", () => (state.playing ? pause() : play()));
  $("step").addEventListener("click", () => train(1).catch(showFatal));
  $("reset").addEventListener("click", () => reset().catch(showFatal));
  $("new-seed").addEventListener("click", () => editFromControls({ seed: Math.floor(Math.random() * 1e6) }).catch(showFatal));
  addEventListener("hashchange", () => {
    if (location.hash !== currentHash()) openHash().catch(showFatal);
  });
  onThemeChange(() => {
    restyleViews();
    scheduleDraw();
  });
  $("share").addEventListener("click", () => openShare().catch(showFatal));
  $("loss-png").addEventListener("click", () =>
    import("./views/export.js").then(({ downloadPng }) => downloadPng($("view-loss").querySelector(".view-body canvas"))).catch(showFatal),
  );
}

/** Loads the core, builds the controls, wires them and opens the URL's link (and its views). */
async function start() {
  const url = new URL("./pkg/initlab_bg.wasm", import.meta.url);
  state.module = await WebAssembly.compileStreaming(fetch(url));
  await init({ module_or_path: state.module });
  state.core = {
    schemes: schemes(),
    activations: activations(),
    datasets: datasets(),
    optimizers: optimizers(),
    presets: presets(),
    limits: limits(),
  };
  installGlossary();
  views.presets = new PresetBar($("presets"), state.core.presets, (id) =>
    loadPreset(id)
      .then(() => play(AUTO_STEPS))
      .catch(showFatal),
  );
  views.settings = new Settings($("settings"), state.core, editFromControls);
  views.bar = new ViewBar($("view-toggles"), document.querySelectorAll("#views > .view"), toggleView);
  views.picker = new RunPicker($("run-picker"), (i) => selectRun(i).catch(showFatal));
  wireControls();
  // On a phone the settings start folded, so the presets and the chart come first.
  if (matchMedia("(max-width: 760px)").matches) $("settings-panel").open = false;
  await openHash();
}

const ready = start();
ready.then(() => {
  if (matchMedia("(prefers-reduced-motion: reduce)").matches) return;
  if (state.autoplay) watchVisibility();
  else play(AUTO_STEPS);
}, showFatal);

window.initlab = {
  /** Resolves once the core is loaded and the first preset is drawn. */
  ready,
  runs,
  train,
  loadPreset,
  setConfig,
  /** The loss chart's curves as drawn: [{label, steps, loss}] per run; none before it first opens. */
  lossCurves: () => views.loss?.curves() ?? [],
  /** The ids of the open views, in page order. */
  views: () => [...state.views],
  showViews,
  selectRun,
};
