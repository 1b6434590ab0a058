#!/usr/bin/env node
// The paper cards' benchmark (issue 14; `make bench` runs it after tools/sweep-bench.mjs):
// serves www/ (tools/serve.mjs's server), opens each card's link (`#paper=ID`, every card of the
// core's papers()) in headless Chromium (tools/find-chromium.mjs; never a Playwright download), and
// times it from the link opening to the badge (initlab.paper().phase "checked"): the card's
// runs trained to their steps, its grid trained in the worker pool, or its networks measured at
// initialization in workers. Prints each card's wall time, its verdict and the machine's load,
// against the targets: 60 s a card, 10 s for the light ones (nothing trains: measured at
// initialization).
//
// A benchmark, not a test: CI never runs it.
//
// Usage: node tools/paper-bench.mjs
// Env: PAPER_BENCH_PORT (8128), CHROMIUM (see find-chromium.mjs).

import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium, MISSING_CHROMIUM } from "./find-chromium.mjs";
import { staticServer } from "./serve.mjs";

const WWW = join(dirname(fileURLToPath(import.meta.url)), "..", "www");
const PORT = Number(process.env.PAPER_BENCH_PORT || 8128);
const BASE = `http://127.0.0.1:${PORT}`;
/** The target per card, in seconds: any card, and a light one (experiment kind "atInit"). */
const TARGET_S = 60;
const LIGHT_TARGET_S = 10;

const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

const executablePath = findChromium();
if (!executablePath) {
  console.error(MISSING_CHROMIUM);
  process.exit(1);
}
const server = staticServer(WWW);
await new Promise((done) => server.listen(PORT, "127.0.0.1", done));
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
console.log(`Paper cards in Chromium, ${cpus().length} cores, load ${load()}`);
console.log("| card | wall time (s) | target (s) | verdict |");
console.log("| --- | --- | --- | --- |");
let failed = false;
try {
  const probe = await browser.newPage();
  await probe.goto(`${BASE}/`);
  const cards = await probe.evaluate(async () =>
    (await (await import("./full-core.js")).loadFull()).papers().map((card) => ({ id: card.id, kind: card.experiment.kind })),
  );
  await probe.close();
  for (const { id, kind } of cards) {
    const target = kind === "atInit" ? LIGHT_TARGET_S : TARGET_S;
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const start = Date.now();
    await page.goto(`${BASE}/#paper=${id}`);
    await page.waitForFunction(() => window.initlab?.paper()?.phase === "checked", null, { timeout: 300_000 });
    const seconds = (Date.now() - start) / 1000;
    const { verdict } = await page.evaluate(() => window.initlab.paper());
    const held = verdict.checks.filter((check) => check.passed).length;
    console.log(
      `| ${id} | ${seconds.toFixed(1)} | ${target} | ${verdict.reproduced ? "reproduced" : "not reproduced"} (${held} of ${verdict.checks.length} checks) |`,
    );
    if (seconds > target) failed = true;
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(
  `load after: ${load()}; targets: every card under ${TARGET_S} s, a light one under ${LIGHT_TARGET_S} s${failed ? ": MISSED" : ""}`,
);
process.exit(failed ? 1 : 0);
