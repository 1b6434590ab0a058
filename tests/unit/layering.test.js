// The page's layering (issue 11): training code never reaches a view, the worker holds no rule,
// and no module keeps a mutable bag for others to change. Read from the import statements of
// www/, so a new arrow the wrong way fails here before it ships.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";

const WWW = join(import.meta.dirname, "..", "..", "www");

/** Every page module (www/*.js and www/views/*.js), by its path under www/. */
function modules() {
  const files = [...readdirSync(WWW).map((f) => f), ...readdirSync(join(WWW, "views")).map((f) => `views/${f}`)];
  return files.filter((f) => f.endsWith(".js"));
}

/** The www/ modules `file` imports, statically or dynamically, as paths under www/. */
function importsOf(file) {
  const text = readFileSync(join(WWW, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)].map((m) => m[1]);
  return specifiers.map((s) => relative(WWW, resolve(dirname(join(WWW, file)), s)));
}

/** Every module reachable from `start` through imports, `start` included. */
function reachable(start) {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const next of importsOf(queue.shift())) {
      if (next.startsWith("pkg/") || next.startsWith("vendor/") || seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

test("the training side imports no view, no drawing and no link code", () => {
  for (const engine of ["training.js", "run-worker.js", "worker.js", "runs.js", "trace.js", "sweep.js", "depth-sweep.js"]) {
    const reached = [...reachable(engine)];
    const wrong = reached.filter((m) => m.startsWith("views/") || ["draw.js", "registry.js", "link.js", "app.js"].includes(m));
    assert.deepEqual(wrong, [], `${engine} reaches ${wrong.join(", ")}`);
  }
});

test("only app.js builds the page: no module imports it, and no module exports a mutable bag", () => {
  for (const file of modules()) {
    assert.ok(!importsOf(file).includes("app.js"), `${file} imports app.js`);
    const text = readFileSync(join(WWW, file), "utf8");
    assert.doesNotMatch(text, /export (let|var) /, `${file} exports a variable`);
    assert.doesNotMatch(text, /export const \w+ = \{\s*\}/, `${file} exports an empty object to fill`);
  }
  assert.ok(modules().includes("app.js") && !modules().includes("state.js"));
});

test("the worker is a message pump: one core call per Trainer and round, no constant of its own", () => {
  const text = readFileSync(join(WWW, "worker.js"), "utf8");
  assert.match(
    text,
    /round\(\{ runs \}\) \{\s*return runs\.map\(\(requests, i\) => requests && rounds\(i, requests\)\);\s*\}/,
    "worker.js has a round handler",
  );
  const round = text.match(/function rounds\(slot, requests\) \{([^}]*)\}/);
  assert.ok(round, "worker.js rounds every Trainer of a slot");
  assert.match(round[1], /slots\[slot\]\.map\(/, "one round per Trainer");
  assert.equal((round[1].match(/call\(/g) ?? []).length, 1, "one core call (call) per Trainer");
  assert.deepEqual(text.match(/^const [A-Z_]+ = /gm) ?? [], [], "no named constants (a rule) in worker.js");
});
