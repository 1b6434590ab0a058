// The embed card (issue 12): in an iframe of the recommended height, every preset's widget and
// each widget of the example notes shows whole, tab by tab, with no inner scrolling; tabs work
// from the keyboard; the Share snippet asks for that height, autoplay and a title naming the
// preset; theme=light|dark sets the widget's colours.

import { expect, test } from "@playwright/test";
import { EMBED_HEIGHT } from "../../www/views/share.js";
import { corePresets, openLab, overflow, watch } from "./lab.js";

/** Waits for the widget in `frame` to be ready, then checks every tab of it fits the frame. */
async function expectEveryTabFits(frame, what) {
  await frame.waitForFunction(() => window.initlab?.ready);
  await frame.evaluate(() => window.initlab.ready);
  const views = await frame.evaluate(() => window.initlab.views());
  const tabs = frame.getByRole("tab");
  await expect(tabs).toHaveCount(views.length > 1 ? views.length : 0);
  for (const id of views) {
    if (views.length > 1) {
      await frame.locator(`#tab-${id}`).click();
      await expect(frame.locator(`#tab-${id}`)).toHaveAttribute("aria-selected", "true");
    }
    await expect(frame.locator(`#view-${id}`)).toBeVisible();
    for (const other of views.filter((v) => v !== id)) await expect(frame.locator(`#view-${other}`)).toBeHidden();
    await frame.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await overflow(frame), `${what}, ${id}: fits ${EMBED_HEIGHT} px`).toEqual({ squeezed: [], past: 0 });
  }
  return views;
}

test("every preset's widget fits the recommended height, tab by tab, with its main chart whole", async ({ page, baseURL }, testInfo) => {
  const { outside, errors } = watch(page, baseURL);
  await page.setViewportSize({ width: 800, height: EMBED_HEIGHT + 200 });
  await openLab(page, baseURL);
  const presets = await corePresets(page);
  // The example notes are the host page: their first frame is given each preset in turn.
  await page.goto("/examples/course-notes.html");
  const iframe = page.locator("iframe").first();
  for (const preset of presets) {
    await iframe.evaluate((e, id) => {
      e.src = `../index.html#preset=${id}&embed=1`;
    }, preset.id);
    const frame = await (await iframe.elementHandle()).contentFrame();
    await frame.waitForURL(new RegExp(`preset=${preset.id}`));
    expect(await frame.evaluate(() => innerHeight), "the notes' frames are of the recommended height").toBe(EMBED_HEIGHT);
    const views = await expectEveryTabFits(frame, preset.id);
    expect(views).toEqual(preset.views);
    // The first tab's chart, the loss chart every preset opens first, lies whole in the frame.
    await frame.locator(`#tab-${views[0]}`).click();
    const chart = await frame.locator("#view-loss canvas").first().boundingBox();
    const box = await iframe.boundingBox();
    expect(chart.y + chart.height, `${preset.id}: the loss chart ends inside the frame`).toBeLessThanOrEqual(box.y + box.height);
    await iframe.screenshot({ path: testInfo.outputPath(`${preset.id}.png`) });
  }
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
});

test("each widget of the example notes fits its frame, and the tabs work from the keyboard", async ({ page, baseURL }, testInfo) => {
  const { outside, errors } = watch(page, baseURL);
  await page.setViewportSize({ width: 800, height: EMBED_HEIGHT + 200 });
  await page.goto("/examples/course-notes.html");
  const iframes = page.locator("iframe");
  await expect(iframes).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    const frame = await (await iframes.nth(i).elementHandle()).contentFrame();
    expect(new URL(frame.url()).hash).toContain("autoplay=1");
    const views = await expectEveryTabFits(frame, `widget ${i + 1}`);
    // The card has a heading naming what it shows.
    await expect(frame.getByRole("heading", { level: 1 })).toContainText("initlab ·");
    const first = frame.locator(`#tab-${views[0]}`);
    await first.click();
    await first.focus();
    await frame.locator("body").press("ArrowRight");
    await expect(frame.locator(`#tab-${views[1]}`)).toHaveAttribute("aria-selected", "true");
    await expect(frame.locator(`#tab-${views[1]}`)).toBeFocused();
    await expect(frame.locator(`#view-${views[1]}`)).toBeVisible();
    await iframes.nth(i).screenshot({ path: testInfo.outputPath(`notes-widget-${i + 1}.png`) });
  }
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
});

test("the Share snippet asks for the recommended height, autoplay and a title naming the preset", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL, "/#preset=he-relu");
  await page.getByRole("button", { name: "Share / Embed" }).click();
  await expect(page.getByRole("dialog")).toBeVisible(); // its code loads on this first opening
  await expect(page.locator("#share-embed")).not.toHaveValue("");
  const snippet = await page.locator("#share-embed").inputValue();
  expect(snippet).toContain(`height="${EMBED_HEIGHT}"`);
  expect(snippet).toContain('title="initlab: He + ReLU"');
  const src = new URL(snippet.match(/src="([^"]+)"/)[1].replaceAll("&amp;", "&"));
  const hash = new URLSearchParams(src.hash.slice(1));
  expect(hash.get("embed")).toBe("1");
  expect(hash.get("autoplay")).toBe("1");
  // The page's own link does not autoplay.
  expect(await page.locator("#share-link").inputValue()).not.toContain("autoplay");
  await lab.check();
});

test("theme=dark and theme=light set the widget's colours whatever the system's; a bad theme is a notice", async ({ page, baseURL }) => {
  await page.emulateMedia({ colorScheme: "light" });
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  let lab = await openLab(page, baseURL, "/#preset=he-relu&embed=1&theme=dark");
  expect(await background()).toBe("rgb(22, 24, 28)");
  await lab.check();
  await page.emulateMedia({ colorScheme: "dark" });
  lab = await openLab(page, baseURL, "/#preset=he-relu&embed=1&theme=light");
  await page.reload();
  await page.evaluate(() => window.initlab.ready);
  expect(await background()).toBe("rgb(255, 255, 255)");
  await page.goto("/#preset=he-relu&theme=purple");
  await expect(page.locator(".url-notice")).toContainText("theme: must be light or dark");
});
