// What the page shows of the runs. The open views redraw at most once per animation frame,
// from what the rounds brought back, together with the step counter and speed; the rest is
// drawn on change: the toolbar, the chosen run's tags, the preset's story, a fatal error.
// It reads the runs it is given and trains nothing; app.js calls it on training's events.

import { integer } from "./format.js";
import { term } from "./glossary.js";
import { currentStep, firstShown } from "./runs.js";

/** Steps per second are measured over this window, in milliseconds. */
const SPEED_WINDOW_MS = 1000;

/** The page's element with id `id`. */
export const $ = (id) => document.getElementById(id);

/** What the page shows of the runs: the story views, the counters, the run tags and the story. */
export class Screen {
  /** The run the single-run views show. */
  selected = 0;
  #runs = () => [];
  #views;
  #picker;
  #frame = 0;
  #waiters = [];
  #speed = []; // [time, step] of recent rounds
  #playing = false;

  /** Draws `runs()` (the runs as they are now) into `views` (StoryViews), with `picker` (RunPicker). */
  constructor(runs, views, picker) {
    this.#runs = runs;
    this.#views = views;
    this.#picker = picker;
  }

  /** Asks for a draw on the next animation frame, once however often it is asked. */
  scheduleDraw() {
    if (this.#frame === 0) this.#frame = requestAnimationFrame(() => this.#draw());
  }

  /** Resolves after the next frame has drawn the current state. */
  drawn() {
    return new Promise((done) => {
      this.#waiters.push(done);
      this.scheduleDraw();
    });
  }

  /** Draws every open view from the runs' latest numbers, and the counters. */
  #draw() {
    this.#frame = 0;
    const runs = this.#runs();
    if (runs.length > 0) this.#views.update(runs, this.selected);
    this.#showCounters(runs);
    for (const done of this.#waiters.splice(0)) done();
  }

  /** Starts over with the runs just loaded: the first one shown, every view given them. */
  showRuns() {
    const runs = this.#runs();
    this.selected = firstShown(runs.length);
    this.#speed = [];
    this.#views.setRuns(runs);
    this.#picker.setRuns(runs.map((run) => run.label));
    this.#picker.setSelected(this.selected);
    this.#showRunTags();
    this.scheduleDraw();
  }

  /** Notes the step the runs reached after a round, for the speed, and draws. */
  roundDone() {
    this.#speed.push([performance.now(), currentStep(this.#runs())]);
    this.scheduleDraw();
  }

  /** Forgets the speed measured so far (a run stopped or restarted, so the step jumps). */
  resetSpeed() {
    this.#speed = [];
  }

  /** Names the chosen run in the headings of the single-run views. */
  #showRunTags() {
    const run = this.#runs()[this.selected];
    for (const tag of document.querySelectorAll(".run-tag")) {
      tag.textContent = `· ${run.label}`;
      tag.className = `run-tag run-${this.selected}`;
    }
  }

  /** Makes run `i` the one the single-run views show. */
  async selectRun(i) {
    this.selected = Math.max(0, Math.min(this.#runs().length - 1, i));
    this.#picker.setSelected(this.selected);
    this.#showRunTags();
    await this.drawn();
  }

  #showCounters(runs) {
    setText($("step-count"), integer(currentStep(runs)));
    const now = performance.now();
    const samples = (this.#speed = this.#speed.filter(([t]) => now - t <= SPEED_WINDOW_MS));
    const [t0, s0] = samples[0] ?? [now, 0];
    const [t1, s1] = samples.at(-1) ?? [now, 0];
    setText($("speed"), this.#playing && t1 > t0 ? integer(((s1 - s0) * 1000) / (t1 - t0)) : "0");
  }

  /** Shows on the Train button whether training plays, and on Fast-forward whether it is on. */
  showToolbar(playing, fast) {
    this.#playing = playing;
    const button = $("play");
    button.textContent = playing ? "Pause" : "Train";
    button.setAttribute("aria-pressed", String(playing));
    $("fast").setAttribute("aria-pressed", String(fast));
    this.scheduleDraw();
  }
}

/**
 * The story of `preset` (the core's preset) and the captions that depend on `dataset` (the
 * core's dataset): its sentence, or, when `edited`, a note that the runs are the student's own,
 * with a way back to the comparison they came from when `comparison` (its hash) is given.
 */
export function showStory(preset, edited, dataset, comparison) {
  $("back-comparison").hidden = !(edited && comparison);
  $("look-for-text").textContent = preset.lookFor;
  $("card-preset").textContent = edited ? " · your setup" : ` · ${preset.label}`;
  $("look-for").hidden = edited;
  $("edited-preset").textContent = preset.label;
  $("edited").hidden = !edited;
  $("boundary-title").replaceChildren(
    ...(dataset.is2d
      ? ["Data and ", term("decision boundary", "decisionBoundary")]
      : [`Data: test ${dataset.id === "digits" ? "digits" : "rows"} and predictions`]),
  );
  $("boundary-caption").textContent = !dataset.is2d
    ? `${dataset.label} has ${dataset.inputs} inputs, so there is no 2-D boundary to draw: here ${dataset.id === "digits" ? "are test digits as the network sees them, with its guesses" : "is how the network classifies the test rows"}.`
    : dataset.classes === 2
      ? `Background: the network's probability of each class, orange for ${dataset.classNames?.[0] ?? "class 0"}, purple for ${dataset.classNames?.[1] ?? "class 1"}, pale where it is unsure. Filled dots are training points, rings are test points.`
      : "Background: each point's most likely class, paler where the network is unsure. Filled dots are training points, rings are test points.";
}

function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/**
 * Shows `error` in the page's error box: "Something went wrong: ...", or only its message when
 * it says what this browser lacks (`error.unsupported`, see features.js).
 */
export function showFatal(error) {
  const box = $("fatal");
  box.textContent = error.unsupported ? error.message : `Something went wrong: ${error.message ?? error}`;
  box.hidden = false;
}

/** Shows `text` in the page's notice about this browser (see features.js): a note, not an error. */
export function showNotice(text) {
  const box = $("browser-notice");
  box.textContent = text;
  box.hidden = false;
}
