// The paper card above the lab when the link opens one (paper=he2015): the citation, what the
// paper showed, what was scaled down and why, the link that opens it and the views it needs,
// then the badge: "Reproduced" or "Not reproduced" from the core's checks (paperChecks), each
// check's claim beside the number this run measured, what was expected and the tolerance. The
// panel shows what it is given; paper-card.js decides when the checks run.

import { number } from "../format.js";

/** How the expected number and its tolerance read on the card (a bound is its own number). */
const EXPECTED = {
  atMost: (_expected, v) => `at most ${format(v)}`,
  atLeast: (_expected, v) => `at least ${format(v)}`,
  factor: (expected, v) => `${format(expected)}, within a factor of ${format(v)}`,
  absolute: (expected, v) => `${format(expected)} ± ${format(v)}`,
};

/** The paper card panel (see the header). */
export class PaperPanel {
  #root;
  #card = null;
  #verdict = null;
  #phase = "idle";
  #status;
  #badge;
  #checks;

  /** The panel in `root` (section#paper), hidden until a card is shown. */
  constructor(root) {
    this.#root = root;
  }

  /**
   * Shows `card` (one of papers()) with its status `status`; `viewLabels` names the views it
   * opens. With null, hides the panel.
   */
  show(card, viewLabels) {
    this.#root.hidden = card === null;
    if (card === null || this.#card?.id === card.id) {
      this.#card = card;
      return;
    }
    this.#card = card;
    this.#verdict = null;
    const title = el("h2", "paper-title", `From the papers: ${card.label}`);
    title.id = "paper-title";
    const cite = el("p", "paper-citation", card.citation);
    const summary = el("p", "paper-summary", card.summary);
    const details = document.createElement("details");
    details.className = "paper-details";
    const more = el("summary", "", "What was scaled down, the link, the views");
    const scaled = el("p", "", `Scaled down: ${card.scaledDown}`);
    const key = el("p", "");
    key.append("Opens with ", el("code", "", `#${card.urlKey}`), `; views: ${viewLabels.join(", ")}.`);
    details.append(more, scaled, key);
    const result = document.createElement("div");
    result.className = "paper-result";
    this.#badge = el("p", "paper-badge", "");
    this.#status = el("p", "paper-status", "");
    this.#status.setAttribute("role", "status");
    result.append(this.#badge, this.#status);
    this.#checks = document.createElement("table");
    this.#checks.className = "numbers paper-checks";
    this.#checks.hidden = true;
    const words = document.createElement("div");
    words.className = "paper-words";
    words.append(title, cite, summary, result, details);
    // A long list of checks scrolls in its own box, so the card's figure stays near the top.
    const checks = document.createElement("div");
    checks.className = "paper-checks-box";
    checks.tabIndex = 0;
    checks.setAttribute("role", "region");
    checks.setAttribute("aria-label", "The paper's claims, checked");
    checks.append(this.#checks);
    this.#root.replaceChildren(words, checks);
    this.#root.setAttribute("aria-labelledby", "paper-title");
    this.setStatus("running", "Training…");
  }

  /** The card shown, or null. */
  get card() {
    return this.#card;
  }

  /** Says where the experiment stands: `phase` "running", "waiting" or "checked", and `text`. */
  setStatus(phase, text) {
    this.#phase = phase;
    this.#status.textContent = text;
    if (phase !== "checked") {
      this.#verdict = null;
      this.#badge.textContent = "Not checked yet";
      this.#badge.dataset.verdict = "pending";
      this.#checks.hidden = true;
    }
  }

  /** Shows the badge of `verdict` (paperChecks's), measured `where` ("after 3,000 steps"). */
  setVerdict(verdict, where) {
    this.#verdict = verdict;
    this.#phase = "checked";
    this.#badge.textContent = verdict.reproduced ? "✓ Reproduced" : "✗ Not reproduced";
    this.#badge.dataset.verdict = verdict.reproduced ? "reproduced" : "not-reproduced";
    this.#status.textContent = `Measured ${where}: ${verdict.checks.filter((c) => c.passed).length} of ${verdict.checks.length} checks hold.`;
    const head = document.createElement("thead");
    const row = document.createElement("tr");
    for (const text of ["The paper's claim", "Measured", "Expected", ""]) row.append(el("th", "", text));
    head.append(row);
    const body = document.createElement("tbody");
    for (const check of verdict.checks) {
      const tr = document.createElement("tr");
      tr.dataset.passed = String(check.passed);
      const mark = el("td", "paper-mark", check.passed ? "✓" : "✗");
      mark.setAttribute("aria-label", check.passed ? "holds" : "does not hold");
      tr.append(
        el("td", "", check.claim),
        el("td", "num", format(check.measured)),
        el("td", "num", EXPECTED[check.tolerance.kind](check.expected, check.tolerance.value)),
        mark,
      );
      body.append(tr);
    }
    this.#checks.replaceChildren(head, body);
    this.#checks.hidden = false;
  }

  /** What the panel shows, for initlab.paper(): {id, phase, verdict} or null. */
  state() {
    if (!this.#card || this.#root.hidden) return null;
    return { id: this.#card.id, phase: this.#phase, verdict: this.#verdict };
  }
}

/** A number as the card writes it: NaN as "not finite", very small or large ones as powers. */
function format(value) {
  if (value === null || !Number.isFinite(value)) return "not finite";
  return number(value);
}

function el(tag, className, text = "") {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}
