// What the page shows of the state. The open views redraw at most once per animation frame,
// from what the rounds brought back, together with the step counter and speed; the rest is
// drawn on change: the toolbar, the chosen run's tags, the preset's story, a fatal error.
// Nothing here trains or loads runs (training.js) or touches the URL (link.js).

import { integer } from "./format.js";
import { term } from "./glossary.js";
import { setViewRuns, updateViews } from "./registry.js";
import { currentStep, datasetOf, presetOf } from "./runs.js";
import { state, views } from "./state.js";

/** Steps per second are measured over this window, in milliseconds. */
const SPEED_WINDOW_MS = 1000;

/** The page's element with id `id`. */
export const $ = (id) => document.getElementById(id);

/** Asks for a draw on the next animation frame, once however often it is asked. */
export function scheduleDraw() {
  state.frame ||= requestAnimationFrame(draw);
}

/** Resolves after the next frame has drawn the current state. */
export function drawn() {
  return new Promise((done) => {
    state.drawWaiters.push(done);
    scheduleDraw();
  });
}

/** Draws every open view from the runs' latest numbers, and the counters. */
function draw() {
  state.frame = 0;
  if (state.runs.length > 0) updateViews();
  showCounters();
  for (const done of state.drawWaiters.splice(0)) done();
}

/** Gives every view the new runs. */
export function showRuns() {
  setViewRuns();
  views.picker.setRuns(state.runs.map((run) => run.label));
  views.picker.setSelected(state.selected);
  views.crashes?.clear();
  showRunTags();
  showStory(datasetOf(state.runs[0].config));
}

/** Names the chosen run in the headings of the single-run views. */
function showRunTags() {
  const run = state.runs[state.selected];
  for (const tag of document.querySelectorAll(".run-tag")) {
    tag.textContent = `· ${run.label}`;
    tag.className = `run-tag run-${state.selected}`;
  }
}

/** Makes run `i` the one the single-run views show. */
export async function selectRun(i) {
  state.selected = Math.max(0, Math.min(state.runs.length - 1, i));
  views.picker.setSelected(state.selected);
  showRunTags();
  await drawn();
}

function showCounters() {
  setText($("step-count"), integer(currentStep()));
  const now = performance.now();
  const samples = (state.speedSamples = state.speedSamples.filter(([t]) => now - t <= SPEED_WINDOW_MS));
  const [t0, s0] = samples[0] ?? [now, 0];
  const [t1, s1] = samples.at(-1) ?? [now, 0];
  setText($("speed"), state.playing && t1 > t0 ? integer(((s1 - s0) * 1000) / (t1 - t0)) : "0");
}

/** Shows on the Train button whether training plays. */
export function showToolbar() {
  const button = $("play");
  button.textContent = state.playing ? "Pause" : "Train";
  button.setAttribute("aria-pressed", String(state.playing));
  scheduleDraw();
}

/** The preset's sentence, and the captions that depend on the dataset. */
function showStory(dataset) {
  const preset = presetOf(state.presetId);
  // A preset's claim holds for any seed; other edits make it the student's own experiment.
  const edited = state.compare !== null || Object.keys(state.edits).some((key) => key !== "seed");
  $("look-for-text").textContent = preset.lookFor;
  $("look-for").hidden = edited;
  views.presets.setActive(edited ? null : preset.id);
  $("edited-preset").textContent = preset.label;
  $("edited").hidden = !edited;
  $("boundary-title").replaceChildren(
    ...(dataset.is2d ? ["Data and ", term("decision boundary", "decisionBoundary")] : ["Data: test digits and predictions"]),
  );
  $("boundary-caption").textContent = !dataset.is2d
    ? `${dataset.label} has ${dataset.inputs} inputs, so there is no 2-D boundary to draw: here are test digits as the network sees them, with its guesses.`
    : dataset.classes === 2
      ? "Background: the network's probability of each class, orange for class 0, purple for class 1, pale where it is unsure. Filled dots are training points, rings are test points."
      : "Background: each point's most likely class, paler where the network is unsure. Filled dots are training points, rings are test points.";
}

function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/** Shows `error` in the page's error box, "Something went wrong: ...". */
export function showFatal(error) {
  const box = $("fatal");
  box.textContent = `Something went wrong: ${error.message ?? error}`;
  box.hidden = false;
}
