// End to end, as a shopper and a merchant see it (issue 6): the demo shop in Chromium,
// the shop and the processor as real processes, and the leak audit.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS, CARDS, fillCheckout, openPage, pay, startDemo } from "./harness.mjs";

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; " +
  "require-trusted-types-for 'script'";

let demo;
before(async () => { demo = await startDemo(); });
after(async () => { await demo?.close(); });

const orders = async () => (await fetch(demo.shopUrl + "/orders")).json();

/** No console error, page error or CSP violation was recorded. */
function assertClean(rec) {
  assert.deepEqual(rec.violations, [], "CSP violations");
  assert.deepEqual(rec.errors, [], "console errors");
}

describe("the demo shop", () => {
  test("serves the page under the strict CSP with SRI on every script, and runs clean", async () => {
    const res = await fetch(demo.shopUrl + "/");
    assert.equal(res.headers.get("content-security-policy"), CSP);
    const html = await res.text();
    for (const tag of html.match(/<script\b[^>]*>|<link rel="modulepreload"[^>]*>/g)) {
      assert.match(tag, /integrity="sha384-[A-Za-z0-9+/]+=*"/, tag);
    }
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "no inline script");
    assert.doesNotMatch(html, /<style|\sstyle=/, "no inline style");
    const { context, page, rec } = await openPage(demo);
    await page.screenshot({ path: join(ARTIFACTS, "checkout.png"), fullPage: true });
    assertClean(rec);
    // The policy is enforced, not only sent: a string into innerHTML is refused.
    const refused = await page.evaluate(() => {
      try { document.createElement("div").innerHTML = "<b>x</b>"; return false; } catch { return true; }
    });
    assert.equal(refused, true, "Trusted Types enforced");
    await context.close();
  });

  test("a valid order is approved and the confirmation shows the brand and the last 4", async () => {
    const { context, page, rec } = await openPage(demo);
    await fillCheckout(page, CARDS.visa);
    assert.equal(await page.getAttribute("#checkout", "data-cardseal-brand"), "visa");
    assert.equal((await page.textContent("#brand")).trim(), "Visa");
    const res = await pay(page);
    assert.equal(res.status(), 200);
    assert.match(await page.textContent("#status"), /Approved/);
    assert.match(await page.textContent("#card"), /Visa ending in 4242/);
    await page.screenshot({ path: join(ARTIFACTS, "confirmation.png"), fullPage: true });
    const [order] = await orders();
    assert.equal(order.status, "approved");
    assert.deepEqual(order.summary, { brand: "visa", last4: "4242" });
    assert.match(order.jti, /^[A-Za-z0-9_-]{22}$/);
    assert.ok(order.kid.length > 0);
    assertClean(rec);
    await context.close();
  });

  test("an invalid card shows inline errors and sends no request", async () => {
    const { context, page, rec } = await openPage(demo);
    await fillCheckout(page, { typed: "4242 4242 4242 4241", cvc: "1" }, { expiry: "13/20" });
    const before = rec.requests.length;
    await page.click("#pay");
    await page.waitForSelector("#number[aria-invalid=true]");
    for (const id of ["number", "expiry", "cvc"]) {
      assert.equal(await page.getAttribute(`#${id}`, "aria-invalid"), "true", id);
      const described = await page.getAttribute(`#${id}`, "aria-describedby");
      const text = await page.evaluate((ids) => ids.split(/\s+/)
        .map((i) => document.getElementById(i)?.textContent ?? "").join(" "), described);
      assert.ok(text.trim().length > 0, `${id} has a message`);
    }
    await page.waitForTimeout(300);
    assert.equal(rec.requests.length, before, "no request after an invalid submit");
    assert.equal(new URL(page.url()).pathname, "/");
    await page.screenshot({ path: join(ARTIFACTS, "checkout-errors.png"), fullPage: true });
    assertClean(rec);
    await context.close();
  });

  test("the decline test number is declined", async () => {
    const { context, page, rec } = await openPage(demo);
    await fillCheckout(page, CARDS.decline);
    await pay(page);
    assert.match(await page.textContent("#status"), /Declined/);
    assert.match(await page.textContent("#card"), /0002/);
    await page.screenshot({ path: join(ARTIFACTS, "declined.png"), fullPage: true });
    const [order] = await orders();
    assert.equal(order.status, "declined");
    assertClean(rec);
    await context.close();
  });

  test("re-posting a captured checkout body is refused as a replay, and the processor refuses it too", async () => {
    const { context, page } = await openPage(demo);
    await fillCheckout(page, CARDS.visa);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/checkout")),
      pay(page),
    ]);
    const body = request.postData();
    const count = (await orders()).length;
    const again = await fetch(demo.shopUrl + "/checkout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    assert.equal(again.status, 409);
    assert.match(await again.text(), /Already submitted/);
    assert.equal((await orders()).length, count, "nothing stored");
    const jwe = new URLSearchParams(body).get("cardseal");
    const direct = await fetch(demo.processorUrl + "/authorize", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jwe }),
    });
    assert.equal(direct.status, 409);
    assert.deepEqual(await direct.json(), { error: "REPLAYED" });
    await context.close();
  });

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
    const header = Buffer.from(JSON.stringify({
      alg: "RSA-OAEP-256", enc: "A256GCM", kid: "x", cty: "cardseal+json",
      iat: Math.floor(Date.now() / 1000), jti: "AAAAAAAAAAAAAAAAAAAAAA",
    })).toString("base64url");
    const forged = await post(`cardseal=${header}.AAAA.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA`);
    assert.equal(forged.status, 422);
    assert.match(await forged.text(), /Nothing was charged or stored/);
    const huge = await post("cardseal=" + "A".repeat(100_000));
    assert.equal(huge.status, 413);
    assert.match(await huge.text(), /Order too large/);
    assert.equal((await orders()).length, count);
  });

  test("the Indonesian switch shows Indonesian errors", async () => {
    const { context, page, rec } = await openPage(demo, { lang: "id" });
    assert.equal(await page.getAttribute("html", "lang"), "id");
    assert.equal((await page.textContent("h1")).trim(), "Pembayaran");
    await page.locator("#number").pressSequentially("4242 4242 4242 4241");
    await page.click("#pay");
    await page.waitForSelector("#number[aria-invalid=true]");
    const message = await page.textContent("#number-error");
    assert.match(message, /Nomor kartu tidak valid/);
    assert.match(await page.textContent("#email-error"), /Silakan isi kolom ini/);
    await page.screenshot({ path: join(ARTIFACTS, "checkout-id.png"), fullPage: true });
    // And back to English.
    await page.click("#lang-en");
    await page.focus("#number");
    await page.focus("#cvc");
    await page.waitForFunction(() => /not valid/.test(document.getElementById("number-error").textContent));
    assertClean(rec);
    await context.close();
  });

  test("leak audit: after paying, the card number and the CVC are nowhere but the processor", async () => {
    for (const card of [CARDS.amex, CARDS.visa]) {
      const { context, page, rec } = await openPage(demo);
      await fillCheckout(page, card);
      await pay(page);
      assert.match(await page.textContent("#status"), /Approved/);

      const number = card.number;
      const cvc = new RegExp(`(^|[^0-9])${card.cvc}([^0-9]|$)`);
      const hasCard = (where, text) => {
        const spaced = card.typed;
        assert.ok(!text.includes(number), `${where} holds the card number`);
        assert.ok(!text.includes(spaced) && !text.includes(spaced.replaceAll(" ", "+"))
          && !text.includes(spaced.replaceAll(" ", "%20")), `${where} holds the formatted number`);
        assert.doesNotMatch(text, cvc, `${where} holds the CVC`);
      };
      // Every request the browser made, URL and body.
      assert.ok(rec.requests.some((r) => r.method === "POST"), "the checkout was posted");
      for (const r of rec.requests) {
        hasCard(`request ${r.url}`, decodeURIComponent(r.url));
        hasCard(`body of ${r.url}`, r.body);
        hasCard(`decoded body of ${r.url}`, decodeURIComponent(r.body.replaceAll("+", " ")));
      }
      // The SQLite file (and any journal) as bytes.
      for (const f of ["", "-wal", "-journal"]) {
        if (existsSync(demo.db + f)) hasCard(`shop.sqlite3${f}`, readFileSync(demo.db + f).toString("latin1"));
      }
      // Both servers' output.
      hasCard("server output", demo.output());
      // The DOM, storage and cookies after paying.
      hasCard("DOM", await page.content());
      hasCard("localStorage", await page.evaluate(() => JSON.stringify({ ...localStorage })));
      hasCard("sessionStorage", await page.evaluate(() => JSON.stringify({ ...sessionStorage })));
      hasCard("cookies", JSON.stringify(await context.cookies()));
      // Going back shows an empty checkout, not the card.
      await page.goBack();
      await page.waitForSelector("#pay:not([disabled])");
      for (const id of ["number", "cvc", "expiry"]) {
        assert.equal(await page.inputValue(`#${id}`), "", `#${id} after going back`);
      }
      if (!card.inHint) hasCard("DOM after going back", await page.content());
      assertClean(rec);
      await context.close();
    }
  });
});
