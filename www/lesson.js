// The lesson path (issue 16): the notes' claims in their order, each a step that asks the
// student to predict before the run, then answers with the numbers the run produced. This
// module is the path's data and its pure rules: which runs a step trains (presets and edits
// the core turns into configs), what it asks, how a prediction is read and judged, what the
// answer says (built from initlab.runs(), never fixed text), the summary and the interview's
// model answers. No DOM: views/lesson.js draws it, link.js opens its steps.

import { integer, number, percent, ratio } from "./format.js";

/** The loss of a binary classifier that has learnt nothing (it says 0.5 everywhere): ln 2. */
const CHANCE_LOSS = Math.LN2;
/** A loss below this counts as learnt: the core's target (limits().targetLoss). */
const TARGET_LOSS = 0.1;
/** A guessed variance within this share of the true one counts as right. */
const VARIANCE_TOLERANCE = 0.1;

// ---- numbers the runs produced --------------------------------------------------------------

/**
 * The value at `source` in `runs` (initlab.runs()): "0.distinctNeurons.1" is run 0's
 * distinctNeurons[1], "1.start.activationStds.7" run 1's activation spread of layer 8 at step 0.
 */
export function valueAt(runs, source) {
  return source.split(".").reduce((value, key) => (value === null || value === undefined ? undefined : value[key]), runs);
}

/** A number a run produced: its value, its text as a student reads it, and its `source` in runs(). */
function fact(runs, source, format) {
  const value = valueAt(runs, source);
  return { value, text: format(value), source };
}

/** The quotient of two numbers runs produced (`a` over `b`), its source "a / b". */
function quotient(runs, a, b, format) {
  const value = valueAt(runs, a) / valueAt(runs, b);
  return { value, text: format(value), source: `${a} / ${b}` };
}

/**
 * Sentence parts from a template literal: the literal's text and the facts (or strings) put in
 * it, in order. A view draws a fact's text as a number with its value and source.
 */
function say(strings, ...values) {
  return strings.flatMap((text, i) => (i < values.length ? [text, values[i]] : [text])).filter((part) => part !== "");
}

/** The plain text of sentence parts. */
export function partsText(parts) {
  return parts.map((part) => (typeof part === "string" ? part : part.text)).join("");
}

/** The facts among sentence parts. */
export function partsFacts(parts) {
  return parts.filter((part) => typeof part !== "string");
}

/** "1 neuron" or "3 neurons". */
function plural(n, word) {
  return n === 1 ? word : `${word}s`;
}

/** The index of a run's last hidden layer in its per-layer lists. */
function lastHidden(run) {
  return run.config.hidden.length - 1;
}

/** A ratio as a student reads it: "0.094", "1.1", "10⁻¹³" for a tiny one, "41,257" for a large one. */
function times(x) {
  return x >= 100 && Number.isFinite(x) ? integer(x) : (ratio(x) ?? number(x));
}

/** Sentence parts listing `items` (each parts) as "a, b and c". */
function listed(items) {
  return items.flatMap((item, i) => [...(i === 0 ? [] : [i === items.length - 1 ? " and " : ", "]), ...item]);
}

/** The step the runs reached, as a fact. */
function stepFact(runs) {
  return fact(runs, "0.step", integer);
}

// ---- the path ---------------------------------------------------------------------------------

/**
 * A step of the path. `setup` says which runs it trains: a preset (`preset`, its runs), with
 * one init per run (`compare`, init ids) or one edit per run of the preset's first config
 * (`runs`, config keys), named `labels` when given. `views` opens those views, `steps` trains
 * that many steps once the student predicted. `notes` quotes the notes (`translated` when their
 * words were Nepali). `question(config, steps)` and `predict` ask, given the first run's config
 * and the steps as text ("1,000"):
 * `predict.kind` "choice" with `options` [{id, label}], or "number" with `label(config)`,
 * `min(config)`, `max(config)` and `integer`. `outcome(runs)` reads initlab.runs() after the run:
 * {value (an option id or the number to guess), happened (parts, a line for the summary),
 * answer (parts)}; `close(guess, value)` judges a number (default: equal). `why` explains.
 */
const STEPS = [
  {
    id: "loop",
    title: "The training loop",
    notes:
      "1. Initialize the parameters. 2. Choose an optimization algorithm. 3. Repeat these steps: forward propagate an input, compute the cost function, compute the gradients of the cost with respect to parameters using backpropagation, update each parameter using the gradients.",
    setup: { preset: "he-relu" },
    views: ["loss", "boundary"],
    steps: 1000,
    question: (_config, steps) =>
      `The first step of the loop, initializing the parameters, is done with He normal. After ${steps} repeats of forward, cost, backpropagation and update, what will the test accuracy be on the circle?`,
    predict: {
      kind: "choice",
      options: [
        { id: "chance", label: "Below 60 %, about chance" },
        { id: "middle", label: "Between 60 % and 95 %" },
        { id: "high", label: "Above 95 %" },
      ],
    },
    outcome(runs) {
      const accuracy = fact(runs, "0.testAccuracy", percent);
      const value = accuracy.value < 0.6 ? "chance" : accuracy.value <= 0.95 ? "middle" : "high";
      const loss = fact(runs, "0.trainLoss", number);
      const reached = runs[0].stepsToTarget;
      const target =
        reached === null
          ? " and never went below 0.1"
          : say`, below ${String(TARGET_LOSS)} since step ${fact(runs, "0.stepsToTarget", integer)}`;
      return {
        value,
        happened: say`test accuracy ${accuracy}`,
        answer: [
          ...say`After ${stepFact(runs)} steps the test accuracy is ${accuracy}; the training loss is ${loss}`,
          ...[target].flat(),
          ".",
        ],
      };
    },
    why: "Each step took a mini-batch of 32 points forward, computed the cost, backpropagated its gradient to every weight and moved each weight against it. The loop learns once the first step, the initialization, lets the signal through: the rest of the path shows what happens when it does not.",
  },
  {
    id: "symmetry",
    title: "Zero init: how many different neurons?",
    notes:
      "When all weights are initialized to 0, all neurons in a given layer will produce the same output during forward propagation. This symmetry in weights causes the neurons to learn identical features.",
    setup: { preset: "zero-sigmoid" },
    views: ["symmetry", "loss"],
    steps: 500,
    question: (config, steps) =>
      `Every weight starts at 0, in ${config.hidden.length} sigmoid layers of ${config.hidden[1]}. Will the neurons learn different features? How many distinct neurons will layer 2 have after ${steps} steps?`,
    predict: {
      kind: "number",
      integer: true,
      label: (config) => `Distinct neurons in layer 2, from 1 to ${config.hidden[1]}`,
      min: () => 1,
      max: (config) => config.hidden[1],
    },
    outcome(runs) {
      const layer2 = fact(runs, "0.distinctNeurons.1", integer);
      const layer1 = fact(runs, "0.distinctNeurons.0", integer);
      const width = String(runs[0].config.hidden[1]);
      return {
        value: layer2.value,
        happened: say`${layer2} of ${width} neurons distinct in layer 2`,
        answer: say`After ${stepFact(runs)} steps layer 2 has ${layer2} distinct ${plural(layer2.value, "neuron")} of ${width}, and layer 1 has ${layer1}.`,
      };
    },
    why: "With every weight 0, all neurons of a layer compute the same output and so get the same gradient: each update changes them alike. They start identical and stay identical, copies of one neuron, however long the network trains.",
  },
  {
    id: "no-gradient",
    title: "Zero init: does a gradient reach layer 1?",
    notes:
      "If all weights are initially set to 0, the gradients for each weight will also be 0 … With all gradients being 0, the network won't make meaningful weight updates, leading to extremely slow or no learning.",
    setup: { preset: "zero-relu" },
    views: ["layers", "boundary"],
    steps: 500,
    question: (_config, steps) =>
      `Now ReLU units, every weight 0. After ${steps} steps, how large will the gradient of layer 1's weights be?`,
    predict: {
      kind: "choice",
      options: [
        { id: "zero", label: "Exactly 0" },
        { id: "tiny", label: "Tiny, but not 0" },
        { id: "healthy", label: "As large as in a network that learns" },
      ],
    },
    outcome(runs) {
      const first = fact(runs, "0.gradientNorms.0", number);
      const second = fact(runs, "0.gradientNorms.1", number);
      const accuracy = fact(runs, "0.testAccuracy", percent);
      const value = first.value === 0 ? "zero" : first.value < 1e-3 ? "tiny" : "healthy";
      return {
        value,
        happened: say`layer 1's gradient norm: ${first}`,
        answer: say`After ${stepFact(runs)} steps the gradient of layer 1's weights has norm ${first}, layer 2's ${second}. The test accuracy is ${accuracy}: every point gets the same answer.`,
      };
    },
    why: "ReLU(0) = 0, so every hidden neuron outputs 0, and the error travels back through outgoing weights that are all 0: every hidden weight's gradient is exactly 0 and no step moves it. Only the output's bias learns, and it gives every input the same answer.",
  },
  {
    id: "linear",
    title: "Zero init against a linear model",
    notes:
      "When all weights are initialized to 0, every neuron computes the same output, and the network effectively behaves like a linear model.",
    setup: {
      preset: "zero-sigmoid",
      runs: [{}, { hidden: [] }],
      labels: ["Zeros, 2 layers", "No hidden layer"],
    },
    views: ["boundary", "loss"],
    steps: 1500,
    question: (_config, steps) =>
      `The zero-init sigmoid network with two hidden layers races a model with no hidden layer at all, a straight line, on the moons. After ${steps} steps, which has the higher test accuracy?`,
    predict: {
      kind: "choice",
      options: [
        { id: "network", label: "The hidden layers, by over 5 points" },
        { id: "same", label: "Neither: within 5 points" },
        { id: "linear", label: "The linear model, by over 5 points" },
      ],
    },
    outcome(runs) {
      const network = fact(runs, "0.testAccuracy", percent);
      const linear = fact(runs, "1.testAccuracy", percent);
      const gap = network.value - linear.value;
      const value = gap > 0.05 ? "network" : gap < -0.05 ? "linear" : "same";
      return {
        value,
        happened: say`network ${network}, linear ${linear}`,
        answer: say`After ${stepFact(runs)} steps the zero-init network has ${network} test accuracy and the linear model ${linear}. The data view draws both boundaries: straight lines.`,
      };
    },
    why: "Its neurons being copies, each layer acts as a single neuron: the output rises and falls with one weighted sum of the inputs, so the boundary is a straight line, like a linear model's, and the hidden layers add nothing.",
  },
  {
    id: "constant",
    title: "A non-zero constant",
    notes:
      "Initializing all weights to the same non-zero constant still leads to a symmetry problem. Neurons in a layer will produce identical outputs during forward propagation, causing them to learn the same features.",
    setup: { preset: "constant" },
    views: ["symmetry", "loss"],
    steps: 500,
    question: (config, steps) =>
      `Every weight starts at ${config.initOptions.value} instead of 0 (tanh units, ${config.hidden[0]} per layer). After ${steps} steps, how many distinct neurons will layer 1 have?`,
    predict: {
      kind: "number",
      integer: true,
      label: (config) => `Distinct neurons in layer 1, from 1 to ${config.hidden[0]}`,
      min: () => 1,
      max: (config) => config.hidden[0],
    },
    outcome(runs) {
      const layer1 = fact(runs, "0.distinctNeurons.0", integer);
      const loss = fact(runs, "0.trainLoss", number);
      const width = String(runs[0].config.hidden[0]);
      return {
        value: layer1.value,
        happened: say`${layer1} of ${width} neurons distinct in layer 1`,
        answer: say`After ${stepFact(runs)} steps layer 1 has ${layer1} distinct ${plural(layer1.value, "neuron")} of ${width}; the training loss is ${loss}.`,
      };
    },
    why: "Equal weights are as symmetric as zeros: each neuron of a layer sees the same inputs through the same weights, so it computes the same output and gets the same update. Unlike 0 the signal and the gradient flow, but into copies of one neuron.",
  },
  {
    id: "vanishing",
    title: "Small random weights, sigmoid",
    notes:
      "If we use random initialization with np.random.random, we encounter the vanishing gradient problem. With the tanh and sigmoid activation functions, the vanishing gradient problem appears.",
    translated: true,
    setup: { preset: "small-sigmoid" },
    views: ["layers", "loss"],
    steps: 500,
    question: (config, steps) =>
      `Weights drawn from N(0, ${config.initOptions.stddev}²) in ${config.hidden.length} sigmoid layers of ${config.hidden[0]}. After ${steps} steps, what share of layer ${config.hidden.length}'s gradient will layer 1 get?`,
    predict: {
      kind: "choice",
      options: [
        { id: "same", label: "More than a tenth" },
        { id: "some", label: "Between a millionth and a tenth" },
        { id: "none", label: "Less than a millionth" },
      ],
    },
    outcome(runs) {
      const last = lastHidden(runs[0]);
      const first = fact(runs, "0.gradientNorms.0", number);
      const end = fact(runs, `0.gradientNorms.${last}`, number);
      const share = quotient(runs, "0.gradientNorms.0", `0.gradientNorms.${last}`, times);
      const loss = fact(runs, "0.trainLoss", number);
      const value = share.value > 0.1 ? "same" : share.value >= 1e-6 ? "some" : "none";
      return {
        value,
        happened: say`layer 1 gets ${share} of layer ${String(last + 1)}'s gradient`,
        answer: say`After ${stepFact(runs)} steps layer 1's gradient norm is ${first} and layer ${String(last + 1)}'s ${end}: layer 1 gets ${share} of it. The training loss is ${loss}; a net that learnt nothing sits at ln 2 = ${number(CHANCE_LOSS)}.`,
      };
    },
    why: "On its way back the error is multiplied, layer after layer, by weights of about 0.01 and by the sigmoid's slope, at most 0.25: the product shrinks by orders of magnitude, so the first layers get almost no gradient and barely move.",
  },
  {
    id: "exploding",
    title: "Large random weights",
    notes:
      "Initializing weights with excessively large random values can lead to exploding gradients, causing numerical instability and failed training, while also slowing down learning due to aggressive weight updates.",
    setup: { preset: "large-relu" },
    views: ["loss", "layers"],
    steps: 500,
    question: (config, steps) =>
      `Weights drawn from N(0, ${config.initOptions.stddev}) in ${config.hidden.length} ReLU layers of ${config.hidden[0]}. What happens to the loss within ${steps} steps?`,
    predict: {
      kind: "choice",
      options: [
        { id: "falls", label: "It falls, like a healthy run's" },
        { id: "flat", label: "It stays high and flat" },
        { id: "diverged", label: "It blows up to NaN: training fails" },
      ],
    },
    outcome(runs) {
      const last = lastHidden(runs[0]);
      const growth = quotient(runs, `0.start.activationStds.${last}`, "0.start.activationStds.0", times);
      const gradient = fact(runs, "0.start.gradientNorms.0", number);
      const start = say`At step 0 layer ${String(last + 1)}'s activations were already ${growth} times as spread as layer 1's, and layer 1's gradient norm was ${gradient}.`;
      if (runs[0].diverged) {
        const at = fact(runs, "0.divergedAt", integer);
        return {
          value: "diverged",
          happened: say`diverged at step ${at}`,
          answer: [...say`The run diverged at step ${at}: its loss overflowed to NaN. `, ...start],
        };
      }
      const loss = fact(runs, "0.trainLoss", number);
      return {
        value: loss.value < 0.2 ? "falls" : "flat",
        happened: say`training loss ${loss}`,
        answer: [...say`After ${stepFact(runs)} steps the training loss is ${loss}. `, ...start],
      };
    },
    why: "Each ReLU layer with N(0, 1) weights multiplies the signal's spread by about √(fan_in / 2) = 4: after eight layers it is thousands of times larger, and so are the gradients. One SGD step then throws the weights so far that the loss overflows.",
  },
  {
    id: "slow",
    title: "Small random weights, ReLU",
    notes: "But with ReLU, it converges slowly.",
    translated: true,
    setup: { preset: "small-relu" },
    views: ["loss"],
    steps: 2000,
    question: (config, steps) =>
      `Two ReLU networks, one with N(0, ${config.initOptions.stddev}²) weights, one with He normal. In a run of ${steps} steps, how long will the small weights take to bring the loss below ${TARGET_LOSS}, compared with He?`,
    predict: {
      kind: "choice",
      options: [
        { id: "same", label: "Less than twice as long as He" },
        { id: "some", label: "Two to five times as long" },
        { id: "much", label: "Over five times as long, or not within the run" },
      ],
    },
    outcome(runs) {
      const he = runs[1].stepsToTarget;
      const small = runs[0].stepsToTarget;
      const heFact = he === null ? null : fact(runs, "1.stepsToTarget", integer);
      const value = small === null || he === null || small > 5 * he ? "much" : small > 2 * he ? "some" : "same";
      const heWords = heFact
        ? say`He got below ${String(TARGET_LOSS)} at step ${heFact}`
        : say`He did not get below ${String(TARGET_LOSS)} either`;
      const smallWords =
        small === null
          ? say`the small weights had not by step ${stepFact(runs)}: their training loss is still ${fact(runs, "0.trainLoss", number)}`
          : say`the small weights at step ${fact(runs, "0.stepsToTarget", integer)}, ${quotient(runs, "0.stepsToTarget", "1.stepsToTarget", times)} times as long`;
      return {
        value,
        happened:
          small === null ? say`small: not within ${stepFact(runs)} steps` : say`small: step ${fact(runs, "0.stepsToTarget", integer)}`,
        answer: [...heWords, "; ", ...smallWords, "."],
      };
    },
    why: "Weights of 0.01 shrink the signal in every ReLU layer, so activations and gradients are tiny and each update changes almost nothing: the loss sits on a plateau until the weights have grown, far longer than He's start, which is already at the right scale.",
  },
  {
    id: "he",
    title: "Which init for ReLU?",
    notes: "He initialization: works well with the ReLU activation function. σ² = 2 / fan_in.",
    translated: true,
    setup: { preset: "he-relu", compare: ["glorot_normal", "he_normal", "lecun_normal"] },
    views: ["layers", "loss"],
    steps: 500,
    question: (config) =>
      `Glorot, He and LeCun normal in the same ${config.hidden.length} ReLU layers of ${config.hidden[0]}. Which keeps layer ${config.hidden.length}'s activation spread closest to layer 1's at the start?`,
    predict: {
      kind: "choice",
      options: [
        { id: "glorot_normal", label: "Glorot: σ² = 2 / (fan_in + fan_out)" },
        { id: "he_normal", label: "He: σ² = 2 / fan_in" },
        { id: "lecun_normal", label: "LeCun: σ² = 1 / fan_in" },
      ],
    },
    outcome(runs) {
      const last = lastHidden(runs[0]);
      const kept = runs.map((_, i) => quotient(runs, `${i}.start.activationStds.${last}`, `${i}.start.activationStds.0`, times));
      const best = kept.reduce((b, k, i) => (Math.abs(Math.log(k.value)) < Math.abs(Math.log(kept[b].value)) ? i : b), 0);
      const list = listed(kept.map((k, i) => say`${k} times with ${runs[i].label}`));
      return {
        value: runs[best].init,
        happened: say`${runs[best].label}: layer ${String(last + 1)} at ${kept[best]} of layer 1`,
        answer: [`At step 0 layer ${last + 1}'s activation spread, as a share of layer 1's, was `, ...list, "."],
      };
    },
    why: "ReLU zeroes half of what it gets, halving the signal's variance in every layer. He's σ² = 2 / fan_in doubles it back; Glorot's and LeCun's 1 / fan do not, so the spread shrinks by about √2 per layer, to a tenth after eight layers.",
  },
  {
    id: "lecun",
    title: "Which init for SELU?",
    notes:
      "LeCun Initialization sets the initial weights of a neural network layer using a normal distribution with a standard deviation of 1 / √fan_in, where fan_in is the number of input units to the layer.",
    setup: { preset: "lecun-selu", compare: ["glorot_normal", "he_normal", "lecun_normal"] },
    views: ["layers", "loss"],
    steps: 500,
    question: (config) =>
      `Now SELU units, ${config.hidden.length} layers of ${config.hidden[0]}. SELU is built to keep activations at spread 1. With which init will layer ${config.hidden.length}'s activation spread be closest to 1 at the start?`,
    predict: {
      kind: "choice",
      options: [
        { id: "glorot_normal", label: "Glorot: σ² = 2 / (fan_in + fan_out)" },
        { id: "he_normal", label: "He: σ² = 2 / fan_in" },
        { id: "lecun_normal", label: "LeCun: σ² = 1 / fan_in" },
      ],
    },
    outcome(runs) {
      const last = lastHidden(runs[0]);
      const spreads = runs.map((_, i) => fact(runs, `${i}.start.activationStds.${last}`, number));
      const best = spreads.reduce((b, s, i) => (Math.abs(Math.log(s.value)) < Math.abs(Math.log(spreads[b].value)) ? i : b), 0);
      const list = listed(spreads.map((s, i) => say`${s} with ${runs[i].label}`));
      return {
        value: runs[best].init,
        happened: say`${runs[best].label}: spread ${spreads[best]} in layer ${String(last + 1)}`,
        answer: [`At step 0 layer ${last + 1}'s activation spread was `, ...list, "."],
      };
    },
    why: "SELU keeps mean 0 and variance 1 from layer to layer when σ² = 1 / fan_in, LeCun's variance. He's 2 / fan_in makes every layer's signal larger; Glorot's 2 / (fan_in + fan_out) is far smaller in the first layer (2 inputs, 32 outputs), so its signal starts small.",
  },
  {
    id: "variance",
    title: "The variance table",
    notes:
      "Glorot: linear, tanh, logistic, softmax, σ² = 1 / fan_avg. He: ReLU and its variants, σ² = 2 / fan_in. LeCun: SELU, σ² = 1 / fan_in. Mean = 0 in all.",
    setup: { preset: "glorot-tanh" },
    views: ["theory"],
    steps: 300,
    question: (config) =>
      `Glorot normal in ${config.hidden.length} tanh layers of ${config.hidden[0]}. The notes' table gives it σ² = 1 / fan_avg, where fan_avg = (fan_in + fan_out) / 2. With what variance σ² will layer 2's weights be drawn (fan_in = ${config.hidden[0]}, fan_out = ${config.hidden[1]})?`,
    predict: {
      kind: "number",
      integer: false,
      label: () => "σ² of layer 2's weights (a number such as 0.05, or a fraction such as 1/20)",
      min: () => 0,
      max: () => Number.POSITIVE_INFINITY,
    },
    close: (guess, value) => Math.abs(guess - value) <= VARIANCE_TOLERANCE * value,
    outcome(runs) {
      const last = lastHidden(runs[0]);
      const theory = fact(runs, "0.theoreticalVariances.1", number);
      const drawn = fact(runs, "0.start.weightVariances.1", number);
      const kept = quotient(runs, `0.start.activationStds.${last}`, "0.start.activationStds.0", times);
      const { hidden } = runs[0].config;
      return {
        value: theory.value,
        happened: say`σ² = ${theory}`,
        answer: say`Glorot normal draws layer 2's weights with σ² = ${theory}; its ${integer(hidden[0] * hidden[1])} weights have variance ${drawn}. Layer ${String(last + 1)}'s tanh activations kept ${kept} of layer 1's spread.`,
      };
    },
    why: "σ² = 1 / fan_avg = 2 / (fan_in + fan_out) averages the variance that keeps the signal's scale going forward (1 / fan_in) and the gradient's going backward (1 / fan_out). The tanh units stay in their useful range, neither vanishing nor saturated.",
  },
];

/** The interview self-test: the notes' questions, each answered from the steps named. */
const INTERVIEW = [
  {
    id: "zero",
    question: "Why are the weights of a neural network not initialized with 0?",
    points: [
      {
        step: "symmetry",
        text: "Every neuron of a layer computes the same output and gets the same update, so they stay copies of one neuron (the symmetry problem).",
      },
      { step: "no-gradient", text: "With ReLU or tanh every hidden weight's gradient is exactly 0, so those weights never move." },
      { step: "linear", text: "The network then behaves like a linear model: its boundary is a straight line." },
      { step: "constant", text: "A non-zero constant does not help: it is just as symmetric." },
    ],
  },
  {
    id: "scale",
    question: "What goes wrong when the random weights are too small or too large?",
    points: [
      {
        step: "vanishing",
        text: "Too small, with tanh or sigmoid: the gradient shrinks layer by layer, so the first layers do not learn (vanishing gradients).",
      },
      { step: "slow", text: "Too small, with ReLU: the loss sits on a plateau, converging far more slowly." },
      { step: "exploding", text: "Too large: activations and gradients grow layer by layer until training fails (exploding gradients)." },
    ],
  },
  {
    id: "choose",
    question: "Which initialization would you use with ReLU, with SELU and with tanh, and why?",
    points: [
      { step: "he", text: "He (σ² = 2 / fan_in) for ReLU and its variants: it makes up for the half of the signal ReLU zeroes." },
      { step: "lecun", text: "LeCun (σ² = 1 / fan_in) for SELU, which then keeps mean 0 and variance 1." },
      { step: "variance", text: "Glorot (σ² = 2 / (fan_in + fan_out)) for tanh, sigmoid, softmax and linear units; mean 0 in all three." },
    ],
  },
];

/** The lessons by their URL id (`lesson=init`). */
const LESSONS = {
  init: { id: "init", title: "Why initialization matters", steps: STEPS, interview: INTERVIEW },
};

/** The lesson the page opens when a link names an unknown one. */
export const DEFAULT_LESSON = "init";

/** The lesson with URL id `id`, or null. */
export function lessonOf(id) {
  return Object.hasOwn(LESSONS, id) ? LESSONS[id] : null;
}

/**
 * The pages of `lesson`, numbered from 1 as the URL's `step`: its steps, then the summary, then
 * the interview. Each page is {n, kind ("step", "summary" or "interview"), step (or null)}.
 */
export function pagesOf(lesson) {
  const steps = lesson.steps.map((step, i) => ({ n: i + 1, kind: "step", step }));
  return [...steps, { n: steps.length + 1, kind: "summary", step: null }, { n: steps.length + 2, kind: "interview", step: null }];
}

/**
 * The page of `lesson` the URL's `step` (a number, or null for the first) names, and a notice
 * when it names none (a page out of range, or not a whole number), then the first.
 */
export function pageOf(lesson, n) {
  const pages = pagesOf(lesson);
  if (n === null || n === undefined) return { page: pages[0], notice: null };
  if (Number.isInteger(n) && n >= 1 && n <= pages.length) return { page: pages[n - 1], notice: null };
  return { page: pages[0], notice: `step: must be a whole number from 1 to ${pages.length} (got ${JSON.stringify(String(n))})` };
}

/**
 * The runs a page trains: the setup of its step, or for the summary and the interview the last
 * step's (the runs just done stay loaded behind them).
 */
export function setupOf(lesson, page) {
  return (page.step ?? lesson.steps.at(-1)).setup;
}

/** The question of `step` for runs of `config` (the first run's). */
export function questionOf(step, config) {
  return step.question(config, integer(step.steps));
}

// ---- predictions ------------------------------------------------------------------------------

/**
 * A number as a student types it: a decimal (with a point or a comma: 0,05) or a fraction
 * (1/32); null when it is none.
 */
export function readNumber(text) {
  const trimmed = String(text)
    .trim()
    .replace(/^([+-]?\d*),(\d+)$/, "$1.$2");
  const fraction = trimmed.match(/^([^/]+)\/([^/]+)$/);
  const value = fraction ? Number(fraction[1]) / Number(fraction[2]) : trimmed === "" ? Number.NaN : Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/**
 * The student's prediction for `step` of a run of `config`: from a choice, the option id; from a
 * number field, its text read as a number within the step's range. Returns {value, text} (what
 * they chose, in words) or {error}, a sentence saying what to give.
 */
export function readPrediction(step, config, input) {
  const { predict } = step;
  if (predict.kind === "choice") {
    const option = predict.options.find((o) => o.id === input);
    return option ? { value: option.id, text: option.label } : { error: "Choose one of the answers first." };
  }
  const [min, max] = [predict.min(config), predict.max(config)];
  const value = readNumber(input ?? "");
  const range = Number.isFinite(max) ? ` from ${min} to ${max}` : ` above ${min}`;
  const kind = predict.integer ? "a whole number" : "a number such as 0.05 or a fraction such as 1/20";
  const inRange = value !== null && (predict.integer ? Number.isInteger(value) && value >= min : value > min) && value <= max;
  return inRange ? { value, text: String(input).trim() } : { error: `Give ${kind}${range}.` };
}

/** Whether `prediction` ({value}) of `step` matches `outcome` ({value}). */
export function isRight(step, prediction, outcome) {
  if (step.predict.kind === "choice") return prediction.value === outcome.value;
  return (step.close ?? ((guess, value) => guess === value))(prediction.value, outcome.value);
}

// ---- after the runs ---------------------------------------------------------------------------

/**
 * What the student's steps came to: per step of `lesson`, {n, title, predicted, happened (parts),
 * right}, or with `done` false for a step not run yet; `record` maps step ids to
 * {prediction, outcome, right} as the lesson view keeps them.
 */
export function summaryRows(lesson, record) {
  return lesson.steps.map((step, i) => {
    const entry = record.get(step.id);
    if (!entry) return { n: i + 1, title: step.title, done: false };
    return {
      n: i + 1,
      title: step.title,
      done: true,
      predicted: entry.prediction.text,
      happened: entry.outcome.happened,
      right: entry.right,
    };
  });
}

/**
 * The model answer to interview question `question` of `lesson`, tied to the runs just done:
 * per point, its sentence and, from `record`, what the student's run of its step showed
 * (`happened`, parts) with the step's number, or null when that step was not run yet.
 */
export function modelAnswer(lesson, question, record) {
  return question.points.map(({ step, text }) => {
    const n = lesson.steps.findIndex((s) => s.id === step) + 1;
    return { n, text, happened: record.get(step)?.outcome.happened ?? null };
  });
}
