#!/usr/bin/env node
// The three browser engines of the cross-engine suite and how to drive each through W3C
// WebDriver (tools/webdriver.mjs): Chromium (Debian's chromium and chromium-driver), Firefox
// ESR (Debian's firefox-esr, with geckodriver from crates.io) and WebKitGTK (Debian's
// webkit2gtk-driver: WebKitWebDriver and its MiniBrowser, under Xvfb since it needs a display).
// tools/ensure-engines.sh installs what is missing.
//
// As a command, `node tools/engines.mjs missing [engine...]` prints one line per missing
// program ("engine program package") and exits 1 if any is missing.

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM_ARGS, findChromium, isExecutable, onPath } from "./find-chromium.mjs";

/** The geckodriver release `make test` installs (`cargo install geckodriver --version ...`). */
export const GECKODRIVER_VERSION = "0.37.1";

const MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/** `name` if it is a path to an executable, else its full path on $PATH, else undefined. */
function which(name) {
  if (name.includes("/")) return isExecutable(name) ? name : undefined;
  return onPath(name, [join(process.env.CARGO_HOME ?? join(process.env.HOME ?? "/root", ".cargo"), "bin")]);
}

/**
 * Each engine: `programs`, what it needs ([name or path, Debian package or "cargo"]), and
 * `session(options)`, the driver command, environment and capabilities for tools/webdriver.mjs.
 * WebKitGTK's takes {simd: false} to turn wasm SIMD off: only JavaScriptCore still has a switch
 * for it (V8 and SpiderMonkey dropped theirs once SIMD shipped).
 */
export const ENGINES = {
  chromium: {
    programs: [
      [process.env.CHROMIUM || "/usr/bin/chromium", "chromium"],
      ["chromedriver", "chromium-driver"],
    ],
    session: () => ({
      command: [which("chromedriver"), "--port={port}"],
      capabilities: {
        browserName: "chrome",
        "goog:chromeOptions": { binary: findChromium(), args: CHROMIUM_ARGS },
      },
    }),
  },
  firefox: {
    programs: [
      ["firefox-esr", "firefox-esr"],
      ["geckodriver", "cargo"],
    ],
    session: () => ({
      command: [which("geckodriver"), "--port={port}", "--host=127.0.0.1"],
      capabilities: {
        browserName: "firefox",
        "moz:firefoxOptions": {
          binary: which("firefox-esr"),
          args: ["-headless"],
          // No update checks, telemetry or other traffic on a machine with no network.
          prefs: {
            "app.update.enabled": false,
            "browser.shell.checkDefaultBrowser": false,
            "datareporting.policy.dataSubmissionEnabled": false,
            "network.captive-portal-service.enabled": false,
            "toolkit.telemetry.enabled": false,
          },
        },
      },
    }),
  },
  webkit: {
    programs: [
      ["WebKitWebDriver", "webkit2gtk-driver"],
      [MINIBROWSER, "webkit2gtk-driver"],
      ["xvfb-run", "xvfb"],
      ["xauth", "xauth"],
    ],
    session: ({ simd = true } = {}) => ({
      command: [which("xvfb-run"), "-a", "-s", "-screen 0 1920x1200x24", which("WebKitWebDriver"), "--port={port}"],
      // Debian's default locale, C.UTF-8, which WebKitGTK gives pages as navigator.language
      // "C", a tag Intl refuses: the page must start all the same (tools/uplot-locale.js).
      // JavaScriptCore reads its options from JSC_* variables, in the web process too.
      env: { LC_ALL: "C.UTF-8", ...(simd ? {} : { JSC_useWasmSIMD: "false" }) },
      capabilities: {
        "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
      },
    }),
  },
};

/** The programs `engine` needs that are not installed, as [program, package] pairs. */
export function missing(engine) {
  return ENGINES[engine].programs.filter(([program]) => !which(program));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [, , command, ...names] = process.argv;
  if (command !== "missing") {
    console.error("usage: node tools/engines.mjs missing [chromium|firefox|webkit ...]");
    process.exit(2);
  }
  const gaps = (names.length ? names : Object.keys(ENGINES)).flatMap((engine) => missing(engine).map((gap) => [engine, ...gap]));
  for (const gap of gaps) console.log(gap.join(" "));
  process.exit(gaps.length ? 1 : 0);
}
