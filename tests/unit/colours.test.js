// A run's colour follows its initialization: the same init gets the same colour in every
// preset, and runs side by side never share one.

import assert from "node:assert/strict";
import { test } from "node:test";
import { initKind, KINDS, runColours } from "../../www/colours.js";

/** The core's schemes() as far as colours read them: families and option defaults. */
const SCHEMES = [
  { id: "zeros", family: "constant", defaults: {} },
  { id: "constant", family: "constant", defaults: { value: 0.5 } },
  { id: "random_uniform", family: "random", defaults: { minval: 0, maxval: 1 } },
  { id: "random_normal", family: "random", defaults: { mean: 0, stddev: 0.05 } },
  { id: "he_normal", family: "variance_scaling", defaults: {} },
  { id: "orthogonal", family: "orthogonal", defaults: { gain: 1 } },
];

const run = (init, initOptions = {}) => ({ init, initOptions });

test("each initialization has its kind, random draws by their spread", () => {
  assert.equal(initKind(run("zeros"), SCHEMES), "zeros");
  assert.equal(initKind(run("constant", { value: 0.5 }), SCHEMES), "constant");
  assert.equal(initKind(run("random_normal", { stddev: 0.01 }), SCHEMES), "small");
  assert.equal(initKind(run("random_normal", { stddev: 1 }), SCHEMES), "large");
  assert.equal(initKind(run("random_normal"), SCHEMES), "small"); // the default stddev, 0.05
  assert.equal(initKind(run("random_uniform"), SCHEMES), "large"); // U[0, 1)
  assert.equal(initKind(run("random_uniform", { minval: -0.05, maxval: 0.05 }), SCHEMES), "small");
  assert.equal(initKind(run("he_normal"), SCHEMES), "he");
  assert.equal(initKind(run("glorot_uniform"), SCHEMES), "glorot");
  assert.equal(initKind(run("lecun_normal"), SCHEMES), "lecun");
  assert.equal(initKind(run("orthogonal"), SCHEMES), "other");
  // LSUV and the orthogonal draw it starts from, side by side (Mishkin & Matas's card), apart.
  assert.deepEqual(runColours([run("lsuv"), run("orthogonal")], SCHEMES), ["lsuv", "other"]);
});

test("He has the same colour alone, second of two, or last of six", () => {
  assert.deepEqual(runColours([run("he_normal")], SCHEMES), ["he"]);
  assert.deepEqual(runColours([run("random_normal", { stddev: 0.01 }), run("he_normal")], SCHEMES), ["small", "he"]);
  const compare = runColours(
    [
      run("zeros"),
      run("constant"),
      run("random_normal", { stddev: 0.01 }),
      run("random_normal", { stddev: 1 }),
      run("glorot_normal"),
      run("he_normal"),
    ],
    SCHEMES,
  );
  assert.deepEqual(compare, ["zeros", "constant", "small", "large", "glorot", "he"]);
});

test("runs of one kind side by side get different colours", () => {
  const colours = runColours([run("he_normal"), run("he_uniform"), run("he_normal")], SCHEMES);
  assert.equal(colours[0], "he");
  assert.equal(new Set(colours).size, 3);
  for (const c of colours) assert.ok(KINDS.includes(c), c);
});
