// Every module a demo page runs is integrity-checked, in every browser (issue 19 item 2).
//
// The demo's shop and processor run behind the recording proxy (recorder.mjs), which here
// also plays the attacker between the browser and the server: it serves one file of a
// page tampered, and the suite checks that the tampered file never runs. The table of
// (page, module) rows is not written here: it is what each page declares, read from the
// page the server serves (its entry `<script type="module" integrity>` and its import
// map's `integrity`; www/server/src/sri.rs), plus the wasm for a page that imports the
// package. A page that loads a module it does not declare fails the first test of that
// page, and so does a module whose import (static, or a literal import()) names an
// undeclared one: a new module cannot go unpinned. A declared module that the page does
// not load fails its row's control.
//
// Each row has two halves:
// - the control: the tampered copy with every integrity declaration taken out of the
//   page (the import map, the `integrity` attributes, the wasm's hash replaced by the
//   tampered copy's) runs: a tampered module announces itself (`rec.ran`), a tampered
//   wasm lets the page become ready. So the tampered copies are live and valid, and the
//   page really runs that file;
// - the check: the same copy under the page as served is refused: it does not run, the
//   page does not become ready (nothing can be sealed), and the refusal is reported (the
//   browser's load error on the page, or the page's own notice for the wasm).
//
// A tampered module is the file with a statement put first (a skimmer's shape: it runs
// as soon as the module is evaluated, and reports itself to the proxy); a tampered wasm
// is the file with a custom section appended (still a valid module; only its hash
// differs). `tamperTests(name)` is run by chromium.test.mjs, firefox.test.mjs and
// webkit.test.mjs.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { browserVersion, freePort } from "../../scripts/webdriver.mjs";
import { CLI_BIN, CSP, FRAME_ID, PKG, ROOT, freshBrowser, openBrowser, settle, startService, writeFrameConfig, writeSecret } from "./harness.mjs";
import { startRecordingProxy } from "./recorder.mjs";

const sha = (alg, bytes) => `${alg}-${createHash(alg).update(bytes).digest("base64")}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const WASM = "/pkg/cardseal_bg.wasm";
const SETTLE_MS = 10_000;

/**
 * The pages of the demo that run script: where the browser opens them (`open`, on the
 * shop's proxy), which service serves them, when they are ready (the package loaded and
 * the form bound), and the page's own notice of a wasm it refused. The processor's card
 * frame is opened as a shopper meets it, in the frame-mode checkout. The shop's other
 * pages (confirmation, refusals) and the processor's key page run no script: the first
 * test of checkout.mjs, setup.mjs and frame.mjs checks that of their HTML.
 */
export const PAGES = [
  { page: "/", server: "shop", open: "/", ready: "#pay:not([disabled])", notice: "#load-error:not([hidden])",
    csp: () => CSP },
  { page: "/?mode=frame", server: "shop", open: "/?mode=frame", ready: "#pay:not([disabled])", notice: "#card-error:not(:empty)",
    csp: (origins) => CSP.replace("default-src 'self';", `default-src 'self'; frame-src ${origins.processor};`) },
  { page: "/setup", server: "shop", open: "/setup", ready: "#key:not([disabled])", notice: "#load-error:not([hidden])",
    csp: () => CSP },
  { page: `/frame/${FRAME_ID}/`, server: "processor", open: "/?mode=frame", ready: "#pay:not([disabled])", notice: "#card-error:not(:empty)",
    csp: (origins) => FRAME_CSP.replace("{{ancestors}}", origins.shop) },
];

/** The card frame's CSP (cardseal_frame::CSP, frame/src/lib.rs), before its page's import
 * map hash. */
const FRAME_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; " +
  "base-uri 'none'; frame-ancestors {{ancestors}}; form-action 'none'; require-trusted-types-for 'script'";

/** A page's declared scripts, from its HTML: the entry (`<script type=module src
 * integrity>`) and the import map's `integrity` members; the inline scripts' texts. */
export function declared(html) {
  const maps = [...html.matchAll(/<script type="importmap">([^<]*)<\/script>/g)].map((m) => m[1]);
  const entries = [...html.matchAll(/<script type="module" src="([^"]+)" integrity="([^"]+)"><\/script>/g)]
    .map((m) => ({ url: m[1], sri: m[2] }));
  const integrity = maps.length === 1 ? JSON.parse(maps[0]).integrity ?? {} : {};
  return { maps, entries, integrity };
}

/** The URLs that `source` (a module at `url`) imports, statically or with a literal
 * `import("…")`; a bare specifier ("cardseal", as in a snippet the setup page shows) is
 * left out: no import map here maps one, so it could not load. A dynamic import of a
 * computed specifier is an error: nobody could tell what it loads. */
export function importsOf(url, source) {
  if (/\bimport\s*\(\s*[^"'\s]/.test(source)) throw new Error(`${url}: an import() of a computed specifier`);
  const found = new Set();
  for (const m of source.matchAll(/\bimport\s*(?:[\w$*{}\s,]+\bfrom\s*)?\(?\s*["']([^"']+)["']/g)) {
    if (/^(\/|\.\.?\/)/.test(m[1])) found.add(new URL(m[1], `http://page${url}`).pathname);
  }
  return [...found];
}

/** The page's CSP as the server must send it: the shop's or the frame's base policy with
 * the hash of the page's one import map (computed here from the text in the page). */
export function expectedCsp(base, map) {
  return base.replace("'wasm-unsafe-eval'", `'wasm-unsafe-eval' '${sha("sha256", map)}'`);
}

/** The tags the demo's server puts in a page for `scripts` ({ entry, imports }), for a
 * test's own server of the same templates (frame.mjs's static frame host): the import
 * map pinning every module, a modulepreload per import and the entry; `bytes(url)` gives
 * a file's bytes. Resolves with { html, cspSource }. */
export function pinnedScripts({ entry, imports }, bytes) {
  const integrity = Object.fromEntries([entry, ...imports].sort().map((u) => [u, sha("sha384", bytes(u))]));
  const map = JSON.stringify({ integrity });
  const html = `<script type="importmap">${map}</script>\n` +
    imports.map((u) => `<link rel="modulepreload" href="${u}" integrity="${integrity[u]}">\n`).join("") +
    `<script type="module" src="${entry}" integrity="${integrity[entry]}"></script>`;
  return { html, cspSource: `'${sha("sha256", map)}'` };
}

/** A module with a statement put first that reports to the proxy of its own origin. */
function tamperModule(path, bytes) {
  const report = `fetch("/__e2e/event",{method:"POST",keepalive:true,body:JSON.stringify({kind:"ran",text:${JSON.stringify(path)}})}).catch(()=>{});\n`;
  return Buffer.concat([Buffer.from(report), bytes]);
}
/** A wasm with a custom section (id 0) named "x" appended: still a valid module. */
const tamperWasm = (bytes) => Buffer.concat([bytes, Buffer.from([0, 3, 1, 0x78, 0])]);

/** The page as served, with every integrity declaration taken out, and a wasm hash
 * swapped for another (the control half of a row). */
function unpinned(text, genuineWasm, tamperedWasm) {
  return text
    .replace(/<script type="importmap">[^<]*<\/script>\n?/g, "")
    .replace(/ integrity="[^"]*"/g, "")
    .replaceAll(genuineWasm, tamperedWasm);
}

export function tamperTests(name) {
  const label = `${name} ${browserVersion(name).version}`;
  let dir, shop, processor, proxies, browser, direct;

  /** Opens `row.open` on the shop's proxy with fresh records; resolves with both records
   * once the page is ready, or has refused (its notice, or a load error reported), or
   * after SETTLE_MS. */
  async function load(pageRow) {
    // Every load fetches every file again: a row serves the same URL genuine, tampered
    // and unpinned in turn. WebKit would take modules from its memory cache (no-store or
    // not): a new browser for each load there.
    if (name === "webkit") await freshBrowser(browser);
    else await browser.navigate("about:blank");
    // The browser's own console (Chromium) from now on: what the last page said is dropped.
    if (name === "chromium") await browser.command("POST", "/se/log", { type: "browser" });
    const recs = { shop: proxies.shop.record(), processor: proxies.processor.record() };
    await browser.navigate(proxies.shop.url + pageRow.open);
    const until = Date.now() + SETTLE_MS;
    let state = {};
    while (Date.now() < until) {
      state = await browser.execute((ready, notice) => ({
        ready: document.querySelector(ready) !== null, notice: document.querySelector(notice) !== null,
      }), pageRow.ready, pageRow.notice);
      if (state.ready || state.notice || recs.shop.errors.length || recs.processor.errors.length) break;
      await sleep(100);
    }
    // What was in flight (a module that would run after the failure, a report) lands.
    await sleep(700);
    state = await browser.execute((ready, notice) => ({
      ready: document.querySelector(ready) !== null, notice: document.querySelector(notice) !== null,
    }), pageRow.ready, pageRow.notice);
    await browser.execute(() => window.__e2e?.settled());
    return { ...state, recs };
  }

  describe(`every module of every demo page is integrity-checked in ${label}`, () => {
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "cardseal-tamper-"));
      execFileSync(CLI_BIN, ["keygen", "--out", join(dir, "keys")]);
      const [sp, pp] = [await freePort(), await freePort()];
      proxies = {
        shop: await startRecordingProxy(`127.0.0.1:${sp}`),
        processor: await startRecordingProxy(`127.0.0.1:${pp}`),
      };
      const apiKey = writeSecret(dir, "api-key").path;
      processor = await startService(["processor", "--listen", `127.0.0.1:${pp}`, "--api-listen", "127.0.0.1:0",
        "--api-key-file", apiKey, "--private-key", join(dir, "keys/private.pem"),
        "--frame-config", writeFrameConfig(dir, { key: join(dir, "keys/public.jwk"), origins: [proxies.shop.url] })]);
      // The shop relays to the processor's API (processor.url), with the API key.
      shop = await startService(["shop", "--listen", `127.0.0.1:${sp}`, "--processor", processor.url.replace("http://", ""),
        "--processor-key-file", apiKey, "--data", dir,
        "--www", join(ROOT, "www"), "--pkg", PKG, "--public-key", join(dir, "keys/public.jwk"),
        "--frame-url", `${proxies.processor.url}/frame/${FRAME_ID}/`]);
      direct = { shop: `http://127.0.0.1:${sp}`, processor: `http://127.0.0.1:${pp}` };
      browser = await openBrowser(name);
    });
    after(async () => {
      await browser?.close();
      proxies?.shop.close();
      proxies?.processor.close();
      shop?.child.kill("SIGTERM");
      processor?.child.kill("SIGTERM");
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    for (const pageRow of PAGES) {
      test(`${label}: ${pageRow.page} pins every module it runs, and refuses each one tampered`, async (t) => {
        // What the server declares for the page, and the files as it serves them.
        const res = await fetch(direct[pageRow.server] + pageRow.page);
        const html = await res.text();
        const { maps, entries, integrity } = declared(html);
        assert.equal(maps.length, 1, "one import map");
        assert.equal(entries.length, 1, "one entry module, with its integrity");
        const entry = entries[0];
        assert.equal(integrity[entry.url], entry.sri, "the entry is in the import map too");
        const base = pageRow.csp({ shop: proxies.shop.url, processor: proxies.processor.url });
        assert.equal(res.headers.get("content-security-policy"), expectedCsp(base, maps[0]));
        // No other inline script, and every script and modulepreload tag carries a hash.
        assert.deepEqual(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g), ['<script type="importmap">']);
        for (const tag of html.match(/<script\b[^>]*\bsrc=[^>]*>|<link rel="modulepreload"[^>]*>/g))
          assert.match(tag, /integrity="sha384-[A-Za-z0-9+/]+=*"/, tag);
        const files = {};
        for (const url of [...Object.keys(integrity), WASM]) {
          const got = await fetch(direct[pageRow.server] + url);
          if (url !== WASM) assert.equal(got.status, 200, url);
          files[url] = Buffer.from(await got.arrayBuffer());
        }
        for (const [url, value] of Object.entries(integrity))
          assert.equal(value, sha("sha384", files[url]), `${url}: the pinned hash is the served file's`);
        // Each module's own imports, dynamic ones too, are declared: a module imported
        // only later (on a click, a language switch) is pinned as well.
        for (const url of Object.keys(integrity))
          for (const dep of importsOf(url, files[url].toString("utf8")))
            assert.ok(dep in integrity, `${url} imports ${dep}, which the page does not declare`);
        const runsWasm = "/pkg/index.js" in integrity;
        const modules = [...Object.keys(integrity).sort(), ...(runsWasm ? [WASM] : [])];

        const proxy = proxies[pageRow.server];
        await t.test("the genuine page runs clean, and loads no script it does not declare", async () => {
          proxies.shop.setRewrite(null);
          proxies.processor.setRewrite(null);
          const { ready, recs } = await load(pageRow);
          assert.ok(ready, "the page is ready");
          await settle(browser, recs.shop); // with the browser's console errors (Chromium)
          const rec = recs[pageRow.server];
          const loaded = new Set(rec.requests.filter((r) => /\.(m?js|wasm)$/.test(r.path)).map((r) => r.path));
          assert.deepEqual([...loaded].sort(), [...modules].sort(), "what the page loaded is what it declares");
          for (const r of Object.values(recs)) {
            assert.deepEqual(r.violations, [], "CSP violations");
            assert.deepEqual(r.errors, [], "errors");
            assert.deepEqual(r.ran, []);
          }
        });

        for (const url of modules) {
          await t.test(`${pageRow.page} ${url}: a tampered copy never runs (and would, unchecked)`, async () => {
            const genuineWasm = sha("sha384", files[WASM]);
            const tampered = url === WASM ? tamperWasm(files[WASM]) : tamperModule(url, files[url]);
            const tamperedWasm = url === WASM ? sha("sha384", tampered) : genuineWasm;
            const serveTampered = ({ path }) => (path === url ? tampered : undefined);
            proxies.shop.setRewrite(null);
            proxies.processor.setRewrite(null);

            // The control: nothing pinned, the tampered copy runs.
            proxy.setRewrite((r) => serveTampered(r) ??
              (/^text\/(html|javascript)/.test(r.type) ? Buffer.from(unpinned(r.body.toString("utf8"), genuineWasm, tamperedWasm)) : undefined));
            const control = await load(pageRow);
            assert.ok(control.recs[pageRow.server].requests.some((r) => r.path === url), `the page loads ${url}`);
            if (url === WASM) assert.ok(control.ready, "unchecked, the tampered wasm runs: the page becomes ready");
            else assert.deepEqual(control.recs[pageRow.server].ran, [url], "unchecked, the tampered module runs");

            // The check: the page as served refuses the same copy.
            proxy.setRewrite(serveTampered);
            const seen = await load(pageRow);
            const all = Object.values(seen.recs);
            assert.ok(seen.recs[pageRow.server].requests.some((r) => r.path === url), `the tampered ${url} was served`);
            assert.deepEqual(all.flatMap((r) => r.ran), [], "the tampered module did not run");
            assert.equal(seen.ready, false, "the page did not become ready: nothing can be sealed");
            assert.ok(!all.some((r) => r.requests.some((q) => q.method === "POST")), "nothing was posted");
            if (url === WASM) assert.ok(seen.notice, "the page says that card payment could not start");
            else assert.ok(all.some((r) => r.errors.some((e) => /failed to load|integrity/i.test(e))),
              `the refusal is reported: ${JSON.stringify(all.map((r) => r.errors))}`);
            assert.deepEqual(all.flatMap((r) => r.violations), [], "no CSP violation");
          });
        }
        proxies.shop.setRewrite(null);
        proxies.processor.setRewrite(null);
      });
    }
  });
}
