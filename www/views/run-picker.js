// The run picker: which run the single-run views (symmetry, histograms, theory, the network)
// show, one button per run in its colour. Hidden when there is only one run, or no such view.

/** The row of run buttons for the single-run views. */
export class RunPicker {
  #root;
  #onSelect;
  #buttons = [];
  #needed = true;

  /** Renders into `root`; `onSelect(i)` runs when run i is chosen. */
  constructor(root, onSelect) {
    this.#root = root;
    this.#onSelect = onSelect;
  }

  /** Starts over with one button per label of `labels`. */
  setRuns(labels) {
    const heading = document.createElement("span");
    heading.className = "picker-label";
    heading.textContent = "Showing run:";
    this.#buttons = labels.map((label, i) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `run-button run-${i}`;
      button.textContent = label;
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", () => this.#onSelect(i));
      return button;
    });
    this.#root.replaceChildren(heading, ...this.#buttons);
    this.#show();
  }

  /** Shows the picker only while a view on show needs it (`needed`) and there is a choice. */
  setNeeded(needed) {
    this.#needed = needed;
    this.#show();
  }

  #show() {
    this.#root.hidden = !this.#needed || this.#buttons.length < 2;
  }

  /** Marks run `i` as the one shown. */
  setSelected(i) {
    this.#buttons.forEach((button, j) => {
      button.setAttribute("aria-pressed", String(i === j));
    });
  }
}
