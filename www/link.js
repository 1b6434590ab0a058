// The page's link: the preset, edits, compared inits and open views its URL hash names.
// Opening a link (openHash) builds its runs, leaving out with a notice what the page cannot use;
// every change the link records (loadPreset, setConfig, the open views) goes through here and
// writes the hash back. url-state.js is the hash's key table and parser; this is what the page
// does with them.

import { FIELDS, runsTakingEdit } from "./config.js";
import { $, drawn, showFatal } from "./draw.js";
import { editConfig, mergeEdits } from "./pkg/initlab.js";
import { openViews } from "./registry.js";
import { presetOf, resolve } from "./runs.js";
import { state, views } from "./state.js";
import { loadRuns, pause, readAll, serial } from "./training.js";
import { configKeyOf, writeHash as hashOf, quote, readHash, urlKeyOf } from "./url-state.js";

/**
 * The preset the page opens on when the URL names none. "Compare all" shows the whole argument
 * of the notes within seconds of opening: six inits of one network side by side, the zero and
 * constant curves flat, the large one blowing up, Glorot and He falling. A single-run preset
 * such as `he-relu` only shows a loss going down, which says nothing until compared.
 */
const DEFAULT_PRESET = "compare";

// ---- opening a link -----------------------------------------------------------------------

/**
 * Opens what the URL hash names: a preset, edits made to it or a comparison of inits, the open
 * views, embed mode, hidden controls, autoplay. What the page cannot use (an unknown key, a
 * value the core refuses) is left out with a notice; the rest still loads.
 */
export async function openHash() {
  const link = readHash(location.hash);
  const notices = link.notices;
  state.embed = link.embed;
  state.autoplay = link.autoplay;
  document.body.classList.toggle("embed", link.embed);
  state.hide = hideControls(link.hide ?? [], notices);
  let presetId = link.preset ?? DEFAULT_PRESET;
  if (!state.core.presets.some((p) => p.id === presetId)) {
    notices.push(`preset: unknown value ${quote(presetId)}`);
    presetId = DEFAULT_PRESET;
  }
  const preset = presetOf(presetId);
  const open = link.views && knownViews(link.views, notices);
  pause();
  await serial(async () => {
    const { configs, edits, compare } = buildRuns(preset, link.edits, link.compare, notices);
    Object.assign(state, { presetId, edits, compare });
    await Promise.all([setViews(open ?? preset.views), loadRuns(configs)]);
  });
  showNotices(notices);
  await drawn();
}

/**
 * The resolved configs of `preset` with `edits` (config keys) applied and, when `compare` (init
 * ids) is given, one run per init sharing everything else. A value the core refuses is dropped
 * with a notice naming its hash key, and the rest is tried again.
 */
function buildRuns(preset, edits, compare, notices) {
  edits = { ...edits };
  const { maxRuns } = state.core.limits;
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
 * The full configs of the runs after a student sets `partial` (a few config keys): the core's
 * edit (editConfig) of each run that takes it (see runsTakingEdit); throws the core's error.
 */
function editConfigs(configs, partial) {
  return runsTakingEdit(configs, partial).map((config) => editConfig(config, partial));
}

/** `ids` without the views the page does not have, each with a notice. */
function knownViews(ids, notices) {
  const known = [...document.querySelectorAll("#views > .view")].map((section) => section.dataset.view);
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

/** A message cut short enough for a notice (a hostile link's value may be huge). */
function shorten(message) {
  const text = String(message);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

// ---- changes the link records -------------------------------------------------------------

/**
 * Loads preset `id` (paused, at step 0) with the views of its story, or the views `ids`,
 * resolving once they are built and drawn.
 */
export async function loadPreset(id, ids = null) {
  const preset = presetOf(id);
  pause();
  await serial(async () => {
    state.presetId = id;
    state.edits = {};
    state.compare = null;
    await Promise.all([setViews(ids ?? preset.views), loadRuns(resolve(preset.runs))]);
  });
  await drawn();
}

/**
 * Sets config keys on every run (see editConfigs) and restarts them at step 0, paused. A bad
 * value rejects with the core's error and changes nothing.
 */
export async function setConfig(partial) {
  pause();
  await serial(async () => {
    const configs = editConfigs(
      state.runs.map((run) => run.config),
      partial,
    );
    state.edits = mergeEdits(state.edits, partial);
    keepCompare(configs);
    writeHash();
    await loadRuns(configs);
  });
  await drawn();
}

/**
 * Drops the URL's comparison once an edit made the runs something else (setting the init
 * leaves one run), keeping that run's init in the edits so the hash still names it.
 */
function keepCompare(configs) {
  const same = state.compare?.length === configs.length && configs.every((c, i) => c.init === state.compare[i]);
  if (!state.compare || same) return;
  state.compare = null;
  if (!("init" in state.edits)) state.edits = { ...state.edits, init: configs[0].init };
}

/**
 * Makes the views `ids` the open ones, in that order (unknown ids are ignored), and says so in
 * the view bar and the URL; the returned promise resolves once they are built (see openViews).
 */
function setViews(ids) {
  const sections = [...document.querySelectorAll("#views > .view")];
  const known = new Set(sections.map((s) => s.dataset.view));
  state.views = [...new Set(ids)].filter((id) => known.has(id));
  const order = [...state.views, ...sections.map((s) => s.dataset.view).filter((id) => !state.views.includes(id))];
  $("views").append(...order.map((id) => $(`view-${id}`)));
  views.bar.setOpen(state.views);
  writeHash();
  return openViews();
}

/** Opens exactly the views `ids` (in that order), takes the readings they need, draws. */
export async function showViews(ids) {
  await Promise.all([setViews(ids), readAll()]);
  await drawn();
}

/** Opens view `id` at the top if it is closed, closes it if open. */
export function toggleView(id) {
  showViews(state.views.includes(id) ? state.views.filter((v) => v !== id) : [id, ...state.views]).catch(showFatal);
}

// ---- the hash written back ----------------------------------------------------------------

/** The URL hash of the page as it is (see url-state.js). */
export function currentHash(embed = state.embed) {
  const preset = state.core.presets.find((p) => p.id === state.presetId);
  const same = preset && preset.views.join() === state.views.join();
  return hashOf({
    preset: state.presetId,
    edits: state.edits,
    compare: state.compare,
    views: same ? null : state.views,
    embed,
    hide: state.hide,
    autoplay: state.autoplay,
  });
}

/** The page's address with the hash of what it shows, as a widget (`embed`) or the full page. */
export function pageLink(embed) {
  return location.href.split("#")[0] + currentHash(embed);
}

/**
 * Puts the page's hash in the address bar, without a history entry or a hashchange, and points
 * the embedded widget's "Open in initlab" link at the full page of what it shows.
 */
function writeHash() {
  if (!state.presetId) return;
  history.replaceState(null, "", currentHash());
  $("open-full").href = pageLink(false);
}
