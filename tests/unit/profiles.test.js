// What the layer charts and the theory table draw beside the measurements (www/profiles.js):
// which runs get their step-0 points and theory line, the series and columns in drawing order,
// the "does not apply" note, and the theory table's rows, for meanField() results built by hand.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  detailedRuns,
  doesNotApply,
  gradientTheoryApplies,
  predictedGradient,
  predictedSpread,
  profileColumns,
  profileSeries,
  theoryRows,
} from "../../www/profiles.js";

/** A meanField() result that applies, with these activation spreads (output layer last). */
const applies = (spreads) => ({ applies: true, reason: null, layers: spreads.map((activationStd, layer) => ({ layer, activationStd })) });
const ZEROS = {
  applies: false,
  reason: "zeros: every weight is 0, so every hidden neuron outputs the same value whatever the input",
  layers: [],
};

test("one or two runs all get step 0 and theory; more runs only the one shown", () => {
  assert.deepEqual(detailedRuns(1, 0), [0]);
  assert.deepEqual(detailedRuns(2, 1), [0, 1]);
  assert.deepEqual(detailedRuns(6, 5), [5]);
  assert.deepEqual(detailedRuns(3, 0), [0]);
});

test("the predicted spread is the layers' activationStd, or null where theory does not apply", () => {
  assert.deepEqual(predictedSpread(applies([0.8, 0.7, 1.2])), [0.8, 0.7, 1.2]);
  assert.equal(predictedSpread(ZEROS), null);
  assert.equal(predictedSpread(null), null);
});

test("series: theory and step 0 of the detailed runs first, every run's now points last, on top", () => {
  const withTheory = (run) => run !== 1;
  assert.deepEqual(profileSeries(2, 0, withTheory), [
    { run: 0, kind: "theory" },
    { run: 0, kind: "step0" },
    { run: 1, kind: "step0" },
    { run: 0, kind: "now" },
    { run: 1, kind: "now" },
  ]);
  assert.deepEqual(
    profileSeries(4, 2, () => true).map(({ run, kind }) => `${kind}${run}`),
    ["theory2", "step02", "now0", "now1", "now2", "now3"],
  );
  // A chart without theory for the run: step 0 and now only.
  assert.deepEqual(
    profileSeries(1, 0, () => false).map(({ kind }) => kind),
    ["step0", "now"],
  );
});

test("columns follow the series; a run with nothing of a kind yet gets an empty column", () => {
  const series = profileSeries(2, 0, (run) => run === 0);
  const values = {
    now: [[1, 2], undefined],
    step0: [
      [3, 4],
      [5, 6],
    ],
    theory: [[7, 8], null],
  };
  assert.deepEqual(profileColumns(series, values), [[7, 8], [3, 4], [5, 6], [1, 2], []]);
});

test("the note names the run and gives the core's reason without its init id", () => {
  assert.equal(
    doesNotApply("Zeros", ZEROS),
    "Theory does not apply to Zeros: every weight is 0, so every hidden neuron outputs the same value whatever the input.",
  );
  assert.equal(doesNotApply("He normal", applies([1])), null);
  assert.equal(doesNotApply("He normal", null), null);
  assert.equal(doesNotApply("U[0, 1)", { applies: false, reason: null, layers: [] }), "Theory does not apply to U[0, 1).");
});

test("table rows: predicted, step 0 and now per layer, with measured ÷ predicted", () => {
  const stats = (spreads) => spreads.map((activationStd) => ({ activationStd }));
  const rows = theoryRows(applies([0.5, 2, 0]), stats([0.55, 1.8, 0.3]), stats([1, Number.NaN, 0.2]));
  assert.deepEqual(
    rows.map((r) => r.layer),
    ["1", "2", "output"],
  );
  assert.deepEqual(rows[0], { layer: "1", predicted: 0.5, initial: 0.55, now: 1, initialRatio: 0.55 / 0.5, nowRatio: 2 });
  assert.equal(rows[1].initialRatio, 0.9);
  assert.equal(rows[1].nowRatio, null, "a NaN measurement has no ratio");
  assert.equal(rows[2].initialRatio, null, "a prediction of 0 has no ratio");
  assert.deepEqual(theoryRows(ZEROS, stats([0]), stats([0])), []);
  assert.deepEqual(theoryRows(null, stats([0]), stats([0])), []);
});

test("gradient theory: drawn for zero-mean activations, anchored at the last hidden layer's step-0 norm", () => {
  const layer = (hidden, activationMean, activationStd, gradientRatio) => ({ hidden, activationMean, activationStd, gradientRatio });
  const tanh = { applies: true, layers: [layer(true, 0, 0.3, 0.5), layer(true, 0.01, 0.3, 1), layer(false, 0, 0.3, 0.8)] };
  const relu = { applies: true, layers: [layer(true, 0.56, 0.83, 0.25), layer(true, 0.56, 0.83, 1), layer(false, 0, 1.4, 1)] };
  const stats = [{ gradientNorm: 0.1 }, { gradientNorm: 0.2 }, { gradientNorm: 0.3 }];
  assert.equal(gradientTheoryApplies(tanh), true);
  assert.equal(gradientTheoryApplies(relu), false);
  assert.equal(gradientTheoryApplies({ applies: false, layers: [] }), false);
  assert.equal(gradientTheoryApplies(null), false);
  assert.deepEqual(predictedGradient(tanh, stats), [0.1, 0.2, 0.2 * 0.8]);
  assert.equal(predictedGradient(relu, stats), null);
  assert.equal(predictedGradient(tanh, null), null);
  assert.equal(predictedGradient(tanh, [{}, { gradientNorm: 0 }, {}]), null);
});
