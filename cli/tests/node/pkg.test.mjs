// JWEs sealed by the built npm package (pkg/, in Node) open with the `cardseal open` CLI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cardseal, key } from "../../../tests/node/helpers.mjs";
import { cli, keyPath } from "./cli.mjs";

const fields = {
  number: "4111 1111 1111 1111",
  expiry: "12 / 2034",
  cvc: "123",
  name: "Budi Santoso",
  email: "budi@example.com",
  address: { line1: "Jl. Sudirman 1", city: "Jakarta", postal_code: "10220", country: "ID" },
};

test("a whole-form JWE from the npm package opens, once", () => {
  // A JWK with a kid of its own: the JWE names the key by its thumbprint, which is how
  // the opener finds it.
  const sealer = new cardseal.CardSeal(key("rsa2048-kid.jwk"));
  const { jwe, kid } = sealer.seal(fields);
  const thumbprint = cli(["key-info", keyPath("rsa2048-kid-private.jwk")]).lines[0].kid;
  assert.equal(kid, thumbprint);
  assert.notEqual(kid, "merchant-2026-11");
  const r = cli(["open", "--key", keyPath("rsa3072-private-pkcs8.pem"), "--key", keyPath("rsa2048-kid-private.jwk")], `${jwe}\n${jwe}\n`);
  assert.equal(r.status, 1, "the second line is a replay");
  assert.equal(r.lines[0].ok, true, r.stderr);
  assert.equal(r.lines[0].kid, thumbprint);
  assert.deepEqual(r.lines[0].fields, {
    number: "4111111111111111",
    exp_month: 12,
    exp_year: 2034,
    cvc: "123",
    name: "Budi Santoso",
    email: "budi@example.com",
    address: fields.address,
  });
  assert.deepEqual(r.lines[1], { ok: false, code: "REPLAYED" });
});

test("per-field JWEs from the npm package open one field each", () => {
  const sealer = new cardseal.CardSeal(key("rsa3072-spki.pem"));
  const each = sealer.sealEach({ number: fields.number, cvc: fields.cvc });
  const names = Object.keys(each);
  assert.deepEqual(names.sort(), ["cvc", "number"]);
  const r = cli(["open", "--key", keyPath("rsa3072-private-pkcs8.pem")], names.map((n) => each[n]).join("\n"));
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.lines.map((l) => l.fields), [{ cvc: "123" }, { number: "4111111111111111" }]);
});
