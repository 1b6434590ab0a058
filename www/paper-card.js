// The page's side of a paper card (src/papers/): starts the card's experiment (its runs, or
// networks in the worker pool: a grid, phase-grid.js, or a depth sweep, steps-sweep.js, whose
// code loads with the first such card), says where it stands, and once it is complete shows the core's checks of what it
// measured (paperChecks) in the card's panel (views/paper.js). This module, the panel's and the
// core's full build, which holds the cards (papers(), paperExperiment, paperChecks), load when
// a card first opens (app.js): the page's own build knows each card's preset only.

import { integer } from "./format.js";
import { summaries } from "./runs.js";
import { addStyleSheet } from "./stylesheet.js";
import { PaperPanel } from "./views/paper.js";

await addStyleSheet(new URL("./paper.css", import.meta.url));

/** The paper card the link opens, on a page (see the header). Emits no events of its own. */
export class PaperCards extends EventTarget {
  #page;
  /** Per pooled experiment kind, the Lazy of what trains it. */
  #pools;
  #full;
  /** The core's cards (the full build's papers()), each with its words and outline. */
  #cards;

  /**
   * The cards of `page` ({link, training, views, play(steps)}) from `full`, the core's full
   * build, whose pooled experiments `pools` trains ({grid: a Lazy of a PhaseGrid, depths: a Lazy
   * of a StepsSweep}), shown in the panel in `root` (section#paper).
   */
  constructor(page, pools, full, root) {
    super();
    this.#page = page;
    this.#pools = pools;
    this.#full = full;
    this.#cards = full.papers();
    this.panel = new PaperPanel(root);
    for (const pool of Object.values(pools)) pool.addEventListener("change", () => this.progress());
  }

  /** The Lazy that trains `card`'s experiment in the pool, or undefined for a runs card (or none). */
  #pool(card) {
    return card ? this.#pools[card.experiment.kind] : undefined;
  }

  /** The card the link opens (one of papers(), with its words), or null. */
  get #card() {
    const id = this.#page.link.paper?.id;
    return this.#cards.find((card) => card.id === id) ?? null;
  }

  /**
   * Starts, or takes up again, the experiment of the card the link opens: its runs up to the
   * card's steps, as fast as the computer goes and still drawn; or the pool's networks not
   * trained yet.
   */
  async start() {
    const { training, play } = this.#page;
    const card = this.#card;
    if (!card) return;
    const pool = this.#pool(card);
    if (pool) {
      const part = await pool.load();
      return part.running ? undefined : part.run();
    }
    training.setFast(true);
    const left = card.experiment.steps - training.step;
    return left > 0 ? play(left) : undefined;
  }

  /**
   * Shows the card the link opens, or hides the panel off a card. A pooled card's experiment is
   * laid out now (paperExperiment: the list of cards has only its outline).
   */
  async show() {
    const card = this.#card;
    const pool = this.#pool(card);
    if (pool) {
      const part = await pool.load();
      if (part.card?.id !== card.id) part.setCard({ ...card, experiment: this.#full.paperExperiment(card.id) });
    }
    const labels = card ? card.views.map((id) => document.querySelector(`#view-${id}`)?.dataset.toggle ?? id) : [];
    this.panel.show(card, labels);
    document.querySelector(".story").classList.toggle("beside-paper", card !== null);
    if (card) this.progress();
  }

  /**
   * Says where the card's experiment stands and, once it is complete, shows the core's checks of
   * what it measured: a runs card's runs at the card's steps (training stopped), a pooled
   * card's every network.
   */
  progress() {
    const { link, training, views } = this.#page;
    const card = this.panel.card;
    if (!card || link.paper?.id !== card.id) return;
    const experiment = card.experiment;
    const pool = this.#pool(card);
    if (pool) {
      const part = pool.loaded;
      // The part may still hold the card before this one while this one's is laid out.
      const readings = part?.card?.id === card.id ? part.readings() : null;
      const grid = experiment.kind === "grid";
      if (readings && this.panel.state()?.phase !== "checked") {
        const verdict = this.#full.paperChecks(card.id, readings);
        const each = grid ? `${integer(experiment.steps)} steps each` : `each up to ${integer(experiment.steps)} steps`;
        this.panel.setVerdict(verdict, `on all ${readings.length} networks, ${each}`);
        if (grid) views.view("phase")?.setEdge(verdict.figure.edge);
      } else if (!readings) {
        const running = part?.running ?? false;
        const what = grid ? "the grid" : "the networks";
        this.panel.setStatus(
          running ? "running" : "waiting",
          running ? `Training ${what}: ${part.done()} of ${part.cells().length} networks…` : `Train ${what} to check the claim.`,
        );
      }
      return;
    }
    if (link.edited) {
      this.panel.setStatus("waiting", "Your own setup now: the checks are for the card's, which the card's button sets again.");
      return;
    }
    const runs = training.runs;
    const done = runs.length > 0 && runs.every((run) => run.progress.step >= experiment.steps || run.progress.diverged);
    if (!done) {
      if (this.panel.state()?.phase !== "running" || training.playing)
        this.panel.setStatus(
          training.playing ? "running" : "waiting",
          training.playing
            ? `Training: step ${integer(training.step)} of ${integer(experiment.steps)}…`
            : `Paused at step ${integer(training.step)}: train to step ${integer(experiment.steps)} to check the claim.`,
        );
      return;
    }
    if (training.playing || this.panel.state()?.phase === "checked") return;
    const ids = runs;
    training
      .readAll()
      .then(() => {
        if (training.runs !== ids || link.paper?.id !== card.id) return;
        this.panel.setVerdict(this.#full.paperChecks(card.id, summaries(training.runs)), `after ${integer(experiment.steps)} steps`);
      })
      .catch(this.#page.fail);
  }

  /**
   * Sets the page's networks (a depth-sweep card's runs) to `depth` layers, the last the output
   * layer, each hidden layer as wide as their first: what "Inside the layers" then shows.
   */
  pickDepth(depth) {
    const width = this.#page.training.runs[0]?.config.hidden[0] ?? 32;
    this.#page.link.setConfig({ hidden: Array(depth - 1).fill(width) }).catch(this.#page.fail);
  }

  /** Sets the page's network to grid cell `cell`'s (its depth and weight variance) and trains it. */
  pickCell(cell) {
    const { hidden, initOptions } = cell.config;
    this.#page.link
      .setConfig({ hidden, initOptions })
      .then(() => this.#page.play(cell.steps))
      .catch(this.#page.fail);
  }
}
