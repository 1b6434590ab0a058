// The URL hash table (www/url-state.js): a link reads back to what was written, old key names
// still read, and malformed or unknown keys become notices instead of errors.

import assert from "node:assert/strict";
import { test } from "node:test";
import { configKeyOf, readHash, sweepKeyOf, urlKeyOf, writeHash } from "../../www/url-state.js";

test("a written hash reads back to the same state", () => {
  const state = {
    preset: "he-relu",
    edits: { hidden: [16, 16], learningRate: 0.05, initOptions: { stddev: 0.5 } },
    compare: ["zeros", "he_normal"],
    views: ["loss", "layers"],
    embed: true,
    hide: ["seed"],
    autoplay: false,
  };
  const hash = writeHash(state);
  assert.equal(hash.includes("hidden=16,16"), true);
  const link = readHash(hash);
  assert.deepEqual(link.notices, []);
  assert.equal(link.preset, "he-relu");
  assert.deepEqual(link.edits, state.edits);
  assert.deepEqual(link.compare, state.compare);
  assert.deepEqual(link.views, state.views);
  assert.equal(link.embed, true);
  assert.equal(link.autoplay, false);
});

test("old key names and the JSON form of hidden still read", () => {
  const link = readHash("#learningRate=0.2&batchSize=16&hidden=[4,4]");
  assert.deepEqual(link.edits, { learningRate: 0.2, batchSize: 16, hidden: [4, 4] });
  assert.equal(configKeyOf("lr"), "learningRate");
  assert.equal(urlKeyOf("batchSize"), "batch");
});

test("unknown keys and malformed values become notices, the rest still reads", () => {
  const link = readHash("#preset=compare&bogus=1&embed=yes&initOptions={oops&seed=3");
  assert.equal(link.preset, "compare");
  assert.equal(link.edits.seed, 3);
  assert.equal(link.embed, false);
  assert.equal(link.notices.length, 3);
  assert.match(link.notices.join("; "), /"bogus": unknown key/);
  assert.match(link.notices.join("; "), /embed: must be 1 or 0/);
});

test("the depth sweep's keys round-trip, colons and equals signs as they are", () => {
  const sweep = { run: true, inits: ["he_normal", "random_normal:stddev=0.01"], depths: [1, 2, 30], seeds: 2, steps: 500 };
  const hash = writeHash({ preset: "compare", edits: {}, sweep });
  assert.equal(
    hash,
    "#preset=compare&sweep=1&sweepInits=he_normal,random_normal:stddev=0.01&sweepDepths=1,2,30&sweepSeeds=2&sweepSteps=500",
  );
  const link = readHash(hash);
  assert.deepEqual(link.notices, []);
  assert.deepEqual(link.sweep, { ...sweep, depths: ["1", "2", "30"] });
  assert.equal(sweepKeyOf("seeds"), "sweepSeeds");
  assert.equal(readHash("#preset=compare").sweep, null);
  assert.deepEqual(readHash("#sweep=0").sweep, { run: false });
  assert.match(readHash("#sweep=yes").notices[0], /^sweep: must be 1 or 0/);
  assert.equal(writeHash({ preset: "compare", sweep: { run: false } }), "#preset=compare");
});

test("a lesson page's link reads back: lesson and step", () => {
  const hash = writeHash({ lesson: "init", step: 3, embed: true });
  assert.equal(hash, "#embed=1&lesson=init&step=3");
  const link = readHash(hash);
  assert.deepEqual([link.lesson, link.step, link.embed, link.notices], ["init", 3, true, []]);
  assert.deepEqual([readHash("#preset=he-relu").lesson, readHash("#preset=he-relu").step], [null, null]);
});
