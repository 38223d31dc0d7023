//! Field validation, formatting and messages. Two exports dispatch on a validator's or
//! formatter's name (each export costs wasm and JS glue); pkg-template/index.js builds
//! the `validate` and `format` namespaces over them, and tests/node/table.test.mjs
//! checks that the names agree, and with index.d.ts. Values are read into zeroizing
//! buffers (`text`).

use super::form::value;
use super::{opt_str, scrubbed, set, text};
use crate::fields::{Address, Fields, Value as FieldValue};
use crate::messages::Locale;
use crate::validate::{self, Validation};
use alloc::string::String;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

/// `{ valid, potentiallyValid, code }`, plus `brand` for card numbers.
fn validation(v: &Validation, with_brand: bool) -> Object {
    let o = Object::new();
    set(&o, "valid", &JsValue::from_bool(v.valid));
    set(
        &o,
        "potentiallyValid",
        &JsValue::from_bool(v.potentially_valid),
    );
    set(&o, "code", &opt_str(v.code));
    if with_brand {
        set(&o, "brand", &opt_str(v.brand));
    }
    o
}

/// The fields of a JS object as [`Fields`] members under `prefix` (`address`), through
/// [`Fields::set`]; values it refuses are left out (validators never throw).
fn read_group(obj: &JsValue, prefix: &str, f: &mut Fields) {
    if !obj.is_object() {
        return;
    }
    for k in Object::keys(obj.unchecked_ref::<Object>()).iter() {
        let mut name = String::with_capacity(prefix.len() + 16);
        name.push_str(prefix);
        name.push('.');
        name.push_str(&k.as_string().unwrap_or_default());
        let _ = f.set(
            &name,
            value(&Reflect::get(obj, &k).unwrap_or(JsValue::UNDEFINED)),
        );
    }
}

/// `validateField(validator, value, extra)`, behind `validate.*` (pkg-template/index.js),
/// by the validator's name: `number(value)`, `expiry(value, now)` (`value` a string or
/// `{ month, year }`; `now` a `Date` or milliseconds, default `Date.now()`),
/// `cvc(value, brand)`, `name(value)`, `email(value)`, `phone(value, defaultCountry)`
/// (adds `e164`), `address(obj)` (adds `field` and `fields`). Never throws: an unknown
/// validator gives `{ valid: false, code: "UNKNOWN_FIELD" }`.
#[wasm_bindgen(js_name = validateField)]
pub fn validate_field(validator: &str, value: JsValue, extra: JsValue) -> Object {
    scrubbed(|| {
        let text = text(&value).unwrap_or_default();
        let extra_str = extra.as_string();
        let extra_str = extra_str.as_deref();
        match validator {
            "number" => validation(&validate::number(&text), true),
            "expiry" => {
                let ms = match extra.dyn_ref::<js_sys::Date>() {
                    Some(d) => d.get_time(),
                    None => extra.as_f64().unwrap_or_else(js_sys::Date::now),
                };
                let now = if ms > 0.0 { (ms / 1000.0) as u64 } else { 0 };
                let v = if value.is_object() {
                    // `{ month, year }` read by the table's rules for exp_month/exp_year;
                    // a part of a wrong type is "?", which is not valid.
                    let mut f = Fields::default();
                    for (k, name) in [("month", "exp_month"), ("year", "exp_year")] {
                        let v = Reflect::get(&value, &JsValue::from_str(k)).unwrap_or_default();
                        if f.set(name, self::value(&v)).is_err() {
                            let _ = f.set(name, FieldValue::Text(String::from("?")));
                        }
                    }
                    let part = |name| f.get(name).unwrap_or("");
                    validate::expiry_parts(part("exp_month"), part("exp_year"), now)
                } else {
                    validate::expiry(&text, now)
                };
                validation(&v, false)
            }
            "cvc" => validation(&validate::cvc(&text, extra_str), false),
            "name" => validation(&validate::name(&text), false),
            "email" => validation(&validate::email(&text), false),
            "phone" => {
                let (v, e164) = match validate::phone::to_e164(&text, extra_str) {
                    Ok(p) => (Validation::VALID, JsValue::from_str(&p)),
                    Err(v) => (v, JsValue::NULL),
                };
                let o = validation(&v, false);
                set(&o, "e164", &e164);
                o
            }
            "address" => {
                let mut f = Fields::default();
                read_group(&value, "address", &mut f);
                let v = validate::address(f.address.as_ref().unwrap_or(&Address::default()));
                let whole = Validation {
                    valid: v.valid,
                    potentially_valid: v.potentially_valid,
                    code: v.code,
                    brand: None,
                };
                let o = validation(&whole, false);
                set(&o, "field", &opt_str(v.field));
                let members = Object::new();
                for (k, m) in &v.members {
                    set(&members, k, &validation(m, false));
                }
                set(&o, "fields", &members);
                o
            }
            _ => validation(
                &Validation::invalid(crate::fields::UNKNOWN_FIELD, false),
                false,
            ),
        }
    })
}

/// `formatField(formatter, a, b, caret)`, behind `format.*`, by name: `number(a)`,
/// `expiry(a)`, `caret(a, b, caret)` (old value, new value, caret position → new
/// position). `a` and `b` are strings. An unknown formatter gives `a` back unchanged.
#[wasm_bindgen(js_name = formatField)]
pub fn format_field(formatter: &str, a: JsValue, b: JsValue, caret: u32) -> JsValue {
    scrubbed(|| {
        let (a, b) = (text(&a).unwrap_or_default(), text(&b).unwrap_or_default());
        match formatter {
            // Copied straight into JS strings; the Rust buffers are zeroized when dropped.
            "number" => JsValue::from_str(&validate::format::number(&a)),
            "expiry" => JsValue::from_str(&validate::format::expiry(&a)),
            "caret" => JsValue::from(validate::format::caret(&a, &b, caret as usize) as u32),
            _ => JsValue::from_str(&a),
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

/// `brands()` → `[{ id, name }]`: every card brand of the brand table
/// ([`crate::validate::brands::BRANDS`]), in table order, with the name shoppers know it
/// by (`american-express`, `American Express`).
#[wasm_bindgen]
pub fn brands() -> Array {
    let rows = Array::new();
    for b in validate::brands::BRANDS {
        let o = Object::new();
        set(&o, "id", &JsValue::from_str(b.id));
        set(&o, "name", &JsValue::from_str(b.name));
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
