// `make dist` (issue 5): dist/ works from any folder of any static host, and dist/initlab.html
// works opened from disk with no request at all, the views whose code loads when they first
// open included. The suite runs `make dist` itself first.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "@playwright/test";
import { staticServer } from "../../tools/serve.mjs";
import { loadPreset, openLab, train } from "./lab.js";

const DIST = resolve("dist");

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  execFileSync("make", ["--no-print-directory", "dist"], { stdio: "pipe", timeout: 300_000 });
});

/** Trains 200 steps of he-relu and asserts its loss fell. */
async function trainsHeRelu(page) {
  const before = await loadPreset(page, "he-relu");
  const after = await train(page, 200);
  expect(after[0].step).toBe(200);
  expect(after[0].diverged).toBe(false);
  expect(after[0].loss).toBeLessThan(before[0].loss);
}

test("dist/ served from a subfolder loads a preset and trains", async ({ page }) => {
  // dist/ appears at /course/initlab/, so an absolute "/..." URL in the page would miss.
  const root = mkdtempSync(join(tmpdir(), "initlab-dist-"));
  mkdirSync(join(root, "course"));
  symlinkSync(DIST, join(root, "course", "initlab"));
  const server = staticServer(root);
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const lab = await openLab(page, base, `${base}/course/initlab/#preset=he-relu`);
    await trainsHeRelu(page);
    await lab.check();
  } finally {
    await new Promise((done) => server.close(done));
    rmSync(root, { recursive: true, force: true });
  }
});

test("dist/initlab.html trains from file:// without any request", async ({ page }) => {
  const file = join(DIST, "initlab.html");
  console.log(`dist/initlab.html: ${(statSync(file).size / 1024).toFixed(0)} KB`);
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(`${pathToFileURL(file).href}#preset=he-relu`);
  await page.waitForFunction(() => window.initlab?.ready);
  await page.evaluate(() => window.initlab.ready);
  await trainsHeRelu(page);
  // The symmetry view was never open: its code loads (from the file) as it opens, and it draws.
  const [run] = await page.evaluate(async () => {
    await window.initlab.showViews(["symmetry", "theory"]);
    return window.initlab.runs();
  });
  await expect(page.locator("#view-symmetry")).toBeVisible();
  await expect(page.locator("#view-symmetry .badge-value")).toHaveText(run.distinctNeurons.map((d) => new RegExp(`^${d} of \\d+$`)));
  await expect(page.locator("#view-symmetry .matrices canvas").first()).toHaveAttribute("aria-label", /^Incoming weights of layer 1:/);
  await expect(page.locator("#view-theory .view-body table.variances tbody tr")).toHaveCount(run.gradientNorms.length);
  // The digit images, a file of their own on a server, travel inside the single file too.
  await page.evaluate(() => window.initlab.setConfig({ dataset: "digits", hidden: [16] }));
  const [digits] = await train(page, 50);
  expect(digits.step).toBe(50);
  expect(Number.isFinite(digits.loss)).toBe(true);
  // The script generators' build travels inside too, and gets the digit images.
  await page.getByRole("button", { name: "Share / Embed" }).click();
  await page.evaluate(() => {
    navigator.clipboard.writeText = async (text) => {
      window.copied = text;
    };
  });
  await page.getByRole("button", { name: "Copy as PyTorch" }).click();
  await expect(page.locator("#code-status")).toContainText("Copied");
  expect(await page.evaluate(() => window.copied)).toContain("(exact mode)");
  expect(errors).toEqual([]);
  await expect(page.locator("#fatal")).toBeHidden();
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.filter((url) => !/^(file|data|blob):/.test(url))).toEqual([]);
});
