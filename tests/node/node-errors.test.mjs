// Server-side clarity (issue 23 item 7): what a server developer sees when cardseal fails
// in Node. An unset or empty key names the argument; the uncaught error Node prints is
// short and never shows the inlined wasm (node.mjs keeps its base64 on a line of its
// own, and stays unminified); the error class is `CardSealError` also in the minified
// browser bundle; no error text asks a server to "check the marked fields"; a typo'd
// field name is reported with the other fields' errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { pathToFileURL } from "node:url";
import { root, cardseal, key } from "./helpers.mjs";

const pem = key("rsa2048-spki.pem");
const nodeEntry = pathToFileURL(`${root}pkg/node.mjs`).href;
const wasm = readFileSync(`${root}pkg/cardseal_bg.wasm`);

/** Runs `code` as an ES module in a fresh `node`, without MERCHANT_PUBLIC_KEY in its
 * environment, as a server with the variable unset would; gives its exit status and
 * stderr. */
function run(code) {
  const env = { ...process.env };
  delete env.MERCHANT_PUBLIC_KEY;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { env, encoding: "utf8", timeout: 30_000 });
  return { status: r.status, stderr: r.stderr };
}

test("an unset or empty key: a short uncaught error that names the argument, never the wasm", () => {
  const en = cardseal.messages("en").INVALID_ARGUMENT;
  for (const [expr, shown] of [
    ["process.env.MERCHANT_PUBLIC_KEY", "(key: undefined)"],
    ['""', "(key: empty)"],
    ['"  \\n"', "(key: empty)"],
  ]) {
    for (const call of [`await CardSeal.create(${expr})`, `new CardSeal(${expr})`]) {
      const { status, stderr } = run(`import { CardSeal } from ${JSON.stringify(nodeEntry)};\n${call};`);
      assert.equal(status, 1, call);
      assert.ok(stderr.length < 2000, `${call}: ${stderr.length} bytes of stderr:\n${stderr.slice(0, 3000)}`);
      assert.ok(stderr.includes(`CardSealError: ${en} ${shown}`), `${call}:\n${stderr}`);
      assert.ok(stderr.includes("code: 'INVALID_ARGUMENT'"), stderr);
      assert.ok(!stderr.includes("AGFzbQ"), `${call}: the wasm's base64 is not printed`);
      assert.ok(stderr.split("\n").every((line) => line.length < 200), `${call}: no long line:\n${stderr}`);
    }
  }
  // The same texts when the package is loaded by hand, and in the sealer's locale.
  assert.throws(() => new cardseal.CardSeal(""), { code: "INVALID_ARGUMENT", message: `${en} (key: empty)` });
  assert.throws(() => cardseal.keyInfo(undefined), { code: "INVALID_ARGUMENT", message: `${en} (key: undefined)` });
  const id = cardseal.messages("id").INVALID_ARGUMENT;
  assert.throws(() => new cardseal.CardSeal(undefined, { locale: "id" }), { message: `${id} (key: undefined)` });
});

test("node.mjs: one readable module, the wasm's base64 alone on its line and equal to cardseal_bg.wasm", () => {
  const lines = readFileSync(`${root}pkg/node.mjs`, "utf8").split("\n");
  const long = lines.filter((line) => line.length > 400);
  assert.equal(long.length, 1, "one long line: the wasm");
  assert.match(long[0], /^[A-Za-z0-9+/]+=*$/, "nothing but base64 on it");
  assert.ok(Buffer.from(long[0], "base64").equals(wasm), "the shipped wasm, byte for byte");
  assert.ok(lines.length > 500, "not minified onto a few lines");
});

test("errors are CardSealError by their class's name too, in the minified bundle and in node.mjs", async () => {
  for (const entry of ["index.js", "node.mjs"]) {
    const m = await import(pathToFileURL(`${root}pkg/${entry}`).href + "?name");
    if (entry == "index.js") m.initSync({ module: wasm });
    let err;
    try {
      new m.CardSeal("not a key");
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof m.CardSealError, entry);
    assert.equal(err.constructor.name, "CardSealError", entry);
    assert.equal(m.CardSealError.name, "CardSealError", entry);
    // What a console or Node's uncaught-error report shows: `CardSealError: …`, not
    // `e [CardSealError]: …`.
    assert.match(inspect(err), /^CardSealError: /, entry);
  }
});

test("no error text tells a server to check marked fields", () => {
  for (const locale of ["en", "id"]) {
    for (const [code, text] of Object.entries(cardseal.messages(locale))) {
      assert.doesNotMatch(text, /marked fields|kolom yang ditandai/i, `${locale} ${code}`);
    }
  }
  assert.throws(() => new cardseal.CardSeal(pem).seal({ number: "4111 1111 1111 1112" }), (e) =>
    e.code == "INVALID_FIELDS" && e.message == cardseal.messages("en").INVALID_FIELDS && e.message.includes("fields"));
});

test("a typo'd field name is reported with the other invalid fields, by seal and sealEach", () => {
  const sealer = new cardseal.CardSeal(pem);
  const both = (fields, want) => {
    for (const call of ["seal", "sealEach"]) {
      assert.throws(() => sealer[call](fields), (e) => {
        assert.equal(e.code, "INVALID_FIELDS", `${call}: ${e.message}`);
        assert.deepEqual(e.fields, want, call);
        return true;
      });
    }
  };
  both({ nmae: "Budi", number: "4111 1111 1111 1112", expiry: "12/99x", cvc: "1" },
    { nmae: "UNKNOWN_FIELD", number: "LUHN_FAILED", expiry: "INVALID_CHARACTERS", cvc: "TOO_SHORT" });
  both({ number: 4111, address: { city: "Jakarta", contry: "ID" }, email: "budi@" },
    { number: "INVALID_TYPE", "address.contry": "UNKNOWN_FIELD", email: "INVALID_EMAIL", "address.line1": "EMPTY" });
  // Every other field valid: the typo alone, and nothing sealed.
  both({ nmae: "Budi", number: "4111 1111 1111 1111", expiry: "12/34", cvc: "123" }, { nmae: "UNKNOWN_FIELD" });
  both({ nmae: "Budi" }, { nmae: "UNKNOWN_FIELD" });
});
