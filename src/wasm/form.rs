//! The fields object of `seal`/`sealEach`, read through the field table
//! ([`crate::fields`]), and the table itself for the form binding (`fieldTable()`).

use super::{js_error, opt_str, set, text};
use crate::fields::{self, Fields, Value as FieldValue};
use crate::messages::Locale;
use crate::Error;
use alloc::string::String;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

/// A JS value as the field table's untyped [`FieldValue`]. A string is decoded into one
/// zeroizing buffer (see [`text`]) and moved out of it, not copied: the `Fields` it goes
/// into zeroize it on drop.
pub(super) fn value(v: &JsValue) -> FieldValue {
    if v.is_undefined() || v.is_null() {
        return FieldValue::Absent;
    }
    if let Some(mut s) = text(v) {
        return FieldValue::Text(core::mem::take(&mut *s));
    }
    v.as_f64().map_or(FieldValue::Other, FieldValue::Number)
}

/// Reads the fields object through [`Fields::set`], which holds the rules (unknown names,
/// wrong types); a group such as `address` is a nested object. Every refused name is
/// reported in the error's `fields`, so a typo such as `cardNumber` is caught rather
/// than silently dropped, and with every other field's error: the fields come back with
/// the object of refused names, which sealing, refusing them ([`Fields::refused`]), fills
/// with the others' errors ([`super::js_error`]).
pub(super) fn read_fields(v: &JsValue, locale: Locale) -> Result<(Fields, Object), JsValue> {
    if !v.is_object() {
        return Err(js_error(&Error::NoFields, locale));
    }
    let mut f = Fields::default();
    let refused = Object::new();
    let put = |f: &mut Fields, name: &str, v: &JsValue| {
        if let Err(code) = f.set(name, value(v)) {
            set(&refused, name, &JsValue::from_str(code));
        }
    };
    for k in Object::keys(v.unchecked_ref::<Object>()).iter() {
        let name = k.as_string().unwrap_or_default();
        let val = Reflect::get(v, &k).unwrap_or(JsValue::UNDEFINED);
        if fields::is_group(&name) && val.is_object() {
            for m in Object::keys(val.unchecked_ref::<Object>()).iter() {
                let mut member = String::with_capacity(name.len() + 16);
                member.push_str(&name);
                member.push('.');
                member.push_str(&m.as_string().unwrap_or_default());
                put(
                    &mut f,
                    &member,
                    &Reflect::get(&val, &m).unwrap_or(JsValue::UNDEFINED),
                );
            }
        } else {
            put(&mut f, &name, &val);
        }
    }
    Ok((f, refused))
}

/// `fieldTable()` → the field table ([`crate::fields::FIELDS`]) for the form binding:
/// `[{ name, validator, attr, autocomplete, inputmode, group, member }]`, in table order;
/// `validator` is the `validate.*` validator that checks the field
/// ([`fields::Rule::validator`]); `group` and `member` only for a member of a group
/// (`address`, `city` for `address.city`). Every field is sensitive: the binding empties
/// each input once the form is sealed.
#[wasm_bindgen(js_name = fieldTable)]
pub fn field_table() -> Array {
    let rows = Array::new();
    for f in fields::FIELDS {
        let o = Object::new();
        set(&o, "name", &JsValue::from_str(f.name));
        set(
            &o,
            "validator",
            &JsValue::from_str(f.rule.validator().name()),
        );
        set(&o, "attr", &JsValue::from_str(f.attr));
        set(&o, "autocomplete", &JsValue::from_str(f.autocomplete));
        set(
            &o,
            "inputmode",
            &opt_str(Some(f.inputmode).filter(|m| !m.is_empty())),
        );
        if f.group() != f.name {
            set(&o, "group", &JsValue::from_str(f.group()));
            set(&o, "member", &JsValue::from_str(f.member()));
        }
        rows.push(&o);
    }
    rows
}
