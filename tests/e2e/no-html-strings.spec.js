// No HTML is ever built from strings on the page: URL values, config values and labels reach
// the DOM only as text (textContent, attributes), so a crafted link cannot inject markup or
// script. This guards the page's own code; the generated www/pkg and the vendored uPlot are
// not ours to lint.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";

const WWW = join(import.meta.dirname, "..", "..", "www");
const SINKS = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\s*\(|new\s+Function\b)/;

/** Every .js and .html file of the page, outside the generated folders. */
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ["pkg", "vendor"].includes(entry.name) ? [] : sources(path);
    return /\.(js|html)$/.test(entry.name) ? [path] : [];
  });
}

test("the page's code has no HTML-from-string or eval sink", () => {
  const files = sources(WWW);
  expect(files.length).toBeGreaterThan(10);
  const hits = files.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .map((line, i) => [line, i])
      .filter(([line]) => SINKS.test(line))
      .map(([line, i]) => `${file}:${i + 1}: ${line.trim()}`),
  );
  expect(hits).toEqual([]);
});
