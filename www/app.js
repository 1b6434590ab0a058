// initlab's page: start-up and wiring. It loads the wasm core, builds the controls and the
// page's parts, connects them and gives scripts and tests `window.initlab`. The parts, each
// owning its own state: Training (training.js: the runs, their workers, rounds, play and pause),
// StoryViews (registry.js: the story views, whose code loads when they first open), Screen
// (draw.js: what the page shows of the runs, once per frame) and Link (link.js: the URL hash and
// the changes it records). Training says what happened through events; this file connects them
// to the views. The Share / Embed dialog's code loads when it first opens, the crash notices'
// on the first crash.

import { runColours } from "./colours.js";
import { loadCsvFile } from "./custom-data.js";
import { $, Screen, showFatal, showNotice, showStory } from "./draw.js";
import { coreBuild, unsupported } from "./features.js";
import { install as installGlossary } from "./glossary.js";
import { Lazy } from "./lazy.js";
import { LazySweep } from "./lazy-sweep.js";
import { Link } from "./link.js";
import init, { activations, datasets, limits, optimizers, paperPresets, presets, schemes } from "./pkg/initlab.js";
import { StoryViews } from "./registry.js";
import { datasetOf, live, summaries } from "./runs.js";
import { Training } from "./training.js";
import { CsvInput } from "./views/csv-input.js";
import { PresetBar } from "./views/presets.js";
import { RunPicker } from "./views/run-picker.js";
import { Settings } from "./views/settings.js";
import { onThemeChange, setRunColours } from "./views/theme.js";
import { ViewBar } from "./views/view-bar.js";

/** Steps a preset trains by itself once chosen, so its story unfolds without another click. */
const AUTO_STEPS = 1500;
/** A phone-sized screen (style.css stacks the page into one column at the same width). */
const NARROW = "(max-width: 760px)";

/** The page's parts once built (see build), for window.initlab. */
let current = null;

/** Loads the core and builds the page's parts, wired together; resolves with them. */
async function build() {
  const cannot = unsupported();
  if (cannot) throw Object.assign(new Error(cannot), { unsupported: true });
  const { url, notice } = coreBuild();
  if (notice) showNotice(notice);
  const module = await WebAssembly.compileStreaming(fetch(url));
  await init({ module_or_path: module });
  const core = {
    schemes: schemes(),
    activations: activations(),
    datasets: datasets(),
    optimizers: optimizers(),
    presets: presets(),
    papers: paperPresets(),
    limits: limits(),
  };
  installGlossary();
  const sweep = new LazySweep(() =>
    import("./depth-sweep.js").then(({ DepthSweep }) => new DepthSweep(module, core, () => training.pause())),
  );
  const phase = new Lazy(() =>
    import("./phase-grid.js").then(({ PhaseGrid }) => new PhaseGrid(module, core.limits.maxStepsPerCall, () => training.pause())),
  );
  const steps = new Lazy(() =>
    Promise.all([import("./steps-sweep.js"), import("./full-core.js").then(({ fullModule }) => fullModule())]).then(
      ([{ StepsSweep }, full]) => new StepsSweep(full, () => training.pause()),
    ),
  );
  const atInit = new Lazy(() => import("./at-init.js").then(({ AtInitExperiment }) => new AtInitExperiment()));
  // The paper cards' code, with the core's full build that holds the cards, loads when a card
  // first opens: link.js waits for it before it shows a card, so the card shows whole at once.
  const cards = new Lazy(() =>
    Promise.all([import("./paper-card.js"), import("./full-core.js").then(({ loadFull }) => loadFull())]).then(
      ([{ PaperCards }, full]) => new PaperCards(page, { phase, steps, atInit }, full, $("paper")),
    ),
  );
  const views = new StoryViews(core, {
    sweep,
    phase,
    steps,
    atInit,
    pickCell: (cell) => cards.loaded.pickCell(cell),
    pickDepth: (depth) => cards.loaded.pickDepth(depth),
  });
  const picker = new RunPicker($("run-picker"), (i) => screen.selectRun(i).catch(showFatal));
  const training = new Training(module, core.limits.maxStepsPerCall, (config, index, count, all) =>
    views.request(config, count, index === screen.selected, all),
  );
  const screen = new Screen(() => training.runs, views, picker);
  const sections = document.querySelectorAll("#views > .view");
  const bar = new ViewBar($("view-toggles"), sections, (id) => link.toggleView(id).then(() => screen.drawn(), showFatal));
  // The embed card's tabs: their code loads with the first embedded link (embed=1); once loaded
  // they redraw at once, so a tab chosen from the keyboard keeps the focus.
  let tabs = null;
  let loading = null;
  const showTabs = async () => {
    loading ??= import("./views/view-tabs.js").then(({ ViewTabs }) => {
      tabs = new ViewTabs($("view-tabs"), sections, (id) => {
        views.setTab(id);
        training.readAll().then(() => screen.drawn(), showFatal);
      });
    });
    if (!tabs) await loading;
    tabs.show(views.open, views.tab);
  };
  views.addEventListener("open", () => {
    bar.setOpen(views.open, link.paper?.views ?? []);
    picker.setNeeded(views.picksRun());
    if (views.tabbed) showTabs().catch(showFatal);
  });
  const link = new Link(core, training, views, sweep, cards);
  const page = { core, views, training, screen, link, sweep, papers: cards };
  page.play = (limit) => training.play(limit).catch(showFatal);
  page.fail = showFatal;
  page.settings = new Settings(
    $("settings"),
    core,
    (partial) => editFromControls(page, partial),
    (seeds) => link.setSeeds(seeds).then(() => screen.drawn(), showFatal),
  );
  new CsvInput($("ctl-dataset").closest(".field"), core.limits.csv, (file) => loadOwnData(page, file));
  page.presets = new PresetBar($("presets"), [...core.presets, ...core.papers], (id) =>
    link
      .loadPreset(id)
      .then(() => {
        if (link.paper) showCard(link);
        else showChartOnPhone();
        return start(page);
      })
      .catch(showFatal),
  );
  wireTraining(page);
  wireControls(page);
  // On a phone the settings start folded, so the presets and the chart come first.
  if (matchMedia(NARROW).matches) $("settings-panel").open = false;
  await link.openHash();
  if (views.tabbed) await showTabs(); // an embedded link shows as tabs from its first frame
  showCard(link);
  await page.lesson; // a lesson page's panel, when the link opens one
  // Loaded: the controls, disabled in index.html until now, take clicks.
  for (const id of ["play", "fast", "step", "reset", "new-seed"]) $(id).disabled = false;
  screen.showToolbar(training.playing, training.fast);
  await screen.drawn();
  current = page;
  return page;
}

/**
 * On a phone the presets fill the first screen: once one is picked, scrolls its first chart (the
 * loss chart, which every preset opens first) up to the bottom of the screen.
 */
function showChartOnPhone() {
  if (!matchMedia(NARROW).matches) return;
  const smooth = !matchMedia("(prefers-reduced-motion: reduce)").matches;
  $("view-loss")
    .querySelector(".loss-chart")
    ?.scrollIntoView({ block: "end", behavior: smooth ? "smooth" : "auto" });
}

/**
 * On the full page, a paper card's link or button scrolls its panel to the top of the window:
 * the first screen holds the card, its badge and the top of its figure, below the presets.
 */
function showCard(link) {
  if (!link.paper || link.embed) return;
  $("paper").scrollIntoView({ block: "start" });
}

/** Connects training's events to what the page shows. */
function wireTraining(page) {
  const { core, training, screen, link } = page;
  let crashNotices = null; // the crash notices, as a promise made on the first crash
  const notices = () =>
    (crashNotices ??= import("./views/crashes.js").then(
      ({ CrashNotices }) => new CrashNotices($("crashes"), (i) => training.restartRun(i).then(() => screen.drawn(), showFatal)),
    ));
  training.addEventListener("runs", () => {
    const configs = training.runs.map((run) => run.config);
    setRunColours(runColours(configs, core.schemes));
    page.sweep.setRuns(configs);
    screen.showRuns();
    crashNotices?.then((n) => n.clear());
    page.settings.show(configs, link.seeds);
    showStory(link.preset, link.edited, datasetOf(core, configs[0]), link.comparison);
    page.presets.setActive(link.edited ? null : link.presetId);
    showLesson(page);
    // link.js loads the cards' code before a card's runs: the card shows with them, at once.
    // Off a card, that code need not load to hide a panel it never showed.
    page.papers.loaded?.show().catch(showFatal);
  });
  training.addEventListener("round", () => page.papers.loaded?.progress());
  training.addEventListener("playing", () => page.papers.loaded?.progress());
  training.addEventListener("round", () => screen.roundDone());
  training.addEventListener("playing", () => screen.showToolbar(training.playing, training.fast));
  training.addEventListener("crashed", ({ detail: { index } }) => {
    const run = training.runs[index];
    screen.resetSpeed();
    screen.scheduleDraw();
    notices()
      .then((n) => training.runs[index] === run && n.crashed(index, run.label, run.crash))
      .catch(showFatal);
  });
  training.addEventListener("restarted", ({ detail: { index } }) => {
    screen.resetSpeed();
    screen.scheduleDraw();
    notices()
      .then((n) => n.restarted(index, training.runs[index].label))
      .catch(showFatal);
  });
}

/**
 * Shows the lesson page the link opens (views/lesson.js, loaded the first time), or hides the
 * lesson once the link left it. The panel trains through Training and reads initlab.runs().
 */
function showLesson(page) {
  const { link, training, core } = page;
  if (!link.lesson && !page.lesson) return;
  const runs = training.runs;
  page.lesson ??= import("./views/lesson.js").then(
    ({ LessonPanel }) =>
      new LessonPanel($("lesson"), core, {
        runs: () => summaries(training.runs),
        progress: () => ({ step: training.step, live: live(training.runs).length }),
        train: (steps) => page.play(steps),
        stopped: () =>
          new Promise((done) => {
            const stop = () => {
              if (training.playing) return;
              training.removeEventListener("playing", stop);
              training.readAll().then(done, done);
            };
            training.addEventListener("playing", stop);
          }),
        hrefOf: (step) => link.lessonHash(step),
      }),
  );
  const lesson = link.lesson;
  page.lesson
    .then((panel) => {
      if (training.runs === runs)
        panel.show(
          lesson,
          runs.map((run) => run.config),
          runs.map((run) => run.label),
        );
      page.lessonPanel = panel;
    })
    .catch(showFatal);
}

/**
 * Reads the student's CSV file `file` (its first bytes up to the core's limit: the core refuses
 * a larger file all the same) into the core, lists it among the datasets and trains every run on
 * it; resolves with the core's summary of it, or rejects with the core's error about the file.
 */
async function loadOwnData(page, file) {
  const bytes = new Uint8Array(await file.slice(0, page.core.limits.csv.maxBytes + 1).arrayBuffer());
  const summary = await loadCsvFile(bytes, file.name);
  page.core.datasets = datasets();
  page.settings.setChoices("dataset");
  await editFromControls(page, { dataset: "custom" }).catch((error) => page.settings.showError(error));
  return summary;
}

/** Sets config keys from the settings panel, keeping the play state. */
async function editFromControls({ link, training, screen, play }, partial) {
  const playing = training.playing;
  await link.setConfig(partial);
  await screen.drawn();
  if (playing) play(Infinity);
}

/** Connects the toolbar, the hash, the theme, sharing and export to what they do. */
function wireControls(page) {
  const { training, screen, link, views } = page;
  $("play").addEventListener("click", () => (training.playing ? training.pause() : page.play()));
  $("fast").addEventListener("click", () => {
    training.setFast(!training.fast);
    if (training.fast && !training.playing) page.play();
  });
  $("back-compare").addEventListener("click", () => {
    location.hash = link.comparison; // opens it, as a new history entry
  });
  $("step").addEventListener("click", () => training.train(1).catch(showFatal));
  $("reset").addEventListener("click", () => training.reset().catch(showFatal));
  $("new-seed").addEventListener("click", () => editFromControls(page, { seed: Math.floor(Math.random() * 1e6) }).catch(showFatal));
  addEventListener("hashchange", () => {
    if (location.hash === link.currentHash()) return;
    link
      .openHash()
      .then(() => {
        views.restyle(); // the link may set another theme
        screen.scheduleDraw();
      })
      .catch(showFatal);
  });
  onThemeChange(() => {
    views.restyle();
    screen.scheduleDraw();
  });
  let shareDialog = null; // the Share / Embed dialog, as a promise made when it first opens
  $("share").addEventListener("click", () => {
    shareDialog ??= Promise.all([import("./views/share.js"), import("./views/export.js")]).then(([{ ShareDialog }, { ExportTools }]) => {
      const dialog = $("share-dialog");
      new ExportTools(dialog, { selected: () => training.runs[screen.selected].config, runs: () => training.runs });
      return new ShareDialog(dialog, () => ({
        page: link.pageLink(false),
        embed: link.pageLink(true),
        title: link.lesson
          ? `lesson, step ${link.lesson.step}`
          : link.edited
            ? `a setup changed from ${link.preset.label}`
            : link.preset.label,
      }));
    });
    shareDialog.then((dialog) => dialog.open()).catch(showFatal);
  });
  $("loss-png").addEventListener("click", () =>
    import("./views/export.js").then(({ downloadPng }) => downloadPng($("view-loss").querySelector(".view-body canvas"))).catch(showFatal),
  );
}

/**
 * Starts, or takes up again, what the runs are for: a paper card's experiment (paper-card.js),
 * else training up to step AUTO_STEPS.
 */
async function start({ link, training, papers, play }) {
  if (link.paper) return (await papers.load()).start();
  const left = AUTO_STEPS - training.step;
  return left > 0 ? play(left) : undefined;
}

/**
 * With `autoplay=1`: trains (up to AUTO_STEPS, as a preset does; a paper card, its experiment)
 * while the widget is on screen and pauses when it is scrolled away, so a page of widgets
 * trains only the one being read.
 */
function watchVisibility(page) {
  const { link, training } = page;
  new IntersectionObserver(([entry]) => {
    if (!link.autoplay || link.lesson) return;
    if (!entry.isIntersecting) training.pause();
    else if (!training.playing) start(page).catch(showFatal);
  }).observe($("views"));
}

const built = build();
built.then((page) => {
  // A lesson step trains once the student predicted, never by itself.
  if (page.link.lesson || matchMedia("(prefers-reduced-motion: reduce)").matches || page.sweep.running) return;
  if (page.link.autoplay) watchVisibility(page);
  else start(page).catch(showFatal);
}, showFatal);

/** Resolves with `value` once the page has drawn what it now holds. */
async function drawnWith(page, value) {
  await page.screen.drawn();
  return value;
}

/** initlab.ready: it rejects when the page cannot start, which the page has already shown
 * (showFatal above), so that rejection is not also an unhandled error in the console. */
const ready = built.then(() => {});
ready.catch(() => {});

window.initlab = {
  /** Resolves once the core is loaded and the first preset is drawn; rejects if it cannot start. */
  ready,
  /** The latest numbers of every run (see summaries in runs.js). */
  runs: () => summaries(current?.training.runs ?? []),
  /** Trains every run `steps` more steps; resolves with runs() once drawn. */
  train: async (steps) => {
    const page = await built;
    await page.training.train(steps);
    return drawnWith(page, window.initlab.runs());
  },
  /** Loads preset `id`, paused at step 0, with its views (or the views `ids`); resolves once drawn. */
  loadPreset: async (id, ids) => {
    const page = await built;
    await page.link.loadPreset(id, ids);
    return drawnWith(page);
  },
  /** Sets config keys on every run and restarts them paused; rejects with the core's error. */
  setConfig: async (partial) => {
    const page = await built;
    await page.link.setConfig(partial);
    return drawnWith(page);
  },
  /** The loss chart's curves as drawn: [{label, steps, loss}] per run; none before it first opens. */
  lossCurves: () => current?.views.view("loss")?.curves() ?? [],
  /**
   * The "inside the layers" view's charts by layer as drawn: {activation, gradient, notes}, each
   * chart's series [{label, run, kind ("now", "step0", "theory"), values}] and the notes under
   * them; null before the view first opens.
   */
  layerProfiles: () => current?.views.view("layers")?.profiles() ?? null,
  /** The ids of the open views, in page order. */
  views: () => [...(current?.views.open ?? [])],
  /** Opens exactly the views `ids`, in that order; resolves once drawn. */
  showViews: async (ids) => {
    const page = await built;
    await page.link.showViews(ids);
    return drawnWith(page);
  },
  /** Makes run `i` the one the single-run views show; resolves once drawn. */
  selectRun: async (i) => (await built).screen.selectRun(i),
  /**
   * The depth sweep of the runs' setup: its settings, progress and every network trained (see
   * DepthSweep.snapshot); null until the sweep's code loaded (LazySweep).
   */
  depthSweep: () => current?.sweep.loaded?.snapshot() ?? null,
  /**
   * Opens the Depth view, sets the sweep's `settings` ({inits (tokens), depths, seeds, steps},
   * each optional; rejects with an error naming the URL key of a bad one) and runs the sweep;
   * resolves with depthSweep() once it finished or was cancelled.
   */
  runDepthSweep: async (settings = {}) => {
    const page = await built;
    const sweep = await page.sweep.load();
    sweep.setSettings(settings);
    if (!page.views.open.includes("depth")) await page.link.showViews(["depth", ...page.views.open]);
    await sweep.run();
    return sweep.snapshot();
  },
  /**
   * The lesson page shown (views/lesson.js): {id, step, pages, kind, phase, record}, or null
   * outside the lesson.
   */
  lesson: () => current?.lessonPanel?.state() ?? null,
  /**
   * The paper card shown: {id, phase ("running", "waiting", "checked"), verdict (paperChecks's,
   * null until checked)}, or null off a card.
   */
  paper: () => current?.papers.loaded?.panel.state() ?? null,
};
