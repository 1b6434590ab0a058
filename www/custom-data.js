// The student's own data: a CSV file they load on the page. The core reads and checks it
// (loadCsv: every rule and limit is the core's); this module keeps the file's bytes, which
// never leave the browser, so each worker that trains on them gets them in its "load" message
// (as digits.js does for the digit images). A link never carries them (`dataset=custom` in a
// link opened elsewhere falls back, with the core's notice).

import { loadCsv } from "./pkg/initlab.js";

/** The loaded file: {bytes, name, summary}, or null before one is. */
let loaded = null;

/**
 * Reads the CSV file `bytes` (a Uint8Array) called `name` into this thread's core as the
 * custom dataset, in place of any before; returns the core's summary ({rows, featureNames,
 * labelName, classNames, classCounts}). A file the core refuses throws its error (field
 * `csv`, naming the row and column) and keeps the file loaded before.
 */
export function loadCsvFile(bytes, name) {
  const summary = loadCsv(bytes);
  loaded = { bytes, name, summary };
  return summary;
}

/** The file loaded ({name, summary}), or null. */
export function loadedCsv() {
  return loaded && { name: loaded.name, summary: loaded.summary };
}

/** The loaded file's bytes when one of `configs` trains on it (dataset "custom"), else null. */
export function csvFor(configs) {
  return loaded && configs.some((config) => config.dataset === "custom") ? loaded.bytes : null;
}
