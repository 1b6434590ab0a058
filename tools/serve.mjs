#!/usr/bin/env node

// Serves a folder (default: www/ next to this script's parent) over HTTP on 127.0.0.1 with the
// MIME types a module-and-wasm page needs; `application/wasm` lets the browser compile the
// core while it streams in. No dependency but Node itself.
//
// Usage: node tools/serve.mjs [root]   (port: $PORT, default 8000)
// As a module: `staticServer(root)` gives the same server, unstarted (the benchmark uses it).

import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HOST = "127.0.0.1";

/** The page's Content-Security-Policy, the one its index.html also carries as a meta tag; sent
 * as a header it covers the workers too, which a meta tag does not. */
export const PAGE_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

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

/** Maps a request path to a file under `root`, or null when it would leave `root`. */
function resolvePath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const file = resolve(root, `.${decoded.endsWith("/") ? `${decoded}index.html` : decoded}`);
  return file === root || file.startsWith(root + sep) ? file : null;
}

function sendError(res, status, message) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
  res.end(`${status} ${message}\n`);
}

/** The file to send for `urlPath`, or null: with `extensionless`, `x` also finds `x.js` (the
 * TensorFlow.js ES modules the benchmark loads import their siblings that way). */
async function findFile(root, urlPath, extensionless) {
  const file = resolvePath(root, urlPath);
  if (file === null) return null;
  for (const candidate of extensionless ? [file, `${file}.js`] : [file]) {
    const info = await stat(candidate).catch(() => null);
    if (info?.isFile()) return { file: candidate, size: info.size, mtime: info.mtimeMs };
  }
  return null;
}

/** Where the browser posts the policy's violation reports when the server collects them. */
const REPORT_PATH = "/csp-report";

async function handle(root, { extensionless, csp, onCspReport }, req, res) {
  if (onCspReport && req.method === "POST" && req.url === REPORT_PATH) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    onCspReport(Buffer.concat(chunks).toString("utf8"));
    res.writeHead(204);
    return res.end();
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("Allow", "GET, HEAD");
    return sendError(res, 405, "Method Not Allowed");
  }
  const found = await findFile(root, new URL(req.url, `http://${HOST}`).pathname, extensionless);
  if (found === null) return sendError(res, 404, "Not Found");
  const { file, size, mtime } = found;
  // Always revalidate, so a rebuilt core is picked up on reload; the ETag lets the page's
  // workers, which load the same modules again, get an empty 304 instead of the bytes.
  const etag = `"${size.toString(16)}-${Math.floor(mtime).toString(16)}"`;
  const headers = { "Cache-Control": "no-cache", ETag: etag, "X-Content-Type-Options": "nosniff" };
  if (csp) headers["Content-Security-Policy"] = onCspReport ? `${csp}; report-uri ${REPORT_PATH}` : csp;
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers);
    return res.end();
  }
  res.writeHead(200, {
    ...headers,
    "Content-Type": MIME_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
    "Content-Length": size,
  });
  if (req.method === "HEAD") return res.end();
  createReadStream(file)
    .on("error", () => res.destroy())
    .pipe(res);
}

/** An HTTP server (not yet listening) for the files under `root`, sending `csp` (if given) as
 * every response's Content-Security-Policy. With `onCspReport`, the policy also asks browsers
 * to report each violation, and the server calls `onCspReport(body)` with each report's text
 * (the cross-engine suite's way to see violations in every engine, workers' included). */
export function staticServer(root, { extensionless = false, csp = null, onCspReport = null } = {}) {
  const absolute = resolve(root);
  return createServer((req, res) => {
    handle(absolute, { extensionless, csp, onCspReport }, req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500, "Internal Server Error");
      else res.destroy();
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT || 8000);
  const root = process.argv[2] ?? join(fileURLToPath(new URL(".", import.meta.url)), "..", "www");
  const server = staticServer(root, { csp: PAGE_CSP });
  server.on("error", (err) => {
    console.error(`serve: cannot listen on ${HOST}:${port}: ${err.message}`);
    process.exit(1);
  });
  server.listen(port, HOST, () => {
    console.log(`initlab: serving ${resolve(root)} at http://${HOST}:${port}/ (Ctrl-C to stop)`);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => process.exit(0));
  }
}
