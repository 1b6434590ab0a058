// Loading and history (issue 12): the controls say they are loading and take no click until the
// core is ready; each preset is a history entry, so Back returns to the one before; leaving a
// comparison for one run offers the way back to it.

import { expect, test } from "@playwright/test";
import { openLab, watch } from "./lab.js";

test("the controls are disabled and say Loading… until the core is ready", async ({ page, baseURL }) => {
  const { outside, errors } = watch(page, baseURL);
  // Hold the core's download until the page has been checked while it waits.
  let release;
  const held = new Promise((done) => {
    release = done;
  });
  await page.route("**/pkg/initlab_bg.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto("/");
  const play = page.locator("#play");
  await expect(play).toBeDisabled();
  await expect(play).toHaveText("Loading…");
  for (const id of ["fast", "step", "reset", "new-seed"]) await expect(page.locator(`#${id}`)).toBeDisabled();
  await expect(page.locator("#presets")).toContainText("Loading");
  release();
  await page.evaluate(() => window.initlab.ready);
  for (const id of ["play", "fast", "step", "reset", "new-seed"]) await expect(page.locator(`#${id}`)).toBeEnabled();
  await expect(play).not.toHaveText("Loading…");
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
});

test("Back after two preset changes returns to the first; Forward to the second", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL);
  const sentence = page.locator("#look-for-text");
  const presets = await page.evaluate(async () => (await import("./pkg/initlab.js")).presets());
  const [first, second] = ["he-relu", "small-tanh"].map((id) => presets.find((p) => p.id === id));
  for (const preset of [first, second]) {
    await page.getByRole("button", { name: preset.label, exact: true }).click();
    await expect(sentence).toHaveText(preset.lookFor);
  }
  await page.goBack();
  await expect(sentence).toHaveText(first.lookFor);
  expect(await page.evaluate(() => location.hash)).toContain("preset=he-relu");
  await expect(page.getByRole("button", { name: first.label, exact: true })).toHaveAttribute("aria-pressed", "true");
  await page.goForward();
  await expect(sentence).toHaveText(second.lookFor);
  await lab.check();
});

test("choosing one init in Compare all offers the way back to the comparison", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL, "/#preset=compare");
  await page.evaluate(() => window.initlab.setConfig({ init: "he_normal" }));
  expect(await page.evaluate(() => window.initlab.runs().length)).toBe(1);
  const back = page.getByRole("button", { name: "Back to the comparison" });
  await expect(back).toBeVisible();
  await back.click();
  await expect.poll(() => page.evaluate(() => window.initlab.runs().length)).toBe(6);
  await expect(back).toBeHidden();
  // The browser's Back does the same.
  await page.evaluate(() => window.initlab.setConfig({ init: "glorot_normal" }));
  expect(await page.evaluate(() => window.initlab.runs().length)).toBe(1);
  await page.goBack();
  await expect.poll(() => page.evaluate(() => window.initlab.runs().length)).toBe(6);
  await lab.check();
});

test("fast-forward trains far faster than play, still redrawing, and goes back to the pace when off", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL, "/#preset=he-relu");
  await page.evaluate(() => window.initlab.loadPreset("he-relu"));
  const step = () => page.evaluate(() => window.initlab.runs()[0].step);
  const rate = async () => {
    const [s0, t0] = [await step(), Date.now()];
    await page.waitForTimeout(1500);
    return ((await step()) - s0) / ((Date.now() - t0) / 1000);
  };
  const fast = page.getByRole("button", { name: "Fast-forward" });
  await fast.click();
  await expect(fast).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("#play")).toHaveText("Pause");
  // The counter on screen follows: the page still draws while it trains flat out.
  const counter = page.locator("#step-count");
  const shown = await counter.textContent();
  await expect(counter).not.toHaveText(shown);
  const fastRate = await rate();
  await fast.click();
  await expect(fast).toHaveAttribute("aria-pressed", "false");
  await page.waitForTimeout(500); // the fast round under way ends
  const pacedRate = await rate();
  expect(fastRate, `fast-forward (${fastRate.toFixed(0)}/s) beats the pace (${pacedRate.toFixed(0)}/s)`).toBeGreaterThan(2 * pacedRate);
  await page.getByRole("button", { name: "Pause" }).click();
  await lab.check();
});

test("seeds=3: each loss curve is the median of three paired seeds with a band; the table shows the first seed", async ({
  page,
  baseURL,
}) => {
  const lab = await openLab(page, baseURL, "/#preset=small-relu&seeds=3");
  await expect(page.locator("#ctl-seeds")).toHaveValue("3");
  const runs = await page.evaluate(() => window.initlab.train(300));
  expect(runs.map((run) => run.seeds)).toEqual([3, 3]);
  const curves = await page.evaluate(() => window.initlab.lossCurves());
  for (const curve of curves) {
    expect(curve.lo, `${curve.label} has a band`).toHaveLength(curve.loss.length);
    let wide = 0;
    curve.loss.forEach((median, k) => {
      expect(curve.lo[k]).toBeLessThanOrEqual(median);
      expect(median).toBeLessThanOrEqual(curve.hi[k]);
      if (curve.hi[k] > 1.01 * curve.lo[k]) wide++;
    });
    // He learns, and its seeds learn differently: a wide band (Small sits on one plateau).
    if (curve.label.startsWith("He")) expect(wide, `${curve.label}: three seeds differ`).toBeGreaterThan(curve.loss.length / 2);
  }
  expect(curves.some((curve) => curve.label.startsWith("He"))).toBe(true);
  // The link keeps the seeds; choosing 1 in the settings goes back to single curves.
  expect(await page.evaluate(() => location.hash)).toContain("seeds=3");
  await page.locator("#ctl-seeds").selectOption("1");
  await expect.poll(() => page.evaluate(() => window.initlab.runs()[0].seeds)).toBe(1);
  await page.evaluate(() => window.initlab.train(20));
  expect((await page.evaluate(() => window.initlab.lossCurves()))[0].lo).toBeUndefined();
  expect(await page.evaluate(() => location.hash)).not.toContain("seeds");
  // A bad value is a notice, and one seed.
  await page.goto("/#preset=he-relu&seeds=20");
  await expect(page.locator(".url-notice")).toContainText("seeds: must be a whole number from 1 to 8");
  await lab.check();
});
