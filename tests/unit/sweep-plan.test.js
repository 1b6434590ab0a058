// The depth sweep's plan (www/sweep-plan.js): init tokens read and written, settings read with
// errors naming their URL key (and item), what a link writes of them, and the cell list a setup
// and settings make.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  cellCost,
  cells,
  DEFAULT_DEPTHS,
  initToken,
  linkValues,
  MAX_SEEDS,
  MAX_STEPS,
  parseInit,
  readSetting,
  readSettings,
  widthOf,
} from "../../www/sweep-plan.js";

const LIMITS = { maxRuns: 6, maxHiddenLayers: 32 };
const BASE = {
  dataset: "spiral",
  hidden: [32, 32, 32],
  activation: "relu",
  init: "zeros",
  initOptions: {},
  optimizer: "sgd",
  learningRate: 0.1,
  batchSize: 32,
  seed: 7,
  dataSeed: 11,
};

/** The error `f` throws. */
function thrown(f) {
  try {
    f();
  } catch (error) {
    return error;
  }
  assert.fail("did not throw");
}

test("an init token reads as a scheme and its options, and writes back without the defaults", () => {
  assert.deepEqual(parseInit("he_normal"), { init: "he_normal" });
  assert.deepEqual(parseInit(" random_normal:stddev=0.01 "), { init: "random_normal", initOptions: { stddev: 0.01 } });
  const scaled = parseInit("variance_scaling:scale=2:mode=fan_avg");
  assert.deepEqual(scaled, { init: "variance_scaling", initOptions: { scale: 2, mode: "fan_avg" } });
  assert.equal(initToken(scaled, { scale: 1, mode: "fan_in", distribution: "truncated_normal" }), "variance_scaling:scale=2:mode=fan_avg");
  const full = { init: "random_normal", initOptions: { mean: 0, stddev: 0.01 } };
  assert.equal(initToken(full, { mean: 0, stddev: 0.05 }), "random_normal:stddev=0.01");
  assert.equal(
    initToken(
      { init: "he_normal", initOptions: { distribution: "truncated_normal", gain: 1 } },
      { distribution: "truncated_normal", gain: 1 },
    ),
    "he_normal",
  );
  assert.deepEqual(parseInit(initToken(full, {})), full);
});

test("a malformed init token is refused, naming sweepInits and the item", () => {
  for (const token of ["he normal", "random_normal:stddev", "random_normal:=1", "random_normal:stddev=", "random_normal:a=1=2", ""]) {
    const error = thrown(() => parseInit(token, 2));
    assert.equal(error.field, "sweepInits[2]", token);
    assert.equal(error.key, "sweepInits");
    assert.equal(error.index, 2);
    assert.match(error.message, /^sweepInits\[2\]: /);
  }
});

test("depths read from text or a list, sorted without repeats; a bad one names its item and the range", () => {
  assert.deepEqual(readSetting("depths", "16, 1;4 4", LIMITS), [1, 4, 16]);
  assert.deepEqual(readSetting("depths", ["32", "2"], LIMITS), [2, 32]);
  const cases = [
    ["1, 0", "sweepDepths[1]", 'got "0"'],
    ["33", "sweepDepths[0]", 'got "33"'],
    ["1, 2.5", "sweepDepths[1]", 'got "2.5"'],
    ["deep", "sweepDepths[0]", 'got "deep"'],
  ];
  for (const [text, field, got] of cases) {
    const error = thrown(() => readSetting("depths", text, LIMITS));
    assert.equal(error.field, field, text);
    assert.equal(error.message, `${field}: must be an integer in [1, ${LIMITS.maxHiddenLayers}], ${got}`);
  }
  assert.match(thrown(() => readSetting("depths", " , ", LIMITS)).message, /^sweepDepths: must list at least one depth/);
});

test("seeds, steps and the number of inits keep to their ranges", () => {
  assert.equal(readSetting("seeds", "3", LIMITS), 3);
  assert.equal(readSetting("steps", 2000, LIMITS), 2000);
  for (const bad of [0, MAX_SEEDS + 1, 1.5, "x", Number.NaN]) {
    assert.equal(thrown(() => readSetting("seeds", bad, LIMITS)).field, "sweepSeeds", String(bad));
  }
  assert.equal(
    thrown(() => readSetting("steps", MAX_STEPS + 1, LIMITS)).message,
    `sweepSteps: must be an integer in [1, ${MAX_STEPS}], got ${MAX_STEPS + 1}`,
  );
  assert.deepEqual(readSetting("inits", ["he_normal", "zeros", "he_normal"], LIMITS), [{ init: "he_normal" }, { init: "zeros" }]);
  const seven = Array.from({ length: 7 }, (_, i) => `random_normal:stddev=${i + 1}`);
  assert.equal(thrown(() => readSetting("inits", seven, LIMITS)).message, "sweepInits: must name 1 to 6 initializations, got 7");
  assert.equal(thrown(() => readSetting("inits", [], LIMITS)).field, "sweepInits");
});

test("a link's settings: the good ones read, each bad one stays at its default with an error", () => {
  const defaults = { inits: [{ init: "he_normal" }], depths: DEFAULT_DEPTHS, seeds: 3, steps: 1000 };
  const { settings, errors } = readSettings({ run: true, depths: ["1", "40"], seeds: 2, steps: "lots" }, defaults, LIMITS);
  assert.deepEqual(settings, { ...defaults, seeds: 2 });
  assert.deepEqual(
    errors.map((e) => e.field),
    ["sweepDepths[1]", "sweepSteps"],
  );
  assert.deepEqual(readSettings(null, defaults, LIMITS), { settings: defaults, errors: [] });
});

test("a link writes only the settings that differ from the defaults", () => {
  const defaults = { inits: [{ init: "zeros" }, { init: "he_normal" }], depths: [1, 2], seeds: 3, steps: 1000 };
  const token = (choice) => initToken(choice);
  assert.deepEqual(linkValues(defaults, defaults, token), {});
  const settings = { ...defaults, inits: [{ init: "he_normal" }, { init: "zeros" }], steps: 50 };
  assert.deepEqual(linkValues(settings, defaults, token), { inits: ["he_normal", "zeros"], steps: 50 });
});

test("cells: one per init, depth and seed, seed by seed and deepest first, on the setup's data and width", () => {
  const settings = {
    inits: [
      { init: "zeros", initOptions: {} },
      { init: "he_normal", initOptions: { gain: 1 } },
    ],
    depths: [1, 4, 2],
    seeds: 2,
    steps: 300,
  };
  const list = cells(BASE, settings);
  assert.equal(list.length, 2 * 3 * 2);
  assert.deepEqual(
    list.map((c) => [c.seed, c.depth, c.init]),
    [
      [1, 4, 0],
      [1, 4, 1],
      [1, 2, 0],
      [1, 2, 1],
      [1, 1, 0],
      [1, 1, 1],
      [2, 4, 0],
      [2, 4, 1],
      [2, 2, 0],
      [2, 2, 1],
      [2, 1, 0],
      [2, 1, 1],
    ],
  );
  for (const cell of list) {
    const { config } = cell;
    assert.deepEqual(config.hidden, Array(cell.depth).fill(32));
    assert.equal(config.init, settings.inits[cell.init].init);
    assert.deepEqual(config.initOptions, settings.inits[cell.init].initOptions);
    assert.equal(config.seed, cell.seed);
    assert.equal(config.dataSeed, BASE.dataSeed);
    assert.equal(config.learningRate, BASE.learningRate);
    assert.equal(cell.steps, 300);
  }
  assert.equal(new Set(list.map((c) => c.key)).size, list.length);
  // A key changes with anything that changes the network's training, the steps included.
  const [first] = list;
  assert.notEqual(cells({ ...BASE, learningRate: 0.2 }, settings)[0].key, first.key);
  assert.notEqual(cells(BASE, { ...settings, steps: 301 })[0].key, first.key);
  assert.equal(cells({ ...BASE }, { ...settings })[0].key, first.key);
});

test("a sweep takes its width from the first hidden layer; its cost grows with steps and depth", () => {
  assert.equal(widthOf({ hidden: [64, 8] }), 64);
  assert.equal(widthOf({ hidden: [] }), null);
  const [deep, shallow] = [
    { steps: 100, depth: 31 },
    { steps: 100, depth: 1 },
  ];
  assert.equal(cellCost(deep) / cellCost(shallow), 16);
  assert.equal(cellCost({ steps: 200, depth: 1 }), 2 * cellCost(shallow));
});
