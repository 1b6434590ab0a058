// The page's rules around the settings (www/config.js): which runs an edit reaches, which
// control shows an error, found by the parts of its field the core gives (never by parsing),
// reading a control's text, the f32 numbers the core gives back, and the names that tell runs apart.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  controlFor,
  errorInWords,
  initLabel,
  labelOf,
  numberOrText,
  parseLayers,
  runLabels,
  runsTakingEdit,
  shared,
  shortNumber,
  writeLayers,
} from "../../www/config.js";

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

/** What the page reads of the core's catalog: schemes with their default options, activations. */
const CORE = {
  schemes: [
    { id: "zeros", label: "Zeros", defaults: {} },
    { id: "constant", label: "Constant", defaults: { value: 0 } },
    { id: "random_normal", label: "Random normal", defaults: { mean: 0, stddev: Math.fround(0.05), seed: null } },
    { id: "random_uniform", label: "Random uniform", defaults: { minval: Math.fround(-0.05), maxval: Math.fround(0.05) } },
    { id: "he_normal", label: "He normal", defaults: { seed: null } },
  ],
  activations: [
    { id: "tanh", label: "tanh" },
    { id: "relu", label: "ReLU" },
  ],
};

test("numberOrText: a number when the text reads as one, else the trimmed text", () => {
  assert.equal(numberOrText("0.05"), 0.05);
  assert.equal(numberOrText("  16 "), 16);
  assert.equal(numberOrText("1e-3"), 0.001);
  assert.equal(numberOrText("-2"), -2);
  assert.equal(numberOrText("0x10"), 16);
  // Left as text for the core to reject with a message naming the field.
  assert.equal(numberOrText(" fast "), "fast");
  assert.equal(numberOrText("1,5"), 1.5); // a decimal comma
  assert.equal(numberOrText("Infinity"), "Infinity");
  assert.equal(numberOrText("NaN"), "NaN");
  // Empty is not 0.
  assert.equal(numberOrText(""), "");
  assert.equal(numberOrText("   "), "");
});

test("parseLayers: widths split at commas, spaces or semicolons", () => {
  assert.deepEqual(parseLayers("8, 8"), [8, 8]);
  assert.deepEqual(parseLayers("16,8;4  2"), [16, 8, 4, 2]);
  assert.deepEqual(parseLayers(" 32 "), [32]);
  assert.deepEqual(parseLayers(",8,,8,"), [8, 8]);
  // No hidden layer (logistic regression) is chosen with "none"; an empty field is an error.
  assert.deepEqual(parseLayers("none"), []);
  assert.throws(() => parseLayers(" , "), /none/);
  // A width that is no number stays text, so the core names it.
  assert.deepEqual(parseLayers("8, wide"), [8, "wide"]);
  assert.deepEqual(parseLayers("8, 2.5"), [8, 2.5]);
});

test("shortNumber: the core's f32 values as they were typed", () => {
  assert.equal(shortNumber(Math.fround(0.1)), "0.1");
  assert.equal(shortNumber(0.10000000149011612), "0.1");
  assert.equal(shortNumber(Math.fround(0.05)), "0.05");
  assert.equal(shortNumber(Math.fround(1e-4)), "0.0001");
  assert.equal(shortNumber(Math.fround(3.3)), "3.3");
  assert.equal(shortNumber(64), "64");
  assert.equal(shortNumber(1234567), "1234570");
  assert.equal(shortNumber("fast"), "fast");
  assert.equal(shortNumber(null), "");
  assert.equal(shortNumber(undefined), "");
});

test("shared: every config has the same value, compared as JSON", () => {
  const configs = [
    { init: "zeros", hidden: [8, 8], initOptions: { stddev: 1 } },
    { init: "he_normal", hidden: [8, 8], initOptions: { stddev: 1 } },
  ];
  assert.equal(shared(configs, "hidden"), true);
  assert.equal(shared(configs, "initOptions"), true);
  assert.equal(shared(configs, "init"), false);
  assert.equal(shared([{ hidden: [8] }, { hidden: [8, 8] }], "hidden"), false);
  assert.equal(shared([{ a: 1 }, {}], "a"), false);
  assert.equal(shared([{}, {}], "a"), true);
  assert.equal(shared(configs.slice(0, 1), "init"), true);
});

test("labelOf: the label of an id in one of the core's lists, else the id", () => {
  assert.equal(labelOf(CORE.activations, "relu"), "ReLU");
  assert.equal(labelOf(CORE.activations, "gelu"), "gelu");
});

test("initLabel: the scheme's label and its main options, the config's or the defaults", () => {
  assert.equal(
    initLabel({ init: "random_normal", initOptions: { mean: 0, stddev: Math.fround(0.01) } }, CORE),
    "Random normal (stddev 0.01)",
  );
  // No options in the config: the scheme's defaults; mean and seed are not main options.
  assert.equal(initLabel({ init: "random_normal" }, CORE), "Random normal (stddev 0.05)");
  assert.equal(initLabel({ init: "random_uniform" }, CORE), "Random uniform (minval -0.05, maxval 0.05)");
  assert.equal(initLabel({ init: "constant", initOptions: { value: 0.5 } }, CORE), "Constant (value 0.5)");
  assert.equal(initLabel({ init: "zeros", initOptions: {} }, CORE), "Zeros");
  assert.equal(initLabel({ init: "he_normal" }, CORE), "He normal");
  // In display order (MAIN_INIT_OPTIONS), not the config's.
  assert.equal(initLabel({ init: "random_uniform", initOptions: { maxval: 2, minval: 1 } }, CORE), "Random uniform (minval 1, maxval 2)");
  // A scheme the core does not list: its id.
  assert.equal(initLabel({ init: "orthogonal" }, CORE), "orthogonal");
  assert.equal(initLabel({ init: "orthogonal", initOptions: { scale: 2 } }, CORE), "orthogonal (scale 2)");
});

test("runLabels: the init and activation where the runs differ in them", () => {
  const run = (init, activation, initOptions) => ({ init, activation, initOptions, hidden: [8] });
  // A single run: both.
  assert.deepEqual(runLabels([run("he_normal", "relu")], CORE), ["He normal · ReLU"]);
  // Compare all: the inits differ, the activation is shared.
  assert.deepEqual(runLabels([run("zeros", "tanh"), run("random_normal", "tanh"), run("he_normal", "tanh")], CORE), [
    "Zeros",
    "Random normal (stddev 0.05)",
    "He normal",
  ]);
  // Only the activation differs.
  assert.deepEqual(runLabels([run("he_normal", "tanh"), run("he_normal", "relu")], CORE), ["tanh", "ReLU"]);
  // Same scheme, other options: the init shows.
  assert.deepEqual(runLabels([run("random_normal", "tanh", { stddev: 1 }), run("random_normal", "tanh", { stddev: 0.01 })], CORE), [
    "Random normal (stddev 1)",
    "Random normal (stddev 0.01)",
  ]);
  // Both differ.
  assert.deepEqual(runLabels([run("zeros", "tanh"), run("he_normal", "relu")], CORE), ["Zeros · tanh", "He normal · ReLU"]);
  // Runs that differ in neither (say the learning rate): numbered.
  const lr = (learningRate) => ({ ...run("he_normal", "relu"), learningRate });
  assert.deepEqual(runLabels([lr(0.1), lr(0.5), lr(1)], CORE), ["run 1", "run 2", "run 3"]);
  // By position, even when two runs are the same object.
  const same = lr(0.1);
  assert.deepEqual(runLabels([same, lr(0.5), same], CORE), ["run 1", "run 2", "run 3"]);
});

test("errors read in the panel's words: the control's label, ranges in words", () => {
  const words = (message, key, index = null, option = null) => errorInWords({ message, key, index, option });
  assert.equal(
    words("learningRate: must be a number in (0, 10], got 0", "learningRate"),
    "Learning rate must be a number above 0 and at most 10 (you wrote 0)",
  );
  assert.equal(
    words("batchSize: must be an integer in [1, 512], got 0", "batchSize"),
    "Batch size must be a whole number at least 1 and at most 512 (you wrote 0)",
  );
  assert.equal(
    words("hidden[1]: must be an integer in [1, 512], got 5000", "hidden", 1),
    "Hidden layer 2 must be a whole number at least 1 and at most 512 (you wrote 5000)",
  );
  assert.equal(
    words("initOptions.stddev: zeros takes no options", "initOptions", null, "stddev"),
    "The option stddev: zeros takes no options",
  );
  assert.equal(
    words('learningRate: must be a number in (0, 10], got "abc"', "learningRate"),
    'Learning rate must be a number above 0 and at most 10 (you wrote "abc")',
  );
});

test("a decimal comma reads as a decimal point; other text stays text for the core to refuse", () => {
  assert.equal(numberOrText("0,05"), 0.05);
  assert.equal(numberOrText(" 3,5 "), 3.5);
  assert.equal(numberOrText("0.05"), 0.05);
  assert.equal(numberOrText("1,2,3"), "1,2,3");
  assert.equal(numberOrText("abc"), "abc");
  assert.equal(numberOrText(""), "");
});

test("an empty layers field is an error; “none” is no hidden layer, and writes back as none", () => {
  assert.throws(() => parseLayers("  "), /none/);
  assert.deepEqual(parseLayers("none"), []);
  assert.deepEqual(parseLayers("8, 8"), [8, 8]);
  assert.equal(writeLayers([]), "none");
  assert.equal(writeLayers([16, 8]), "16, 8");
});
