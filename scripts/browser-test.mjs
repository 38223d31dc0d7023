#!/usr/bin/env node
// make test-browser: the browser suites (tests/browser/) against the built package, in
// headless Chromium, headless Firefox ESR and WebKitGTK (under Xvfb), as a shop page loads
// it.
//
// Serves pkg/ (or $PKG_DIR), tests/browser/ and tests/keys/ on 127.0.0.1 (a random
// port), and in each browser, through scripts/webdriver.mjs (plain W3C WebDriver over
// HTTP, chromedriver, geckodriver and WebKitWebDriver): new session, navigate to the test
// page once per suite, poll until the page reports its results, delete the session, stop
// the driver.
// Prints one line per test with the browser and its version, and exits non-zero when a
// test fails or a browser cannot be started. Usage:
//   node scripts/browser-test.mjs [--browser chromium|firefox|webkit]
// Environment: PKG_DIR, CHROMEDRIVER, CHROMIUM, GECKODRIVER, FIREFOX, WEBKITWEBDRIVER,
// MINIBROWSER.
//
// scripts/bench-seal-browser.mjs imports the static server and the WebDriver session
// helper (the exports below, withSession re-exported from scripts/webdriver.mjs); run as
// a script, this file runs the suites.
import { createServer } from "node:http";
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { BROWSERS, COMMAND_MS, firstLine, listen, withSession } from "./webdriver.mjs";

export { firstLine, listen, withSession };

export const ROOT = resolve(import.meta.dirname, "..");
export const PKG_DIR = resolve(ROOT, process.env.PKG_DIR ?? "pkg");
const CONTROL_DIR = resolve(ROOT, process.env.CARGO_TARGET_DIR ?? "target", "pkg-control");
// [name, query]: every tests/browser/NAME.test.mjs is a suite (the files are the one list;
// index.html loads the one named), and residue-control runs the residue suite against the
// control build (target/pkg-control, the package without the shadow-stack wipe; make
// pkg-control).
const SUITES = readdirSync(resolve(ROOT, "tests/browser"))
  .filter((f) => f.endsWith(".test.mjs"))
  .sort()
  .map((f) => f.slice(0, -".test.mjs".length))
  .flatMap((s) => [[s, `suite=${s}`], ...(s === "residue" ? [["residue-control", "suite=residue&pkg=control"]] : [])]);

const SUITE_MS = 180_000;

// ---- arguments ----

function usage(msg) {
  console.error(`browser-test: ${msg}\nusage: node scripts/browser-test.mjs [--browser ${Object.keys(BROWSERS).join("|")}]`);
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
    const mark = b.userAgentMark(want.version);
    if (!userAgent?.includes(mark)) problems.push(`the page's user agent ${JSON.stringify(userAgent)} lacks ${mark}`);
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
