// The e2e harness: starts the processor and the shop on free ports with a fresh key pair
// and data dir, captures both servers' output, and opens Chromium (playwright-core with
// Debian's /usr/bin/chromium) with every request, console error and CSP violation
// recorded.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

export const ROOT = resolve(import.meta.dirname, "../..");
const TARGET = process.env.CARGO_TARGET_DIR ?? join(ROOT, "target");
const DEMO_BIN = process.env.CARDSEAL_DEMO_BIN ?? join(TARGET, "debug/cardseal-demo");
const CLI_BIN = process.env.CARDSEAL_BIN ?? join(TARGET, "debug/cardseal");
const PKG = process.env.CARDSEAL_PKG ?? join(ROOT, "pkg");
export const ARTIFACTS = join(ROOT, "target/e2e-artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

/** Spawns one service; resolves with its URL once it announces it. */
function start(args, log) {
  const child = spawn(DEMO_BIN, args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${args[0]} did not start:\n${log.text}`)), 20_000);
    const onData = (d) => {
      log.text += d.toString("utf8");
      const m = /listening on (http:\/\/[^\s]+)/.exec(log.text);
      if (m) {
        clearTimeout(timer);
        ok({ child, url: m[1].replace(/\/$/, "") });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => fail(new Error(`${args[0]} exited ${code}:\n${log.text}`)));
  });
}

/** Both services and a browser. `close()` stops everything and removes the data dir. */
export async function startDemo() {
  const dir = mkdtempSync(join(tmpdir(), "cardseal-e2e-"));
  execFileSync(CLI_BIN, ["keygen", "--out", join(dir, "keys")], { stdio: "ignore" });
  const logs = { processor: { text: "" }, shop: { text: "" } };
  const processor = await start(
    ["processor", "--listen", "127.0.0.1:0", "--private-key", join(dir, "keys/private.pem")],
    logs.processor,
  );
  const shop = await start(
    ["shop", "--listen", "127.0.0.1:0", "--processor", processor.url.replace("http://", ""),
      "--data", join(dir, "data"), "--www", join(ROOT, "www"), "--pkg", PKG,
      "--public-key", join(dir, "keys/public.jwk")],
    logs.shop,
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  return {
    dir,
    db: join(dir, "data/shop.sqlite3"),
    shopUrl: shop.url,
    processorUrl: processor.url,
    browser,
    /** Both servers' stdout and stderr so far. */
    output: () => logs.processor.text + logs.shop.text,
    async close() {
      await browser.close();
      for (const s of [shop, processor]) {
        s.child.removeAllListeners("exit");
        s.child.kill("SIGTERM");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh page that records requests, console errors, page errors and CSP violations. */
export async function openPage(demo, { lang } = {}) {
  const context = await demo.browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const rec = { requests: [], errors: [], violations: [], warnings: [] };
  page.on("request", (r) => rec.requests.push({ url: r.url(), method: r.method(), body: r.postData() ?? "" }));
  page.on("console", (m) => {
    if (m.type() === "error") rec.errors.push(m.text());
    if (m.type() === "warning") rec.warnings.push(m.text());
  });
  page.on("pageerror", (e) => rec.errors.push(String(e)));
  page.on("response", (r) => {
    // The shop's refusal pages are expected answers; any other failure is an error.
    if (r.status() >= 400 && !r.url().endsWith("/checkout")) rec.errors.push(`${r.status()} ${r.url()}`);
  });
  await page.exposeFunction("__cspViolation", (v) => rec.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(demo.shopUrl + "/");
  // Ready once the package is loaded and the form bound.
  await page.waitForSelector("#pay:not([disabled])", { timeout: 15_000 });
  if (lang === "id") await page.click("#lang-id");
  return { context, page, rec };
}

/** Public test cards. */
export const CARDS = {
  // Shown in the page's own demo hint, so the checkout page's DOM holds it anyway.
  visa: { number: "4242424242424242", typed: "4242 4242 4242 4242", cvc: "314", last4: "4242", inHint: true },
  amex: { number: "378282246310005", typed: "3782 822463 10005", cvc: "7391", last4: "0005" },
  decline: { number: "4000000000000002", typed: "4000 0000 0000 0002", cvc: "314", last4: "0002" },
};

/** Fills the shop's fields and the card fields as a shopper would. */
export async function fillCheckout(page, card, { expiry = "12/34" } = {}) {
  await page.fill("#name", "Budi Santoso");
  await page.fill("#email", "budi@example.com");
  await page.fill("#phone", "+62 812 5555 0100");
  await page.fill("#line1", "Jl. Merdeka No. 10");
  await page.fill("#city", "Bandung");
  await page.fill("#region", "Jawa Barat");
  await page.fill("#postal", "40115");
  await page.selectOption("#country", "ID");
  await page.fill("#cc-name", "Budi Santoso");
  await page.locator("#number").pressSequentially(card.typed);
  await page.locator("#expiry").pressSequentially(expiry);
  await page.locator("#cvc").pressSequentially(card.cvc);
}

/** Submits and waits for the shop's answer page. */
export async function pay(page) {
  const [response] = await Promise.all([
    page.waitForNavigation({ url: /\/checkout$/ }),
    page.click("#pay"),
  ]);
  return response;
}
