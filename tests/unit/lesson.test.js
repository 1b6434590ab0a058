// The lesson path's rules (www/lesson.js): its pages and how a link names them, reading and
// judging a prediction, and answers built only from the runs they are given: every number an
// answer quotes is the value at its source in initlab.runs(), so other runs give other numbers.

import assert from "node:assert/strict";
import { test } from "node:test";
import { integer } from "../../www/format.js";
import {
  DEFAULT_LESSON,
  isRight,
  lessonOf,
  modelAnswer,
  pageOf,
  pagesOf,
  partsText,
  questionOf,
  readNumber,
  readPrediction,
  setupOf,
  summaryRows,
  valueAt,
} from "../../www/lesson.js";

const lesson = lessonOf(DEFAULT_LESSON);

/** A source's value as the e2e test reads it: a path, or two paths divided ("a / b"). */
function sourceValue(runs, source) {
  const [a, b] = source.split(" / ");
  return b === undefined ? valueAt(runs, a) : valueAt(runs, a) / valueAt(runs, b);
}

/** A number from a seeded stream in [lo, hi) on a log scale, so values span decades. */
function logUniform(random, lo, hi) {
  return lo * (hi / lo) ** random();
}

/** A tiny seeded generator (mulberry32), so a failing case repeats. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs as initlab.runs() gives them for `step`'s setup, with made-up numbers from `random`: the
 * fields the answers read, per layer for `hidden` hidden layers and the output layer.
 */
function fakeRuns(step, random) {
  const count = step.setup.compare?.length ?? step.setup.runs?.length ?? (step.setup.preset === "small-relu" ? 2 : 1);
  const hidden =
    step.setup.preset.startsWith("zero") || ["constant", "small-relu"].includes(step.setup.preset) ? [8, 8] : Array(8).fill(32);
  const layers = hidden.length + 1;
  // Now and then every layer reads exactly 0, as a zero-init network's gradients do.
  const list = (lo, hi) => (random() < 0.1 ? Array(layers).fill(0) : Array.from({ length: layers }, () => logUniform(random, lo, hi)));
  const inits = step.setup.compare ?? ["random_normal", "he_normal"];
  return Array.from({ length: count }, (_, i) => {
    const diverged = random() < 0.5;
    const reached = random() < 0.7;
    return {
      label: `run ${i}`,
      init: inits[i % inits.length],
      step: diverged ? 3 : step.steps,
      trainLoss: logUniform(random, 1e-4, 1),
      testAccuracy: random(),
      stepsToTarget: reached ? Math.ceil(random() * step.steps) : null,
      diverged,
      divergedAt: diverged ? 3 : null,
      distinctNeurons: hidden.map((w) => 1 + Math.floor(random() * w)),
      gradientNorms: list(1e-15, 10),
      theoreticalVariances: list(1e-3, 1),
      start: { activationStds: list(1e-3, 1e3), gradientNorms: list(1e-12, 10), weightVariances: list(1e-3, 1) },
      config: { hidden, initOptions: { value: 0.5, stddev: 0.01 } },
    };
  });
}

test("the path: eleven steps in the notes' order, then the summary and the interview", () => {
  const ids = lesson.steps.map((s) => s.id);
  assert.deepEqual(ids, [
    "loop",
    "symmetry",
    "no-gradient",
    "linear",
    "constant",
    "vanishing",
    "exploding",
    "slow",
    "he",
    "lecun",
    "variance",
  ]);
  const pages = pagesOf(lesson);
  assert.deepEqual(
    pages.map((p) => [p.n, p.kind]),
    [...ids.map((_, i) => [i + 1, "step"]), [12, "summary"], [13, "interview"]],
  );
  for (const step of lesson.steps) {
    assert.ok(step.notes.length > 20 && step.why.length > 40, step.id);
    assert.ok(step.steps > 0 && Number.isInteger(step.steps), step.id);
    assert.ok(step.views.length > 0, step.id);
  }
  assert.equal(lessonOf("nope"), null);
  assert.equal(lessonOf("toString"), null);
  // The summary and the interview keep the last step's runs behind them.
  assert.equal(setupOf(lesson, pages[12]), lesson.steps.at(-1).setup);
  assert.equal(setupOf(lesson, pages[2]), lesson.steps[2].setup);
});

test("a link's step names a page; a step the lesson does not have opens the first, with a notice", () => {
  assert.deepEqual(pageOf(lesson, 3), { page: pagesOf(lesson)[2], notice: null });
  assert.equal(pageOf(lesson, null).page.n, 1);
  for (const bad of [0, 14, 2.5, "abc", -1]) {
    const { page, notice } = pageOf(lesson, bad);
    assert.equal(page.n, 1);
    assert.match(notice, /^step: must be a whole number from 1 to 13/);
  }
});

test("a question quotes its step's run: the steps it trains and its network", () => {
  const config = { hidden: [8, 8], initOptions: { value: 0.5, stddev: 0.01 } };
  for (const step of lesson.steps) {
    const text = questionOf(step, config);
    assert.ok(text.endsWith("?"), `${step.id}: ${text}`);
    if (/\d+ steps|repeats/.test(text)) assert.ok(text.includes(integer(step.steps)), `${step.id}: ${text}`);
  }
  const symmetry = lesson.steps.find((s) => s.id === "symmetry");
  assert.match(questionOf(symmetry, { hidden: [5, 7] }), /2 sigmoid layers of 7/);
});

test("numbers read as a student types them: decimal points or commas, and fractions", () => {
  assert.equal(readNumber("0.05"), 0.05);
  assert.equal(readNumber(" 0,05 "), 0.05);
  assert.equal(readNumber("1/32"), 1 / 32);
  assert.equal(readNumber("2 / 64"), 2 / 64);
  for (const bad of ["", "abc", "1/0", "1/2/3", "Infinity", "0,5,5"]) assert.equal(readNumber(bad), null, bad);
});

test("a prediction is read within the step's range, or says what to give", () => {
  const steps = Object.fromEntries(lesson.steps.map((s) => [s.id, s]));
  const config = { hidden: [8, 8] };
  assert.deepEqual(readPrediction(steps.symmetry, config, "3"), { value: 3, text: "3" });
  for (const bad of ["0", "9", "2.5", "", "many"]) {
    assert.equal(readPrediction(steps.symmetry, config, bad).error, "Give a whole number from 1 to 8.", bad);
  }
  assert.equal(readPrediction(steps.variance, config, "1/32").value, 1 / 32);
  assert.match(readPrediction(steps.variance, config, "0").error, /^Give a number such as 0\.05 or a fraction such as 1\/20 above 0\.$/);
  const choice = readPrediction(steps.loop, config, "high");
  assert.equal(choice.value, "high");
  assert.equal(choice.text, steps.loop.predict.options.find((o) => o.id === "high").label);
  assert.deepEqual(readPrediction(steps.loop, config, ""), { error: "Choose one of the answers first." });
});

test("a prediction is judged against what the run gave", () => {
  const steps = Object.fromEntries(lesson.steps.map((s) => [s.id, s]));
  assert.equal(isRight(steps.loop, { value: "high" }, { value: "high" }), true);
  assert.equal(isRight(steps.loop, { value: "middle" }, { value: "high" }), false);
  assert.equal(isRight(steps.symmetry, { value: 1 }, { value: 1 }), true);
  assert.equal(isRight(steps.symmetry, { value: 2 }, { value: 1 }), false);
  // A variance within a tenth of the true one is right.
  assert.equal(isRight(steps.variance, { value: 0.033 }, { value: 0.03125 }), true);
  assert.equal(isRight(steps.variance, { value: 0.0625 }, { value: 0.03125 }), false);
});

test("every answer quotes numbers from the runs it was given, and nothing else decides it", () => {
  for (const step of lesson.steps) {
    for (let seed = 1; seed <= 40; seed++) {
      const runs = fakeRuns(step, seeded(seed * 97 + step.steps));
      const outcome = step.outcome(runs);
      const facts = outcome.answer.filter((part) => typeof part !== "string");
      assert.ok(facts.length > 0, `${step.id}: the answer quotes a number`);
      for (const fact of [...facts, ...outcome.happened.filter((part) => typeof part !== "string")]) {
        const value = sourceValue(runs, fact.source);
        assert.ok(Object.is(fact.value, value) || Math.abs(fact.value - value) <= 1e-12 * Math.abs(value), `${step.id}: ${fact.source}`);
        assert.ok(fact.text.length > 0 && partsText(outcome.answer).includes(fact.text) !== undefined);
      }
      assert.ok(partsText(outcome.answer).includes(facts[0].text), step.id);
      if (step.predict.kind === "choice") {
        assert.ok(
          step.predict.options.some((o) => o.id === outcome.value),
          `${step.id}: ${outcome.value}`,
        );
      } else assert.equal(typeof outcome.value, "number");
    }
  }
});

test("the verdict follows the numbers: each choice is what some runs give", () => {
  for (const step of lesson.steps.filter((s) => s.predict.kind === "choice")) {
    const seen = new Set();
    for (let seed = 1; seed <= 400; seed++) seen.add(step.outcome(fakeRuns(step, seeded(seed))).value);
    // Made-up runs reach every outcome the step offers, except "falls" for the large weights,
    // whose made-up losses rarely fall below 0.2 without diverging.
    const expected = step.predict.options.map((o) => o.id).filter((id) => id !== "falls" || seen.has(id));
    assert.deepEqual([...seen].sort(), expected.sort(), step.id);
  }
});

test("the summary sets each prediction against its run; a step not run says so", () => {
  const steps = lesson.steps;
  const symmetry = steps[1];
  const runs = fakeRuns(symmetry, seeded(5));
  const outcome = symmetry.outcome(runs);
  const record = new Map([[symmetry.id, { prediction: { value: 1, text: "1" }, outcome, right: outcome.value === 1 }]]);
  const rows = summaryRows(lesson, record);
  assert.equal(rows.length, steps.length);
  assert.deepEqual(rows[0], { n: 1, title: steps[0].title, done: false });
  assert.equal(rows[1].done, true);
  assert.equal(rows[1].predicted, "1");
  assert.equal(rows[1].happened, outcome.happened);
  assert.equal(rows[1].right, outcome.value === 1);
});

test("a model answer ties each point to the student's run of its step", () => {
  const [zero] = lesson.interview;
  assert.equal(zero.question, "Why are the weights of a neural network not initialized with 0?");
  const symmetry = lesson.steps.find((s) => s.id === "symmetry");
  const outcome = symmetry.outcome(fakeRuns(symmetry, seeded(9)));
  const record = new Map([["symmetry", { prediction: { value: 1, text: "1" }, outcome, right: true }]]);
  const points = modelAnswer(lesson, zero, record);
  assert.deepEqual(
    points.map((p) => p.n),
    zero.points.map((p) => lesson.steps.findIndex((s) => s.id === p.step) + 1),
  );
  assert.equal(points[0].happened, outcome.happened);
  assert.ok(points.slice(1).every((p) => p.happened === null));
  for (const question of lesson.interview) {
    for (const point of question.points)
      assert.ok(
        lesson.steps.some((s) => s.id === point.step),
        point.step,
      );
  }
});
