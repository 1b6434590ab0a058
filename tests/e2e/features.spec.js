// What the page does in a browser that lacks what it relies on (www/features.js), simulated in
// Chromium, which has both: without wasm SIMD it says so, loads the scalar core and trains
// with the same numbers; without module workers it says plainly that it cannot train. The
// cross-engine suite checks the real thing in WebKitGTK with SIMD switched off
// (tests/engines/no-simd.test.js).

import { expect, test } from "@playwright/test";
import { openLab, watch } from "./lab.js";

test("without wasm SIMD the page says so, loads the scalar core and trains the same run", async ({ page, baseURL }) => {
  const wasm = [];
  page.on("request", (request) => request.url().endsWith(".wasm") && wasm.push(new URL(request.url()).pathname));
  // This browser's WebAssembly "validates" no SIMD module, as one without SIMD would.
  await page.addInitScript(() => {
    const validate = WebAssembly.validate;
    WebAssembly.validate = (bytes) => !new Uint8Array(bytes.buffer ?? bytes).includes(0xfd) && validate(bytes);
  });
  const lab = await openLab(page, baseURL, "/#preset=he-relu");
  await expect(page.locator("#browser-notice")).toBeVisible();
  await expect(page.locator("#browser-notice")).toContainText("no SIMD, so initlab runs its scalar core");
  expect(wasm).toEqual(["/pkg/initlab_scalar_bg.wasm"]);
  await page.evaluate(() => window.initlab.loadPreset("he-relu"));
  const [scalar] = await page.evaluate(() => window.initlab.train(300));
  await lab.check();
  // The same run in the SIMD core ends with the same loss, to the bit.
  await page.goto("/");
  await openLab(page, baseURL, "/#preset=he-relu");
  await page.evaluate(() => window.initlab.loadPreset("he-relu"));
  const [simd] = await page.evaluate(() => window.initlab.train(300));
  expect(scalar.step).toBe(300);
  expect(scalar.trainLoss).toBe(simd.trainLoss);
});

test("without module workers the page says plainly that it cannot train here", async ({ page, baseURL }) => {
  const { errors } = watch(page, baseURL);
  // A Worker that never reads its options' type, as browsers without module workers.
  await page.addInitScript(() => {
    const Original = window.Worker;
    window.Worker = function Worker(url) {
      return new Original(url);
    };
  });
  await page.goto("/");
  await expect(page.locator("#fatal")).toBeVisible();
  await expect(page.locator("#fatal")).toHaveText(/^This browser cannot start module workers, and initlab trains every network in one/);
  expect(errors).toEqual([]);
});
