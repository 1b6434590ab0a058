// The student's own CSV file. The core's full build reads and checks it (loadCsv: every rule is
// the core's); the table it read (customData) goes to the page's build (loadCustomData) and to
// each worker training on it. The file never leaves the browser, nor enters a link.

import { loadCustomData } from "./pkg/initlab.js";

/** The loaded file: {data (customData()'s), name, summary}, or null before one is. */
let loaded = null;

/**
 * Reads CSV file `bytes` (a Uint8Array) called `name` as the custom dataset, in place of any
 * before; resolves with the core's summary, or rejects with its error (field `csv`).
 */
export async function loadCsvFile(bytes, name) {
  const full = await (await import("./full-core.js")).loadFull();
  const summary = full.loadCsv(bytes);
  const data = full.customData();
  loadCustomData(data);
  loaded = { data, name, summary };
  return summary;
}

/** The file loaded ({name, summary}), or null. */
export function loadedCsv() {
  return loaded && { name: loaded.name, summary: loaded.summary };
}

/** The loaded table (customData()'s) when one of `configs` trains on it (dataset "custom"), else null. */
export function customFor(configs) {
  return loaded && configs.some((config) => config.dataset === "custom") ? loaded.data : null;
}
