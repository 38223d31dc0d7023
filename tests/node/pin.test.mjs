// The page's pin (`kid`, issue 23 item 8): a key of another thumbprint does not seal.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cardseal, key } from "./helpers.mjs";

const { CardSeal, keyInfo } = cardseal;

test("the kid option pins the key by its thumbprint; another key is KEY_NOT_PINNED", async () => {
  const pem = key("rsa2048-spki.pem");
  const other = key("rsa3072-spki.pem");
  await cardseal.default();
  const { kid } = keyInfo(pem);
  const sealer = await CardSeal.create(pem, { kid });
  assert.equal(sealer.kid, kid);
  sealer.free();
  assert.throws(() => new CardSeal(other, { kid }), (e) => e.code == "KEY_NOT_PINNED" && e.name == "CardSealError");
  await assert.rejects(CardSeal.create(other, { kid }), (e) => e.code == "KEY_NOT_PINNED");
});
