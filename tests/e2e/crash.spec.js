// A crash (issue 7): when a run's training worker crashes, only that run stops; the page names
// it with the core's panic message and a "Restart this run" button that brings it back at
// step 0 with the same initial weights, while the other run trains on. A worker that dies
// outright is handled the same way.
//
// Faults are injected by serving the real worker.js with code appended (page.route): the
// worker whose run has init INIT crashes on the call that would take it past CRASH_STEP. The panic
// is a real one: the appended code corrupts the run's batch order in the wasm memory (every
// entry becomes an index one past the last sample), so the core's own bounds check panics on
// the next step, the panic hook records the message and the instance traps.

import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { openLab, screenshots, train } from "./lab.js";

const URL_STATE = "/#preset=he-relu&compare=zeros,he_normal";
/** The run that crashes (its weights depend on the seed, so a restart that keeps them shows). */
const INIT = "he_normal";
const CRASH_STEP = 100;

test.use({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" });

/** Two cores, whatever the machine: the page's pool has two workers (one per core). */
const twoCores = () => Object.defineProperty(navigator, "hardwareConcurrency", { get: () => 2 });
test.beforeEach(({ page }) => page.addInitScript(twoCores));

/**
 * Code appended to worker.js (it runs in that module, beside `core`, `handlers` and `slots`;
 * `core.default()` again gives the instance's exports, its memory among them): `fault` is
 * "panic" (see the header), "abort" (a trap without a panic: the core's allocator is asked for an
 * impossible alignment and aborts) or "die" (an error thrown outside any call, as in a worker
 * that breaks down; the call never answers). The fault strikes in the core call of the run
 * whose init is `init`, in the round that would take it past CRASH_STEP.
 */
function injection(fault, init = INIT) {
  return `
{
  const INIT = ${JSON.stringify(init)}, CRASH_STEP = ${CRASH_STEP}, FAULT = ${JSON.stringify(fault)};
  const { load, round } = handlers;
  let chosen = null; // the slot of this worker's run with init INIT
  handlers.load = (args) => {
    args.runs.forEach((run, i) => {
      if (run) chosen = run.configs[0].init === INIT ? i : chosen === i ? null : chosen;
    });
    return load(args);
  };
  handlers.round = async (args) => {
    const requests = chosen === null ? null : args.runs[chosen];
    const trainer = requests && slots[chosen][0];
    if (!trainer || trainer.steps + requests[0].steps <= CRASH_STEP) return round(args);
    if (FAULT === "die") {
      setTimeout(() => { throw new Error("e2e: the worker broke down"); });
      return new Promise(() => {});
    }
    const wasm = await core.default();
    trainer.round = (request) => {
      if (FAULT === "abort") wasm.__wbindgen_malloc(1, 3);
      corruptBatchOrder(wasm.memory, trainer.data().trainY.length);
      return core.Trainer.prototype.round.call(trainer, request);
    };
    return round(args);
  };

  // The batch order is a permutation of 0..n-1 (one u32 per training sample) somewhere in the
  // wasm memory: found by its length, range and sum, checked, and filled with n.
  function corruptBatchOrder(memory, n) {
    const words = new Uint32Array(memory.buffer);
    const sum0 = (n * (n - 1)) / 2;
    let sum = 0, small = 0, found = 0;
    for (let i = 0; i < words.length; i++) {
      sum += words[i];
      small += words[i] < n;
      if (i >= n) {
        sum -= words[i - n];
        small -= words[i - n] < n;
      }
      const start = i - n + 1;
      if (start >= 0 && small === n && sum === sum0 && new Set(words.subarray(start, i + 1)).size === n) {
        words.fill(n, start, i + 1);
        found++;
      }
    }
    if (found === 0) throw new Error("e2e: no batch order found in the wasm memory");
  }
}
`;
}

/** Serves worker.js with the fault `fault` appended, striking the run of `init` (see injection). */
function injectFault(page, fault, init) {
  return page.route("**/worker.js", async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()) + injection(fault, init) });
  });
}

/** The readings of a run that depend only on its config and initial weights. */
function startOf(run) {
  const { step, loss, trainLoss, testLoss, accuracy, testAccuracy, weightMeans, weightVariances, activationStds, gradientNorms } = run;
  return { step, loss, trainLoss, testLoss, accuracy, testAccuracy, weightMeans, weightVariances, activationStds, gradientNorms };
}

const runs = (page) => page.evaluate(() => window.initlab.runs());

test("a panic stops only its run; the page names it, and Restart brings it back at step 0", async ({ page, baseURL }, testInfo) => {
  await injectFault(page, "panic");
  const lab = await openLab(page, baseURL, URL_STATE);
  const atLoad = await runs(page);
  expect(atLoad.map((r) => r.init)).toEqual(["zeros", INIT]);
  const crashing = atLoad.findIndex((r) => r.init === INIT);
  const other = 1 - crashing;
  expect(atLoad[crashing].step).toBe(0);

  // One step, to know what the first step of a fresh run gives.
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await expect.poll(async () => (await runs(page))[crashing].step).toBe(1);
  const firstStep = await runs(page);

  // Train: the run crashes on its way past CRASH_STEP, the other one trains on.
  await page.getByRole("button", { name: "Train", exact: true }).click();
  const notice = page.locator("#crashes .crash");
  await expect(notice).toBeVisible();
  // The dead worker was stopped and a fresh one waits for the restart: one worker per run.
  await expect.poll(() => page.workers().length).toBe(2);
  const crashedAt = (await runs(page))[crashing].step;
  expect(crashedAt).toBeGreaterThan(1);
  expect(crashedAt).toBeLessThanOrEqual(CRASH_STEP);
  await expect.poll(async () => (await runs(page))[other].step).toBeGreaterThan(crashedAt + 200);
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  const beforeRestart = await runs(page);
  expect(beforeRestart[crashing]).toMatchObject({ crashed: true, step: crashedAt });
  expect(beforeRestart[other]).toMatchObject({ crashed: false, diverged: false });

  // The notice names the run, its step, says its worker crashed and shows the panic message.
  const label = atLoad[crashing].label;
  await expect(notice).toHaveCount(1);
  await expect(notice.locator(".crash-title")).toHaveText(`${label} stopped at step ${crashedAt}: its training worker crashed.`);
  await expect(notice.locator(".crash-detail")).toContainText("Details for a bug report: panicked at src/");
  await expect(page.getByRole("alert").filter({ hasText: `${label} stopped at step ${crashedAt}` })).toHaveCount(1);
  await expect(page.locator("#fatal")).toBeHidden();
  // The results table says so in the crashed run's row.
  await page.evaluate(() => window.initlab.showViews([...window.initlab.views(), "loss"]));
  await expect(page.locator(`#view-loss tr.run-${crashing}`)).toContainText(`its worker crashed at step ${crashedAt}`);
  const restart = page.getByRole("button", { name: "Restart this run" });
  await expect(restart).toBeVisible();
  const { violations } = await new AxeBuilder({ page }).include("#crashes").analyze();
  expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await screenshots(page, testInfo, "crash-notice");

  // Restart, from the keyboard: the run is back at step 0 as the URL loads it; the other run
  // kept its progress.
  await restart.focus();
  await page.keyboard.press("Enter");
  await expect(notice.locator(".crash-title")).toHaveText(
    `${label} restarted at step 0 with the same initial weights. Train or Step trains it again.`,
  );
  await expect(notice).toBeFocused();
  const restarted = await runs(page);
  expect(restarted[crashing].crashed).toBe(false);
  expect(startOf(restarted[crashing])).toEqual(startOf(atLoad[crashing]));
  expect(restarted[other].step).toBe(beforeRestart[other].step);
  expect(restarted[other].loss).toBe(beforeRestart[other].loss);
  await screenshots(page, testInfo, "crash-restarted");

  // The next Step trains it again, exactly as a fresh run's first step; the other run goes on.
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await expect.poll(async () => (await runs(page))[crashing].step).toBe(1);
  const again = await runs(page);
  expect(again[crashing].loss).toBe(firstStep[crashing].loss);
  expect(again[other].step).toBe(beforeRestart[other].step + 1);

  // Only the core's panic message reached the console, from the worker.
  expect(lab.errors.filter((e) => !e.startsWith("initlab panicked at"))).toEqual([]);
  expect(lab.outside).toEqual([]);
});

for (const [fault, what, detail] of [
  ["die", "a worker that dies outright", "e2e: the worker broke down"],
  ["abort", "a trap without a panic", "RuntimeError: unreachable"],
]) {
  test(`${what} is handled the same way: reported, replaced, restarted`, async ({ page, baseURL }) => {
    await injectFault(page, fault);
    const lab = await openLab(page, baseURL, URL_STATE);
    const atLoad = await runs(page);
    const crashing = atLoad.findIndex((r) => r.init === INIT);
    const other = 1 - crashing;

    const after = await train(page, CRASH_STEP + 50);
    expect(after[crashing].crashed).toBe(true);
    expect(after[crashing].step).toBeLessThanOrEqual(CRASH_STEP);
    expect(after[other]).toMatchObject({ crashed: false, step: CRASH_STEP + 50 });
    const notice = page.locator("#crashes .crash");
    await expect(notice.locator(".crash-title")).toHaveText(
      `${atLoad[crashing].label} stopped at step ${after[crashing].step}: its training worker crashed.`,
    );
    await expect(notice.locator(".crash-detail")).toHaveText(new RegExp(`^Details for a bug report: .*${detail}`));
    await expect(page.locator("#fatal")).toBeHidden();

    await page.getByRole("button", { name: "Restart this run" }).click();
    await expect.poll(async () => (await runs(page))[crashing].step).toBe(0);
    expect(startOf((await runs(page))[crashing])).toEqual(startOf(atLoad[crashing]));
    const trained = await train(page, 10);
    expect(trained[crashing].step).toBe(10);
    expect(trained[other].step).toBe(CRASH_STEP + 60);

    // It crashes again past CRASH_STEP; Reset then starts both runs over on working workers.
    expect((await train(page, CRASH_STEP + 50))[crashing].crashed).toBe(true);
    await page.getByRole("button", { name: "Reset", exact: true }).click();
    await expect(notice).toHaveCount(0);
    const reset = await train(page, 5);
    expect(reset.map((r) => [r.step, r.crashed])).toEqual([
      [5, false],
      [5, false],
    ]);
    expect(lab.errors.filter((e) => !e.includes(detail))).toEqual([]);
    expect(lab.outside).toEqual([]);
  });
}

test("in a worker that trains several runs, a crash stops only its run; the others go on as the same runs", async ({
  page,
  baseURL,
  browser,
}) => {
  // The six runs of "Compare all" share the two workers, three runs each. The fault is a trap in
  // the He run's own call ("panic" would corrupt the batch order of every run of its dataset
  // size in the instance the runs share).
  await injectFault(page, "abort", "he_normal");
  const lab = await openLab(page, baseURL, "/#preset=compare");
  expect(page.workers()).toHaveLength(2);
  const atLoad = await runs(page);
  const crashing = atLoad.findIndex((r) => r.init === "he_normal");
  const after = await train(page, CRASH_STEP + 50);
  expect(after.map((r) => r.crashed)).toEqual(atLoad.map((_, i) => i === crashing));
  await expect(page.locator("#crashes .crash")).toHaveCount(1);
  expect(page.workers()).toHaveLength(2);

  // The same runs on a page without the fault: every other run has the same numbers and curve.
  const reference = await browser.newPage();
  await reference.addInitScript(twoCores);
  const referenceLab = await openLab(reference, baseURL, "/#preset=compare");
  const expected = await train(reference, CRASH_STEP + 50);
  const curves = (p) => p.evaluate(() => window.initlab.lossCurves());
  const [got, want] = [await curves(page), await curves(reference)];
  for (let i = 0; i < atLoad.length; i++) {
    if (i === crashing) continue;
    const pick = ({ step, loss, trainLoss, testAccuracy, divergedAt, gradientNorms }) => ({
      step,
      loss,
      trainLoss,
      testAccuracy,
      divergedAt,
      gradientNorms,
    });
    expect(pick(after[i]), atLoad[i].label).toEqual(pick(expected[i]));
    expect(got[i], atLoad[i].label).toEqual(want[i]);
  }
  await referenceLab.check();

  // Restarted, the He run joins its worker's other runs again, from step 0.
  await page.getByRole("button", { name: "Restart this run" }).click();
  await expect.poll(async () => (await runs(page))[crashing].step).toBe(0);
  const trained = await train(page, 10);
  expect(trained[crashing]).toMatchObject({ step: 10, crashed: false });
  expect(trained.map((r) => r.step)).toEqual(after.map((r, i) => (i === crashing ? 10 : r.diverged ? r.step : r.step + 10)));
  expect(page.workers()).toHaveLength(2);
  expect(lab.errors.filter((e) => !e.includes("RuntimeError: unreachable"))).toEqual([]);
  expect(lab.outside).toEqual([]);
});
