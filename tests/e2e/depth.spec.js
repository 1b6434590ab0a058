// The Depth view (issue 13): a sweep of depths per initialization and seed, trained in a pool of
// workers. In He et al.'s setting (ReLU, width 64, SGD at learning rate 0.01) He's initialization
// trains at every depth up to 30 while small random and Glorot initializations stall at chance
// from some depth on; Cancel stops the workers and keeps what finished; the CSV has a row per
// network; a link reopens and reruns the same sweep, with the same numbers; results come back
// while the setup is the same. Screenshots at 1366x768.

import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { number } from "../../www/format.js";
import { CSV_HEADER } from "../../www/sweep-stats.js";
import { openLab, screenshots } from "./lab.js";

test.use({ viewport: { width: 1366, height: 768 }, reducedMotion: "reduce" });

/** He et al.'s setting on the page: the comparison's runs with one hidden layer of 64, SGD at 0.01. */
const HE_SETTING = "/#preset=compare&hidden=64&lr=0.01&views=depth";
/** Chance: the loss of a network that guesses between two classes. */
const CHANCE = Math.log(2);

/** Runs a sweep of `settings` through initlab; resolves with depthSweep() once it ended. */
function runSweep(page, settings) {
  return page.evaluate((s) => window.initlab.runDepthSweep(s), settings);
}

/** Waits until the sweep the page runs by itself (a link's) has ended; returns depthSweep(). */
async function sweepEnded(page) {
  await expect.poll(() => page.evaluate(() => window.initlab.depthSweep()?.running), { timeout: 90_000 }).toBe(false);
  return page.evaluate(() => window.initlab.depthSweep());
}

/** The summary row of init `init` at `depth`. */
const row = (sweep, init, depth) => sweep.summary.find((r) => r.init === init && r.depth === depth);

test("He et al.'s setting: He trains at every depth, small init and Glorot stall at chance from some depth on", async ({
  page,
  baseURL,
}, testInfo) => {
  const lab = await openLab(page, baseURL, HE_SETTING);
  const inits = ["he_normal", "glorot_normal", "random_normal:stddev=0.01"];
  const depths = [1, 4, 16, 30];
  const sweep = await runSweep(page, { inits, depths, seeds: 2, steps: 2000 });
  expect(sweep.width).toBe(64);
  expect(sweep.outcome.seconds).toBeGreaterThan(0);
  expect([sweep.done, sweep.total]).toEqual([24, 24]);
  expect(sweep.summary.every((r) => r.seeds === 2)).toBe(true);
  const median = (init, depth) => row(sweep, init, depth).loss.median;
  const failing = (init) => depths.filter((d) => median(init, d) >= 0.98 * CHANCE);
  // He: below chance at every depth, and well below it at 30 layers.
  for (const depth of depths) expect(median("he_normal", depth), `He at ${depth}`).toBeLessThan(0.97 * CHANCE);
  expect(median("he_normal", 30)).toBeLessThan(0.6 * CHANCE);
  // Small init and Glorot: from some depth on, every deeper network stalls at chance.
  for (const init of ["random_normal:stddev=0.01", "glorot_normal"]) {
    const from = failing(init)[0];
    expect(from, `${init} fails from some depth on`).toBeDefined();
    expect(failing(init), init).toEqual(depths.filter((d) => d >= from));
    for (const depth of failing(init)) expect(median("he_normal", depth)).toBeLessThan(median(init, depth));
  }
  expect(median("glorot_normal", 30)).toBeGreaterThan(0.98 * CHANCE);
  expect(sweep.summary.every((r) => r.diverged === 0)).toBe(true);

  // The page says it in words: the status, the legend, and a table row per init and depth.
  const view = page.locator("#view-depth");
  await expect(view.getByRole("status")).toHaveText(`All 24 networks trained in ${sweep.outcome.seconds.toFixed(1)} s.`);
  await expect(view.locator(".legend li")).toHaveText(sweep.labels);
  await view.getByText("The numbers, as a table").click();
  const rows = view.locator("table.sweep-table tbody tr");
  await expect(rows).toHaveCount(inits.length * depths.length);
  const deepHe = rows.filter({ hasText: "He normal" }).filter({ has: page.locator("td", { hasText: /^30$/ }) });
  await expect(deepHe.locator("td").nth(2)).toHaveText(number(median("he_normal", 30)));
  await expect(view.locator("progress")).toHaveJSProperty("value", 1);
  await view.screenshot({ path: testInfo.outputPath("depth-he-setting-view.png") });
  await screenshots(page, testInfo, "depth-he-setting");
  await lab.check();
});

test("Cancel stops the workers at once and keeps what finished; Run trains only the rest", async ({ page, baseURL }) => {
  // A link's sweep keys without sweep=1 set the sweep up without running it.
  const lab = await openLab(page, baseURL, "/#preset=compare&views=depth&sweepInits=he_normal,zeros&sweepDepths=1,8,32&sweepSteps=3000");
  const workers = page.workers().length;
  const before = await page.evaluate(() => window.initlab.depthSweep());
  expect([before.running, before.done, before.total]).toEqual([false, 0, 18]);
  await expect(page.locator("#sweep-steps")).toHaveValue("3000");
  const run = page.getByRole("button", { name: "Run sweep" });
  await run.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => page.evaluate(() => window.initlab.depthSweep().done), { timeout: 60_000 }).toBeGreaterThan(0);
  expect(page.workers().length).toBeGreaterThan(workers);
  await page.getByRole("button", { name: "Cancel" }).click();
  const cancelled = await page.evaluate(() => window.initlab.depthSweep());
  expect(cancelled.running).toBe(false);
  expect(cancelled.outcome).toEqual({ cancelled: true });
  expect(cancelled.done).toBeLessThan(cancelled.total);
  await expect(page.locator("#sweep-status")).toHaveText(
    `Cancelled: ${cancelled.done} of ${cancelled.total} networks trained; Run sweep trains the other ${cancelled.total - cancelled.done}.`,
  );
  await expect.poll(() => page.workers().length).toBe(workers);
  await page.waitForTimeout(500);
  expect((await page.evaluate(() => window.initlab.depthSweep())).done).toBe(cancelled.done);
  await expect(page.getByRole("button", { name: "Cancel" })).toBeDisabled();

  // Run again: the networks already trained are kept as they were, the rest train.
  const finished = await runSweep(page, {});
  expect([finished.done, finished.outcome.seconds > 0]).toEqual([finished.total, true]);
  for (const cell of cancelled.cells) expect(finished.cells).toContainEqual(cell);
  await expect(run).toBeDisabled(); // every network of this setup is trained
  await lab.check();
});

test("Download CSV: the header and a row per network trained, the numbers of depthSweep()", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL, "/#preset=compare&views=depth");
  const sweep = await runSweep(page, { inits: ["he_normal", "random_normal:stddev=1"], depths: [1, 16], seeds: 2, steps: 300 });
  expect(sweep.done).toBe(8);
  const [csv] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download the sweep's table as CSV" }).click(),
  ]);
  expect(csv.suggestedFilename()).toBe("initlab-depth-sweep.csv");
  const [header, ...lines] = (await readFile(await csv.path(), "utf8")).trimEnd().split("\n");
  expect(header).toBe(CSV_HEADER);
  expect(lines).toHaveLength(sweep.done);
  const parsed = lines.map((line) => line.split(","));
  const cells = sweep.cells.map((c) => [
    c.init,
    String(c.depth),
    String(c.seed),
    String(c.step),
    Number.isFinite(c.trainLoss) ? String(c.trainLoss) : "",
    String(c.targetReachedAt ?? ""),
    String(c.divergedAt ?? ""),
  ]);
  expect(parsed).toEqual(cells);
  // Large init at 16 layers diverges: its rows say where, and the chart's table says so.
  const diverged = parsed.filter(([init, depth]) => init === "random_normal:stddev=1" && depth === "16");
  expect(diverged.every((r) => r[6] !== "")).toBe(true);
  expect(row(sweep, "random_normal:stddev=1", 16).loss.median).toBe(Infinity);
  // Accessible with its results and table on show.
  await page.getByText("The numbers, as a table").click();
  const { violations } = await new AxeBuilder({ page }).include("#view-depth").analyze();
  expect(violations.filter((v) => ["serious", "critical"].includes(v.impact)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await lab.check();
});

test("a link reopens and reruns the sweep, with the same numbers; bad values get a notice naming the key", async ({
  page,
  baseURL,
}, testInfo) => {
  const lab = await openLab(page, baseURL, "/#preset=compare&views=loss");
  const first = await runSweep(page, { inits: ["he_normal", "zeros"], depths: [1, 2, 4], seeds: 1, steps: 200 });
  const hash = await page.evaluate(() => location.hash);
  expect(hash).toContain("sweep=1&sweepInits=he_normal,zeros&sweepDepths=1,2,4&sweepSeeds=1&sweepSteps=200");
  expect(hash).toContain("views=depth,loss");

  const reopened = await page.context().newPage();
  const other = await openLab(reopened, baseURL, `/${hash}`);
  const again = await sweepEnded(reopened);
  expect(again.done).toBe(first.total);
  expect(again.cells).toEqual(first.cells);
  await expect(reopened.locator("#view-depth")).toBeVisible();
  expect(await reopened.evaluate(() => location.hash)).toBe(hash);
  await other.check();

  const bad = await page.context().newPage();
  const third = await openLab(
    bad,
    baseURL,
    "/#preset=compare&sweep=1&sweepSeeds=99&sweepInits=he_normal,bogus&sweepDepths=1&sweepSteps=20",
  );
  const notice = bad.getByRole("status").filter({ hasText: "Left out of the link" });
  await expect(notice).toContainText("sweepSeeds: must be an integer in [1, 8], got 99");
  await expect(notice).toContainText('sweepInits[1]: "bogus": init: unknown value "bogus"');
  const defaults = await sweepEnded(bad);
  expect(defaults.settings.seeds).toBe(3);
  expect(defaults.settings.inits).toHaveLength(6); // the comparison's, as with no sweepInits
  expect([defaults.done, defaults.total]).toEqual([18, 18]);
  await bad.locator("#view-depth").screenshot({ path: testInfo.outputPath("depth-link.png") });
  await third.check();
  await lab.check();
});

test("results stay while the setup is the same; a bad value in the form shows next to it", async ({ page, baseURL }, testInfo) => {
  const lab = await openLab(page, baseURL, "/#preset=compare&views=depth");
  const settings = { inits: ["he_normal", "constant"], depths: [1, 4], seeds: 2, steps: 100 };
  const sweep = await runSweep(page, settings);
  expect(sweep.done).toBe(8);
  await page.evaluate(() => window.initlab.setConfig({ learningRate: 0.05 }));
  let now = await page.evaluate(() => window.initlab.depthSweep());
  expect([now.done, now.total]).toEqual([0, 8]);
  expect(await page.evaluate(() => location.hash)).not.toContain("sweep=1");
  await expect(page.locator("#sweep-status")).toHaveText("8 networks to train: 2 initializations × 2 depths × 2 seeds, 100 steps each.");
  await page.evaluate(() => window.initlab.setConfig({ learningRate: 0.1 }));
  now = await page.evaluate(() => window.initlab.depthSweep());
  expect(now.cells).toEqual(sweep.cells);
  expect(await page.evaluate(() => location.hash)).toContain("sweep=1");

  const depths = page.locator("#sweep-depths");
  await depths.fill("1, 40");
  await depths.press("Enter");
  await expect(page.locator("#sweep-depths-error")).toHaveText('sweepDepths[1]: must be an integer in [1, 32], got "40"');
  await expect(depths).toHaveAttribute("aria-invalid", "true");
  expect((await page.evaluate(() => window.initlab.depthSweep())).settings.depths).toEqual([1, 4]);
  await depths.fill("1, 4, 8");
  await depths.press("Enter");
  await expect(page.locator("#sweep-depths-error")).toBeHidden();
  expect((await page.evaluate(() => window.initlab.depthSweep())).settings.depths).toEqual([1, 4, 8]);
  // Unchecking every initialization is refused: the last one stays checked.
  const he = page.getByRole("checkbox", { name: "He normal" });
  await page.getByRole("checkbox", { name: "Constant (value 0.5)" }).uncheck();
  await he.click();
  await expect(he).toBeChecked();
  await expect(page.locator("#sweep-inits-error")).toContainText("sweepInits: must name 1 to 6 initializations, got 0");
  await page.locator("#view-depth").screenshot({ path: testInfo.outputPath("depth-form-error.png") });
  await lab.check();
});
