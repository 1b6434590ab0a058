// Every term a student may not know, with a one-line explanation shown on hover and on keyboard
// focus. A term is any element with `data-term="key"`: install() makes the page's terms
// focusable and describes each by a hidden paragraph (what screen readers read), and one shared
// tooltip shows the same line beside the term the pointer or the focus is on.

import { limits } from "./pkg/initlab.js";

/** One line per term, in the words of the notes and Keras. */
export const GLOSSARY = {
  fan_in: "fan_in: the number of inputs each neuron of a layer receives (the width of the layer before it).",
  fan_out: "fan_out: the number of neurons in a layer, i.e. how many outputs it passes on.",
  fan_avg: "fan_avg: the average (fan_in + fan_out) / 2 that Glorot initialization uses.",
  variance: "Variance σ²: the mean squared distance of the weights from their mean (0 here); σ is their standard deviation.",
  saturation:
    "Saturated: a sigmoid or tanh unit pushed onto a flat end of its curve (near 0 or 1, or ±1), where its slope and so its gradient is almost zero.",
  dead: "Dead ReLU: a ReLU neuron whose input is negative for every sample. It outputs 0, passes back no gradient and never recovers.",
  gradientNorm: "Gradient norm: the length of a layer's weight gradient, i.e. how hard the loss pushes on that layer's weights.",
  activationStd: "Activation spread: the standard deviation of a layer's outputs over a batch. Near 0, the layer passes no signal on.",
  distinct:
    "Distinct neurons: neurons whose incoming weights and bias differ from every other neuron's. 1 means the whole layer computes one feature.",
  cosine: "Cosine similarity: how alike two neurons' weight vectors point: 1 the same way, 0 unrelated, −1 opposite.",
  symmetry: "Symmetry problem: neurons that start identical get identical gradients, so they stay identical however long they train.",
  miniBatch: "Mini-batch loss: the loss on the few training samples of one step. It is noisy; the whole-set losses are in the table.",
  logScale: "Log scale: each grid line is ten times the one below, so tiny and huge values fit on one axis.",
  diverged: "Diverged: the loss or a weight overflowed to NaN (not a number) or infinity, and training cannot go on.",
  /** The core's rule for reaching the target (read once the core is loaded, by install()). */
  get target() {
    const { targetWindow, targetLoss } = limits();
    return `Steps to target: the first step at which the mean mini-batch loss of the last ${targetWindow} steps is below ${targetLoss}.`;
  },
  testAccuracy: "Test accuracy: the share of held-out points, never used for training, that the network classifies correctly.",
  vanishing:
    "Vanishing gradients: the first layers get orders of magnitude less gradient than the last ones, or too little to move any weight, so they barely learn.",
  exploding:
    "Exploding gradients: gradients so large that every update overshoots, until the loss or the weights overflow to NaN; it is their size that counts, not which way they grow.",
  histogram:
    "Histogram: how many values fall in each bin; bar heights here grow with the square root of the count so small bins stay visible.",
  decisionBoundary: "Decision boundary: where the network switches from one class to the other.",
};

let tooltip = null;
let current = null;

/** Makes a term element: `text` in a span explained by GLOSSARY[key]. */
export function term(text, key) {
  const span = document.createElement("span");
  span.textContent = text;
  span.dataset.term = key;
  prepare(span);
  return span;
}

/**
 * Prepares every `[data-term]` already in the page, adds the hidden explanations, and shows the
 * tooltip for whichever term is hovered or focused (Escape hides it).
 */
export function install() {
  const store = document.createElement("div");
  store.hidden = true;
  for (const [key, text] of Object.entries(GLOSSARY)) {
    const line = document.createElement("p");
    line.id = `gloss-${key}`;
    line.textContent = text;
    store.append(line);
  }
  tooltip = document.createElement("div");
  tooltip.className = "tooltip";
  tooltip.setAttribute("aria-hidden", "true"); // the term's aria-describedby already says it
  tooltip.hidden = true;
  document.body.append(store, tooltip);
  for (const element of document.querySelectorAll("[data-term]")) prepare(element);
  const show = (event) => {
    const element = event.target.closest?.("[data-term]");
    if (element) open(element);
  };
  const hide = (event) => {
    if (current && !current.contains(event.relatedTarget)) close();
  };
  document.addEventListener("mouseover", show);
  document.addEventListener("focusin", show);
  document.addEventListener("mouseout", hide);
  document.addEventListener("focusout", hide);
  document.addEventListener("keydown", (event) => event.key === "Escape" && close());
  addEventListener("scroll", () => current && open(current), { passive: true }); // follow the term
}

function prepare(element) {
  element.classList.add("term");
  element.tabIndex = 0;
  element.setAttribute("aria-describedby", `gloss-${element.dataset.term}`);
}

/** Shows the tooltip under `element` (above it near the bottom edge), inside the viewport. */
function open(element) {
  const text = GLOSSARY[element.dataset.term];
  if (!tooltip || !text) return;
  current = element;
  tooltip.textContent = text;
  tooltip.hidden = false;
  const box = element.getBoundingClientRect();
  const tip = tooltip.getBoundingClientRect();
  const margin = 8;
  const left = Math.min(Math.max(margin, box.left), innerWidth - tip.width - margin);
  const below = box.bottom + 6;
  const top = below + tip.height > innerHeight - margin ? box.top - tip.height - 6 : below;
  tooltip.style.left = `${left}px`;
  tooltip.style.top = `${Math.max(margin, top)}px`;
}

function close() {
  current = null;
  if (tooltip) tooltip.hidden = true;
}
