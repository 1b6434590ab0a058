#!/usr/bin/env node
// The depth sweep's benchmark (issue 13; `make bench` runs it after tools/page-bench.mjs): serves
// www/ (tools/serve.mjs's server), opens the page in headless Chromium (tools/find-chromium.mjs;
// never a Playwright download) LAUNCHES times (default 3) on the `compare` preset with the Depth
// view open and reduced motion (so the page's own six runs stay paused), and times the default
// sweep from its start to its end: six initializations, seven depths, three seeds, 1,000 steps,
// width 32 (checked before it counts), 126 networks in a pool of navigator.hardwareConcurrency
// workers. Over the sweep it records the main thread's long tasks (a `longtask`
// PerformanceObserver, which reports tasks over 50 ms only) and its longest stall: the longest
// gap between the ticks of a timer that asks to run every 0 ms (browsers wait at least 4 ms
// between them, so the gap is a task's length plus up to 4 ms). Prints the median and the worst
// launch against the targets: under 15 s, no task over 50 ms.
//
// A benchmark, not a test: CI never runs it. Speed depends on the machine and its load, which
// the output states (/proc/loadavg before and after).
//
// Usage: node tools/sweep-bench.mjs
// Env: LAUNCHES (3), SWEEP_BENCH_PORT (8127), CHROMIUM (see find-chromium.mjs).

import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium, MISSING_CHROMIUM } from "./find-chromium.mjs";
import { staticServer } from "./serve.mjs";

const WWW = join(dirname(fileURLToPath(import.meta.url)), "..", "www");
const PORT = Number(process.env.SWEEP_BENCH_PORT || 8127);
const BASE = `http://127.0.0.1:${PORT}`;
const LAUNCHES = Number(process.env.LAUNCHES || 3);
/** The default sweep, which the page must run when asked for no settings. */
const EXPECTED = { inits: 6, depths: 7, seeds: 3, steps: 1000, width: 32 };
/** The targets. */
const SWEEP_S = 15;
const LONG_TASK_MS = 50;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs in the page before its scripts: notes every long task, and the longest gap between timer ticks. */
function instrument() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
  const gaps = (window.__gaps = { last: performance.now(), max: 0 });
  const tick = () => {
    const now = performance.now();
    gaps.max = Math.max(gaps.max, now - gaps.last);
    gaps.last = now;
    setTimeout(tick, 0);
  };
  tick();
}

/** In the page: the default sweep, timed, with the long tasks that ended after it started. */
async function sweep() {
  const t0 = performance.now();
  window.__gaps.max = 0;
  const result = await window.initlab.runDepthSweep();
  const ms = performance.now() - t0;
  const stall = window.__gaps.max;
  const tasks = window.__longTasks.filter(([start, duration]) => start + duration >= t0).map(([, duration]) => duration);
  const { settings, width, done, total, outcome } = result;
  return {
    ms,
    stall,
    tasks,
    workers: navigator.hardwareConcurrency,
    settings: { inits: settings.inits.length, depths: settings.depths.length, seeds: settings.seeds, steps: settings.steps, width },
    done,
    total,
    outcome,
  };
}

/** One browser launch: open the page, run the default sweep. */
async function launch(executablePath, index) {
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, reducedMotion: "reduce" });
    page.on("pageerror", (err) => console.error(`  page error: ${err.message}`));
    await page.addInitScript(instrument);
    await page.goto(`${BASE}/#preset=compare&views=depth`);
    await page.evaluate(() => window.initlab.ready);
    const result = await page.evaluate(sweep);
    if (JSON.stringify(result.settings) !== JSON.stringify(EXPECTED)) {
      throw new Error(`the default sweep is ${JSON.stringify(result.settings)}, not ${JSON.stringify(EXPECTED)}`);
    }
    if (result.done !== result.total || !result.outcome?.seconds)
      throw new Error(`the sweep did not finish: ${JSON.stringify(result.outcome)}`);
    const longest = Math.max(0, ...result.tasks);
    const over = result.tasks.filter((d) => d > LONG_TASK_MS).length;
    console.log(
      `launch ${index + 1}/${LAUNCHES} (Chromium ${browser.version()}, ${result.workers} workers): ${result.total} networks in` +
        ` ${(result.ms / 1000).toFixed(2)} s; longest main-thread stall ${result.stall.toFixed(0)} ms; long tasks: longest` +
        ` ${longest.toFixed(0)} ms, ${over} over ${LONG_TASK_MS} ms`,
    );
    return {
      chromium: browser.version(),
      seconds: result.ms / 1000,
      stall: result.stall,
      longest,
      over,
      workers: result.workers,
      total: result.total,
    };
  } finally {
    await browser.close();
  }
}

/** Markdown table: median over launches and the worst launch, against the targets. */
function table(launches) {
  const of = (f) => launches.map(f);
  const max = (v) => Math.max(...v);
  const verdict = (ok) => (ok ? "met" : "MISSED");
  const rows = [
    [
      "default sweep, start to end (s)",
      median(of((l) => l.seconds)).toFixed(2),
      max(of((l) => l.seconds)).toFixed(2),
      `< ${SWEEP_S}: ${verdict(max(of((l) => l.seconds)) < SWEEP_S)}`,
    ],
    [
      "longest main-thread stall during the sweep: timer gap, task + up to 4 ms (ms)",
      median(of((l) => l.stall)).toFixed(0),
      max(of((l) => l.stall)).toFixed(0),
      `<= ${LONG_TASK_MS}: ${verdict(max(of((l) => l.stall)) <= LONG_TASK_MS)}`,
    ],
    [
      "longest long task during the sweep, 0 for none over 50 ms (ms)",
      median(of((l) => l.longest)).toFixed(0),
      max(of((l) => l.longest)).toFixed(0),
      `<= ${LONG_TASK_MS}: ${verdict(max(of((l) => l.longest)) <= LONG_TASK_MS)}`,
    ],
    [
      "tasks over 50 ms during the sweep",
      median(of((l) => l.over)).toFixed(0),
      max(of((l) => l.over)).toFixed(0),
      `0: ${verdict(max(of((l) => l.over)) === 0)}`,
    ],
  ];
  const head = ["measure", "median", "worst launch", "target"];
  return [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

/** The machine, as the README quotes it. */
function machine() {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? "?";
  return `${cpus().length} cores (nproc), ${model}, ${process.arch}`;
}

const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

async function main() {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(MISSING_CHROMIUM);
  const loadBefore = loadavg();
  const server = staticServer(WWW);
  await new Promise((ok, fail) => {
    server.on("error", (err) => fail(new Error(`cannot serve on ${BASE}: ${err.message}`)));
    server.listen(PORT, "127.0.0.1", ok);
  });
  const launches = [];
  try {
    for (let i = 0; i < LAUNCHES; i++) launches.push(await launch(executablePath, i));
  } finally {
    server.close();
  }
  const [first] = launches;
  console.log(
    [
      "",
      `Machine: ${machine()}; Chromium ${first.chromium} headless; /proc/loadavg ${loadBefore} before, ${loadavg()} after.`,
      `${LAUNCHES} launches; each runs the default depth sweep of the \`compare\` preset's setup (${first.total} networks:` +
        ` ${EXPECTED.inits} initializations x ${EXPECTED.depths} depths x ${EXPECTED.seeds} seeds, ${EXPECTED.steps} steps,` +
        ` width ${EXPECTED.width}) in ${first.workers} workers.`,
      "",
      table(launches),
    ].join("\n"),
  );
}

main().catch((err) => {
  console.error(`sweep-bench: ${err.message}`);
  process.exit(1);
});
