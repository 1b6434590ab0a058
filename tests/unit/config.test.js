// The page's rules around the settings (www/config.js): which runs an edit reaches, and which
// control shows an error, found by the parts of its field the core gives (never by parsing).

import assert from "node:assert/strict";
import { test } from "node:test";
import { controlFor, runsTakingEdit } from "../../www/config.js";

const compareAll = [
  { init: "zeros", hidden: [8], learningRate: 0.1 },
  { init: "he_normal", hidden: [8], learningRate: 0.1 },
];

test("an edit of a shared key reaches every run, of a key the runs differ on the first", () => {
  assert.deepEqual(runsTakingEdit(compareAll, { learningRate: 0.5 }), compareAll);
  assert.deepEqual(runsTakingEdit(compareAll, { hidden: [4, 4], learningRate: 0.5 }), compareAll);
  assert.deepEqual(runsTakingEdit(compareAll, { init: "he_normal" }), compareAll.slice(0, 1));
  assert.deepEqual(runsTakingEdit(compareAll, { init: "zeros", hidden: [8] }), compareAll.slice(0, 1));
  assert.deepEqual(runsTakingEdit(compareAll, {}), compareAll);
});

test("an error shows next to the control its key and option name", () => {
  const error = (key, index = null, option = null) => ({ key, index, option });
  assert.equal(controlFor(error("learningRate")), "learningRate");
  assert.equal(controlFor(error("hidden", 3)), "hidden");
  assert.equal(controlFor(error("init")), "init");
  assert.equal(controlFor(error("initOptions", null, "stddev")), "init.stddev");
  // An option without a control of its own shows at the scheme's select.
  assert.equal(controlFor(error("initOptions", null, "gain")), "init");
  assert.equal(controlFor(error("initOptions")), "init");
  assert.equal(controlFor(error("dataSeed")), "seed");
  for (const key of ["biasInitOptions", "noise", "preset", "a.b[1]"]) assert.equal(controlFor(error(key)), null);
  // An error that is not the core's (a crash) has no key: it shows at the top.
  assert.equal(controlFor(new Error("training worker stopped")), null);
});
