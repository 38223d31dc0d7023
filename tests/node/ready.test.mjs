// Init that cannot be got wrong (issue 13 part 2) and the Node entry (part 1): before the
// wasm is loaded every call throws CardSealError NOT_READY; a freed sealer FREED; an
// argument of the wrong type INVALID_ARGUMENT: never a raw TypeError from the public API.
// A JWK object is a key; a PEM with literal "\n" escapes is read with a warning.
// init() fetches the wasm with its sha384 and refuses a tampered copy (INTEGRITY), also in
// Node's fetch. The Node entry (node.mjs, the "node" condition) loads the wasm itself, on
// first use, not on import.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { root, cardseal, key } from "./helpers.mjs";

const pem = key("rsa2048-spki.pem");
const jwk = JSON.parse(key("rsa2048.jwk"));
const en = cardseal.messages("en");
let fresh = 0;

/** A new instance of a package module (its own, unloaded wasm state). */
const load = (file = "index.js") => import(new URL(`pkg/${file}?fresh=${++fresh}`, `file://${root}`));

/** Asserts `f` throws a CardSealError with `code` (and, unless `exact` is false, the
 * code table's English text, optionally followed by more). */
function throwsCode(f, code, what) {
  let err;
  try {
    f();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `${what}: throws`);
  assert.equal(err.name, "CardSealError", `${what}: ${err?.stack}`);
  assert.equal(err.code, code, what);
  assert.ok(err.message.startsWith(en[code]), `${what}: the table's text: ${err.message}`);
  return err;
}

test("every call before init is NOT_READY, with the code table's text", async () => {
  const m = await load();
  const calls = {
    "new CardSeal": () => new m.CardSeal(pem),
    keyInfo: () => m.keyInfo(pem),
    "validate.number": () => m.validate.number("4111"),
    "validate.address": () => m.validate.address({}),
    "format.expiry": () => m.format.expiry("12"),
    "format.caret": () => m.format.caret("1", "12", 1),
  };
  for (const [what, call] of Object.entries(calls)) throwsCode(call, "NOT_READY", what);
  // The bad key is not looked at before the wasm is there: still NOT_READY.
  throwsCode(() => new m.CardSeal(undefined), "NOT_READY", "new CardSeal(undefined)");
  // initSync makes it ready; init() then resolves without fetching.
  m.initSync({ module: readFileSync(`${root}pkg/cardseal_bg.wasm`) });
  assert.equal(new m.CardSeal(pem).kid, new cardseal.CardSeal(pem).kid);
  assert.ok((await m.default()).memory);
});

test("a framework's first render, before init, reads the static data without throwing", async () => {
  const m = await load();
  // What the README's brand label and a message lookup do in a render (a Vue computed, a
  // React component) that runs before the wasm has loaded: no NOT_READY to blank the page.
  const brand = "visa";
  const render = () => ({
    name: m.brands().find((b) => b.id === brand)?.name ?? "",
    text: m.messages("id").LUHN_FAILED ?? "LUHN_FAILED",
  });
  assert.deepEqual(m.brands(), []);
  assert.deepEqual(m.messages("id"), {});
  assert.deepEqual(render(), { name: "", text: "LUHN_FAILED" });
  throwsCode(() => m.validate.number("4"), "NOT_READY", "the rest still waits for init");
  // Once loaded, the same render reads the tables.
  m.initSync({ module: readFileSync(`${root}pkg/cardseal_bg.wasm`) });
  assert.deepEqual(render(), { name: "Visa", text: cardseal.messages("id").LUHN_FAILED });
  assert.deepEqual(m.brands(), cardseal.brands());
});

test("a wasm that is no wasm, as a page's CSP without 'wasm-unsafe-eval' makes it, is INTEGRITY", async () => {
  const m = await load();
  for (const input of [new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]), new Response("not found", { status: 404 })]) {
    const err = await m.default(input).then(() => null, (e) => e);
    assert.equal(err?.name, "CardSealError");
    assert.equal(err.code, "INTEGRITY");
  }
  throwsCode(() => m.validate.number("4"), "NOT_READY", "nothing ran");
});

test("arguments of the wrong type are INVALID_ARGUMENT, naming the argument", async () => {
  const circular = {};
  circular.self = circular;
  const keys = [undefined, null, 42, true, 10n, Symbol("k"), () => pem, circular];
  for (const k of keys) {
    const what = `new CardSeal(${String(typeof k === "symbol" ? "Symbol" : k)})`;
    const err = throwsCode(() => new cardseal.CardSeal(k), "INVALID_ARGUMENT", what);
    assert.match(err.message, /\(key: \w+\)$/, what);
    throwsCode(() => cardseal.keyInfo(k), "INVALID_ARGUMENT", `keyInfo: ${what}`);
    await assert.rejects(cardseal.CardSeal.create(k), { name: "CardSealError", code: "INVALID_ARGUMENT" }, what);
  }
  const err = throwsCode(() => new cardseal.CardSeal(pem, "id"), "INVALID_ARGUMENT", "options as a string");
  assert.match(err.message, /\(options\)$/);
  // In the sealer's locale when it is given.
  const id = cardseal.messages("id").INVALID_ARGUMENT;
  assert.ok(id !== en.INVALID_ARGUMENT);
  assert.throws(() => new cardseal.CardSeal(7, { locale: "id" }), { code: "INVALID_ARGUMENT", message: `${id} (key: number)` });
  // An object that is no key is the wasm's INVALID_KEY, as a text would be.
  assert.throws(() => new cardseal.CardSeal({}), { code: "INVALID_KEY" });
});

test("a JWK or JWKS object is a key, as its JSON text is", () => {
  const kid = new cardseal.CardSeal(JSON.stringify(jwk)).kid;
  assert.equal(new cardseal.CardSeal(jwk).kid, kid);
  assert.equal(new cardseal.CardSeal({ keys: [jwk] }).kid, kid);
  assert.equal(cardseal.keyInfo(jwk).format, "jwk");
  assert.equal(cardseal.keyInfo({ keys: [jwk] }).format, "jwks");
  // A private JWK object is refused like its text.
  assert.throws(() => new cardseal.CardSeal(JSON.parse(key("rsa2048-private.jwk"))), { code: "PRIVATE_KEY_PASTED" });
});

test("a PEM with literal \\n escapes (an environment variable) is read, with a warning", (t) => {
  const warned = [];
  t.mock.method(console, "warn", (...a) => warned.push(a.join(" ")));
  const kid = new cardseal.CardSeal(pem).kid;
  assert.deepEqual(warned, [], "no warning for a real PEM");
  for (const escaped of [pem.trim().replace(/\n/g, "\\n"), pem.trim().replace(/\n/g, "\\r\\n"), JSON.stringify(pem).slice(1, -1)]) {
    assert.equal(new cardseal.CardSeal(escaped).kid, kid, escaped.slice(0, 40));
    assert.deepEqual(cardseal.keyInfo(escaped).warnings, ["ESCAPED_NEWLINES"]);
  }
  assert.equal(warned.length, 3);
  assert.equal(warned[0], `cardseal: ${en.ESCAPED_NEWLINES}`);
  new cardseal.CardSeal(pem.replace(/\n/g, "\\n"), { locale: "id" });
  assert.equal(warned[3], `cardseal: ${cardseal.messages("id").ESCAPED_NEWLINES}`);
  assert.deepEqual(cardseal.keyInfo(pem).warnings, []);
  // A private key stays refused, escaped or not.
  assert.throws(() => new cardseal.CardSeal(key("rsa2048-private-pkcs8.pem").replace(/\n/g, "\\n")), { code: "PRIVATE_KEY_PASTED" });
});

test("a freed sealer is FREED; free() twice does nothing", () => {
  const sealer = new cardseal.CardSeal(pem);
  sealer.free();
  sealer.free();
  sealer[Symbol.dispose]();
  const calls = {
    seal: () => sealer.seal({ number: "4111111111111111" }),
    sealEach: () => sealer.sealEach({ number: "4111111111111111" }),
    kid: () => sealer.kid,
    locale: () => sealer.locale,
    attach: () => sealer.attach({}),
  };
  for (const [what, call] of Object.entries(calls)) throwsCode(call, "FREED", what);
});

test("CardSeal.create loads once and gives a sealer; later calls reuse the load", async () => {
  const m = await load();
  // Node's fetch reads no file: URL, so init() with the default URL fails: INTEGRITY, and
  // a later call tries again (the failure is not kept).
  await assert.rejects(m.CardSeal.create(pem), { name: "CardSealError", code: "INTEGRITY" });
  m.initSync(readFileSync(`${root}pkg/cardseal_bg.wasm`));
  const [a, b] = await Promise.all([m.CardSeal.create(pem), m.CardSeal.create(jwk, { locale: "id" })]);
  assert.ok(a instanceof m.CardSeal);
  assert.equal(a.kid, b.kid);
  assert.equal(b.locale, "id");
});

/** Serves `files` (path → bytes) on 127.0.0.1; gives its base URL and a close(). */
async function serve(files) {
  const server = createServer((req, res) => {
    const body = files[req.url];
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/wasm" }).end(body);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

test("init() fetches with the wasm's sha384: a tampered wasm is INTEGRITY, never run", async () => {
  const wasm = readFileSync(`${root}pkg/cardseal_bg.wasm`);
  const tampered = Buffer.from(wasm);
  tampered[tampered.length - 100] ^= 1;
  const { base, close } = await serve({ "/good.wasm": wasm, "/tampered.wasm": tampered });
  try {
    // The hash the build wrote into index.js is integrity.json's.
    const sri = JSON.parse(readFileSync(`${root}pkg/integrity.json`, "utf8"))["cardseal_bg.wasm"];
    assert.ok(readFileSync(`${root}pkg/index.js`, "utf8").includes(sri), "index.js carries the wasm's sha384");
    for (const input of [`${base}/tampered.wasm`, new URL(`${base}/tampered.wasm`), new Request(`${base}/tampered.wasm`),
      { module_or_path: `${base}/tampered.wasm` }, `${base}/missing.wasm`]) {
      const m = await load();
      const err = await m.default(input).then(() => null, (e) => e);
      assert.equal(err?.code, "INTEGRITY", String(input?.url ?? input?.module_or_path ?? input));
      assert.equal(err.message, en.INTEGRITY);
      throwsCode(() => m.validate.number("4"), "NOT_READY", "nothing ran");
    }
    const m = await load();
    await m.default(`${base}/good.wasm`);
    assert.equal(m.validate.number("4111111111111111").brand, "visa");
    // Bytes and a Response are the caller's: used as they are.
    const r = await load();
    await r.default(await fetch(`${base}/good.wasm`));
    assert.equal(new r.CardSeal(pem).kid, new cardseal.CardSeal(pem).kid);
  } finally {
    close();
  }
});

test("node.mjs: the same API, the wasm inside, loaded on first use and not on import", async () => {
  const browser = await load();
  const compiled = [];
  const Module = WebAssembly.Module;
  WebAssembly.Module = function (...a) {
    compiled.push(1);
    return new Module(...a);
  };
  try {
    const node = await load("node.mjs");
    assert.deepEqual(Object.keys(node).sort(), Object.keys(browser).sort(), "the same exports");
    assert.equal(compiled.length, 0, "importing node.mjs compiles nothing");
    const sealer = new node.CardSeal(pem);
    assert.equal(compiled.length, 1, "the first call loads the wasm");
    assert.equal(sealer.seal({ number: "4111111111111111", expiry: "12/34" }).summary.last4, "1111");
    assert.ok((await node.CardSeal.create(jwk)) instanceof node.CardSeal);
    assert.ok((await node.default()).memory);
    assert.equal(compiled.length, 1, "once");
  } finally {
    WebAssembly.Module = Module;
  }
  const manifest = JSON.parse(readFileSync(`${root}pkg/package.json`, "utf8"));
  assert.deepEqual(manifest.exports["."], { types: "./index.d.ts", node: "./node.mjs", default: "./index.js" });
});

test("the two texts the runtime carries for want of wasm are the code table's", () => {
  const js = readFileSync(`${root}pkg-template/runtime.js`, "utf8");
  for (const code of ["NOT_READY", "INTEGRITY"]) {
    assert.ok(js.includes(`${code}: ${JSON.stringify(en[code])}`), code);
  }
});
