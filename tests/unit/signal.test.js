// The plain-words sentences about a trace point (www/signal.js): what the page says about
// vanishing or exploding gradients, shrinking or growing activations, saturated and dead units,
// for points built by hand. Per-layer lists end with the output layer, which the sentences leave out.

import assert from "node:assert/strict";
import { test } from "node:test";
import { describe } from "../../www/signal.js";

const TANH = { label: "tanh", canSaturate: true, canDie: false };
const RELU = { label: "ReLU", canSaturate: false, canDie: true };

/** A trace point: per layer (hidden layers, then the output layer) its four numbers. */
function point({ gradientNorm, activationStd, saturatedFraction, deadFraction }) {
  const zeros = gradientNorm.map(() => 0);
  return {
    gradientNorm,
    activationStd: activationStd ?? gradientNorm.map(() => 0.5),
    saturatedFraction: saturatedFraction ?? zeros,
    deadFraction: deadFraction ?? zeros,
  };
}

/** The gradient sentences of a point with these gradient norms (healthy otherwise). */
const gradientWords = (gradientNorm) => describe(point({ gradientNorm }), TANH).filter((s) => /gradient/i.test(s));
/** The activation sentence of a point with these activation spreads. */
const spreadWords = (activationStd) => describe(point({ gradientNorm: activationStd.map(() => 0.5), activationStd }), TANH)[1];

test("vanishing gradients: layer 1 gets 10⁻⁶ of the last hidden layer's gradient", () => {
  const eight = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 0.5, 1, 0.3];
  assert.deepEqual(describe(point({ gradientNorm: eight }), TANH), [
    "Vanishing: layer 1 gets 10⁻⁶ of layer 8's gradient.",
    "Activation spread is 0.5 in every hidden layer.",
  ]);
  // Below 10⁻³ it is vanishing; at 10⁻³ it is only small.
  assert.deepEqual(gradientWords([5e-4, 1, 1]), ["Vanishing: layer 1 gets 10⁻³ of layer 2's gradient."]);
  assert.deepEqual(gradientWords([1e-3, 1, 1]), ["Layer 1 gets 10⁻³ of layer 2's gradient."]);
  assert.deepEqual(gradientWords([0.21, 0.3, 0.5, 9]), ["Layer 1 gets 0.42 of layer 3's gradient."]);
});

test("exploding gradients: towards the input, and norms above 10³", () => {
  assert.deepEqual(gradientWords([2e4, 300, 20, 2, 1]), [
    "Exploding towards the input: layer 1 gets 10⁴ times layer 4's gradient.",
    "Gradient norms reach about 10⁴: they explode.",
  ]);
  assert.deepEqual(gradientWords([3, 1, 0.1]), ["Layer 1 gets 3 times layer 2's gradient."]);
  // Large but even: no ratio to call exploding, but the size is.
  assert.deepEqual(gradientWords([5e5, 4e5, 1]), [
    "Layer 1 gets 1.3 times layer 2's gradient.",
    "Gradient norms reach about 10⁶: they explode.",
  ]);
  // The output layer's gradient is not a hidden layer's: it makes no sentence.
  assert.deepEqual(gradientWords([0.5, 0.4, 1e9]), ["Layer 1 gets 1.3 times layer 2's gradient."]);
});

test("gradients too small to move the weights", () => {
  assert.deepEqual(gradientWords([1e-9, 1e-8, 3e-8, 5]), [
    "Layer 1 gets 0.033 of layer 3's gradient.",
    "Even the largest gradient norm is about 10⁻⁸: too small to move the weights.",
  ]);
  assert.deepEqual(gradientWords([2e-6, 1e-6, 1]), ["Layer 1 gets 2 times layer 2's gradient."]);
});

test("gradients that are exactly 0", () => {
  assert.deepEqual(gradientWords([0, 0, 0, 0.2]), ["No gradient reaches the hidden layers: every hidden weight gradient is exactly 0."]);
  assert.deepEqual(gradientWords([0, 0.1, 0.5, 0.2]), ["Layer 1 gets no gradient at all (exactly 0), while layer 3 gets 0.5."]);
  assert.deepEqual(gradientWords([0.1, 0.1, 0, 0.2]), ["Layer 3 gets no gradient at all (exactly 0)."]);
});

test("activations shrinking, growing, dying out or flat with depth", () => {
  assert.equal(spreadWords([1, 0.1, 0.01, 1e-3, 0.2]), "Activations shrink layer by layer: layer 4's spread is 10⁻³ of layer 1's.");
  assert.equal(spreadWords([0.01, 0.5, 20, 0.2]), "Activations grow layer by layer: layer 3's spread is 10³ times layer 1's.");
  assert.equal(spreadWords([0.8, 0.1, 0, 0.2]), "Activations die out: layer 3 outputs the same value for every input (spread 0).");
  assert.equal(spreadWords([0, 0, 0, 0.2]), "Every hidden layer outputs the same value for every input (spread 0).");
  // Not monotone: the first and last agree, a middle layer does not.
  assert.equal(
    spreadWords([0.5, 0.001, 0.6, 0.2]),
    "Activation spread differs by a factor of 10³ between layers: 0.001 in layer 2, 0.6 in layer 3.",
  );
  // A factor of 100 or less either way is not worth a warning.
  assert.equal(spreadWords([1, 0.3, 0.011, 5]), "Activation spread stays between 0.011 and 1 in every hidden layer.");
  assert.equal(spreadWords([0.3, 0.4, 0.6, 1e6]), "Activation spread stays between 0.3 and 0.6 in every hidden layer.");
  assert.equal(spreadWords([0.062831, 0.062832, 0.062829]), "Activation spread is 0.06283 in every hidden layer.");
});

test("saturated units of an activation that saturates, dead units of one that dies", () => {
  const fractions = {
    gradientNorm: [0.5, 0.5, 0.5, 1],
    activationStd: [0.5, 0.4, 0.6, 0.2],
    saturatedFraction: [0.3, 0.4, 0.5, 0.99],
    deadFraction: [0.2, 0.5, 0.6, 0],
  };
  // Means over the hidden layers: 40 % saturated, 43.3 % dead; the output layer does not count.
  assert.equal(describe(point(fractions), TANH).at(-1), "40.0 % of the hidden tanh outputs are saturated.");
  assert.equal(describe(point(fractions), RELU).at(-1), "43.3 % of the hidden ReLU neurons are dead.");
  const both = { label: "both", canSaturate: true, canDie: true };
  assert.deepEqual(describe(point(fractions), both).slice(-2), [
    "40.0 % of the hidden both outputs are saturated.",
    "43.3 % of the hidden both neurons are dead.",
  ]);
  // 5 % or fewer make no sentence; neither does a fraction the activation cannot have.
  const few = { ...fractions, saturatedFraction: [0.05, 0.02, 0.05, 1], deadFraction: [0.01, 0.05, 0.03, 1] };
  assert.equal(describe(point(few), both).length, 2);
  // One layer's share is enough when the mean passes 5 %.
  few.deadFraction = [0, 0, 0.2, 0];
  assert.deepEqual(describe(point(few), both).slice(2), ["6.7 % of the hidden both neurons are dead."]);
  const linear = { label: "linear", canSaturate: false, canDie: false };
  assert.equal(describe(point(fractions), linear).length, 2);
});

test("a single hidden layer: its own numbers, no comparison between layers", () => {
  assert.deepEqual(describe(point({ gradientNorm: [0.25, 0.1], activationStd: [0.8, 1] }), TANH), [
    "Layer 1's gradient norm is 0.25.",
    "The hidden layer's activation spread is 0.8.",
  ]);
  assert.deepEqual(describe(point({ gradientNorm: [1e-8, 3], activationStd: [0, 1] }), TANH), [
    "Layer 1's gradient norm is 1.0 × 10⁻⁸.",
    "Even the largest gradient norm is about 10⁻⁸: too small to move the weights.",
    "Every hidden layer outputs the same value for every input (spread 0).",
  ]);
  const dead = point({ gradientNorm: [0.25, 0.1], deadFraction: [0.75, 0] });
  assert.equal(describe(dead, RELU).at(-1), "75.0 % of the hidden ReLU neurons are dead.");
});

test("no hidden layer: a linear model, one sentence", () => {
  assert.deepEqual(describe(point({ gradientNorm: [0.5] }), TANH), ["No hidden layer: this is a linear model."]);
  assert.deepEqual(describe(point({ gradientNorm: [0] }), RELU), ["No hidden layer: this is a linear model."]);
});
