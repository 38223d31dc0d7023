// End to end, as a shopper and a merchant see it (issue 6): the demo shop in a browser,
// the shop and the processor as real processes, and the leak audit. `checkoutTests(name)`
// defines the suite for one browser ("chromium" | "firefox"); chromium.test.mjs and
// firefox.test.mjs each run it in their own process, so the two run side by side.
// Each test's name starts with the browser and its version.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { BROWSERS, browserVersion } from "../../scripts/webdriver.mjs";
import { ARTIFACTS, CARDS, fillCheckout, openBrowser, openPage, pay, settle, startDemo, waitReady } from "./harness.mjs";

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; " +
  "require-trusted-types-for 'script'";

/** No console error, page error, failed request or CSP violation was recorded. */
async function assertClean(page, rec) {
  await settle(page, rec);
  assert.deepEqual(rec.violations, [], "CSP violations");
  assert.deepEqual(rec.errors, [], "console errors");
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The WebDriver key code of Tab. */
const TAB = "\uE004";

/**
 * Counts the form's submit events from now on (capture at the document, so before the
 * page's own handlers can stop them), so a test can tell that Pay really submitted.
 */
function countSubmits(page) {
  return page.execute(() => {
    window.__submits = 0;
    document.addEventListener("submit", () => window.__submits++, true);
  });
}
const submits = (page) => page.execute(() => window.__submits);

export function checkoutTests(name) {
  const { version } = browserVersion(name);
  const label = `${name} ${version}`;
  const it = (title, fn) => test(`${label}: ${title}`, fn);
  const shot = (file) => join(ARTIFACTS, `${name}-${file}`);

  let demo;
  let browser;
  const orders = async () => (await fetch(demo.shopUrl + "/orders")).json();

  describe(`the demo shop in ${label}`, () => {
    // One browser session for the suite (a new one per test would cost seconds in
    // Firefox); openPage clears what a test leaves behind.
    before(async () => {
      // Side by side; whichever started is closed by `after` if the other failed.
      const [d, b] = await Promise.allSettled([startDemo(), openBrowser(name)]);
      [demo, browser] = [d.value, b.value];
      for (const r of [d, b]) if (r.status === "rejected") throw r.reason;
    });
    after(async () => {
      await browser?.close();
      await demo?.close();
    });

    it("runs in the expected browser", async () => {
      const { b, caps, want } = browser;
      assert.equal(caps.browserName, b.browserName, "the session's browserName");
      assert.equal(caps.browserVersion, want.version, `the session's version, against ${b.binary} --version`);
      const userAgent = await browser.execute(() => navigator.userAgent);
      assert.ok(userAgent.includes(`${BROWSERS[name].userAgentName}/${version.split(".")[0]}`), userAgent);
    });

    it("serves the page under the strict CSP with SRI on every script, and runs clean", async () => {
      const res = await fetch(demo.shopUrl + "/");
      assert.equal(res.headers.get("content-security-policy"), CSP);
      const html = await res.text();
      for (const tag of html.match(/<script\b[^>]*>|<link rel="modulepreload"[^>]*>/g)) {
        assert.match(tag, /integrity="sha384-[A-Za-z0-9+/]+=*"/, tag);
      }
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "no inline script");
      assert.doesNotMatch(html, /<style|\sstyle=/, "no inline style");
      const { page, rec } = await openPage(demo, browser);
      await page.screenshot(shot("checkout.png"), { fullPage: true });
      await assertClean(page, rec);
      // The policy is enforced, not only sent: a string into innerHTML is refused.
      const refused = await page.execute(() => {
        try { document.createElement("div").innerHTML = "<b>x</b>"; return false; } catch { return true; }
      });
      assert.equal(refused, true, "Trusted Types enforced");
    });

    it("a valid order is approved and the confirmation shows the brand and the last 4", async () => {
      const { page, rec } = await openPage(demo, browser);
      await fillCheckout(page, CARDS.visa);
      assert.equal(await page.attribute("#checkout", "data-cardseal-brand"), "visa");
      assert.equal((await page.text("#brand")).trim(), "Visa");
      const res = await pay(page, rec);
      assert.equal(res.status, 200);
      assert.match(await page.text("#status"), /Approved/);
      assert.match(await page.text("#card"), /Visa ending in 4242/);
      await page.screenshot(shot("confirmation.png"), { fullPage: true });
      const [order] = await orders();
      assert.equal(order.status, "approved");
      assert.deepEqual(order.summary, { brand: "visa", last4: "4242" });
      assert.match(order.jti, /^[A-Za-z0-9_-]{22}$/);
      assert.ok(order.kid.length > 0);
      await assertClean(page, rec);
    });

    it("an invalid card shows inline errors and sends no request", async () => {
      const { page, rec } = await openPage(demo, browser);
      await fillCheckout(page, { typed: "4242 4242 4242 4241", cvc: "1" }, { expiry: "13/20" });
      // Leave the last field before Pay: its message, shown on leaving, pushes Pay down,
      // and Firefox would then take the mouse-up beside the button (see the Indonesian
      // test).
      await page.type("#cvc", TAB);
      await countSubmits(page);
      const before = rec.requests.length;
      await page.click("#pay");
      await page.waitFor(() => document.querySelector("#number[aria-invalid=true]"), { what: "#number marked invalid" });
      assert.equal(await submits(page), 1, "Pay submitted the form");
      for (const id of ["number", "expiry", "cvc"]) {
        assert.equal(await page.attribute(`#${id}`, "aria-invalid"), "true", id);
        const described = await page.attribute(`#${id}`, "aria-describedby");
        const text = await page.execute((ids) => ids.split(/\s+/)
          .map((i) => document.getElementById(i)?.textContent ?? "").join(" "), described);
        assert.ok(text.trim().length > 0, `${id} has a message`);
      }
      await sleep(300);
      // Counted at the proxy, which every request of the page goes through.
      assert.deepEqual(rec.requests.slice(before), [], "no request after an invalid submit");
      assert.equal(new URL(await page.currentUrl()).pathname, "/");
      await page.screenshot(shot("checkout-errors.png"), { fullPage: true });
      await assertClean(page, rec);
    });

    it("the decline test number is declined", async () => {
      const { page, rec } = await openPage(demo, browser);
      await fillCheckout(page, CARDS.decline);
      await pay(page, rec);
      assert.match(await page.text("#status"), /Declined/);
      assert.match(await page.text("#card"), /0002/);
      await page.screenshot(shot("declined.png"), { fullPage: true });
      const [order] = await orders();
      assert.equal(order.status, "declined");
      await assertClean(page, rec);
    });

    it("re-posting a captured checkout body is refused as a replay, and the processor refuses it too", async () => {
      const { page, rec } = await openPage(demo, browser);
      await fillCheckout(page, CARDS.visa);
      // The body as the browser posted it, captured by the proxy.
      const { body } = await pay(page, rec);
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
    });

    it("the Indonesian switch shows Indonesian errors", async () => {
      const { page, rec } = await openPage(demo, browser, { lang: "id" });
      assert.equal(await page.attribute("html", "lang"), "id");
      assert.equal((await page.text("h1")).trim(), "Pembayaran");
      // Tab out of the number first, as clicking Pay straight from it does not submit in
      // Firefox: the mouse-down moves the focus, the number's message appears and pushes
      // Pay down by its height, and the mouse-up lands beside the button (a layout shift
      // in the demo page; Chromium still clicks the button).
      await page.type("#number", "4242 4242 4242 4241" + TAB);
      await countSubmits(page);
      await page.click("#pay");
      await page.waitFor(() => document.querySelector("#number[aria-invalid=true]"), { what: "#number marked invalid" });
      assert.equal(await submits(page), 1, "Pay submitted the form");
      assert.match(await page.text("#number-error"), /Nomor kartu tidak valid/);
      assert.match(await page.text("#email-error"), /Silakan isi kolom ini/);
      await page.screenshot(shot("checkout-id.png"), { fullPage: true });
      // And back to English: leaving the number field shows its message again, in English.
      await page.click("#lang-en");
      await page.click("#number");
      await page.click("#cvc");
      await page.waitFor(() => /not valid/.test(document.getElementById("number-error").textContent),
        { what: "the number's message in English" });
      await assertClean(page, rec);
    });

    it("leak audit: after paying, the card number and the CVC are nowhere but the processor", async () => {
      for (const card of [CARDS.amex, CARDS.visa]) {
        const { page, rec } = await openPage(demo, browser);
        await fillCheckout(page, card);
        await pay(page, rec);
        assert.match(await page.text("#status"), /Approved/);

        const number = card.number;
        const cvc = new RegExp(`(^|[^0-9])${card.cvc}([^0-9]|$)`);
        const hasCard = (where, text) => {
          const spaced = card.typed;
          assert.ok(!text.includes(number), `${where} holds the card number`);
          assert.ok(!text.includes(spaced) && !text.includes(spaced.replaceAll(" ", "+"))
            && !text.includes(spaced.replaceAll(" ", "%20")), `${where} holds the formatted number`);
          assert.doesNotMatch(text, cvc, `${where} holds the CVC`);
        };
        // Every request the browser made, URL and body (as the proxy received them).
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
        hasCard("DOM", await page.source());
        hasCard("localStorage", await page.execute(() => JSON.stringify({ ...localStorage })));
        hasCard("sessionStorage", await page.execute(() => JSON.stringify({ ...sessionStorage })));
        hasCard("cookies", JSON.stringify(await page.cookies()));
        // Going back shows an empty checkout, not the card.
        await page.back();
        await waitReady(page);
        for (const id of ["number", "cvc", "expiry"]) {
          assert.equal(await page.property(`#${id}`, "value"), "", `#${id} after going back`);
        }
        if (!card.inHint) hasCard("DOM after going back", await page.source());
        await assertClean(page, rec);
      }
    });
  });
}
