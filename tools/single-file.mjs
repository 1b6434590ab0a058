#!/usr/bin/env node
// Writes the page as ONE self-contained HTML file that works when opened from disk (file://):
// its style sheets and icon inlined, and its ES modules, workers and wasm carried as data the
// file turns into Blob and data: URLs when it opens. No dependency but Node itself.
//
// Usage: node tools/single-file.mjs [root] [out]   (defaults: www, dist/initlab.html)
//
// How the modules travel: starting at the page's module script, every relative static import
// (`import ... from "./x.js"`, `export ... from "./x.js"`), every dynamic import with a literal
// path (`import("./x.js")`, a view's code loaded when it first opens) and every `new URL("./x",
// import.meta.url)` (the worker script, the wasm) is followed. Each module's source is cut at
// those places into `parts`: text, then a dependency, then text... The file's loader makes the
// URLs dependencies first and puts each dependency's URL where its path was, so the modules
// run unchanged; the page's `fetch` of the wasm reads a Blob, a dynamic import a Blob URL made
// at start, and no request leaves the file.
// The page's Content-Security-Policy is dropped: the loader is an inline script.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, extname, join, posix, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** MIME types of the non-module files a module may point at with `new URL(...)`. */
const ASSET_TYPES = {
  ".wasm": "application/wasm",
  ".bin": "application/octet-stream",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".css": "text/css",
};

/**
 * A relative static import or re-export, or a dynamic import of a literal path: group 1 the
 * text up to the quote, 2 the quote, 3 the path.
 */
const IMPORT = /(\b(?:from|import)\s*(?:\(\s*)?)(["'])(\.{1,2}\/[^"'\n]+)\2/g;
/** A file next to the module: group 2 the quote, 3 the path. */
const NEW_URL = /(new URL\(\s*)(["'])(\.{1,2}\/[^"'\n]+)\2\s*,\s*import\.meta\.url\s*\)/g;

/**
 * The loader the file runs: Blob URLs for the assets and the page's modules, data: URLs for the
 * workers' modules (a page opened from file:// cannot start a module worker from a Blob URL, nor
 * can a worker import one), then the entry module.
 */
const LOADER = `
const bundle = JSON.parse(document.getElementById("initlab-bundle").textContent);
const urls = {};
for (const { id, type, base64 } of bundle.assets) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  urls[id] = URL.createObjectURL(new Blob([bytes], { type }));
}
for (const { id, worker, parts } of bundle.modules) {
  const code = parts.map((part, i) => (i % 2 ? JSON.stringify(urls[part]) : part)).join("");
  urls[id] = worker
    ? "data:text/javascript;charset=utf-8," + encodeURIComponent(code)
    : URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
}
await import(urls[bundle.entry]);
`;

/**
 * The modules reachable from `entry` (a path relative to `root`), dependencies before their
 * dependents, and the non-module assets they point at ({id, type, base64}). A module is
 * {id, worker, parts}: `worker` when a worker script (a `new URL("./x.js", ...)`) reaches it,
 * its id "page:path" or "worker:path" (a module both use is carried twice), and `parts` text,
 * then a dependency's id, then text... An import cycle throws: a module's URL must exist before
 * another module can name it.
 */
export function collect(root, entry) {
  const modules = [];
  const assets = new Map();
  const state = new Map(); // id -> "visiting" | "done"
  const visit = (path, worker, from) => {
    const id = `${worker ? "worker" : "page"}:${path}`;
    if (state.get(id) === "done") return id;
    if (state.get(id) === "visiting") throw new Error(`single-file: import cycle through ${path}`);
    state.set(id, "visiting");
    const source = readText(root, path, from);
    const parts = [];
    let last = 0;
    let close = ""; // a `new URL(` keeps its parenthesis and loses its base
    const matches = [...source.matchAll(IMPORT), ...source.matchAll(NEW_URL)].sort((a, b) => a.index - b.index);
    for (const match of matches) {
      const target = posix.normalize(posix.join(posix.dirname(path), match[3]));
      const isUrl = match[0].startsWith("new URL");
      let dependency;
      if (extname(target) === ".js") dependency = visit(target, worker || isUrl, path);
      else if (isUrl) dependency = addAsset(root, target, assets);
      else throw new Error(`single-file: ${path} imports ${match[3]}, which is not a .js module`);
      parts.push(close + source.slice(last, match.index) + match[1], dependency);
      last = match.index + match[0].length;
      close = isUrl ? ")" : "";
    }
    parts.push(close + source.slice(last));
    modules.push({ id, worker, parts });
    state.set(id, "done");
    return id;
  };
  return { entry: visit(entry, false, null), modules, assets: [...assets.values()] };
}

function readText(root, path, from) {
  try {
    return readFileSync(join(root, path), "utf8");
  } catch (error) {
    throw new Error(`single-file: cannot read ${path}${from ? ` (named in ${from})` : ""}: ${error.message}`);
  }
}

function addAsset(root, path, assets) {
  const type = ASSET_TYPES[extname(path)];
  if (!type) throw new Error(`single-file: no MIME type known for ${path}`);
  const id = `asset:${path}`;
  assets.set(id, { id, type, base64: readFileSync(join(root, path)).toString("base64") });
  return id;
}

/** Text safe inside an HTML raw-text element such as <script> or <style>. */
function rawText(text, tag) {
  return text.replace(new RegExp(`</(${tag})`, "gi"), "<\\/$1");
}

/** Replaces every match of `pattern` in `html` with `replace(match)`; throws if there is none. */
function replaceAll(html, pattern, replace, what) {
  let found = false;
  const out = html.replace(pattern, (...match) => {
    found = true;
    return replace(match);
  });
  if (!found) throw new Error(`single-file: index.html has no ${what}`);
  return out;
}

/** The single-file page built from `root`/index.html. */
export function build(root) {
  let html = readFileSync(join(root, "index.html"), "utf8");
  html = replaceAll(html, /\s*<meta http-equiv="Content-Security-Policy"[^>]*>/i, () => "", "Content-Security-Policy");
  html = replaceAll(
    html,
    /<link rel="stylesheet" href="([^"]+)">/g,
    ([, href]) => `<style>\n${rawText(readText(root, href, "index.html"), "style")}\n</style>`,
    "style sheet",
  );
  html = html.replace(/<link rel="icon" href="([^"]+)" type="([^"]+)">/, (_, href, type) => {
    const data = readFileSync(join(root, href)).toString("base64");
    return `<link rel="icon" href="data:${type};base64,${data}" type="${type}">`;
  });
  return replaceAll(
    html,
    /<script type="module" src="([^"]+)"><\/script>/,
    ([, src]) => {
      // `<` escaped, so no "</script" can end the data early; JSON.parse reads it back.
      const data = JSON.stringify(collect(root, src)).replace(/</g, "\\u003c");
      return `<script type="application/json" id="initlab-bundle">${data}</script>\n  <script type="module">${LOADER}</script>`;
    },
    "module script",
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = resolve(process.argv[2] ?? "www");
  const out = resolve(process.argv[3] ?? "dist/initlab.html");
  const html = build(root);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, html);
  console.log(`single-file: wrote ${out} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KB)`);
}
