// How each run is drawn: in its initialization's colour, so a run reads the same in every
// preset (He is always sky blue, Glorot always purple; the zero init, which learns nothing,
// grey), and with its kind's dash pattern, so runs stay apart without colour: the inits that
// learn are solid, the failures (whose flat lines often lie on one another) dashed or dotted.
// style.css holds the colours (--init-<kind>); theme.js applies the choice. DOM-free.

/** The kinds of initialization that have a colour of their own, in the order of the palette. */
export const KINDS = ["zeros", "constant", "small", "large", "glorot", "he", "lecun", "lsuv", "other"];

/** The dash pattern of each kind, in CSS pixels: [] is solid. */
export const DASHES = {
  zeros: [2, 3],
  constant: [8, 4],
  small: [10, 3, 2, 3],
  large: [4, 4],
  glorot: [],
  he: [],
  lecun: [],
  lsuv: [],
  other: [12, 4, 2, 4, 2, 4],
};

/** A random init whose draws reach at most this far from 0 (stddev or bound) is "small". */
const SMALL_SPREAD = 0.1;

/**
 * The kind of `config`'s initialization, one of KINDS: the zero init; other constants; fixed-
 * spread random draws, small or large; the Glorot, He and LeCun families; anything else; and
 * LSUV's data-dependent rescaling (which learns where the orthogonal draw it starts from, an
 * "other", may not). `schemes` is the core's schemes() (for the options' defaults).
 */
export function initKind(config, schemes) {
  const id = config.init;
  if (id === "zeros") return "zeros";
  if (id === "lsuv") return "lsuv";
  if (["ones", "constant"].includes(id)) return "constant";
  for (const family of ["glorot", "he", "lecun"]) if (id.startsWith(`${family}_`)) return family;
  const scheme = schemes.find((s) => s.id === id);
  if (scheme?.family !== "random") return "other";
  const options = { ...scheme.defaults, ...config.initOptions };
  const spread = id === "random_uniform" ? Math.max(Math.abs(options.minval), Math.abs(options.maxval)) : options.stddev;
  return spread < SMALL_SPREAD ? "small" : "large";
}

/**
 * The colour kind of each run of `configs`: its init's kind, or, when an earlier run already has
 * that colour (two He runs compared), the first kind's colour no run has, so runs side by side
 * never share a colour (up to KINDS.length runs).
 */
export function runColours(configs, schemes) {
  const taken = new Set();
  return configs.map((config) => {
    const own = initKind(config, schemes);
    const colour = taken.has(own) ? (KINDS.find((k) => !taken.has(k)) ?? own) : own;
    taken.add(colour);
    return colour;
  });
}
