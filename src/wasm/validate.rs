//! Field validation, formatting and messages. Two exports take a validator's or
//! formatter's name (each export costs wasm and JS glue) and marshal to the core's
//! dispatch by that name (`validate::by_name`, `validate::format::by_name`), which holds
//! every rule; pkg-template/index.js builds the `validate` and `format` namespaces over
//! them, and tests/node/table.test.mjs checks that the names agree, and with index.d.ts.
//! Values are read into zeroizing buffers (`text`).

use super::form::value;
use super::{opt_str, scrubbed, set, text};
use crate::fields::Value as FieldValue;
use crate::messages::Locale;
use crate::validate::{self, format::Formatted, Detail, Input, Validation};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

/// `{ valid, potentiallyValid, code }`.
fn validation(v: &Validation) -> Object {
    let o = Object::new();
    set(&o, "valid", &JsValue::from_bool(v.valid));
    set(
        &o,
        "potentiallyValid",
        &JsValue::from_bool(v.potentially_valid),
    );
    set(&o, "code", &opt_str(v.code));
    o
}

/// A member of a JS object as the field table's untyped value.
fn member(obj: &JsValue, name: &str) -> FieldValue {
    value(&Reflect::get(obj, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED))
}

/// `validateField(validator, value, extra)`, behind `validate.*` (pkg-template/index.js):
/// the core's [`validate::by_name`], marshalled. `extra` is the brand of `cvc`, the
/// default country of `phone`, or the clock of `expiry` (a `Date` or milliseconds,
/// default `Date.now()`). The result is `{ valid, potentiallyValid, code }`, plus `brand`
/// for `number`, `e164` for `phone`, `field` and `fields` for `address`. Never throws:
/// an unknown validator gives `{ valid: false, code: "UNKNOWN_FIELD" }`.
#[wasm_bindgen(js_name = validateField)]
pub fn validate_field(validator: &str, value: JsValue, extra: JsValue) -> Object {
    scrubbed(|| {
        let text = text(&value).unwrap_or_default();
        let extra_str = extra.as_string();
        let ms = match extra.dyn_ref::<js_sys::Date>() {
            Some(d) => d.get_time(),
            None => extra.as_f64().unwrap_or_else(js_sys::Date::now),
        };
        // An object is read by its members' names (the core's rules name them), anything
        // else as its text (`""` for a value that is not a string).
        let get = |name: &str| member(&value, name);
        let input = if value.is_object() {
            Input::Object(&get)
        } else {
            Input::Text(&text)
        };
        let c = validate::by_name(validator, input, extra_str.as_deref(), ms);
        let o = validation(&c.validation);
        match c.detail {
            Detail::None => {}
            Detail::Brand => set(&o, "brand", &opt_str(c.validation.brand)),
            Detail::E164(p) => set(&o, "e164", &opt_str(p.as_deref())),
            Detail::Address(a) => {
                set(&o, "field", &opt_str(a.field));
                let members = Object::new();
                for (k, m) in &a.members {
                    set(&members, k, &validation(m));
                }
                set(&o, "fields", &members);
            }
        }
        o
    })
}

/// `formatField(formatter, a, b, caret)`, behind `format.*`: the core's
/// [`validate::format::by_name`], marshalled. `a` and `b` are strings. An unknown
/// formatter gives `a` back unchanged.
#[wasm_bindgen(js_name = formatField)]
pub fn format_field(formatter: &str, a: JsValue, b: JsValue, caret: u32) -> JsValue {
    scrubbed(|| {
        let (a, b) = (text(&a).unwrap_or_default(), text(&b).unwrap_or_default());
        match validate::format::by_name(formatter, &a, &b, caret as usize) {
            // Copied straight into a JS string; the Rust buffer is zeroized when dropped.
            Formatted::Text(s) => JsValue::from_str(&s),
            Formatted::Caret(at) => JsValue::from(at as u32),
            Formatted::Unchanged => JsValue::from_str(&a),
        }
    })
}

/// `codes()` → `{ error: [...], field: [...], warning: [...] }`: every code of the code
/// table by kind (`crate::messages`). Not part of the documented API: the tests check
/// `index.d.ts`'s `CardSealErrorCode` union against it.
#[wasm_bindgen]
pub fn codes() -> Object {
    use crate::messages::{codes_of, Kind};
    let o = Object::new();
    for (name, kind) in [
        ("error", Kind::Error),
        ("field", Kind::Field),
        ("warning", Kind::Warning),
    ] {
        let list = Array::new();
        for code in codes_of(kind) {
            list.push(&JsValue::from_str(code));
        }
        set(&o, name, &list);
    }
    o
}

/// `brands()` → `[{ id, name, cvc }]`: every card brand of the brand table
/// ([`crate::validate::brands::BRANDS`]), in table order, with the name shoppers know it
/// by (`american-express`, `American Express`) and its security code's length.
#[wasm_bindgen]
pub fn brands() -> Array {
    let rows = Array::new();
    for b in validate::brands::BRANDS {
        let o = Object::new();
        set(&o, "id", &JsValue::from_str(b.id));
        set(&o, "name", &JsValue::from_str(b.name));
        set(&o, "cvc", &JsValue::from(b.code_len));
        rows.push(&o);
    }
    rows
}

/// `messages(locale?)` → `{ CODE: text, … }` for every error and validation code.
#[wasm_bindgen]
pub fn messages(locale: JsValue) -> Object {
    let locale = locale.as_string().map_or(Locale::En, |l| Locale::parse(&l));
    let o = Object::new();
    for code in crate::messages::codes() {
        set(
            &o,
            code,
            &JsValue::from_str(crate::messages::message(code, locale)),
        );
    }
    o
}
