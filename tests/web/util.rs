//! Helpers shared by the browser suites: a real form in the page, real DOM events, and
//! WebCrypto as the second implementation that opens our JWEs.

#![allow(dead_code)]

use cardseal::dom::{attach, Binding, Options};
use cardseal::messages::Locale;
use cardseal::{PublicKey, Sealer};
use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
use wasm_bindgen::prelude::*;
use web_sys::HtmlFormElement;

pub const PEM: &str = include_str!("../keys/rsa2048-spki.pem");
pub const PRIVATE_JWK: &str = include_str!("../keys/rsa2048-private.jwk");

#[wasm_bindgen(inline_js = r#"
export function user_agent() { return navigator.userAgent; }

// A form in the page from HTML; removed again by `cleanup`.
export function make_form(html) {
  const wrap = document.createElement("div");
  wrap.className = "cardseal-test";
  wrap.innerHTML = html;
  document.body.appendChild(wrap);
  return wrap.querySelector("form");
}
export function cleanup() {
  document.querySelectorAll(".cardseal-test").forEach((e) => e.remove());
}
export function field(form, sel) { return form.querySelector(sel); }
export function attr(el, name) { return el.getAttribute(name); }
export function prop(el, name) { return el[name]; }
export function set_prop(el, name, v) { el[name] = v; }
export function outer(el) { return el.outerHTML; }
export function active_is(el) { return document.activeElement === el; }
export function by_id(id) { return document.getElementById(id); }

// The shopper's edit: the value as the browser leaves it, the caret, then `input`.
export function type_into(el, value, caret) {
  el.value = value;
  if (caret !== undefined) el.setSelectionRange(caret, caret);
  el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText" }));
}
// Typing one character at a time at the end, as a shopper does.
export function type_chars(el, text) {
  for (const ch of text) {
    const v = el.value + ch;
    type_into(el, v, v.length);
  }
}
export function blur(el) { el.dispatchEvent(new FocusEvent("blur")); }
export function choose(el, value) {
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
  el.dispatchEvent(new Event("change", { bubbles: true }));
}
export function submit(form) { form.requestSubmit(); }

// Records every event of `type` on `target`: [{detail, defaultPrevented}, …].
export function record(target, type, cancel) {
  const seen = [];
  target.addEventListener(type, (e) => {
    if (cancel) e.preventDefault();
    seen.push(e.detail);
  });
  return seen;
}
export function on_sealed_submit_again(form) {
  form.addEventListener("cardseal:sealed", () => form.requestSubmit());
}
// A submit event: whether a listener registered before this call prevented it. (The
// last listener cancels it itself: Firefox submits on untrusted submit events.)
export function submit_prevented(form) {
  let prevented = null;
  const last = (e) => { prevented = e.defaultPrevented; e.preventDefault(); };
  form.addEventListener("submit", last);
  form.requestSubmit();
  form.removeEventListener("submit", last);
  return prevented;
}

let warnings = null;
export function capture_warnings() {
  warnings = [];
  const orig = console.warn;
  console.warn = (...a) => { warnings.push(a.join(" ")); };
  return () => { console.warn = orig; return warnings; };
}
export function restore_warnings(stop) { return stop(); }

// Opens a compact JWE with WebCrypto (RSA-OAEP-256 + A256GCM): the plaintext JSON.
const b64u = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
export async function open_jwe(jwe, jwkText) {
  const jwk = JSON.parse(jwkText);
  delete jwk.alg; delete jwk.use; delete jwk.key_ops; delete jwk.kid;
  const key = await crypto.subtle.importKey("jwk", jwk, { name: "RSA-OAEP", hash: "SHA-256" }, false, ["decrypt"]);
  const [h, ek, iv, ct, tag] = jwe.split(".");
  const header = JSON.parse(new TextDecoder().decode(b64u(h)));
  const cek = await crypto.subtle.decrypt({ name: "RSA-OAEP" }, key, b64u(ek));
  const aes = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["decrypt"]);
  const body = new Uint8Array([...b64u(ct), ...b64u(tag)]);
  const pt = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: b64u(iv), additionalData: new TextEncoder().encode(h), tagLength: 128 }, aes, body);
  return JSON.stringify({ header, plaintext: JSON.parse(new TextDecoder().decode(pt)) });
}

// Waits for the next `load` of an iframe; gives its location's query string.
export function next_load(frame) {
  return new Promise((resolve) => frame.addEventListener("load", () => {
    resolve(frame.contentWindow.location.search);
  }, { once: true }));
}
"#)]
extern "C" {
    pub fn user_agent() -> String;
    pub fn make_form(html: &str) -> HtmlFormElement;
    pub fn cleanup();
    pub fn field(form: &HtmlFormElement, sel: &str) -> JsValue;
    pub fn attr(el: &JsValue, name: &str) -> Option<String>;
    pub fn prop(el: &JsValue, name: &str) -> JsValue;
    pub fn set_prop(el: &JsValue, name: &str, v: &JsValue);
    pub fn outer(el: &JsValue) -> String;
    pub fn active_is(el: &JsValue) -> bool;
    pub fn by_id(id: &str) -> JsValue;
    pub fn type_into(el: &JsValue, value: &str, caret: u32);
    pub fn type_chars(el: &JsValue, text: &str);
    pub fn blur(el: &JsValue);
    pub fn choose(el: &JsValue, value: &str);
    pub fn submit(form: &HtmlFormElement);
    pub fn record(target: &JsValue, ty: &str, cancel: bool) -> js_sys::Array;
    pub fn on_sealed_submit_again(form: &HtmlFormElement);
    pub fn submit_prevented(form: &HtmlFormElement) -> bool;
    pub fn capture_warnings() -> JsValue;
    pub fn restore_warnings(stop: &JsValue) -> js_sys::Array;
    pub async fn open_jwe(jwe: &str, jwk: &str) -> JsValue;
    pub fn next_load(frame: &JsValue) -> js_sys::Promise;
}

/// A string property of `el`, e.g. `value`.
pub fn value(el: &JsValue) -> String {
    prop(el, "value").as_string().unwrap_or_default()
}

/// `detail[k]` of a recorded event, as a string.
pub fn get_str(o: &JsValue, k: &str) -> Option<String> {
    js_sys::Reflect::get(o, &k.into()).ok()?.as_string()
}

/// `o[k]`.
pub fn get(o: &JsValue, k: &str) -> JsValue {
    js_sys::Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Binds `form` with the test key.
pub fn bind(form: &HtmlFormElement, options: Options, locale: Locale) -> Binding {
    let sealer = Sealer::new(PublicKey::import(PEM).unwrap());
    let rng = ChaCha20Rng::seed_from_u64(js_sys::Date::now() as u64);
    attach(sealer, locale, form.clone(), options, rng, now).unwrap()
}

/// Opens `jwe` with WebCrypto: `{header, plaintext}`.
pub async fn open(jwe: &str) -> JsValue {
    let s = open_jwe(jwe, PRIVATE_JWK).await.as_string().unwrap();
    js_sys::JSON::parse(&s).unwrap()
}
