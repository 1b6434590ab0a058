// A small client for W3C WebDriver (classic, over HTTP), enough for the cross-engine suite:
// start a driver, open a session, navigate, run a function in the page, take a screenshot,
// size the window, quit. No dependency but Node itself.
//
// Why not Selenium or WebdriverIO: the one protocol every engine here speaks is classic
// WebDriver (WebKitWebDriver refuses BiDi's `webSocketUrl`), and the suite needs only these
// few endpoints; selenium-webdriver would add its own downloads manager and four packages,
// WebdriverIO over a hundred.

import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";

/** A free TCP port on 127.0.0.1, for a driver to listen on. */
function freePort() {
  return new Promise((done, fail) => {
    const server = createServer().on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * A running driver process and one browser session in it. Open with `Session.open`; every
 * method throws an Error carrying the driver's message when a command fails.
 */
export class Session {
  #driver;
  #base;
  #log = [];

  constructor(driver, base) {
    this.#driver = driver;
    this.#base = base;
  }

  /**
   * Starts `command` (argv, with "{port}" replaced by a free port) in its own process group,
   * waits until it answers, and opens a session asking for `capabilities`.
   */
  static async open({ command, env = {}, capabilities }) {
    const port = await freePort();
    const [bin, ...args] = command.map((arg) => arg.replaceAll("{port}", String(port)));
    const driver = spawn(bin, args, { env: { ...process.env, ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const session = new Session(driver, `http://127.0.0.1:${port}`);
    for (const stream of [driver.stdout, driver.stderr]) stream.on("data", (chunk) => session.#keepLog(chunk));
    const exited = new Promise((done) => driver.once("exit", done));
    for (let tries = 0; ; tries++) {
      const ready = await fetch(`${session.#base}/status`)
        .then((res) => res.ok)
        .catch(() => false);
      if (ready) break;
      const gone = await Promise.race([exited.then(() => true), sleep(100).then(() => false)]);
      if (gone || tries > 300) {
        session.#kill();
        throw new Error(`${bin} did not start:\n${session.#log.join("")}`);
      }
    }
    try {
      const { sessionId, capabilities: got } = await session.#command("POST", "/session", { capabilities: { alwaysMatch: capabilities } });
      session.#base += `/session/${sessionId}`;
      session.capabilities = got;
      await session.#command("POST", "/timeouts", { script: 300_000, pageLoad: 120_000 });
    } catch (err) {
      session.#kill();
      throw err;
    }
    return session;
  }

  #keepLog(chunk) {
    this.#log.push(String(chunk));
    if (this.#log.length > 200) this.#log.shift();
  }

  async #command(method, path, body) {
    const res = await fetch(this.#base + path, {
      method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const { value } = await res.json();
    if (!res.ok || value?.error) throw new Error(`WebDriver ${method} ${path}: ${value?.error}: ${value?.message}`);
    return value;
  }

  /** Navigates to `url` and waits for its load event. */
  goto(url) {
    return this.#command("POST", "/url", { url });
  }

  /**
   * Runs `fn(...args)` in the page (args and result as JSON) and resolves with what it returns
   * or resolves to; an exception or rejection in the page rejects with its message and stack.
   */
  async run(fn, ...args) {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn}).apply(null, Array.prototype.slice.call(arguments, 0, -1)))
        .then((value) => done({ value: value === undefined ? null : value }),
              (e) => done({ error: String(e && e.stack ? e + "\\n" + e.stack : e) }));`;
    const out = await this.#command("POST", "/execute/async", { script, args });
    if (out.error) throw new Error(`in the page: ${out.error}`);
    return out.value;
  }

  /** Polls `fn(...args)` in the page until it returns something truthy, which it resolves with. */
  async waitFor(fn, { timeout = 60_000, args = [] } = {}) {
    const end = Date.now() + timeout;
    let last;
    for (;;) {
      // A navigation may replace the document under us: try again.
      last = await this.run(fn, ...args).catch((err) => ({ failed: err.message }));
      if (last && !last.failed) return last;
      if (Date.now() > end) throw new Error(`timed out waiting for ${fn}${last?.failed ? `: ${last.failed}` : ""}`);
      await sleep(100);
    }
  }

  /** Sizes the window so that the page's viewport is `width` x `height` CSS pixels. */
  async setViewport(width, height) {
    let rect = { width, height };
    for (let i = 0; i < 3; i++) {
      await this.#command("POST", "/window/rect", rect);
      const inner = await this.run(() => [innerWidth, innerHeight]);
      if (inner[0] === width && inner[1] === height) return;
      rect = { width: rect.width + width - inner[0], height: rect.height + height - inner[1] };
    }
  }

  /** Saves a PNG of the viewport to `path`. */
  async screenshot(path) {
    writeFileSync(path, Buffer.from(await this.#command("GET", "/screenshot"), "base64"));
  }

  /** Ends the session and stops the driver (and, through its process group, the browser). */
  async close() {
    await this.#command("DELETE", "").catch(() => {});
    this.#kill();
  }

  #kill() {
    try {
      process.kill(-this.#driver.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
}
