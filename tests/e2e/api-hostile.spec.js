// The JS API in Chromium, under thousands of random and hostile arguments (seeded, so a failure
// replays): every refusal is an Error with a `field`, never a WebAssembly.RuntimeError or a
// string, and the module and a trainer keep working afterwards. tests/wasm_hostile.rs does the
// same from Rust in Node; this is the browser's engine and the page's own module instance.

import { expect, test } from "@playwright/test";
import { openLab } from "./lab.js";

const CALLS = 4000;

test(`${CALLS} random and hostile JS API calls give Errors naming a field, and nothing breaks`, async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const lab = await openLab(page, baseURL);
  const outcome = await page.evaluate(async (calls) => {
    const api = await import("./pkg/initlab.js");
    // The script generators and the cards are in the full build, which the page loads on demand.
    const full = await (await import("./full-core.js")).loadFull();
    // mulberry32: a small seeded generator, so every run tries the same arguments.
    let state = 0x1a2b3c4d;
    const random = () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = (list) => list[Math.floor(random() * list.length)];
    const cyclic = {};
    cyclic.self = cyclic;
    const throwing = new Proxy(
      {},
      {
        get: () => {
          throw new Error("a hostile getter");
        },
      },
    );
    const schemes = api.schemes().map((s) => s.id);
    const numbers = [
      0,
      -0,
      1,
      2,
      -1,
      0.5,
      3.7,
      1e-300,
      1e308,
      -1e308,
      NaN,
      Infinity,
      -Infinity,
      2 ** 31,
      2 ** 32,
      2 ** 53,
      2 ** 53 + 2,
      511,
      512,
      513,
      10000,
      10001,
    ];
    const strings = [
      "",
      " ",
      "he_normal",
      "zeros",
      "<script>alert(1)</script>",
      "javascript:alert(1)",
      "\u0000",
      "\u202e",
      "x".repeat(100_000),
      "1",
      "NaN",
      "__proto__",
      "constructor",
    ];
    const others = [undefined, null, true, false, {}, [], [[]], [1, 2], cyclic, throwing, () => 1, Symbol("s"), 10n, new Float32Array(4)];
    const any = () => pick([...numbers, ...strings, ...others, ...schemes]);
    const configKeys = [
      "hidden",
      "dataset",
      "samples",
      "noise",
      "testFraction",
      "activation",
      "init",
      "initOptions",
      "biasInit",
      "biasInitOptions",
      "loss",
      "optimizer",
      "learningRate",
      "batchSize",
      "seed",
      "dataSeed",
      "__proto__",
      "extra",
    ];
    const config = () => {
      const c = { hidden: pick([[2], [3, 3], [], any(), [any()], Array(40).fill(8)]) };
      for (let k = Math.floor(random() * 4); k > 0; k--)
        c[pick(configKeys)] = pick([any(), { stddev: any(), value: any(), scale: any(), mode: any() }]);
      return c;
    };
    const trainer = new api.Trainer({ hidden: [3, 3], dataset: "xor", seed: 5 });
    const attempts = [
      () => new api.Trainer(pick([config(), any()])),
      () => api.initWeights(pick([...schemes, any()]), any(), any(), any(), pick([undefined, any(), { stddev: any() }])),
      () => api.theoreticalVariance(pick([...schemes, any()]), any(), any(), pick([undefined, any(), { scale: any(), mode: any() }])),
      () => full.kerasCode(pick([config(), any()]), pick([undefined, any(), { mode: any(), steps: any() }])),
      () => full.pytorchCode(pick([config(), any()]), pick([undefined, any(), { mode: any(), steps: any() }])),
      () => trainer.step(any()),
      () => trainer.lossHistory(any()),
      () => trainer.weights(any()),
      () => trainer.biases(any()),
      () => trainer.similarity(any()),
      () => trainer.decisionBoundary(any()),
      () => api.loadCustomData(pick([any(), { featureNames: any(), labelName: any(), classNames: any(), x: any(), y: any() }])),
      () => full.paperChecks(pick(["glorot2010", "pennington2017", "he2015", any()]), pick([any(), [any()], [any(), any()]])),
      () => full.paperCell(pick(["he2015", any()]), any(), any()),
    ];
    const kinds = {};
    const bad = [];
    for (let i = 0; i < calls; i++) {
      const k = Math.floor(random() * attempts.length);
      try {
        const value = attempts[k]();
        if (k === 0) value.free();
        kinds.ok = (kinds.ok ?? 0) + 1;
      } catch (error) {
        const kind =
          error instanceof WebAssembly.RuntimeError
            ? "RuntimeError"
            : error instanceof Error && typeof error.field === "string" && error.field !== ""
              ? "field"
              : "other";
        kinds[kind] = (kinds[kind] ?? 0) + 1;
        if (kind !== "field" && bad.length < 5) bad.push(`attempt ${k}: ${String(error?.message ?? error).slice(0, 200)}`);
      }
    }
    // Afterwards the module and the trainer still work.
    const before = trainer.steps;
    const report = trainer.step(20);
    const fresh = new api.Trainer({ hidden: [4], dataset: "circle" });
    const freshReport = fresh.step(10);
    return { kinds, bad, trained: report.step - before, freshStep: freshReport.step, panic: api.lastPanic(), fullPanic: full.lastPanic() };
  }, CALLS);
  expect(outcome.bad).toEqual([]);
  expect(outcome.kinds.RuntimeError ?? 0).toBe(0);
  expect(outcome.kinds.other ?? 0).toBe(0);
  // Most calls are refused, and each refusal names its field; some are accepted.
  expect(outcome.kinds.field).toBeGreaterThan(CALLS / 2);
  expect(outcome.kinds.ok).toBeGreaterThan(0);
  expect(outcome.trained).toBeGreaterThan(0);
  expect(outcome.freshStep).toBe(10);
  expect(outcome.panic).toBeNull();
  expect(outcome.fullPanic).toBeNull();
  await lab.check();
});
