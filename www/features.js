// What the page needs of the browser beyond plain ES modules, checked before the core loads:
// WebAssembly SIMD (the core's fast builds; without it the page loads the scalar builds, which
// give the same bits, more slowly) and module workers (every run trains in one; without them
// the page cannot train and says so).

/**
 * The smallest module using 128-bit SIMD: one function () -> v128 doing i32.const 0,
 * i8x16.splat, i8x16.popcnt. A browser that validates it runs the core's SIMD build.
 */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x0a, 0x01, 0x08,
  0x00, 0x41, 0x00, 0xfd, 0x0f, 0xfd, 0x62, 0x0b,
]);

/** Whether this browser's WebAssembly has 128-bit SIMD. */
export function hasWasmSimd() {
  return WebAssembly.validate(SIMD_PROBE);
}

/**
 * Whether this browser starts module workers: the Worker constructor reads its options'
 * `type` only when it knows module workers. The URL is invalid on purpose, so no worker starts
 * and nothing is fetched.
 */
export function hasModuleWorkers() {
  let reads = false;
  try {
    new Worker("http://[", {
      get type() {
        reads = true;
        return "module";
      },
    });
  } catch {
    // The invalid URL: expected.
  }
  return reads;
}

/**
 * The wasm files of each build of the core, SIMD then scalar: the page's, and the full one with
 * the script generators and the paper cards (full-core.js). Literal URLs, so that
 * tools/single-file.mjs carries them.
 */
const BUILDS = {
  page: [new URL("./pkg/initlab_bg.wasm", import.meta.url), new URL("./pkg/initlab_scalar_bg.wasm", import.meta.url)],
  full: [new URL("./pkg/initlab_full_bg.wasm", import.meta.url), new URL("./pkg/initlab_full_scalar_bg.wasm", import.meta.url)],
};

/** What the page says where it runs the scalar core. */
const NO_SIMD =
  "This browser's WebAssembly has no SIMD, so initlab runs its scalar core: the same numbers, step for step, only slower. A recent Chrome, Firefox or Safari trains faster.";

/**
 * The wasm file of `build` ("page" or "full") for this browser and what to tell the student
 * about it: the SIMD build, or the scalar build with a notice (null when there is nothing to say).
 */
export function coreBuild(build = "page", simd = hasWasmSimd()) {
  const [fast, scalar] = BUILDS[build];
  return simd ? { url: fast, notice: null } : { url: scalar, notice: NO_SIMD };
}

/** What to tell the student when the page cannot train here, or null when it can. */
export function unsupported(moduleWorkers = hasModuleWorkers()) {
  return moduleWorkers
    ? null
    : "This browser cannot start module workers, and initlab trains every network in one: it needs Chrome 80, Firefox 114, Safari 15 or newer.";
}
