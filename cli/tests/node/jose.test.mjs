// A second implementation checks ours: JWEs made by `jose` open with the
// `cardseal open` CLI, and JWEs from `cardseal seal` open with `jose`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { CompactEncrypt, compactDecrypt, importPKCS8, importSPKI, importJWK } from "jose";
import { cli, keyPath, cardsealHeader, root } from "./cli.mjs";

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
  // A key is found by its thumbprint only: a header naming the private JWK's own kid
  // names no key, even though that key would open it.
  const jwk = JSON.parse(readFileSync(keyPath("rsa2048-kid.jwk"), "utf8"));
  const byName = await joseSeal(cardsealHeader("merchant-2026-11"), { cvc: "999" }, await importJWK(jwk, "RSA-OAEP-256"));
  const r = cli(
    ["open", "--key", keyPath("rsa3072-private-pkcs8.pem"), "--key", keyPath("rsa2048-kid-private.jwk")],
    `${byThumbprint}\n${byName}\n`,
  );
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(r.lines[0].fields, fields);
  assert.equal(r.lines[0].kid, thumbprint);
  assert.deepEqual(r.lines[1], { ok: false, code: "UNKNOWN_KID" });
});

test("docs/FORMAT.md §5: a jose opener that looks keys up by thumbprint, run as written", async () => {
  const format = readFileSync(`${root}docs/FORMAT.md`, "utf8");
  const snippet = /^```js\n(import \{ calculateJwkThumbprint[\s\S]*?)^```$/m.exec(format)[1];
  // The snippet as a module of its own (import declarations may follow statements),
  // given its two free names, privateKeys and jwe; it resolves "jose" from the repository.
  const file = `${root}target/format-kid-snippet-${process.pid}.mjs`;
  const run = async (jwe) => {
    writeFileSync(file, `const { privateKeys, jwe } = globalThis.formatSnippet;\n${snippet}\nexport { plaintext };\n`);
    globalThis.formatSnippet = {
      jwe,
      privateKeys: [
        createPrivateKey(readFileSync(keyPath("rsa3072-private-pkcs8.pem"))),
        createPrivateKey({ key: JSON.parse(readFileSync(keyPath("rsa2048-kid-private.jwk"), "utf8")), format: "jwk" }),
      ],
    };
    try {
      return JSON.parse(new TextDecoder().decode((await import(`${file}?${Math.random()}`)).plaintext));
    } finally {
      rmSync(file, { force: true });
    }
  };
  // Sealed by cardseal to the JWK that carries its own kid: the header has the thumbprint.
  const sealed = cli(["seal", "--key", keyPath("rsa2048-kid.jwk")], JSON.stringify({ cvc: "123" }));
  assert.equal(sealed.lines[0].kid, thumbprint);
  assert.deepEqual(await run(sealed.lines[0].jwe), { cvc: "123" });
  // A header naming the key by its JWK kid finds no key.
  const jwk = JSON.parse(readFileSync(keyPath("rsa2048-kid.jwk"), "utf8"));
  const byName = await joseSeal(cardsealHeader("merchant-2026-11"), { cvc: "999" }, await importJWK(jwk, "RSA-OAEP-256"));
  await assert.rejects(run(byName), /UNKNOWN_KID/);
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
