// Every pin refuses another key that carries the processor's kid (issue 19 item 1). The
// attack: an RSA key of the attacker's, as a JWK whose `kid` member is the processor's.
// Before, cardseal copied a JWK's own kid into the JWE, so that key passed every check
// built on the kid. Now the kid is the RFC 7638 thumbprint of the key sealed to, always,
// and each pin refuses it, in the browser under test:
// - the shop's server pin: the shop's key setting is the attacker's JWK (the shop pins the
//   processor's thumbprint apart from it, `--pin-kid`); a checkout is refused, stored
//   nowhere and relayed nowhere, though the attacker's private key would open it;
// - the EXPECTED_KID check of the checkout.js the /setup page generates, run as written
//   in a page built as the snippet says, with the key setting changed to the attacker's;
// - the frame: its key line shows the attacker's thumbprint, not the processor's
//   published one, and a frame pinned to the processor's thumbprint picks the processor's
//   key out of a JWKS whatever kid the attacker's JWK there carries (or none at all);
// - the /key page the frame links to: its kid is the thumbprint an auditor recomputes,
//   and the JWK's own kid is shown apart, as not the one that pins.
// `pinTests(name)` is run by chromium.test.mjs, firefox.test.mjs and webkit.test.mjs.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash, generateKeyPairSync } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { browserVersion, listen } from "../../scripts/webdriver.mjs";
import {
  CARDS, CLI_BIN, FRAME_ID, PKG, ROOT, fillCheckout, openBrowser, openPage, pay, startDemo, startService, writeFrameConfig, writeSecret,
} from "./harness.mjs";
import { messages } from "./package.mjs";
import { pinnedScripts } from "./tamper.mjs";

/** RFC 7638 thumbprint of an RSA JWK, computed here (not by cardseal). */
const thumbprintOf = (jwk) => createHash("sha256").update(JSON.stringify({ e: jwk.e, kty: "RSA", n: jwk.n })).digest("base64url");
/** A compact JWE's protected header. */
const header = (jwe) => JSON.parse(Buffer.from(jwe.split(".")[0], "base64url"));
/** Text for a double-quoted HTML attribute. */
const attr = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Puts `text` into the /setup page's key field as pasting does. */
function paste(page, text) {
  return page.execute((t) => {
    const el = document.getElementById("key");
    el.value = t;
    el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste", data: t }));
  }, text);
}

/**
 * A small site of the test's own, on a free loopback port, with no CSP of its own:
 * - `/merchant?key=K` the merchant's checkout page built as the /setup snippet says
 *   (`state.snippet.html`, its head, with the key setting `state.keys[K]`),
 *   `/checkout.js` the snippet's module verbatim (`state.snippet.js`), and the package under
 *   `/pkg/` (an import map names it "cardseal"); errors are kept in `window.errors`;
 * - `/shop?frame=URL` a shop page that mounts the card frame at URL with cardseal/frame;
 * - `/frame-a/`, `/frame-b/`: the frame bundle as a key holder deploys it statically,
 *   pinned to `pin` (a thumbprint), naming the JWKS `/a/jwks.json` or `/b/jwks.json`.
 */
function startSite({ state, pin, jwks }) {
  const site = { url: "" };
  const framePage = (set) => frameTemplate.replace("{{public-key}}", "").replace("{{jwks}}", set).replace("{{kid}}", pin)
    .replace("{{holder}}", "Static Host").replace("{{origins}}", site.url).replace("{{locale}}", "en");
  const catcher = `<script>window.errors = [];
addEventListener("error", (e) => errors.push(String(e.message)));
addEventListener("unhandledrejection", (e) => errors.push(String(e.reason && e.reason.message || e.reason)));</script>`;
  const merchant = (key) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Merchant</title>
${catcher}
<script type="importmap">{"imports":{"cardseal":"/pkg/index.js"}}</script>
${state.snippet.html.replace(/content="[^"]*"/, `content="${attr(key)}"`)}
</head><body><form id="checkout"><input id="number" data-cardseal="number"></form></body></html>`;
  const shop = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
${catcher}
<script type="module" src="/shop.js"></script></head><body><div id="card"></div></body></html>`;
  const shopJs = `import { mountCardFields } from "/frame.js";
const frameUrl = new URLSearchParams(location.search).get("frame");
const fields = window.fields = mountCardFields(document.getElementById("card"), { frameUrl, locale: "en" });
window.codes = [];
fields.on("error", (e) => window.codes.push(e.code));
fields.ready.then((r) => (window.ready = r));
`;
  const files = {
    "/shop": ["text/html; charset=utf-8", shop],
    "/shop.js": ["text/javascript", shopJs],
    "/frame.js": ["text/javascript", readFileSync(join(PKG, "frame.js"))],
    "/frame/frame.js": ["text/javascript", readFileSync(join(ROOT, "frame/frame.js"))],
    "/frame/frame.css": ["text/css", readFileSync(join(ROOT, "frame/frame.css"))],
    "/pkg/index.js": ["text/javascript", readFileSync(join(PKG, "index.js"))],
    "/pkg/frame-protocol.js": ["text/javascript", readFileSync(join(PKG, "frame-protocol.js"))],
    "/pkg/cardseal_bg.wasm": ["application/wasm", readFileSync(join(PKG, "cardseal_bg.wasm"))],
    "/a/jwks.json": ["application/json", JSON.stringify(jwks.a)],
    "/b/jwks.json": ["application/json", JSON.stringify(jwks.b)],
  };
  // The frame page's modules pinned as the processor pins them (frame.mjs's static host).
  const scripts = pinnedScripts({ entry: "/frame/frame.js", imports: ["/pkg/index.js", "/pkg/frame-protocol.js"] }, (u) => files[u][1]);
  const frameTemplate = readFileSync(join(ROOT, "frame/index.html"), "utf8")
    .replace("{{scripts}}", scripts.html)
    .replace("{{sri:/frame/frame.css}}", `sha384-${createHash("sha384").update(files["/frame/frame.css"][1]).digest("base64")}`);
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let f = files[url.pathname];
    if (url.pathname === "/checkout.js") f = ["text/javascript", state.snippet.js];
    if (url.pathname === "/merchant") f = ["text/html; charset=utf-8", merchant(state.keys[url.searchParams.get("key")])];
    if (url.pathname === "/frame-a/") f = ["text/html; charset=utf-8", framePage("/a/jwks.json")];
    if (url.pathname === "/frame-b/") f = ["text/html; charset=utf-8", framePage("/b/jwks.json")];
    res.writeHead(f ? 200 : 404, { "content-type": f?.[0] ?? "text/plain", "cache-control": "no-store" }).end(f?.[1] ?? "");
  });
  return listen(server).then((port) => Object.assign(site, { url: `http://127.0.0.1:${port}`, close: () => server.close() }));
}

export function pinTests(name) {
  const label = `${name} ${browserVersion(name).version}`;
  const it = (title, fn) => test(`${label}: ${title}`, fn);
  // The processor's public JWK (from `cardseal keygen`, in the demo's keys) and the
  // attacker's: another RSA key, its JWK carrying the processor's kid.
  let demo, browser, site, framed, processorJwk, processorKid, attackerJwk, attackerKid;
  // What the merchant's page on the test's site serves: the snippet /setup generated.
  const state = { snippet: { html: "", js: "" }, keys: {} };
  const attacker = generateKeyPairSync("rsa", { modulusLength: 2048 });

  describe(`every pin refuses another key that carries the processor's kid, in ${label}`, () => {
    before(async () => {
      demo = await startDemo({
        pageKey: (keys) => {
          processorJwk = JSON.parse(readFileSync(join(keys, "public.jwk"), "utf8"));
          attackerJwk = { ...attacker.publicKey.export({ format: "jwk" }), kid: processorJwk.kid, use: "enc", alg: "RSA-OAEP-256" };
          return JSON.stringify(attackerJwk);
        },
      });
      [processorKid, attackerKid] = [thumbprintOf(processorJwk), thumbprintOf(attackerJwk)];
      writeFileSync(join(demo.dir, "attacker.pem"), attacker.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
      writeFileSync(join(demo.dir, "attacker.jwk"), JSON.stringify(attackerJwk));
      site = await startSite({ state, pin: processorKid, jwks: { a: { keys: [attackerJwk] }, b: { keys: [attackerJwk, processorJwk] } } });
      browser = await openBrowser(name);
    });
    after(async () => {
      await browser?.close();
      site?.close();
      framed?.child.kill("SIGTERM");
      await demo?.close();
    });

    it("the attack's key: another key, whose JWK carries the processor's kid", () => {
      // `cardseal keygen` names the processor's key by its thumbprint, and so does key-info.
      assert.equal(processorJwk.kid, processorKid);
      const cli = (file) => JSON.parse(execFileSync(CLI_BIN, ["key-info", file]).toString("utf8"));
      assert.equal(cli(join(demo.dir, "keys/public.jwk")).kid, processorKid);
      assert.equal(attackerJwk.kid, processorKid);
      assert.notEqual(attackerKid, processorKid);
      // cardseal names the attacker's key by its own thumbprint and reports the kid it carried.
      const info = cli(join(demo.dir, "attacker.jwk"));
      assert.deepEqual([info.kid, info.jwk_kid, info.warnings], [attackerKid, processorKid, ["KID_NOT_THUMBPRINT"]]);
    });

    it("the shop takes only a thumbprint as its pin", async () => {
      for (const pin of ["merchant-2026-11", processorKid.slice(1), `${processorKid.slice(1)}=`]) {
        const started = startService(["shop", "--listen", "127.0.0.1:0", "--processor", "127.0.0.1:9", "--data", join(demo.dir, "pin-data"),
          "--www", join(ROOT, "www"), "--pkg", PKG, "--public-key", join(demo.dir, "keys/public.jwk"), "--pin-kid", pin]);
        await assert.rejects(started, /shop exited 2:\n.*--pin-kid .*an RFC 7638 thumbprint \(43 base64url characters\) expected/, pin);
      }
    });

    it("the shop's server pin refuses the checkout: stored nowhere, relayed nowhere", async () => {
      // The shop said at start that its key setting is not the key it pins.
      assert.match(demo.output(), new RegExp(`is key ${attackerKid}, not the pinned ${processorKid}: every checkout will be refused`));
      const relays = () => (demo.output().match(/processor: (?!with )/g) ?? []).length;
      const relayed = relays();
      const { page, rec } = await openPage(demo, browser);
      await fillCheckout(page, CARDS.visa);
      const post = await pay(page, rec);
      assert.equal(post.status, 422);
      assert.match(await page.text("body"), /Sealed for the wrong key/);
      const jwe = new URLSearchParams(post.body).get("cardseal");
      // Sealed to the key the page was given, named by that key's thumbprint: not by the
      // kid its JWK carried.
      assert.equal(header(jwe).kid, attackerKid);
      // The danger was real: the attacker's private key opens the card.
      const opened = JSON.parse(execFileSync(CLI_BIN, ["open", "--key", join(demo.dir, "attacker.pem")], { input: jwe + "\n" }).toString("utf8"));
      assert.equal(opened.fields.number, CARDS.visa.number);
      // Refused by the shop itself: no relay reached the processor, and no order holds it.
      assert.match(demo.output(), /refused a checkout \(422\): sealed for another kid/);
      assert.equal(relays(), relayed, "the processor saw a request");
      for (const f of ["", "-wal", "-journal"]) {
        if (existsSync(demo.db + f)) assert.ok(!readFileSync(demo.db + f).toString("latin1").includes(header(jwe).jti), `shop.sqlite3${f} holds the order`);
      }
    });

    it("the /setup snippet's EXPECTED_KID check refuses the attacker's JWK, run as written in a merchant's page", async () => {
      const { page } = await openPage(demo, browser, { path: "/setup" });
      // The merchant checks the processor's key: the snippet pins its thumbprint.
      await paste(page, JSON.stringify(processorJwk));
      await page.waitFor(() => document.getElementById("snippet-js").textContent !== "", { what: "the snippet" });
      const snippet = { html: await page.text("#snippet-html"), js: await page.text("#snippet-js") };
      assert.equal(JSON.parse(/const EXPECTED_KID = ("[^"\n]*");/.exec(snippet.js)[1]), processorKid);
      assert.equal(await page.text("#snippet-kid"), processorKid);
      assert.equal(await page.execute(() => document.getElementById("jwk-kid").getClientRects().length), 0, "no second kid");
      // The attacker's JWK, pasted: its own thumbprint is the kid; the kid it carries is
      // shown apart, with the warning.
      await paste(page, JSON.stringify(attackerJwk));
      await page.waitFor((k) => document.getElementById("kid").textContent === k, { what: "the attacker's thumbprint" }, attackerKid);
      assert.equal(await page.text("#jwk-kid"), processorKid);
      assert.ok(await page.execute(() => document.getElementById("jwk-kid").getClientRects().length > 0), "the JWK's kid shown");
      assert.deepEqual(await page.execute(() => [...document.getElementById("warnings").children].map((li) => li.textContent)),
        [messages("en").KID_NOT_THUMBPRINT]);

      // The merchant's page as the snippet builds it: with the key it carries, the form is
      // bound; with the key setting changed to the attacker's JWK, checkout.js throws and
      // binds nothing.
      const setupKey = /content="([^"]*)"/.exec(snippet.html)[1].replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
      Object.assign(state, { snippet, keys: { setup: setupKey, attacker: JSON.stringify(attackerJwk) } });
      await browser.navigate(site.url + "/merchant?key=setup");
      await browser.waitFor(() => document.querySelector("#number[autocomplete]") !== null, { what: "the form bound by checkout.js" });
      await browser.type("#number", "4242 4242");
      await browser.waitFor(() => document.getElementById("checkout").getAttribute("data-cardseal-brand") === "visa",
        { what: "the form bound by checkout.js" });
      assert.deepEqual(await browser.execute(() => window.errors), []);

      await browser.navigate(site.url + "/merchant?key=attacker");
      if (name === "webkit") {
        // WebKit (2.50) fires no error event for a module whose top-level await rejects:
        // the refusal stops the binding all the same, but the page's monitoring does not
        // hear it (README, "Browsers"). The package is loaded once the wasm was fetched.
        await browser.waitFor(() => performance.getEntriesByType("resource").some((r) => r.name.endsWith(".wasm")),
          { what: "the package loaded" });
        await new Promise((r) => setTimeout(r, 1_000));
        assert.deepEqual(await browser.execute(() => window.errors), []);
        // (WebKitWebDriver reads an absent attribute as "", so ask the page.)
        assert.equal(await browser.execute(() => document.getElementById("number").getAttribute("autocomplete")), null,
          "the form was bound");
      } else {
        await browser.waitFor(() => window.errors?.length > 0, { what: "checkout.js refusing the key" });
        const [error] = await browser.execute(() => window.errors);
        assert.match(error, new RegExp(`cardseal: the page's key has kid ${attackerKid}, expected ${processorKid}`));
        assert.equal(await browser.attribute("#number", "autocomplete"), null, "the form was bound");
      }
    });

    it("the frame's key line shows the attacker's thumbprint, and the /key page's auditor check tells it apart", async () => {
      // A processor whose frame was configured with the attacker's JWK.
      const log = { text: "" };
      framed = await startService(["processor", "--listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
        "--api-key-file", writeSecret(demo.dir, "framed-api-key").path, "--private-key", join(demo.dir, "keys/private.pem"),
        "--frame-config", writeFrameConfig(demo.dir, { key: join(demo.dir, "attacker.jwk"), origins: [site.url], name: "attacker-frame.toml" })],
        log, ["processor", "processor API"]);
      await browser.navigate(`${site.url}/shop?frame=${encodeURIComponent(`${framed.url}/frame/${FRAME_ID}/`)}`);
      await browser.waitFor(() => window.ready !== undefined, { what: "the frame's handshake" });
      assert.equal((await browser.execute(() => window.ready)).kid, attackerKid);
      const frame = await browser.command("POST", "/element", { using: "css selector", value: "iframe" });
      await browser.command("POST", "/frame", { id: frame });
      const line = await browser.text("#proof");
      await browser.type("#number", "4242424242424242");
      await browser.type("#expiry", "1234");
      await browser.type("#cvc", "737");
      await browser.type("#name", "Budi Santoso");
      await browser.command("POST", "/frame/parent", {});
      // The line names the key the frame seals to; a shopper or merchant comparing it with
      // the processor's published kid sees another key.
      assert.equal(line, `Sealed for Demo Processor · key ${attackerKid.slice(0, 8)}`);
      assert.notEqual(attackerKid.slice(0, 8), processorKid.slice(0, 8));
      const sealed = await browser.execute(() => window.fields.seal({}));
      assert.equal(header(sealed.jwe).kid, attackerKid);

      // The key page the line links to, in the browser: its kid is the thumbprint, the
      // JWK's own kid is shown apart and said not to pin.
      await browser.navigate(framed.url + "/key");
      const shown = await browser.execute(() => ({
        kid: document.getElementById("kid").textContent,
        own: document.getElementById("jwk-kid")?.textContent,
        note: document.getElementById("jwk-kid")?.parentElement.textContent,
        jwk: document.getElementById("jwk").textContent,
      }));
      assert.deepEqual([shown.kid, shown.own], [attackerKid, processorKid]);
      assert.match(shown.note, /Not what pins/);
      // The auditor's check: recompute the thumbprint from the published JWK; it is the
      // page's kid and the JWE's, and it is not the processor's published thumbprint.
      const published = JSON.parse(shown.jwk);
      assert.equal(thumbprintOf(published), shown.kid);
      assert.equal(header(sealed.jwe).kid, thumbprintOf(published));
      assert.notEqual(thumbprintOf(published), processorKid, "the auditor's check passed another key");
    });

    it("a frame pinned to the processor's thumbprint takes the processor's key from a JWKS, never the attacker's JWK with its kid", async () => {
      // Only the attacker's JWK in the set, with the processor's kid: no key, no form.
      await browser.navigate(`${site.url}/shop?frame=${encodeURIComponent(site.url + "/frame-a/")}`);
      await browser.waitFor(() => window.codes?.length > 0, { what: "the frame's error" });
      assert.deepEqual(await browser.execute(() => [window.codes, window.ready ?? null]), [["KEY_UNAVAILABLE"], null]);
      // The attacker's JWK first, the processor's after it, both with the same kid: the
      // frame takes the processor's.
      await browser.navigate(`${site.url}/shop?frame=${encodeURIComponent(site.url + "/frame-b/")}`);
      await browser.waitFor(() => window.ready !== undefined, { what: "the frame's handshake" });
      assert.equal((await browser.execute(() => window.ready)).kid, processorKid);
      const frame = await browser.command("POST", "/element", { using: "css selector", value: "iframe" });
      await browser.command("POST", "/frame", { id: frame });
      assert.equal(await browser.text("#proof"), `Sealed for Static Host · key ${processorKid.slice(0, 8)}`);
      await browser.command("POST", "/frame/parent", {});
    });
  });
}
