// The page in every engine: it loads under its CSP header with no error, detects what the
// browser has, trains every preset and the six-run comparison, gives the pinned run's native
// bits, and answers hostile links with notices.

import assert from "node:assert/strict";
import { test } from "node:test";
import { ENGINE, NO_PROBLEMS, openLab, PINNED, pinnedFingerprint, probeFeatures, problems, useLab } from "./harness.js";

const lab = useLab();

test(`${ENGINE}: the page loads under its CSP header with no error, and a violation would be seen`, async () => {
  await openLab(lab, "/");
  const [response] = await lab.browser.run(() => performance.getEntriesByType("navigation").map((e) => e.name));
  assert.equal(new URL(response).pathname, "/");
  assert.deepEqual(await problems(lab), NO_PROBLEMS);
  // The same watch sees a violation: an image from elsewhere, which the policy blocks.
  await lab.browser.run(() => {
    const img = document.createElement("img");
    img.src = "http://blocked.invalid/x.png";
    document.body.append(img);
  });
  await lab.browser.waitFor(() => window.__engineErrors.some((e) => e.startsWith("CSP:")));
  for (let i = 0; i < 100 && lab.server.reports.length === 0; i++) await new Promise((done) => setTimeout(done, 100));
  assert.match(lab.server.reports.join(""), /blocked\.invalid/);
  lab.server.reports.length = 0;
});

test(`${ENGINE}: the page detects wasm SIMD and module workers as they are, and loads the SIMD core`, async () => {
  await openLab(lab, "/#preset=he-relu");
  const found = await probeFeatures(lab);
  assert.deepEqual(found, { simd: true, compiles: true, moduleWorkers: true, wasm: ["/pkg/initlab_bg.wasm"], notice: "" });
  // Module workers really train: every run's worker answered.
  const [run] = await lab.browser.run(() => window.initlab.train(20));
  assert.ok(run.step >= 20);
  assert.deepEqual(await problems(lab), NO_PROBLEMS);
});

test(`${ENGINE}: every preset trains`, async () => {
  await openLab(lab, "/");
  // Firefox gives a WebDriver script a module map of its own: the core is initialised again.
  const presets = await lab.browser.run(async () => {
    const core = await import(new URL("./pkg/initlab.js", location.href).href);
    await core.default({ module_or_path: new URL("./pkg/initlab_bg.wasm", location.href) });
    return core.presets().map((p) => p.id);
  });
  assert.ok(presets.length >= 12, `${presets.length} presets`);
  for (const id of presets) {
    const runs = await lab.browser.run(async (id) => {
      await window.initlab.loadPreset(id);
      return window.initlab.train(60);
    }, id);
    assert.ok(runs.length >= 1, id);
    for (const run of runs) {
      // A run that diverged stops there; every other one took all 60 steps.
      if (run.diverged) assert.ok(run.divergedAt <= 60, `${id}: ${run.label}`);
      else assert.equal(run.step, 60, `${id}: ${run.label}`);
      assert.ok(run.diverged || Number.isFinite(run.loss), `${id}: ${run.label} has a loss`);
    }
    // The loss chart drew each run.
    const curves = await lab.browser.run(() => window.initlab.lossCurves().map((c) => c.steps.length));
    assert.equal(curves.length, runs.length, `${id}: one curve per run`);
    for (const points of curves) assert.ok(points > 0, `${id}: a curve with points`);
  }
  assert.deepEqual(await problems(lab), NO_PROBLEMS);
});

test(`${ENGINE}: the comparison trains its six runs in the page's workers, and only Glorot and He learn`, async () => {
  await openLab(lab, "/#preset=compare");
  const runs = await lab.browser.run(async () => {
    await window.initlab.loadPreset("compare");
    return window.initlab.train(1500);
  });
  assert.equal(runs.length, 6);
  for (const run of runs) {
    assert.equal(run.diverged ? run.divergedAt <= 1500 : run.step === 1500, true, run.label);
    if (["glorot_normal", "he_normal"].includes(run.init)) assert.ok(run.trainLoss < 0.3, `${run.label}: ${run.trainLoss}`);
    else assert.ok(run.diverged || run.trainLoss > 0.6, `${run.label}: ${run.trainLoss}`);
  }
  const rows = await lab.browser.run(() => document.querySelectorAll("#view-loss table.results tbody tr").length);
  assert.equal(rows, 6);
  assert.deepEqual(await problems(lab), NO_PROBLEMS);
});

test(`${ENGINE}: the pinned run gives the native build's bits`, async () => {
  await openLab(lab, "/");
  assert.equal(await pinnedFingerprint(lab, "./pkg/initlab_bg.wasm"), PINNED.expected);
  // The scalar build, which browsers without SIMD load, gives the same bits here too.
  assert.equal(await pinnedFingerprint(lab, "./pkg/initlab_scalar_bg.wasm"), PINNED.expected);
});

for (const [name, hash] of [
  ["a script as init", "#preset=he-relu&init=%3Cscript%3Ealert(1)%3C%2Fscript%3E"],
  ["a huge layer", "#preset=he-relu&hidden=1e308"],
  ["a 100 kB value", `#preset=he-relu&seed=${"9".repeat(100_000)}`],
  ["unknown keys and a bad value", "#preset=he-relu&colour=red&lr=abc"],
]) {
  test(`${ENGINE}: a hostile link (${name}) gives a notice and still trains`, async () => {
    await openLab(lab, `/${hash}`);
    const notice = await lab.browser.run(() => {
      const box = document.getElementById("url-notice");
      return { shown: box && !box.hidden, text: box?.textContent ?? "", scripts: box?.querySelectorAll("script").length ?? 0 };
    });
    assert.equal(notice.shown, true);
    assert.match(notice.text, /^Left out of the link: /);
    assert.ok(notice.text.length < 1000, `${notice.text.length} characters`);
    assert.equal(notice.scripts, 0);
    const [run] = await lab.browser.run(() => window.initlab.train(5));
    assert.equal(run.init, "he_normal");
    assert.ok(run.step >= 5);
    assert.deepEqual(await problems(lab), NO_PROBLEMS);
  });
}
