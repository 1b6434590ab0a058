// Plain-words sentences about how signal flows through a network, computed from one trace
// point (trace.js): does the gradient vanish or explode between the last hidden layer and the
// first, do activations shrink or grow with depth, how many units are saturated or dead.

import { aboutPowerOfTen, number, percent, ratio } from "./format.js";

/** Gradient ratios beyond these (first layer / last hidden layer) are called vanishing / exploding. */
const VANISHING = 1e-3;
const EXPLODING = 1e3;
/** Gradient norms below this move no weight; above EXPLODING_NORM they blow updates up. */
const TINY_NORM = 1e-6;
const EXPLODING_NORM = 1e3;
/**
 * The healthy range of each per-layer number, which the layer charts shade: activation spreads
 * within a factor of ten of 1 (the unit scale the variance-preserving inits aim for), gradient
 * norms large enough to move the weights and short of exploding.
 */
export const HEALTHY = { activationStd: [0.1, 10], gradientNorm: [TINY_NORM, EXPLODING_NORM] };
/** Activation spreads changing more than this factor from the first to the last hidden layer. */
const SPREAD_CHANGE = 100;
/** Saturated or dead fractions worth a sentence. */
const NOTABLE_FRACTION = 0.05;

/**
 * Sentences about `point` ({gradientNorm, activationStd, saturatedFraction, deadFraction}, one
 * value per layer, the output layer last) of a network with `activation` (the core's
 * {label, canSaturate, canDie}).
 */
export function describe(point, activation) {
  const hidden = point.gradientNorm.length - 1;
  if (hidden < 1) return ["No hidden layer: this is a linear model."];
  const slice = (name) => point[name].slice(0, hidden);
  return [
    ...gradientWords(slice("gradientNorm")),
    spreadWords(slice("activationStd")),
    ...fractionWords(slice("saturatedFraction"), slice("deadFraction"), activation),
  ];
}

/** The gradient sentences: first over last hidden layer, then the overall size if extreme. */
function gradientWords(norms) {
  const last = norms.length;
  if (norms.every((g) => g === 0)) return ["No gradient reaches the hidden layers: every hidden weight gradient is exactly 0."];
  const words = [];
  const [first, end] = [norms[0], norms[last - 1]];
  if (last === 1) words.push(`Layer 1's gradient norm is ${number(first)}.`);
  else if (first === 0) words.push(`Layer 1 gets no gradient at all (exactly 0), while layer ${last} gets ${number(end)}.`);
  else if (end === 0) words.push(`Layer ${last} gets no gradient at all (exactly 0).`);
  else {
    const r = first / end;
    const amount = r < 1 ? `${ratio(r)} of` : `${ratio(r)} times`;
    const kind = r < VANISHING ? "vanishing: " : r > EXPLODING ? "exploding towards the input: " : "";
    const sentence = `${kind}layer 1 gets ${amount} layer ${last}'s gradient.`;
    words.push(sentence[0].toUpperCase() + sentence.slice(1));
  }
  const largest = Math.max(...norms);
  if (largest < TINY_NORM)
    words.push(`Even the largest gradient norm is about ${aboutPowerOfTen(largest)}: too small to move the weights.`);
  else if (largest > EXPLODING_NORM) words.push(`Gradient norms reach about ${aboutPowerOfTen(largest)}: they explode.`);
  return words;
}

/**
 * The activation sentence: spread dying out, shrinking or growing from the first hidden layer to
 * the last, else how far apart its layers are (one number when they agree to the digits shown).
 */
function spreadWords(stds) {
  const last = stds.length;
  if (stds.every((s) => s === 0)) return "Every hidden layer outputs the same value for every input (spread 0).";
  const [first, end] = [stds[0], stds[last - 1]];
  if (last > 1 && first > 0 && end === 0) {
    return `Activations die out: layer ${last} outputs the same value for every input (spread 0).`;
  }
  if (last > 1 && first > 0 && end / first < 1 / SPREAD_CHANGE) {
    return `Activations shrink layer by layer: layer ${last}'s spread is ${ratio(end / first)} of layer 1's.`;
  }
  if (last > 1 && first > 0 && end / first > SPREAD_CHANGE) {
    return `Activations grow layer by layer: layer ${last}'s spread is ${ratio(end / first)} times layer 1's.`;
  }
  const lo = Math.min(...stds);
  const hi = Math.max(...stds);
  if (last === 1) return `The hidden layer's activation spread is ${number(hi)}.`;
  if (lo > 0 && hi / lo > SPREAD_CHANGE) {
    const [l, h] = [stds.indexOf(lo) + 1, stds.indexOf(hi) + 1];
    return `Activation spread differs by a factor of ${ratio(hi / lo)} between layers: ${number(lo)} in layer ${l}, ${number(hi)} in layer ${h}.`;
  }
  const [shownLo, shownHi] = [number(lo), number(hi)];
  if (shownLo === shownHi) return `Activation spread is ${shownHi} in every hidden layer.`;
  return `Activation spread stays between ${shownLo} and ${shownHi} in every hidden layer.`;
}

/** Sentences on saturated and dead units, when there are enough to matter. */
function fractionWords(saturated, dead, activation) {
  const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
  const words = [];
  if (activation.canSaturate && mean(saturated) > NOTABLE_FRACTION) {
    words.push(`${percent(mean(saturated))} of the hidden ${activation.label} outputs are saturated.`);
  }
  if (activation.canDie && mean(dead) > NOTABLE_FRACTION) {
    words.push(`${percent(mean(dead))} of the hidden ${activation.label} neurons are dead.`);
  }
  return words;
}
