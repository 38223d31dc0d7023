// The key setup page (/setup) end to end (issue 12 part 6): a merchant pastes a key and
// the page says what the package makes of it, with no request of its own. Defined inside
// the checkout suite (checkout.mjs), in its browser session and against its demo:
// `setupTests(ctx)` with ctx = { it, shot, assertClean, demo, browser }.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash, createPrivateKey, generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI_BIN, CSP, PKG, ROOT, openPage } from "./harness.mjs";
import { declared, expectedCsp } from "./tamper.mjs";
import { CardSeal, keyInfo, messages } from "./package.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Puts `text` into the key field as pasting does: the whole text, one input event. */
function paste(page, text) {
  return page.execute((t) => {
    const el = document.getElementById("key");
    el.focus();
    el.value = t;
    el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste", data: t }));
  }, text);
}

/** What the page shows: the verdict, the refusal, the facts, the snippets, what is hidden. */
function shown(page) {
  return page.execute(() => {
    const $ = (id) => document.getElementById(id);
    const text = (id) => $(id).textContent;
    // Shown: rendered, not only without `hidden` (a stylesheet could undo that).
    const seen = (id) => $(id).getClientRects().length > 0;
    return {
      result: seen("result"), loud: $("result").classList.contains("loud"),
      verdict: text("verdict"), refusal: seen("refusal") ? text("refusal") : null,
      facts: seen("facts")
        ? { format: text("format"), bits: text("bits"), kid: text("kid"), jwkKid: seen("jwk-kid") ? text("jwk-kid") : null } : null,
      warnings: seen("warnings-box") ? [...$("warnings").children].map((li) => li.textContent) : [],
      snippet: seen("snippet")
        ? { head: text("snippet-head"), html: text("snippet-html"), js: text("snippet-js"), kid: text("snippet-kid") } : null,
      field: $("key").value,
    };
  });
}

/** Waits until the page shows a verdict other than `before`'s (and, for a usable key,
 * its snippet, which waits for the hashes). */
async function verdict(page, before = "") {
  await page.waitFor((b) => {
    const v = document.getElementById("verdict");
    const snippet = document.getElementById("snippet");
    return v.getClientRects().length > 0 && v.textContent !== "" && v.textContent !== b &&
      (snippet.hidden || document.getElementById("snippet-js").textContent !== "");
  }, { what: "a verdict on the key" }, before);
  return shown(page);
}

/** The README's page and checkout.js (examples/html), the snippet's one source. */
const EXAMPLE = {
  page: readFileSync(join(ROOT, "examples/html/index.html"), "utf8"),
  js: readFileSync(join(ROOT, "examples/html/checkout.js"), "utf8"),
};
const sri = (alg, text) => `${alg}-${createHash(alg).update(text).digest("base64")}`;

/** The HTML attribute value, unescaped as a parser would (the snippet's few entities). */
const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export function setupTests(ctx) {
  // ctx.demo and ctx.browser are getters: they exist once the suite's `before` has run.
  const { it, shot, assertClean } = ctx;
  const keyFile = (name) => join(ctx.demo.dir, "keys", name);
  const cliInfo = (file) => JSON.parse(execFileSync(CLI_BIN, ["key-info", file]).toString("utf8"));

  it("the key setup page is served under the same strict CSP, with SRI, and has nothing to submit", async () => {
    const res = await fetch(ctx.demo.shopUrl + "/setup");
    assert.equal(res.status, 200);
    const html = await res.text();
    // The one inline script is the import map that pins every module (tamper.mjs),
    // allowed by its hash.
    assert.equal(res.headers.get("content-security-policy"), expectedCsp(CSP, declared(html).maps[0]));
    for (const tag of html.match(/<script\b[^>]*\bsrc=[^>]*>|<link rel="(modulepreload|stylesheet)"[^>]*>/g)) {
      assert.match(tag, /integrity="sha384-[A-Za-z0-9+/]+=*"/, tag);
    }
    assert.deepEqual(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g), ['<script type="importmap">'], "no inline script but the import map");
    assert.doesNotMatch(html, /<style|\sstyle=/, "no inline style");
    assert.doesNotMatch(html, /<form\b|\sname="(?!viewport|cardseal-)/, "no form, no named field");
    const { page, rec } = await openPage(ctx.demo, ctx.browser, { path: "/setup" });
    assert.equal(await page.execute(() => document.forms.length), 0);
    assert.equal((await shown(page)).result, false, "nothing shown before a key");
    await assertClean(page, rec);
  });

  it("a valid key: its format, bits, kid and the snippet to paste, worked out in the page alone", async () => {
    const jwk = readFileSync(keyFile("public.jwk"), "utf8");
    const pem = readFileSync(keyFile("public.pem"), "utf8");
    const { kid } = cliInfo(keyFile("public.jwk"));
    const { page, rec } = await openPage(ctx.demo, ctx.browser, { path: "/setup" });
    const from = rec.requests.length;
    let seen = "";
    for (const [key, format] of [[jwk, "JSON Web Key (JWK)"], [pem, "PEM public key (BEGIN PUBLIC KEY)"]]) {
      await paste(page, key);
      const got = await verdict(page, seen);
      seen = got.verdict;
      assert.equal(got.verdict, "This key can be used.");
      // keygen's JWK carries its thumbprint as its own kid: no second id is shown.
      assert.deepEqual(got.facts, { format, bits: "2048 bits", kid, jwkKid: null });
      assert.deepEqual([got.refusal, got.warnings, got.loud], [null, [], false]);
      // The snippet is exact: its key seals with the kid it pins, and the server's kid is it.
      const content = unescape(/ data-merchant-key="([^"]*)">/.exec(got.snippet.html)[1]);
      // The key as pasted, a PEM with its real line breaks (no "\n" escapes to warn
      // about); a JWK on one line.
      assert.equal(content, format.includes("JWK") ? JSON.stringify(JSON.parse(key)) : key.trim());
      if (!format.includes("JWK")) assert.ok(content.includes("\n") && !content.includes("\\n"), "real newlines");
      assert.deepEqual(keyInfo(content).warnings, [], "the snippet's key reads without a warning");
      const pinned = JSON.parse(/const EXPECTED_KID = ("[^"\n]*");/.exec(got.snippet.js)[1]);
      assert.equal(new CardSeal(content).kid, pinned);
      assert.deepEqual([pinned, got.snippet.kid], [kid, kid]);
      // It is the README's page and checkout.js, filled in: the form (README's #pay) with
      // the key, checkout.js (CardSeal.attach with the pin), and the head's import map
      // with the package's hash, the tags with theirs and checkout.js's own.
      assert.equal(got.snippet.js, EXAMPLE.js.replace("{{kid}}", kid));
      assert.match(got.snippet.js, /await CardSeal\.attach\(form, form\.dataset\.merchantKey \?\? "", \{ kid: EXPECTED_KID \}\)/);
      assert.equal(got.snippet.html, /<form[^]*?<\/form>/.exec(EXAMPLE.page)[0].replace("{{key}}", () => got.snippet.html.match(/ data-merchant-key="([^"]*)"/)[1]));
      assert.match(got.snippet.html, /^<form id="pay" /);
      const integrity = JSON.parse(readFileSync(join(PKG, "integrity.json"), "utf8"));
      const importmap = JSON.stringify({ imports: { cardseal: "/cardseal/index.js" }, integrity: { "/cardseal/index.js": integrity["index.js"] } });
      const head = /<script type="importmap">[^]*?<script type="module"[^>]*><\/script>/.exec(EXAMPLE.page)[0]
        .replace("{{importmap}}", importmap).replace("{{sri:index.js}}", integrity["index.js"])
        .replace("{{sri:cardseal_bg.wasm}}", integrity["cardseal_bg.wasm"]).replace("{{sri:checkout.js}}", sri("sha384", got.snippet.js));
      assert.equal(got.snippet.head, `${head}\n<!-- Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval' '${sri("sha256", importmap)}'; … -->`);
      await page.screenshot(shot(`setup-${got.facts.format.startsWith("PEM") ? "pem" : "jwk"}.png`), { fullPage: true });
      seen = "";
      await paste(page, "");
    }
    // A JWK's own kid, whatever it holds, is shown apart as text and pins nothing: the
    // kid and the snippet's pin are the key's thumbprint, and the snippet still parses.
    const hostile = 'x"\n</script><script>alert(1)//\u2028`${1}';
    await paste(page, JSON.stringify({ ...JSON.parse(jwk), kid: hostile }));
    const odd = await verdict(page);
    assert.deepEqual([odd.facts.kid, odd.facts.jwkKid], [kid, hostile]);
    assert.equal(odd.verdict, "This key can be used. Read the warnings first.");
    assert.deepEqual(odd.warnings, [messages("en").KID_NOT_THUMBPRINT]);
    const file = join(ctx.demo.dir, "snippet.mjs");
    writeFileSync(file, odd.snippet.js);
    execFileSync(process.execPath, ["--check", file]);
    const literal = /^const EXPECTED_KID = (.*);$/m.exec(odd.snippet.js)[1];
    assert.equal(JSON.parse(literal), kid);
    assert.equal(odd.snippet.kid, kid);
    assert.ok(!odd.snippet.js.includes("alert(1)"), "the JWK's own kid is not in checkout.js");
    await paste(page, "");
    // The retired Adyen form works, with its warning; in Indonesian too.
    const n = Buffer.from(JSON.parse(jwk).n, "base64url").toString("hex").toUpperCase();
    await paste(page, `10001|${n}`);
    let got = await verdict(page);
    assert.equal(got.verdict, "This key can be used. Read the warnings first.");
    assert.deepEqual(got.warnings, [messages("en").LEGACY_FORMAT]);
    assert.equal(got.facts.bits, "2048 bits");
    await page.click("#lang-id");
    got = await verdict(page, got.verdict);
    assert.equal(got.verdict, "Kunci ini dapat dipakai. Baca dulu peringatannya.");
    assert.deepEqual(got.warnings, [messages("id").LEGACY_FORMAT]);
    assert.deepEqual([got.facts.format, got.facts.bits], ["Kunci Adyen CSE (10001|…)", "2048 bit"]);
    await page.screenshot(shot("setup-id-warning.png"), { fullPage: true });
    // No round trip: not one request since the page was ready.
    await sleep(300);
    assert.deepEqual(rec.requests.slice(from), [], "no request for a key check");
    await assertClean(page, rec);
  });

  it("a private key gets the loud message, is emptied from the page and goes nowhere", async () => {
    const pem = readFileSync(keyFile("private.pem"), "utf8");
    const jwk = JSON.stringify(createPrivateKey(pem).export({ format: "jwk" }));
    // What would give the key away: a line of the PEM's base64, and the JWK's d.
    const secrets = [pem.split("\n")[5], JSON.parse(jwk).d.slice(0, 48)];
    assert.ok(secrets.every((s) => s.length >= 48));
    for (const [key, lang] of [[pem, "en"], [jwk, "id"]]) {
      const { page, rec } = await openPage(ctx.demo, ctx.browser, { path: "/setup", lang });
      const from = rec.requests.length;
      const outputBefore = ctx.demo.output().length;
      await paste(page, key);
      const got = await verdict(page);
      const text = messages(lang);
      assert.equal(got.verdict, lang === "en" ? "This is a private key." : "Ini kunci privat.");
      assert.ok(got.refusal.startsWith(text.PRIVATE_KEY_PASTED), got.refusal);
      assert.match(got.refusal, lang === "en" ? /not sent anywhere/ : /tidak dikirim ke mana pun/);
      assert.deepEqual([got.loud, got.field, got.facts, got.snippet], [true, "", null, null]);
      if (lang === "en") await page.screenshot(shot("setup-private.png"), { fullPage: true });
      // The other language shows the same refusal in its words, still from the package.
      await page.click(lang === "en" ? "#lang-id" : "#lang-en");
      const other = await verdict(page, got.verdict);
      assert.ok(other.refusal.startsWith(messages(lang === "en" ? "id" : "en").PRIVATE_KEY_PASTED), other.refusal);
      // Sent nowhere: no request at all since the page was ready (the CSP allows no other
      // origin, and every request to this one goes through the recording proxy), and the
      // key is in no request, no server output, not in the DOM, not in storage.
      await sleep(300);
      assert.deepEqual(rec.requests.slice(from), [], "no request after pasting a private key");
      const places = [
        ...rec.requests.map((r) => [`request ${r.url}`, r.url + r.body]),
        ["server output", ctx.demo.output().slice(outputBefore)],
        ["DOM", await page.source()],
        ["storage", await page.execute(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))],
        ["cookies", JSON.stringify(await page.cookies())],
      ];
      for (const [where, what] of places) {
        for (const s of secrets) assert.ok(!what.includes(s), `${where} holds the private key`);
      }
      assert.equal(await page.property("#key", "value"), "");
      await assertClean(page, rec);
    }
  });

  it("a 1024-bit key is refused as weak, with the package's message in English and Indonesian", async () => {
    const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const { page, rec } = await openPage(ctx.demo, ctx.browser, { path: "/setup" });
    await paste(page, publicKey.export({ type: "spki", format: "pem" }));
    let got = await verdict(page);
    assert.deepEqual([got.verdict, got.refusal], ["This key cannot be used.", messages("en").WEAK_KEY]);
    assert.deepEqual([got.loud, got.facts, got.snippet], [false, null, null]);
    await page.click("#lang-id");
    got = await verdict(page, got.verdict);
    assert.deepEqual([got.verdict, got.refusal], ["Kunci ini tidak dapat dipakai.", messages("id").WEAK_KEY]);
    await page.screenshot(shot("setup-weak-id.png"), { fullPage: true });
    await assertClean(page, rec);
  });

  it("garbage is refused with the package's message, and an empty field shows nothing", async () => {
    const { page, rec } = await openPage(ctx.demo, ctx.browser, { path: "/setup", lang: "id" });
    await page.type("#key", "bukan kunci sama sekali");
    let got = await verdict(page);
    assert.deepEqual([got.verdict, got.refusal], ["Kunci ini tidak dapat dipakai.", messages("id").INVALID_KEY]);
    assert.deepEqual([got.facts, got.snippet], [null, null]);
    await page.click("#lang-en");
    got = await verdict(page, got.verdict);
    assert.equal(got.refusal, messages("en").INVALID_KEY);
    await paste(page, "  ");
    await page.waitFor(() => document.getElementById("result").getClientRects().length === 0,
      { what: "the result hidden" });
    await assertClean(page, rec);
  });
}
