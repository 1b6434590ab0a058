// The page's link: the preset, edits, compared inits and open views its URL hash names.
// Opening a link (openHash) builds its runs, leaving out with a notice what the page cannot use;
// every change the link records (loadPreset, setConfig, the open views) goes through here and
// writes the hash back. url-state.js is the hash's key table and parser; this is what the page
// does with them. It asks training to load runs; what is drawn follows training's events.

import { FIELDS, runLabels, runsTakingEdit } from "./config.js";
import { $ } from "./draw.js";
import { editConfig, mergeEdits } from "./pkg/initlab.js";
import { StoryViews } from "./registry.js";
import { MAX_SEEDS, paperOf, presetOf, resolve } from "./runs.js";
import { configKeyOf, writeHash as hashOf, quote, readHash, urlKeyOf } from "./url-state.js";
import { setTheme } from "./views/theme.js";

/**
 * The preset the page opens on when the URL names none. "Compare all" shows the whole argument
 * of the notes within seconds of opening: six inits of one network side by side, the zero and
 * constant curves flat, the large one blowing up, Glorot and He falling. A single-run preset
 * such as `he-relu` only shows a loss going down, which says nothing until compared.
 */
const DEFAULT_PRESET = "compare";

/**
 * What the page's link says: the preset, the edits made to it, the compared inits, the open
 * views, embed mode, hidden controls and autoplay. Every change goes through here: it loads
 * the runs it names into `training` and opens its views, and writes the hash back.
 */
export class Link {
  presetId = null;
  edits = {}; // settings changed since the preset was chosen, as config keys
  compare = null; // init ids of a comparison the URL asked for, one run each, or null
  seeds = 1; // seeds each run trains side by side (see seedConfigs)
  embed = false;
  hide = null; // hash names of the settings controls the URL hides, or null
  autoplay = false; // train while the widget is on screen
  theme = null; // "light" or "dark" as the link asks, or null for the system's
  comparison = null; // the hash of the comparison an edit collapsed to one run, or null
  lesson = null; // {id, step} of the lesson page the link opens (see lesson.js), or null
  #core;
  #training;
  #views;
  #sweep;
  #cards;
  /** The hash last written to the address bar. */
  #written = null;

  /**
   * The link of a page whose runs `training` trains, with the story views `views` (StoryViews)
   * and the depth sweep `sweep` (LazySweep), whose settings it writes back as they change, and
   * the paper cards `cards` (a Lazy of paper-card.js's PaperCards), loaded before a card opens;
   * `core` holds the core's lists.
   */
  constructor(core, training, views, sweep, cards) {
    this.#core = core;
    this.#training = training;
    this.#views = views;
    this.#sweep = sweep;
    this.#cards = cards;
    sweep.addEventListener("change", () => {
      if (this.currentHash() !== this.#written) this.#writeHash();
    });
  }

  /** The preset the runs come from. */
  get preset() {
    return presetOf(this.#core, this.presetId);
  }

  /** The paper card the runs come from (its preset, of the "From the papers" group), or null. */
  get paper() {
    return paperOf(this.#core, this.presetId) ?? null;
  }

  /** Whether the runs are the student's own: a comparison, or edits beyond the seed. */
  get edited() {
    // A preset's claim holds for any seed; other edits make it the student's own experiment.
    return this.compare !== null || Object.keys(this.edits).some((key) => key !== "seed");
  }

  // ---- opening a link ---------------------------------------------------------------------

  /**
   * Opens what the URL hash names: a preset, edits made to it or a comparison of inits, the open
   * views, embed mode, hidden controls, autoplay, the theme, the depth sweep's settings (and
   * with `sweep=1` the Depth view, running its sweep). What the page cannot use (an unknown key,
   * a value the core refuses) is left out with a notice; the rest still loads.
   */
  async openHash() {
    const link = readHash(location.hash);
    const notices = link.notices;
    this.embed = link.embed;
    this.autoplay = link.autoplay;
    this.theme = link.theme;
    setTheme(link.theme);
    document.body.classList.toggle("embed", link.embed);
    this.#views.tabbed = link.embed;
    this.hide = hideControls(link.hide ?? [], notices);
    this.seeds = seedCount(link.seeds, notices);
    if (link.lesson !== null) notices.push(...besideLesson(link));
    else if (link.step !== null) notices.push("step: left out, it needs a lesson (lesson=init)");
    if (link.lesson !== null && (await this.#openLesson(link.lesson, link.step, notices))) {
      showNotices(notices);
      return;
    }
    if (link.paper !== null && !paperOf(this.#core, link.paper)) {
      notices.push(`paper: unknown value ${quote(link.paper)}; allowed: ${this.#core.papers.map((p) => p.id).join(", ")}`);
      link.paper = null;
    }
    if (link.paper !== null && link.preset !== null) notices.push("preset: left out, the paper card sets the runs");
    let presetId = link.paper ?? link.preset ?? DEFAULT_PRESET;
    if (!link.paper && !this.#core.presets.some((p) => p.id === presetId)) {
      notices.push(`preset: unknown value ${quote(presetId)}`);
      presetId = DEFAULT_PRESET;
    }
    const preset = presetOf(this.#core, presetId);
    // A card's code and the full build load before the runs change: the card shows whole.
    const [sweep] = await Promise.all([this.#sweep.applyLink(link.sweep, notices), link.paper && this.#cards.load()]);
    let open = link.views && knownViews(link.views, notices);
    if (sweep && !(open ?? preset.views).includes("depth")) open = ["depth", ...(open ?? preset.views)];
    this.#training.pause();
    await this.#training.serial(async () => {
      const { configs, edits, compare } = this.#buildRuns(preset, link.edits, link.compare, notices);
      Object.assign(this, { presetId, edits, compare, comparison: null, lesson: null });
      this.#views.tab = null; // a link shows its first view first
      await Promise.all([this.#setViews(open ?? preset.views), this.#load(configs)]);
    });
    showNotices(notices);
    if (sweep) this.#sweep.loaded.run(); // in its own workers, in the background: the page is ready now
  }

  /**
   * The full configs of `preset` with `edits` (config keys) applied and, when `compare` (init
   * ids) is given, one run per init sharing everything else. A value the core refuses is
   * dropped with a notice naming its hash key, and the rest is tried again.
   */
  #buildRuns(preset, edits, compare, notices) {
    edits = { ...edits };
    const { maxRuns } = this.#core.limits;
    if (compare?.length > maxRuns) {
      notices.push(`compare: at most ${maxRuns} runs side by side; kept the first ${maxRuns}`);
      compare = compare.slice(0, maxRuns);
    }
    if (compare && "init" in edits) {
      notices.push("init: left out, compare sets the inits");
      delete edits.init;
    }
    for (;;) {
      try {
        const edited = editConfigs(resolve(preset.runs), edits);
        const configs = compare ? compare.map((init) => editConfig(edited[0], { init })) : edited;
        return { configs, edits, compare };
      } catch (error) {
        if (!compare && Object.keys(edits).length === 0) throw error;
        const key = String(error.key ?? "");
        let names;
        if (key in edits) {
          names = urlKeyOf(key);
          delete edits[key];
        } else if (compare && key.startsWith("init")) {
          names = "compare";
          compare = null;
        } else {
          names = [...Object.keys(edits).map(urlKeyOf), ...(compare ? ["compare"] : [])].join(", ");
          edits = {};
          compare = null;
        }
        notices.push(`${names}: ${shorten(error.message ?? error)}`);
      }
    }
  }

  /**
   * Opens page `step` of lesson `id` (lesson.js): its runs, paused at step 0, and its views.
   * Resolves with false, after a notice, when there is no such lesson; a step it does not have
   * opens its first page, with a notice.
   */
  async #openLesson(id, step, notices) {
    const { lessonOf, pageOf, setupOf } = await import("./lesson.js");
    const lesson = lessonOf(id);
    if (!lesson) {
      notices.push(`lesson: unknown value ${quote(id)}`);
      return false;
    }
    const { page, notice } = pageOf(lesson, step);
    if (notice) notices.push(notice);
    const setup = setupOf(lesson, page);
    this.#training.pause();
    await this.#training.serial(async () => {
      const configs = setupConfigs(this.#core, setup);
      Object.assign(this, { presetId: setup.preset, edits: {}, compare: null, comparison: null, seeds: 1 });
      this.lesson = { id, step: page.n };
      this.#views.tab = null;
      const views = page.step?.views ?? presetOf(this.#core, setup.preset).views;
      const labels = setup.labels ?? runLabels(configs, this.#core);
      await Promise.all([this.#setViews(views), this.#training.load(configs, labels, 1)]);
    });
    return true;
  }

  /** The hash of page `step` of the lesson the page shows, as the page is now (embed, theme). */
  lessonHash(step) {
    return hashOf({ lesson: this.lesson?.id, step, embed: this.embed, theme: this.theme });
  }

  /** Loads runs of `configs`, named by what tells them apart, with the link's seeds. Serial only. */
  #load(configs) {
    return this.#training.load(configs, runLabels(configs, this.#core), this.seeds);
  }

  /** Trains every run with `seeds` seeds (1 to MAX_SEEDS) from step 0, paused. */
  async setSeeds(seeds) {
    this.#training.pause();
    await this.#training.serial(async () => {
      Object.assign(this, { seeds, lesson: null });
      this.#writeHash();
      await this.#load(this.#training.runs.map((run) => run.config));
    });
  }

  // ---- changes the link records -----------------------------------------------------------

  /**
   * Loads preset `id` (paused, at step 0) with the views of its story, or the views `ids`,
   * resolving once they are built and the runs loaded.
   */
  async loadPreset(id, ids = null) {
    const preset = presetOf(this.#core, id);
    if (paperOf(this.#core, id)) await this.#cards.load(); // as openHash does
    this.#training.pause();
    await this.#training.serial(async () => {
      Object.assign(this, { presetId: id, edits: {}, compare: null, comparison: null, lesson: null });
      this.#writeHash(true); // a history entry: Back returns to the preset before
      await Promise.all([this.#setViews(ids ?? preset.views), this.#load(resolve(preset.runs))]);
    });
  }

  /**
   * Sets config keys on every run (see editConfigs) and restarts them at step 0, paused. A bad
   * value rejects with the core's error and changes nothing.
   */
  async setConfig(partial) {
    this.#training.pause();
    await this.#training.serial(async () => {
      const configs = editConfigs(
        this.#training.runs.map((run) => run.config),
        partial,
      );
      // An edit that leaves one run of several (choosing an init in a comparison) keeps the way
      // back: a history entry, and the comparison's link for "Back to the comparison".
      const collapsed = configs.length === 1 && this.#training.runs.length > 1;
      if (collapsed) this.comparison = this.currentHash();
      this.lesson = null; // the runs are the student's own now
      this.edits = mergeEdits(this.edits, partial);
      this.#keepCompare(configs);
      this.#writeHash(collapsed);
      await this.#load(configs);
    });
  }

  /**
   * Drops the URL's comparison once an edit made the runs something else (setting the init
   * leaves one run), keeping that run's init in the edits so the hash still names it.
   */
  #keepCompare(configs) {
    const same = this.compare?.length === configs.length && configs.every((c, i) => c.init === this.compare[i]);
    if (!this.compare || same) return;
    this.compare = null;
    if (!("init" in this.edits)) this.edits = { ...this.edits, init: configs[0].init };
  }

  /**
   * Makes the views `ids` the open ones, in that order, and says so in the view bar and the URL;
   * the returned promise resolves once they are built.
   */
  #setViews(ids) {
    const built = this.#views.setOpen(ids);
    this.#writeHash();
    return built;
  }

  /** Opens exactly the views `ids` (in that order) and takes the readings they need. */
  async showViews(ids) {
    await Promise.all([this.#setViews(ids), this.#training.readAll()]);
  }

  /** Opens view `id` at the top if it is closed, closes it if open. */
  toggleView(id) {
    const open = this.#views.open;
    return this.showViews(open.includes(id) ? open.filter((v) => v !== id) : [id, ...open]);
  }

  // ---- the hash written back --------------------------------------------------------------

  /**
   * The URL hash of the page as it is (see url-state.js); as a widget when `embed`, training
   * by itself while on screen when `autoplay`.
   */
  currentHash(embed = this.embed, autoplay = this.autoplay) {
    // A lesson step trains once the student predicted, never by itself: no autoplay.
    if (this.lesson) return hashOf({ lesson: this.lesson.id, step: this.lesson.step, embed, theme: this.theme });
    const paper = this.paper;
    const preset = this.#core.presets.find((p) => p.id === this.presetId) ?? paper;
    const open = this.#views.open;
    const same = preset && preset.views.join() === open.join();
    return hashOf({
      preset: paper ? null : this.presetId,
      paper: paper?.id ?? null,
      edits: this.edits,
      compare: this.compare,
      seeds: this.seeds > 1 ? this.seeds : null,
      views: same ? null : open,
      embed,
      hide: this.hide,
      autoplay,
      theme: this.theme,
      sweep: this.#sweep.linkState(),
    });
  }

  /**
   * The page's address with the hash of what it shows, as the full page or as a widget
   * (`embed`), which trains by itself while on screen (autoplay) as a preset does on the page.
   */
  pageLink(embed) {
    return location.href.split("#")[0] + this.currentHash(embed, embed);
  }

  /**
   * Puts the page's hash in the address bar, as a new history entry when `push` (and the hash
   * changed), else in place of the current one, never with a hashchange; and points the
   * embedded widget's "Open in initlab" link at the full page of what it shows.
   */
  #writeHash(push = false) {
    if (!this.presetId) return;
    const hash = this.currentHash();
    this.#written = hash;
    if (push && hash !== location.hash) history.pushState(null, "", hash);
    else history.replaceState(null, "", hash);
    $("open-full").href = this.pageLink(false);
  }
}

/**
 * The full configs of the runs after a student sets `partial` (a few config keys): the core's
 * edit (editConfig) of each run that takes it (see runsTakingEdit); throws the core's error.
 */
function editConfigs(configs, partial) {
  return runsTakingEdit(configs, partial).map((config) => editConfig(config, partial));
}

/** Notices for the keys of `link` (readHash's) that a lesson leaves out: it sets the runs itself. */
function besideLesson(link) {
  const keys = [
    ...(link.preset === null ? [] : ["preset"]),
    ...(link.paper === null ? [] : ["paper"]),
    ...Object.keys(link.edits).map(urlKeyOf),
    ...["compare", "views", "seeds"].filter((key) => link[key] !== null),
  ];
  return keys.length > 0 ? [`${keys.join(", ")}: left out, the lesson sets the runs`] : [];
}

/**
 * The full configs of a lesson step's `setup` (lesson.js): its preset's runs, or the first of
 * them with one init per run (`compare`) or one edit per run (`runs`); throws the core's error.
 */
function setupConfigs(core, setup) {
  const [first, ...rest] = resolve(presetOf(core, setup.preset).runs);
  if (setup.compare) return setup.compare.map((init) => editConfig(first, { init }));
  if (setup.runs) return setup.runs.map((edit) => editConfig(first, edit));
  return [first, ...rest];
}

/** `ids` without the views the page does not have, each with a notice. */
function knownViews(ids, notices) {
  const known = StoryViews.ids();
  for (const id of ids) if (!known.includes(id)) notices.push(`views: unknown view ${quote(id)}`);
  return ids.filter((id) => known.includes(id));
}

/**
 * Hides the settings controls `names` (FIELDS keys or their hash names: `seed`, `lr`) and shows
 * the others; returns the hidden ones' hash names, or null for none.
 */
function hideControls(names, notices) {
  const isField = (key) => FIELDS.some((field) => field.key === key);
  const hidden = [];
  for (const name of names) {
    const key = isField(name) ? name : configKeyOf(name);
    if (key && isField(key)) hidden.push(key);
    else notices.push(`hide: unknown control ${quote(name)}`);
  }
  for (const { key } of FIELDS) $(`ctl-${key}`).closest(".field").hidden = hidden.includes(key);
  return hidden.length > 0 ? [...new Set(hidden)].map((key) => urlKeyOf(key) ?? key) : null;
}

/** Shows what the page left out of the URL, as text (never markup), or nothing. */
function showNotices(lines) {
  let box = $("url-notice");
  if (!box) {
    box = document.createElement("p");
    box.id = "url-notice";
    box.className = "url-notice";
    box.setAttribute("role", "status");
    $("fatal").after(box);
  }
  box.textContent = lines.length > 0 ? `Left out of the link: ${lines.join("; ")}` : "";
  box.hidden = lines.length === 0;
}

/** The link's `seeds` (a number, or null for 1); anything but 1 to MAX_SEEDS is 1, with a notice. */
function seedCount(seeds, notices) {
  if (seeds === null) return 1;
  if (Number.isInteger(seeds) && seeds >= 1 && seeds <= MAX_SEEDS) return seeds;
  notices.push(`seeds: must be a whole number from 1 to ${MAX_SEEDS} (got ${quote(seeds)})`);
  return 1;
}

/** A message cut short enough for a notice (a hostile link's value may be huge). */
function shorten(message) {
  const text = String(message);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
