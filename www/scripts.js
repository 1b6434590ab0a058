// Runnable Keras and PyTorch scripts of a run. The script generators (kerasCode, pytorchCode)
// are in the core's full build (full-core.js), fetched the first time a script is asked for or
// the Share dialog opens.

import { fullCoreFor } from "./full-core.js";

/**
 * The `language` ("keras" or "pytorch") script of `config` (a full config) with `options` as
 * kerasCode / pytorchCode take them; throws the core's error for a bad config or options.
 */
export async function script(language, config, options) {
  const core = await fullCoreFor([config]);
  return language === "keras" ? core.kerasCode(config, options) : core.pytorchCode(config, options);
}
