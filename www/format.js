// Number formatting for everything a student reads: fixed-width friendly, and powers of ten
// written as 10⁻³ rather than 1e-3.

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/** "10⁻³" for k = -3. */
export function powerOfTen(k) {
  return `10${String(k).replace(/./g, (c) => SUPERSCRIPT[c])}`;
}

/**
 * A tick label for a log axis at `value`: 0.1, 1 and 10 as plain decimals, other powers of ten
 * as 10ᵏ, anything else (a mantissa tick; zero, a negative or non-finite value) blank so only
 * the decades are labelled.
 */
export function logTick(value) {
  if (!(value > 0) || !Number.isFinite(value)) return "";
  const k = Math.round(Math.log10(value));
  if (Math.abs(value / 10 ** k - 1) > 1e-6) return "";
  return Math.abs(k) <= 1 ? String(10 ** k) : powerOfTen(k);
}

/**
 * A loss or any positive quantity in about four characters of significance: 0.6931, 12.34,
 * 3.2 × 10⁻⁵. Null and undefined read "—"; NaN and infinities read "NaN" / "∞".
 */
export function number(x) {
  if (x === null || x === undefined) return "—";
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (x === 0) return "0";
  const abs = Math.abs(x);
  // Rounded first: 9999.97 has four digits no more ("1.000e+4"), so it reads 1.0 × 10⁴.
  if (abs >= 1e-3 && Number(abs.toPrecision(4)) < 1e4)
    return x
      .toPrecision(4)
      .replace(/(\.\d*?)0+$/, "$1")
      .replace(/\.$/, "");
  // toExponential rounds the mantissa and the exponent together: 99,999 reads 1.0 × 10⁵.
  const [mantissa, k] = x.toExponential(1).split("e");
  return `${mantissa} × ${powerOfTen(Number(k))}`.replace("-", "−");
}

/** A fraction in [0, 1] as a percentage with one decimal: "97.5 %"; "—" for null, NaN or infinities. */
export function percent(x) {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : "—";
}

/**
 * The nearest power of ten of a positive `x`, as a student reads it: "10⁻¹³" for 4.5e-14,
 * "1" for 0.8, "10" for 12. Null for zero, negative or non-finite values.
 */
export function aboutPowerOfTen(x) {
  if (!(x > 0) || !Number.isFinite(x)) return null;
  const k = Math.round(Math.log10(x));
  return k === 0 ? "1" : k === 1 ? "10" : powerOfTen(k);
}

/**
 * How many times `x` is of something, in words that fit a sentence: "10⁻¹³" for tiny or huge
 * ratios (beyond 100 either way), else a plain decimal with two significant digits ("0.42",
 * "3.1"). Null for zero, negative or non-finite values.
 */
export function ratio(x) {
  if (!(x > 0) || !Number.isFinite(x)) return null;
  return x < 0.01 || x > 100 ? aboutPowerOfTen(x) : String(Number(x.toPrecision(2)));
}

const INTEGER = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** An integer with thousands separators: "12,400". */
export function integer(n) {
  return INTEGER.format(Math.round(n));
}

/** A variance formula of the core ("stddev^2") as a student reads it: "stddev²". */
export function formula(text) {
  return text.replaceAll("^2", "²");
}
