#!/usr/bin/env node
// Serves a folder (default: www/ next to this script's parent) over HTTP on 127.0.0.1 with the
// MIME types a module-and-wasm page needs; `application/wasm` lets the browser compile the
// core while it streams in. No dependency but Node itself.
//
// Usage: node tools/serve.mjs [root]   (port: $PORT, default 8000)

import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const HOST = "127.0.0.1";
const PORT = Number(process.env.PORT || 8000);
const ROOT = resolve(
  process.argv[2] ?? join(fileURLToPath(new URL(".", import.meta.url)), "..", "www"),
);

const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
};

/** Maps a request path to a file under ROOT, or null when it would leave ROOT. */
function resolvePath(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const file = resolve(ROOT, "." + (decoded.endsWith("/") ? decoded + "index.html" : decoded));
  return file === ROOT || file.startsWith(ROOT + sep) ? file : null;
}

function sendError(res, status, message) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
  res.end(`${status} ${message}\n`);
}

async function handle(req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("Allow", "GET, HEAD");
    return sendError(res, 405, "Method Not Allowed");
  }
  const file = resolvePath(new URL(req.url, `http://${HOST}`).pathname);
  if (file === null) return sendError(res, 404, "Not Found");
  const info = await stat(file).catch(() => null);
  if (info === null || !info.isFile()) return sendError(res, 404, "Not Found");
  res.writeHead(200, {
    "Content-Type": MIME_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
    "Content-Length": info.size,
    // Always revalidate, so a rebuilt core is picked up on reload.
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
  });
  if (req.method === "HEAD") return res.end();
  createReadStream(file)
    .on("error", () => res.destroy())
    .pipe(res);
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => {
    if (!res.headersSent) sendError(res, 500, "Internal Server Error");
    else res.destroy();
  });
});

server.on("error", (err) => {
  console.error(`serve: cannot listen on ${HOST}:${PORT}: ${err.message}`);
  process.exit(1);
});

server.listen(PORT, HOST, () => {
  console.log(`initlab: serving ${ROOT} at http://${HOST}:${PORT}/ (Ctrl-C to stop)`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => process.exit(0));
}
