// The first screen (issue 12): on a laptop and on a desktop screen, the default link and every
// preset show the loss chart, with curves drawn, without scrolling; on a phone, the chart is on
// the screen once a preset is picked. Each case saves a screenshot.

import { expect, test } from "@playwright/test";
import { corePresets, openLab } from "./lab.js";

/**
 * Where the loss chart (from its legend to the bottom of its plot) lies in the viewport, and how many of its points
 * are drawn: {top, bottom, viewport, scrolled, points}.
 */
function lossChart(page) {
  return page.evaluate(() => {
    const chart = document.querySelector("#view-loss .loss-chart");
    const box = {
      top: chart.querySelector(".legend").getBoundingClientRect().top,
      bottom: chart.querySelector(".chart-holder").getBoundingClientRect().bottom,
    };
    const points = window.initlab.lossCurves().reduce((n, c) => n + c.loss.filter(Number.isFinite).length, 0);
    return { top: box.top, bottom: box.bottom, viewport: innerHeight, scrolled: scrollY, points };
  });
}

/** Waits until the loss chart has drawn curves and lies wholly on the screen; returns where. */
async function expectChartOnScreen(page, what) {
  await expect.poll(async () => (await lossChart(page)).points, { message: `${what}: curves drawn` }).toBeGreaterThanOrEqual(2);
  await expect
    .poll(
      async () => {
        const { top, bottom, viewport } = await lossChart(page);
        return top >= 0 && bottom <= viewport ? "on the screen" : `from ${top} to ${bottom} of ${viewport} px`;
      },
      { message: `${what}: the chart lies on the screen` },
    )
    .toBe("on the screen");
  return lossChart(page);
}

for (const [width, height] of [
  [1366, 768],
  [1920, 1080],
]) {
  test(`at ${width}x${height} the loss chart with its curves is on the first screen, for the default link and every preset`, async ({
    page,
    baseURL,
  }, testInfo) => {
    await page.setViewportSize({ width, height });
    const lab = await openLab(page, baseURL);
    // The first curve appears within a second of the page becoming ready.
    const firstCurveMs = await page.evaluate(async () => {
      const ready = performance.now();
      while (window.initlab.lossCurves().every((c) => c.loss.filter(Number.isFinite).length < 2)) {
        await new Promise(requestAnimationFrame);
      }
      return performance.now() - ready;
    });
    expect(firstCurveMs, "ms from ready to the first curve").toBeLessThan(1000);
    expect((await expectChartOnScreen(page, "default link")).scrolled).toBe(0);
    await page.screenshot({ path: testInfo.outputPath(`default-${width}.png`) });
    for (const preset of await corePresets(page)) {
      await page.getByRole("button", { name: preset.label, exact: true }).click();
      await expect(page.locator("#look-for-text")).toHaveText(preset.lookFor);
      // Its views are open, the loss chart first, then those its sentence names (tests/presets.rs).
      expect(await page.evaluate(() => window.initlab.views())).toEqual(preset.views);
      for (const id of preset.views) await expect(page.locator(`#view-${id}`)).toBeVisible();
      const chart = await expectChartOnScreen(page, preset.id);
      expect(chart.scrolled, `${preset.id}: the page did not scroll`).toBe(0);
      await page.screenshot({ path: testInfo.outputPath(`${preset.id}-${width}.png`) });
    }
    await lab.check();
  });
}

test("on a phone the presets come first, and picking one brings its loss chart onto the screen", async ({ page, baseURL }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const lab = await openLab(page, baseURL);
  await expect(page.locator("#presets")).toBeInViewport();
  await page.getByRole("button", { name: "He + ReLU", exact: true }).click();
  await expect(page.locator("#look-for-text")).toContainText("Var = 2 / fan_in");
  await expectChartOnScreen(page, "he-relu on a phone");
  await page.screenshot({ path: testInfo.outputPath("phone-he-relu.png") });
  await lab.check();
});
