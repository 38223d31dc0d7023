// The package through a bundler, as most front-end developers take it: the packed
// tarball installed into a scratch app, built with Vite and with webpack 5, then the
// built app served and run in headless Chromium. Each bundler must find the wasm through
// wasm-bindgen's `new URL("cardseal_bg.wasm", import.meta.url)` and emit it as an asset.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { build as viteBuild } from "vite";
import webpack from "webpack";
import { chromium } from "playwright-core";
import { root, key } from "./helpers.mjs";

async function bundleAndRun(bundle) {
  const dir = mkdtempSync(join(tmpdir(), "cardseal-vite-"));
  let server, browser;
  try {
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
    await bundle(app);

    const files = readdirSync(join(app, "dist"), { recursive: true }).map(String);
    assert.ok(files.some((f) => f.endsWith(".wasm")), `wasm emitted as an asset: ${files}`);

    const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
    server = createServer((req, res) => {
      const path = req.url === "/" ? "/index.html" : req.url.split("?")[0];
      try {
        const body = readFileSync(join(app, "dist", path));
        res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream" }).end(body);
      } catch { res.writeHead(404).end(); }
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => document.getElementById("out").textContent !== "…", null, { timeout: 15000 });
    assert.deepEqual(JSON.parse(await page.textContent("#out")),
      { parts: 5, summary: { brand: "visa", last4: "1111", exp_month: 12, exp_year: 2034 }, stripped: true });
    assert.deepEqual(errors, []);
  } finally {
    await browser?.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test("vite build of an app importing cardseal runs in Chromium", () =>
  bundleAndRun((app) => viteBuild({ root: app, logLevel: "silent", build: { outDir: "dist", target: "es2022" } })));

test("webpack 5 build of an app importing cardseal runs in Chromium", () =>
  bundleAndRun(async (app) => {
    const stats = await new Promise((resolve, reject) =>
      webpack({
        mode: "production", context: app, entry: "./main.js",
        output: { path: join(app, "dist"), filename: "main.js", publicPath: "auto" },
        experiments: { topLevelAwait: true },
      }, (err, s) => (err ? reject(err) : resolve(s))));
    assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
    writeFileSync(join(app, "dist", "index.html"),
      '<!doctype html><meta charset="utf-8"><pre id="out">…</pre><script src="./main.js"></script>');
  }));
