// make bench, in the browsers: serves pkg/, the key and scripts/bench-seal-core.mjs on
// 127.0.0.1 (a random port, the static server of scripts/browser-test.mjs) with a page
// that loads the package as a shop page does (`await init()`, which fetches and
// instantiates cardseal_bg.wasm) and runs the same measuring code as Node. One fresh
// browser per call, started and driven over WebDriver (chromedriver, geckodriver,
// WebKitWebDriver with MiniBrowser under Xvfb) by
// browser-test.mjs's session helper, with the same flags as the browser suites. The page is cross-origin isolated (COOP + COEP), so
// performance.now() is fine-grained (Firefox and WebKit otherwise round it to 1 ms).
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PKG_DIR, ROOT, TYPES, firstLine, listen, staticHandler, withSession } from "./browser-test.mjs";
import { BROWSERS } from "./webdriver.mjs";

const PAGE_MS = 120_000;

// The cold start is timed from just before `init()` (the modules are loaded, as in Node
// where the import precedes it) to the first seal; `sinceNavigation` is the same end
// point from the start of the page load (performance.now()'s origin). It is taken on
// COLD_LOADS + 1 loads of the page in one browser (each compiles the wasm afresh: no-store)
// and reported as medians, as one cold start swings by 2-3x on this machine.
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>cardseal bench</title>
<script type="module">
  import * as pkg from "/pkg/index.js";
  import { bench, coldStart } from "/scripts/bench-seal-core.mjs";
  window.__bench = { state: "running" };
  try {
    const pem = await (await fetch("/tests/keys/rsa2048-spki.pem")).text();
    const cold = await coldStart(pkg, () => pkg.default(), pem);
    const split = coldStart.split;
    const sinceNavigation = performance.now();
    // ?cold: a cold start only (the runner loads the page several times for a median).
    const figures = location.search === "?cold" ? {} : await bench(pkg, crypto, pem);
    window.__bench = { state: "done", cold, split, sinceNavigation, ...figures,
      userAgent: navigator.userAgent, crossOriginIsolated: self.crossOriginIsolated };
  } catch (e) {
    window.__bench = { state: "error", error: String(e?.stack || e) };
  }
</script>
`;

/** The server for one run; resolves with { base, close() }. */
async function serveBench() {
  const server = createServer(staticHandler(
    [["/pkg/", PKG_DIR], ["/tests/keys/", join(ROOT, "tests/keys")]], // TEST KEYS ONLY
    {
      pages: {
        "/bench.html": [TYPES[".html"], PAGE],
        "/scripts/bench-seal-core.mjs": [TYPES[".mjs"], readFileSync(join(ROOT, "scripts/bench-seal-core.mjs"))],
      },
      headers: { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" },
    },
  ));
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/bench.html`,
    close: () => {
      server.closeAllConnections?.();
      server.close();
    },
  };
}

const pageFailed = (name, r) => new Error(`${name}: the bench page failed: ${firstLine(r?.error ?? "no result")}`);

/** Cold starts measured per browser: COLD_LOADS loads of the page in cold-start mode, then
 * the whole bench once (its cold start counted too); the median of each part is reported. */
export const COLD_LOADS = 6;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Opens `url` in a fresh `name` browser and polls the page until the bench is done. */
function inBrowser(name, url) {
  let started = false;
  return withSession(name, async ({ caps, command }) => {
    started = true;
    const load = async (u) => {
      await command("POST", "/url", { url: u });
      const t0 = Date.now();
      for (;;) {
        const r = JSON.parse(await command("POST", "/execute/sync", { script: "return JSON.stringify(window.__bench || null);", args: [] }));
        if (r?.state === "done") return r;
        if (r?.state === "error") throw pageFailed(name, r);
        if (Date.now() - t0 > PAGE_MS) throw new Error(`no result from the bench page in ${PAGE_MS / 1000} s`);
        await new Promise((ok) => setTimeout(ok, 250));
      }
    };
    // Each load is a new page with the wasm served no-store: compiled afresh each time.
    const colds = [];
    for (let i = 0; i < COLD_LOADS; i++) colds.push(await load(`${url}?cold`));
    const r = await load(url);
    colds.push(r);
    const cold = median(colds.map((c) => c.cold));
    const split = Object.fromEntries(Object.keys(r.split).map((k) => [k, median(colds.map((c) => c.split[k]))]));
    return { ...r, cold, split, colds: colds.map((c) => c.cold), version: caps.browserVersion, how: BROWSERS[name].display ? "WebDriver, under Xvfb" : "WebDriver, headless" };
  }, { tag: "bench" }).catch((e) => {
    if (!started) throw new Error(`${name} did not start: ${firstLine(e.message).replace(/^the browser did not start: /, "")}`);
    throw e.message.startsWith(`${name}: `) ? e : new Error(`${name}: ${firstLine(e.message)}`);
  });
}

/**
 * Runs the bench in a fresh `name` ("chromium" | "firefox" | "webkit") page; resolves with the
 * figures of bench-seal-core.mjs plus `cold` and `split` (medians over the loads), `colds`
 * (each load's), `sinceNavigation`, `version`, `how`, `userAgent`, `crossOriginIsolated`;
 * rejects with a one-line reason.
 */
export async function benchInBrowser(name) {
  if (!(name in BROWSERS)) throw new Error(`unknown browser ${JSON.stringify(name)}`);
  const server = await serveBench();
  try {
    return await inBrowser(name, server.url);
  } finally {
    server.close();
  }
}
