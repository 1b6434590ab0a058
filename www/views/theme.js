// Colours and the font live in style.css as custom properties (light and dark); canvas views
// read them here, so a run has one colour everywhere and the charts follow the system theme.

const dark = matchMedia("(prefers-color-scheme: dark)");

/** The current value of the CSS custom property `--name`. */
export function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(`--${name}`).trim();
}

/** The colour of run `i` (Okabe–Ito, see style.css). */
export function runColor(i) {
  return cssVar(`run-${i}`);
}

/** A canvas font of `px` CSS pixels times `ratio` in the page's font. */
export function canvasFont(px, ratio = 1) {
  return `${px * ratio}px ${cssVar("font")}`;
}

/** Calls `callback` whenever the system switches between light and dark. */
export function onThemeChange(callback) {
  dark.addEventListener("change", callback);
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
