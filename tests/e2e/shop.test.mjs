// The demo's doors, without a browser: the shop's answers to posts no browser of its own
// would make (each a clear 4xx page, nothing stored), its staff login in front of
// /orders, and the processor's API, which answers the shop's API key alone, before any
// RSA work, at a limited rate.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CLI_BIN, startDemo, staffLogin } from "./harness.mjs";

let demo;
before(async () => { demo = await startDemo(); });
after(async () => { await demo?.close(); });

const orders = () => demo.orders();

/** A JWE of a test card, sealed with the demo's public key as the page would. */
const seal = (d = demo) => JSON.parse(execFileSync(CLI_BIN, ["seal", "--key", join(d.dir, "keys/public.jwk")],
  { input: JSON.stringify({ number: "4242424242424242", expiry: "12/34", cvc: "314" }) }).toString("utf8")).jwe;

/** A checkout post as the shop's own page makes it: this "browser's" CSRF cookie and the
 * same token in the form; `headers` added or replacing. */
function post(body, headers = {}, token = randomBytes(32).toString("base64url")) {
  return fetch(demo.shopUrl + "/checkout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `toko_csrf=${token}`, ...headers },
    body: `${body}&csrf_token=${token}`,
  });
}

describe("the demo shop, without a browser", () => {
  test("bad posts get a clear 4xx page and store nothing", async () => {
    const count = (await orders()).length;
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

  test("a checkout from another origin, or without this browser's CSRF token, is refused (403, en/id) and stores nothing", async () => {
    const count = (await orders()).length;
    const body = `cardseal=${seal()}&city=Bandung&lang=`;
    const shop = demo.shopUrl;
    for (const [headers, lang, title] of [
      [{ origin: "http://evil.example", "sec-fetch-site": "cross-site" }, "en", /Order refused/],
      [{ origin: "http://127.0.0.1:1", "sec-fetch-site": "same-site" }, "id", /Pesanan ditolak/],
      [{ origin: "null", "sec-fetch-site": "cross-site" }, "en", /Order refused/],
      [{ "sec-fetch-site": "cross-site" }, "en", /Order refused/],
      [{ origin: "null" }, "en", /Order refused/],
      // Its own origin but the browser says cross-site: refused.
      [{ origin: shop, "sec-fetch-site": "cross-site" }, "en", /Order refused/],
    ]) {
      const res = await post(body + lang, headers);
      assert.equal(res.status, 403, JSON.stringify(headers));
      assert.match(await res.text(), title, JSON.stringify(headers));
    }
    const token = randomBytes(32).toString("base64url");
    const plain = { "content-type": "application/x-www-form-urlencoded", origin: shop, "sec-fetch-site": "same-origin" };
    const at = (headers, b) => fetch(shop + "/checkout", { method: "POST", headers: { ...plain, ...headers }, body: b });
    for (const [what, res] of [
      ["no token, no cookie", await at({}, body + "en")],
      ["a token, no cookie", await at({}, `${body}en&csrf_token=${token}`)],
      ["a cookie, no token", await at({ cookie: `toko_csrf=${token}` }, body + "en")],
      ["a wrong token", await at({ cookie: `toko_csrf=${token}` }, `${body}en&csrf_token=${"B".repeat(43)}`)],
      ["two cookies", await at({ cookie: `toko_csrf=${token}; toko_csrf=${"B".repeat(43)}` }, `${body}en&csrf_token=${token}`)],
    ]) {
      assert.equal(res.status, 403, what);
      assert.match(await res.text(), /Checkout page expired/, what);
    }
    assert.equal((await orders()).length, count, "nothing stored");
    // The same post from the shop's own origin with the pair is placed (and relayed with
    // the shop's API key: approved).
    const ok = await at({ cookie: `toko_csrf=${token}` }, `${body}en&csrf_token=${token}`);
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.match(await ok.text(), /Approved/);
    assert.equal((await orders()).length, count + 1);
  });

  test("the checkout page sets its CSRF cookie (HttpOnly, SameSite=Strict) and puts the same token in its form", async () => {
    const res = await fetch(demo.shopUrl + "/");
    const cookie = res.headers.get("set-cookie");
    assert.match(cookie, /^toko_csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const token = cookie.split(";")[0].split("=")[1];
    const html = await res.text();
    assert.ok(html.includes(`<input type="hidden" name="csrf_token" value="${token}">`));
    // A browser that has one keeps it.
    const again = await fetch(demo.shopUrl + "/", { headers: { cookie: `toko_csrf=${token}` } });
    assert.equal(again.headers.get("set-cookie"), null);
    assert.ok((await again.text()).includes(`value="${token}"`));
  });

  test("/orders needs the staff login; the orders page shows addresses as text", async () => {
    const shop = demo.shopUrl;
    const json = await fetch(shop + "/orders", { headers: { accept: "application/json" } });
    assert.equal(json.status, 401);
    assert.deepEqual(await json.json(), { error: "LOGIN_REQUIRED" });
    const page = await fetch(shop + "/orders", { redirect: "manual" });
    assert.equal(page.status, 303);
    assert.equal(page.headers.get("location"), "/login");
    const forged = await fetch(shop + "/orders", { headers: { cookie: `toko_staff=${"A".repeat(43)}`, accept: "application/json" } });
    assert.equal(forged.status, 401);
    await assert.rejects(staffLogin(shop, "not the password"), /answered 401/);
    await assert.rejects(staffLogin(shop, ""), /answered 401/);
    const wrong = await fetch(shop + "/login", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": "id" }, body: "password=x" });
    assert.match(await wrong.text(), /Kata sandi salah/);
    // A login posted from another site is refused, whatever the password.
    const cross = await fetch(shop + "/login", {
      method: "POST", redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://evil.example", "sec-fetch-site": "cross-site" },
      body: new URLSearchParams({ password: demo.staffPassword }).toString(),
    });
    assert.equal(cross.status, 403);
    assert.equal(cross.headers.get("set-cookie"), null);

    // An order whose address holds markup.
    const line1 = "<script>alert(1)</script>";
    const line2 = "<img src=x onerror=alert(2)>";
    const token = randomBytes(32).toString("base64url");
    const placed = await post(`cardseal=${seal()}&lang=en&address_line1=${encodeURIComponent(line1)}&address_line2=${encodeURIComponent(line2)}&city=Bandung&country=ID`, {}, token);
    assert.equal(placed.status, 200);
    const confirmation = await placed.text();
    assert.ok(confirmation.includes("&lt;script&gt;alert(1)&lt;/script&gt;<br>&lt;img src=x onerror=alert(2)&gt;"), confirmation);
    assert.doesNotMatch(confirmation, /<script|<img/);

    const cookie = await staffLogin(shop, demo.staffPassword);
    assert.match(cookie, /^toko_staff=[A-Za-z0-9_-]{43}$/);
    const list = await (await fetch(shop + "/orders", { headers: { cookie, accept: "application/json" } })).json();
    assert.deepEqual(list[0].address, { line1, line2, city: "Bandung", country: "ID" }, "stored as typed");
    const html = await (await fetch(shop + "/orders", { headers: { cookie } })).text();
    assert.ok(html.includes(`<tr id="order-${list[0].id}">`));
    assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;<br>&lt;img src=x onerror=alert(2)&gt;"));
    assert.doesNotMatch(html, /<script|<img/);
    // Logging out ends the session.
    const out = await fetch(shop + "/logout", { method: "POST", redirect: "manual", headers: { cookie } });
    assert.equal(out.status, 303);
    assert.match(out.headers.get("set-cookie"), /^toko_staff=; .*Max-Age=0/);
    const after = await fetch(shop + "/orders", { headers: { cookie, accept: "application/json" } });
    assert.equal(after.status, 401);
    // The password is never in the shop's output.
    assert.ok(!demo.output().includes(demo.staffPassword));
  });
});

describe("the processor's API", () => {
  /** POST /authorize with `authorization` (a header value or none) and `body`. */
  const authorize = (d, authorization, body) => fetch(d.processorUrl + "/authorize", {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body,
  });

  test("answers 401 without the shop's API key or with another, before any RSA work", async () => {
    const jwe = seal();
    const body = JSON.stringify({ jwe });
    for (const auth of [null, "Bearer " + "A".repeat(43), `Basic ${demo.apiKey}`, `Bearer ${demo.apiKey}x`, "Bearer"]) {
      const res = await authorize(demo, auth, body);
      assert.equal(res.status, 401, String(auth));
      assert.deepEqual(await res.json(), { error: "UNAUTHORIZED" });
      assert.match(res.headers.get("www-authenticate"), /^Bearer /);
    }
    // A garbage body too: the key is checked before the body is read (with the key, the
    // same body is a 400).
    assert.equal((await authorize(demo, null, "{not json")).status, 401);
    assert.equal((await authorize(demo, `Bearer ${demo.apiKey}`, "{not json")).status, 400);
    // Nothing was opened: the JWE refused five times opens now, once.
    const ok = await authorize(demo, `bearer ${demo.apiKey}`, body);
    assert.deepEqual(await ok.json(), { status: "approved", brand: "visa", last4: "4242" });
    assert.equal((await authorize(demo, `Bearer ${demo.apiKey}`, body)).status, 409);
    assert.ok(!demo.output().includes(demo.apiKey), "the API key is never logged");
    assert.match(demo.output(), /refused an API request from 127\.0\.0\.1 without the shop's API key/);
  });

  test("limits the rate: 429 with Retry-After after the burst, for the shop's key and for refused requests", async () => {
    const small = await startDemo({ processorArgs: ["--api-rate", "1", "--api-burst", "3"] });
    try {
      const key = `Bearer ${small.apiKey}`;
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await authorize(small, key, "{}")).status);
      assert.deepEqual(codes, [400, 400, 400, 429]);
      const limited = await authorize(small, key, "{}");
      assert.equal(limited.status, 429);
      assert.deepEqual(await limited.json(), { error: "RATE_LIMITED" });
      assert.ok(Number(limited.headers.get("retry-after")) >= 1);
      // Refused requests count per address, apart from the shop's key.
      const refused = [];
      for (let i = 0; i < 4; i++) refused.push((await authorize(small, "Bearer nope", "{}")).status);
      assert.deepEqual(refused, [401, 401, 401, 429]);
      // After a wait the key passes again.
      await new Promise((r) => setTimeout(r, 1100));
      assert.equal((await authorize(small, key, "{}")).status, 400);
    } finally {
      await small.close();
    }
  });
});
