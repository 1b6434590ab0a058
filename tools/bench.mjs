#!/usr/bin/env node
// The browser benchmark's driver (`make bench` builds what it needs first): serves the
// repository root itself (tools/serve.mjs's server), opens bench/index.html in headless Chromium
// (tools/find-chromium.mjs; never a Playwright download) LAUNCHES times (default 3), and prints
// a table: median steps/s of initlab and TensorFlow.js per network, their ratio, and initlab's
// matmul GFLOP/s against the f32x4 matmul ceiling measured in the same page.
//
// The ceiling kernel, timed in every round, is also the canary for other processes taking the
// CPU: a round whose ceiling fell below CLEAN of the launch's best is dropped (load slows
// TensorFlow.js down more than initlab, so keeping such rounds would flatter the ratios).
// Per launch and network, over the rounds kept: each engine's steps/s is the median of its
// rounds; the ratio is the median of initlab / TensorFlow.js within a round, and the share of
// the ceiling the median of initlab's matmul GFLOP/s / the ceiling's, also within a round. The
// table gives the median of each over the launches that kept a round. The raw rounds go to
// target/bench/browser.json.
//
// Usage: node tools/bench.mjs            (or `--report FILE`: the table of a saved browser.json)
// Env: LAUNCHES (3), BENCH_ROUNDS (5 per engine and net), BENCH_ONLY=id,id (see bench/bench.js
// NETS), BENCH_PORT (8125), CHROMIUM (see tools/find-chromium.mjs).

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium, MISSING_CHROMIUM } from "./find-chromium.mjs";
import { staticServer } from "./serve.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PORT = Number(process.env.BENCH_PORT || 8125);
const BASE = `http://127.0.0.1:${PORT}`;
const LAUNCHES = Number(process.env.LAUNCHES || 3);
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(",") : undefined;
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
/** The targets: minimum initlab / TF.js ratio per network. */
const TARGET_RATIO = { "tanh-sgd": 10, "tanh-adam": 10, "digits-sgd": 5, "tiny-sgd": 30, "tanh-sgd-20": 12, "digits-sgd-20": 10 };
/** Share of the launch's best ceiling below which a round counts as disturbed and is dropped. */
const CLEAN = 0.9;
/** Networks whose step FLOP/s should reach this share of the ceiling. */
const TARGET_SHARE = { "tanh-sgd": 0.5, "tanh-adam": 0.5, "digits-sgd": 0.5, "digits-sgd-20": 0.6 };

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Serves the repository root on BASE (local files only: no CDN is ever involved). */
function serve() {
  const server = staticServer(ROOT, { extensionless: true });
  return new Promise((ok, fail) => {
    server.on("error", (err) => fail(new Error(`cannot serve on ${BASE}: ${err.message}`)));
    server.listen(PORT, "127.0.0.1", () => ok(server));
  });
}

/** One browser launch: opens the page, runs the benchmark, returns its results. */
async function launch(executablePath, index) {
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on("console", (msg) => {
      if (["error", "warning"].includes(msg.type())) console.error(`  page: ${msg.text()}`);
    });
    page.on("pageerror", (err) => console.error(`  page error: ${err.message}`));
    await page.goto(`${BASE}/bench/index.html`);
    await page.waitForFunction(() => window.benchmarkReady === true);
    console.log(`launch ${index + 1}/${LAUNCHES} (Chromium ${browser.version()})`);
    const options = { only: ONLY, rounds: ROUNDS };
    const result = await page.evaluate((o) => window.runBenchmark(o), options);
    for (const net of result.nets) {
      const [a, b, c] = [median(net.initlab), median(net.tfjs), median(net.ceiling)];
      console.log(`  ${net.label}: initlab ${a.toFixed(0)}, TF.js ${b.toFixed(0)} steps/s;` + ` ceiling ${c.toFixed(1)} GFLOP/s`);
    }
    return { chromium: browser.version(), ...result };
  } finally {
    await browser.close();
  }
}

/** The machine, as the README quotes it. */
function machine() {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? "?";
  return `${cpus().length} cores (nproc), ${model}, ${process.arch}`;
}

/**
 * One launch's results on one net reduced to its undisturbed rounds (see CLEAN), as
 * `{ours, theirs, ratio, share, ceiling, kept, rounds}`, or null when none was undisturbed.
 */
function summarize(launch, net) {
  const ceilings = [...Object.values(launch.ceiling), ...launch.nets.flatMap((n) => n.ceiling)];
  const best = Math.max(...ceilings);
  const kept = net.ceiling.flatMap((c, r) => (c >= CLEAN * best ? [r] : []));
  if (kept.length === 0) return null;
  const over = (f) => median(kept.map(f));
  return {
    ours: over((r) => net.initlab[r]),
    theirs: over((r) => net.tfjs[r]),
    ratio: over((r) => net.initlab[r] / net.tfjs[r]),
    share: over((r) => (net.initlab[r] * net.flops) / 1e9 / net.ceiling[r]),
    ceiling: over((r) => net.ceiling[r]),
    kept: kept.length,
    rounds: net.ceiling.length,
  };
}

/** Markdown table of the medians over launches. */
function table(launches) {
  const rows = launches[0].nets.map((net, i) => {
    const per = launches.map((l) => summarize(l, l.nets[i])).filter(Boolean);
    const kept = `${per.reduce((a, p) => a + p.kept, 0)}/${net.ceiling.length * launches.length}`;
    if (per.length === 0) return [net.label, ...Array(6).fill("-"), kept, "no clean round"];
    const of = (key) => median(per.map((p) => p[key]));
    const [ours, theirs, ratio, share, ceiling] = ["ours", "theirs", "ratio", "share", "ceiling"].map(of);
    const gflops = (ours * net.flops) / 1e9;
    const target = TARGET_RATIO[net.id];
    const goals = [ratio >= target ? `>= ${target}x: met` : `>= ${target}x: MISSED`];
    const least = TARGET_SHARE[net.id];
    if (least) goals.push(`>= ${100 * least}% of ceiling: ${share >= least ? "met" : "MISSED"}`);
    return [
      net.label,
      ours.toFixed(0),
      theirs.toFixed(0),
      `${ratio.toFixed(1)}x`,
      gflops.toFixed(1),
      ceiling.toFixed(1),
      `${(100 * share).toFixed(0)}%`,
      kept,
      goals.join("; "),
    ];
  });
  const head = [
    "network",
    "initlab steps/s",
    "TF.js-wasm steps/s",
    "ratio",
    "initlab GFLOP/s",
    "ceiling GFLOP/s",
    "of ceiling",
    "rounds kept",
    "targets",
  ];
  const lines = [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`);
  const kernels = Object.keys(launches[0].ceiling)
    .map((k) => `${k} ${median(launches.map((l) => l.ceiling[k])).toFixed(1)}`)
    .join(", ");
  return [
    ...lines,
    "",
    "Ceiling: the fastest f32x4 register-blocked matmul of bench/ceiling (120x128 by 128x96)," +
      ` timed in every round; at the start of each launch, median GFLOP/s per kernel: ${kernels}.` +
      ` Rounds whose ceiling fell below ${100 * CLEAN}% of the launch's best (another process` +
      " had the CPU) are dropped.",
  ].join("\n");
}

/** The summary printed after a run (and by `--report`). */
function summary({ machine, launches }) {
  const { tfjs } = launches[0].env;
  const rounds = launches[0].nets[0].initlab.length;
  return [
    `Machine: ${machine}; Chromium ${launches[0].chromium}; TensorFlow.js ${tfjs.version}` +
      ` (${tfjs.backend}, SIMD ${tfjs.simd}, threads ${tfjs.threads}).`,
    `Medians over ${launches.length} launches of ${rounds} rounds per network (each: initlab and` +
      " TF.js >= 400 ms, the ceiling kernel, in rotating order) after a 1.5 s warm-up per engine;" +
      " one core (the page's main thread).",
    "",
    table(launches),
  ].join("\n");
}

async function main() {
  if (process.argv[2] === "--report") {
    console.log(summary(JSON.parse(readFileSync(process.argv[3], "utf8"))));
    return;
  }
  const executablePath = findChromium();
  if (!executablePath) throw new Error(MISSING_CHROMIUM);
  const server = await serve();
  const launches = [];
  try {
    for (let i = 0; i < LAUNCHES; i++) launches.push(await launch(executablePath, i));
  } finally {
    server.close();
  }
  const results = { machine: machine(), launches };
  console.log(`\n${summary(results)}`);
  mkdirSync(join(ROOT, "target/bench"), { recursive: true });
  writeFileSync(join(ROOT, "target/bench/browser.json"), JSON.stringify(results, null, 2));
}

main().catch((err) => {
  console.error(`bench: ${err.message}`);
  process.exit(1);
});
