// The views beyond what each preset claims: toggles and the run picker from the keyboard, the
// glossary on hover and on focus, share and embed links, divergence that leaves the other runs
// training, the digits grid, the network diagram, and a layout that does not move while the
// numbers change. Each test saves a screenshot.

import { expect, test } from "@playwright/test";
import { percent } from "../../www/format.js";
import { loadPreset, openLab, train } from "./lab.js";

test.use({ viewport: { width: 1280, height: 800 }, reducedMotion: "reduce" });

test("views open and close from the keyboard; a preset opens its own", async ({ page, baseURL }, testInfo) => {
  const lab = await openLab(page, baseURL);
  await loadPreset(page, "zero-relu");
  expect(await page.evaluate(() => window.initlab.views())).toEqual(["loss", "boundary", "symmetry"]);
  const toggle = page.getByRole("button", { name: "Inside the layers", exact: true });
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("#view-layers")).toBeVisible();
  // A view opened by hand comes first, where the student is looking.
  expect(await page.evaluate(() => window.initlab.views())).toEqual(["layers", "loss", "boundary", "symmetry"]);
  const outline = await toggle.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline, "visible keyboard focus").not.toBe("none");
  await page.keyboard.press("Space");
  await expect(page.locator("#view-layers")).toBeHidden();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await page.screenshot({ path: testInfo.outputPath("views-toggled.png"), fullPage: true });
  await lab.check();
});

test("a card's own figure has its toggle only with a card that draws it, or while it is open", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL);
  const toggles = () =>
    page.evaluate(() => [...document.querySelectorAll("#view-toggles button")].filter((b) => !b.hidden).map((b) => b.textContent));
  const cardViews = ["At initialization", "Phase diagram", "Steps"];
  const shown = await toggles();
  for (const name of cardViews) expect(shown).not.toContain(name);
  expect(shown).toEqual(expect.arrayContaining(["Loss", "Inside the layers", "LSUV", "Depth"]));
  // Saxe's card draws Steps: its toggle is there, closes and opens again; the others stay away.
  await page.goto(`${baseURL}/#paper=saxe2014`);
  const steps = page.getByRole("button", { name: "Steps", exact: true });
  await expect(steps).toHaveAttribute("aria-pressed", "true");
  await steps.click();
  await expect(steps).toHaveAttribute("aria-pressed", "false");
  await expect(steps).toBeVisible();
  await steps.click();
  await expect(page.locator("#view-steps")).toBeVisible();
  expect((await toggles()).filter((name) => cardViews.includes(name))).toEqual(["Steps"]);
  // A link may open a card's view off its card: the toggle comes with it, to close it.
  await page.goto(`${baseURL}/#preset=he-relu&views=loss,phase`);
  await expect.poll(async () => (await toggles()).filter((name) => cardViews.includes(name))).toEqual(["Phase diagram"]);
  await lab.check();
});

test("the run picker chooses the run the single-run views show", async ({ page, baseURL }, testInfo) => {
  const lab = await openLab(page, baseURL);
  const runs = await loadPreset(page, "compare");
  await page.evaluate(() => window.initlab.showViews(["symmetry", "layers"]));
  const picker = page.locator("#run-picker");
  await expect(picker.getByRole("button")).toHaveCount(runs.length);
  await picker.getByRole("button", { name: runs[0].label, exact: true }).click();
  await expect(page.locator("#symmetry-title .run-tag")).toHaveText(`· ${runs[0].label}`);
  await expect(page.locator("#view-symmetry .badge-value").first()).toHaveText("1 of 32");
  await expect(picker.getByRole("button", { name: runs[0].label, exact: true })).toHaveAttribute("aria-pressed", "true");
  await page.screenshot({ path: testInfo.outputPath("run-picker.png"), fullPage: true });
  await lab.check();
});

test("every term explains itself on hover and on keyboard focus", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL);
  await loadPreset(page, "he-relu");
  const tooltip = page.locator(".tooltip");
  const term = page.locator("#view-layers .caption [data-term='gradientNorm']");
  await term.hover();
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText("how hard the loss pushes");
  await page.mouse.move(0, 0);
  await expect(tooltip).toBeHidden();
  const fanIn = page.locator("#view-theory [data-term='fan_in']").first();
  await fanIn.focus();
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText("fan_in: the number of inputs");
  // Screen readers get the same line as the term's description.
  await expect(fanIn).toHaveAccessibleDescription(/the number of inputs each neuron/);
  await page.keyboard.press("Escape");
  await expect(tooltip).toBeHidden();
  await lab.check();
});

test("share and embed links reopen the same setup; embed mode is a card with those views as tabs", async ({ page, baseURL }, testInfo) => {
  const lab = await openLab(page, baseURL);
  await loadPreset(page, "large-tanh");
  await page.evaluate(() => window.initlab.showViews(["symmetry", "loss"]));
  await page.getByRole("button", { name: "Share / Embed" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  const link = await page.locator("#share-link").inputValue();
  expect(link).toContain("preset=large-tanh");
  // The full page has no "Open in initlab" link: it is the widget's way here.
  await expect(page.getByRole("link", { name: /Open in initlab/ })).toBeHidden();
  expect(link).toContain("views=symmetry,loss");
  const snippet = await page.locator("#share-embed").inputValue();
  const embed = snippet.match(/src="([^"]+)"/)[1];
  expect(embed).toContain("embed=1");
  await page.screenshot({ path: testInfo.outputPath("share-dialog.png") });
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await page.goto(embed);
  await page.evaluate(() => window.initlab.ready);
  // The card's title row names the preset; the presets and the settings stay on the full page.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("initlab · Large + tanh");
  await expect(page.locator("#presets")).toBeHidden();
  await expect(page.locator(".panel")).toBeHidden();
  expect(await page.evaluate(() => window.initlab.views())).toEqual(["symmetry", "loss"]);
  await expect(page.locator("#view-symmetry")).toBeVisible();
  await expect(page.locator("#view-layers")).toBeHidden();
  // The widget links to the full page of what it shows (settings, sharing and exports are
  // there), in a new tab: the share link, without embed=1.
  const full = page.getByRole("link", { name: "Open in initlab (full page, new tab)" });
  await expect(full).toBeVisible();
  expect(await full.getAttribute("href")).toBe(link);
  expect(await full.getAttribute("target")).toBe("_blank");
  await page.screenshot({ path: testInfo.outputPath("embed.png"), fullPage: true });
  await lab.check();
});

test("a diverging run stops at its NaN while the others train on", async ({ page, baseURL }, testInfo) => {
  const lab = await openLab(page, baseURL);
  await loadPreset(page, "compare");
  await page.evaluate(() => window.initlab.showViews(["loss", "layers", "symmetry", "theory", "boundary"]));
  const runs = await train(page, 200);
  const large = runs.find((r) => r.diverged);
  expect(large.divergedAt).toBeLessThan(200);
  for (const run of runs.filter((r) => !r.diverged)) expect(run.step).toBe(200);
  await page.evaluate((label) => {
    const i = window.initlab.runs().findIndex((r) => r.label === label);
    return window.initlab.selectRun(i);
  }, large.label);
  await expect(page.locator("#view-layers .sentences")).toContainText(`Diverged (NaN) at step ${large.divergedAt}`);
  await expect(page.locator("#view-layers .subtitle").last()).toContainText("its last reading before it diverged");
  const curves = await page.evaluate(() => window.initlab.lossCurves());
  const healthy = curves.find((c) => c.label !== large.label);
  expect(healthy.loss.at(-1)).not.toBeNull();
  await page.screenshot({ path: testInfo.outputPath("diverged.png"), fullPage: true });
  await lab.check();
});

test("digits: a grid of test digits with the predicted classes, wrong ones marked", async ({ page, baseURL }, testInfo) => {
  const lab = await openLab(page, baseURL);
  await loadPreset(page, "he-relu");
  await page.evaluate(() => window.initlab.setConfig({ dataset: "digits", hidden: [32, 32] }));
  await page.evaluate(() => window.initlab.showViews(["boundary", "loss"]));
  const [run] = await train(page, 300);
  const digits = page.locator("#view-boundary .digit");
  await expect(digits).toHaveCount(40);
  await expect(page.locator("#view-boundary .view-note")).toContainText(`(${percent(run.testAccuracy)})`);
  const wrong = await page.locator("#view-boundary .digit.wrong figcaption").allTextContents();
  for (const text of wrong) expect(text).toMatch(/^✗ \d \(is \d\)$/);
  await expect(page.locator("#boundary-title")).toHaveText("Data: test digits and predictions");
  await page.screenshot({ path: testInfo.outputPath("digits.png"), fullPage: true });
  await lab.check();
});

test("the network diagram draws a small network and explains why it skips a wide one", async ({ page, baseURL }, testInfo) => {
  const lab = await openLab(page, baseURL);
  await loadPreset(page, "small-relu");
  await page.evaluate(() => window.initlab.showViews(["network"]));
  await train(page, 200);
  const canvas = page.locator("#view-network canvas.network");
  await expect(canvas).toBeVisible();
  const colours = await canvas.evaluate((c) => {
    const { data } = c.getContext("2d").getImageData(0, 0, c.width, c.height);
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  });
  expect(colours, "edges in many shades").toBeGreaterThan(50);
  await page.screenshot({ path: testInfo.outputPath("network.png"), fullPage: true });
  await loadPreset(page, "he-relu");
  await page.evaluate(() => window.initlab.showViews(["network"]));
  await expect(canvas).toBeHidden();
  await expect(page.locator("#view-network .view-note")).toContainText("too many lines to read");
  await lab.check();
});

test("nothing moves while training: views keep their place and size", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL);
  await loadPreset(page, "compare");
  await page.evaluate(() => window.initlab.showViews(["loss", "layers", "symmetry", "theory"]));
  await train(page, 20);
  const boxes = () =>
    page.evaluate(() =>
      ["#view-loss", "#view-layers", "#view-symmetry", "#view-theory", "#view-layers .histograms", "table.results"].map((selector) => {
        const { x, y, width, height } = document.querySelector(selector).getBoundingClientRect();
        return { selector, x, y, width, height };
      }),
    );
  const before = await boxes();
  await train(page, 400);
  expect(await boxes()).toEqual(before);
  await lab.check();
});

test("the loss legend hides and shows runs, and Smooth draws each curve's trend", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL);
  await loadPreset(page, "small-relu");
  await train(page, 600);
  const curves = () => page.evaluate(() => window.initlab.lossCurves());
  /** How much a curve jumps from point to point, in decades. */
  const roughness = (loss) => loss.slice(1).reduce((sum, v, k) => sum + Math.abs(Math.log10(v) - Math.log10(loss[k])), 0);
  const raw = await curves();
  const smooth = page.getByRole("button", { name: "Smooth" });
  await smooth.click();
  await expect(smooth).toHaveAttribute("aria-pressed", "true");
  const smoothed = await curves();
  for (const [i, curve] of smoothed.entries()) {
    expect(curve.steps).toEqual(raw[i].steps);
    expect(roughness(curve.loss), curve.label).toBeLessThan(roughness(raw[i].loss) / 2);
  }
  await smooth.click();
  expect(await curves()).toEqual(raw);
  // A legend entry hides its run's curve, and shows it again.
  const entry = page.locator("#view-loss .legend button").first();
  await entry.click();
  await expect(entry).toHaveAttribute("aria-pressed", "false");
  await entry.click();
  await expect(entry).toHaveAttribute("aria-pressed", "true");
  await lab.check();
});
