// National phone numbers in-page (issue 21 item 3): with `defaultCountry: "ID"`,
// `0812-3456-7890` seals as `+6281234567890` (opened with the test private key by jose),
// whole-form and per field; the address's country still comes first; without it the
// refusal names the phone with its code, in English and Indonesian.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey } from "node:crypto";
import { compactDecrypt } from "jose";
import { cardseal, key } from "./helpers.mjs";

const { CardSeal, CardSealError } = cardseal;
const pub = key("rsa2048-spki.pem");
const priv = createPrivateKey(key("rsa2048-private-pkcs8.pem"));
const open = async (jwe) => JSON.parse(new TextDecoder().decode((await compactDecrypt(jwe, priv)).plaintext));
const contact = { email: "ani@example.com", phone: "0812-3456-7890" };

test("defaultCountry: a national number seals in E.164, whole-form and per field", async () => {
  const sealer = await CardSeal.create(pub, { defaultCountry: "ID" });
  assert.equal(sealer.defaultCountry, "ID");
  assert.deepEqual(await open(sealer.seal(contact).jwe), { email: "ani@example.com", phone: "+6281234567890" });
  assert.deepEqual(await open(sealer.sealEach(contact).phone), { phone: "+6281234567890" });
  // The address's country comes first: a British national number with a GB address.
  const gb = { phone: "020 7946 0958", address: { line1: "10 Downing St", city: "London", postal_code: "SW1A 2AA", country: "GB" } };
  assert.equal((await open(sealer.seal(gb).jwe)).phone, "+442079460958");
  sealer.free();
});

test("without defaultCountry the refusal names the phone with its code, in en and id", async () => {
  for (const [options, text] of [[{}, /^Start the phone number with \+/], [{ locale: "id" }, /^Awali nomor telepon/], [{ defaultCountry: "ZZ" }, /\+/]]) {
    const sealer = await CardSeal.create(pub, options);
    assert.equal(sealer.defaultCountry, options.defaultCountry ?? null);
    for (const call of [() => sealer.seal(contact), () => sealer.sealEach(contact)]) {
      assert.throws(call, (e) => e instanceof CardSealError && e.code == "INVALID_FIELDS" &&
        assert.deepEqual(e.fields, { phone: "MISSING_COUNTRY_CODE" }) === undefined);
    }
    assert.match(cardseal.messages(sealer.locale).MISSING_COUNTRY_CODE, text);
    sealer.free();
  }
});
