// The core's full build, pkg/initlab_full.js: the page's own build leaves out what few students
// ask for, the Keras and PyTorch script generators (scripts.js) and the paper cards' words,
// experiments and checks (paper-card.js), which would be a sixth of its download. This module
// fetches the full build the first time one of them is needed and gives it the data a config
// trains on that the core does not carry: the digit images. (It reads the student's CSV file
// itself: custom-data.js.)

import { digitsFor } from "./digits.js";
import { coreBuild } from "./features.js";

/** The full build, initialized, as a promise made on first use. */
let full = null;
/** Its compiled wasm module, as a promise made on first use. */
let compiled = null;
/** Whether the full build has been given the digit images. */
let givenDigits = false;

/** The full build, fetched and initialized on the first call; rejects on failure and tries again
 * on the next call. */
export function loadFull() {
  full ??= import("./pkg/initlab_full.js")
    .then(async (core) => {
      await core.default({ module_or_path: await fullModule() });
      return core;
    })
    .catch((error) => {
      full = null;
      throw error;
    });
  return full;
}

/** The full build with the data `configs` (full configs) train on given to it. */
export async function fullCoreFor(configs) {
  const [core, digits] = await Promise.all([loadFull(), digitsFor(configs)]);
  if (digits && !givenDigits) {
    core.loadDigits(digits);
    givenDigits = true;
  }
  return core;
}

/** The full build's compiled wasm module, which its workers (worker.js with build "full": a
 * depth-sweep card's networks, an at-initialization card's cells) instantiate; compiled on the
 * first call, tried again on the next after a failure. */
export function fullModule() {
  compiled ??= WebAssembly.compileStreaming(fetch(coreBuild("full").url)).catch((error) => {
    compiled = null;
    throw error;
  });
  return compiled;
}
