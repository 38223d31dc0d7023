// Helpers shared by the suites: a real form in the page, real DOM events (typing key by
// key with the caret, blur, submit), the test key pair, and WebCrypto as the second
// implementation that opens the JWEs. Port of the former tests/web/util.rs.
import { CardSeal } from "/pkg/index.js";

async function text(path) {
  const r = await fetch(path);
  if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status}`);
  return r.text();
}

// TEST KEYS ONLY (tests/keys/README.md): the public key the page seals with, and its
// private JWK, with which WebCrypto opens what was sealed.
export const PEM = await text("/tests/keys/rsa2048-spki.pem");
export const PRIVATE_JWK = await text("/tests/keys/rsa2048-private.jwk");

/** Binds `form` as a shop page does: `new CardSeal(key, {locale}).attach(form, options)`. */
export function bind(form, options, locale = "en") {
  const sealer = new CardSeal(PEM, { locale });
  return sealer.attach(form, options);
}

/** A form in the page from HTML; removed again by the harness after each test. */
export function makeForm(html) {
  const wrap = document.createElement("div");
  wrap.className = "cardseal-test";
  wrap.innerHTML = html;
  document.body.appendChild(wrap);
  return wrap.querySelector("form");
}

export const field = (form, sel) => form.querySelector(sel);
export const attr = (el, name) => el.getAttribute(name);
export const outer = (el) => el.outerHTML;
export const byId = (id) => document.getElementById(id);

/** The shopper's edit: the value as the browser leaves it, the caret, then `input`. */
export function typeInto(el, value, caret) {
  el.value = value;
  if (caret !== undefined) el.setSelectionRange(caret, caret);
  el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText" }));
}

/** Typing one character at a time at the end, as a shopper does. */
export function typeChars(el, text) {
  for (const ch of text) {
    const v = el.value + ch;
    typeInto(el, v, v.length);
  }
}

/** Leaving a field: `blur` (does not bubble), then `focusout` (bubbles), as browsers do. */
export function blur(el) {
  el.dispatchEvent(new FocusEvent("blur"));
  el.dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
}

export function submit(form) {
  form.requestSubmit();
}

/** Records the `detail` of every `type` event on `target`; cancels them if `cancel`. */
export function record(target, type, cancel) {
  const seen = [];
  target.addEventListener(type, (e) => {
    if (cancel) e.preventDefault();
    seen.push(e.detail);
  });
  return seen;
}

export function onSealedSubmitAgain(form) {
  form.addEventListener("cardseal:sealed", () => form.requestSubmit());
}

/** Submits; whether a listener registered before this call prevented it. (The last
 *  listener cancels it itself: Firefox submits on untrusted submit events.) */
export function submitPrevented(form) {
  let prevented = null;
  const last = (e) => {
    prevented = e.defaultPrevented;
    e.preventDefault();
  };
  form.addEventListener("submit", last);
  form.requestSubmit();
  form.removeEventListener("submit", last);
  return prevented;
}

/** Captures console.warn until the returned function is called; it gives the lines. */
export function captureWarnings() {
  const warnings = [];
  const orig = console.warn;
  console.warn = (...a) => {
    warnings.push(a.join(" "));
  };
  return () => {
    console.warn = orig;
    return warnings;
  };
}

const b64u = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

/** Opens a compact JWE with WebCrypto (RSA-OAEP-256 + A256GCM): `{header, plaintext}`. */
export async function open(jwe) {
  const jwk = JSON.parse(PRIVATE_JWK);
  delete jwk.alg;
  delete jwk.use;
  delete jwk.key_ops;
  delete jwk.kid;
  const key = await crypto.subtle.importKey("jwk", jwk, { name: "RSA-OAEP", hash: "SHA-256" }, false, ["decrypt"]);
  const [h, ek, iv, ct, tag] = jwe.split(".");
  const header = JSON.parse(new TextDecoder().decode(b64u(h)));
  const cek = await crypto.subtle.decrypt({ name: "RSA-OAEP" }, key, b64u(ek));
  const aes = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["decrypt"]);
  const body = new Uint8Array([...b64u(ct), ...b64u(tag)]);
  const pt = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: b64u(iv), additionalData: new TextEncoder().encode(h), tagLength: 128 },
    aes,
    body,
  );
  return { header, plaintext: JSON.parse(new TextDecoder().decode(pt)) };
}

/** The next `load` of an iframe: resolves with its location's query string. */
export function nextLoad(frame) {
  return new Promise((resolve) =>
    frame.addEventListener("load", () => resolve(frame.contentWindow.location.search), { once: true }),
  );
}
