//! Browser suite: after a seal, the card number occurs nowhere in the wasm linear
//! memory (`wasm_bindgen::memory()`), neither as digits nor as the formatted value the
//! input showed. The number is typed key by key, blurred (validated), formatted and
//! sealed through `attach`, whole-form and per field.
//!
//! This binary must never hold the number itself: a string literal would sit in the
//! wasm data segment. The number and the needles are built in JavaScript, and the scan
//! runs there, so it adds no copy of the memory to the memory.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic

#[path = "web/util.rs"]
mod util;

use cardseal::dom::Options;
use cardseal::messages::Locale;
use util::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use zeroize::Zeroize;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
// 4111 1111 1111 1111, built at run time.
const card = () => "4" + "1".repeat(15);
export function needles() {
  const d = card();
  return [d, d.replace(/(\d{4})(?!$)/g, "$1 ")];
}
export function type_card(el) {
  for (const ch of card()) {
    el.value += ch;
    el.setSelectionRange(el.value.length, el.value.length);
    el.dispatchEvent(new InputEvent("input", { bubbles: true }));
  }
}
// A slip of the finger: a non-ASCII letter after the number (wasm-bindgen's own string
// passing would reallocate here and leave the ASCII prefix behind), then deleted.
export function slip(el) {
  const v = el.value;
  el.value = v + "\u00e9";
  el.dispatchEvent(new InputEvent("input", { bubbles: true }));
  el.value = v;
  el.dispatchEvent(new InputEvent("input", { bubbles: true }));
}
// Occurrences of the ASCII `needle` in the wasm memory.
export function scan(memory, needle) {
  const m = new Uint8Array(memory.buffer);
  const n = Array.from(needle, (c) => c.charCodeAt(0));
  let count = 0;
  outer: for (let i = m.indexOf(n[0]); i >= 0 && i <= m.length - n.length; i = m.indexOf(n[0], i + 1)) {
    for (let j = 1; j < n.length; j++) if (m[i + j] !== n[j]) continue outer;
    count++;
  }
  return count;
}
export function control_needle() { return "73" + "0918273645".repeat(2); }
"#)]
extern "C" {
    fn needles() -> js_sys::Array;
    fn type_card(el: &JsValue);
    fn slip(el: &JsValue);
    fn scan(memory: &JsValue, needle: &JsValue) -> u32;
    fn control_needle() -> JsValue;
}

const FORM: &str = r#"<form action="about:blank" target="sink">
  <input id="number" data-cardseal="number" name="cc">
  <input id="expiry" data-cardseal="expiry">
  <input id="cvc" data-cardseal="cvc">
</form><iframe name="sink"></iframe>"#;

/// Copies of the card number in wasm memory: `[digits, formatted]`.
fn copies() -> [u32; 2] {
    let mem = wasm_bindgen::memory();
    let n = needles();
    [scan(&mem, &n.get(0)), scan(&mem, &n.get(1))]
}

#[wasm_bindgen_test]
fn the_scan_finds_what_is_there() {
    // A pattern made at run time in the Rust heap, as a card number would be.
    let mut text = String::from("73");
    for _ in 0..2 {
        for d in [0u8, 9, 1, 8, 2, 7, 3, 6, 4, 5] {
            text.push(char::from(b'0' + d));
        }
    }
    assert_eq!(control_needle().as_string().as_deref(), Some(text.as_str()));
    assert!(scan(&wasm_bindgen::memory(), &control_needle()) >= 1);
    text.zeroize();

    // An input's value read the plain wasm-bindgen way is found, and gone once zeroized.
    cleanup();
    let form = make_form(FORM);
    let number = field(&form, "#number");
    type_card(&number);
    let mut plain = prop(&number, "value").as_string().unwrap();
    assert!(copies()[0] >= 1, "the scan must see a live copy");
    plain.zeroize();
    assert_eq!(copies(), [0, 0]);
    cleanup();
}

fn seal_and_scan(per_field: bool) {
    cleanup();
    let form = make_form(FORM);
    let opts = Options {
        per_field,
        ..Options::default()
    };
    let mut b = bind(&form, opts, Locale::En);
    let sealed = record(&form, "cardseal:sealed", true);
    let number = field(&form, "#number");
    type_card(&number);
    slip(&number);
    blur(&number);
    type_chars(&field(&form, "#expiry"), "1234");
    type_chars(&field(&form, "#cvc"), "123");
    submit(&form);
    assert_eq!(sealed.length(), 1);
    assert_eq!(value(&number), "");
    b.detach();
    cleanup();
    assert_eq!(
        copies(),
        [0, 0],
        "copies of the card number left in wasm memory (per_field: {per_field})"
    );
}

#[wasm_bindgen_test]
fn no_copy_of_the_number_after_a_whole_form_seal() {
    seal_and_scan(false);
}

#[wasm_bindgen_test]
fn no_copy_of_the_number_after_a_per_field_seal() {
    seal_and_scan(true);
}
