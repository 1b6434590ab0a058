// "Your data" in the settings panel: a file picker for a CSV file, which may also be dropped
// anywhere on the page. What the file must hold is said from the core's limits; whether it
// does is the core's call (loadCsv), whose error, naming the row and column, shows here.

import { integer } from "../format.js";

/** The "Your data" field. */
export class CsvInput {
  #status;
  #error;
  #input;

  /**
   * Adds the field after `after` (a field of the settings form); `limits` is the core's
   * limits().csv; `onFile(file)` loads a File and resolves with the core's summary of it, or
   * rejects with the core's error.
   */
  constructor(after, limits, onFile) {
    const wrapper = document.createElement("div");
    wrapper.className = "field field-csv";
    const label = document.createElement("label");
    label.htmlFor = "ctl-csv";
    label.textContent = "Your data";
    this.#input = document.createElement("input");
    this.#input.type = "file";
    this.#input.id = "ctl-csv";
    this.#input.accept = ".csv,text/csv";
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.id = "hint-csv";
    hint.textContent =
      `A CSV file: numeric columns and a class column (named “label”, or the last), ` +
      `${integer(limits.minRows)} to ${integer(limits.maxRows)} rows, up to ${integer(limits.maxFeatures)} features, ` +
      `${integer(limits.maxClasses)} classes and ${integer(limits.maxBytes / 2 ** 20)} MB. Or drop it on the page. It stays in your browser.`;
    this.#status = document.createElement("p");
    this.#status.className = "hint csv-status";
    this.#status.setAttribute("role", "status");
    this.#error = document.createElement("p");
    this.#error.className = "error";
    this.#error.id = "err-csv";
    this.#error.setAttribute("role", "alert");
    this.#error.hidden = true;
    this.#input.setAttribute("aria-describedby", `${hint.id} ${this.#error.id}`);
    wrapper.append(label, this.#input, hint, this.#status, this.#error);
    after.after(wrapper);
    const load = (file) => {
      this.#error.hidden = true;
      this.#input.removeAttribute("aria-invalid");
      this.#status.textContent = `Reading ${file.name}…`;
      onFile(file).then(
        (summary) => this.#loaded(file.name, summary),
        (error) => this.#failed(file.name, error),
      );
    };
    this.#input.addEventListener("change", () => this.#input.files[0] && load(this.#input.files[0]));
    // A file dropped anywhere on the page is read, not opened in place of it.
    const files = (event) => [...(event.dataTransfer?.types ?? [])].includes("Files");
    addEventListener("dragover", (event) => {
      if (files(event)) event.preventDefault();
    });
    addEventListener("drop", (event) => {
      if (!files(event)) return;
      event.preventDefault();
      const [file] = event.dataTransfer.files;
      if (file) load(file);
    });
  }

  /** Says what file `name` held. */
  #loaded(name, { rows, featureNames, classNames }) {
    const classes = classNames.length;
    this.#status.textContent =
      `${name}: ${integer(rows)} rows, ${featureNames.length} ${featureNames.length === 1 ? "feature" : "features"}, ` +
      `${classes} classes (${classNames.join(", ")}). Training on it now.`;
  }

  /** Shows why file `name` was not read. */
  #failed(name, error) {
    this.#status.textContent = "";
    const message = String(error.message ?? error).replace(/^csv: /, "");
    this.#error.textContent = `${name} was not loaded: ${message}`;
    this.#error.hidden = false;
    this.#input.setAttribute("aria-invalid", "true");
  }
}
