// The lesson panel (issue 16): one page of the lesson path at a time. A step asks its question
// and takes the student's prediction with the runs hidden; once they commit, the runs train,
// then the answer quotes the numbers those runs produced (each a <data> element naming its
// source in initlab.runs()) and says why. The summary sets the predictions against what
// happened; the interview asks the notes' questions and answers them from the runs just done.
// The path and its rules are lesson.js; training goes through the functions the page gives.

import { initLabel, labelOf } from "../config.js";
import { integer } from "../format.js";
import { isRight, lessonOf, modelAnswer, pagesOf, questionOf, readPrediction, summaryRows } from "../lesson.js";
import { addStyleSheet } from "../stylesheet.js";

await addStyleSheet(new URL("../lesson.css", import.meta.url));

/** Creates an element `tag` with `props` (className, id, textContent...) and children. */
function el(tag, props = {}, ...children) {
  const element = Object.assign(document.createElement(tag), props);
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

/** Sentence parts (lesson.js) as nodes: the numbers as <data> with their value and source. */
function partsNodes(parts) {
  return parts.map((part) => {
    if (typeof part === "string") return part;
    const data = el("data", { className: "fact", textContent: part.text });
    data.value = String(part.value);
    data.dataset.source = part.source;
    return data;
  });
}

/** "2 layers of 8", "8 layers of 32", "layers of 16 and 8", "no hidden layer". */
function layersText(hidden) {
  if (hidden.length === 0) return "no hidden layer";
  if (hidden.every((w) => w === hidden[0])) return `${hidden.length} ${hidden.length === 1 ? "layer" : "layers"} of ${hidden[0]}`;
  return `layers of ${hidden.join(", ")}`;
}

/** The lesson path's panel; the page shows it for a link with `lesson=`. */
export class LessonPanel {
  /** Per step id, what the student predicted and what happened: {prediction, outcome, right}. */
  #record = new Map();
  #root;
  #io;
  #core;
  /** The lesson page shown ({id, step} from the link), and its lesson and page (lesson.js). */
  #shown = null;
  #lesson = null;
  #page = null;
  /** "asking", "running" or "answered" on a step; "reading" on the summary and interview. */
  #phase = "reading";
  #parts = {};

  /**
   * The panel drawn into `root` (the page's #lesson section), with the core's lists `core`.
   * `io` is how it reaches the page: `runs()` (initlab.runs()), `progress()` ({step, live}: the
   * step the runs reached and how many still train), `train(steps)` (plays that many steps;
   * resolves once training stopped and the readings are fresh), `stopped()` (resolves the next
   * time training stops, readings fresh), `hrefOf(step)` (the hash of a page of the lesson).
   */
  constructor(root, core, io) {
    this.#root = root;
    this.#core = core;
    this.#io = io;
  }

  /**
   * Shows the lesson page `lesson` ({id, step} of the link, a new object for each page opened),
   * whose runs `configs` (named `labels`) are loaded, or hides the panel for null. The same
   * object again (the runs were reset) keeps the page as it is.
   */
  show(lesson, configs, labels) {
    const body = document.body.classList;
    body.toggle("lesson", lesson !== null);
    this.#root.hidden = lesson === null;
    if (lesson === null) {
      this.#shown = null;
      this.#setPhase("reading");
      return;
    }
    const card = document.getElementById("card-preset");
    if (lesson === this.#shown) {
      card.textContent = this.#cardTitle();
      return;
    }
    const navigated = this.#shown !== null; // not on the page's first lesson page
    this.#shown = lesson;
    this.#lesson = lessonOf(lesson.id);
    this.#page = pagesOf(this.#lesson)[lesson.step - 1];
    card.textContent = this.#cardTitle();
    const page = this.#page;
    const content =
      page.kind === "step" ? this.#stepPage(page, configs, labels) : page.kind === "summary" ? this.#summaryPage() : this.#interviewPage();
    this.#root.replaceChildren(this.#nav(), ...content);
    if (navigated) this.#parts.title.focus();
  }

  /** What the lesson shows now, for scripts and tests (initlab.lesson()). */
  state() {
    if (!this.#shown) return null;
    const record = Object.fromEntries(
      [...this.#record].map(([id, { prediction, outcome, right }]) => [
        id,
        { predicted: prediction.value, happened: outcome.value, right },
      ]),
    );
    return {
      id: this.#shown.id,
      step: this.#shown.step,
      pages: pagesOf(this.#lesson).length,
      kind: this.#page.kind,
      phase: this.#phase,
      record,
    };
  }

  /** The embed card's title, which stands for the page's heading there: " · Lesson step 3 of 11: …". */
  #cardTitle() {
    const { kind, n, step } = this.#page;
    return ` · Lesson ${kind === "step" ? `step ${n} of ${this.#lesson.steps.length}: ${step.title}` : kind}`;
  }

  /** Sets the phase, which body classes show: the runs stay hidden while the student predicts. */
  #setPhase(phase) {
    this.#phase = phase;
    document.body.classList.toggle("lesson-asking", phase === "asking");
    document.body.classList.toggle("lesson-reading", phase === "reading");
  }

  /** The path's pages as numbered links, the current one marked, and the way out. */
  #nav() {
    const list = el("ol", { className: "lesson-pages" });
    for (const page of pagesOf(this.#lesson)) {
      const name = page.kind === "step" ? `Step ${page.n}: ${page.step.title}` : page.kind === "summary" ? "Summary" : "Interview";
      const done = page.step && this.#record.get(page.step.id);
      const link = el("a", { href: this.#io.hrefOf(page.n), textContent: page.kind === "step" ? String(page.n) : name });
      link.setAttribute("aria-label", done ? `${name} (done: ${done.right ? "as you predicted" : "not as you predicted"})` : name);
      if (done) link.classList.add(done.right ? "right" : "wrong");
      if (page.n === this.#page.n) link.setAttribute("aria-current", "step");
      list.append(el("li", {}, link));
    }
    const nav = el(
      "nav",
      { className: "lesson-nav" },
      el("span", { className: "lesson-name", textContent: `Lesson: ${this.#lesson.title}` }),
      list,
    );
    nav.setAttribute("aria-label", "Lesson pages");
    nav.append(el("a", { className: "lesson-leave", href: "#preset=compare", textContent: "Leave the lesson" }));
    return nav;
  }

  /**
   * The heading of a page, focused when the student moves to it; in the embed card its title
   * says the same, so the heading is there for screen readers only.
   */
  #title(text) {
    const embed = document.body.classList.contains("embed");
    this.#parts.title = el("h2", { id: "lesson-title", tabIndex: -1, textContent: text, className: embed ? "visually-hidden" : "" });
    return this.#parts.title;
  }

  /** The link to page `n` (a primary link, "Next: ..."). */
  #next(n, text) {
    return el("p", { className: "lesson-next" }, el("a", { className: "button-link", href: this.#io.hrefOf(n), textContent: text }));
  }

  // ---- a step ---------------------------------------------------------------------------------

  #stepPage(page, configs, labels) {
    const { step } = page;
    const config = configs[0];
    const steps = this.#lesson.steps.length;
    this.#setPhase("asking");
    const setup = el("p", { className: "lesson-setup", textContent: this.#setupText(step, configs, labels) });
    const form = this.#form(step, config);
    const run = el("div", { className: "lesson-run", hidden: true });
    const answer = el("section", { className: "lesson-answer", hidden: true });
    answer.setAttribute("aria-labelledby", "lesson-answer-title");
    this.#parts = { ...this.#parts, form, run, answer };
    return [this.#title(`Step ${page.n} of ${steps} · ${step.title}`), setup, form, run, answer];
  }

  /** "Runs: Glorot normal, He normal · 8 layers of 32, ReLU · Circle · 500 steps". */
  #setupText(step, configs, labels) {
    const config = configs[0];
    const runs = configs.length === 1 ? initLabel(config, this.#core) : `Runs: ${labels.join(", ")}`;
    const network = configs.every((c) => c.hidden.join() === config.hidden.join()) ? `${layersText(config.hidden)}, ` : "";
    const activation = labelOf(this.#core.activations, config.activation);
    const dataset = labelOf(this.#core.datasets, config.dataset);
    return `${runs} · ${network}${activation} · ${dataset} data · ${integer(step.steps)} steps`;
  }

  /** The prediction form: the question with its choices or its number field, and the button. */
  #form(step, config) {
    const form = el("form", { className: "lesson-predict", noValidate: true });
    const error = el("p", { className: "error", id: "lesson-error" });
    error.setAttribute("aria-live", "assertive");
    const question = questionOf(step, config);
    let read;
    if (step.predict.kind === "choice") {
      const fieldset = el("fieldset", {}, el("legend", { textContent: question }));
      for (const option of step.predict.options) {
        const input = el("input", { type: "radio", name: "prediction", value: option.id, id: `predict-${option.id}` });
        fieldset.append(el("label", { className: "choice" }, input, ` ${option.label}`));
      }
      fieldset.setAttribute("aria-describedby", error.id);
      form.append(fieldset);
      read = () => form.elements.prediction.value;
    } else {
      const input = el("input", {
        type: "text",
        id: "predict-number",
        inputMode: step.predict.integer ? "numeric" : "decimal",
        autocomplete: "off",
      });
      input.setAttribute("aria-describedby", `lesson-question ${error.id}`);
      form.append(
        el("p", { className: "lesson-question", id: "lesson-question", textContent: question }),
        el("label", { htmlFor: input.id, textContent: step.predict.label(config) }),
        input,
      );
      read = () => input.value;
    }
    const submit = el("button", { type: "submit", className: "primary", textContent: "Predict, then run" });
    const hint = el("p", { className: "hint", textContent: "The runs appear once you have predicted, and train in view." });
    form.append(el("div", { className: "lesson-submit" }, submit, error), hint);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const prediction = readPrediction(step, config, read());
      const field = form.querySelector("#predict-number");
      field?.setAttribute("aria-invalid", String(Boolean(prediction.error)));
      error.textContent = prediction.error ?? "";
      if (!prediction.error) this.#run(step, prediction);
    });
    return form;
  }

  /** Trains the step's runs once the student predicted, then shows the answer. */
  async #run(step, prediction) {
    const shown = this.#shown;
    const { form, run, answer } = this.#parts;
    this.#setPhase("running");
    const status = el("p", { className: "lesson-status", id: "lesson-status", tabIndex: -1 });
    status.setAttribute("role", "status");
    run.replaceChildren(
      el("p", { className: "lesson-predicted" }, "You predicted: ", el("strong", { textContent: prediction.text })),
      status,
    );
    form.hidden = true;
    run.hidden = false;
    status.textContent = `Training ${integer(step.steps)} steps…`;
    status.focus();
    await this.#io.train(step.steps);
    for (;;) {
      if (this.#shown !== shown) return; // the student left the step
      const { step: reached, live } = this.#io.progress();
      if (reached >= step.steps || live === 0) break;
      const finish = el("button", { type: "button", textContent: "Finish the run" });
      finish.addEventListener("click", () => this.#io.train(step.steps - this.#io.progress().step));
      status.replaceChildren(`Paused at step ${integer(reached)} of ${integer(step.steps)}. `, finish);
      await this.#io.stopped();
    }
    status.textContent = "";
    const outcome = step.outcome(this.#io.runs());
    const right = isRight(step, prediction, outcome);
    this.#record.set(step.id, { prediction, outcome, right });
    this.#setPhase("answered");
    this.#showAnswer(step, prediction, right, outcome, answer);
  }

  /**
   * The answer: what the student predicted and whether the run bore it out, the way on, the
   * run's numbers, the notes' words and why (folded in the embed card, which has less room).
   */
  #showAnswer(step, prediction, right, outcome, answer) {
    const [before, after] = (right ? "✓ You predicted “%”: so it went" : "✗ You predicted “%”: not what happened").split("%");
    const heading = el("h3", { id: "lesson-answer-title", tabIndex: -1 }, before, el("span", { textContent: prediction.text }), after);
    heading.classList.add(right ? "right" : "wrong");
    const n = this.#page.n;
    const last = n === this.#lesson.steps.length;
    const notes = el("span", { className: "lesson-notes-name", textContent: step.translated ? "The notes (translated): " : "The notes: " });
    const embed = document.body.classList.contains("embed");
    answer.replaceChildren(
      el("div", { className: "lesson-answer-head" }, heading, this.#next(n + 1, last ? "Next: the summary ›" : `Next: step ${n + 1} ›`)),
      el("p", { className: "lesson-facts" }, ...partsNodes(outcome.answer)),
      el("blockquote", { className: "lesson-notes" }, el("p", {}, notes, `“${step.notes}”`)),
      el("details", { className: "lesson-why", open: !embed }, el("summary", { textContent: "Why" }), step.why),
    );
    this.#parts.run.hidden = true;
    answer.hidden = false;
    this.#root.querySelector(".lesson-nav").replaceWith(this.#nav());
    heading.focus();
  }

  // ---- the summary and the interview ------------------------------------------------------------

  #summaryPage() {
    this.#setPhase("reading");
    const rows = summaryRows(this.#lesson, this.#record);
    const done = rows.filter((row) => row.done);
    const right = done.filter((row) => row.right).length;
    const score =
      done.length === 0
        ? "You have not run a step yet: each step asks for your prediction, then runs."
        : `${right} of your ${done.length} ${done.length === 1 ? "prediction" : "predictions"} matched the run${done.length < rows.length ? `; ${rows.length - done.length} ${rows.length - done.length === 1 ? "step" : "steps"} not run yet` : ""}.`;
    const head = el(
      "tr",
      {},
      ...["Step", "Question", "You predicted", "What happened", "Match"].map((text) => el("th", { scope: "col", textContent: text })),
    );
    const body = el(
      "tbody",
      {},
      ...rows.map((row) => {
        const link = el("a", { href: this.#io.hrefOf(row.n), textContent: String(row.n) });
        const cells = row.done
          ? [
              el("td", { textContent: row.predicted }),
              el("td", {}, ...partsNodes(row.happened)),
              el("td", { textContent: row.right ? "✓ right" : "✗ not quite" }),
            ]
          : [el("td", { className: "dim", textContent: "not run yet" }), el("td"), el("td")];
        const tr = el("tr", {}, el("td", {}, link), el("th", { scope: "row", textContent: row.title }), ...cells);
        if (row.done) tr.classList.add(row.right ? "right" : "wrong");
        return tr;
      }),
    );
    const table = el(
      "table",
      { className: "numbers lesson-summary" },
      el("caption", { textContent: "Your predictions against your runs" }),
      el("thead", {}, head),
      body,
    );
    const interview = this.#lesson.steps.length + 2;
    return [
      this.#title("Summary: what you predicted, what happened"),
      el("p", { className: "lesson-score", textContent: score }),
      el("div", { className: "table-scroll" }, table),
      this.#next(interview, "Next: the interview ›"),
    ];
  }

  #interviewPage() {
    this.#setPhase("reading");
    const questions = this.#lesson.interview.map((question, i) => {
      const id = `interview-${question.id}`;
      const input = el("textarea", { id, rows: 3 });
      const button = el("button", { type: "button", textContent: "Show the model answer" });
      const model = el("div", { className: "lesson-model", hidden: true });
      model.setAttribute("aria-labelledby", `${id}-model`);
      button.addEventListener("click", () => {
        model.replaceChildren(
          el("h4", { id: `${id}-model`, tabIndex: -1, textContent: "A model answer, from your runs" }),
          this.#modelList(question),
        );
        model.hidden = false;
        button.hidden = true;
        model.firstChild.focus();
      });
      return el(
        "section",
        { className: "lesson-question-card" },
        el("h3", { textContent: `${i + 1}. ${question.question}` }),
        el("label", { htmlFor: id, textContent: "Your answer (it stays on this page)" }),
        input,
        el("p", {}, button),
        model,
      );
    });
    return [
      this.#title("Interview: the notes' questions"),
      el("p", {
        className: "lesson-score",
        textContent: "Write or think through your answer, then compare it with a model answer built from the runs you just did.",
      }),
      ...questions,
    ];
  }

  /** A model answer's points, each with what the student's run of its step showed. */
  #modelList(question) {
    return el(
      "ul",
      {},
      ...modelAnswer(this.#lesson, question, this.#record).map(({ n, text, happened }) => {
        const link = el("a", { href: this.#io.hrefOf(n), textContent: `step ${n}` });
        const evidence = happened
          ? [" Your run (", link, "): ", ...partsNodes(happened), "."]
          : [" Run ", link, " to see it with numbers."];
        return el("li", {}, text, ...evidence);
      }),
    );
  }
}
