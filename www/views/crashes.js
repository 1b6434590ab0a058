// Crashed runs: when a run's training worker crashes (the core panicked, or the worker died),
// a notice in the run's colour names the run and the step it stopped at, says the other runs
// train on, shows what the core or the browser said, and offers "Restart this run". Once
// restarted, a quiet note says so. A screen reader hears each change; all of it is text only.

/** Longest detail (the panic message, or the error) shown; a panic's full message is in the console. */
const DETAIL_CHARS = 300;

/** The notices of crashed runs, above the views. */
export class CrashNotices {
  #list;
  #status;
  #onRestart;
  #notices = new Map(); // run index -> its notice element

  /**
   * Renders into `root`, which holds only an empty hidden `role="alert"` paragraph that says
   * each change: it is in index.html from the start, before this code loads on the first crash,
   * so that first announcement is heard. `onRestart(i)` runs when run i's button is pressed.
   */
  constructor(root, onRestart) {
    this.#onRestart = onRestart;
    this.#list = document.createElement("div");
    this.#list.className = "crash-list";
    this.#status = root.querySelector("[role=alert]");
    root.prepend(this.#list);
  }

  /** Removes every notice: the runs were loaded again. */
  clear() {
    this.#notices.clear();
    this.#list.replaceChildren();
    this.#status.textContent = "";
  }

  /**
   * Shows that run `i`, labelled `label`, crashed: `crash` is {step, message, panic} (see
   * RunWorker), panic being the core's panic message or null.
   */
  crashed(i, label, { step, message, panic }) {
    const notice = this.#notice(i, "crash");
    const title = paragraph("crash-title", runName(label), ` stopped at step ${step}: its training worker crashed.`);
    title.id = `crash-title-${i}`;
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Restart this run";
    button.setAttribute("aria-describedby", title.id);
    button.addEventListener("click", () => this.#onRestart(i));
    const detail = `Details for a bug report: ${panic ?? message}`;
    notice.replaceChildren(
      title,
      paragraph(
        "crash-text",
        "That is a bug in initlab, not something your settings did. The other runs train on; restarting starts this one again from step 0, with the same initial weights.",
      ),
      paragraph("crash-detail", detail.length > DETAIL_CHARS ? `${detail.slice(0, DETAIL_CHARS)}…` : detail),
      paragraph("crash-actions", button),
    );
    this.#status.textContent = `${label} stopped at step ${step}: its training worker crashed. The other runs train on.`;
  }

  /** Shows that run `i`, labelled `label`, was restarted; the focus moves from its button to the note. */
  restarted(i, label) {
    const notice = this.#notice(i, "crash restarted");
    const hadFocus = notice.contains(document.activeElement);
    notice.replaceChildren(
      paragraph("crash-title", runName(label), " restarted at step 0 with the same initial weights. Train or Step trains it again."),
    );
    if (hadFocus) notice.focus();
    this.#status.textContent = `${label} restarted at step 0.`;
  }

  /** Run `i`'s notice, made if need be and kept in run order, with class `className`. */
  #notice(i, className) {
    let notice = this.#notices.get(i);
    if (!notice) {
      notice = document.createElement("div");
      notice.tabIndex = -1; // takes the focus when its button goes
      this.#notices.set(i, notice);
      this.#list.replaceChildren(...[...this.#notices].sort(([a], [b]) => a - b).map(([, n]) => n));
    }
    notice.className = `${className} run-${i}`;
    return notice;
  }
}

function paragraph(className, ...children) {
  const p = document.createElement("p");
  p.className = className;
  p.append(...children);
  return p;
}

function runName(label) {
  const name = document.createElement("span");
  name.className = "run-name";
  name.textContent = label;
  return name;
}
