// The first page, end to end: He + ReLU learns `circle` in 300 steps, the loss chart and the
// decision boundary are really drawn, a bad value shows the core's error next to its control
// without breaking the run, the presets come from the core, and the page fits a phone. Every
// test checks that nothing left the page's origin and saves a screenshot under test-results/.

import { expect, test } from "@playwright/test";
import { openLab } from "./lab.js";

const HE_RELU_CIRCLE = {
  dataset: "circle",
  hidden: [8, 8],
  activation: "relu",
  init: "he_normal",
  optimizer: "sgd",
  learningRate: 0.1,
};

test.use({ viewport: { width: 1280, height: 800 } });

/** Pixels of a canvas close to `rgb` (within `tolerance` per channel), and distinct colours seen. */
function canvasPixels(page, selector, rgb, tolerance = 40) {
  return page.evaluate(
    ([selector, rgb, tolerance]) => {
      const canvas = document.querySelector(selector);
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      let matching = 0;
      const colours = new Set();
      for (let i = 0; i < data.length; i += 4) {
        colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        if (rgb && [0, 1, 2].every((c) => Math.abs(data[i + c] - rgb[c]) <= tolerance)) matching++;
      }
      return { matching, colours: colours.size, pixels: data.length / 4 };
    },
    [selector, rgb, tolerance],
  );
}

/** The CSS colour `--name` of the page as [r, g, b], as the page's colour scheme resolves it. */
function cssRgb(page, name) {
  return page.evaluate((name) => {
    const probe = document.createElement("span");
    probe.style.color = `var(--${name})`;
    document.body.append(probe);
    const rgb = getComputedStyle(probe).color.match(/\d+/g).slice(0, 3).map(Number);
    probe.remove();
    return rgb;
  }, name);
}

test("He + ReLU on circle: the loss falls and the chart and the boundary are drawn", async ({ page, baseURL }) => {
  const { outside, errors } = await openLab(page, baseURL);
  await page.evaluate((config) => window.initlab.setConfig(config), HE_RELU_CIRCLE);
  await page.evaluate(() => window.initlab.showViews(["loss", "boundary"]));

  const [first] = await page.evaluate(() => window.initlab.train(1));
  const [last] = await page.evaluate(() => window.initlab.train(300));
  expect(first).toMatchObject({ init: "he_normal", activation: "relu", step: 1, diverged: false });
  expect(last.step).toBe(301);
  expect(last.diverged).toBe(false);
  expect(last.loss).toBeLessThan(first.loss / 2);
  expect(last.trainLoss).toBeLessThan(first.trainLoss / 2);
  expect(last.testAccuracy).toBeGreaterThan(0.9);
  expect(last.distinctNeurons).toEqual([8, 8]);
  expect(last.gradientNorms).toHaveLength(3);
  for (const norm of last.gradientNorms) expect(norm).toBeGreaterThan(0);

  // The chart shows the same numbers: one point per step, falling by half or more.
  const [curve] = await page.evaluate(() => window.initlab.lossCurves());
  expect(curve.steps).toHaveLength(301);
  expect(curve.loss[0]).toBeCloseTo(first.loss, 5);
  expect(curve.loss.at(-1)).toBeCloseTo(last.loss, 5);
  expect(curve.loss.at(-1)).toBeLessThan(curve.loss[0] / 2);

  // The curve is on the chart's canvas in the run's colour, and the boundary is a real picture:
  // a tinted background (many colours) with points of both classes on it.
  const curvePixels = await canvasPixels(page, "#view-loss .loss-chart canvas", await cssRgb(page, "run-0"));
  expect(curvePixels.matching).toBeGreaterThan(200);
  const boundary = await canvasPixels(page, "#view-boundary canvas.boundary", await cssRgb(page, "class-1"), 30);
  expect(boundary.colours).toBeGreaterThan(100);
  expect(boundary.matching).toBeGreaterThan(500);
  await expect(page.locator("#step-count")).toHaveText("301");

  await page.screenshot({ path: test.info().outputPath("train-he-relu-circle.png"), fullPage: true });
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
});

test("a bad learning rate shows the core's error next to it and the run keeps working", async ({ page, baseURL }) => {
  const { outside, errors } = await openLab(page, baseURL);
  await page.evaluate((config) => window.initlab.setConfig(config), HE_RELU_CIRCLE);
  await page.evaluate(() => window.initlab.train(50));

  const field = page.getByLabel("Learning rate", { exact: true });
  await field.fill("50");
  await field.press("Enter");
  const error = page.locator("#err-learningRate");
  await expect(error).toBeVisible();
  // In the panel's words: the control's label and the range, not the config key.
  await expect(error).toHaveText("Learning rate must be a number above 0 and at most 10 (you wrote 50)");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await page.screenshot({ path: test.info().outputPath("bad-learning-rate.png"), fullPage: true });

  // The last good state stays: same run, same step, same learning rate, and it trains on.
  const [kept] = await page.evaluate(() => window.initlab.runs());
  expect(kept.step).toBe(50);
  expect(kept.config.learningRate).toBeCloseTo(0.1, 6);
  const [trained] = await page.evaluate(() => window.initlab.train(50));
  expect(trained.step).toBe(100);
  expect(Number.isFinite(trained.loss)).toBe(true);

  // A good value, with a decimal comma, clears the error and restarts the run with it.
  await field.fill("0,05");
  await field.press("Enter");
  await expect(error).toBeHidden();
  await expect.poll(() => page.evaluate(() => window.initlab.runs()[0].config.learningRate)).toBeCloseTo(0.05, 6);

  // An empty Hidden layers field is an error, not a silent logistic regression; "none" is one.
  const layers = page.getByLabel("Hidden layers", { exact: true });
  await layers.fill("");
  await layers.press("Enter");
  await expect(page.locator("#err-hidden")).toContainText("Hidden layers must be widths");
  expect(await page.evaluate(() => window.initlab.runs()[0].config.hidden)).toEqual([8, 8]);
  await layers.fill("none");
  await layers.press("Enter");
  await expect.poll(() => page.evaluate(() => window.initlab.runs()[0].config.hidden)).toEqual([]);
  await expect(layers).toHaveValue("none");
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
});

test("a bad init option shows the core's error next to its own control", async ({ page, baseURL }) => {
  const { outside, errors } = await openLab(page, baseURL);
  await page.evaluate(() => window.initlab.setConfig({ hidden: [8], init: "random_normal" }));
  const stddev = page.locator("#ctl-init-stddev");
  await stddev.fill("-1");
  await stddev.press("Enter");
  // The core's error says initOptions.stddev; the page finds the control by its key and option
  // and names it as the panel does.
  const error = page.locator("#err-init-stddev");
  await expect(error).toBeVisible();
  await expect(error).toHaveText("The option stddev must be finite and above 0 and at most 100 (you wrote -1)");
  await expect(stddev).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#err-general")).toBeHidden();
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
});

test("presets come from the core; choosing one loads its runs and shows its sentence", async ({ page, baseURL }) => {
  const { outside, errors } = await openLab(page, baseURL);
  const [presets, papers] = await page.evaluate(async () => {
    const core = await import("./pkg/initlab.js");
    return [core.presets(), core.paperPresets()];
  });
  const buttons = page.locator("#presets button");
  await expect(buttons).toHaveText([...presets, ...papers].map((p) => p.label));

  const compare = presets.find((p) => p.id === "compare");
  await page.evaluate(() => window.initlab.loadPreset("compare"));
  await expect(page.locator("#look-for-text")).toHaveText(compare.lookFor);
  const runs = await page.evaluate(() => window.initlab.runs());
  expect(runs.map((r) => r.init)).toEqual(compare.runs.map((c) => c.init));
  await expect(page.locator("#view-loss table.results tbody tr")).toHaveCount(compare.runs.length);
  await expect(page.locator("#view-loss .legend button")).toHaveCount(compare.runs.length);

  const zeros = presets.find((p) => p.id === "zero-relu");
  await page.getByRole("button", { name: zeros.label, exact: true }).click();
  await expect(page.locator("#look-for-text")).toHaveText(zeros.lookFor);
  await expect(page.getByRole("button", { name: zeros.label, exact: true })).toHaveAttribute("aria-pressed", "true");
  await page.evaluate(() => window.initlab.train(200));
  const [zero] = await page.evaluate(() => window.initlab.runs());
  expect(zero.distinctNeurons.every((n) => n === 1)).toBe(true);
  await page.screenshot({ path: test.info().outputPath("preset-zero-relu.png"), fullPage: true });
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test("the page is one column that fits 375 px", async ({ page, baseURL }) => {
    const { outside, errors } = await openLab(page, baseURL);
    await page.evaluate((config) => window.initlab.setConfig(config), HE_RELU_CIRCLE);
    await page.evaluate(() => window.initlab.train(300));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    const chart = await page.locator("#view-loss .loss-chart canvas").boundingBox();
    expect(chart.width).toBeGreaterThan(300);
    await page.screenshot({ path: test.info().outputPath("train-375.png"), fullPage: true });
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
  });
});
