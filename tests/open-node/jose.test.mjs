// A second implementation checks ours (STYLE 8): JWEs made by `jose` open with the
// `cardseal open` CLI, and JWEs from `cardseal seal` open with `jose`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CompactEncrypt, compactDecrypt, importPKCS8, importSPKI, importJWK } from "jose";
import { cli, keyPath, cardsealHeader } from "./cli.mjs";

const spki = readFileSync(keyPath("rsa2048-spki.pem"), "utf8");
const pkcs8 = readFileSync(keyPath("rsa2048-private-pkcs8.pem"), "utf8");
const thumbprint = cli(["key-info", keyPath("rsa2048-spki.pem")]).lines[0].kid;

async function joseSeal(header, fields, key) {
  const publicKey = key ?? (await importSPKI(spki, "RSA-OAEP-256"));
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(fields)))
    .setProtectedHeader(header)
    .encrypt(publicKey);
}

test("JWEs made by jose with the cardseal header open", async () => {
  const fields = {
    number: "4111111111111111",
    exp_month: 12,
    exp_year: 2034,
    cvc: "123",
    name: "Zoë Ñandú 山田",
    address: { line1: "Jl. Sudirman 1", country: "ID" },
  };
  const byThumbprint = await joseSeal(cardsealHeader(thumbprint), fields);
  const jwk = JSON.parse(readFileSync(keyPath("rsa2048-kid.jwk"), "utf8"));
  const byKid = await joseSeal(cardsealHeader("merchant-2026-11"), { cvc: "999" }, await importJWK(jwk, "RSA-OAEP-256"));
  const r = cli(
    ["open", "--key", keyPath("rsa2048-private-pkcs8.pem"), "--key", keyPath("rsa2048-kid-private.jwk")],
    `${byThumbprint}\n${byKid}\n`,
  );
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.lines[0].fields, fields);
  assert.equal(r.lines[0].kid, thumbprint);
  assert.equal(r.lines[1].fields.cvc, "999");
  assert.equal(r.lines[1].kid, "merchant-2026-11");
});

test("jose JWEs outside the profile are refused with the right code", async () => {
  const now = Math.floor(Date.now() / 1000);
  const cases = [
    [{ ...cardsealHeader(thumbprint), cty: "JWT" }, "UNSUPPORTED_HEADER"],
    [{ ...cardsealHeader(thumbprint), enc: "A128GCM" }, "UNSUPPORTED_HEADER"],
    [cardsealHeader("someone-else"), "UNKNOWN_KID"],
    [cardsealHeader(thumbprint, now - 3600), "STALE"],
    [cardsealHeader(thumbprint, now + 3600), "FROM_FUTURE"],
  ];
  const jwes = [];
  for (const [header] of cases) jwes.push(await joseSeal(header, { cvc: "123" }));
  const r = cli(["open", "--key", keyPath("rsa2048-private-pkcs8.pem")], jwes.join("\n"));
  assert.equal(r.status, 1);
  assert.deepEqual(
    r.lines.map((l) => l.code),
    cases.map(([, code]) => code),
  );
});

test("a jose JWE with a tampered ciphertext is CANNOT_OPEN, a replay is REPLAYED", async () => {
  const jwe = await joseSeal(cardsealHeader(thumbprint), { cvc: "123" });
  const parts = jwe.split(".");
  const ct = Buffer.from(parts[3], "base64url");
  ct[0] ^= 1;
  const tampered = [parts[0], parts[1], parts[2], ct.toString("base64url"), parts[4]].join(".");
  const fresh = await joseSeal(cardsealHeader(thumbprint), { cvc: "123" });
  const r = cli(["open", "--key", keyPath("rsa2048-private-pkcs8.pem")], `${tampered}\n${fresh}\n${fresh}\n`);
  assert.deepEqual(
    r.lines.map((l) => l.code ?? "OK"),
    ["CANNOT_OPEN", "OK", "REPLAYED"],
  );
});

test("JWEs sealed by the CLI open with jose", async () => {
  const input = JSON.stringify({ number: "4111 1111 1111 1111", expiry: "12/34", cvc: "123" });
  const r = cli(["seal", "--key", keyPath("rsa2048-spki.pem")], input);
  assert.equal(r.status, 0, r.stderr);
  const { jwe, kid, summary } = r.lines[0];
  assert.equal(kid, thumbprint);
  assert.deepEqual(summary, { brand: "visa", last4: "1111", exp_month: 12, exp_year: 2034 });
  const { plaintext, protectedHeader } = await compactDecrypt(jwe, await importPKCS8(pkcs8, "RSA-OAEP-256"));
  assert.deepEqual(Object.keys(protectedHeader), ["alg", "enc", "kid", "cty", "iat", "jti"]);
  assert.equal(protectedHeader.jti.length, 22);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(plaintext)), {
    number: "4111111111111111",
    exp_month: 12,
    exp_year: 2034,
    cvc: "123",
  });
});
