// Embedding in every engine: embed mode's tabs, the example course notes with their three
// widgets, and the single-file build opened from file:// (built by `make dist`, which
// tools/run-tests.sh runs before this suite).

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { ENGINE, framesReady, NO_PROBLEMS, openLab, problems, useLab } from "./harness.js";

const lab = useLab();
const SINGLE_FILE = resolve(import.meta.dirname, "..", "..", "dist", "initlab.html");

test(`${ENGINE}: embed mode shows one view at a time, by tabs`, async () => {
  await openLab(lab, "/#preset=he-relu&views=loss,layers&embed=1");
  const embed = await lab.browser.run(() => ({
    embed: document.body.classList.contains("embed"),
    tabs: [...document.querySelectorAll("[role=tab]")].map((t) => t.id),
    visible: [...document.querySelectorAll("#views > .view")].filter((v) => !v.hidden).map((v) => v.id),
  }));
  assert.deepEqual(embed, { embed: true, tabs: ["tab-loss", "tab-layers"], visible: ["view-loss"] });
  const shown = await lab.browser.run(async () => {
    document.getElementById("tab-layers").click();
    await window.initlab.train(20);
    return [...document.querySelectorAll("#views > .view")].filter((v) => !v.hidden).map((v) => v.id);
  });
  assert.deepEqual(shown, ["view-layers"]);
  assert.deepEqual(await problems(lab), NO_PROBLEMS);
});

test(`${ENGINE}: the example course notes' three widgets become ready in embed mode and train`, async () => {
  await lab.browser.goto("about:blank");
  await lab.browser.goto(`${lab.server.base}/examples/course-notes.html`);
  await framesReady(lab);
  const widgets = await lab.browser.run(async () => {
    const out = [];
    for (const frame of document.querySelectorAll("iframe")) {
      // As a reader does: WebKit draws a frame out of sight only now and then.
      frame.scrollIntoView();
      const w = frame.contentWindow;
      const preset = new URLSearchParams(w.location.hash.slice(1)).get("preset");
      await w.initlab.loadPreset(preset);
      const runs = await w.initlab.train(200);
      out.push({
        preset,
        embed: w.document.body.classList.contains("embed"),
        runs: runs.map((r) => [r.step >= 200, Number.isFinite(r.loss)]),
      });
    }
    return out;
  });
  assert.equal(widgets.length, 3);
  assert.equal(new Set(widgets.map((w) => w.preset)).size, 3, "three different presets");
  for (const widget of widgets) {
    assert.equal(widget.embed, true, widget.preset);
    // 200 steps at least: a widget in sight may also autoplay.
    for (const run of widget.runs) assert.deepEqual(run, [true, true], widget.preset);
  }
  assert.deepEqual(await problems(lab), NO_PROBLEMS);
});

test(`${ENGINE}: the single-file build trains from file:// without a request`, async () => {
  assert.ok(existsSync(SINGLE_FILE), "make dist wrote dist/initlab.html");
  await lab.browser.goto("about:blank");
  await lab.browser.goto(`${pathToFileURL(SINGLE_FILE).href}#preset=he-relu`);
  await lab.browser.waitFor(() => window.initlab !== undefined);
  const result = await lab.browser.run(async () => {
    const errors = [];
    addEventListener("error", (e) => errors.push(e.message));
    addEventListener("unhandledrejection", (e) => errors.push(String(e.reason)));
    await window.initlab.ready;
    const before = await window.initlab.loadPreset("he-relu").then(() => window.initlab.runs());
    const after = await window.initlab.train(200);
    await window.initlab.showViews(["symmetry", "theory"]);
    const fatal = document.getElementById("fatal");
    return {
      step: after[0].step,
      fell: after[0].loss < before[0].loss,
      symmetry: !document.getElementById("view-symmetry").hidden && document.querySelectorAll("#view-symmetry .badge-value").length,
      fatal: fatal.hidden ? "" : fatal.textContent,
      errors,
      requests: performance.getEntriesByType("resource").map((e) => e.name.split(":")[0]),
    };
  });
  assert.equal(result.step, 200);
  assert.equal(result.fell, true);
  assert.ok(result.symmetry > 0, "the symmetry view's code loaded from the file and drew");
  assert.equal(result.fatal, "");
  assert.deepEqual(result.errors, []);
  for (const scheme of result.requests) assert.ok(["file", "data", "blob"].includes(scheme), scheme);
});
