// The paper cards (issue 14): each card opens from its link (the cards' code and the core's full
// build loaded first, the page's own download holding none of it), trains its experiment or
// measures it at initialization in workers, and shows the core's badge, whose numbers are the
// runs' own or the core's; a grid cell click sets the network; Cancel stops the measuring; a
// card embeds at the recommended 560 px; a bad or hostile `paper=` is a notice.

import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { number } from "../../www/format.js";
import { openLab } from "./lab.js";

/** The serious and critical violations axe finds on the page as it is, one line each. */
async function violations(page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test.describe.configure({ timeout: 240_000 });

/** The cards, read from the core's full build the page loaded, each with its whole experiment. */
async function cards(page) {
  return page.evaluate(async () => {
    const core = await (await import("./full-core.js")).loadFull();
    return core.papers().map((card) => ({ ...card, experiment: core.paperExperiment(card.id) }));
  });
}

/**
 * Records, from the page's start, every text of the story's sentence and whether the card panel
 * showed each time it changed: a card's link must show the card and nothing before it.
 */
function watchStory(page) {
  return page.addInitScript(() => {
    window.__story = [];
    document.addEventListener("DOMContentLoaded", () => {
      const sentence = document.getElementById("look-for-text");
      const panel = document.getElementById("paper");
      const note = () => window.__story.push({ text: sentence.textContent, panel: !panel.hidden });
      new MutationObserver(note).observe(sentence, { childList: true, characterData: true, subtree: true });
    });
  });
}

/** Waits for the card's badge and returns initlab.paper(). */
async function checked(page) {
  await page.waitForFunction(() => window.initlab.paper()?.phase === "checked", null, { timeout: 200_000 });
  return page.evaluate(() => window.initlab.paper());
}

/**
 * In view `viewId`, clicks the button named `start` (when given), then Cancel as soon as it is
 * enabled and the status line `statusId` matches `ready`: inside the page, a frame at most after
 * the pool changed, so a quiet machine cannot finish a light card before the click lands.
 */
async function cancelWhen(page, { viewId, statusId, ready, start = null }) {
  await page.evaluate(
    async ({ viewId, statusId, source, start }) => {
      const named = (name) => [...document.querySelectorAll(`#${viewId} button`)].find((b) => b.textContent === name);
      if (start) named(start).click();
      const [cancel, status, pattern] = [named("Cancel"), document.getElementById(statusId), new RegExp(source)];
      while (cancel.disabled || !pattern.test(status.textContent)) await new Promise(requestAnimationFrame);
      cancel.click();
    },
    { viewId, statusId, source: ready.source, start },
  );
}

test("He et al. 2015: the card trains Glorot and He 3,000 steps and its badge holds the runs' own numbers", async ({ page, baseURL }) => {
  const fetched = [];
  page.on("request", (request) => fetched.push(new URL(request.url()).pathname));
  await watchStory(page);
  const lab = await openLab(page, baseURL, "/#paper=he2015");
  const [card] = (await cards(page)).filter((c) => c.id === "he2015");
  // The card's link showed the card's sentence with its panel, and nothing before it.
  const story = await page.evaluate(() => window.__story);
  expect(story.length).toBeGreaterThan(0);
  for (const seen of story) expect(seen).toEqual({ text: card.lookFor, panel: true });
  // The cards come with the core's full build, which the link fetched.
  expect(fetched).toContain("/pkg/initlab_full.js");
  await expect(page.locator("#paper-title")).toContainText(card.label);
  await expect(page.locator(".paper-citation")).toHaveText(card.citation);
  const state = await checked(page);
  const runs = await page.evaluate(() => window.initlab.runs());
  expect(runs.map((r) => r.step)).toEqual([card.experiment.steps, card.experiment.steps]);
  // The badge is the core's verdict of exactly these runs.
  const again = await page.evaluate(async (r) => (await (await import("./full-core.js")).loadFull()).paperChecks("he2015", r), runs);
  expect(state.verdict).toEqual(again);
  const [learned, stalled, heSpread, glorotSpread] = state.verdict.checks;
  expect(learned.measured).toBe(runs[1].trainLoss);
  expect(stalled.measured).toBe(runs[0].trainLoss);
  expect(heSpread.measured).toBeCloseTo(runs[1].start.activationStds[29] / runs[1].start.activationStds[0], 12);
  expect(glorotSpread.measured).toBeCloseTo(runs[0].start.activationStds[29] / runs[0].start.activationStds[0], 12);
  expect(state.verdict.reproduced).toBe(true);
  await expect(page.locator(".paper-badge")).toHaveText("✓ Reproduced");
  await expect(page.locator(".paper-checks tbody tr")).toHaveCount(4);
  expect(await page.evaluate(() => location.hash)).toContain("paper=he2015");
  await page.screenshot({ path: test.info().outputPath("paper-he2015.png") });
  // Off the card, the panel goes.
  await page.evaluate(() => window.initlab.loadPreset("he-relu"));
  await expect(page.locator("#paper")).toBeHidden();
  await lab.check();
});

test("Schoenholz et al. 2017: the grid trains in the pool, its badge comes from the cells, and a click sets that network", async ({
  page,
  baseURL,
}) => {
  const lab = await openLab(page, baseURL, "/#paper=schoenholz2017");
  // The list of cards has each experiment's outline; the grid is laid out when asked for.
  const listed = await page.evaluate(async () => (await (await import("./full-core.js")).loadFull()).papers().map((c) => c.experiment));
  for (const outline of listed) expect(Object.keys(outline).sort()).toEqual(["kind", "steps"]);
  const [card] = (await cards(page)).filter((c) => c.id === "schoenholz2017");
  await expect(page.locator("#view-phase")).toBeVisible();
  await expect(page.locator("#phase-status")).toContainText("Training the grid");
  const state = await checked(page);
  expect(state.verdict.checks).toHaveLength(3);
  expect(state.verdict.reproduced).toBe(true);
  expect(state.verdict.figure.edge).toHaveLength(card.experiment.x.values.length);
  await expect(page.locator("#phase-status")).toContainText(`${card.experiment.cells.length} networks trained`);
  // The table alternative: a row per depth, a column per σ_w², every network's accuracy.
  const table = page.locator("#view-phase table.phase-table");
  await expect(table.locator("tbody tr")).toHaveCount(card.experiment.y.values.length);
  await expect(table.locator("thead th")).toHaveCount(card.experiment.x.values.length + 1);
  const scores = await table.locator("tbody td").allTextContents();
  expect(scores).toHaveLength(card.experiment.cells.length);
  for (const score of scores) expect(score).toMatch(/^\d+%$/);
  await page.locator("#view-phase").screenshot({ path: test.info().outputPath("paper-schoenholz2017.png") });
  // A click on the cell at σ_w² = 1 and 8 layers (third column, fourth row from the top of seven).
  const box = await page.locator(".phase-canvas").boundingBox();
  const { x, y } = await page.evaluate(() => {
    const c = document.querySelector(".phase-canvas");
    return { x: c.clientWidth, y: c.clientHeight };
  });
  const [left, top, right, bottom] = [64, 10, 12, 44]; // phase-plot.js's MARGIN
  const cellW = (x - left - right) / card.experiment.x.values.length;
  const cellH = (y - top - bottom) / card.experiment.y.values.length;
  const column = card.experiment.x.values.indexOf(1);
  const row = card.experiment.y.values.indexOf(8);
  await page.mouse.click(box.x + left + (column + 0.5) * cellW, box.y + top + (card.experiment.y.values.length - 1 - row + 0.5) * cellH);
  await expect.poll(() => page.evaluate(() => window.initlab.runs()[0]?.config.hidden.length)).toBe(8);
  const [run] = await page.evaluate(() => window.initlab.runs());
  expect(run.config.initOptions.scale).toBe(1);
  expect(await page.evaluate(() => location.hash)).toContain("paper=schoenholz2017");
  await lab.check();
});

test("a card embeds whole in the recommended 560 px frame; autoplay trains its grid, not the page's runs", async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 560, height: 560 });
  const lab = await openLab(page, baseURL, "/#paper=schoenholz2017&embed=1&autoplay=1");
  await checked(page);
  expect((await page.evaluate(() => window.initlab.runs())).map((run) => run.step)).toEqual([0]);
  await expect(page.locator(".paper-badge")).toHaveText("✓ Reproduced");
  await expect(page.locator("#view-phase")).toBeVisible();
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollHeight, client: innerHeight }));
  expect(scroll).toBeLessThanOrEqual(client);
  await page.screenshot({ path: test.info().outputPath("paper-embed.png") });
  await lab.check();
});

test("Saxe et al. 2014: the depth sweep trains in the pool on the full build and its badge holds the networks' own steps", async ({
  page,
  baseURL,
}) => {
  const lab = await openLab(page, baseURL, "/#paper=saxe2014");
  const [card] = (await cards(page)).filter((c) => c.id === "saxe2014");
  expect(card.experiment.kind).toBe("depths");
  await expect(page.locator("#view-steps")).toBeVisible();
  const state = await checked(page);
  expect(state.verdict.reproduced).toBe(true);
  await expect(page.locator(".paper-badge")).toHaveText("✓ Reproduced");
  // The table: a row per depth, a column per init, every network's steps (or "> 2,000").
  const { depths, series } = { depths: card.experiment.x.values, series: card.experiment.series };
  const table = page.locator("#view-steps table.steps-table");
  await expect(table.locator("tbody tr")).toHaveCount(depths.length);
  const shown = await table
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("td")].map((td) => td.textContent)));
  const steps = shown.map((row) => row.map((text) => (text.startsWith(">") ? Number.POSITIVE_INFINITY : Number(text.replaceAll(",", "")))));
  for (const row of steps) for (const v of row) expect(v > 0).toBe(true);
  // Each network again, one call each in the full build (saxeCell, the native path): the same steps.
  const direct = await page.evaluate(
    async ({ depths, n }) => {
      const full = await (await import("./full-core.js")).loadFull();
      return depths.map((depth) => Array.from({ length: n }, (_, init) => full.saxeCell(init, depth, 1).stepsToTarget));
    },
    { depths, n: series.length },
  );
  expect(steps).toEqual(direct.map((row) => row.map((v) => v ?? Number.POSITIVE_INFINITY)));
  // The checks' numbers are those steps' ratios.
  const [flat, steep] = state.verdict.checks;
  const at = (init, depth) => steps[depths.indexOf(depth)][init];
  expect(flat.measured).toBeCloseTo(at(0, depths.at(-1)) / at(0, 1), 12);
  expect(steep.measured).toBeCloseTo(at(1, 8) / at(1, 1), 12);
  await expect(page.locator("#steps-status")).toContainText(`${card.experiment.cells.length} networks trained in `);
  expect(await violations(page)).toEqual([]);
  await page.locator("#view-steps").screenshot({ path: test.info().outputPath("paper-saxe2014.png") });
  // A click at depth 16 gives the page's two networks 16 layers (15 hidden and the output).
  const chart = page.locator("#view-steps .steps-chart .u-over");
  const box = await chart.boundingBox();
  // The x axis is log2(depth) from 0.75 left of depth 1 to 0.3 right of depth 33 (depth-chart.js's
  // pads); depth 16 is nearest for half a unit either way, so the pads need not be exact.
  const [lo, hi] = [-0.75, Math.log2(33) + 0.3];
  const x16 = ((4 - lo) / (hi - lo)) * box.width;
  await page.mouse.click(box.x + x16, box.y + box.height / 2);
  await expect.poll(() => page.evaluate(() => window.initlab.runs().map((r) => r.config.hidden.length))).toEqual([15, 15]);
  expect(await page.evaluate(() => location.hash)).toContain("paper=saxe2014");
  await lab.check();
});

test("Saxe et al. 2014: Cancel stops the sweep at once, keeps what it trained, and training again finishes it", async ({
  page,
  baseURL,
}) => {
  await page.emulateMedia({ reducedMotion: "reduce" }); // the card waits for a click
  const lab = await openLab(page, baseURL, "/#paper=saxe2014");
  await expect(page.locator("#steps-status")).toContainText("0 of 12 networks trained");
  await expect(page.locator(".paper-status")).toHaveText("Train the networks to check the claim.");
  await cancelWhen(page, { viewId: "view-steps", statusId: "steps-status", ready: /^Training: /, start: "Train the networks" });
  await expect(page.locator("#steps-status")).toContainText("Cancelled:");
  const status = await page.locator("#steps-status").textContent();
  const trained = Number(/Cancelled: (\d+) of 12/.exec(status)[1]);
  expect(trained).toBeLessThan(12);
  expect(await page.evaluate(() => window.initlab.paper().phase)).toBe("waiting");
  await expect(page.locator("#view-steps").getByRole("button", { name: "Cancel" })).toBeDisabled();
  await page.locator("#view-steps").getByRole("button", { name: "Train the networks" }).click();
  const state = await checked(page);
  expect(state.verdict.reproduced).toBe(true);
  await lab.check();
});

test("Mishkin & Matas 2016: LSUV and the orthogonal draw train 3,000 steps; the badge reads the runs and LSUV's report", async ({
  page,
  baseURL,
}) => {
  const lab = await openLab(page, baseURL, "/#paper=mishkin2016");
  const [card] = (await cards(page)).filter((c) => c.id === "mishkin2016");
  const state = await checked(page);
  const runs = await page.evaluate(() => window.initlab.runs());
  expect(runs.map((r) => r.init)).toEqual(["lsuv", "orthogonal"]);
  expect(runs.map((r) => r.step)).toEqual([card.experiment.steps, card.experiment.steps]);
  const again = await page.evaluate(async (r) => (await (await import("./full-core.js")).loadFull()).paperChecks("mishkin2016", r), runs);
  expect(state.verdict).toEqual(again);
  const [variance, once, trains, stalls] = state.verdict.checks;
  const report = runs[0].lsuv;
  expect(report).toHaveLength(runs[0].config.hidden.length + 1);
  expect(runs[1].lsuv).toBeNull();
  // (Within a rounding of 1: the report crosses to the core as JSON, whose parse may round the last bit.)
  expect(variance.measured).toBeCloseTo(Math.max(...report.map((l) => Math.abs(l.variance - 1))), 15);
  expect(variance.expected).toBe(runs[0].config.initOptions.tolerance);
  const hidden = report.slice(0, -1).map((l) => l.iterations);
  expect(once.measured).toBe(hidden.filter((n) => n === 1).length / hidden.length);
  expect(trains.measured).toBe(runs[0].trainLoss);
  expect(stalls.measured).toBe(runs[1].trainLoss);
  expect(state.verdict.reproduced).toBe(true);
  await expect(page.locator(".paper-badge")).toHaveText("✓ Reproduced");
  // The LSUV view: a row per layer, LSUV's own numbers.
  await expect(page.locator("#view-lsuv")).toBeVisible();
  const rows = page.locator("#view-lsuv table.lsuv-table tbody tr");
  await expect(rows).toHaveCount(report.length);
  await expect(rows.last().locator("td").nth(1)).toHaveText(String(report.at(-1).iterations));
  await expect(page.locator(".lsuv-note")).toContainText("1 in every layer");
  expect(await violations(page)).toEqual([]);
  await page.locator("#view-lsuv").screenshot({ path: test.info().outputPath("paper-mishkin2016.png") });
  await lab.check();
});

test("LSUV's options in the settings panel: a bad value is refused by the core, naming the option and what it allows", async ({
  page,
  baseURL,
}) => {
  const lab = await openLab(page, baseURL, "/#preset=he-relu");
  await page.selectOption("#ctl-init", "lsuv");
  await expect.poll(() => page.evaluate(() => window.initlab.runs()[0]?.init)).toBe("lsuv");
  for (const [option, bad, rule] of [
    ["tolerance", "2", "in (0, 1)"],
    ["maxIterations", "0.5", "at most 100"],
    ["batch", "9999", "at most 512"],
  ]) {
    const input = page.locator(`#ctl-init-${option}`);
    await input.fill(bad);
    await input.dispatchEvent("change");
    const error = page.locator(`#err-init-${option}`);
    await expect(error).toBeVisible();
    await expect(error).toContainText(option);
    await expect(error).toContainText(rule);
  }
  // A good value takes: the run's config has it, and its report is measured with it.
  await page.locator("#ctl-init-tolerance").fill("0.2");
  await page.locator("#ctl-init-tolerance").dispatchEvent("change");
  await expect.poll(() => page.evaluate(() => window.initlab.runs()[0]?.config.initOptions.tolerance)).toBe(0.2);
  await expect(page.locator("#err-init-tolerance")).toBeHidden();
  await lab.check();
});

/**
 * The core's own experiment of at-initialization card `id` in the page, measured in one call on
 * the main thread by the full build (glorotBengioCard, penningtonCard): its checks.
 */
function coreChecks(page, id) {
  return page.evaluate(async (id) => {
    const { fullCoreFor } = await import("./full-core.js");
    const full = await (await import("./full-core.js")).loadFull();
    const card = full.papers().find((c) => c.id === id);
    const core = await fullCoreFor(card.runs);
    const { seed } = full.paperExperiment(id);
    return (id === "glorot2010" ? core.glorotBengioCard(seed) : core.penningtonCard(seed)).checks;
  }, id);
}

for (const [id, charts] of [
  ["glorot2010", 4],
  ["pennington2017", 3],
]) {
  test(`${id}: the figure is measured at initialization in workers, and the badge holds the core's numbers`, async ({ page, baseURL }) => {
    const lab = await openLab(page, baseURL, `/#paper=${id}`);
    const [card] = (await cards(page)).filter((c) => c.id === id);
    expect(card.experiment.kind).toBe("atInit");
    await expect(page.locator("#paper-title")).toContainText(card.label);
    await expect(page.locator("#view-atinit")).toBeVisible();
    const state = await checked(page);
    // Nothing trained: the page's runs stay at step 0.
    expect((await page.evaluate(() => window.initlab.runs())).map((r) => r.step)).toEqual(card.runs.map(() => 0));
    expect(state.verdict.reproduced).toBe(true);
    expect(state.verdict.checks).toEqual(await coreChecks(page, id));
    await expect(page.locator(".paper-badge")).toHaveText("✓ Reproduced");
    await expect(page.locator(".paper-checks tbody tr")).toHaveCount(state.verdict.checks.length);
    const shown = await page.locator(".paper-checks tbody td.num").allTextContents();
    expect(shown.length).toBe(state.verdict.checks.length * 2);
    await expect(page.locator("#view-atinit figure.atinit-chart canvas")).toHaveCount(charts);
    await expect(page.locator("#atinit-status")).toContainText(`${card.experiment.cells.length} networks measured at initialization`);
    if (id === "pennington2017") {
      // Each panel gives the largest singular value measured at the depth shown (8) and the one
      // theory gives the network there, the core's numbers (the Fuss-Catalan edge's root for the
      // Gaussian network, 1 for the orthogonal one; none for ReLU).
      const { cells, spectra } = await page.evaluate(async () => {
        const { fullCoreFor, loadFull } = await import("./full-core.js");
        const full = await loadFull();
        const card = full.papers().find((c) => c.id === "pennington2017");
        const experiment = full.paperExperiment("pennington2017");
        return { cells: experiment.cells, spectra: (await fullCoreFor(card.runs)).penningtonCard(experiment.seed).spectra };
      });
      const expected = cells
        .filter((cell) => cell.depth === 8)
        .map((cell) => {
          const largest = spectra.find((s) => s.network === cell.network && s.depth === 8).singularValues[0];
          return `largest ${number(largest)}${cell.theoryLargest === null ? "" : `, theory ${number(cell.theoryLargest)}`}`;
        });
      expect(await page.locator("#view-atinit .atinit-numbers").allTextContents()).toEqual(expected);
      expect(expected[1]).toContain(`theory ${number(Math.sqrt(9 ** 9 / 8 ** 8))}`);
    }
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: test.info().outputPath(`paper-${id}.png`) });
    await lab.check();
  });
}

test("Cancel stops measuring at initialization, keeps the cells measured, and Measure finishes them", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL, "/#paper=pennington2017");
  const status = page.locator("#atinit-status");
  await cancelWhen(page, { viewId: "view-atinit", statusId: "atinit-status", ready: /Measuring at initialization: [1-9]\d* of 15/ });
  await expect(status).toHaveText(/^Cancelled: \d+ of 15 networks measured at initialization: Measure to finish\.$/);
  const kept = Number((await status.textContent()).split(" ")[1]);
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(15);
  await expect(page.locator(".paper-status")).toHaveText("Measure the networks to check the claim.");
  await expect(page.locator(".paper-badge")).toHaveText("Not checked yet");
  await page.locator("#view-atinit").getByRole("button", { name: "Measure", exact: true }).click();
  const state = await checked(page);
  expect(state.verdict.reproduced).toBe(true);
  await lab.check();
});

test("an unknown card is left out with a notice naming the cards, and the page fetches no card code", async ({ page, baseURL }) => {
  const fetched = [];
  page.on("request", (request) => fetched.push(new URL(request.url()).pathname));
  const lab = await openLab(page, baseURL, "/#paper=nope");
  const ids = await page.evaluate(async () => (await import("./pkg/initlab.js")).paperPresets().map((card) => card.id));
  expect(ids).toEqual(expect.arrayContaining(["he2015", "schoenholz2017"]));
  await expect(page.locator("#url-notice")).toContainText(`paper: unknown value "nope"; allowed: ${ids.join(", ")}`);
  await expect(page.locator("#paper")).toBeHidden();
  // Off a card the page's download holds no card: neither the full build nor the cards' code.
  for (const path of ["/pkg/initlab_full.js", "/pkg/initlab_full_bg.wasm", "/paper-card.js", "/views/paper.js"])
    expect(fetched).not.toContain(path);
  await lab.check();
});

test("a hostile paper= value is quoted as text in the notice, never as markup", async ({ page, baseURL }) => {
  const hostile = "<img src=x onerror=window.__pwned=1>";
  const lab = await openLab(page, baseURL, `/#paper=${encodeURIComponent(hostile)}`);
  await expect(page.locator("#url-notice")).toContainText(`paper: unknown value "${hostile}"`);
  expect(await page.locator("#url-notice img").count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned ?? null)).toBeNull();
  await expect(page.locator("#paper")).toBeHidden();
  await lab.check();
});
