// The package through a bundler, as most front-end developers take it: the packed
// tarball installed into a scratch app, built with Vite and with webpack 5, then the
// built app served and run in headless Chromium and headless Firefox ESR (over WebDriver,
// scripts/webdriver.mjs). Each bundler must find the wasm through wasm-bindgen's
// `new URL("cardseal_bg.wasm", import.meta.url)` and emit it as an asset.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { build as viteBuild } from "vite";
import webpack from "webpack";
import { browserVersion, listen, openSession } from "../../scripts/webdriver.mjs";
import { root, key } from "./helpers.mjs";

const BROWSERS = ["chromium", "firefox"];
const LABELS = Object.fromEntries(BROWSERS.map((name) => [name, `${name} ${browserVersion(name).version}`]));

// What the page shows once it has sealed, in every browser.
const EXPECTED = { parts: 5, summary: { brand: "visa", last4: "1111", exp_month: 12, exp_year: 2034 }, stripped: true };

// Put first in the served page (not in what the bundlers see): keeps the page's uncaught
// errors, which WebDriver does not report, for the test to read.
const ERROR_CATCHER = "<script>window.__errors = [];" +
  "addEventListener('error', (e) => __errors.push(String(e.error ?? e.message)));" +
  "addEventListener('unhandledrejection', (e) => __errors.push(String(e.reason)));</script>";

/** `html` with ERROR_CATCHER right after its doctype (before it, the page would be in quirks mode). */
function withErrorCatcher(html) {
  const doctype = /^\s*<!doctype html>/i.exec(html)?.[0] ?? "";
  return doctype + ERROR_CATCHER + html.slice(doctype.length);
}

/** The scratch app: the packed package installed, an index.html and a main.js using it. */
function scratchApp(dir) {
  const out = execFileSync("npm", ["pack", `${root}pkg`, "--json", "--pack-destination", dir], { encoding: "utf8" });
  const app = join(dir, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "shop", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", join(dir, JSON.parse(out)[0].filename)],
    { cwd: app, stdio: "pipe" });
  writeFileSync(join(app, "index.html"),
    '<!doctype html><meta charset="utf-8"><pre id="out">…</pre><script type="module" src="./main.js"></script>');
  writeFileSync(join(app, "main.js"), `
    import init, { CardSeal } from "cardseal";
    await init();
    const sealer = new CardSeal(${JSON.stringify(key("rsa2048-spki.pem"))});
    const { jwe, summary } = sealer.seal({ number: "4111 1111 1111 1111", expiry: "12/34", cvc: "123" });
    // attach is installed by the entry module (index.js): a bundler must not skip it.
    const form = document.createElement("form");
    form.innerHTML = '<input data-cardseal="number" name="cc">';
    sealer.attach(form).detach();
    document.getElementById("out").textContent = JSON.stringify({
      parts: jwe.split(".").length, summary, stripped: !form.querySelector("[name]"),
    });
  `);
  return app;
}

/** Serves `dist` on 127.0.0.1; resolves with its URL and the server. */
async function serveDist(dist) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
  const server = createServer((req, res) => {
    const path = req.url === "/" ? "/index.html" : req.url.split("?")[0];
    try {
      let body = readFileSync(join(dist, path));
      if (path === "/index.html") body = withErrorCatcher(body.toString("utf8"));
      res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream" }).end(body);
    } catch { res.writeHead(404).end(); }
  });
  return { server, url: `http://127.0.0.1:${await listen(server)}/` };
}

// One session per browser for the file, started side by side and while the bundlers
// build (a browser takes seconds to start); the first test in a browser waits for it.
const opening = {};
before(() => {
  for (const name of BROWSERS) {
    // Settled, so that a browser that cannot start fails its tests, not the process.
    opening[name] = openSession(name, { tag: "bundler" }).then((value) => ({ value }), (error) => ({ error }));
  }
});
after(async () => {
  const opened = await Promise.all(Object.values(opening));
  await Promise.all(opened.filter((r) => r.value).map((r) => r.value.close()));
});

async function session(name) {
  const { value, error } = await opening[name];
  if (error) throw error;
  return value;
}

/** Runs the served app in `name`'s session; resolves with what it shows and its errors. */
async function runIn(name, url) {
  const page = await session(name);
  await page.navigate(url);
  try {
    await page.waitFor(() => document.getElementById("out").textContent !== "…", { what: "the app's result" });
  } catch (e) {
    e.message += `; page errors: ${JSON.stringify(await page.execute(() => window.__errors))}`;
    throw e;
  }
  return {
    shown: JSON.parse(await page.text("#out")),
    errors: await page.execute(() => window.__errors),
  };
}

/** A describe block: `bundle(app)` builds app/ into app/dist/, then every browser runs it. */
function bundlerSuite(title, bundle) {
  describe(title, () => {
    let dir, served;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "cardseal-bundler-"));
      const app = scratchApp(dir);
      await bundle(app);
      served = await serveDist(join(app, "dist"));
    });
    after(() => {
      served?.server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test("emits the wasm as an asset", () => {
      const files = readdirSync(join(dir, "app", "dist"), { recursive: true }).map(String);
      assert.ok(files.some((f) => f.endsWith(".wasm")), `wasm emitted as an asset: ${files}`);
    });
    for (const name of BROWSERS) {
      test(`runs in ${LABELS[name]}`, async () => {
        const { shown, errors } = await runIn(name, served.url);
        assert.deepEqual(shown, EXPECTED);
        assert.deepEqual(errors, []);
      });
    }
  });
}

bundlerSuite("vite build of an app importing cardseal", (app) =>
  viteBuild({ root: app, logLevel: "silent", build: { outDir: "dist", target: "es2022" } }));

bundlerSuite("webpack 5 build of an app importing cardseal", async (app) => {
  const stats = await new Promise((resolve, reject) =>
    webpack({
      mode: "production", context: app, entry: "./main.js",
      output: { path: join(app, "dist"), filename: "main.js", publicPath: "auto" },
      experiments: { topLevelAwait: true },
    }, (err, s) => (err ? reject(err) : resolve(s))));
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  writeFileSync(join(app, "dist", "index.html"),
    '<!doctype html><meta charset="utf-8"><pre id="out">…</pre><script src="./main.js"></script>');
});
