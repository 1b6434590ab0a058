// Divergence is a property of the run, not of the calls (issue 11): every preset run diverges
// at the same step, or not at all, when its 1,500 steps go in one call, one step a call, or
// chunks of 1 to 37 steps with a round's readings in between; and the page, whose rounds are
// sized by the clock, shows that same step. tests/divergence.rs checks the same natively.

import { expect, test } from "@playwright/test";
import { loadPreset, openLab, train } from "./lab.js";

const STEPS = 1500;

test("every preset run diverges at the same step under three chunkings, and the page agrees", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL, "/#preset=he-relu");
  const results = await page.evaluate(async (steps) => {
    const { presets, Trainer } = await import("./pkg/initlab.js");
    const divergedAt = (config, chunk, read) => {
      const trainer = new Trainer(config);
      let progress = { step: 0, diverged: false };
      while (progress.step < steps && !progress.diverged) {
        const n = Math.min(chunk(progress.step), steps - progress.step);
        progress = read ? trainer.round({ steps: n, evaluate: true, stats: true, history: {}, trace: {} }).progress : trainer.step(n);
      }
      trainer.free();
      return progress.divergedAt;
    };
    return presets().flatMap((preset) =>
      preset.runs.map((config, run) => ({
        preset: preset.id,
        run,
        whole: divergedAt(config, () => steps, false),
        ones: divergedAt(config, () => 1, false),
        chunks: divergedAt(config, (done) => 1 + (done % 37), true),
      })),
    );
  }, STEPS);
  for (const r of results) {
    expect([r.ones, r.chunks], `${r.preset} run ${r.run}`).toEqual([r.whole, r.whole]);
  }
  const diverging = results.filter((r) => r.whole !== null);
  expect(diverging.map((r) => r.preset)).toEqual(expect.arrayContaining(["large-relu", "compare"]));

  for (const id of new Set(diverging.map((r) => r.preset))) {
    await loadPreset(page, id);
    const shown = await train(page, STEPS);
    for (const r of diverging.filter((d) => d.preset === id)) {
      expect(shown[r.run].divergedAt, `${id} run ${r.run} on the page`).toBe(r.whole);
    }
  }
  await lab.check();
});
