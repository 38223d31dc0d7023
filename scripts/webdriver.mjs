// The one browser-driving mechanism of the repository: plain W3C WebDriver over HTTP
// (JSON), against Debian's headless Chromium (chromedriver), headless Firefox ESR
// (geckodriver) and WebKitGTK, Safari's engine (WebKitWebDriver driving MiniBrowser, on a
// virtual X display of its own: WebKitGTK has no headless mode). No client library: each
// command is one fetch.
//
// Used by the browser suites and the bench (scripts/browser-test.mjs, which re-exports
// withSession), the demo's end-to-end tests (tests/e2e/) and the bundler test
// (tests/node/bundler.test.mjs). `openSession(name)` starts a driver and a session and
// resolves with a Session (commands plus a few page helpers); `withSession(name, fn)`
// does the same around `fn` and always cleans up.
// Environment: CHROMEDRIVER, CHROMIUM, GECKODRIVER, FIREFOX, WEBKITWEBDRIVER, MINIBROWSER.
import { spawn, execFileSync } from "node:child_process";
import { createServer as createNetServer } from "node:net";
import { existsSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const DRIVER_START_MS = 20_000;
const SESSION_START_MS = 60_000;
export const COMMAND_MS = 30_000;
const POLL_MS = 50;

// As root, Chromium needs --no-sandbox; the rest keep it off the (closed) network.
const CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu"];

// Firefox's own network chatter (the network is closed here; each try costs time).
const FIREFOX_PREFS = {
  "app.normandy.enabled": false,
  "app.update.disabledForTesting": true,
  "browser.region.network.url": "",
  "browser.safebrowsing.blockedURIs.enabled": false,
  "browser.safebrowsing.downloads.enabled": false,
  "browser.safebrowsing.malware.enabled": false,
  "browser.safebrowsing.phishing.enabled": false,
  "browser.search.update": false,
  "browser.shell.checkDefaultBrowser": false,
  "browser.startup.homepage_override.mstone": "ignore",
  "browser.startup.page": 0,
  "datareporting.healthreport.uploadEnabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "extensions.getAddons.cache.enabled": false,
  "extensions.update.enabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "network.dns.disablePrefetch": true,
  "network.prefetch-next": false,
  "services.settings.server": "http://127.0.0.1:9/remote-settings/v1",
  "toolkit.telemetry.enabled": false,
  "toolkit.telemetry.server": "",
};

const which = (cmd) =>
  (process.env.PATH ?? "").split(":").map((d) => join(d, cmd)).find((p) => existsSync(p));

// Debian's MiniBrowser, WebKitGTK's test browser, under the multiarch library directory.
const MINIBROWSER = process.env.MINIBROWSER ||
  ["x86_64-linux-gnu", "aarch64-linux-gnu"].map((a) => `/usr/lib/${a}/webkit2gtk-4.1/MiniBrowser`).find(existsSync) ||
  "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/** The version out of `cmd args` (its first dotted number), e.g. "156.0.8078.79". */
function versionOf(cmd, args) {
  const out = execFileSync(cmd, args, { encoding: "utf8", timeout: 30_000, stdio: ["ignore", "pipe", "ignore"] });
  const m = /(\d+(?:\.\d+)+)/.exec(out);
  if (!m) throw new Error(`${cmd} ${args.join(" ")} said ${JSON.stringify(firstLine(out))}`);
  return { line: firstLine(out), version: m[1] };
}

// Each engine: its driver (and how it takes a port), its browser binary, the capabilities
// of a session, its own version (`version()`, which the session's browserVersion must
// equal), the browserName the session reports, and what the page's user agent must hold.
export const BROWSERS = {
  chromium: {
    driver: process.env.CHROMEDRIVER || "/usr/bin/chromedriver",
    driverArgs: (port) => [`--port=${port}`],
    binary: process.env.CHROMIUM || "/usr/bin/chromium",
    capabilities: (binary) => ({
      browserName: "chrome",
      "goog:chromeOptions": { binary, args: CHROMIUM_ARGS },
    }),
    version: () => versionOf(BROWSERS.chromium.binary, ["--version"]),
    browserName: "chrome",
    userAgentMark: (version) => `Chrome/${version.split(".")[0]}`,
  },
  firefox: {
    driver: process.env.GECKODRIVER || which("geckodriver") || join(homedir(), ".cargo/bin/geckodriver"),
    driverArgs: (port) => ["--host", "127.0.0.1", "--port", String(port)],
    binary: process.env.FIREFOX || "/usr/bin/firefox-esr",
    capabilities: (binary) => ({
      browserName: "firefox",
      "moz:firefoxOptions": { binary, args: ["-headless"], prefs: FIREFOX_PREFS },
    }),
    version: () => versionOf(BROWSERS.firefox.binary, ["--version"]),
    browserName: "firefox",
    userAgentMark: (version) => `Firefox/${version.split(".")[0]}`,
  },
  webkit: {
    driver: process.env.WEBKITWEBDRIVER || "/usr/bin/WebKitWebDriver",
    driverArgs: (port) => [`--port=${port}`, "--host=127.0.0.1"],
    // No headless mode: without an X server the driver's POST /session hangs silently.
    display: true,
    binary: MINIBROWSER,
    // A binary without --automation hangs too.
    capabilities: (binary) => ({
      browserName: "MiniBrowser",
      "webkitgtk:browserOptions": { binary, args: ["--automation"] },
    }),
    // MiniBrowser --version needs a display; the session reports the WebKitGTK library's
    // version, which is the Debian package's.
    version: () => versionOf("dpkg-query", ["-W", "-f=WebKitGTK ${Version}\n", "libwebkit2gtk-4.1-0"]),
    browserName: "MiniBrowser",
    // WebKit's user agent is frozen ("AppleWebKit/605.1.15 … Safari/605.1.15") and carries
    // no engine version: the page can only show it is WebKit.
    userAgentMark: () => "AppleWebKit/605.1.15",
  },
};

export const firstLine = (s) => String(s ?? "").trim().split("\n")[0].slice(0, 300);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function listen(server) {
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok(server.address().port));
  });
}

/** A free loopback port (asked of the OS, then released). */
export async function freePort() {
  const s = createNetServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

/** `name`'s browser's own version → { line, version }, e.g. "156.0.8078.79". */
export function browserVersion(name) {
  return BROWSERS[name].version();
}

// ---- driver processes ----

const children = new Set();

/** Stops a driver and whatever it started (its own process group), by its id. */
async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return children.delete(child);
  const exited = new Promise((r) => child.once("exit", r));
  const kill = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      try { child.kill(sig); } catch { /* gone */ }
    }
  };
  kill("SIGTERM");
  const t = setTimeout(() => kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(t);
  children.delete(child);
}

// A driver left running (a crash, ^C) would keep its browser alive: kill its group.
function stopAllNow() {
  for (const c of children) {
    try { process.kill(-c.pid, "SIGKILL"); } catch { /* gone */ }
  }
}
process.on("exit", stopAllNow);
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    console.error(`webdriver: ${sig}, stopping the drivers`);
    stopAllNow();
    process.exit(130);
  });
}

// ---- WebDriver over HTTP ----

export class WebDriverError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code; // the W3C error code, e.g. "no such element"
  }
}

async function wd(base, method, path, body, timeoutMs = COMMAND_MS) {
  let res;
  try {
    res = await fetch(base + path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const why = e.name === "TimeoutError" ? `no answer in ${timeoutMs / 1000} s` : firstLine(e.cause?.message ?? e.message);
    throw new WebDriverError(`${method} ${path}: ${why}`);
  }
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WebDriverError(`${method} ${path}: HTTP ${res.status}, not JSON: ${firstLine(text)}`);
  }
  const error = json?.value?.error;
  if (!res.ok || error)
    throw new WebDriverError(`${method} ${path}: ${error ?? `HTTP ${res.status}`}: ${firstLine(json?.value?.message)}`, error);
  return json.value;
}

/**
 * A virtual X display for a browser without a headless mode (WebKitGTK); resolves with
 * { child, display } (e.g. ":3"). Xvfb picks a free display number itself and writes it
 * to fd 3 once it accepts clients (-displayfd): two displays started at the same moment
 * (the e2e runs engines side by side) cannot collide, as `xvfb-run -a`'s guess from the
 * lock files in /tmp can. Its own process group, stopped like a driver.
 */
async function startDisplay() {
  const xvfb = process.env.XVFB || which("Xvfb") || "/usr/bin/Xvfb";
  if (!existsSync(xvfb)) throw new Error(`no Xvfb at ${xvfb} (scripts/setup.sh browsers installs it)`);
  const child = spawn(xvfb, ["-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
    { stdio: ["ignore", "ignore", "pipe", "pipe"], detached: true });
  children.add(child);
  let log = "";
  let out = "";
  child.stderr.on("data", (d) => { log = (log + d.toString("utf8")).slice(-4_000); });
  try {
    const display = await new Promise((ok, fail) => {
      const t = setTimeout(() => fail(new Error(`Xvfb gave no display in ${DRIVER_START_MS / 1000} s`)), DRIVER_START_MS);
      child.stdio[3].on("data", (d) => {
        out += d.toString("utf8");
        if (/^\d+\n/.test(out)) { clearTimeout(t); ok(`:${out.trim()}`); }
      });
      child.once("error", (e) => { clearTimeout(t); fail(e); });
      child.once("exit", (code) => {
        clearTimeout(t);
        fail(new Error(`Xvfb exited (${code}): ${firstLine(log.split("\n").filter(Boolean).pop())}`));
      });
    });
    return { child, display };
  } catch (e) {
    await stop(child);
    throw e;
  }
}

/**
 * Starts `b`'s driver on a free port (on a display of its own if `b.display`); resolves
 * once its /status says ready, with { base, log, stop } (stop: the driver, then the
 * display).
 */
async function startDriver(b) {
  if (!existsSync(b.driver)) throw new Error(`no WebDriver at ${b.driver} (scripts/setup.sh browsers installs it)`);
  const x = b.display ? await startDisplay() : null;
  const env = x ? { ...process.env, DISPLAY: x.display } : process.env;
  const stopDisplay = async () => { if (x) await stop(x.child); };
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(b.driver, b.driverArgs(port), { stdio: ["ignore", "pipe", "pipe"], detached: true, env });
    children.add(child);
    let log = "";
    const keep = (d) => {
      log = (log + d.toString("utf8")).slice(-20_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    let spawnErr = null;
    child.once("error", (e) => { spawnErr = e; });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + DRIVER_START_MS;
    while (Date.now() < deadline && child.exitCode === null && spawnErr === null) {
      try {
        const status = await wd(base, "GET", "/status", undefined, 2_000);
        if (status?.ready !== false)
          return { base, log: () => log, stop: async () => { await stop(child); await stopDisplay(); } };
      } catch {
        /* not up yet */
      }
      await sleep(100);
    }
    lastError = spawnErr
      ? `${b.driver} could not be started: ${spawnErr.message}`
      : child.exitCode !== null
        ? `${b.driver} exited (${child.exitCode}) before it was ready: ${firstLine(log.split("\n").filter(Boolean).pop())}`
        : `${b.driver} was not ready in ${DRIVER_START_MS / 1000} s`;
    await stop(child);
    if (spawnErr) break;
  }
  await stopDisplay();
  throw new Error(lastError);
}

// ---- a session ----

/** The W3C key of an element reference in JSON. */
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** A function's source as an Execute Script body that calls it with the arguments. */
const callSource = (fn) => `return (${fn}).apply(null, arguments);`;

/**
 * One browser session. `command(method, path, body)` is any WebDriver command on it; the
 * helpers below are the few the tests share. `name` is "chromium" | "firefox" | "webkit", `b` its
 * BROWSERS entry, `want` the binary's own version, `caps` the session's capabilities,
 * `started` when the driver was ready (ms), `label` e.g. "firefox 153.8.0".
 */
export class Session {
  constructor({ name, b, want, caps, started, command }) {
    Object.assign(this, { name, b, want, caps, started, command });
    this.label = `${name} ${caps.browserVersion ?? "?"}`;
  }

  /**
   * Runs `fn` (a function, or a script body) in the page with `args` (JSON values) and
   * resolves with its result; a promise it returns is awaited (Execute Script does so).
   */
  execute(fn, ...args) {
    const script = typeof fn === "function" ? callSource(fn) : fn;
    return this.command("POST", "/execute/sync", { script, args });
  }

  navigate(url) {
    return this.command("POST", "/url", { url });
  }

  back() {
    return this.command("POST", "/back", {});
  }

  currentUrl() {
    return this.command("GET", "/url");
  }

  /** The page's DOM serialized (as Playwright's page.content()). */
  source() {
    return this.command("GET", "/source");
  }

  /** The element reference of the first match of `css`; throws when there is none. */
  async find(css) {
    const found = await this.command("POST", "/element", { using: "css selector", value: css });
    return found[ELEMENT];
  }

  async click(css) {
    await this.command("POST", `/element/${await this.find(css)}/click`, {});
  }

  /** Types `text` key by key into `css`, as a user would (after what it already holds). */
  async type(css, text) {
    const el = await this.find(css);
    try {
      await this.command("POST", `/element/${el}/value`, { text });
    } catch (e) {
      // WebKitWebDriver (2.50) at times refuses Element Send Keys into an input of a
      // cross-origin frame ("Element is not focusable"), though a click focuses it (a
      // script cannot, the frame being inactive): click, put the caret at the end, and
      // send the keys as key actions to the focused input.
      if (this.name !== "webkit" || e.code !== "element not interactable") throw e;
      await this.command("POST", `/element/${el}/click`, {});
      await this.execute((i) => {
        try { i.setSelectionRange(i.value.length, i.value.length); } catch { /* a type without a caret */ }
      }, { [ELEMENT]: el });
      const keys = [...text].flatMap((value) => [{ type: "keyDown", value }, { type: "keyUp", value }]);
      await this.command("POST", "/actions", { actions: [{ type: "key", id: "keys", actions: keys }] });
      await this.command("DELETE", "/actions");
    }
  }

  async attribute(css, name) {
    return this.command("GET", `/element/${await this.find(css)}/attribute/${encodeURIComponent(name)}`);
  }

  /** A DOM property of the first match of `css`, e.g. an input's current `value`. */
  async property(css, name) {
    return this.command("GET", `/element/${await this.find(css)}/property/${encodeURIComponent(name)}`);
  }

  /** `textContent` (not the rendered text: hidden text counts, as in Playwright's). */
  text(css) {
    return this.execute((sel) => document.querySelector(sel)?.textContent ?? null, css);
  }

  /** Every cookie the session's current document sees, HttpOnly ones too. */
  cookies() {
    return this.command("GET", "/cookie");
  }

  deleteCookies() {
    return this.command("DELETE", "/cookie");
  }

  /**
   * Polls `fn(...args)` in the page until it returns something truthy, and resolves with
   * that. A page being replaced (a navigation) counts as "not yet".
   */
  async waitFor(fn, { timeout = 15_000, what = String(fn) } = {}, ...args) {
    const deadline = Date.now() + timeout;
    let last = null;
    for (;;) {
      try {
        const v = await this.execute(fn, ...args);
        if (v) return v;
        last = null;
      } catch (e) {
        if (!(e instanceof WebDriverError)) throw e;
        last = e;
      }
      if (Date.now() > deadline) throw new Error(`waited ${timeout / 1000} s for ${firstLine(what)}${last ? ` (${firstLine(last.message)})` : ""}`);
      await sleep(POLL_MS);
    }
  }

  /** Sizes the window so the page's viewport is `width` × `height` CSS pixels. */
  async setViewport(width, height) {
    const rect = await this.command("POST", "/window/rect", { width, height });
    const inner = await this.execute(() => [window.innerWidth, window.innerHeight]);
    if (inner[0] === width && inner[1] === height) return;
    // The window's frame, if any, is outside the viewport: add it and ask again.
    await this.command("POST", "/window/rect",
      { width: rect.width + width - inner[0], height: rect.height + height - inner[1] });
  }

  /**
   * A PNG of the page into `path`; `fullPage` grows the viewport to the document's height
   * for the shot (WebDriver's screenshot is of the viewport only) and restores it.
   */
  async screenshot(path, { fullPage = false } = {}) {
    let restore = null;
    if (fullPage) {
      const [w, h, docH] = await this.execute(() =>
        [window.innerWidth, window.innerHeight, document.documentElement.scrollHeight]);
      if (docH > h) {
        restore = [w, h];
        await this.setViewport(w, docH);
      }
    }
    const png = await this.command("GET", "/screenshot");
    if (restore) await this.setViewport(...restore);
    writeFileSync(path, Buffer.from(png, "base64"));
  }
}

/**
 * Starts `name`'s WebDriver and a session in its browser ("chromium" | "firefox" |
 * "webkit");
 * resolves with the Session, plus `close()` that deletes it and stops the driver. Throws
 * when the browser cannot be started. `capabilities` are added to the browser's own;
 * `tag` prefixes the one error message printed here.
 */
export async function openSession(name, { tag = "webdriver", capabilities = {} } = {}) {
  const b = BROWSERS[name];
  if (!b) throw new Error(`unknown browser ${JSON.stringify(name)}`);
  if (!existsSync(b.binary)) throw new Error(`no browser at ${b.binary}`);
  const want = browserVersion(name);
  const caps = { ...b.capabilities(b.binary), ...capabilities };
  let driver, id;
  const start = async () => {
    driver = await startDriver(b);
    try {
      return await wd(driver.base, "POST", "/session", { capabilities: { alwaysMatch: caps } }, SESSION_START_MS);
    } catch (e) {
      await driver.stop();
      throw new Error(`the browser did not start: ${e.message}`);
    }
  };
  const quit = async () => {
    await wd(driver.base, "DELETE", `/session/${id}`).catch((e) => console.error(`${tag}: ${name}: ${e.message}`));
    await driver.stop();
  };
  const created = await start();
  const started = Date.now();
  id = created.sessionId;
  const command = (method, path, body, timeoutMs) => wd(driver.base, method, `/session/${id}${path}`, body, timeoutMs);
  const session = new Session({ name, b, want, caps: created.capabilities ?? {}, started, command });
  session.close = quit;
  /**
   * Replaces the browser with a new one (a new driver, display and session): nothing
   * cached from earlier pages; timeouts and window size back to the defaults. (A second
   * session on the same WebKitWebDriver at times never answered.)
   */
  session.renew = async () => {
    await quit();
    id = (await start()).sessionId;
  };
  return session;
}

/**
 * Resolves with what `fn(session)` resolves with, in a fresh `name` session (see
 * openSession; the session also has the former callback fields `b`, `want`, `caps`,
 * `command`, `started`). Deletes the session and stops the driver however `fn` ends.
 */
export async function withSession(name, fn, { tag = "browser-test" } = {}) {
  const session = await openSession(name, { tag });
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
