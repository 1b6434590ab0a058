// Theory on the charts: the "inside the layers" charts draw the mean-field prediction of the
// activation spread (dashed) beside the step-0 reading it predicts, the Theory view tabulates
// both, and where theory does not apply (zero init) both say so instead. Screenshots of the
// failing and working presets at 1366x768 and 375 px.

import { expect, test } from "@playwright/test";
import { hidden, openLab, screenshots, train } from "./lab.js";

test.use({ viewport: { width: 1366, height: 768 }, reducedMotion: "reduce" });

/** Loads preset `id` paused at step 0 with `views` open; returns initlab.layerProfiles(). */
async function profilesOf(page, id, views = ["layers", "theory"]) {
  await page.evaluate(({ id, views }) => window.initlab.loadPreset(id, views), { id, views });
  return page.evaluate(() => window.initlab.layerProfiles());
}

/** The series of `kind` of run `run` in chart `series`. */
const find = (series, run, kind) => series.find((s) => s.run === run && s.kind === kind);

test("He + ReLU: the predicted spread sits within 25% of the step-0 reading in every hidden layer", async ({ page, baseURL }, testInfo) => {
  const lab = await openLab(page, baseURL);
  const profiles = await profilesOf(page, "he-relu");
  const theory = find(profiles.activation, 0, "theory");
  const step0 = find(profiles.activation, 0, "step0");
  expect(theory, "a theory line on the activation chart").toBeTruthy();
  expect(theory.values).toHaveLength(step0.values.length);
  for (const [l, predicted] of hidden(theory.values).entries()) {
    expect(step0.values[l] / predicted, `layer ${l + 1}`).toBeGreaterThan(0.75);
    expect(step0.values[l] / predicted, `layer ${l + 1}`).toBeLessThan(1.25);
  }
  // He keeps ReLU's spread flat: the prediction is the same in every hidden layer after the first.
  const flat = hidden(theory.values).slice(1);
  for (const value of flat) expect(value / flat[0]).toBeCloseTo(1, 6);
  // At step 0, "now" is step 0.
  expect(find(profiles.activation, 0, "now").values).toEqual(step0.values);
  // ReLU's activations are all positive: the gradient chart has step 0 and now but no theory,
  // and says why.
  expect(profiles.gradient.map((s) => s.kind).sort()).toEqual(["now", "step0"]);
  expect(profiles.notes.join(" ")).toMatch(/No gradient theory for He normal · ReLU: .* its have mean 0\.5\d/);
  await expect(page.locator("#view-layers .profile-key")).toContainText("theory (infinite width), at initialization");

  // The Theory view: one row per layer, step 0 ÷ theory near 1 in the hidden layers.
  const rows = page.locator("#view-theory table.predictions").locator("tbody tr");
  await expect(rows).toHaveCount(theory.values.length);
  const ratios = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.cells[3].textContent)));
  for (const r of hidden(ratios)) expect(Math.abs(r - 1)).toBeLessThan(0.25);

  // Training moves the filled points; step 0 and theory stay where they were.
  await train(page, 300);
  const later = await page.evaluate(() => window.initlab.layerProfiles());
  expect(find(later.activation, 0, "theory").values).toEqual(theory.values);
  expect(find(later.activation, 0, "step0").values).toEqual(step0.values);
  expect(find(later.activation, 0, "now").values).not.toEqual(step0.values);
  await screenshots(page, testInfo, "theory-he-relu");
  await lab.check();
});

test("small init with tanh: theory and step 0 both fall layer after layer, close together", async ({ page, baseURL }, testInfo) => {
  const lab = await openLab(page, baseURL);
  const profiles = await profilesOf(page, "small-tanh");
  const theory = hidden(find(profiles.activation, 0, "theory").values);
  const step0 = hidden(find(profiles.activation, 0, "step0").values);
  for (const [l, predicted] of theory.entries()) {
    expect(step0[l] / predicted, `layer ${l + 1}`).toBeGreaterThan(0.6);
    expect(step0[l] / predicted, `layer ${l + 1}`).toBeLessThan(1.7);
  }
  // Both shrink by orders of magnitude from layer 1 to the last hidden layer.
  expect(theory.at(-1) / theory[0]).toBeLessThan(1e-3);
  expect(step0.at(-1) / step0[0]).toBeLessThan(1e-3);
  await train(page, 300);
  await screenshots(page, testInfo, "theory-small-tanh");
  await lab.check();
});

test("zero init: the layer charts and the Theory view say theory does not apply", async ({ page, baseURL }, testInfo) => {
  const lab = await openLab(page, baseURL);
  const profiles = await profilesOf(page, "zero-relu");
  const [run] = await page.evaluate(() => window.initlab.runs());
  expect(profiles.activation.some((s) => s.kind === "theory")).toBe(false);
  expect(profiles.activation.some((s) => s.kind === "step0")).toBe(true);
  const note = page.locator("#view-layers .theory-na");
  await expect(note).toHaveText(new RegExp(`^Theory does not apply to ${run.label}: every weight is 0`));
  await expect(page.locator("#view-theory")).toContainText(`Theory does not apply to ${run.label}: every weight is 0`);
  await expect(page.locator("#view-theory table.predictions")).toBeHidden();
  await train(page, 300);
  await screenshots(page, testInfo, "theory-zero-relu");
  await lab.check();
});

test("large init, and a comparison of six runs: step 0 and theory for the run shown only", async ({ page, baseURL }, testInfo) => {
  const lab = await openLab(page, baseURL);
  await profilesOf(page, "large-relu");
  await train(page, 300);
  await screenshots(page, testInfo, "theory-large-relu");

  const profiles = await profilesOf(page, "compare");
  const runs = await page.evaluate(() => window.initlab.runs());
  const shown = runs.length - 1; // a comparison opens on its last run
  expect(profiles.activation.filter((s) => s.kind === "now")).toHaveLength(runs.length);
  expect(profiles.activation.filter((s) => s.kind !== "now").map((s) => s.run)).toEqual([shown, shown]);
  expect(profiles.notes.join(" ")).toContain(`Step 0 and theory are drawn for ${runs[shown].label} only`);
  // Picking the zero-init run moves step 0 and the note to it.
  const zeros = runs.findIndex((r) => r.init === "zeros");
  await page.evaluate((i) => window.initlab.selectRun(i), zeros);
  const picked = await page.evaluate(() => window.initlab.layerProfiles());
  expect(picked.activation.filter((s) => s.kind !== "now").map((s) => `${s.kind}${s.run}`)).toEqual([`step0${zeros}`]);
  await expect(page.locator("#view-layers .theory-na")).toContainText(`Theory does not apply to ${runs[zeros].label}`);
  await page.evaluate((i) => window.initlab.selectRun(i), shown);
  await train(page, 300);
  await screenshots(page, testInfo, "theory-compare");
  await lab.check();
});

test("Glorot + tanh: the gradient chart draws the theory's ratios between layers, close to step 0", async ({ page, baseURL }, testInfo) => {
  const lab = await openLab(page, baseURL);
  const profiles = await profilesOf(page, "glorot-tanh");
  const theory = find(profiles.gradient, 0, "theory");
  const step0 = find(profiles.gradient, 0, "step0");
  expect(theory, "a theory line on the gradient chart").toBeTruthy();
  // Anchored at the last hidden layer's reading; the other layers within a factor of 2 of it.
  const last = theory.values.length - 2;
  expect(theory.values[last]).toBeCloseTo(step0.values[last], 6);
  for (const [l, predicted] of hidden(theory.values).entries()) {
    expect(step0.values[l] / predicted, `layer ${l + 1}`).toBeGreaterThan(0.5);
    expect(step0.values[l] / predicted, `layer ${l + 1}`).toBeLessThan(2);
  }
  expect(profiles.notes.join(" ")).not.toContain("No gradient theory");
  await screenshots(page, testInfo, "theory-glorot-tanh");
  await lab.check();
});
