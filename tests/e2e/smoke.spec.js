// The page loads its wasm core and everything else from its own origin: no CDN, no fonts
// or analytics from elsewhere, so it works offline and embedded in course notes.
import { test, expect } from "@playwright/test";

test("page becomes ready without any request leaving its origin", async ({ page, baseURL }) => {
  const origin = new URL(baseURL).origin;
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));

  const response = await page.goto("/");
  expect(response.status(), "GET / serves www/index.html").toBe(200);
  await page.waitForFunction(() => window.initlab && window.initlab.ready);
  await page.evaluate(() => window.initlab.ready);

  await page.screenshot({ path: test.info().outputPath("smoke.png"), fullPage: true });
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.filter((url) => !url.startsWith(origin + "/"))).toEqual([]);
});
