#!/usr/bin/env node
// The page's responsiveness benchmark (issue 6; `make bench` runs it after tools/bench.mjs):
// serves www/ (tools/serve.mjs's server), opens the real page in headless Chromium
// (tools/find-chromium.mjs; never a Playwright download) LAUNCHES times (default 3), and prints
// a table of the median and the worst launch:
//
// - Load: milliseconds from navigation start to `window.initlab.ready` resolving (an init
//   script notes performance.now(), whose origin is the navigation start), and the bytes the
//   server sent for every file the default page fetched (workers included; before the other
//   views' code is asked for), raw and as gzip -9 of the same files, computed here. Budget: 1 s
//   and 300 KB gzipped.
// - Training: the `compare` preset (six runs in a pool of one worker per core) with every view open trains in
//   the page's own play mode (a click on Train; training.js paces it at PLAY_STEPS_PER_SECOND)
//   for WINDOW_MS. Over that window: per worker, the share of its busy time (worker.js's
//   `busyMs`) that the core spent training (Round.timing.trainMs, trace points included), and
//   the messages it answered per training round and the core calls per run and round
//   (runs()[i].work); the main thread's longest task and the tasks over 50 ms (a `longtask`
//   PerformanceObserver), how often the step counter's text changed per second (a
//   MutationObserver on #step-count), the page's own requestAnimationFrame callbacks per second
//   (its draws) and the frames the browser produced per second (an rAF loop of this script),
//   and the steps per second of each run (initlab.runs() before and after). Targets: no task
//   over 50 ms, at least 30 redraws per second.
//
// A benchmark, not a test: CI never runs it. Speed depends on the machine and its load, which
// the output states (/proc/loadavg before and after).
//
// Usage: node tools/page-bench.mjs
// Env: LAUNCHES (3), WINDOW_MS (5000), PAGE_BENCH_PORT (8126), CHROMIUM (see find-chromium.mjs).

import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium, MISSING_CHROMIUM } from "./find-chromium.mjs";
import { staticServer } from "./serve.mjs";

const WWW = join(dirname(fileURLToPath(import.meta.url)), "..", "www");
const PORT = Number(process.env.PAGE_BENCH_PORT || 8126);
const BASE = `http://127.0.0.1:${PORT}`;
const LAUNCHES = Number(process.env.LAUNCHES || 3);
const WINDOW_MS = Number(process.env.WINDOW_MS || 5000);
/** Play before the window: the rounds settle on their size and the workers' code warms up. */
const SETTLE_MS = Number(process.env.SETTLE_MS || 3000);
/** The issue's budgets and targets. */
const READY_MS = 1000;
const GZIP_KB = 300;
const LONG_TASK_MS = 50;
const REDRAWS_PER_S = 30;
const TRAINING_SHARE = 0.8;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs in the page before its scripts: notes when initlab.ready resolves, every long task, and
 * every frame, and counts the page's own requestAnimationFrame callbacks.
 */
function instrument() {
  const probe = (window.__probe = { longTasks: [], pageFrames: [], frames: [], counter: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) =>
    raf((t) => {
      probe.pageFrames.push(performance.now());
      callback(t);
    });
  const tick = () => {
    probe.frames.push(performance.now());
    raf(tick);
  };
  raf(tick);
  let lab;
  Object.defineProperty(window, "initlab", {
    configurable: true,
    get: () => lab,
    set(value) {
      lab = value;
      value.ready.then(() => (probe.readyAt = performance.now()));
    },
  });
  document.addEventListener("DOMContentLoaded", () => {
    const counter = document.getElementById("step-count");
    new MutationObserver(() => probe.counter.push(performance.now())).observe(counter, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
}

/** Serves www/ on BASE and records the path and byte count of every response sent. */
function serve(sent) {
  const server = staticServer(WWW);
  server.on("request", (req, res) => {
    let bytes = 0;
    const count =
      (write) =>
      (chunk, ...rest) => {
        if (chunk && typeof chunk !== "function") bytes += Buffer.byteLength(chunk);
        return write(chunk, ...rest);
      };
    res.write = count(res.write.bind(res));
    res.end = count(res.end.bind(res));
    res.on("finish", () => sent.push({ path: new URL(req.url, BASE).pathname, status: res.statusCode, bytes }));
  });
  return new Promise((ok, fail) => {
    server.on("error", (err) => fail(new Error(`cannot serve on ${BASE}: ${err.message}`)));
    server.listen(PORT, "127.0.0.1", () => ok(server));
  });
}

/** gzip -9 size of the file served for `path`. */
function gzipped(path) {
  const file = resolve(WWW, `.${path.endsWith("/") ? `${path}index.html` : path}`);
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/**
 * Over the successful responses in `sent`: their count, the bytes sent and the gzip -9 bytes of
 * the same files, over every response (each worker fetches its own scripts) and over distinct
 * files (what a cache that revalidates, as the server asks, would download once).
 */
function downloaded(sent) {
  const ok = sent.filter((r) => r.status === 200);
  const distinct = [...new Map(ok.map((r) => [r.path, r])).values()];
  const sum = (list, f) => list.reduce((total, r) => total + f(r), 0);
  return {
    responses: ok.length,
    files: distinct.length,
    bytes: sum(ok, (r) => r.bytes),
    gzip: sum(ok, (r) => gzipped(r.path)),
    distinctGzip: sum(distinct, (r) => gzipped(r.path)),
    repeated: distinct.map((r) => [r.path, ok.filter((o) => o.path === r.path).length]).filter(([, n]) => n > 1),
    biggest: distinct
      .map((r) => [r.path, gzipped(r.path)])
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3),
  };
}

/** One browser launch: load, then WINDOW_MS of play mode on `compare`. */
async function launch(executablePath, index, sent) {
  sent.length = 0;
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (err) => console.error(`  page error: ${err.message}`));
    await page.addInitScript(instrument);
    await page.goto(`${BASE}/`);
    await page.waitForFunction(() => window.__probe.readyAt !== undefined);
    const readyMs = await page.evaluate(() => window.__probe.readyAt);
    // The page starts playing by itself; loading the preset again pauses it at step 0.
    await page.evaluate(() => window.initlab.loadPreset("compare"));
    await page.waitForFunction(() => document.getElementById("play").textContent === "Train");
    // What the default page downloads, before every view's code is asked for.
    const download = downloaded(sent);
    const views = ["loss", "boundary", "symmetry", "layers", "theory", "network"];
    await page.evaluate((ids) => window.initlab.showViews(ids), views);
    await page.click("#play");
    await page.waitForTimeout(SETTLE_MS); // the rounds settle on their size, the code warms up
    const snapshot = () =>
      page.evaluate(() => [performance.now(), window.initlab.runs().map((r) => r.step), window.initlab.runs().map((r) => r.work)]);
    const before = await snapshot();
    await page.waitForTimeout(WINDOW_MS);
    const after = await snapshot();
    await page.click("#play");
    const probe = await page.evaluate(() => window.__probe);
    const [t0, t1] = [before[0], after[0]];
    const seconds = (t1 - t0) / 1000;
    const inWindow = (times) => times.filter((t) => t >= t0 && t <= t1).length / seconds;
    const tasks = probe.longTasks.filter(([start, duration]) => start + duration >= t0 && start <= t1);
    const result = {
      readyMs,
      ...download,
      views,
      longest: Math.max(0, ...tasks.map(([, d]) => d)),
      over50: tasks.filter(([, d]) => d > LONG_TASK_MS).length,
      loadLongest: Math.max(0, ...probe.longTasks.filter(([s]) => s < readyMs).map(([, d]) => d)),
      counterPerS: inWindow(probe.counter),
      pageFramesPerS: inWindow(probe.pageFrames),
      framesPerS: inWindow(probe.frames),
      // A run that diverged stops training (the `large` init of `compare` does).
      stepsPerS: after[1].flatMap((s, i) => (s > before[1][i] ? [(s - before[1][i]) / seconds] : [])),
      stopped: after[1].filter((s, i) => s === before[1][i]).length,
      // Per worker whose runs trained through the window: what it did per training round (its
      // runs take part in every round together, one message for all of them).
      workers: [...new Set(after[2].map((w) => w.worker.id))].flatMap((id) => {
        const mine = after[2].flatMap((w, i) => (w.worker.id === id && after[1][i] > before[1][i] ? [i] : []));
        if (mine.length === 0) return [];
        const [w, b] = [after[2][mine[0]].worker, before[2][mine[0]].worker];
        if (b.id !== id) return []; // a worker replaced in the window (a crash)
        const sum = (list, key) => mine.reduce((total, i) => total + list[i][key], 0);
        const rounds = Math.max(...mine.map((i) => after[2][i].rounds - before[2][i].rounds));
        const busyMs = w.busyMs - b.busyMs;
        const trainMs = sum(after[2], "trainMs") - sum(before[2], "trainMs");
        const readMs = sum(after[2], "readMs") - sum(before[2], "readMs");
        return [
          {
            runs: mine.length,
            share: trainMs / busyMs,
            readShare: readMs / busyMs,
            messages: (w.messages - b.messages) / rounds,
            calls: (w.calls - b.calls) / rounds / mine.length,
            busyUs: (1000 * busyMs) / rounds,
            trainUs: (1000 * trainMs) / rounds,
          },
        ];
      }),
    };
    console.log(
      `launch ${index + 1}/${LAUNCHES} (Chromium ${browser.version()}): ready ${readyMs.toFixed(0)} ms,` +
        ` ${(result.gzip / 1024).toFixed(1)} KB gzipped; longest task ${result.longest.toFixed(0)} ms,` +
        ` ${result.over50} over 50 ms; counter ${result.counterPerS.toFixed(1)}/s, page rAF` +
        ` ${result.pageFramesPerS.toFixed(1)}/s, frames ${result.framesPerS.toFixed(1)}/s;` +
        ` steps/s ${result.stepsPerS.map((s) => s.toFixed(0)).join(", ")}; training/reading share` +
        ` ${result.workers.map((w) => `${(100 * w.share).toFixed(0)}/${(100 * w.readShare).toFixed(0)}%`).join(", ")};` +
        ` per round, busy/training us ${result.workers.map((w) => `${w.busyUs.toFixed(0)}/${w.trainUs.toFixed(0)}`).join(", ")};` +
        ` runs per worker ${result.workers.map((w) => w.runs).join(", ")}; messages per round and calls per run and round` +
        ` ${result.workers.map((w) => `${w.messages.toFixed(2)}/${w.calls.toFixed(2)}`).join(", ")}`,
    );
    return { chromium: browser.version(), ...result };
  } finally {
    await browser.close();
  }
}

/** Markdown table: median over launches and the worst launch, against the targets. */
function table(launches) {
  const of = (f) => launches.map(f);
  const row = (label, values, digits, worst, target) => [label, median(values).toFixed(digits), worst(values).toFixed(digits), target];
  const max = (v) => Math.max(...v);
  const min = (v) => Math.min(...v);
  const steps = launches.flatMap((l) => l.stepsPerS);
  const verdict = (ok) => (ok ? "met" : "MISSED");
  const rows = [
    row(
      "time to interactive (ms)",
      of((l) => l.readyMs),
      0,
      max,
      `<= ${READY_MS}: ${verdict(max(of((l) => l.readyMs)) <= READY_MS)}`,
    ),
    row(
      "downloaded, as sent (KB)",
      of((l) => l.bytes / 1024),
      1,
      max,
      "",
    ),
    row(
      "downloaded, gzip -9 (KB)",
      of((l) => l.gzip / 1024),
      1,
      max,
      `<= ${GZIP_KB}: ${verdict(max(of((l) => l.gzip)) <= GZIP_KB * 1024)}`,
    ),
    row(
      "distinct files, gzip -9 (KB)",
      of((l) => l.distinctGzip / 1024),
      1,
      max,
      `<= ${GZIP_KB}: ${verdict(max(of((l) => l.distinctGzip)) <= GZIP_KB * 1024)}`,
    ),
    row(
      "longest task while loading (ms)",
      of((l) => l.loadLongest),
      0,
      max,
      "",
    ),
    row(
      "longest task while training (ms)",
      of((l) => l.longest),
      0,
      max,
      `<= ${LONG_TASK_MS}: ${verdict(max(of((l) => l.longest)) <= LONG_TASK_MS)}`,
    ),
    row(
      "tasks over 50 ms while training",
      of((l) => l.over50),
      0,
      max,
      `0: ${verdict(max(of((l) => l.over50)) === 0)}`,
    ),
    row(
      "step counter changes per s",
      of((l) => l.counterPerS),
      1,
      min,
      `>= ${REDRAWS_PER_S}: ${verdict(min(of((l) => l.counterPerS)) >= REDRAWS_PER_S)}`,
    ),
    row(
      "page's rAF callbacks (draws) per s",
      of((l) => l.pageFramesPerS),
      1,
      min,
      `>= ${REDRAWS_PER_S}: ${verdict(min(of((l) => l.pageFramesPerS)) >= REDRAWS_PER_S)}`,
    ),
    row(
      "browser frames per s",
      of((l) => l.framesPerS),
      1,
      min,
      "",
    ),
    row("steps per s per training run", steps, 0, min, ""),
    row(
      "share of a worker's busy time in training steps (%)",
      launches.flatMap((l) => l.workers.map((w) => 100 * w.share)),
      0,
      min,
      `>= ${100 * TRAINING_SHARE}: ${verdict(min(launches.flatMap((l) => l.workers.map((w) => w.share))) >= TRAINING_SHARE)}`,
    ),
    row(
      "messages per round per worker",
      launches.flatMap((l) => l.workers.map((w) => w.messages)),
      2,
      max,
      "1",
    ),
    row(
      "core calls per round per run",
      launches.flatMap((l) => l.workers.map((w) => w.calls)),
      2,
      max,
      "1",
    ),
  ];
  const head = ["measure", "median", "worst launch", "target"];
  return [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

/** The machine and its load, as the README quotes them. */
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
  const sent = [];
  const server = await serve(sent);
  const launches = [];
  try {
    for (let i = 0; i < LAUNCHES; i++) launches.push(await launch(executablePath, i, sent));
  } finally {
    server.close();
  }
  const first = launches[0];
  console.log(
    [
      "",
      `Machine: ${machine()}; Chromium ${first.chromium} headless; /proc/loadavg ${loadBefore}` + ` before, ${loadavg()} after.`,
      `${LAUNCHES} launches; each loads the page (${first.responses} responses, ${first.files}` +
        ` distinct files; largest gzipped: ${first.biggest.map(([p, b]) => `${p} ${(b / 1024).toFixed(1)} KB`).join(", ")};` +
        ` fetched more than once: ${first.repeated.map(([p, n]) => `${p} x${n}`).join(", ") || "none"}),` +
        ` then trains the` +
        ` \`compare\` preset (six runs, ${first.workers.length} workers; views ${first.views.join(", ")}) in play` +
        ` mode for ${WINDOW_MS / 1000} s, measured after ${SETTLE_MS / 1000} s; runs that had stopped (diverged) in the` +
        ` window: ${launches.map((l) => l.stopped).join(", ")}.`,
      "",
      table(launches),
    ].join("\n"),
  );
}

main().catch((err) => {
  console.error(`page-bench: ${err.message}`);
  process.exit(1);
});
