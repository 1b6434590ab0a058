// Every preset, driven through window.initlab, shows what its sentence claims: the same claims
// and thresholds as tests/presets.rs checks natively, read here from the page (runs(), and the
// badges, sentences and tables a student reads). Each test saves a screenshot of the preset's
// page at 1280 px and at 375 px.

import { expect, test } from "@playwright/test";
import { aboutPowerOfTen } from "../../www/format.js";
import { corePresets, hidden, loadPreset, mean, openLab, screenshots, train } from "./lab.js";

test.use({ viewport: { width: 1280, height: 800 }, reducedMotion: "reduce" });

/** Opens the page, loads preset `id` and checks the page shows its sentence and its views. */
async function open(page, baseURL, id) {
  const lab = await openLab(page, baseURL);
  const preset = (await corePresets(page)).find((p) => p.id === id);
  const initial = await loadPreset(page, id);
  await expect(page.locator("#look-for-text")).toHaveText(preset.lookFor);
  expect(await page.evaluate(() => window.initlab.views())).toEqual(preset.views);
  for (const view of preset.views) await expect(page.locator(`#view-${view}`)).toBeVisible();
  expect(initial.map((r) => r.init)).toEqual(preset.runs.map((c) => c.init));
  return { lab, preset, initial };
}

/** The share of the majority class in the test set of `config`, computed by the core. */
function majorityShare(page, config) {
  return page.evaluate(async (config) => {
    const { Trainer } = await import("./pkg/initlab.js");
    const trainer = new Trainer(config);
    const y = trainer.data().testY;
    trainer.free();
    const ones = y.filter((c) => c === 1).length;
    return Math.max(ones, y.length - ones) / y.length;
  }, config);
}

test("zero-sigmoid: every layer acts as one neuron, yet the loss falls", async ({ page, baseURL }, testInfo) => {
  const { lab, initial } = await open(page, baseURL, "zero-sigmoid");
  const [run] = await train(page, 500);
  expect(run.distinctNeurons).toEqual([1, 1]);
  expect(run.trainLoss).toBeLessThan(initial[0].trainLoss - 0.1);
  await expect(page.locator("#view-symmetry .badge-value")).toHaveText(["1 of 8", "1 of 8"]);
  await screenshots(page, testInfo, "preset-zero-sigmoid");
  await lab.check();
});

for (const id of ["zero-relu", "zero-tanh"]) {
  test(`${id}: hidden weights stay zero and the net is no better than a linear model`, async ({ page, baseURL }, testInfo) => {
    const { lab } = await open(page, baseURL, id);
    const [run] = await train(page, 500);
    expect(hidden(run.weightMeans)).toEqual([0, 0]);
    expect(hidden(run.weightVariances)).toEqual([0, 0]);
    expect(run.testAccuracy).toBeLessThanOrEqual((await majorityShare(page, run.config)) + 0.02);
    await expect(page.locator("#view-symmetry .badge-value")).toHaveText(["1 of 8", "1 of 8"]);
    await expect(page.locator("#view-symmetry .matrices figcaption").first()).toHaveText("every weight is 0");
    await screenshots(page, testInfo, `preset-${id}`);
    await lab.check();
  });
}

test("constant: equal non-zero weights keep 1 distinct neuron per layer", async ({ page, baseURL }, testInfo) => {
  const { lab } = await open(page, baseURL, "constant");
  const [run] = await train(page, 500);
  expect(run.distinctNeurons).toEqual([1, 1]);
  await expect(page.locator("#view-symmetry .badge-value")).toHaveText(["1 of 8", "1 of 8"]);
  await expect(page.locator("#view-symmetry .badge").first()).toHaveClass(/alert/);
  await screenshots(page, testInfo, "preset-constant");
  await lab.check();
});

test("uniform01: tanh units saturate and the loss barely falls", async ({ page, baseURL }, testInfo) => {
  const { lab, initial } = await open(page, baseURL, "uniform01");
  expect(mean(hidden(initial[0].saturatedFractions))).toBeGreaterThan(0.5);
  const [run] = await train(page, 1000);
  expect(mean(hidden(run.saturatedFractions))).toBeGreaterThan(0.5);
  expect(run.trainLoss).toBeGreaterThan(0.6);
  await expect(page.locator("#view-layers .sentences li")).toContainText(/\d+\.\d % of the hidden tanh outputs are saturated/);
  await screenshots(page, testInfo, "preset-uniform01");
  await lab.check();
});

test("small-sigmoid: the first layer gets a millionth of the last hidden layer's gradient or less", async ({ page, baseURL }, testInfo) => {
  const { lab, initial } = await open(page, baseURL, "small-sigmoid");
  const norms = hidden(initial[0].gradientNorms);
  expect(norms[0] * 1e6).toBeLessThanOrEqual(norms.at(-1));
  // The sentence says it in a power of ten, computed from the same numbers.
  const ratio = aboutPowerOfTen(norms[0] / norms.at(-1));
  await expect(page.locator("#view-layers .sentences li")).toContainText(
    `Vanishing: layer 1 gets ${ratio} of layer ${norms.length}'s gradient.`,
  );
  const [run] = await train(page, 1000);
  expect(run.trainLoss).toBeGreaterThan(0.68);
  await screenshots(page, testInfo, "preset-small-sigmoid");
  await lab.check();
});

test("small-tanh: activations shrink layer by layer and every gradient vanishes", async ({ page, baseURL }, testInfo) => {
  const { lab, initial } = await open(page, baseURL, "small-tanh");
  const stds = hidden(initial[0].activationStds);
  expect(stds.at(-1)).toBeLessThan(1e-6 * stds[0]);
  for (const norm of initial[0].gradientNorms) expect(norm).toBeLessThan(1e-6);
  const sentence = page.locator("#view-layers .sentences li");
  await expect(sentence).toContainText("Activations shrink layer by layer");
  await expect(sentence).toContainText("Even the largest gradient norm is about 10⁻");
  await train(page, 300);
  await screenshots(page, testInfo, "preset-small-tanh");
  await lab.check();
});

test("small-relu: small weights plateau while He learns", async ({ page, baseURL }, testInfo) => {
  const { lab } = await open(page, baseURL, "small-relu");
  const [small, he] = await train(page, 1500);
  expect(small.trainLoss).toBeGreaterThan(0.6);
  expect(he.trainLoss).toBeLessThan(0.1);
  expect(small.stepsToTarget).toBeNull();
  expect(he.stepsToTarget).toBeGreaterThan(0);
  const rows = page.locator("#view-loss table.results tbody tr");
  await expect(rows.nth(0)).toContainText("not yet");
  await expect(rows.nth(1)).toContainText(he.stepsToTarget.toLocaleString("en-US"));
  await screenshots(page, testInfo, "preset-small-relu");
  await lab.check();
});

test("large-relu: activations grow layer by layer, then the run diverges and the page says so", async ({ page, baseURL }, testInfo) => {
  const { lab, initial } = await open(page, baseURL, "large-relu");
  const stds = hidden(initial[0].activationStds);
  expect(stds.at(-1)).toBeGreaterThan(1e3 * stds[0]);
  await expect(page.locator("#view-layers .sentences li")).toContainText("Activations grow layer by layer");
  const [run] = await train(page, 100);
  expect(run.diverged).toBe(true);
  expect(run.divergedAt).toBeLessThanOrEqual(100);
  await expect(page.locator("#view-loss table.results tbody tr")).toContainText(`diverged (NaN) at step ${run.divergedAt}`);
  await expect(page.locator("#view-layers .sentences li")).toContainText(`Diverged (NaN) at step ${run.divergedAt}`);
  // The curve stops at the divergence: no point after it.
  const [curve] = await page.evaluate(() => window.initlab.lossCurves());
  const last = curve.loss.findLastIndex((v) => v !== null);
  expect(curve.steps[last]).toBeLessThanOrEqual(run.divergedAt);
  await screenshots(page, testInfo, "preset-large-relu");
  await lab.check();
});

test("large-tanh: most tanh units saturate and it learns far slower than Glorot", async ({ page, baseURL }, testInfo) => {
  const { lab, initial } = await open(page, baseURL, "large-tanh");
  expect(mean(hidden(initial[0].saturatedFractions))).toBeGreaterThan(0.5);
  const [large, glorot] = await train(page, 500);
  expect(large.trainLoss).toBeGreaterThan(10 * glorot.trainLoss);
  await screenshots(page, testInfo, "preset-large-tanh");
  await lab.check();
});

for (const [id, lo, hi, family] of [
  ["glorot-tanh", 0.3, 2.0, "glorot"],
  ["he-relu", 0.5, 2.0, "he"],
  ["lecun-selu", 0.7, 1.4, "lecun"],
]) {
  test(`${id}: the notes' scheme keeps the signal and reaches 95 % test accuracy`, async ({ page, baseURL }, testInfo) => {
    const { lab, initial } = await open(page, baseURL, id);
    const stds = hidden(initial[0].activationStds);
    const spread = stds.at(-1) / stds[0];
    expect(spread).toBeGreaterThanOrEqual(lo);
    expect(spread).toBeLessThanOrEqual(hi);
    if (id === "lecun-selu") {
      for (const m of hidden(initial[0].activationMeans)) expect(Math.abs(m)).toBeLessThan(0.3);
      for (const s of stds) {
        expect(s).toBeGreaterThanOrEqual(0.7);
        expect(s).toBeLessThanOrEqual(1.3);
      }
    }
    // The theory view marks the notes' row of this scheme and has one row per layer.
    await expect(page.locator("#notes-table tr.current")).toHaveAttribute("data-prefix", family);
    await expect(page.locator("#view-theory .view-body table.variances tbody tr")).toHaveCount(initial[0].gradientNorms.length);
    const [run] = await train(page, 1000);
    expect(run.testAccuracy).toBeGreaterThanOrEqual(0.95);
    await screenshots(page, testInfo, `preset-${id}`);
    await lab.check();
  });
}

test("compare: only Glorot and He learn the spiral", async ({ page, baseURL }, testInfo) => {
  const { lab } = await open(page, baseURL, "compare");
  const runs = await train(page, 2000);
  for (const run of runs) {
    if (["glorot_normal", "he_normal"].includes(run.init)) {
      expect(run.trainLoss, run.label).toBeLessThan(0.2);
      expect(run.accuracy, run.label).toBeGreaterThan(0.9);
    } else {
      expect(run.diverged || run.trainLoss > 0.6, run.label).toBe(true);
    }
  }
  const rows = page.locator("#view-loss table.results tbody tr");
  await expect(rows).toHaveCount(6);
  for (const [i, run] of runs.entries()) {
    if (run.diverged) await expect(rows.nth(i)).toContainText(`diverged (NaN) at step ${run.divergedAt}`);
  }
  await screenshots(page, testInfo, "preset-compare");
  await lab.check();
});

test("every preset of the core has a test here", async ({ page, baseURL }) => {
  await openLab(page, baseURL);
  const source = await import("node:fs").then((fs) => fs.readFileSync(new URL(import.meta.url), "utf8"));
  for (const preset of await corePresets(page)) expect(source, preset.id).toContain(`"${preset.id}"`);
});
