// Colours and the font live in style.css as custom properties, each light-dark(light, dark);
// canvas views read them here, so a run has one colour everywhere and the charts follow the
// theme: the system's, or the one a link sets (theme=light|dark).

import { DASHES } from "../colours.js";

const systemDark = matchMedia("(prefers-color-scheme: dark)");

/** Whether the page is dark: the link's theme if it set one, else the system's. */
function isDark() {
  const theme = document.documentElement.dataset.theme;
  return theme ? theme === "dark" : systemDark.matches;
}

/** Sets the page's theme: "light", "dark", or null for the system's. */
export function setTheme(theme) {
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

/** The current value of the CSS custom property `--name` (of light-dark(), the theme's). */
export function cssVar(name) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(`--${name}`).trim();
  const pair = /^light-dark\((.*),(.*)\)$/.exec(value);
  return pair ? pair[isDark() ? 2 : 1].trim() : value;
}

/** The colour of run `i`: its init's (see setRunColours). */
export function runColor(i) {
  return cssVar(`run-${i}`);
}

/** Each run's kind (colours.js's runColours), as setRunColours was last given them. */
let runKinds = [];

/**
 * Gives run i the colour and dash pattern of `kinds[i]`, one of colours.js's KINDS (its colour is
 * style.css's --init-<kind>).
 */
export function setRunColours(kinds) {
  runKinds = kinds;
  kinds.forEach((kind, i) => {
    document.documentElement.style.setProperty(`--run-${i}`, `var(--init-${kind})`);
  });
}

/** The colour of initialization kind `kind`, one of colours.js's KINDS (style.css's --init-<kind>). */
export function kindColor(kind) {
  return cssVar(`init-${kind}`);
}

/** Gives `element` (and the swatch its ::before draws in `--run`) the colour of kind `kind`. */
export function paintKind(element, kind) {
  element.style.setProperty("--run", `var(--init-${kind})`);
}

/** The dash pattern of run `i`'s line, in CSS pixels ([] for solid). */
export function runDash(i) {
  return DASHES[runKinds[i]] ?? [];
}

/** The uPlot axis options every chart of the page shares: muted text, grid-coloured lines. */
export function axisStyle() {
  const font = canvasFont(12);
  const grid = cssVar("grid");
  return {
    stroke: cssVar("fg-muted"),
    font,
    labelFont: font,
    labelSize: 18,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1, size: 4 },
  };
}

/** A canvas font of `px` CSS pixels times `ratio` in the page's font. */
export function canvasFont(px, ratio = 1) {
  return `${px * ratio}px ${cssVar("font")}`;
}

/** Calls `callback` whenever the system switches between light and dark. */
export function onThemeChange(callback) {
  systemDark.addEventListener("change", callback);
}

/** [r, g, b] of a "#rrggbb" colour. */
export function rgb(hex) {
  const n = parseInt(hex.replace("#", ""), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** "#rrggbb" of an [r, g, b] triple. */
export function hex([r, g, b]) {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

/** The colour a fraction `t` of the way from colour `a` to colour `b` (both "#rrggbb"). */
export function mix(a, b, t) {
  const [x, y] = [rgb(a), rgb(b)];
  return hex(x.map((c, i) => c + t * (y[i] - c)));
}

/**
 * The colour of layer `l` of `count` in run `i`'s charts: the run's colour, pulled towards the
 * text colour for layers near the input and towards the background near the output, so every
 * layer keeps its run's hue and depth reads as lightness.
 */
export function layerColor(i, l, count) {
  const p = count <= 1 ? 0.5 : l / (count - 1);
  const run = runColor(i);
  return p < 0.5 ? mix(run, cssVar("fg"), 0.9 * (0.5 - p)) : mix(run, cssVar("bg"), 0.8 * (p - 0.5));
}

/**
 * The diverging scale for weights and similarities: v in [-1, 1] to [r, g, b], from the
 * negative colour through the background-like middle to the positive one. The two ends differ
 * in lightness, so the sign still reads in grey; NaN gets the text colour.
 */
export function divergingScale() {
  const [neg, mid, pos, nan] = ["scale-neg", "scale-mid", "scale-pos", "fg"].map((name) => rgb(cssVar(name)));
  return (v) => {
    if (!Number.isFinite(v)) return nan;
    const t = Math.min(1, Math.abs(v));
    const end = v < 0 ? neg : pos;
    return mid.map((m, c) => m + t * (end[c] - m));
  };
}
