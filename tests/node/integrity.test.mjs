// Integrity by default (issue 13 part 3), in headless Chromium and Firefox ESR: the plain
// HTML example (examples/html: the README's tags, under the strict CSP, served by its own
// server.mjs with the hashes from integrity.json) seals when the files are the package's,
// and refuses each shipped file when it is served tampered: a tampered index.js never
// runs, a tampered wasm makes init() reject with CardSealError INTEGRITY. The tampered
// copies are still valid (a statement appended to the JS, which runs when imported
// without the hash; a custom section appended to the wasm): what refuses them is the hash.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compactDecrypt } from "jose";
import { browserVersion, listen, openSession } from "../../scripts/webdriver.mjs";
import { handler } from "../../examples/html/server.mjs";
import { root, key } from "./helpers.mjs";

const BROWSERS = ["chromium", "firefox"];
const pkg = `${root}pkg`;
const genuine = {
  "index.js": readFileSync(`${pkg}/index.js`),
  "cardseal_bg.wasm": readFileSync(`${pkg}/cardseal_bg.wasm`),
};
const tampered = {
  // Still valid JavaScript, and it would announce itself if it ran.
  "index.js": Buffer.concat([genuine["index.js"], Buffer.from("\nglobalThis.__tampered = 1;\n")]),
  // Still a valid module: a custom section (id 0) named "x" appended.
  "cardseal_bg.wasm": Buffer.concat([genuine["cardseal_bg.wasm"], Buffer.from([0, 3, 1, 0x78, 0])]),
};

test("the tampered copies are valid: only their hashes tell them apart", async () => {
  assert.ok(WebAssembly.validate(tampered["cardseal_bg.wasm"]));
  const dir = mkdtempSync(join(tmpdir(), "cardseal-tampered-"));
  try {
    writeFileSync(join(dir, "index.mjs"), tampered["index.js"]);
    const m = await import(join(dir, "index.mjs"));
    assert.equal(globalThis.__tampered, 1, "the tampered index.js runs when nothing checks it");
    assert.equal(typeof m.CardSeal.create, "function");
  } finally {
    delete globalThis.__tampered;
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The example's server over the built package, serving `state.files` for its files and
 * counting the wasm's downloads; `state.received` is the last checkout post. */
async function startServer() {
  const state = { files: genuine, wasmGets: 0, received: null };
  const server = createServer((req, res) => {
    if (req.url.endsWith(".wasm")) state.wasmGets++;
    handler({ key: key("rsa2048-spki.pem"), pkg, files: state.files, received: (f) => (state.received = f) })(req, res);
  });
  state.base = `http://127.0.0.1:${await listen(server)}`;
  state.close = () => server.close();
  return state;
}

const CARD = [["number", "4111 1111 1111 1111"], ["expiry", "1234"], ["cvc", "123"], ["name", "Ada Lovelace"]];

for (const name of BROWSERS) {
  describe(`integrity in ${name} ${browserVersion(name).version}`, () => {
    let browser, served;
    before(async () => {
      [browser, served] = await Promise.all([openSession(name, { tag: "integrity" }), startServer()]);
    });
    after(async () => {
      await browser?.close();
      served?.close();
    });

    /** Loads the checkout with `files` served; gives the page's errors and whether the
     * tampered JS ran, once the page is bound (or has failed to be). */
    async function load(files) {
      served.files = files;
      served.wasmGets = 0;
      served.received = null;
      await browser.navigate(`${served.base}/`);
      // The autofill hint the binding sets tells that the form is bound (its message
      // slots are in the markup from the first paint); give a refused page the same time
      // to run anyway.
      const bound = await browser.waitFor(() => document.querySelector("[data-cardseal=number][autocomplete]") !== null,
        { timeout: 3000, what: "the form bound" }).then(() => true, () => false);
      return { bound, ran: await browser.execute(() => globalThis.__tampered ?? 0) };
    }

    test("the genuine files seal, and the preloaded wasm is downloaded once", async () => {
      const { bound, ran } = await load(genuine);
      assert.ok(bound, "the form is bound");
      assert.equal(ran, 0);
      for (const [field, text] of CARD) await browser.type(`[data-cardseal=${field}]`, text);
      await browser.click("#pay-button");
      await browser.waitFor(() => document.getElementById("received") !== null, { what: "the shop's answer" });
      const jwe = served.received.cardseal;
      const { plaintext } = await compactDecrypt(jwe, createPrivateKey(key("rsa2048-private-pkcs8.pem")));
      const fields = JSON.parse(new TextDecoder().decode(plaintext));
      assert.equal(fields.number, "4111111111111111");
      assert.equal(served.received.order_id, "A-1001");
      // Chromium gives init()'s fetch the preloaded response; Firefox may download again.
      if (name === "chromium") assert.equal(served.wasmGets, 1, "the preload is used");
      else assert.ok(served.wasmGets >= 1 && served.wasmGets <= 2, `wasm downloads: ${served.wasmGets}`);
    });

    test("a tampered index.js is refused: it never runs", async () => {
      const { bound, ran } = await load({ ...genuine, "index.js": tampered["index.js"] });
      assert.equal(bound, false, "the form is not bound");
      assert.equal(ran, 0, "the tampered module did not run");
    });

    test("a tampered wasm is refused: init() rejects with CardSealError INTEGRITY", async () => {
      await browser.navigate("about:blank");
      served.files = { ...genuine, "cardseal_bg.wasm": tampered["cardseal_bg.wasm"] };
      await browser.navigate(`${served.base}/`);
      // The example's checkout.js awaits CardSeal.create, so its rejection is the page's
      // unhandled rejection; ask the package directly what init() says.
      const outcome = await browser.execute(async () => {
        const { default: init } = await import("/cardseal/index.js");
        return init().then(() => "loaded", (e) => `${e.name} ${e.code}`);
      });
      assert.equal(outcome, "CardSealError INTEGRITY");
      assert.equal(await browser.execute(() => document.querySelector("[data-cardseal=number][autocomplete]")), null, "not bound");
    });
  });
}
