// The lesson path (issue 16): a student walks it by keyboard alone, predicting before each run,
// to the summary and the interview; every answer quotes numbers that are its own run's (each
// number's source in initlab.runs() is checked); a link opens its step, Back and Forward move
// between steps; a step embedded at the recommended height fits before and after its run.

import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { EMBED_HEIGHT } from "../../www/views/share.js";
import { openLab, overflow, watch } from "./lab.js";

/** A prediction per number step, by id: what the student types, and the number it is. */
const NUMBER_GUESSES = { symmetry: ["2", 2], constant: ["8", 8], variance: ["1/32", 1 / 32] };

/**
 * The numbers an answer in `scope` (a selector) shows, each with the value at its source in
 * initlab.runs() now: [{source, shown, actual, text}]. A source is a path ("0.distinctNeurons.1")
 * or two divided ("a / b"), read here independently of the page's code.
 */
function quotedNumbers(page, scope) {
  return page.evaluate((scope) => {
    const runs = window.initlab.runs();
    const at = (path) => path.split(".").reduce((value, key) => value?.[key], runs);
    const sourceValue = (source) => {
      const [a, b] = source.split(" / ");
      return b === undefined ? at(a) : at(a) / at(b);
    };
    return [...document.querySelectorAll(`${scope} data`)].map((data) => ({
      source: data.dataset.source,
      shown: Number(data.value),
      actual: sourceValue(data.dataset.source),
      text: data.textContent,
    }));
  }, scope);
}

/** Presses Tab until the focused element matches `selector` (at most 30 times); fails otherwise. */
async function tabTo(page, selector) {
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The lesson page the page shows (initlab.lesson()). */
function lesson(page) {
  return page.evaluate(() => window.initlab.lesson());
}

test("a student walks the whole lesson by keyboard: predicts, runs, reads each answer from its own run, reaches the summary and the interview", async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const lab = await openLab(page, baseURL, "/#lesson=init&step=1");
  const { pages } = await lesson(page);
  const steps = pages - 2;
  expect(steps).toBeGreaterThanOrEqual(8);
  const ids = await page.evaluate(async () => (await import("./lesson.js")).lessonOf("init").steps.map((s) => s.id));
  for (let n = 1; n <= steps; n++) {
    await expect.poll(() => lesson(page).then((l) => l.step)).toBe(n);
    await expect(page.locator("#lesson-title")).toContainText(`Step ${n} of ${steps}`);
    // Before the prediction the runs are hidden and untrained.
    await expect(page.locator(".lab")).toBeHidden();
    expect((await page.evaluate(() => window.initlab.runs())).every((run) => run.step === 0)).toBe(true);
    await page.screenshot({ path: testInfo.outputPath(`step-${n}-before.png`) });
    if (n > 1) await expect(page.locator("#lesson-title")).toBeFocused(); // moved there by Next
    const guess = NUMBER_GUESSES[ids[n - 1]];
    if (guess) {
      await tabTo(page, "#predict-number");
      await page.keyboard.type(guess[0]);
      await page.keyboard.press("Enter");
    } else {
      await tabTo(page, 'input[name="prediction"]');
      await page.keyboard.press("ArrowDown"); // chooses the next answer
      await tabTo(page, ".lesson-predict button[type=submit]");
      await page.keyboard.press("Enter");
    }
    await expect(page.locator("#lesson-answer-title")).toBeFocused({ timeout: 90_000 });
    const state = await lesson(page);
    expect(state.phase).toBe("answered");
    const record = state.record[ids[n - 1]];
    expect(record.predicted).toEqual(guess ? guess[1] : expect.any(String));
    // Every number the answer quotes is the value at its source in the runs just trained.
    const numbers = await quotedNumbers(page, ".lesson-facts");
    expect(numbers.length, `step ${n} quotes numbers`).toBeGreaterThan(0);
    for (const { source, shown, actual, text } of numbers) {
      expect(typeof actual, `step ${n}: ${source} is a number of runs()`).toBe("number");
      expect(shown, `step ${n}: ${source}`).toBe(actual);
      expect(text.trim(), `step ${n}: ${source}`).not.toBe("");
    }
    const runs = await page.evaluate(() => window.initlab.runs());
    expect(runs.every((run) => run.step > 0)).toBe(true);
    await expect(page.locator(".lab")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`step-${n}-after.png`) });
    await tabTo(page, ".lesson-answer .button-link");
    await page.keyboard.press("Enter");
  }
  // The summary: every step, what was predicted against what happened.
  await expect.poll(() => lesson(page).then((l) => l.kind)).toBe("summary");
  await expect(page.locator("#lesson-title")).toBeFocused();
  const rows = page.locator(".lesson-summary tbody tr");
  await expect(rows).toHaveCount(steps);
  for (let i = 0; i < steps; i++) {
    await expect(rows.nth(i)).toHaveClass(/right|wrong/);
    await expect(rows.nth(i).locator("data").first()).toBeVisible();
  }
  const right = Object.values((await lesson(page)).record).filter((r) => r.right).length;
  await expect(page.locator(".lesson-score")).toHaveText(new RegExp(`^${right} of your ${steps} predictions matched the run\\.$`));
  await page.screenshot({ path: testInfo.outputPath("summary.png"), fullPage: true });
  await tabTo(page, ".lesson-next .button-link");
  await page.keyboard.press("Enter");
  // The interview: an answer written, then a model answer tied to the runs just done.
  await expect.poll(() => lesson(page).then((l) => l.kind)).toBe("interview");
  await tabTo(page, "textarea");
  await page.keyboard.type("Every neuron would stay the same.");
  await tabTo(page, ".lesson-question-card button");
  await page.keyboard.press("Enter");
  const model = page.locator(".lesson-model").first();
  await expect(model.locator("h4")).toBeFocused();
  await expect(model).toContainText("Your run (step 2)");
  expect(await model.locator("data").count()).toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath("interview.png"), fullPage: true });
  await lab.check();
});

test("a link to step 3 opens step 3; Back and Forward move between steps; a bad step is a notice", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL, "/#lesson=init&step=3");
  expect(await lesson(page)).toMatchObject({ id: "init", step: 3, kind: "step", phase: "asking" });
  await expect(page.locator("#lesson-title")).toContainText("Step 3 of");
  const runs = await page.evaluate(() => window.initlab.runs());
  expect(runs.map((run) => run.init)).toEqual(["zeros"]);
  expect(runs[0].step).toBe(0);
  await page.locator('.lesson-pages a[aria-label^="Step 4:"]').click();
  await expect.poll(() => lesson(page).then((l) => l.step)).toBe(4);
  expect(await page.evaluate(() => location.hash)).toBe("#lesson=init&step=4");
  await page.goBack();
  await expect.poll(() => lesson(page).then((l) => l.step)).toBe(3);
  await page.goForward();
  await expect.poll(() => lesson(page).then((l) => l.step)).toBe(4);
  // Leaving the lesson gives back the lab.
  await page.getByRole("link", { name: "Leave the lesson" }).click();
  await expect.poll(() => lesson(page)).toBeNull();
  await expect(page.locator("#lesson")).toBeHidden();
  await expect(page.locator("#presets")).toBeVisible();
  await lab.check();
  await page.goto("/#lesson=init&step=99&preset=he-relu");
  await page.evaluate(() => window.initlab.ready);
  await expect.poll(() => lesson(page).then((l) => l?.step)).toBe(1);
  await expect(page.locator(".url-notice")).toContainText("step: must be a whole number from 1 to 13");
  await expect(page.locator(".url-notice")).toContainText("preset: left out, the lesson sets the runs");
});

test("each lesson step in an iframe of the recommended height fits, before and after its run", async ({ page, baseURL }, testInfo) => {
  test.setTimeout(300_000);
  const { outside, errors } = watch(page, baseURL);
  await page.setViewportSize({ width: 800, height: EMBED_HEIGHT + 200 });
  await page.goto("/examples/course-notes.html");
  const ids = await page.evaluate(async () => (await import("../lesson.js")).lessonOf("init").steps.map((s) => s.id));
  const iframe = page.locator("iframe").first();
  for (const [i, id] of ids.entries()) {
    const n = i + 1;
    await iframe.evaluate((e, n) => {
      e.src = `../index.html#lesson=init&step=${n}&embed=1`;
    }, n);
    const frame = await (await iframe.elementHandle()).contentFrame();
    await frame.waitForURL(new RegExp(`step=${n}(&|$)`));
    await frame.waitForFunction(() => window.initlab?.ready);
    await frame.evaluate(() => window.initlab.ready);
    await expect.poll(() => frame.evaluate(() => window.initlab.lesson()?.step)).toBe(n);
    expect(await overflow(frame), `step ${n}, before its run: fits ${EMBED_HEIGHT} px`).toEqual({ squeezed: [], past: 0 });
    await iframe.screenshot({ path: testInfo.outputPath(`embed-step-${n}-before.png`) });
    if (NUMBER_GUESSES[id]) await frame.locator("#predict-number").fill(NUMBER_GUESSES[id][0]);
    else await frame.locator('input[name="prediction"]').first().check();
    await frame.getByRole("button", { name: "Predict, then run" }).click();
    await expect(frame.locator("#lesson-answer-title")).toBeVisible({ timeout: 90_000 });
    const views = await frame.evaluate(() => window.initlab.views());
    for (const view of views) {
      const tab = frame.locator(`#tab-${view}`);
      if (await tab.isVisible()) await tab.click();
      await frame.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      expect(await overflow(frame), `step ${n}, ${view}, after its run: fits ${EMBED_HEIGHT} px`).toEqual({ squeezed: [], past: 0 });
    }
    if (await frame.locator(`#tab-${views[0]}`).isVisible()) await frame.locator(`#tab-${views[0]}`).click();
    await iframe.screenshot({ path: testInfo.outputPath(`embed-step-${n}-after.png`) });
  }
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
});

test("axe finds no serious or critical violation on a step, its answer, the summary and the interview", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL, "/#lesson=init&step=2");
  const violations = async () =>
    (await new AxeBuilder({ page }).analyze()).violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(await violations(), "the question").toEqual([]);
  // A wrong answer is named in words, next to its field.
  await page.getByRole("button", { name: "Predict, then run" }).click();
  await expect(page.locator("#lesson-error")).toHaveText("Give a whole number from 1 to 8.");
  await expect(page.locator("#predict-number")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Distinct neurons in layer 2").fill("1");
  await page.getByRole("button", { name: "Predict, then run" }).click();
  await expect(page.locator("#lesson-answer-title")).toBeFocused({ timeout: 60_000 });
  expect(await violations(), "the answer").toEqual([]);
  for (const n of [12, 13]) {
    await page.evaluate((n) => {
      location.hash = `#lesson=init&step=${n}`;
    }, n);
    await expect.poll(() => lesson(page).then((l) => l.step)).toBe(n);
    expect(await violations(), `page ${n}`).toEqual([]);
  }
  await lab.check();
});
