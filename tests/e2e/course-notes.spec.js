// The example course-notes page (issue 5): its three embedded widgets each become ready in
// embed mode and train, driven through each iframe's own window.initlab.
import { expect, test } from "@playwright/test";
import { watch } from "./lab.js";

test("course notes: every embedded widget becomes ready and trains", async ({ page, baseURL }) => {
  const { outside, errors } = watch(page, baseURL);
  await page.goto("/examples/course-notes.html");
  const iframes = page.locator("iframe");
  await expect(iframes).toHaveCount(3);
  const presets = [];
  for (let i = 0; i < 3; i++) {
    const frame = await (await iframes.nth(i).elementHandle()).contentFrame();
    await frame.waitForFunction(() => window.initlab?.ready);
    await frame.evaluate(() => window.initlab.ready);
    expect(await frame.evaluate(() => document.body.classList.contains("embed")), "embed mode").toBe(true);
    presets.push(new URLSearchParams(new URL(frame.url()).hash.slice(1)).get("preset"));
    const runs = await frame.evaluate(async (id) => {
      await window.initlab.loadPreset(id);
      return window.initlab.train(200);
    }, presets[i]);
    for (const run of runs) {
      expect(run.step).toBe(200);
      expect(Number.isFinite(run.loss)).toBe(true);
    }
  }
  expect(new Set(presets).size, "three different presets").toBe(3);
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
});
