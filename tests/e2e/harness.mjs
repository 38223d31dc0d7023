// The e2e harness: starts the processor and the shop on free ports with a fresh key pair,
// API key, staff password and data dir, captures both servers' output, puts the recording proxy in front of the
// shop (recorder.mjs: every request, console error and CSP violation), and drives a
// browser through the repository's one WebDriver helper (scripts/webdriver.mjs).
import { spawn, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openSession, WebDriverError } from "../../scripts/webdriver.mjs";
import { startRecordingProxy } from "./recorder.mjs";

export const ROOT = resolve(import.meta.dirname, "../..");
const TARGET = process.env.CARGO_TARGET_DIR ?? join(ROOT, "target");
const DEMO_BIN = process.env.CARDSEAL_DEMO_BIN ?? join(TARGET, "debug/cardseal-demo");
export const CLI_BIN = process.env.CARDSEAL_BIN ?? join(TARGET, "debug/cardseal");
export const PKG = process.env.CARDSEAL_PKG ?? join(ROOT, "pkg");
export const ARTIFACTS = join(ROOT, "target/e2e-artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

const READY_MS = 15_000;

/** The Content-Security-Policy of every page of the shop. */
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; " +
  "require-trusted-types-for 'script'";

/** Spawns one service of the demo binary; resolves with { child, url, urls } once it has
 * announced every listener named in `expect` ("<name> listening on http://ADDR/"; by
 * default the service's own name: "shop", "processor API"): `urls` by name, `url` the
 * first's. Its output accumulates in `log.text`. */
export function startService(args, log = { text: "" }, expect = [args[0] === "processor" ? "processor API" : args[0]]) {
  const child = spawn(DEMO_BIN, args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      fail(new Error(`${args[0]} did not start:\n${log.text}`));
    }, 20_000);
    const onData = (d) => {
      log.text += d.toString("utf8");
      const urls = Object.fromEntries([...log.text.matchAll(/^(.+?) listening on (http:\/\/\S+?)\/?$/gm)]
        .map((m) => [m[1], m[2]]));
      if (expect.every((name) => urls[name])) {
        clearTimeout(timer);
        ok({ child, url: urls[expect[0]], urls });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => fail(new Error(`${args[0]} exited ${code}:\n${log.text}`)));
  });
}

/** Writes a fresh secret (32 random bytes, base64url: what `make demo` writes) to a file
 * only its owner may read; resolves with { path, value }. */
export function writeSecret(dir, name) {
  const value = randomBytes(32).toString("base64url");
  const path = join(dir, name);
  writeFileSync(path, value + "\n", { mode: 0o600 });
  return { path, value };
}

/** The merchant id of the demo's frame: the processor serves its frame at
 * `/frame/${FRAME_ID}/`. */
export const FRAME_ID = "shop";

/** Writes a frame.toml (the release configuration of `cardseal frame build`, which the
 * processor's `--frame-config` builds too) into `dir`. `key` is
 * the public key file, `jwks` the path the frame takes it from (the key then inline when
 * absent), `merchants` { id: [origins] } (default: FRAME_ID for `origins`). Returns its path. */
export function writeFrameConfig(dir, { key, origins = [], merchants = { [FRAME_ID]: origins }, jwks, holder = "Demo Processor", locale = "en", name = "frame.toml" }) {
  const q = JSON.stringify;
  const text = [`holder = ${q(holder)}`, `locale = ${q(locale)}`, `package = ${q(PKG)}`, "[key]", `file = ${q(key)}`,
    ...(jwks ? [`jwks = ${q(jwks)}`] : []),
    ...Object.entries(merchants).flatMap(([id, o]) => ["[[merchant]]", `id = ${q(id)}`, `origins = ${q(o)}`])].join("\n") + "\n";
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Logs in at the shop's /login with `password`; resolves with the session cookie
 * ("toko_staff=…") to send, or throws with the status. */
export async function staffLogin(shopUrl, password) {
  const res = await fetch(shopUrl + "/login", {
    method: "POST", redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ password }).toString(),
  });
  if (res.status !== 303) throw new Error(`POST /login answered ${res.status}`);
  return res.headers.get("set-cookie").split(";")[0];
}

/**
 * Both services and the proxy. `shopUrl` is the shop itself (for the checks made from
 * Node), `pageUrl` the proxy in front of it (where the browser goes), `processorUrl` the
 * processor's API (which wants `apiKey`). `orders()` lists the orders as staff (logged in
 * with `staffPassword`). `processorArgs` are added to the processor's. With
 * `pageKey(keysDir)`, the shop's key setting (the key its page seals with) is the text it
 * returns, and the shop pins the processor's thumbprint apart from it (`--pin-kid`).
 * `close()` stops everything and removes the data dir.
 */
export async function startDemo({ processorArgs = [], pageKey } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "cardseal-e2e-"));
  const started = [];
  const stopAll = () => {
    for (const s of started) {
      s.child.removeAllListeners("exit");
      s.child.kill("SIGTERM");
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    execFileSync(CLI_BIN, ["keygen", "--out", join(dir, "keys")], { stdio: "ignore" });
    const apiKey = writeSecret(dir, "api-key");
    const staffPassword = writeSecret(dir, "staff-password");
    let shopKey = join(dir, "keys/public.jwk");
    const pin = [];
    if (pageKey) {
      shopKey = join(dir, "page-key.jwk");
      writeFileSync(shopKey, pageKey(join(dir, "keys")));
      const { kid } = JSON.parse(execFileSync(CLI_BIN, ["key-info", join(dir, "keys/public.jwk")]).toString("utf8"));
      pin.push("--pin-kid", kid);
    }
    const logs = { processor: { text: "" }, shop: { text: "" } };
    const processor = await startService(
      ["processor", "--api-listen", "127.0.0.1:0", "--api-key-file", apiKey.path,
        "--private-key", join(dir, "keys/private.pem"), ...processorArgs],
      logs.processor,
    );
    started.push(processor);
    const shop = await startService(
      ["shop", "--listen", "127.0.0.1:0", "--processor", processor.url.replace("http://", ""),
        "--processor-key-file", apiKey.path, "--staff-password-file", staffPassword.path,
        "--data", join(dir, "data"), "--www", join(ROOT, "www"), "--pkg", PKG,
        "--public-key", shopKey, ...pin],
      logs.shop,
    );
    started.push(shop);
    const proxy = await startRecordingProxy(shop.url.replace("http://", ""));
    let staff;
    return {
      dir,
      db: join(dir, "data/shop.sqlite3"),
      shopUrl: shop.url,
      pageUrl: proxy.url,
      processorUrl: processor.url,
      apiKey: apiKey.value,
      staffPassword: staffPassword.value,
      proxy,
      /** Both servers' stdout and stderr so far. */
      output: () => logs.processor.text + logs.shop.text,
      /** The orders, newest first, as staff see them in JSON. */
      async orders() {
        staff ??= await staffLogin(shop.url, staffPassword.value);
        const res = await fetch(shop.url + "/orders", { headers: { cookie: staff, accept: "application/json" } });
        if (res.status !== 200) throw new Error(`GET /orders answered ${res.status}`);
        return res.json();
      },
      async close() {
        proxy.close();
        stopAll();
      },
    };
  } catch (e) {
    // A service that did start must not outlive the failure.
    stopAll();
    throw e;
  }
}

/**
 * A browser session for the whole file, its viewport the size the screenshots were
 * taken at. In Chromium the browser's own console is kept too (chromedriver's log; see
 * browserConsoleErrors).
 */
export async function openBrowser(name) {
  const capabilities = name === "chromium" ? { "goog:loggingPrefs": { browser: "ALL" } } : {};
  const session = await openSession(name, { tag: "e2e", capabilities });
  try {
    await setUp(session);
  } catch (e) {
    await session.close();
    throw e;
  }
  return session;
}

async function setUp(session) {
  await session.command("POST", "/timeouts", { script: 30_000, pageLoad: 30_000, implicit: 0 });
  await session.setViewport(1100, 900);
}

/**
 * A new browser in place of `session`'s (same driver), set up as openBrowser's. WebKit
 * keeps modules in its memory cache across navigations in a session, `no-store` or not
 * (WebKitGTK 2.50): where a test serves the same URL changed, only a new browser is sure
 * to fetch it again.
 */
export async function freshBrowser(session) {
  await session.renew();
  await setUp(session);
}

/**
 * Chromium only: the errors in the browser's own console since the last call (reading
 * empties it). This holds what no page event carries, e.g. a header the browser could
 * not parse; geckodriver has no log command, so Firefox relies on the recorder alone.
 */
async function browserConsoleErrors(session) {
  if (session.name !== "chromium") return [];
  const entries = await session.command("POST", "/se/log", { type: "browser" });
  return entries.filter((e) => e.level === "SEVERE").map((e) => `console: ${e.message}`);
}

/**
 * Forgets what earlier tests left in the browser (Playwright gave each page a fresh
 * context): the shop origin's cookies and storage, and the browser console.
 */
async function freshState(session, demo) {
  let url = "";
  try {
    url = await session.currentUrl();
  } catch (e) {
    if (!(e instanceof WebDriverError)) throw e;
  }
  if (url.startsWith(demo.pageUrl + "/")) {
    // The last page's reports in flight go to the last record, not to the next one.
    await session.execute(() => window.__e2e?.settled() ?? true);
    await session.deleteCookies();
    // WebKit deletes them a moment later (its network process): the next page's request
    // could still carry the old CSRF cookie, which then vanishes before the post. Wait
    // until none is left (bounded).
    for (let i = 0; i < 50 && (await session.cookies()).length; i++) await new Promise((r) => setTimeout(r, 50));
    await session.execute(() => { localStorage.clear(); sessionStorage.clear(); });
  }
  await browserConsoleErrors(session);
}

/**
 * Opens the checkout (or the page at `path`, e.g. "/setup") in `session` with a fresh
 * record; resolves with { page, rec }, `page` the session, `rec` what the browser does from
 * now on (see startRecordingProxy).
 */
export async function openPage(demo, session, { lang, path = "/" } = {}) {
  await freshState(session, demo);
  const rec = demo.proxy.record();
  await session.navigate(demo.pageUrl + path);
  await waitReady(session, path);
  if (lang === "id") await session.click("#lang-id");
  return { page: session, rec };
}

/** Ready once the package is loaded: the checkout's form bound (#pay enabled), or the
 * setup page's key field enabled. */
export function waitReady(session, path = "/") {
  const [ready, what] = path === "/setup"
    ? ["#key:not([disabled])", "the key setup to be ready (#key enabled)"]
    : ["#pay:not([disabled])", "the checkout to be ready (#pay enabled)"];
  return session.waitFor((css) => document.querySelector(css) !== null, { timeout: READY_MS, what }, ready);
}

/**
 * Everything the page and the browser reported so far: waits for the page's reports in
 * flight, then adds the browser's own console errors (Chromium) to `rec.errors`.
 */
export async function settle(page, rec) {
  // A page without the recorder would report nothing: that is a failure, not "clean".
  const settled = await page.execute(() => window.__e2e?.settled() ?? false);
  if (!settled) throw new Error(`no e2e recorder on ${await page.currentUrl()}`);
  rec.errors.push(...await browserConsoleErrors(page));
  return rec;
}

/** Public test cards. */
export const CARDS = {
  // Luhn-valid, of no brand of the table: the core calls it "unknown", and it pays.
  unknown: { number: "9999000000000004", typed: "9999 0000 0000 0004", cvc: "314", last4: "0004" },
  // Shown in the page's own demo hint, so the checkout page's DOM holds it anyway.
  visa: { number: "4242424242424242", typed: "4242 4242 4242 4242", cvc: "314", last4: "4242", inHint: true },
  amex: { number: "378282246310005", typed: "3782 822463 10005", cvc: "7391", last4: "0005" },
  decline: { number: "4000000000000002", typed: "4000 0000 0000 0002", cvc: "314", last4: "0002" },
};

/**
 * The shopper's contact, sealed with the card: the phone as Indonesians write it, which
 * the page reads in the shipping country (e164 is what is sealed). `digits` matches the
 * subscriber number however it is written (spaces, dashes, brackets, a +62 or a 0).
 */
export const CONTACT = {
  name: "Budi Santoso",
  email: "budi.santoso@example.com",
  phone: "0812-5555-0100",
  e164: "+6281255550100",
  digits: /8\D{0,3}1\D{0,3}2\D{0,3}5\D{0,3}5\D{0,3}5\D{0,3}5\D{0,3}0\D{0,3}1\D{0,3}0\D{0,3}0/,
};

/**
 * Fills the contact, the shipping address and the card as a shopper would, key by key
 * (the page is fresh from openPage, so every field starts empty).
 */
export async function fillCheckout(page, card, { expiry = "12/34" } = {}) {
  await page.type("#name", CONTACT.name);
  await page.type("#email", CONTACT.email);
  await page.type("#phone", CONTACT.phone);
  await page.type("#line1", "Jl. Merdeka No. 10");
  await page.type("#city", "Bandung");
  await page.type("#region", "Jawa Barat");
  await page.type("#postal", "40115");
  await page.click('#country option[value="ID"]');
  await page.type("#number", card.typed);
  await page.type("#expiry", expiry);
  await page.type("#cvc", card.cvc);
}

/**
 * Submits and waits for the shop's answer page; resolves with the recorded POST
 * /checkout ({ url, path, method, body, status }).
 */
export async function pay(page, rec) {
  const from = rec.requests.length;
  await page.click("#pay");
  await page.waitFor(() => location.pathname === "/checkout" && document.readyState === "complete",
    { timeout: READY_MS, what: "the answer page at /checkout" });
  const post = rec.requests.slice(from).find((r) => r.method === "POST" && r.path === "/checkout");
  if (!post) throw new Error("the answer page came without a POST /checkout");
  return post;
}
