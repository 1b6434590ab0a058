// The default page as a student first sees it, in every engine: the same layout (the settings
// beside the stage, nothing wider than the window), every open view drawn (charts with ink on
// them, the results table filled), and a screenshot of it in test-results/engines/<engine>/,
// to compare engine with engine by eye.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ENGINE, NO_PROBLEMS, openLab, problems, SHOTS, useLab } from "./harness.js";

const lab = useLab();

/** Runs in the page: the boxes of its main parts and how much each open view's charts drew. */
function layout() {
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { left: Math.round(r.left), top: Math.round(r.top), width: Math.round(r.width), height: Math.round(r.height) };
  };
  /** Distinct colours on a canvas, a few thousand pixels sampled: 1 means blank. */
  const inks = (canvas) => {
    const { width, height } = canvas;
    const data = canvas.getContext("2d").getImageData(0, 0, width, height).data;
    const colours = new Set();
    const stride = Math.max(1, Math.floor((width * height) / 5000)) * 4;
    for (let i = 0; i < data.length; i += stride) colours.add(data.subarray(i, i + 4).join());
    return colours.size;
  };
  const views = [...document.querySelectorAll("#views > .view")].filter((v) => !v.hidden);
  return {
    overflow: document.documentElement.scrollWidth - innerWidth,
    header: box(document.querySelector(".site-header")),
    presets: box(document.getElementById("presets")),
    panel: box(document.querySelector(".lab > .panel")),
    stage: box(document.querySelector(".lab > .stage")),
    views: views.map((v) => ({
      id: v.id,
      box: box(v),
      canvases: [...v.querySelectorAll("canvas")].map((c) => ({ box: box(c), inks: inks(c) })),
    })),
    results: document.querySelectorAll("#view-loss table.results tbody tr").length,
    counters: [...document.querySelectorAll(".counters span")].map((span) => [box(span), box(span.querySelector("output"))]),
    height: document.documentElement.scrollHeight,
  };
}

test(`${ENGINE}: the default page has the same layout as everywhere, every chart drawn`, async () => {
  await openLab(lab, "/");
  // The default preset trains by itself: let it finish, as a student would watch it.
  await lab.browser.waitFor(() => window.initlab.runs().every((r) => r.diverged || r.step >= 1500), { timeout: 120_000 });
  await lab.browser.run(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const seen = await lab.browser.run(layout);
  writeFileSync(join(SHOTS, "default-layout.json"), `${JSON.stringify(seen, null, 2)}\n`);
  // The whole page in one picture: a window as tall as the page.
  await lab.browser.setViewport(1280, Math.min(seen.height, 4000));
  await lab.browser.run(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await lab.browser.screenshot(join(SHOTS, "default.png"));
  await lab.browser.setViewport(1280, 900);

  assert.ok(seen.overflow <= 0, `${seen.overflow} px wider than the window`);
  // The settings beside the stage, at the same height, under the presets.
  assert.ok(seen.panel.left + seen.panel.width <= seen.stage.left, "settings left of the stage");
  assert.ok(Math.abs(seen.panel.top - seen.stage.top) <= 2, "settings and stage start together");
  assert.ok(seen.presets.top + seen.presets.height <= seen.panel.top, "presets above");
  assert.ok(seen.stage.width >= 800, `stage ${seen.stage.width} px wide`);
  // The default preset's views: each drawn, its charts with lines on them.
  assert.deepEqual(
    seen.views.map((v) => v.id),
    ["view-loss", "view-layers"],
  );
  for (const view of seen.views) {
    assert.ok(view.canvases.length > 0, `${view.id} has a chart`);
    const [main] = view.canvases;
    assert.ok(main.box.width >= 400 && main.box.height >= 200, `${view.id}: main chart ${JSON.stringify(main.box)}`);
    // Every canvas, the layers' small histograms too, has something drawn on it.
    for (const canvas of view.canvases) assert.ok(canvas.inks > 3, `${view.id}: a canvas with ink (${canvas.inks} colours)`);
  }
  assert.equal(seen.results, 6, "the results table has the six runs");
  // The step counter's number sits on its label's line, not raised above it (WebKit did).
  for (const [label, number] of seen.counters) {
    assert.ok(Math.abs(label.height - number.height) <= 1 && Math.abs(label.top - number.top) <= 1, JSON.stringify([label, number]));
  }
  assert.deepEqual(await problems(lab), NO_PROBLEMS);
});
