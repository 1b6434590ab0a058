// Runnable Keras and PyTorch scripts of a run. The script generators (kerasCode, pytorchCode)
// are in the core's full build, pkg/initlab_full.js: the page's own build leaves them out, as
// they would be a sixth of its download for a button few press. This module fetches the full
// build the first time a script is asked for (or the Share dialog opens) and gives it the data
// a config trains on that the core does not carry: the digit images and the student's CSV file.

import { csvFor } from "./custom-data.js";
import { digitsFor } from "./digits.js";
import { coreBuild } from "./features.js";

/** The full build, initialized, as a promise made on first use. */
let full = null;
/** What the full build has been given: the digit images (once), the CSV bytes last loaded. */
const given = { digits: false, csv: null };

/** Starts fetching the full build (the Share dialog calls this as it opens); rejects on failure
 * and tries again on the next call. */
export function loadScripts() {
  full ??= import("./pkg/initlab_full.js")
    .then(async (core) => {
      await core.default({ module_or_path: coreBuild("full").url });
      return core;
    })
    .catch((error) => {
      full = null;
      throw error;
    });
  return full;
}

/**
 * The `language` ("keras" or "pytorch") script of `config` (a full config) with `options` as
 * kerasCode / pytorchCode take them; throws the core's error for a bad config or options.
 */
export async function script(language, config, options) {
  const [core, digits] = await Promise.all([loadScripts(), digitsFor([config])]);
  if (digits && !given.digits) {
    core.loadDigits(digits);
    given.digits = true;
  }
  const csv = csvFor([config]);
  if (csv && csv !== given.csv) {
    core.loadCsv(csv);
    given.csv = csv;
  }
  return language === "keras" ? core.kerasCode(config, options) : core.pytorchCode(config, options);
}
