// Helpers shared by the end-to-end tests: open the page and watch it for errors and requests
// leaving its origin, drive it through window.initlab, and save screenshots.

import { expect } from "@playwright/test";

/**
 * Opens the page at `path` and waits for initlab.ready. Returns {outside, errors, check}:
 * the requests that left the origin, the page's errors (uncaught exceptions and console errors,
 * which include CSP violations), and check() asserting there were none.
 */
export async function openLab(page, baseURL, path = "/") {
  const { outside, errors } = watch(page, baseURL);
  await page.goto(path);
  await page.waitForFunction(() => window.initlab?.ready);
  await page.evaluate(() => window.initlab.ready);
  return {
    outside,
    errors,
    check() {
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
      return expect(page.locator("#fatal")).toBeHidden();
    },
  };
}

/**
 * Starts recording what `page` does wrong from now on: {outside, errors}, the requests that
 * leave `baseURL`'s origin and the page's errors (uncaught exceptions and console errors).
 */
export function watch(page, baseURL) {
  const origin = new URL(baseURL).origin;
  const outside = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(`${origin}/`)) outside.push(request.url());
  });
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return { outside, errors };
}

/** The core's presets, read in the page from the wasm module the page loaded. */
export function corePresets(page) {
  return page.evaluate(async () => (await import("./pkg/initlab.js")).presets());
}

/** Loads preset `id` through initlab and returns runs() at step 0. */
export function loadPreset(page, id) {
  return page.evaluate(async (id) => {
    await window.initlab.loadPreset(id);
    return window.initlab.runs();
  }, id);
}

/** Trains every run `steps` more steps through initlab and returns runs(). */
export function train(page, steps) {
  return page.evaluate((steps) => window.initlab.train(steps), steps);
}

/**
 * Saves a full-page screenshot `name`.png at the current width, and `name`-375.png at 375 px
 * with the settings folded, as a page opened on a phone starts.
 */
export async function screenshots(page, testInfo, name) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 800 });
  const settings = page.locator("#settings-panel");
  const open = await settings.evaluate((details) => {
    const wasOpen = details.open;
    details.open = false;
    return wasOpen;
  });
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(done)))));
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "fits 375 px").toBeLessThanOrEqual(375);
  await page.screenshot({ path: testInfo.outputPath(`${name}-375.png`), fullPage: true });
  await settings.evaluate((details, open) => (details.open = open), open);
  await page.setViewportSize(size);
}

/** The hidden layers' entries of a per-layer list of runs() (the output layer is last). */
export function hidden(values) {
  return values.slice(0, -1);
}

/** The mean of `values`. */
export function mean(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * What of `frame`'s document does not fit: the elements whose content overflows their box (an
 * inner scrollbar, or parts squeezed onto each other) and how far the lowest element reaches
 * past the frame. Tables' cells (a header cell spanning two rows) and visually hidden text
 * (1 px by design) are not boxes a reader scrolls.
 */
export function overflow(frame) {
  return frame.evaluate(() => {
    const boxes = [...document.querySelectorAll("body, body *")].filter((e) => e.getClientRects().length > 0);
    const squeezed = boxes
      .filter((e) => !e.matches(".visually-hidden, tr, th, td") && e.clientHeight > 0 && e.scrollHeight > e.clientHeight + 2)
      .map(
        (e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}.${[...e.classList].join(".")}: ${e.scrollHeight} > ${e.clientHeight}`,
      );
    const bottom = Math.max(...boxes.map((e) => e.getBoundingClientRect().bottom));
    return { squeezed, past: Math.max(0, Math.round(bottom - innerHeight)) };
  });
}
