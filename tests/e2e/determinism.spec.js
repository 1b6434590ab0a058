// The pinned run of tests/pin/mod.rs, trained in Chromium through the JS API: it must give the
// exact bits the native build gives (tests/determinism.rs checks the same pin natively and
// tests/wasm_determinism.rs in Node), so a seed draws the same curve in every browser.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";

const PIN = readFileSync(join(import.meta.dirname, "..", "pin", "mod.rs"), "utf8");
const CONFIG = JSON.parse(PIN.match(/pub const CONFIG: &str = r#"(.*)"#;/)[1]);
const STEPS = Number(PIN.match(/pub const STEPS: u32 = ([\d_]+);/)[1].replaceAll("_", ""));
const EXPECTED = PIN.match(/pub const EXPECTED: u64 = ([\d_]+);/)[1].replaceAll("_", "");

test("the pinned run has the native bits in Chromium", async ({ page }) => {
  await page.goto("/");
  const fingerprint = await page.evaluate(
    async ({ config, steps }) => {
      const core = await import("./pkg/initlab.js");
      await core.default();
      const trainer = new core.Trainer(config);
      trainer.step(steps);
      // Losses (one history point per step, its mean the step's loss), then every layer's
      // weights and biases: the order of the core's flat buffer.
      const arrays = [trainer.lossHistory().mean];
      for (let l = 0; l < trainer.sizes().length - 1; l++) arrays.push(trainer.weights(l), trainer.biases(l));
      trainer.free();
      // FNV-1a over the little-endian bytes of every f32, as tests/pin/mod.rs computes it.
      let hash = 0xcbf29ce484222325n;
      for (const values of arrays) {
        for (const byte of new Uint8Array(new Float32Array(values).buffer)) {
          hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
        }
      }
      return hash.toString();
    },
    { config: CONFIG, steps: STEPS },
  );
  expect(fingerprint).toBe(EXPECTED);
});
