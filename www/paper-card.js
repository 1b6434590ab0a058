// The page's side of a paper card (src/papers/): starts the card's experiment (its runs, or
// networks in the worker pool: a grid, phase-grid.js, or a depth sweep, steps-sweep.js, whose
// code loads with the first such card), says where it stands, and once it is complete shows the core's checks of what it
// measured (paperChecks) in the card's panel (views/paper.js).

import { integer } from "./format.js";
import { paperChecks, paperExperiment } from "./pkg/initlab.js";
import { summaries } from "./runs.js";

/** The paper card the link opens, on a page (see the header). */
export class PaperCards {
  #page;
  /** Per pooled experiment kind, the Lazy of what trains it. */
  #pools;

  /**
   * The cards of `page` ({link, training, views, play(steps)}), whose pooled experiments `pools`
   * trains ({grid: a Lazy of a PhaseGrid, depths: a Lazy of a StepsSweep}), shown in `panel` (a
   * PaperPanel).
   */
  constructor(page, pools, panel) {
    this.#page = page;
    this.#pools = pools;
    this.panel = panel;
    for (const pool of Object.values(pools)) pool.addEventListener("change", () => this.progress());
  }

  /** The Lazy that trains `card`'s experiment in the pool, or undefined for a runs card (or none). */
  #pool(card) {
    return card ? this.#pools[card.experiment.kind] : undefined;
  }

  /**
   * Starts, or takes up again, what the runs are for: a card's experiment (its runs up to the
   * card's steps, as fast as the computer goes and still drawn; or the grid's cells not trained
   * yet), else training up to step `steps`.
   */
  async start(steps) {
    const { link, training, play } = this.#page;
    const card = link.paper;
    const pool = this.#pool(card);
    if (pool) {
      const part = await pool.load();
      return part.running ? undefined : part.run();
    }
    if (card) training.setFast(true);
    const left = (card ? card.experiment.steps : steps) - training.step;
    return left > 0 ? play(left) : undefined;
  }

  /**
   * Shows the card the link opens, or hides the panel off a card. A pooled card's experiment is
   * laid out now (paperExperiment: the list of cards has only its outline).
   */
  async show() {
    const card = this.#page.link.paper;
    const pool = this.#pool(card);
    if (pool) {
      const part = await pool.load();
      if (part.card?.id !== card.id) part.setCard({ ...card, experiment: paperExperiment(card.id) });
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
    if (!card || link.paper !== card) return;
    const experiment = card.experiment;
    const pool = this.#pool(card);
    if (pool) {
      const part = pool.loaded;
      // The part may still show the card before this one while this one's is laid out.
      const readings = part?.card?.id === card.id ? part.readings() : null;
      const grid = experiment.kind === "grid";
      if (readings && this.panel.state()?.phase !== "checked") {
        const verdict = paperChecks(card.id, readings);
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
        if (training.runs !== ids || link.paper !== card) return;
        this.panel.setVerdict(paperChecks(card.id, summaries(training.runs)), `after ${integer(experiment.steps)} steps`);
      })
      .catch(this.#page.fail);
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
