// The card frame of secure-fields mode (issue 15), on the key holder's origin. The shop's
// page (through cardseal/frame) hands it a MessageChannel port; the card inputs never
// leave this realm: the page gets field states (never a value) and, on request, one JWE
// that also seals the contact the page passed in. The key is the holder's, from this
// page's own configuration: inline (meta cardseal-public-key) or the holder's JWKS at a
// URL of this origin (meta cardseal-jwks, and cardseal-kid, a thumbprint, to pick one of
// its keys by what it is); the page cannot choose it.
// Runs under `require-trusted-types-for 'script'`: text goes in with textContent only.
import init, { CardSeal, brands, keyInfo, messages, validate } from "/pkg/index.js";

const V = 1;
const MAX = 8192; // bytes of JSON a page→frame message may hold
const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;
const ORIGINS = meta("cardseal-origins").split(/\s+/).filter(Boolean);
const TEXT = {
  en: { number: "Card number", expiry: "Expiry (MM/YY)", cvc: "Security code", name: "Name on card", sealed: "Sealed for {holder} · key {kid}",
    unavailable: "Card payment is unavailable right now: the payment processor's key could not be loaded. Nothing was sent. Please try again later." },
  id: { number: "Nomor kartu", expiry: "Masa berlaku (BB/TT)", cvc: "Kode keamanan", name: "Nama pada kartu", sealed: "Disegel untuk {holder} · kunci {kid}",
    unavailable: "Pembayaran kartu sedang tidak tersedia: kunci pemroses pembayaran tidak dapat dimuat. Tidak ada yang terkirim. Silakan coba lagi nanti." },
};
const STYLE = {
  color: "--color", backgroundColor: "--bg", borderColor: "--border", errorColor: "--error",
  focusColor: "--focus", fontSize: "--size", fontFamily: "--font", padding: "--pad",
};
const FONTS = ["system-ui", "sans-serif", "serif", "monospace", "Arial", "Helvetica", "Georgia", "Verdana", "Tahoma", "Roboto", "Inter"];
const COLOUR = /^(#[0-9a-f]{3,8}|rgba?\([\d.,%\s]{5,40}\)|[a-z]{3,20})$/i;
const RULE = {
  fontSize: /^\d{1,2}(\.\d{1,2})?(px|rem|em)$/, padding: /^(\d{1,2}(\.\d{1,2})?(px|rem|em)( |$)){1,4}$/,
  fontFamily: { test: (v) => FONTS.includes(v) },
};
const CONTACT = ["name", "email", "phone", "address"];
const ADDRESS = ["line1", "line2", "city", "region", "postal_code", "country"];

const form = document.getElementById("card");
const input = (f) => document.getElementById(f);
// Autofill hints and keyboards come from the package's field table: the binding sets them.
const FIELDS = ["number", "expiry", "cvc", "name"];

/** Messages the frame refused: wrong origin or source, wrong version, shape or size. */
let ignored = 0;
let port = null;
let sealer = null;
let locale = meta("cardseal-locale") || "en";

const str = (v, n) => typeof v == "string" && v.length <= n;
const plain = (o) => !!o && typeof o == "object" && !Array.isArray(o) && Object.getPrototypeOf(o) === Object.prototype;
function size(m) {
  try { return JSON.stringify(m).length; } catch { return Infinity; }
}
function contactOk(c) {
  if (!plain(c)) return false;
  return Object.entries(c).every(([k, v]) => CONTACT.includes(k) &&
    (k == "address" ? plain(v) && Object.entries(v).every(([f, x]) => ADDRESS.includes(f) && str(x, 200)) : str(v, 200)));
}
/** Whether `m` is a page→frame message of this version (shape and size). */
function valid(m) {
  if (!plain(m) || m.v !== V || size(m) > MAX) return false;
  const keys = Object.keys(m).sort().join();
  switch (m.t) {
    case "hello": return keys == "locale,style,t,v" && str(m.locale, 10) && plain(m.style);
    case "seal": return keys == "contact,id,t,v" && Number.isInteger(m.id) && contactOk(m.contact);
    case "focus": return keys == "field,t,v" && FIELDS.includes(m.field);
    case "locale": return keys == "locale,t,v" && str(m.locale, 10);
  }
  return false;
}

function applyStyle(style) {
  for (const [k, v] of Object.entries(style)) {
    const rule = RULE[k] ?? COLOUR;
    if (STYLE[k] && typeof v == "string" && rule.test(v)) document.documentElement.style.setProperty(STYLE[k], v);
  }
}

function setLocale(to) {
  locale = TEXT[to] ? to : "en";
  document.documentElement.lang = locale;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = TEXT[locale][el.dataset.i18n];
}

/**
 * The holder's key, as text for CardSeal: the inline one, or the JWKS fetched from this
 * page's own origin (no credentials, no redirect, at most 64 KiB), narrowed to the key
 * whose RFC 7638 thumbprint (the kid cardseal computes, never a JWK's own `kid` member)
 * is cardseal-kid, when there is one. Rejects with a `code`.
 */
async function loadKey() {
  const jwks = meta("cardseal-jwks");
  if (!jwks) return meta("cardseal-public-key");
  const fail = (why) => Object.assign(new Error(`the holder's JWKS (${jwks}): ${why}`), { code: "KEY_UNAVAILABLE" });
  const url = new URL(jwks, location.href);
  if (url.origin !== location.origin) throw fail("not on this frame's origin");
  let text;
  try {
    const res = await fetch(url, { credentials: "omit", redirect: "error", cache: "no-cache" });
    if (!res.ok) throw fail(`HTTP ${res.status}`);
    text = await res.text();
  } catch (e) {
    throw e.code ? e : fail(e.message);
  }
  if (text.length > 65536) throw fail("larger than 64 KiB");
  const kid = meta("cardseal-kid");
  if (!kid) return text;
  let keys;
  try { keys = JSON.parse(text).keys; } catch { throw fail("not JSON"); }
  await init();
  const pinned = (k) => { try { return keyInfo(JSON.stringify(k)).kid === kid; } catch { return false; } };
  const key = Array.isArray(keys) && keys.find(pinned);
  if (!key) throw fail(`no key with kid ${kid}`);
  return JSON.stringify(key);
}

let key = null;
let binding = null;
function bind() {
  binding?.detach();
  sealer?.free();
  sealer = new CardSeal(key, { locale });
  binding = sealer.attach(form, { hiddenInputName: "cardseal" });
  const kid = sealer.kid ?? "";
  input("proof").textContent = TEXT[locale].sealed.replace("{holder}", meta("cardseal-holder")).replace("{kid}", kid.slice(0, 8));
}

/** A field's state for the page: never its value. */
function state(f) {
  const el = input(f);
  const v = el.value;
  const number = validate.number(input("number").value);
  const r = f == "number" ? number : f == "cvc" ? validate.cvc(v, number.brand) : validate[f](v);
  const code = v ? r.code : null;
  return {
    brand: number.brand ?? null, valid: r.valid, potentiallyValid: r.potentiallyValid,
    empty: !v, focused: document.activeElement === el, code, message: code ? messages(locale)[code] ?? null : null,
  };
}
function send(m) {
  port?.postMessage({ v: V, ...m });
}
for (const f of FIELDS) {
  for (const ev of ["input", "focus", "blur"]) input(f).addEventListener(ev, () => send({ t: "change", field: f, state: state(f) }));
}
new ResizeObserver(() => send({ t: "resize", height: Math.ceil(document.documentElement.getBoundingClientRect().height) })).observe(document.documentElement);
form.addEventListener("cardseal:brand", (e) => {
  input("brand").textContent = e.detail.brand ? brands().find((b) => b.id === e.detail.brand)?.name ?? "" : "";
});
// The binding seals on submit; in frame mode only the page's seal() does.
form.addEventListener("submit", (e) => e.preventDefault(), true);

function seal(id, contact) {
  const bad = FIELDS.filter((f) => !state(f).valid);
  if (bad.length) {
    for (const f of bad) input(f).dispatchEvent(new Event("blur"));
    input(bad[0]).focus();
    return send({ t: "failed", id, code: "INVALID_FIELDS", message: messages(locale)[state(bad[0]).code] ?? "Check the card details" });
  }
  const card = Object.fromEntries(FIELDS.map((f) => [f, input(f).value]));
  try {
    // The name on the card is the frame's; the page's contact brings the rest.
    const { jwe, kid, summary } = sealer.seal({ ...contact, ...card });
    for (const f of FIELDS) input(f).value = "";
    send({ t: "sealed", id, jwe, kid, summary: { ...summary } });
  } catch (e) {
    send({ t: "failed", id, code: String(e.code ?? "SEAL_FAILED").slice(0, 40), message: String(e.message).slice(0, 300) });
  }
}

function onPort(e) {
  const m = e.data;
  if (!valid(m) || m.t == "hello") return void ignored++;
  if (m.t == "focus") return input(m.field).focus();
  // Before the key is bound (the loader waits for "ready"), nothing to switch or seal.
  if (!sealer) return void ignored++;
  if (m.t == "locale") {
    // New words and messages; what is typed stays, and the page hears each field again.
    setLocale(m.locale);
    bind();
    for (const f of FIELDS) if (input(f).value) send({ t: "change", field: f, state: state(f) });
    return;
  }
  seal(m.id, m.contact);
}

// The handshake: from the parent only, from an allowed origin only (checked again here,
// beside the CSP's frame-ancestors), once.
addEventListener("message", (e) => {
  if (port || e.source !== parent || !ORIGINS.includes(e.origin) || !valid(e.data) || e.data.t != "hello" || e.ports.length != 1) {
    ignored++;
    return;
  }
  port = e.ports[0];
  port.onmessage = onPort;
  port.onmessageerror = () => ignored++;
  applyStyle(e.data.style);
  setLocale(e.data.locale);
  start.then(() => bind()).then(() => {
    send({ t: "ready", kid: sealer.kid ?? "", holder: meta("cardseal-holder") });
  }, (e) => {
    // No key, no card form: the shopper reads why, the page gets an error event.
    form.hidden = true;
    document.getElementById("unavailable").hidden = false;
    document.getElementById("unavailable").textContent = TEXT[locale].unavailable;
    send({ t: "failed", id: 0, code: String(e.code ?? "KEY_UNAVAILABLE").slice(0, 40), message: TEXT[locale].unavailable });
  }).then(() => send({ t: "resize", height: Math.ceil(document.documentElement.getBoundingClientRect().height) }));
});

document.documentElement.dataset.ready = "0";
const start = Promise.all([init(), loadKey()]).then(([, k]) => {
  key = k;
  setLocale(locale);
  document.documentElement.dataset.ready = "1";
});
start.catch(() => (document.documentElement.dataset.ready = "failed"));
// For the tests (same-origin reads only): refused messages and CSP violations here.
let violations = 0;
addEventListener("securitypolicyviolation", () => violations++);
Object.defineProperty(globalThis, "cardsealIgnored", { get: () => ignored });
Object.defineProperty(globalThis, "cardsealViolations", { get: () => violations });
