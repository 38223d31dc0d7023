#!/usr/bin/env node
// make test-browser: the browser suites (tests/browser/) against the built package, in
// headless Chromium and headless Firefox ESR, as a shop page loads it.
//
// Serves pkg/ (or $PKG_DIR), tests/browser/ and tests/keys/ on 127.0.0.1 (a random
// port), starts each browser's WebDriver (chromedriver, geckodriver), and speaks plain
// W3C WebDriver over HTTP: new session, navigate to the test page once per suite, poll
// until the page reports its results, delete the session, stop the driver. Prints one
// line per test with the browser and its version, and exits non-zero when a test fails
// or a browser cannot be started. Usage:
//   node scripts/browser-test.mjs [--browser chromium|firefox]
// Environment: PKG_DIR, CHROMEDRIVER, CHROMIUM, GECKODRIVER, FIREFOX.
//
// scripts/bench-seal-browser.mjs imports the static server and the WebDriver session
// helper (the exports below); run as a script, this file runs the suites.
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(import.meta.dirname, "..");
export const PKG_DIR = resolve(ROOT, process.env.PKG_DIR ?? "pkg");
const CONTROL_DIR = resolve(ROOT, process.env.CARGO_TARGET_DIR ?? "target", "pkg-control");
// [name, query]: residue-control runs the residue suite against the control build
// (target/pkg-control, the package without the shadow-stack wipe; make pkg-control).
const SUITES = [
  ["attach", "suite=attach"],
  ["memory", "suite=memory"],
  ["residue", "suite=residue"],
  ["residue-control", "suite=residue&pkg=control"],
];

const DRIVER_START_MS = 20_000;
const SESSION_START_MS = 60_000;
const COMMAND_MS = 30_000;
const SUITE_MS = 180_000;

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

const BROWSERS = {
  chromium: {
    driver: process.env.CHROMEDRIVER ?? "/usr/bin/chromedriver",
    driverArgs: (port) => [`--port=${port}`],
    binary: process.env.CHROMIUM ?? "/usr/bin/chromium",
    capabilities: (binary) => ({
      browserName: "chrome",
      "goog:chromeOptions": { binary, args: CHROMIUM_ARGS },
    }),
    // What the session reports, and how the page's user agent names it.
    browserName: "chrome",
    userAgentName: "Chrome",
  },
  firefox: {
    driver: process.env.GECKODRIVER ?? which("geckodriver") ?? join(homedir(), ".cargo/bin/geckodriver"),
    driverArgs: (port) => ["--host", "127.0.0.1", "--port", String(port)],
    binary: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
    capabilities: (binary) => ({
      browserName: "firefox",
      "moz:firefoxOptions": { binary, args: ["-headless"], prefs: FIREFOX_PREFS },
    }),
    browserName: "firefox",
    userAgentName: "Firefox",
  },
};

// ---- arguments ----

function usage(msg) {
  console.error(`browser-test: ${msg}\nusage: node scripts/browser-test.mjs [--browser chromium|firefox]`);
  process.exit(2);
}
function parseArgs() {
  let only = null;
  for (let i = 2; i < process.argv.length; i++) {
    const a = process.argv[i];
    if (a === "--browser") only = process.argv[++i];
    else if (a.startsWith("--browser=")) only = a.slice("--browser=".length);
    else usage(`unknown argument ${a}`);
  }
  if (only !== null && !(only in BROWSERS)) usage(`unknown browser ${JSON.stringify(only)}`);
  return only;
}

// ---- the static server ----

export const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".pem": "text/plain; charset=utf-8",
  ".jwk": "application/json; charset=utf-8",
};
const MOUNTS = [
  ["/pkg/", PKG_DIR],
  ["/pkg-control/", CONTROL_DIR], // the memory suite's control build, never shipped
  ["/tests/browser/", join(ROOT, "tests/browser")],
  ["/tests/keys/", join(ROOT, "tests/keys")], // TEST KEYS ONLY
];

/** Requests that found nothing, for the report when something fails. */
const notFound = [];

/**
 * A request handler for GET/HEAD, uncached: `pages` (path → [content type, body]) as
 * they are, else the files under `mounts` ([url prefix, dir], first match), else 404
 * (recorded in `notFound`). `headers` go on every answer.
 */
export function staticHandler(mounts, { pages = {}, headers = {} } = {}) {
  return function serve(req, res) {
    const url = new URL(req.url, "http://x");
    const send = (status, type, body) => {
      res.writeHead(status, { ...headers, "content-type": type, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "text/plain", "method not allowed\n");
    if (Object.hasOwn(pages, url.pathname)) return send(200, ...pages[url.pathname]);
    let path = null;
    try {
      const p = decodeURIComponent(url.pathname);
      for (const [prefix, dir] of mounts) {
        if (!p.startsWith(prefix)) continue;
        const f = resolve(dir, "." + p.slice(prefix.length - 1));
        if (f.startsWith(dir + sep) && statSync(f, { throwIfNoEntry: false })?.isFile()) path = f;
        break;
      }
    } catch {
      path = null;
    }
    if (path === null) {
      if (url.pathname !== "/favicon.ico") notFound.push(url.pathname);
      return send(404, "text/plain", "not found\n");
    }
    send(200, TYPES[extname(path)] ?? "application/octet-stream", readFileSync(path));
  };
}

const serve = staticHandler(MOUNTS, {
  // Where the native-post test's form posts to (GET, into an iframe).
  pages: { "/tests/browser/posted": [TYPES[".html"], "<!doctype html><p>posted</p>\n"] },
});

export function listen(server) {
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok(server.address().port));
  });
}

async function freePort() {
  const s = createNetServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

// ---- processes ----

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

function stopAllNow() {
  for (const c of children) {
    try { process.kill(-c.pid, "SIGKILL"); } catch { /* gone */ }
  }
}
process.on("exit", stopAllNow);
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    console.error(`browser-test: ${sig}, stopping the drivers`);
    stopAllNow();
    process.exit(130);
  });
}

export const firstLine = (s) => String(s ?? "").trim().split("\n")[0].slice(0, 300);

/** `<binary> --version` → the dotted version, e.g. "156.0.8078.79" or "153.7.0". */
function binaryVersion(binary) {
  const out = execFileSync(binary, ["--version"], { encoding: "utf8", timeout: 30_000, stdio: ["ignore", "pipe", "ignore"] });
  const m = /(\d+(?:\.\d+)+)/.exec(out);
  if (!m) throw new Error(`${binary} --version said ${JSON.stringify(firstLine(out))}`);
  return { line: firstLine(out), version: m[1] };
}

// ---- WebDriver over HTTP ----

class WebDriverError extends Error {}

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
  if (!res.ok || json?.value?.error)
    throw new WebDriverError(`${method} ${path}: ${json?.value?.error ?? `HTTP ${res.status}`}: ${firstLine(json?.value?.message)}`);
  return json.value;
}

/** Starts a driver on a free port; resolves once its /status says ready. */
async function startDriver(name, b) {
  if (!existsSync(b.driver)) throw new Error(`no WebDriver at ${b.driver} (scripts/setup.sh browsers installs it)`);
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(b.driver, b.driverArgs(port), { stdio: ["ignore", "pipe", "pipe"], detached: true });
    children.add(child);
    let log = "";
    const keep = (d) => {
      log = (log + d.toString("utf8")).slice(-20_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const spawnError = new Promise((r) => child.once("error", r));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + DRIVER_START_MS;
    let spawnErr = null;
    spawnError.then((e) => { spawnErr = e; });
    while (Date.now() < deadline && child.exitCode === null && spawnErr === null) {
      try {
        const status = await wd(base, "GET", "/status", undefined, 2_000);
        if (status?.ready !== false) return { child, base, log: () => log };
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    lastError = spawnErr
      ? `${b.driver} could not be started: ${spawnErr.message}`
      : child.exitCode !== null
        ? `${b.driver} exited (${child.exitCode}) before it was ready: ${firstLine(log.split("\n").filter(Boolean).pop())}`
        : `${b.driver} was not ready in ${DRIVER_START_MS / 1000} s`;
    await stop(child);
    if (spawnErr) break;
  }
  throw new Error(lastError);
}

// ---- one browser session ----

/**
 * Starts `name`'s WebDriver and a session in its browser, and resolves with what
 * `fn({ b, want, caps, command, started })` resolves with: `b` the BROWSERS entry, `want`
 * the binary's own version, `caps` the session's capabilities, `command(method, path,
 * body)` a WebDriver command on the session, `started` when the driver was ready (ms).
 * Deletes the session and stops the driver however `fn` ends; throws when the browser
 * cannot be started. `tag` prefixes the one error message printed here.
 */
export async function withSession(name, fn, { tag = "browser-test" } = {}) {
  const b = BROWSERS[name];
  if (!existsSync(b.binary)) throw new Error(`no browser at ${b.binary}`);
  const want = binaryVersion(b.binary);
  const driver = await startDriver(name, b);
  let session = null;
  const started = Date.now();
  try {
    const created = await wd(driver.base, "POST", "/session",
      { capabilities: { alwaysMatch: b.capabilities(b.binary) } }, SESSION_START_MS).catch((e) => {
      throw new Error(`the browser did not start: ${e.message}`);
    });
    session = created.sessionId;
    const command = (method, path, body) => wd(driver.base, method, `/session/${session}${path}`, body);
    return await fn({ b, want, caps: created.capabilities ?? {}, command, started });
  } finally {
    if (session) await wd(driver.base, "DELETE", `/session/${session}`).catch((e) => console.error(`${tag}: ${name}: ${e.message}`));
    await stop(driver.child);
  }
}

// ---- one browser ----

const PAD = 72;

/** Runs every suite in one browser; returns {passed, failed, version} or throws. */
async function runBrowser(name, base) {
  let passed = 0;
  let failed = 0;
  let t0;
  await withSession(name, async ({ b, want, caps, command, started }) => {
    t0 = started;
    const label = `${name} ${caps.browserVersion ?? "?"}`;
    const report = (ok, test, detail) => {
      ok ? passed++ : failed++;
      // One line per test; a failure's stack, if any, indented below (a few lines).
      const [first, ...rest] = String(detail ?? "").split("\n");
      console.log(`${ok ? "ok  " : "FAIL"}  ${label.padEnd(24)} ${test.padEnd(PAD)}${first ? " " + first : ""}`.trimEnd());
      for (const line of rest.slice(0, 4)) console.log(`        ${line.trim()}`);
    };
    console.log(`test-browser: ${name}: ${want.line} (${b.binary}), session ${caps.browserName} ${caps.browserVersion}`);
    await command("POST", "/timeouts", { script: COMMAND_MS, pageLoad: COMMAND_MS, implicit: 0 });

    let userAgent = null;
    for (const [suite, query] of SUITES) {
      const started = Date.now();
      await command("POST", "/url", { url: `${base}/tests/browser/index.html?${query}` });
      let state = null;
      let shown = 0;
      for (;;) {
        const json = await command("POST", "/execute/sync", {
          script: "return JSON.stringify(window.__cardseal || null);",
          args: [],
        });
        state = JSON.parse(json);
        for (; state && shown < state.results.length; shown++) {
          const r = state.results[shown];
          report(r.ok, `${suite}/${r.name}`, r.ok ? `(${r.ms} ms)${r.note ? ` ${r.note}` : ""}` : `(${r.ms} ms): ${r.error}`);
        }
        if (state && (state.state === "done" || state.state === "error")) break;
        if (Date.now() - started > SUITE_MS) {
          state = { ...(state ?? {}), state: "error", error: `no result in ${SUITE_MS / 1000} s (page state: ${state?.state ?? "no harness"})` };
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      userAgent ??= state.userAgent ?? null;
      if (state.state === "error") report(false, `${suite}`, `the suite did not run to the end: ${firstLine(state.error)}`);
      else if (state.total !== state.results.length || state.total === 0)
        report(false, `${suite}`, `ran ${state.results.length} of ${state.total} tests`);
    }

    // The former runs_in_the_expected_browser: the session and the page run in the
    // browser binary we launched, at the version it reports itself.
    const problems = [];
    if (caps.browserName !== b.browserName) problems.push(`browserName ${JSON.stringify(caps.browserName)}, expected ${JSON.stringify(b.browserName)}`);
    if (caps.browserVersion !== want.version) problems.push(`browserVersion ${JSON.stringify(caps.browserVersion)}, but ${b.binary} --version says ${want.version}`);
    const major = want.version.split(".")[0];
    if (!userAgent?.includes(`${b.userAgentName}/${major}`)) problems.push(`the page's user agent ${JSON.stringify(userAgent)} lacks ${b.userAgentName}/${major}`);
    report(problems.length === 0, "runs_in_the_expected_browser", problems.join("; "));
  });
  return { passed, failed, seconds: (Date.now() - t0) / 1000 };
}

// ---- main ----

async function main() {
  const only = parseArgs();
  if (!existsSync(join(PKG_DIR, "index.js")) || !existsSync(join(PKG_DIR, "cardseal_bg.wasm")))
    throw new Error(`no package in ${PKG_DIR} (make pkg builds it)`);
  if (!existsSync(join(CONTROL_DIR, "cardseal_bg.wasm")))
    throw new Error(`no control package in ${CONTROL_DIR} (make pkg-control builds it)`);
  const server = createServer(serve);
  const port = await listen(server);
  const base = `http://127.0.0.1:${port}`;
  console.log(`test-browser: serving ${PKG_DIR} as /pkg/ on ${base}`);
  const names = only ? [only] : Object.keys(BROWSERS);
  const summary = [];
  let bad = false;
  try {
    for (const name of names) {
      try {
        const r = await runBrowser(name, base);
        summary.push(`${name}: ${r.passed} passed, ${r.failed} failed (${r.seconds.toFixed(1)} s)`);
        if (r.failed) bad = true;
      } catch (e) {
        bad = true;
        const msg = firstLine(e.message);
        console.log(`FAIL  ${name.padEnd(24)} ${msg}`);
        summary.push(`${name}: could not run: ${msg}`);
      }
    }
  } finally {
    server.closeAllConnections?.();
    server.close();
  }
  if (bad && notFound.length) console.log(`test-browser: not found on the test server: ${[...new Set(notFound)].join(", ")}`);
  console.log(`test-browser: ${summary.join("; ")}`);
  if (bad) {
    console.log("test-browser: FAILED");
    process.exitCode = 1;
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`browser-test: ${firstLine(e.message)}`);
    process.exitCode = 1;
  });
}
