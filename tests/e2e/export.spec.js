// Code and data out of the page: the selected run as a Keras or PyTorch script (on the clipboard,
// or selected in a text box when the clipboard is refused), every run's loss as CSV, and the
// loss chart as PNG.

import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { loadPreset, openLab, train } from "./lab.js";

test("Copy as Keras / PyTorch give the selected run's script, on the clipboard or selected", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL);
  const [run] = await loadPreset(page, "he-relu");
  const rate = String(run.config.learningRate);
  await page.getByRole("button", { name: "Share / Embed" }).click();
  const status = page.locator("#code-status");

  // A clipboard that accepts: the script lands there and the page says so.
  await page.evaluate(() => {
    navigator.clipboard.writeText = async (text) => {
      window.copied = text;
    };
  });
  await page.getByRole("button", { name: "Copy as Keras" }).click();
  await expect(status).toContainText("Copied");
  const keras = await page.evaluate(() => window.copied);
  expect(keras).toContain("HeNormal");
  expect(keras).toContain(rate);
  // Exact by default: the run's own data, weights and batch order at the end of the script.
  expect(keras).toContain("(exact mode)");
  expect(keras).toContain("\nPAYLOAD = {");
  await expect(page.locator("#code-script")).toBeHidden();

  // A clipboard that refuses, as headless browsers often do: the script is shown, selected.
  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException("denied", "NotAllowedError"));
  });
  await page.getByRole("button", { name: "Copy as PyTorch" }).press("Enter");
  const box = page.locator("#code-script");
  await expect(box).toBeVisible();
  const pytorch = await box.inputValue();
  expect(pytorch).toContain("trunc_normal_");
  expect(pytorch).toContain(rate);
  expect(pytorch).toContain("(exact mode)");
  const selected = await box.evaluate((area) => area.value.slice(area.selectionStart, area.selectionEnd));
  expect(selected).toBe(pytorch);
  await expect(status).toContainText("selected");

  // Fresh draws, on request: the in-kind script, without the payload.
  await page.getByLabel("Fresh random draws instead").check();
  await page.getByRole("button", { name: "Copy as PyTorch" }).press("Enter");
  const inKind = await box.inputValue();
  expect(inKind).toContain("(in-kind mode)");
  expect(inKind).not.toContain("PAYLOAD");
  await page.keyboard.press("Escape");
  await expect(box).toBeHidden();
  await lab.check();
});

test("Download CSV has a row per run and step, with mean, min and max; PNG is a PNG", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL);
  await loadPreset(page, "compare");
  await page.evaluate(() => window.initlab.showViews(["loss"]));
  const runs = await train(page, 40);
  const steps = Math.max(...runs.map((run) => run.step));
  expect(steps).toBe(40);

  await page.getByRole("button", { name: "Share / Embed" }).click();
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
  expect(csv.suggestedFilename()).toBe("initlab-loss.csv");
  const [header, ...rows] = (await readFile(await csv.path(), "utf8")).trimEnd().split("\n");
  expect(header).toBe("run,first_step,last_step,mean_loss,min_loss,max_loss");
  // Forty steps are kept step by step: one row per step of every run that trained them.
  expect(rows).toHaveLength(runs.reduce((sum, run) => sum + run.step, 0));
  runs.forEach((run) => {
    const field = /[",\n]/.test(run.label) ? `"${run.label.replaceAll('"', '""')}"` : run.label;
    const own = rows.filter((row) => row.startsWith(`${field},`)).map((row) => row.slice(field.length + 1).split(","));
    expect(own.map(([first, last]) => [Number(first), Number(last)])).toEqual(Array.from({ length: run.step }, (_, s) => [s + 1, s + 1]));
    // A run that has not diverged has a finite loss at every step; its last one is its loss.
    if (!run.diverged) {
      const [, , mean, min, max] = own.at(-1).map(Number);
      expect(mean).toBeCloseTo(run.loss, 5);
      expect([min, max]).toEqual([mean, mean]);
    }
  });
  await page.keyboard.press("Escape");

  const [png] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download the loss chart as PNG" }).click(),
  ]);
  expect(png.suggestedFilename()).toBe("initlab-loss.png");
  const bytes = await readFile(await png.path());
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.length).toBeGreaterThan(1000);
  await lab.check();
});

test("the script generators come with the Share dialog, not the page; a digits script carries the images", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL);
  const fetched = () => page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
  expect(await fetched()).not.toContain("/pkg/initlab_full_bg.wasm");
  await page.evaluate(() => window.initlab.setConfig({ dataset: "digits", hidden: [16] }));
  await page.getByRole("button", { name: "Share / Embed" }).click();
  await expect.poll(fetched).toContain("/pkg/initlab_full_bg.wasm");
  await page.evaluate(() => {
    navigator.clipboard.writeText = async (text) => {
      window.copied = text;
    };
  });
  await page.getByRole("button", { name: "Copy as Keras" }).click();
  await expect(page.locator("#code-status")).toContainText("Copied");
  const keras = await page.evaluate(() => window.copied);
  expect(keras).toContain("(exact mode)");
  expect(keras).toContain('"dataset":"digits"');
  await lab.check();
});
