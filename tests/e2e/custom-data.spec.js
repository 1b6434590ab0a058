// Your own data (issue 16): a CSV file loaded with the file picker or dropped on the page trains
// every run, comparisons included (each worker gets the file); 2-D data get the decision
// boundary, more features a table of test predictions; a bad file is refused with the core's
// error naming the row and column; the data stay in the browser: nothing leaves the page, the
// link says `dataset=custom` and, opened afresh, falls back with a notice.

import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { openLab } from "./lab.js";

const CHECKERBOARD = "www/examples/checkerboard.csv";

/** A CSV of `rows` rows of 5 features and 3 classes k0, k1, k2 (feature k shifted for class k). */
function fiveFeatures(rows) {
  const lines = ["a,b,c,d,e,label"];
  for (let i = 0; i < rows; i++) {
    const k = i % 3;
    lines.push(`${[0, 1, 2, 3, 4].map((j) => ((i * 7 + j * 3) % 10) / 10 + (j === k ? 3 : 0)).join(",")},k${k}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The runs' datasets and sample counts. */
function datasets(page) {
  return page.evaluate(() => window.initlab.runs().map((run) => [run.config.dataset, run.config.samples]));
}

test("the example CSV trains every run, a comparison too; 2-D data get their boundary; the scripts carry the data", async ({
  page,
  baseURL,
}) => {
  const lab = await openLab(page, baseURL);
  await page.evaluate(() => window.initlab.loadPreset("he-relu", ["loss", "boundary"])); // paused
  await page.locator("#ctl-csv").setInputFiles(CHECKERBOARD);
  await expect(page.locator(".csv-status")).toHaveText(
    "checkerboard.csv: 300 rows, 2 features, 2 classes (black, white). Training on it now.",
  );
  await expect.poll(() => datasets(page)).toEqual([["custom", 300]]);
  await expect(page.locator("#ctl-dataset")).toHaveValue("custom");
  expect(await page.evaluate(() => location.hash)).toContain("dataset=custom");
  // The depth sweep's workers get the file too.
  const sweep = await page.evaluate(() => window.initlab.runDepthSweep({ inits: ["he_normal"], depths: [1, 2], seeds: 1, steps: 50 }));
  expect(sweep.done).toBe(2);
  for (const cell of sweep.cells) expect(Number.isFinite(cell.trainLoss), JSON.stringify(cell)).toBe(true);
  await page.evaluate(() => window.initlab.showViews(["loss", "boundary"]));
  const [run] = await page.evaluate(() => window.initlab.train(300));
  expect(run.step).toBe(300);
  expect(run.testAccuracy).toBeGreaterThan(0.5);
  await expect(page.locator("#boundary-caption")).toContainText("orange for black, purple for white");
  await expect(page.locator("#view-boundary canvas.boundary")).toHaveCount(1);
  // The Keras scripts carry the file: exact mode the run's own rows (in its payload), in-kind
  // mode the file's 300 rows as a table it samples from.
  const code = (config, options) =>
    page.evaluate(async ([c, o]) => (await import("./scripts.js")).script("keras", c, o), [config, options]);
  expect(await code(run.config, null)).toContain("(exact mode)");
  const inKind = await code(run.config, { mode: "inKind" });
  expect(inKind).toContain('features = ["x_cm","y_cm"]');
  expect(inKind.match(/\n {8}\[/g)).toHaveLength(300);
  // Six runs side by side, each in its worker, all on the file.
  await page.evaluate(async () => {
    await window.initlab.loadPreset("compare");
    await window.initlab.setConfig({ dataset: "custom" });
  });
  expect(await datasets(page)).toEqual(Array(6).fill(["custom", 300]));
  const runs = await page.evaluate(() => window.initlab.train(50));
  expect(runs.map((r) => r.step)).toEqual(runs.map((r) => (r.diverged ? r.divergedAt : 50)));
  expect(runs.every((r) => r.crashed === false)).toBe(true);
  await lab.check();
});

test("a file of more features shows the test predictions by class; a dropped file loads too", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL, "/#preset=he-relu&views=boundary,loss");
  // Dropped on the page, as from a file manager.
  await page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], "five.csv", { type: "text/csv" }));
    document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, fiveFeatures(120));
  await expect.poll(() => datasets(page)).toEqual([["custom", 120]]);
  const [run] = await page.evaluate(() => window.initlab.train(400));
  await expect(page.locator("#boundary-title")).toHaveText("Data: test rows and predictions");
  const table = page.locator("#view-boundary table.confusion");
  await expect(table.locator("thead th")).toHaveText(["true ↓ predicted →", "k0", "k1", "k2"]);
  const counts = (await table.locator("tbody td").allTextContents()).map(Number);
  const testRows = 120 - Math.round(120 * (1 - run.config.testFraction));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(testRows);
  const right = counts[0] + counts[4] + counts[8];
  expect(right / testRows).toBeCloseTo(run.testAccuracy, 5);
  await lab.check();
});

test("a bad file is refused with its row and column, and the runs stay as they were", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL, "/#preset=he-relu");
  const before = await datasets(page);
  const bad = readFileSync(CHECKERBOARD, "utf8").replace("\n12.51,13.40,black", "\n12.51,,black");
  await page.locator("#ctl-csv").setInputFiles({ name: "holes.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await expect(page.locator("#err-csv")).toHaveText('holes.csv was not loaded: row 3, column 2 ("y_cm"): the value is missing');
  await expect(page.locator("#ctl-csv")).toHaveAttribute("aria-invalid", "true");
  expect(await datasets(page)).toEqual(before);
  await page.locator("#ctl-csv").setInputFiles({ name: "latin1.csv", mimeType: "text/csv", buffer: Buffer.from([0x78, 0x2c, 0xe9, 0x0a]) });
  await expect(page.locator("#err-csv")).toContainText("row 1 is not UTF-8 text");
  await lab.check();
});

test("a link with dataset=custom, opened afresh, says the data stay where they were loaded and falls back", async ({ page, baseURL }) => {
  await openLab(page, baseURL, "/#preset=he-relu&dataset=custom");
  await expect(page.locator(".url-notice")).toContainText("your own CSV file, which stays in the browser that loaded it");
  const presetDataset = await page.evaluate(
    async () => (await import("./pkg/initlab.js")).presets().find((p) => p.id === "he-relu").runs[0].dataset,
  );
  expect((await datasets(page))[0][0]).toBe(presetDataset);
});
