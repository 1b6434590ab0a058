// WebKitGTK only (tests/engines/<engine>/ holds one engine's own tests): a browser without
// wasm SIMD, turned off by JavaScriptCore's own switch (V8 and SpiderMonkey have none any more;
// Chromium's e2e suite simulates it, and page.test.js checks every engine's detection). The
// page must see it, say so, load the scalar build of the core instead, and train with the
// same bits.

import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { ENGINE, NO_PROBLEMS, openLab, PINNED, pinnedFingerprint, probeFeatures, problems, SHOTS, useLab } from "../harness.js";

const lab = useLab({ simd: false });

test(`${ENGINE} without SIMD: the page says so, loads the scalar core and trains`, async () => {
  await openLab(lab, "/#preset=he-relu");
  const found = await probeFeatures(lab);
  // The detection is honest: the SIMD build really does not compile here.
  assert.equal(found.simd, false);
  assert.equal(found.compiles, false);
  assert.deepEqual(found.wasm, ["/pkg/initlab_scalar_bg.wasm"]);
  assert.match(found.notice, /no SIMD.*scalar core: the same numbers/);
  await lab.browser.screenshot(join(SHOTS, "no-simd.png"));
  const before = await lab.browser.run(() => window.initlab.loadPreset("he-relu").then(() => window.initlab.runs()));
  const [run] = await lab.browser.run(() => window.initlab.train(300));
  assert.equal(run.step, 300);
  assert.ok(run.trainLoss < before[0].trainLoss, `${run.trainLoss} < ${before[0].trainLoss}`);
  assert.deepEqual(await problems(lab), NO_PROBLEMS);
});

test(`${ENGINE} without SIMD: the Share dialog's scripts come from the full build's scalar core`, async () => {
  await openLab(lab, "/#preset=he-relu");
  const found = await lab.browser.run(async () => {
    const { script } = await import(new URL("./scripts.js", location.href).href);
    const keras = await script("keras", window.initlab.runs()[0].config, { mode: "inKind", steps: 10 });
    const wasm = performance
      .getEntriesByType("resource")
      .map((e) => new URL(e.name).pathname)
      .filter((p) => p.endsWith(".wasm"));
    return { keras: keras.includes("import keras"), wasm };
  });
  assert.deepEqual(found, { keras: true, wasm: ["/pkg/initlab_scalar_bg.wasm", "/pkg/initlab_full_scalar_bg.wasm"] });
  assert.deepEqual(await problems(lab), NO_PROBLEMS);
});

test(`${ENGINE} without SIMD: the scalar core gives the pinned run's native bits`, async () => {
  await openLab(lab, "/");
  assert.equal(await pinnedFingerprint(lab, "./pkg/initlab_scalar_bg.wasm"), PINNED.expected);
});
