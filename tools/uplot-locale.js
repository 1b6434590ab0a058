// Put before uPlot's build in www/vendor/uPlot.esm.js (see the Makefile): uPlot formats numbers
// with `new Intl.NumberFormat(navigator.language)` as it loads, which throws when the language
// is no language tag: WebKitGTK gives "C" under the C locale, and the page would not start.
// This module-scope `navigator` is the one uPlot's code sees: the browser's, or, when Intl
// refuses its language, one whose language is "en-US".
// biome-ignore lint/correctness/noUnusedVariables: uPlot's code, appended after this file, reads it.
const navigator = (() => {
  try {
    new Intl.NumberFormat(globalThis.navigator.language);
    return globalThis.navigator;
  } catch {
    return { language: "en-US" };
  }
})();
