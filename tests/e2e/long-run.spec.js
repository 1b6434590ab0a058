// A long run stays small on the page: past the core's history limit each loss point covers
// several steps, the chart keeps a bounded number of points, and the curve still ends at the
// run's last step with its last losses.

import { expect, test } from "@playwright/test";
import { openLab } from "./lab.js";

const STEPS = 1_000_000;

test(`${STEPS.toLocaleString("en")} steps keep the loss history and the chart bounded`, async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const lab = await openLab(page, baseURL);
  await page.evaluate(async () => {
    await window.initlab.loadPreset("he-relu");
    await window.initlab.setConfig({ dataset: "circle", hidden: [8, 8] }); // small, so fast
    window.initlab.showViews(["loss"]);
  });
  const [run] = await page.evaluate((steps) => window.initlab.train(steps), STEPS);
  expect(run.step).toBe(STEPS);
  const { maxHistoryPoints } = await page.evaluate(async () => (await import("./pkg/initlab.js")).limits());

  // The page holds the core's decimated history: at most maxHistoryPoints points, each covering
  // a power-of-two number of steps, together exactly the steps trained.
  expect(run.lossHistory.points).toBeLessThanOrEqual(maxHistoryPoints);
  expect(run.lossHistory.points).toBeGreaterThan(maxHistoryPoints / 2);
  expect(Math.log2(run.lossHistory.stride) % 1).toBe(0);
  expect(Math.ceil(STEPS / run.lossHistory.stride)).toBe(run.lossHistory.points);

  const [curve] = await page.evaluate(() => window.initlab.lossCurves());
  expect(curve.steps.length).toBeLessThanOrEqual(500);
  expect(curve.steps.at(-1)).toBe(STEPS);
  expect(curve.loss.every((loss) => Number.isFinite(loss) && loss > 0)).toBe(true);
  // He + ReLU on circle has long learnt it: the last block's mean loss is small.
  expect(curve.loss.at(-1)).toBeLessThan(0.2);
  await lab.check();
});
