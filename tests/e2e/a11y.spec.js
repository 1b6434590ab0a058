// Accessibility: axe-core finds no serious or critical violation on the page with each main
// view open, in the light and the dark theme, and on a phone.

import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { loadPreset, openLab, train } from "./lab.js";

test.use({ viewport: { width: 1280, height: 800 }, reducedMotion: "reduce" });

/** The serious and critical violations axe finds on the page as it is, one line each. */
async function violations(page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/**
 * Opens "Small + ReLU": two runs, so the run picker shows, and a network small enough for the
 * diagram; then a few steps so every chart has data.
 */
async function openLabWithRuns(page, baseURL) {
  const lab = await openLab(page, baseURL);
  await loadPreset(page, "small-relu");
  await train(page, 50);
  return lab;
}

for (const scheme of ["light", "dark"]) {
  test(`no serious or critical axe violation with each view open (${scheme})`, async ({ page, baseURL }, testInfo) => {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    const lab = await openLabWithRuns(page, baseURL);
    const ids = await page.evaluate(() => [...document.querySelectorAll("#views > .view")].map((s) => s.dataset.view));
    expect(ids).toEqual(expect.arrayContaining(["loss", "boundary", "symmetry", "layers", "theory", "network"]));
    for (const id of ids) {
      await page.evaluate((id) => window.initlab.showViews([id]), id);
      expect(await violations(page), `view ${id}`).toEqual([]);
    }
    await page.evaluate((ids) => window.initlab.showViews(ids), ids);
    await page.screenshot({ path: testInfo.outputPath(`all-views-${scheme}.png`), fullPage: true });
    await page.getByRole("button", { name: "Share / Embed" }).click();
    await expect(page.getByRole("dialog")).toBeVisible(); // its code loads on this first opening
    expect(await violations(page), "share dialog").toEqual([]);
    await lab.check();
  });
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test("no serious or critical axe violation at 375 px", async ({ page, baseURL }) => {
    const lab = await openLabWithRuns(page, baseURL);
    await page.evaluate(() => window.initlab.showViews(["loss", "layers", "symmetry"]));
    expect(await violations(page)).toEqual([]);
    await lab.check();
  });
});

for (const theme of ["light", "dark"]) {
  test(`no serious or critical axe violation in the embed card, tab by tab (theme=${theme})`, async ({ page, baseURL }) => {
    await page.setViewportSize({ width: 720, height: 560 });
    const lab = await openLab(page, baseURL, `/#preset=glorot-tanh&embed=1&theme=${theme}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Glorot + tanh");
    for (const tab of await page.getByRole("tab").all()) {
      await tab.click();
      expect(await violations(page), `tab ${await tab.textContent()}`).toEqual([]);
    }
    await lab.check();
  });
}
