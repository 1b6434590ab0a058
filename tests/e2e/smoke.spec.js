// The page loads its wasm core and everything else from its own origin: no CDN, no fonts
// or analytics from elsewhere, so it works offline and embedded in course notes.
import { expect, test } from "@playwright/test";

test("page becomes ready without any request leaving its origin", async ({ page, baseURL }) => {
  const origin = new URL(baseURL).origin;
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));

  const response = await page.goto("/");
  expect(response.status(), "GET / serves www/index.html").toBe(200);
  await page.waitForFunction(() => window.initlab?.ready);
  await page.evaluate(() => window.initlab.ready);

  await page.screenshot({ path: test.info().outputPath("smoke.png"), fullPage: true });
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
});

test("the page and its workers train under the strict Content-Security-Policy header", async ({ page }) => {
  const policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
  const violations = [];
  page.on("console", (msg) => msg.text().includes("Content Security Policy") && violations.push(msg.text()));
  page.on("pageerror", (err) => violations.push(err.message));

  const response = await page.goto("/#preset=he-relu");
  expect(response.headers()["content-security-policy"]).toBe(policy);
  await page.evaluate(() => window.initlab.ready);
  const [run] = await page.evaluate(() => window.initlab.train(100));
  expect(run.step).toBeGreaterThanOrEqual(100);
  // A worker's policy comes from its own script's response, not from the page's meta tag.
  const worker = await page.request.get("/worker.js");
  expect(worker.headers()["content-security-policy"]).toBe(policy);
  expect(violations).toEqual([]);
});
