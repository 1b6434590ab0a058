// Reset starts the same runs again from the same initial weights; New seed draws new ones and
// says so in the URL, so a shared link still reproduces what is on screen.
import { expect, test } from "@playwright/test";
import { loadPreset, openLab, train } from "./lab.js";

test("Reset redraws the same weights, New seed other ones, and the URL follows", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL);
  await loadPreset(page, "he-relu");
  const [first] = await train(page, 50);

  await page.locator("#reset").click();
  await expect(page.locator("#step-count")).toHaveText("0");
  const [again] = await train(page, 50);
  expect(again.step).toBe(first.step);
  expect(again.loss).toBe(first.loss);

  const seedBefore = new URLSearchParams(new URL(page.url()).hash.slice(1)).get("seed");
  await page.locator("#new-seed").click();
  await expect(page.locator("#step-count")).toHaveText("0");
  const seedAfter = await page.waitForFunction((before) => {
    const seed = new URLSearchParams(location.hash.slice(1)).get("seed");
    return seed !== null && seed !== before && seed;
  }, seedBefore);
  const [other] = await train(page, 50);
  expect(other.loss).not.toBe(first.loss);
  expect(await seedAfter.jsonValue()).not.toBe(seedBefore);
  await lab.check();
});
