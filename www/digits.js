// The digits dataset's images. The wasm core does not carry them (they would be a fifth of the
// page's download, for one dataset of seven): they are data/digits.bin, fetched the first time
// a run needs them, given to this thread's core (whose meanField reads the data) and sent to
// each worker that trains on digits.

import { loadDigits } from "./pkg/initlab.js";

const FILE = new URL("./data/digits.bin", import.meta.url);

/** The images once fetched and loaded here, as a promise of their bytes. */
let images = null;

/**
 * The images (a Uint8Array) when one of `configs` trains on digits, else null; the first time,
 * fetches them and loads them into this thread's core. Rejects if they cannot be fetched (and
 * tries again on the next call).
 */
export function digitsFor(configs) {
  if (!configs.some((config) => config.dataset === "digits")) return Promise.resolve(null);
  images ??= fetch(FILE)
    .then((response) => {
      if (!response.ok) throw new Error(`could not load the digits images (data/digits.bin): HTTP ${response.status}`);
      return response.arrayBuffer();
    })
    .then((buffer) => {
      const bytes = new Uint8Array(buffer);
      loadDigits(bytes);
      return bytes;
    })
    .catch((error) => {
      images = null;
      throw error;
    });
  return images;
}
