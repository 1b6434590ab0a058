// Number formatting (www/format.js): what a student reads for losses, ratios, powers of ten,
// percentages, counts and axis ticks, including missing (null), NaN and infinite values.

import assert from "node:assert/strict";
import { test } from "node:test";
import { aboutPowerOfTen, formula, integer, logTick, number, percent, powerOfTen, ratio } from "../../www/format.js";

test("powerOfTen writes the exponent in superscript", () => {
  assert.equal(powerOfTen(-6), "10⁻⁶");
  assert.equal(powerOfTen(0), "10⁰");
  assert.equal(powerOfTen(3), "10³");
  assert.equal(powerOfTen(-45), "10⁻⁴⁵");
  assert.equal(powerOfTen(1234567890), "10¹²³⁴⁵⁶⁷⁸⁹⁰");
});

test("number: four significant digits, else a mantissa times a power of ten", () => {
  const cases = [
    [Math.LN2, "0.6931"],
    [12.34, "12.34"],
    [1, "1"],
    [1.5, "1.5"],
    [100, "100"],
    [0.1, "0.1"],
    [0.001, "0.001"],
    [0.0012345, "0.001234"],
    [9999, "9999"],
    [Math.fround(0.1), "0.1"],
    [3.2e-5, "3.2 × 10⁻⁵"],
    [1e-6, "1.0 × 10⁻⁶"],
    [12345, "1.2 × 10⁴"],
    [6.02e23, "6.0 × 10²³"],
    [3.4e38, "3.4 × 10³⁸"],
    [1.4e-45, "1.4 × 10⁻⁴⁵"],
    [0, "0"],
    [-0, "0"],
    // Negative mantissas take a real minus sign (a hyphen only in plain decimals).
    [-3.2e-5, "−3.2 × 10⁻⁵"],
    [-2.5, "-2.5"],
  ];
  for (const [x, text] of cases) assert.equal(number(x), text, `number(${x})`);
});

test("number: rounding up to the next decade changes the exponent, never shows 10.0 or e+4", () => {
  assert.equal(number(9999.4), "9999");
  assert.equal(number(9999.95), "1.0 × 10⁴");
  assert.equal(number(99999), "1.0 × 10⁵");
  assert.equal(number(9.99e-4), "1.0 × 10⁻³");
  assert.equal(number(9.96e-5), "1.0 × 10⁻⁴");
  assert.equal(number(9.94e-5), "9.9 × 10⁻⁵");
  for (let k = -40; k <= 40; k++) {
    for (const x of [10 ** k, 0.99999 * 10 ** k, Math.fround(10 ** k)]) {
      assert.doesNotMatch(number(x), /10\.0|e[+-]|Infinity|undefined/, `number(${x})`);
    }
  }
});

test("number: missing, NaN and infinite values", () => {
  assert.equal(number(null), "—");
  assert.equal(number(undefined), "—");
  assert.equal(number(Number.NaN), "NaN");
  assert.equal(number(Number.POSITIVE_INFINITY), "∞");
  assert.equal(number(Number.NEGATIVE_INFINITY), "−∞");
});

test("percent: one decimal, a dash when there is no number", () => {
  assert.equal(percent(0.975), "97.5 %");
  assert.equal(percent(1), "100.0 %");
  assert.equal(percent(0), "0.0 %");
  assert.equal(percent(1 / 3), "33.3 %");
  assert.equal(percent(0.0004), "0.0 %");
  for (const missing of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    assert.equal(percent(missing), "—", `percent(${missing})`);
  }
});

test("aboutPowerOfTen: the nearest decade, 1 and 10 in plain digits", () => {
  assert.equal(aboutPowerOfTen(4.5e-14), "10⁻¹³");
  assert.equal(aboutPowerOfTen(1e-6), "10⁻⁶");
  assert.equal(aboutPowerOfTen(0.8), "1");
  assert.equal(aboutPowerOfTen(3.1), "1");
  // Decades are split at √10, not at 5.
  assert.equal(aboutPowerOfTen(3.2), "10");
  assert.equal(aboutPowerOfTen(12), "10");
  assert.equal(aboutPowerOfTen(150), "10²");
  assert.equal(aboutPowerOfTen(0.2), "10⁻¹");
  for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, null, undefined]) {
    assert.equal(aboutPowerOfTen(bad), null, `aboutPowerOfTen(${bad})`);
  }
});

test("ratio: two significant digits between 0.01 and 100, a power of ten beyond", () => {
  assert.equal(ratio(0.42), "0.42");
  assert.equal(ratio(0.4213), "0.42");
  assert.equal(ratio(Math.PI), "3.1");
  assert.equal(ratio(1), "1");
  assert.equal(ratio(0.0123), "0.012");
  assert.equal(ratio(0.01), "0.01");
  assert.equal(ratio(100), "100");
  assert.equal(ratio(99.6), "100");
  assert.equal(ratio(0.005), "10⁻²");
  assert.equal(ratio(1e-6), "10⁻⁶");
  assert.equal(ratio(1234), "10³");
  assert.equal(ratio(2e4), "10⁴");
  for (const bad of [0, -0.5, Number.NaN, Number.POSITIVE_INFINITY, null]) assert.equal(ratio(bad), null, `ratio(${bad})`);
});

test("integer: rounded, with thousands separators", () => {
  assert.equal(integer(12400), "12,400");
  assert.equal(integer(1234567.6), "1,234,568");
  assert.equal(integer(999.4), "999");
  assert.equal(integer(0), "0");
  assert.equal(integer(-1234.4), "-1,234");
  assert.equal(integer(Number.NaN), "NaN");
  assert.equal(integer(Number.POSITIVE_INFINITY), "∞");
});

test("logTick: decades only, 0.1 to 10 in plain digits", () => {
  assert.equal(logTick(0.1), "0.1");
  assert.equal(logTick(1), "1");
  assert.equal(logTick(10), "10");
  assert.equal(logTick(100), "10²");
  assert.equal(logTick(1e-6), "10⁻⁶");
  assert.equal(logTick(1e34), "10³⁴");
  // The chart asks for 10 ** k: a decade a little off in the last bits is still one.
  assert.equal(logTick(0.1 * 0.1 * 0.1), "10⁻³");
  assert.equal(logTick(10 ** -7), "10⁻⁷");
  // Mantissa ticks are blank.
  for (const x of [2, 0.5, 3e-6, 20, 1.01]) assert.equal(logTick(x), "", `logTick(${x})`);
  // So is anything that is no tick of a log axis.
  for (const x of [0, -1, -100, Number.NaN, Number.POSITIVE_INFINITY, null, undefined]) assert.equal(logTick(x), "", `logTick(${x})`);
});

test("formula: the core's ^2 as a superscript", () => {
  assert.equal(formula("stddev^2"), "stddev²");
  assert.equal(formula("(maxval - minval)^2 / 12"), "(maxval - minval)² / 12");
  assert.equal(formula("a^2 + b^2"), "a² + b²");
  assert.equal(formula("2 / (fanIn + fanOut)"), "2 / (fanIn + fanOut)");
});
