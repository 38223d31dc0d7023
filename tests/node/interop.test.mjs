// The built package (pkg/) in Node 20, checked against an independent implementation:
// every JWE it seals must open with `jose`, and jose's thumbprint must equal our kid.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import * as jose from "jose";
import { cardseal, key, root } from "./helpers.mjs";

const { CardSeal, CardSealError, keyInfo } = cardseal;
const privateKey = createPrivateKey(key("rsa2048-private-pkcs8.pem"));
const card = { number: "4111 1111 1111 1111", expiry: "12/34", cvc: "123" };
const b64u = (b) => Buffer.from(b).toString("base64url");
const unb64u = (s) => Buffer.from(s, "base64url");

test("whole-form JWE opens with jose, header in profile order", async () => {
  const sealer = new CardSeal(key("rsa2048-spki.pem"));
  const before = Math.floor(Date.now() / 1000);
  const { jwe, kid, summary } = sealer.seal({ ...card, name: "Budi Santoso", email: "budi@example.co.id" });
  const { plaintext, protectedHeader } = await jose.compactDecrypt(jwe, privateKey);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(plaintext)), {
    number: "4111111111111111", exp_month: 12, exp_year: 2034, cvc: "123",
    name: "Budi Santoso", email: "budi@example.co.id",
  });
  assert.deepEqual(Object.keys(protectedHeader), ["alg", "enc", "kid", "cty", "iat", "jti"]);
  assert.equal(protectedHeader.alg, "RSA-OAEP-256");
  assert.equal(protectedHeader.enc, "A256GCM");
  assert.equal(protectedHeader.cty, "cardseal+json");
  assert.equal(protectedHeader.kid, kid);
  assert.ok(protectedHeader.iat >= before && protectedHeader.iat <= before + 5);
  assert.match(protectedHeader.jti, /^[A-Za-z0-9_-]{22}$/);
  assert.deepEqual(summary, { brand: "visa", last4: "1111", exp_month: 12, exp_year: 2034 });
});

test("per-field JWEs open with jose, one field each", async () => {
  const sealer = new CardSeal(key("rsa2048-spki.pem"));
  const each = sealer.sealEach({ number: "4111111111111111", cvc: "123", expiry: "01/30" });
  assert.deepEqual(Object.keys(each), ["number", "exp_month", "exp_year", "cvc"]);
  const want = { number: "4111111111111111", exp_month: 1, exp_year: 2030, cvc: "123" };
  const ivs = new Set();
  for (const [field, jwe] of Object.entries(each)) {
    const { plaintext } = await jose.compactDecrypt(jwe, privateKey);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(plaintext)), { [field]: want[field] });
    ivs.add(jwe.split(".")[2]);
  }
  assert.equal(ivs.size, 4, "a fresh IV for every JWE");
});

test("kid is jose's RFC 7638 thumbprint for every form; a JWK's own kid is only reported", async () => {
  const thumb = await jose.calculateJwkThumbprint(JSON.parse(key("rsa2048.jwk")));
  const forms = ["rsa2048-spki.pem", "rsa2048-pkcs1.pem", "rsa2048-cert.pem", "rsa2048.jwk", "rsa2048-kid.jwk",
    "rsa2048-jwks.json", "rsa2048-spki.b64", "rsa2048-adyen.txt"];
  for (const f of forms) {
    const sealer = new CardSeal(key(f));
    assert.equal(sealer.kid, thumb, f);
    assert.equal(keyInfo(key(f)).kid, thumb, f);
    const { jwe, kid } = sealer.seal(card);
    assert.equal(kid, thumb, f);
    assert.equal(jose.decodeProtectedHeader(jwe).kid, thumb, f);
  }
  const k4096 = await jose.exportJWK(await jose.importSPKI(key("rsa4096-spki.pem"), "RSA-OAEP-256"));
  assert.equal(new CardSeal(key("rsa4096-spki.pem")).kid, await jose.calculateJwkThumbprint(k4096));
  assert.deepEqual(
    [keyInfo(key("rsa2048-kid.jwk")).jwkKid, keyInfo(key("rsa2048-kid.jwk")).warnings],
    ["merchant-2026-11", ["KID_NOT_THUMBPRINT"]],
  );
  assert.deepEqual([keyInfo(key("rsa2048-jwks.json")).jwkKid, keyInfo(key("rsa2048-spki.pem")).jwkKid], ["enc-1", null]);
});

test("changing any of the five parts makes jose refuse", async () => {
  const { jwe } = new CardSeal(key("rsa2048-spki.pem")).seal(card);
  await jose.compactDecrypt(jwe, privateKey); // the untouched one opens
  for (let part = 0; part < 5; part++) {
    const parts = jwe.split(".");
    const bytes = unb64u(parts[part]);
    bytes[bytes.length >> 1] ^= 0x01;
    parts[part] = b64u(bytes);
    await assert.rejects(jose.compactDecrypt(parts.join("."), privateKey), `part ${part}`);
  }
});

test("the byte-exact Rust vector opens with jose", async () => {
  const jwe = readFileSync(`${root}tests/vectors/seal-rsa2048-seed42.jwe`, "utf8").trim();
  const { plaintext, protectedHeader } = await jose.compactDecrypt(jwe, privateKey);
  assert.equal(protectedHeader.iat, 1790000000);
  assert.equal(new TextDecoder().decode(plaintext),
    '{"number":"4111111111111111","exp_month":12,"exp_year":2034,"cvc":"123"}');
});

test("key refusals are CardSealErrors with stable codes", () => {
  const cases = {
    "rsa2048-private-pkcs8.pem": "PRIVATE_KEY_PASTED",
    "rsa2048-private-pkcs1.pem": "PRIVATE_KEY_PASTED",
    "rsa2048-private-encrypted.pem": "PRIVATE_KEY_PASTED",
    "rsa2048-private.jwk": "PRIVATE_KEY_PASTED",
    "rsa1024-spki.pem": "WEAK_KEY",
    "rsa2048-e3-spki.pem": "UNSUPPORTED_EXPONENT",
    "ec-p256-spki.pem": "UNSUPPORTED_KEY_TYPE",
    "ed25519-spki.pem": "UNSUPPORTED_KEY_TYPE",
  };
  for (const [file, code] of Object.entries(cases)) {
    for (const fn of [() => new CardSeal(key(file)), () => keyInfo(key(file))]) {
      assert.throws(fn, (e) => e instanceof CardSealError && e instanceof Error &&
        e.name === "CardSealError" && e.code === code && e.message.length > 20, file);
    }
  }
  assert.throws(() => new CardSeal("not a key"), { code: "INVALID_KEY" });
  assert.throws(() => new CardSeal(key("rsa2048-private-pkcs8.pem"), { locale: "id" }),
    { code: "PRIVATE_KEY_PASTED", message: /kunci PRIVAT/ });
});

test("field refusals carry per-field codes", () => {
  const sealer = new CardSeal(key("rsa2048-spki.pem"));
  assert.throws(() => sealer.seal({ number: "4111 1111 1111 111x", expiry: "13/99", cvc: "" }),
    (e) => e instanceof CardSealError && e.code === "INVALID_FIELDS" &&
      ["number", "expiry", "cvc"].every((f) => typeof e.fields[f] === "string"));
  assert.throws(() => sealer.seal({ cardNumber: "4111111111111111" }),
    (e) => e.code === "INVALID_FIELDS" && e.fields.cardNumber === "UNKNOWN_FIELD");
  assert.throws(() => sealer.seal({ number: 4111111111111111 }),
    (e) => e.code === "INVALID_FIELDS" && e.fields.number === "INVALID_TYPE");
  assert.throws(() => sealer.seal({}), { code: "NO_FIELDS" });
  assert.throws(() => sealer.seal(null), { code: "NO_FIELDS" });
});

test("keyInfo reports kid, bits, format and warnings", () => {
  assert.deepEqual(keyInfo(key("rsa2048-cert-expired.pem")).warnings, ["CERT_EXPIRED"]);
  const info = keyInfo(key("rsa3072-spki.pem"));
  assert.equal(info.bits, 3072);
  assert.equal(info.format, "spki-pem");
  assert.deepEqual(info.warnings, []);
  assert.equal(keyInfo(key("rsa2048-adyen.txt")).format, "adyen-cse");
});

test("no input traps the module: long, empty, binary, lone surrogates", () => {
  const sealer = new CardSeal(key("rsa2048-spki.pem"));
  const known = new Set(Object.keys(cardseal.messages()));
  // Refused field by field, with codes of the table: every field of `must` is named, and
  // only fields of `must` or `may` are (an address of empty lines may count as absent).
  const refused = (must, may = []) => (e) => {
    assert.ok(e instanceof CardSealError, String(e));
    assert.equal(e.code, "INVALID_FIELDS", e.message);
    const named = Object.keys(e.fields);
    for (const f of must) assert.ok(named.includes(f), `${f} not named in ${named}`);
    for (const f of named) {
      assert.ok([...must, ...may].includes(f.split(".")[0]), `${f} was not given`);
    }
    for (const code of Object.values(e.fields)) assert.ok(known.has(code), code);
    return true;
  };
  const nasty = ["", " ", "\0".repeat(1000), "\uD800", "\uDFFF\uD800", "x".repeat(2_000_000),
    "-----BEGIN PUBLIC KEY-----\n".repeat(5000), "{".repeat(100_000), "10001|" + "f".repeat(5000),
    String.fromCharCode(...Array.from({ length: 512 }, (_, i) => i)), "💳".repeat(10_000)];
  for (const s of nasty) {
    assert.throws(() => new CardSeal(s), CardSealError);
    assert.throws(() => keyInfo(s), CardSealError);
    // None of these is a card number, expiry, code, name, email or phone.
    const fields = ["number", "expiry", "cvc", "name", "email", "phone"];
    assert.throws(() => sealer.seal({ number: s, expiry: s, cvc: s, name: s, email: s, phone: s,
      address: { line1: s } }), refused(fields, ["address"]));
    assert.throws(() => sealer.sealEach({ number: s }), refused(["number"]));
  }
  // Not an object: nothing to seal. A member of the wrong type: that member, named.
  for (const v of [undefined, 42, [], () => 1, Symbol.iterator === 0]) {
    assert.throws(() => sealer.seal(v), { name: "CardSealError", code: "NO_FIELDS" }, String(v));
  }
  for (const [v, fields] of [[{ address: 5 }, { address: "INVALID_TYPE" }],
    [{ number: {} }, { number: "INVALID_TYPE" }]]) {
    assert.throws(() => sealer.seal(v), { name: "CardSealError", code: "INVALID_FIELDS", fields });
  }
  // Still alive: a trap would have poisoned every later call.
  assert.equal(sealer.seal(card).summary.last4, "1111");
});
