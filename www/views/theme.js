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
