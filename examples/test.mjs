// make test-examples: every example built and run as its README says, against the
// package built in ../pkg (copied into node_modules/cardseal, as `npm install` would put
// it), the browser ones in headless Chromium over WebDriver (scripts/webdriver.mjs); every
// JWE they make is opened with jose and the test private key.
//   html/        plain HTML under the strict CSP, every byte integrity-checked
//   react-vite/  React 19 + Vite + TypeScript (tsc strict clean), built in development
//                mode so that StrictMode runs the effect twice (one binding must come out)
//   nextjs/      Next.js app router in TypeScript (next build checks it, strict): the
//                client component, and a route handler that seals on the server
//   vue-vite/    Vue 3 + Vite + TypeScript (vue-tsc clean), uncontrolled card inputs, in
//                Chromium and Firefox
//   node/        a Node script
// Each test prints how long it took. Run: node --test --test-concurrency=1 examples/test.mjs
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { cpSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compactDecrypt } from "jose";
import { listen, openSession, withSession } from "../scripts/webdriver.mjs";
import { handler } from "./html/server.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const ROOT = join(HERE, "..");
const PKG = join(HERE, "node_modules/cardseal");
const PUBLIC = readFileSync(join(ROOT, "tests/keys/rsa2048-spki.pem"), "utf8");
const PRIVATE = createPrivateKey(readFileSync(join(ROOT, "tests/keys/rsa2048-private-pkcs8.pem"), "utf8"));
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const CARD = [["number", "4111 1111 1111 1111"], ["expiry", "1234"], ["cvc", "123"], ["name", "Ada Lovelace"]];
const EXPECTED = { number: "4111111111111111", exp_month: 12, exp_year: 2034, cvc: "123", name: "Ada Lovelace" };

/** The fields inside a JWE, opened with the test private key. */
async function open(jwe) {
  const { plaintext } = await compactDecrypt(jwe, PRIVATE);
  return JSON.parse(new TextDecoder().decode(plaintext));
}

/** `fn`, and how long it took, printed. */
async function timed(what, fn) {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    console.log(`test-examples: ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

let browser;
before(async () => {
  // The package as npm would install it: a copy, not a link (Next.js and Vite resolve a
  // link to its real path, outside the example).
  rmSync(PKG, { recursive: true, force: true });
  cpSync(join(ROOT, "pkg"), PKG, { recursive: true });
  browser = await openSession("chromium", { tag: "examples" });
});
after(() => browser?.close());

/** Types `card` into the page's form in `session` (a form of `fields` fields) and presses Pay. */
async function pay(session = browser, card = CARD, fields = card.length) {
  // Bound: one message element per field, no more (StrictMode must not bind twice).
  await session.waitFor(() => document.querySelectorAll(".cardseal-message").length > 0, { what: "the form bound" });
  assert.equal(await session.execute(() => document.querySelectorAll(".cardseal-message").length), fields,
    "one message element per field: one binding");
  for (const [field, text] of card) await session.type(`[data-cardseal=${field}]`, text);
  await session.click("#pay-button");
}

/** Serves `dir` under the strict CSP, and records POST /api/checkout's JSON bodies. */
async function serveDist(dir) {
  const posted = [];
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };
  const server = createServer((req, res) => {
    const headers = { "content-security-policy": CSP, "cache-control": "no-store" };
    if (req.method === "POST" && req.url === "/api/checkout") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        posted.push(JSON.parse(body));
        res.writeHead(200, { ...headers, "content-type": "application/json" }).end('{"ok":true}');
      });
      return;
    }
    const path = req.url === "/" ? "/index.html" : req.url.split("?")[0];
    try {
      const body = readFileSync(join(dir, path));
      res.writeHead(200, { ...headers, "content-type": types[extname(path)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404, headers).end();
    }
  });
  return { url: `http://127.0.0.1:${await listen(server)}`, posted, close: () => server.close() };
}

test("node: a script seals with a key from the environment, \\n escapes and all", async () => {
  const out = await timed("node", () => execFileSync(process.execPath, [join(HERE, "node/seal.mjs")], {
    env: { ...process.env, MERCHANT_PUBLIC_KEY: PUBLIC.trim().replace(/\n/g, "\\n") },
    encoding: "utf8", stdio: ["ignore", "pipe", "pipe"],
  }));
  const { jwe, summary } = JSON.parse(out);
  assert.deepEqual(summary, { brand: "visa", last4: "1111", exp_month: 12, exp_year: 2034 });
  const fields = await open(jwe);
  assert.equal(fields.number, EXPECTED.number);
  assert.equal(fields.cvc, EXPECTED.cvc);
});

test("html: an external module under the strict CSP, every byte integrity-checked", async () => {
  let received;
  const server = createServer(handler({ key: PUBLIC, pkg: PKG, received: (f) => (received = f) }));
  const url = `http://127.0.0.1:${await listen(server)}/`;
  try {
    await timed("html (run)", async () => {
      await browser.navigate(url);
      await pay();
      await browser.waitFor(() => document.getElementById("received") !== null, { what: "the shop's answer" });
    });
    assert.deepEqual(Object.keys(received).sort(), ["cardseal", "cardseal_brand", "cardseal_last4", "order_id"]);
    assert.deepEqual(await open(received.cardseal), EXPECTED);
  } finally {
    server.close();
  }
});

test("react-vite: React 19 + Vite + TypeScript, StrictMode, uncontrolled inputs; one binding, one post", async () => {
  const { build } = await import("vite");
  const root = join(HERE, "react-vite");
  // Vite strips the types without checking them: tsc does (strict, tsconfig.json).
  await timed("react-vite (tsc --noEmit)", () => execFileSync(process.execPath,
    [join(HERE, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", root], { stdio: "pipe" }));
  process.env.VITE_MERCHANT_PUBLIC_KEY = PUBLIC; // as in a .env file
  await timed("react-vite (vite build)", () => build({
    // React's development build: the one whose StrictMode runs effects twice.
    root, mode: "development", logLevel: "warn", define: { "process.env.NODE_ENV": '"development"' },
    build: { outDir: "dist", emptyOutDir: true, minify: false },
  }));
  const served = await serveDist(join(root, "dist"));
  try {
    await timed("react-vite (run)", async () => {
      await browser.navigate(served.url);
      await pay();
      await browser.waitFor(() => document.getElementById("paid") !== null, { what: "the paid message" });
    });
    assert.match(await browser.text("#paid"), /visa ending in 1111/);
    assert.equal(served.posted.length, 1, "one post");
    assert.deepEqual(await open(served.posted[0].jwe), EXPECTED);
  } finally {
    served.close();
  }
});

describe("vue-vite: Vue 3 + Vite + TypeScript, no v-model on the card inputs", () => {
  const root = join(HERE, "vue-vite");
  // An American Express number: with v-model on the input, Vue wrote its model back over
  // cardseal's formatting and typing it gave "3246 3100 05".
  const AMEX = [["number", "378282246310005"], ["expiry", "1234"], ["cvc", "1234"], ["name", "Ada Lovelace"]];
  let served;
  before(async () => {
    await timed("vue-vite (vue-tsc --noEmit)", () => execFileSync(process.execPath,
      [join(HERE, "node_modules/vue-tsc/bin/vue-tsc.js"), "--noEmit", "-p", root], { stdio: "pipe" }));
    const { build } = await import("vite");
    process.env.VITE_MERCHANT_PUBLIC_KEY = PUBLIC; // as in a .env file
    await timed("vue-vite (vite build)", () => build({
      root, logLevel: "warn", build: { outDir: "dist", emptyOutDir: true },
    }));
    served = await serveDist(join(root, "dist"));
  });
  after(() => served?.close());

  for (const engine of ["chromium", "firefox"]) {
    test(`${engine}: the number formats as typed, the brand shows once loaded, the JWE opens`, async () => {
      served.posted.length = 0;
      await timed(`vue-vite (run, ${engine})`, () => withSession(engine, async (session) => {
        await session.navigate(served.url);
        // The first render, before the wasm has loaded: a computed that called brands()
        // there would throw NOT_READY and leave the page blank.
        await session.waitFor(() => document.getElementById("pay-button") !== null,
          { what: "the form's first render (a blank page: NOT_READY in a computed?)" });
        // Pay is enabled once CardSeal.create resolved and the form is bound (`ready`).
        await session.waitFor(() => document.getElementById("pay-button")?.disabled === false, { what: "ready" });
        await session.type("[data-cardseal=number]", AMEX[0][1]);
        assert.equal(await session.property("[data-cardseal=number]", "value"), "3782 822463 10005");
        // The brand's name, from brands(), which the page asks only once `ready`.
        await session.waitFor(() => document.getElementById("brand").textContent === "American Express",
          { what: "the brand's name" });
        await pay(session, AMEX.slice(1), AMEX.length);
        await session.waitFor(() => document.getElementById("paid") !== null, { what: "the paid message" });
        assert.match(await session.text("#paid"), /american-express ending in 0005/);
      }, { tag: "examples" }));
      assert.equal(served.posted.length, 1, "one post");
      assert.deepEqual(await open(served.posted[0].jwe),
        { number: "378282246310005", exp_month: 12, exp_year: 2034, cvc: "1234", name: "Ada Lovelace" });
    });
  }
});

describe("nextjs: Next.js app router", () => {
  const dir = join(HERE, "nextjs");
  const next = join(HERE, "node_modules/next/dist/bin/next");
  const env = { ...process.env, MERCHANT_PUBLIC_KEY: PUBLIC, NEXT_TELEMETRY_DISABLED: "1" };
  let server, url;
  before(async () => {
    await timed("nextjs (next build)", () => execFileSync(process.execPath, [next, "build"], { cwd: dir, env, stdio: "pipe" }));
    const free = createServer();
    const port = await listen(free);
    await new Promise((r) => free.close(r));
    let log = "";
    server = spawn(process.execPath, [next, "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: dir, env, stdio: "pipe" });
    server.stdout.on("data", (d) => (log += d));
    server.stderr.on("data", (d) => (log += d));
    url = `http://127.0.0.1:${port}`;
    await timed("nextjs (next start)", async () => {
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(url)).ok) break;
        } catch (e) {
          if (i > 150 || server.exitCode !== null) throw new Error(`next start: ${e.message}\n${log}`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    });
  });
  after(() => server?.kill());

  test("the client component seals in the browser", async () => {
    await timed("nextjs (run)", async () => {
      await browser.navigate(url);
      // Keep what the page posts: the JWE it sends to /api/checkout.
      await browser.execute(() => {
        const f = window.fetch;
        window.__posted = [];
        window.fetch = (u, o) => (window.__posted.push(o?.body), f(u, o));
      });
      await pay();
      await browser.waitFor(() => document.getElementById("paid") !== null, { what: "the paid message" });
    });
    const posted = await browser.execute(() => window.__posted);
    assert.equal(posted.length, 1);
    assert.deepEqual(await open(JSON.parse(posted[0]).jwe), EXPECTED);
  });

  test("the route handler seals on the server, and refuses invalid fields", async () => {
    const seal = (fields) => fetch(`${url}/api/seal`, { method: "POST", body: JSON.stringify(fields) });
    const res = await seal({ number: "4111 1111 1111 1111", expiry: "12/34", cvc: "123" });
    assert.equal(res.status, 200);
    const { jwe, summary } = await res.json();
    assert.equal(summary.last4, "1111");
    assert.equal((await open(jwe)).number, EXPECTED.number);
    const bad = await seal({ number: "4111 1111 1111 1112" });
    assert.equal(bad.status, 422);
    assert.deepEqual(await bad.json(), { code: "INVALID_FIELDS", fields: { number: "LUHN_FAILED" } });
  });
});

test("the Next.js client component is the React example's, with \"use client\"", () => {
  const react = readFileSync(join(HERE, "react-vite/src/Checkout.tsx"), "utf8");
  const nextjs = readFileSync(join(HERE, "nextjs/app/Checkout.tsx"), "utf8");
  assert.equal(nextjs, `"use client";\n\n${react}`);
});
