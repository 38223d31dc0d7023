// End to end, as a shopper and a merchant see it (issue 6): the demo shop in a browser,
// the shop and the processor as real processes, and the leak audit; the card and the
// contact (name, email, phone) sealed together, the shipping address posted in plain
// (issue 12 part 5); and the merchant's key setup page (setup.mjs, issue 12 part 6).
// `checkoutTests(name)` defines the suite for one browser ("chromium" | "firefox");
// chromium.test.mjs and firefox.test.mjs each run it in their own process, so the two run
// side by side. Each test's name starts with the browser and its version.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { BROWSERS, browserVersion, listen } from "../../scripts/webdriver.mjs";
import { messages } from "./package.mjs";
import {
  ARTIFACTS, CARDS, CLI_BIN, CONTACT, CSP, fillCheckout, openBrowser, openPage, pay, settle, startDemo, waitReady,
} from "./harness.mjs";
import { setupTests } from "./setup.mjs";
import { declared, expectedCsp } from "./tamper.mjs";

/** No console error, page error, failed request or CSP violation was recorded. */
async function assertClean(page, rec) {
  await settle(page, rec);
  assert.deepEqual(rec.violations, [], "CSP violations");
  assert.deepEqual(rec.errors, [], "console errors");
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** What the processor reads: the JWE of a recorded checkout post, opened with the
 * demo's private key by the CLI (its own replay guard: the processor's is elsewhere). */
function openJwe(demo, post) {
  const jwe = new URLSearchParams(post.body).get("cardseal");
  const out = execFileSync(CLI_BIN, ["open", "--key", join(demo.dir, "keys/private.pem")], { input: jwe + "\n" });
  const opened = JSON.parse(out.toString("utf8"));
  assert.equal(opened.ok, true, "the JWE opens");
  return opened.fields;
}

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
  const orders = () => demo.orders();

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
      assert.ok(userAgent.includes(BROWSERS[name].userAgentMark(version)), userAgent);
    });

    it("serves the page under the strict CSP with SRI on every script, and runs clean", async () => {
      const res = await fetch(demo.shopUrl + "/");
      const html = await res.text();
      // The one inline script is the import map that pins every module (tamper.mjs),
      // allowed by its hash.
      assert.equal(res.headers.get("content-security-policy"), expectedCsp(CSP, declared(html).maps[0]));
      for (const tag of html.match(/<script\b[^>]*\bsrc=[^>]*>|<link rel="modulepreload"[^>]*>/g)) {
        assert.match(tag, /integrity="sha384-[A-Za-z0-9+/]+=*"/, tag);
      }
      assert.deepEqual(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g), ['<script type="importmap">'], "no inline script but the import map");
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
      // One JWE holds the card and the contact (the phone in E.164, read in the shipping
      // country); the shipping address is posted in plain, and only it.
      const fields = openJwe(demo, res);
      assert.deepEqual(
        { name: fields.name, email: fields.email, phone: fields.phone, number: fields.number, address: fields.address },
        { name: CONTACT.name, email: CONTACT.email, phone: CONTACT.e164, number: CARDS.visa.number, address: undefined });
      const posted = new URLSearchParams(res.body);
      assert.deepEqual([...posted.keys()].sort(),
        ["address_line1", "address_line2", "cardseal", "cardseal_brand", "cardseal_last4", "city", "country",
          "csrf_token", "lang", "postal_code", "region"]);
      assert.equal(posted.get("city"), "Bandung");
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

    it("a card of a brand cardseal does not know pays, and the confirmation calls it a card", async () => {
      for (const [lang, shown] of [["en", /^Card ending in 0004$/], ["id", /^Kartu berakhiran 0004$/]]) {
        const { page, rec } = await openPage(demo, browser, { lang });
        await fillCheckout(page, CARDS.unknown);
        assert.equal(await page.attribute("#checkout", "data-cardseal-brand"), "unknown");
        assert.equal((await page.text("#brand")).trim(), "", "no brand name while typing");
        await pay(page, rec);
        assert.match(await page.text("#status"), lang === "en" ? /Approved/ : /Disetujui/);
        assert.match((await page.text("#card")).trim(), shown);
        const [order] = await orders();
        assert.deepEqual(order.summary, { brand: "unknown", last4: "0004" });
        await assertClean(page, rec);
      }
    });

    it("a wrong shipping address stops the checkout before sealing, and the card and contact stay typed", async () => {
      const { page, rec } = await openPage(demo, browser);
      await fillCheckout(page, CARDS.visa);
      // A postal code Indonesia does not have: the page's check, the package's message.
      await page.execute(() => { document.getElementById("postal").value = "0123"; });
      await page.type("#cvc", TAB);
      await countSubmits(page);
      const before = rec.requests.length;
      await page.click("#pay");
      await page.waitFor(() => document.querySelector("#postal[aria-invalid=true]"), { what: "#postal marked invalid" });
      assert.equal(await submits(page), 1, "Pay submitted the form");
      assert.equal(await page.text("#postal-error"), messages("en").INVALID_POSTAL_CODE);
      assert.equal(await page.execute(() => document.activeElement.id), "postal");
      await sleep(300);
      assert.deepEqual(rec.requests.slice(before), [], "nothing sent");
      // Nothing was sealed, so nothing was emptied: the shopper fixes the address only.
      for (const id of ["number", "expiry", "cvc", "name", "email", "phone"]) {
        assert.notEqual(await page.property(`#${id}`, "value"), "", `#${id} kept`);
        assert.equal(await page.attribute(`#${id}`, "aria-invalid"), null, `#${id} not marked`);
      }
      await page.execute(() => { document.getElementById("postal").value = ""; });
      await page.type("#postal", "40115" + TAB);
      await page.waitFor(() => document.getElementById("postal-error").textContent === "", { what: "the mark cleared" });
      await pay(page, rec);
      assert.match(await page.text("#status"), /Approved/);
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
      // With this browser's CSRF cookie too (the body holds its token), as a replay from
      // the same browser would come.
      const csrf = (await page.cookies()).find((c) => c.name === "toko_csrf");
      assert.equal(csrf.httpOnly, true, "the CSRF cookie is HttpOnly");
      assert.equal(csrf.sameSite, "Strict", "the CSRF cookie is SameSite=Strict");
      const again = await fetch(demo.shopUrl + "/checkout", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: `toko_csrf=${csrf.value}` },
        body,
      });
      assert.equal(again.status, 409);
      assert.match(await again.text(), /Already submitted/);
      assert.equal((await orders()).length, count, "nothing stored");
      const jwe = new URLSearchParams(body).get("cardseal");
      const direct = await fetch(demo.processorUrl + "/authorize", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${demo.apiKey}` },
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
      // Every message is the package's, in Indonesian: the sealed fields' (the binding's)
      // and the shipping address's (the page's check, with the package's validators),
      // all at once; the focus on the first.
      const id = messages("id");
      assert.equal(await page.text("#number-error"), id.LUHN_FAILED);
      for (const field of ["name", "email", "phone", "line1", "city", "postal"]) {
        assert.equal(await page.text(`#${field}-error`), id.EMPTY, field);
        assert.equal(await page.attribute(`#${field}`, "aria-invalid"), "true", field);
      }
      assert.equal(await page.text("#line2-error"), "", "an optional field");
      assert.equal(await page.execute(() => document.activeElement.id), "name");
      // A phone number as Indonesians write it is read in the shipping country: on leaving
      // the field it is in E.164, and right. A postal code wrong for Indonesia is marked.
      await page.type("#phone", "(021) 555 1234" + TAB);
      await page.waitFor(() => document.getElementById("phone").value === "+62215551234" &&
        document.getElementById("phone-error").textContent === "", { what: "the phone in E.164, unmarked" });
      assert.equal(await page.attribute("#phone", "aria-invalid"), null);
      await page.type("#postal", "0123" + TAB);
      await page.waitFor((t) => document.getElementById("postal-error").textContent === t,
        { what: "the postal code's message" }, id.INVALID_POSTAL_CODE);
      await page.screenshot(shot("checkout-id.png"), { fullPage: true });
      // And back to English: leaving the number field shows its message again, in English.
      await page.click("#lang-en");
      await page.click("#number");
      await page.click("#cvc");
      await page.waitFor(() => /not valid/.test(document.getElementById("number-error").textContent),
        { what: "the number's message in English" });
      assert.equal(await page.text("#postal-error"), messages("en").INVALID_POSTAL_CODE);
      assert.equal(await page.text("#line1-error"), messages("en").EMPTY);
      await assertClean(page, rec);
    });

    it("leak audit: after paying, the card number, the CVC, the email and the phone are nowhere but the processor", async () => {
      for (const card of [CARDS.amex, CARDS.visa]) {
        const { page, rec } = await openPage(demo, browser);
        await fillCheckout(page, card);
        const post = await pay(page, rec);
        assert.match(await page.text("#status"), /Approved/);
        // The processor got them all, in the one JWE.
        const opened = openJwe(demo, post);
        assert.deepEqual([opened.number, opened.cvc, opened.email, opened.phone],
          [card.number, card.cvc, CONTACT.email, CONTACT.e164]);

        const number = card.number;
        const cvc = new RegExp(`(^|[^0-9])${card.cvc}([^0-9]|$)`);
        const email = new RegExp(CONTACT.email.replace(/[.+]/g, "\\$&").replace("@", "(@|%40)"), "i");
        const leaks = (where, text) => {
          const spaced = card.typed;
          assert.ok(!text.includes(number), `${where} holds the card number`);
          assert.ok(!text.includes(spaced) && !text.includes(spaced.replaceAll(" ", "+"))
            && !text.includes(spaced.replaceAll(" ", "%20")), `${where} holds the formatted number`);
          assert.doesNotMatch(text, cvc, `${where} holds the CVC`);
          assert.doesNotMatch(text, email, `${where} holds the email`);
          assert.doesNotMatch(text, CONTACT.digits, `${where} holds the phone number`);
          assert.doesNotMatch(text, /Budi(\s|\+|%20)Santoso/, `${where} holds the name`);
        };
        // Every request the browser made, URL and body (as the proxy received them).
        assert.ok(rec.requests.some((r) => r.method === "POST"), "the checkout was posted");
        for (const r of rec.requests) {
          leaks(`request ${r.url}`, decodeURIComponent(r.url));
          leaks(`body of ${r.url}`, r.body);
          leaks(`decoded body of ${r.url}`, decodeURIComponent(r.body.replaceAll("+", " ")));
        }
        // The SQLite file (and any journal) as bytes: every order so far, all of them
        // placed with the same contact.
        for (const f of ["", "-wal", "-journal"]) {
          if (existsSync(demo.db + f)) leaks(`shop.sqlite3${f}`, readFileSync(demo.db + f).toString("latin1"));
        }
        // Both servers' output.
        leaks("server output", demo.output());
        // The DOM, storage and cookies after paying.
        leaks("DOM", await page.source());
        leaks("localStorage", await page.execute(() => JSON.stringify({ ...localStorage })));
        leaks("sessionStorage", await page.execute(() => JSON.stringify({ ...sessionStorage })));
        leaks("cookies", JSON.stringify(await page.cookies()));
        // Going back shows an empty checkout, not the card and not the contact.
        await page.back();
        await waitReady(page);
        for (const id of ["number", "cvc", "expiry", "name", "email", "phone"]) {
          assert.equal(await page.property(`#${id}`, "value"), "", `#${id} after going back`);
        }
        if (!card.inHint) leaks("DOM after going back", await page.source());
        await assertClean(page, rec);
      }
    });

    it("a post from another site or origin is refused, and places no order", async () => {
      // The attacker's page: a form that posts a well-formed checkout (a JWE sealed with
      // the shop's public key, an address, a guessed token) to the shop, served on
      // another site (localhost, not 127.0.0.1) and on another origin of the same site
      // (127.0.0.1, another port).
      const jwe = JSON.parse(execFileSync(CLI_BIN, ["seal", "--key", join(demo.dir, "keys/public.jwk")],
        { input: JSON.stringify({ number: CARDS.visa.number, expiry: "12/34", cvc: "314" }) }).toString("utf8")).jwe;
      const fields = { cardseal: jwe, lang: "en", csrf_token: "A".repeat(43), address_line1: "Jl. Palsu 1", city: "Bandung", postal_code: "40115", country: "ID" };
      const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`).join("");
      const html = `<!doctype html><title>win a prize</title><form method="post" action="${demo.pageUrl}/checkout">${inputs}<button id="go">Claim</button></form>`;
      const attacker = createServer((req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
      const port = await listen(attacker);
      try {
        for (const host of ["localhost", "127.0.0.1"]) {
          const count = (await orders()).length;
          // The shopper has the shop open (its cookie set) and then visits the other page.
          await openPage(demo, browser);
          await browser.navigate(`http://${host}:${port}/`);
          await browser.click("#go");
          await browser.waitFor(() => location.pathname === "/checkout" && document.readyState === "complete",
            { what: "the shop's answer to the attacker's post" });
          assert.equal((await browser.text("h1")).trim(), "Order refused", host);
          assert.match(await browser.text("#status"), /not sent from Toko Senja's own checkout page/);
          assert.equal((await orders()).length, count, `${host}: no order placed`);
        }
        assert.match(demo.output(), /refused a checkout \(403\): a cross-origin post/);
      } finally {
        attacker.close();
      }
    });

    it("an address with markup is shown as text on the confirmation and, after a staff login, on /orders", async () => {
      const markup = { line1: "<script>window.__xss = 1</script>Jl. Merdeka 10", line2: "<img src=x onerror=\"window.__xss = 2\">" };
      const { page, rec } = await openPage(demo, browser);
      await fillCheckout(page, CARDS.visa);
      await page.type("#line2", markup.line2);
      await page.execute((t) => { document.getElementById("line1").value = t; }, markup.line1);
      const post = await pay(page, rec);
      assert.equal(new URLSearchParams(post.body).get("address_line1"), markup.line1, "posted as typed");
      assert.match(await page.text("#status"), /Approved/);
      // The first address on the page: the confirmation's, or the newest order's.
      const shown = async () => page.execute(() => ({
        text: document.querySelector(".ship-to")?.textContent,
        lines: document.querySelector(".ship-to").querySelectorAll("br").length + 1,
        markup: document.querySelectorAll("main script, main img").length,
        xss: window.__xss ?? null,
      }));
      const expected = { text: markup.line1 + markup.line2 + "BandungJawa Barat40115ID", lines: 6, markup: 0, xss: null };
      assert.deepEqual(await shown(), expected);
      // Without a login, /orders sends the browser to the login page; a wrong password is
      // refused; the right one shows the orders.
      await page.navigate(demo.pageUrl + "/orders");
      await page.waitFor(() => location.pathname === "/login" && document.readyState === "complete", { what: "the login page" });
      await page.type("#password", "wrong password");
      await page.click("#login");
      await page.waitFor(() => document.querySelector("#status[role=alert]"), { what: "the wrong password refused" });
      assert.match(await page.text("#status"), /Wrong password/);
      await page.type("#password", demo.staffPassword);
      await page.click("#login");
      await page.waitFor(() => location.pathname === "/orders" && document.querySelector("table.orders"), { what: "the orders page" });
      const first = await page.execute(() => document.querySelector("tbody tr").id);
      const [order] = await orders();
      assert.equal(first, `order-${order.id}`, "the newest order first");
      assert.deepEqual(order.address, { line1: markup.line1, line2: markup.line2, city: "Bandung", region: "Jawa Barat", postal_code: "40115", country: "ID" });
      assert.deepEqual(await shown(), expected);
      await page.screenshot(shot("orders.png"), { fullPage: true });
      const session = (await page.cookies()).find((c) => c.name === "toko_staff");
      assert.deepEqual([session.httpOnly, session.sameSite], [true, "Strict"]);
      // The one 4xx on record is the wrong password's.
      await settle(page, rec);
      // (the proxy's record, and Chromium's console line about it).
      assert.deepEqual(rec.errors.filter((e) => !/^(401 |console: )\S*\/login\b.*(401|$)/.test(e)), [], "console errors");
      assert.deepEqual(rec.violations, [], "CSP violations");
    });

    setupTests({ it, shot, assertClean, get demo() { return demo; }, get browser() { return browser; } });
  });
}
