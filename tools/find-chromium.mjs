#!/usr/bin/env node
// Finds the Chromium (or Chrome) that the browser tests drive, so the Makefile and
// playwright.config.js agree on one rule: $CHROMIUM if set, then Debian's /usr/bin/chromium,
// then `chromium`, `chromium-browser`, `google-chrome` or `google-chrome-stable` on PATH.
// Playwright's own browser downloads are never used (they cannot be fetched here).
//
// As a command it prints the path and exits 0, or explains what to install and exits 1.

import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

const FIXED_PATHS = ["/usr/bin/chromium"];
const PATH_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/** Whether `file` is an executable regular file. */
export function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Full path of `name` on $PATH (then in `extraDirs`), or undefined. */
export function onPath(name, extraDirs = []) {
  return [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), ...extraDirs].map((dir) => join(dir, name)).find(isExecutable);
}

/**
 * Path of the Chromium to test with, or undefined when none is found.
 * Throws when $CHROMIUM is set but is not an executable, since a silent fallback would hide it.
 */
export function findChromium() {
  const chosen = process.env.CHROMIUM;
  if (chosen) {
    const path = chosen.includes("/") ? chosen : onPath(chosen);
    if (path && isExecutable(path)) return path;
    throw new Error(`CHROMIUM=${chosen} is not an executable file`);
  }
  return FIXED_PATHS.find(isExecutable) ?? PATH_NAMES.map(onPath).find(Boolean);
}

/**
 * Command-line flags for a headless Chromium on a machine with no network but its own: no GPU,
 * no QUIC, no first-run, sync, component-update or other background traffic. Playwright gives
 * each launch a fresh user-data-dir.
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** What to tell someone who has no Chromium. */
export const MISSING_CHROMIUM =
  "No Chromium found. Install Debian's `chromium` package (as root: " +
  "`apt-get install -y chromium`), or set CHROMIUM=/path/to/chromium-or-chrome.";

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const path = findChromium();
    if (!path) throw new Error(MISSING_CHROMIUM);
    console.log(path);
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
