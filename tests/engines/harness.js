// The cross-engine suite's harness: one browser of $ENGINE (chromium, firefox or webkit; see
// tools/engines.mjs) per test file, driven through W3C WebDriver, and the page served from www/
// under its Content-Security-Policy header, with every violation reported back to the server.
// Each test file runs `node --test` once per engine (tools/run-tests.sh).

import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before } from "node:test";
import { ENGINES, missing } from "../../tools/engines.mjs";
import { PAGE_CSP, staticServer } from "../../tools/serve.mjs";
import { Session } from "../../tools/webdriver.mjs";

/** The engine this run drives. */
export const ENGINE = process.env.ENGINE;
if (!ENGINES[ENGINE]) throw new Error(`ENGINE must be one of ${Object.keys(ENGINES).join(", ")} (got ${ENGINE})`);

const ROOT = resolve(import.meta.dirname, "..", "..");

/** Where this engine's screenshots go: test-results/engines/<engine>/. */
export const SHOTS = join(ROOT, "test-results", "engines", ENGINE);
mkdirSync(SHOTS, { recursive: true });

/** Opens a browser of this engine with a 1280 x 900 viewport (wasm SIMD off if `simd` is false). */
async function openBrowser({ simd = true } = {}) {
  const gaps = missing(ENGINE);
  if (gaps.length > 0) {
    throw new Error(
      `${ENGINE} needs ${gaps.map(([program, pkg]) => `${program} (${pkg})`).join(", ")}: run make test as root, or install them`,
    );
  }
  const browser = await Session.open(ENGINES[ENGINE].session({ simd }));
  await browser.setViewport(1280, 900);
  return browser;
}

/**
 * The page served from www/ on a free port, under the page's CSP header with violations
 * reported: {base, reports}, `reports` the violation reports received so far.
 */
async function serveWww() {
  const reports = [];
  const server = staticServer(join(ROOT, "www"), { csp: PAGE_CSP, onCspReport: (report) => reports.push(report) });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    reports,
    close: () => new Promise((done) => server.close(done)),
  };
}

/**
 * Sets up a test file: before its tests, a browser and the served page; after them, both
 * closed. Returns an object whose `browser` and `server` are set once the tests run.
 */
export function useLab(options = {}) {
  const lab = {};
  before(async () => {
    lab.server = await serveWww();
    lab.browser = await openBrowser(options);
  });
  after(async () => {
    await lab.browser?.close();
    await lab.server?.close();
  });
  return lab;
}

/**
 * Records, in `window` and in every same-origin frame's window, the uncaught errors,
 * unhandled rejections, console.error calls and CSP violations from now on (WebKitWebDriver
 * has no BiDi to report the console, so the page's own events are the one way all three
 * engines share). Runs in the page.
 */
function recordErrors() {
  const windows = [window, ...[...document.querySelectorAll("iframe")].map((f) => f.contentWindow)];
  for (const w of windows) {
    if (!w || w.__engineErrors) continue;
    const errors = [];
    w.__engineErrors = errors;
    w.addEventListener("error", (e) => errors.push(`uncaught: ${e.message}`));
    w.addEventListener("unhandledrejection", (e) => errors.push(`unhandled rejection: ${e.reason}`));
    w.document.addEventListener("securitypolicyviolation", (e) => errors.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
    const original = w.console.error;
    w.console.error = (...args) => {
      errors.push(`console.error: ${args.join(" ")}`);
      original.apply(w.console, args);
    };
  }
  return true;
}

/** Opens `path` of the served page, starts recording errors and waits for initlab.ready. */
export async function openLab(lab, path = "/") {
  // A URL that differs only in its hash would not load the page again.
  await lab.browser.goto("about:blank");
  await lab.browser.goto(new URL(path, lab.server.base).href);
  await lab.browser.run(recordErrors);
  await lab.browser.waitFor(() => window.initlab?.ready && document.querySelector("#play").textContent !== "Loading…");
  await lab.browser.run(() => window.initlab.ready);
}

/** Waits for every iframe of the page to be ready, and records their errors too. */
export async function framesReady(lab) {
  await lab.browser.waitFor(() => {
    const frames = [...document.querySelectorAll("iframe")].map((f) => f.contentWindow);
    return frames.length > 0 && frames.every((w) => w.initlab?.ready && w.document.readyState === "complete");
  });
  await lab.browser.run(recordErrors);
  await lab.browser.run(() => Promise.all([...document.querySelectorAll("iframe")].map((f) => f.contentWindow.initlab.ready)));
}

/**
 * What went wrong so far: the recorded errors of the page and its frames, the error box's
 * text if shown, and the CSP violations the server received. All empty when all is well.
 */
export async function problems(lab) {
  const page = await lab.browser.run(() => {
    const windows = [window, ...[...document.querySelectorAll("iframe")].map((f) => f.contentWindow)];
    return {
      errors: windows.flatMap((w) => w.__engineErrors ?? []),
      fatal: windows
        .map((w) => w.document.getElementById("fatal"))
        .filter((box) => box && !box.hidden)
        .map((box) => box.textContent),
    };
  });
  return { ...page, reports: [...lab.server.reports] };
}

/**
 * What the page found out about the browser and loaded: wasm SIMD and module workers as
 * features.js detects them, whether the SIMD core really compiles here, the .wasm files
 * fetched, and the browser notice's text ("" while hidden).
 */
export function probeFeatures(lab) {
  return lab.browser.run(async () => {
    const wasm = performance
      .getEntriesByType("resource")
      .map((e) => new URL(e.name).pathname)
      .filter((p) => p.endsWith(".wasm"));
    const features = await import(new URL("./features.js", location.href).href);
    const bytes = await (await fetch("./pkg/initlab_bg.wasm")).arrayBuffer();
    const compiles = await WebAssembly.compile(bytes).then(
      () => true,
      () => false,
    );
    const notice = document.getElementById("browser-notice");
    return {
      simd: features.hasWasmSimd(),
      compiles,
      moduleWorkers: features.hasModuleWorkers(),
      wasm,
      notice: notice.hidden ? "" : notice.textContent,
    };
  });
}

/** The empty result of problems(). */
export const NO_PROBLEMS = { errors: [], fatal: [], reports: [] };

const PIN = readFileSync(join(ROOT, "tests", "pin", "mod.rs"), "utf8");
/** The pinned run of tests/pin/mod.rs: its config, steps and the native build's fingerprint. */
export const PINNED = {
  config: JSON.parse(PIN.match(/pub const CONFIG: &str = r#"(.*)"#;/)[1]),
  steps: Number(PIN.match(/pub const STEPS: u32 = ([\d_]+);/)[1].replaceAll("_", "")),
  expected: PIN.match(/pub const EXPECTED: u64 = ([\d_]+);/)[1].replaceAll("_", ""),
};

/**
 * Trains the pinned run in the page with the core's wasm file `wasm` (relative to the page)
 * and returns its fingerprint: FNV-1a over the bits of every step's loss, then every layer's
 * weights and biases, as tests/pin/mod.rs computes it natively.
 */
export function pinnedFingerprint(lab, wasm) {
  return lab.browser.run(
    async (config, steps, wasm) => {
      const core = await import(new URL("./pkg/initlab.js", location.href).href);
      await core.default({ module_or_path: new URL(wasm, location.href) });
      const trainer = new core.Trainer(config);
      trainer.step(steps);
      const arrays = [trainer.lossHistory().mean];
      for (let l = 0; l < trainer.sizes().length - 1; l++) arrays.push(trainer.weights(l), trainer.biases(l));
      trainer.free();
      let hash = 0xcbf29ce484222325n;
      for (const values of arrays) {
        for (const byte of new Uint8Array(new Float32Array(values).buffer)) {
          hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
        }
      }
      return hash.toString();
    },
    PINNED.config,
    PINNED.steps,
    wasm,
  );
}
