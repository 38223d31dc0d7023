// The shop's answers to posts no browser would make (no browser needed): each gets a
// clear 4xx page and nothing is stored.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startDemo } from "./harness.mjs";

let demo;
before(async () => { demo = await startDemo(); });
after(async () => { await demo?.close(); });

const orders = async () => (await fetch(demo.shopUrl + "/orders")).json();

describe("the demo shop, without a browser", () => {
  test("bad posts get a clear 4xx page and store nothing", async () => {
    const count = (await orders()).length;
    const post = (body) => fetch(demo.shopUrl + "/checkout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    const missing = await post("name=Budi&lang=en");
    assert.equal(missing.status, 400);
    assert.match(await missing.text(), /Payment details missing/);
    const garbled = await post("cardseal=not.a.jwe.at.all%21&lang=id");
    assert.equal(garbled.status, 400);
    assert.match(await garbled.text(), /Data pembayaran tidak terbaca/);
    const forge = (kid) => `cardseal=${Buffer.from(JSON.stringify({
      alg: "RSA-OAEP-256", enc: "A256GCM", kid, cty: "cardseal+json",
      iat: Math.floor(Date.now() / 1000), jti: "AAAAAAAAAAAAAAAAAAAAAA",
    })).toString("base64url")}.AAAA.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA`;
    // Sealed for a key that is not the processor's (a swapped key): the shop refuses it
    // itself, relays nothing.
    const swapped = await post(forge("x"));
    assert.equal(swapped.status, 422);
    assert.match(await swapped.text(), /Sealed for the wrong key/);
    // The right kid, but nothing the processor can open: refused by the processor.
    const { kid } = JSON.parse(readFileSync(join(demo.dir, "keys/public.jwk"), "utf8"));
    const forged = await post(forge(kid));
    assert.equal(forged.status, 422);
    assert.match(await forged.text(), /Nothing was charged or stored/);
    assert.match(demo.output(), /sealed for another kid/);
    const huge = await post("cardseal=" + "A".repeat(100_000));
    assert.equal(huge.status, 413);
    assert.match(await huge.text(), /Order too large/);
    assert.equal((await orders()).length, count);
  });
});
