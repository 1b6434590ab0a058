// End-to-end tests: every tests/e2e/*.spec.js against the page served by tools/serve.mjs,
// in the system's headless Chromium (tools/find-chromium.mjs; never a Playwright download).
// Run through `make test`, which builds www/pkg first; `npx playwright test` works once built.
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium, MISSING_CHROMIUM } from "./tools/find-chromium.mjs";

const PORT = Number(process.env.E2E_PORT || 8123);
const BASE_URL = `http://127.0.0.1:${PORT}`;

const executablePath = findChromium();
if (!executablePath) throw new Error(MISSING_CHROMIUM);

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.js",
  outputDir: "test-results",
  // Two cores: one worker trains while the other page renders.
  workers: 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/results.json" }]],
  use: {
    baseURL: BASE_URL,
    browserName: "chromium",
    headless: true,
    viewport: { width: 1280, height: 900 },
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: {
      executablePath,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: "node tools/serve.mjs www",
    env: { PORT: String(PORT) },
    // Ready once it listens (a missing index.html then fails a test, not the start-up).
    port: PORT,
    // A server left on this port might serve another checkout: refuse rather than reuse it.
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
