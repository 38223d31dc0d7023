// Secure-fields mode (issue 15) in a real browser: a stand-in shop on one loopback origin
// mounts the processor's card frame (the processor's own loopback origin) with
// cardseal/frame. The shop's script cannot read the frame's inputs; wrong, malformed and
// oversized messages are ignored; an origin not allowed cannot embed the frame; seal →
// relay → open is approved; the card number and CVC reach none of the shop's requests,
// DOM or storage; no CSP violations on either origin; the inputs carry autofill hints.
// `frameTests(name)` is run by chromium.test.mjs and firefox.test.mjs.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { browserVersion } from "../../scripts/webdriver.mjs";
import { ARTIFACTS, CLI_BIN, PKG, ROOT, openBrowser } from "./harness.mjs";

const TARGET = process.env.CARGO_TARGET_DIR ?? join(ROOT, "target");
const DEMO_BIN = process.env.CARDSEAL_DEMO_BIN ?? join(TARGET, "debug/cardseal-demo");
const ELEMENT = "element-6066-11e4-a52f-4a0e435a6a0c";
const NUMBER = "4242424242424242";
const CVC = "737";

/** The stand-in shop: a page that mounts the frame, the loader, and a log of requests.
 * `shop.frameOrigin` is set once the processor is up. */
function startShop() {
  const requests = [];
  const loader = readFileSync(join(PKG, "frame.js"));
  const shop = { requests, frameOrigin: "" };
  const server = createServer((req, res) => {
    const frameOrigin = shop.frameOrigin;
    const csp = `default-src 'self'; script-src 'self'; style-src 'self'; frame-src ${frameOrigin} ${shop.posterOrigin ?? ""}; ` +
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; require-trusted-types-for 'script'";
    const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script type="module" src="/app.js"></script></head><body><h1>Shop</h1><div id="card"></div></body></html>`;
    const app = `import { mountCardFields } from "/frame.js";
window.violations = [];
addEventListener("securitypolicyviolation", (e) => window.violations.push(e.violatedDirective + " " + e.blockedURI));
window.changes = [];
const fields = window.fields = mountCardFields(document.getElementById("card"), { frameUrl: ${JSON.stringify(frameOrigin + "/frame/")}, locale: "en", style: { color: "#222222", fontFamily: "Georgia" } });
fields.on("change", (c) => window.changes.push(c));
fields.ready.then(() => (window.ready = true));
`;
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      requests.push({ url: req.url, method: req.method, body, headers: JSON.stringify(req.headers) });
      const send = (type, text, policy = csp) => res.writeHead(200, { "content-type": type, "content-security-policy": policy, "cache-control": "no-store" }).end(text);
      if (req.url === "/") send("text/html; charset=utf-8", page);
      else if (req.url === "/app.js") send("text/javascript", app);
      else if (req.url === "/frame.js") send("text/javascript", loader);
      // A page of this origin that, framed by another shop, posts a hello to its first frame.
      else if (req.url === "/poster") send("text/html; charset=utf-8", '<!doctype html><script src="/poster.js"></script>',
        csp.replace("frame-ancestors 'none'", "frame-ancestors http://127.0.0.1:*"));
      else if (req.url === "/poster.js") send("text/javascript",
        'top.frames[0].postMessage({ v: 1, t: "hello", locale: "en", style: {} }, "*", [new MessageChannel().port2]);');
      else res.writeHead(404).end();
    });
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () =>
    ok(Object.assign(shop, { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() }))));
}

/** The processor with the frame, allowing `origins` to embed it. */
function startProcessor(keys, origins) {
  const child = spawn(DEMO_BIN, ["processor", "--listen", "127.0.0.1:0", "--private-key", join(keys, "private.pem"),
    "--frame", join(ROOT, "www/frame"), "--pkg", PKG, "--public-key", join(keys, "public.jwk"),
    "--frame-origins", origins.join(","), "--holder", "Demo Processor"], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  return new Promise((ok, fail) => {
    const on = (d) => {
      log += d;
      const m = /listening on (http:\/\/[^\s/]+)/.exec(log);
      if (m) ok({ url: m[1], child, log: () => log });
    };
    child.stdout.on("data", on);
    child.stderr.on("data", on);
    child.on("exit", (c) => fail(new Error(`processor exited ${c}: ${log}`)));
  });
}

export function frameTests(name) {
  const label = `${name} ${browserVersion(name).version}`;
  let keys, shop, other, processor, browser;

  describe(`secure-fields mode in ${label}`, () => {
    before(async () => {
      keys = mkdtempSync(join(tmpdir(), "cardseal-frame-"));
      execFileSync(CLI_BIN, ["keygen", "--out", keys]);
      // The allowed shop, and one not allowed on another port.
      [shop, other] = [await startShop(), await startShop()];
      processor = await startProcessor(keys, [shop.url]);
      shop.frameOrigin = other.frameOrigin = processor.url;
      shop.posterOrigin = other.url;
      browser = await openBrowser(name);
    });
    after(async () => {
      await browser?.close();
      shop?.close();
      other?.close();
      processor?.child.kill("SIGTERM");
      if (keys) rmSync(keys, { recursive: true, force: true });
    });

    test(`${label}: the frame mounts, the page cannot read it, bad messages are ignored, seal → open approved, no leak`, async () => {
      await browser.navigate(shop.url + "/");
      await browser.waitFor(() => window.ready === true, { what: "the frame's handshake" });
      // The page's script cannot reach into the frame: a SecurityError.
      const reach = await browser.execute(() => {
        const f = document.querySelector("iframe");
        try { return String(f.contentWindow.document.querySelector("#number").value); } catch (e) { return e.name; }
      });
      assert.equal(reach, "SecurityError");
      assert.equal(await browser.execute(() => document.querySelector("iframe").contentDocument), null);

      // Messages the frame must ignore: malformed, oversized, and a second hello.
      await browser.execute(() => {
        const w = document.querySelector("iframe").contentWindow;
        w.postMessage("hello", "*");
        w.postMessage({ v: 1, t: "hello", locale: "en", style: {}, pad: "x".repeat(100000) }, "*");
        w.postMessage({ v: 1, t: "hello", locale: "en", style: {} }, "*", [new MessageChannel().port2]);
        w.postMessage({ v: 9, t: "seal", id: 1, contact: {} }, "*");
      });
      // A well-formed hello from a wrong origin (a frame of the other shop's origin).
      await browser.execute((url) => new Promise((ok) => {
        const f = document.createElement("iframe");
        f.src = url;
        f.addEventListener("load", () => setTimeout(ok, 300));
        document.body.append(f);
      }), other.url + "/poster");

      const frame = await browser.command("POST", "/element", { using: "css selector", value: "iframe" });
      await browser.command("POST", "/frame", { id: frame });
      for (const [f, hint] of [["number", "cc-number"], ["expiry", "cc-exp"], ["cvc", "cc-csc"], ["name", "cc-name"]])
        assert.equal(await browser.attribute(`#${f}`, "autocomplete"), hint, f);
      await browser.type("#number", NUMBER);
      await browser.type("#expiry", "1234");
      await browser.type("#cvc", CVC);
      await browser.type("#name", "Budi Santoso");
      assert.match(await browser.text("#proof"), /^Sealed for Demo Processor · key .{8}$/);
      assert.equal(await browser.text("#brand"), "Visa");
      assert.equal(await browser.execute(() => globalThis.cardsealIgnored), 5);
      await browser.command("POST", "/frame/parent", {});
      await browser.screenshot(join(ARTIFACTS, `frame-mode-${name}.png`));

      const changes = await browser.execute(() => window.changes);
      assert.ok(changes.some((c) => c.field === "number" && c.valid && c.brand === "visa"), JSON.stringify(changes.at(-1)));
      assert.ok(changes.every((c) => Object.keys(c).sort().join() === "brand,code,empty,field,focused,message,potentiallyValid,valid"));
      const sealed = await browser.execute(() => window.fields.seal({ email: "budi@example.com", phone: "+6281234567890" }));
      assert.equal(sealed.jwe.split(".").length, 5);
      assert.equal(sealed.summary.last4, "4242");

      // The shop relays the JWE; the processor opens it.
      const res = await fetch(processor.url + "/authorize", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jwe: sealed.jwe }) });
      assert.deepEqual(await res.json(), { status: "approved", brand: "visa", last4: "4242" });

      // The leak audit on the shop's side: requests, DOM, storage.
      const dom = await browser.source();
      const storage = await browser.execute(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
      const seen = JSON.stringify(shop.requests) + dom + storage + JSON.stringify(await browser.execute(() => window.changes));
      for (const secret of [NUMBER, "4242 4242 4242 4242", CVC]) assert.ok(!seen.includes(secret), `the shop saw ${secret}`);
      assert.deepEqual(await browser.execute(() => window.violations), []);
      await browser.command("POST", "/frame", { id: frame });
      assert.equal(await browser.execute(() => globalThis.cardsealViolations), 0);
      await browser.command("POST", "/frame/parent", {});
      assert.deepEqual(await browser.cookies(), []);
    });

    test(`${label}: an origin not allowed cannot embed the frame`, async () => {
      // The CSP's frame-ancestors names the allowed shop only; no cookies.
      const res = await fetch(processor.url + "/frame/");
      const csp = res.headers.get("content-security-policy");
      assert.match(csp, new RegExp(`frame-ancestors ${shop.url};`));
      assert.ok(!csp.includes(other.url) && res.headers.get("set-cookie") === null);
      await browser.navigate(other.url + "/");
      await new Promise((r) => setTimeout(r, 2500));
      assert.equal(await browser.execute(() => window.ready ?? false), false);
      await browser.screenshot(join(ARTIFACTS, `frame-mode-refused-${name}.png`));
    });
  });
}


/** A free loopback port (asked of the OS, then released). */
function freePort() {
  const s = createServer();
  return new Promise((ok) => s.listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => ok(port));
  }));
}

/** One demo service on a known address; resolves once it announces it. */
function service(args) {
  const child = spawn(DEMO_BIN, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  return new Promise((ok, fail) => {
    const on = (d) => {
      log += d;
      if (/listening on http/.test(log)) ok({ child, log: () => log });
    };
    child.stdout.on("data", on);
    child.stderr.on("data", on);
    child.on("exit", (c) => fail(new Error(`${args[0]} exited ${c}: ${log}`)));
  });
}

/** The demo in frame mode: `make demo`'s wiring (scripts/demo.sh) on free ports. */
export function demoFrameTests(name) {
  const label = `${name} ${browserVersion(name).version}`;
  let dir, shop, processor, browser, shopUrl;

  describe(`the demo's checkout in frame mode in ${label}`, () => {
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "cardseal-demo-frame-"));
      execFileSync(CLI_BIN, ["keygen", "--out", join(dir, "keys")]);
      const [sp, pp] = [await freePort(), await freePort()];
      shopUrl = `http://127.0.0.1:${sp}`;
      processor = await service(["processor", "--listen", `127.0.0.1:${pp}`, "--private-key", join(dir, "keys/private.pem"),
        "--frame", join(ROOT, "www/frame"), "--pkg", PKG, "--public-key", join(dir, "keys/public.jwk"),
        "--frame-origins", shopUrl, "--holder", "Demo Processor"]);
      shop = await service(["shop", "--listen", `127.0.0.1:${sp}`, "--processor", `127.0.0.1:${pp}`, "--data", dir,
        "--www", join(ROOT, "www"), "--pkg", PKG, "--public-key", join(dir, "keys/public.jwk"),
        "--frame-url", `http://127.0.0.1:${pp}/frame/`]);
      browser = await openBrowser(name);
    });
    after(async () => {
      await browser?.close();
      shop?.child.kill("SIGTERM");
      processor?.child.kill("SIGTERM");
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test(`${label}: /?mode=frame pays through the processor's frame and is approved; / stays in-page`, async () => {
      // In-page stays the default, and does not preload the loader.
      const inPage = await (await fetch(shopUrl + "/")).text();
      assert.ok(inPage.includes("/static/app.js") && !inPage.includes("/pkg/frame.js"));
      const res = await fetch(shopUrl + "/?mode=frame");
      const html = await res.text();
      assert.match(res.headers.get("content-security-policy"), /frame-src http:\/\/127\.0\.0\.1:\d+;/);
      assert.ok(html.includes("/static/app-frame.js") && !html.includes("/pkg/index.js") && !html.includes('data-cardseal="number"'));

      await browser.navigate(shopUrl + "/?mode=frame");
      await browser.waitFor(() => document.querySelector("#pay:not([disabled])") !== null, { what: "the frame's handshake (#pay enabled)" });
      const violations = [];
      await browser.execute(() => { window.v = []; addEventListener("securitypolicyviolation", (e) => window.v.push(e.violatedDirective)); });
      await browser.type("#name", "Budi Santoso");
      await browser.type("#email", "budi@example.com");
      await browser.type("#phone", "+6281234567890");
      await browser.type("#line1", "Jl. Merdeka 10");
      await browser.type("#city", "Jakarta");
      await browser.type("#postal", "10110");
      const frame = await browser.command("POST", "/element", { using: "css selector", value: "#card-frame iframe" });
      await browser.command("POST", "/frame", { id: frame });
      await browser.type("#number", NUMBER);
      await browser.type("#expiry", "1234");
      await browser.type("#cvc", CVC);
      await browser.type("#name", "Budi Santoso");
      assert.equal(await browser.execute(() => globalThis.cardsealViolations), 0);
      await browser.command("POST", "/frame/parent", {});
      violations.push(...await browser.execute(() => window.v));
      await browser.screenshot(join(ARTIFACTS, `demo-frame-mode-${name}.png`), { fullPage: true });
      await browser.click("#pay");
      await browser.waitFor(() => location.pathname === "/checkout" && document.body.textContent.includes("4242"), { what: "the order page" });
      const done = await browser.source();
      assert.match(done, /approved|disetujui|Thank|Terima/i);
      await browser.screenshot(join(ARTIFACTS, `demo-frame-mode-approved-${name}.png`));
      assert.deepEqual(violations, []);
      // The shop's server output never held the card number or CVC.
      const out = shop.log() + done;
      assert.ok(!out.includes(NUMBER) && !out.includes("4242 4242 4242 4242"));
    });
  });
}
