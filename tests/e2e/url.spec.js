// The URL hash (issue 5, "Shareable state"): a link restores exactly its state and re-writes
// the same keys, `compare` builds one run per init, `hide` hides controls, and unknown keys or
// bad (even hostile) values are left out with a visible notice while the rest still loads.

import { expect, test } from "@playwright/test";
import { openLab, train } from "./lab.js";

const notice = (page) => page.getByRole("status").filter({ hasText: "Left out of the link" });

test("a shared link restores exactly its config and re-writes the same keys", async ({ page, baseURL }) => {
  const hash = "#preset=he-relu&hidden=16,16&lr=0.05&batch=16&seed=3";
  const lab = await openLab(page, baseURL, `/${hash}`);
  const [run] = await page.evaluate(() => window.initlab.runs());
  expect(run.config.hidden).toEqual([16, 16]);
  expect(run.config.learningRate).toBeCloseTo(0.05, 6);
  expect(run.config.batchSize).toBe(16);
  expect(run.config.seed).toBe(3);
  expect(run.init).toBe("he_normal");
  await expect(page.locator("#ctl-hidden")).toHaveValue("16, 16");
  await expect(page.locator("#ctl-learningRate")).toHaveValue("0.05");
  await expect(page.locator("#ctl-batchSize")).toHaveValue("16");
  await expect(page.locator("#ctl-seed")).toHaveValue("3");
  expect(await page.evaluate(() => location.hash)).toBe(hash);
  await expect(notice(page)).toBeHidden();
  await lab.check();
});

test("compare builds one run per init; hide hides the named controls", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL, "/#preset=he-relu&compare=zeros,he_normal&hide=seed,lr");
  const runs = await page.evaluate(() => window.initlab.runs());
  expect(runs.map((r) => r.init)).toEqual(["zeros", "he_normal"]);
  expect(runs[0].config.hidden).toEqual(runs[1].config.hidden);
  expect(runs[0].config.seed).toBe(runs[1].config.seed);
  await expect(page.locator("#ctl-seed")).toBeHidden();
  await expect(page.locator("#ctl-learningRate")).toBeHidden();
  await expect(page.locator("#ctl-dataset")).toBeVisible();
  const hash = await page.evaluate(() => location.hash);
  expect(hash).toContain("compare=zeros,he_normal");
  expect(hash).toContain("hide=seed,lr");
  await lab.check();
});

test("unknown keys and bad values are left out with a notice; the preset still loads and trains", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL, "/#preset=he-relu&colour=red&lr=abc");
  await expect(notice(page)).toContainText("colour");
  await expect(notice(page)).toContainText("lr");
  const [run] = await train(page, 20);
  expect(run.init).toBe("he_normal");
  expect(run.step).toBeGreaterThanOrEqual(20);
  expect(await page.evaluate(() => location.hash)).toBe("#preset=he-relu");
  await lab.check();
});

test("a compare list longer than maxRuns keeps the first maxRuns runs, with a notice", async ({ page, baseURL }) => {
  const inits = Array.from({ length: 1000 }, (_, i) => (i % 2 ? "zeros" : "he_normal"));
  const lab = await openLab(page, baseURL, `/#preset=he-relu&compare=${inits.join(",")}`);
  const { maxRuns } = await page.evaluate(async () => (await import("./pkg/initlab.js")).limits());
  await expect(notice(page)).toContainText(`compare: at most ${maxRuns} runs`);
  const runs = await train(page, 5);
  expect(runs.map((run) => run.init)).toEqual(inits.slice(0, maxRuns));
  // One worker per core trains them all.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(page.workers().length).toBe(Math.min(cores, maxRuns));
  await lab.check();
});

for (const [name, hash] of [
  ["a script as init", "#preset=he-relu&init=%3Cscript%3Ealert(1)%3C%2Fscript%3E"],
  ["a huge layer", "#preset=he-relu&hidden=1e308"],
  ["a 100 kB value", `#preset=he-relu&seed=${"9".repeat(100_000)}`],
  ["a 100 kB key", `#preset=he-relu&${"x".repeat(100_000)}=1`],
]) {
  test(`hostile link (${name}): a notice, no dialog, no error`, async ({ page, baseURL }) => {
    const dialogs = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss();
    });
    const lab = await openLab(page, baseURL, `/${hash}`);
    await expect(notice(page)).toBeVisible();
    expect((await notice(page).textContent()).length).toBeLessThan(1000);
    expect(await page.locator("#url-notice script").count()).toBe(0);
    const [run] = await train(page, 5);
    expect(run.step).toBeGreaterThanOrEqual(5);
    expect(dialogs).toEqual([]);
    await lab.check();
  });
}

test("autoplay=1 trains once the widget is on screen", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL, "/#preset=he-relu&embed=1&autoplay=1");
  await expect.poll(() => page.evaluate(() => window.initlab.runs()[0].step)).toBeGreaterThan(0);
  expect(await page.evaluate(() => location.hash)).toContain("autoplay=1");
  await lab.check();
});

test("autoplay=1 pauses when the widget is scrolled away and goes on when it is back", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL, "/#preset=he-relu&embed=1&autoplay=1&views=loss");
  const step = () => page.evaluate(() => window.initlab.runs()[0].step);
  await expect.poll(step).toBeGreaterThan(0);
  // Course notes around the widget: scroll until its views are out of sight.
  await page.evaluate(() => {
    const notes = document.createElement("div");
    notes.style.height = "4000px";
    notes.style.flexShrink = "0"; // the embed card is a column sized to its frame
    document.body.append(notes);
    scrollTo(0, document.body.scrollHeight);
  });
  await expect(page.locator("#views")).not.toBeInViewport();
  // Paused: the step stops moving (after the round in flight), well before the 1,500 of a preset.
  await expect
    .poll(async () => {
      const before = await step();
      await page.waitForTimeout(400);
      return (await step()) - before;
    })
    .toBe(0);
  const paused = await step();
  expect(paused).toBeLessThan(1500);
  expect(await page.locator("#play").getAttribute("aria-pressed")).toBe("false");
  // Back on screen: training goes on.
  await page.evaluate(() => scrollTo(0, 0));
  await expect.poll(step).toBeGreaterThan(paused);
  await lab.check();
});

test("an edit takes the keys derived from it out of the link; a bad init option is left out by its key", async ({ page, baseURL }) => {
  const lab = await openLab(page, baseURL, "/#preset=he-relu&optimizer=adam&lr=0.01");
  expect((await page.evaluate(() => window.initlab.runs()))[0].config.learningRate).toBeCloseTo(0.01, 6);
  // A new optimizer brings its own learning rate (the core's editConfig and mergeEdits).
  await page.evaluate(() => window.initlab.setConfig({ optimizer: "sgd" }));
  expect((await page.evaluate(() => window.initlab.runs()))[0].config.learningRate).toBeCloseTo(0.1, 6);
  expect(await page.evaluate(() => location.hash)).toBe("#preset=he-relu&optimizer=sgd");
  await lab.check();

  const options = encodeURIComponent(JSON.stringify({ stddev: -1 }));
  await openLab(page, baseURL, `/#preset=he-relu&init=random_normal&initOptions=${options}&seed=4`);
  await expect(notice(page)).toContainText("initOptions.stddev");
  const [run] = await page.evaluate(() => window.initlab.runs());
  expect(run.init).toBe("random_normal");
  expect(run.initOptions.stddev).toBeCloseTo(0.05, 6);
  expect(run.config.seed).toBe(4);
});
