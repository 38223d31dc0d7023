// The card frame of secure-fields mode (issue 15), on the key holder's origin. The shop's
// page (through cardseal/frame) hands it a MessageChannel port; the card inputs never
// leave this realm: the page gets field states (never a value) and, on request, one JWE
// that also seals the contact the page passed in. The key is the holder's, from this
// page's own configuration: inline (meta cardseal-public-key) or the holder's JWKS at a
// URL of this origin (meta cardseal-jwks, and cardseal-kid, a thumbprint, to pick one of
// its keys by what it is); the page cannot choose it.
// Runs under `require-trusted-types-for 'script'`: text goes in with textContent only.
//
// What the frame cannot stop (README, "In-page mode or frame mode"): the page around it
// can lay its own input over a field, take the focus away, or show a look-alike. So it
// tells the page only transitions (never a keystroke), notices what the browser lets it
// (focus taken at once; being covered, where IntersectionObserver v2 exists), warns the
// shopper here and the page's monitoring by a `warning` message, and keeps its text
// legible whatever style the page asks for.
import init, { CardSeal, brands, keyInfo, messages, validate } from "/pkg/index.js";
import { CODE_MAX, FIELDS, FLOOR, FRAME_CODES, MIN_FONT, STYLE, THEMES, V, WARNINGS, cleanStyle, isColour, validRequest } from "/pkg/frame-protocol.js";

const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;
const ORIGINS = meta("cardseal-origins").split(/\s+/).filter(Boolean);
// The frame's own words (its codes' texts are the protocol's FRAME_CODES).
const TEXT = {
  en: { number: "Card number", expiry: "Expiry (MM/YY)", cvc: "Security code", name: "Name on card", sealed: "Sealed for {holder} · key {kid}", mmyy: "MM/YY" },
  id: { number: "Nomor kartu", expiry: "Masa berlaku (BB/TT)", cvc: "Kode keamanan", name: "Nama pada kartu", sealed: "Disegel untuk {holder} · kunci {kid}", mmyy: "BB/TT" },
};
const say = (code) => FRAME_CODES[locale][code];
// The legibility floor (issue 19; FLOOR and MIN_FONT in the protocol): a colour is opaque
// and never a keyword that takes its value from elsewhere.
const KEYWORD = /^(transparent|inherit|initial|unset|revert|revert-layer|currentcolor)$/i;

// Focus leaving the frame within FOCUS_MS of a card field taking it, or within KEY_MS of a
// keystroke in one, with no Tab and no click inside the frame since, was taken, not given.
const FOCUS_MS = 1000;
const KEY_MS = 300;
// Covered for this long (beyond IntersectionObserver's own 100 ms) before the frame warns.
const OBSCURED_MS = 500;

const form = document.getElementById("card");
const input = (f) => document.getElementById(f);
// FIELDS, the card fields this frame holds: nothing here sets their autofill hints or
// keyboards: the form binding (`sealer.attach` in bind()) does, from the package's field
// table.

/** Messages the frame refused: wrong origin or source, wrong version, shape or size. */
let ignored = 0;
let port = null;
let sealer = null;
let locale = meta("cardseal-locale") || "en";
/** The page's defaultCountry (in "hello"): where a national phone number is read. */
let country = null;

/** A CSS colour as [r, g, b, a] (0–255, alpha 0–1) as this browser computes it, or null. */
function rgba(v, probe) {
  probe.style.color = "";
  probe.style.color = v;
  if (!probe.style.color) return null;
  const n = getComputedStyle(probe).color.match(/[\d.]+/g)?.map(Number);
  return n && n.length >= 3 ? [n[0], n[1], n[2], n[3] ?? 1] : null;
}
/** WCAG 2 contrast ratio of two opaque colours. */
function contrast(a, b) {
  const lum = (c) => [0.2126, 0.7152, 0.0722].reduce((s, w, i) => {
    const x = c[i] / 255;
    return s + w * (x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
  }, 0);
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Style keys the frame refused (not allow-listed, or under the legibility floor). */
const refused = [];
const root = document.documentElement;
/** The page's theme ("light", "dark" or "auto": the browser's prefers-color-scheme). */
let theme = "auto";
const prefersDark = matchMedia("(prefers-color-scheme: dark)");
/** The page's colours that passed the floor, for each scheme. */
const colours = { light: {}, dark: {} };
/**
 * Applies the page's style as custom properties (CSSOM, never CSS text): only allow-listed
 * keys whose values match (the protocol's cleanStyle), only above the legibility floor,
 * and each colour in its scheme (the top level's in the light one, `dark`'s in the dark
 * one), against that scheme's background. What is refused is left at the frame's own
 * value and listed in `refused` (the page hears it in "ready"), `dark.`-prefixed for the
 * dark scheme's.
 */
function applyStyle(style) {
  const probe = root.appendChild(document.createElement("i"));
  const clean = cleanStyle(style, refused);
  for (const [k, v] of Object.entries(clean)) {
    if (k == "dark" || isColour(k)) continue;
    const tiny = k == "fontSize" && ((probe.style.fontSize = v), parseFloat(getComputedStyle(probe).fontSize) < MIN_FONT);
    if (tiny) refused.push(k);
    else root.style.setProperty("--" + k, v);
  }
  for (const scheme of ["light", "dark"]) {
    // The frame's own colours of this scheme (frame.css), before any of the page's.
    root.dataset.scheme = scheme;
    const own = (k) => rgba(getComputedStyle(root).getPropertyValue("--" + k).trim(), probe);
    const pre = scheme == "dark" ? "dark." : "";
    const ok = {};
    const rgb = {};
    for (const [k, v] of Object.entries((pre ? clean.dark : clean) ?? {})) {
      if (!isColour(k)) continue;
      const c = !KEYWORD.test(v) && rgba(v, probe);
      if (c && c[3] == 1) (ok[k] = v), (rgb[k] = c);
      else refused.push(pre + k);
    }
    // Contrast against the page's background, or, if that leaves a colour of the frame's
    // own below the floor, against the frame's.
    for (const bg of rgb.backgroundColor ? [rgb.backgroundColor, null] : [null]) {
      const back = bg ?? own("backgroundColor");
      const low = Object.keys(FLOOR).filter((k) => contrast(rgb[k] ?? own(k), back) < FLOOR[k]);
      // Refusing a page's colour falls back to the frame's own, which must pass too.
      if (bg && low.some((k) => contrast(own(k), back) < FLOOR[k])) continue;
      for (const k of bg ? low : [...low, "backgroundColor"].filter((k) => rgb[k])) {
        delete ok[k];
        refused.push(pre + k);
      }
      break;
    }
    colours[scheme] = ok;
  }
  probe.remove();
  setScheme();
}
/** Shows the scheme the theme asks for, with the page's colours for it. */
function setScheme() {
  const scheme = theme == "dark" || (theme == "auto" && prefersDark.matches) ? "dark" : "light";
  root.dataset.scheme = scheme;
  for (const k of Object.keys(STYLE).filter(isColour)) root.style.removeProperty("--" + k);
  for (const [k, v] of Object.entries(colours[scheme])) root.style.setProperty("--" + k, v);
}
setScheme();
prefersDark.addEventListener("change", setScheme);

function setLocale(to) {
  locale = TEXT[to] ? to : "en";
  document.documentElement.lang = locale;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = TEXT[locale][el.dataset.i18n];
  input("expiry").placeholder = TEXT[locale].mmyy;
  if (shown) warning.textContent = say(shown);
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
  sealer = new CardSeal(key, { locale, defaultCountry: country });
  binding = sealer.attach(form, { hiddenInputName: "cardseal" });
  const kid = sealer.kid ?? "";
  // The kid's 8 characters in one piece (never broken at a "-" on a narrow phone), so the
  // shopper compares them at a glance.
  const [pre, post] = TEXT[locale].sealed.replace("{holder}", meta("cardseal-holder")).split("{kid}");
  const short = document.createElement("span");
  short.className = "kid";
  short.textContent = kid.slice(0, 8);
  input("proof").replaceChildren(pre, short, post);
}

/** A field's check by the package's validators (the CVC's against the number's brand). */
function check(f, number = validate.number(input("number").value)) {
  const v = input(f).value;
  return f == "number" ? number : f == "cvc" ? validate.cvc(v, number.brand) : validate[f](v);
}
const digits = (v) => v.replace(/\D/g, "").length;
/** Fields the shopper left (blur) with a value, since their last input. */
const left = new Set();
/**
 * A field's state for the page, never its value: `complete` once the shopper is done with
 * it (left it, or typed all it can hold), `valid` only when complete. For the number,
 * "all it can hold" is a length its brand takes of at least 16 digits, or its brand's
 * longest, so the page does not learn the Luhn check of every prefix as the shopper types.
 */
function state(f, number) {
  const v = input(f).value;
  const r = check(f, number);
  const done = f == "number"
    ? r.code != "TOO_SHORT" && (digits(v) >= 16 || validate.number(v + "0").code == "TOO_LONG")
    : r.valid || !r.potentiallyValid;
  const complete = !!v && (left.has(f) || done);
  return { brand: number.brand ?? null, valid: complete && r.valid, complete, empty: !v };
}
function send(m) {
  port?.postMessage({ v: V, ...m });
}
/** What the page last heard of each field: it hears a field again only when that changes
 * (the brand only with the number), never once per keystroke. */
const heard = {};
function report() {
  if (!port || !sealer) return;
  const number = validate.number(input("number").value);
  for (const f of FIELDS) {
    const s = state(f, number);
    const now = [s.valid, s.complete, s.empty, f == "number" && s.brand].join();
    if (heard[f] !== now) {
      heard[f] = now;
      send({ t: "change", field: f, state: s });
    }
  }
}
for (const f of FIELDS) {
  input(f).addEventListener("input", () => (left.delete(f), report()));
  input(f).addEventListener("blur", () => (input(f).value && left.add(f), report()));
}

// Warnings: the shopper reads one in the frame, the page's monitoring hears its code.
const warning = document.getElementById("warning");
let shown = null;
let obscured = false;
function warn(code) {
  if (!port || !sealer) return;
  shown = code;
  warning.textContent = say(code);
  warning.hidden = false;
  send({ t: "warning", code });
}
// Focus taken: a card field took the focus (focusAt), then the frame lost it at once or
// mid-typing, without a Tab or a click in the frame that would explain it.
let focusAt = -Infinity;
let keyAt = -Infinity;
let tabbed = false;
let clickAt = -Infinity;
for (const f of FIELDS) {
  input(f).addEventListener("focus", () => ((focusAt = performance.now()), (tabbed = false)));
  input(f).addEventListener("keydown", (e) => {
    keyAt = performance.now();
    tabbed = e.key == "Tab";
    // Typing in the frame's own field again: the shopper is back where they should be.
    if (!tabbed && shown && !obscured) {
      shown = null;
      warning.hidden = true;
    }
  });
}
addEventListener("pointerdown", () => (clickAt = performance.now()), true);
addEventListener("blur", (e) => {
  const t = performance.now();
  // `<=`: the click that gave the focus may read the same millisecond (WebKit's
  // performance.now() is 1 ms coarse on a page that is not cross-origin isolated).
  if (e.target === window && !tabbed && clickAt <= focusAt && (t - focusAt < FOCUS_MS || t - keyAt < KEY_MS)) warn("FOCUS_TAKEN");
});
// Covered (Chromium's IntersectionObserver v2): a card field or the key line that is wholly
// in view but not visible (another element over it, or opacity, a filter or a transform on
// the frame), for OBSCURED_MS. Other engines cannot tell, and the frame says so in "ready".
const canSeeCover = typeof IntersectionObserverEntry == "function" && "isVisible" in IntersectionObserverEntry.prototype;
if (canSeeCover) {
  const hidden = new Set();
  const seen = new Set();
  let timer;
  const io = new IntersectionObserver((entries) => {
    // Judged only when wholly in view, and only once it was seen visible there: a field
    // half scrolled out is not "covered", and Chromium reports some layouts' inputs as
    // never visible from the start (seen in the demo's checkout), which is no cover.
    for (const e of entries) {
      const whole = e.intersectionRatio > 0.99;
      if (whole && e.isVisible) seen.add(e.target);
      whole && !e.isVisible && seen.has(e.target) ? hidden.add(e.target) : hidden.delete(e.target);
    }
    clearTimeout(timer);
    if (!hidden.size) obscured = false;
    else if (!obscured) timer = setTimeout(() => hidden.size && ((obscured = true), warn("FRAME_OBSCURED")), OBSCURED_MS);
  }, { trackVisibility: true, delay: 100, threshold: [0, 1] });
  for (const f of [...FIELDS, "proof"]) io.observe(input(f));
}
new ResizeObserver(() => send({ t: "resize", height: Math.ceil(document.documentElement.getBoundingClientRect().height) })).observe(document.documentElement);
form.addEventListener("cardseal:brand", (e) => {
  input("brand").textContent = e.detail.brand ? brands().find((b) => b.id === e.detail.brand)?.name ?? "" : "";
});
// The binding seals on submit; in frame mode only the page's seal() does.
form.addEventListener("submit", (e) => e.preventDefault(), true);

/**
 * Seals the card and the page's contact; or, when the core refuses fields, a "failed"
 * INVALID_FIELDS that names each field with its code (the page's contact fields too, which
 * only the page can mark) and whose message is theirs, in the frame's locale. The frame's
 * own invalid fields are marked here and the first focused.
 */
function seal(id, contact) {
  const card = Object.fromEntries(FIELDS.map((f) => [f, input(f).value]));
  try {
    // The name on the card is the frame's; the page's contact brings the rest.
    const { jwe, kid, summary } = sealer.seal({ ...contact, ...card });
    for (const f of FIELDS) input(f).value = "";
    left.clear();
    report();
    send({ t: "sealed", id, jwe, kid, summary: { ...summary } });
  } catch (e) {
    const fields = e.fields ? { ...e.fields } : null;
    // A CardSealError keeps its code and text; anything else is SEAL_FAILED, in words of
    // the frame's table (never an engine's message).
    const code = e.code ? String(e.code).slice(0, CODE_MAX) : "SEAL_FAILED";
    let message = e.code ? String(e.message) : say(code);
    if (fields) {
      const mine = FIELDS.filter((f) => fields[f]);
      for (const f of mine) input(f).dispatchEvent(new Event("blur"));
      if (mine.length) input(mine[0]).focus();
      const text = messages(locale);
      message = [...new Set(Object.values(fields).map((c) => text[c] ?? c))].join(" ");
    }
    send({ t: "failed", id, code, message: message.slice(0, 300), ...(fields && { fields }) });
  }
}

function onPort(e) {
  const m = e.data;
  if (!validRequest(m) || m.t == "hello") return void ignored++;
  if (m.t == "focus") return input(m.field).focus();
  // Before the key is bound (the loader waits for "ready"), nothing to switch or seal.
  if (!sealer) return void ignored++;
  if (m.t == "locale") {
    // New words and messages; what is typed stays (and so do the fields' states).
    setLocale(m.locale);
    bind();
    return;
  }
  seal(m.id, m.contact);
}

// The handshake: from the parent only, from an allowed origin only (checked again here,
// beside the CSP's frame-ancestors), once.
addEventListener("message", (e) => {
  if (port || e.source !== parent || !ORIGINS.includes(e.origin) || !validRequest(e.data) || e.data.t != "hello" || e.ports.length != 1) {
    ignored++;
    return;
  }
  port = e.ports[0];
  port.onmessage = onPort;
  port.onmessageerror = () => ignored++;
  theme = THEMES.includes(e.data.theme) ? e.data.theme : "auto";
  applyStyle(e.data.style);
  country = e.data.country ?? null;
  setLocale(e.data.locale);
  start.then(() => bind()).then(() => {
    // What this frame can warn of in this browser, and the style keys it refused.
    const checks = WARNINGS.filter((c) => c != "FRAME_OBSCURED" || canSeeCover);
    send({ t: "ready", kid: sealer.kid ?? "", holder: meta("cardseal-holder"), checks, refused: refused.slice(0, 20).map((k) => k.slice(0, CODE_MAX)) });
    report();
  }, (e) => {
    // No key, no card form: the shopper reads why, the page gets an error event.
    form.hidden = true;
    document.getElementById("unavailable").hidden = false;
    document.getElementById("unavailable").textContent = say("KEY_UNAVAILABLE");
    send({ t: "failed", id: 0, code: String(e.code ?? "KEY_UNAVAILABLE").slice(0, CODE_MAX), message: say("KEY_UNAVAILABLE") });
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
Object.defineProperty(globalThis, "cardsealRefused", { get: () => [...refused] });
Object.defineProperty(globalThis, "cardsealViolations", { get: () => violations });
