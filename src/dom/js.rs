//! Small generic accessors: one `Reflect.get`/`Reflect.set` serves `<input>` and
//! `<select>` alike and keeps the JS glue small.

use alloc::string::String;
use js_sys::{Function, JsString, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, Element, EventTarget};
use zeroize::Zeroizing;

/// `o[k]`, or `undefined`.
pub(crate) fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

/// `o[k] = v`; a setter that throws is ignored.
pub(crate) fn set(o: &JsValue, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

/// `o[i]`, or `undefined`.
pub(crate) fn get_index(o: &JsValue, i: u32) -> JsValue {
    Reflect::get(o, &JsValue::from(i)).unwrap_or(JsValue::UNDEFINED)
}

/// A fresh `{}`.
pub(crate) fn object() -> Object {
    Object::new()
}

/// Longer values are cut here: every validator refuses them anyway (1024 bytes).
const MAX_UNITS: u32 = 1100;

/// The field's `value`, in a buffer zeroized on drop. It is decoded here from UTF-16
/// code units into one allocation of the worst-case size: wasm-bindgen's own string
/// passing reallocates on the first non-ASCII character and would leave the ASCII
/// prefix, the card number, behind in freed memory.
pub(crate) fn value(el: &Element) -> Zeroizing<String> {
    let v = get(el, "value");
    let Some(s) = v.dyn_ref::<JsString>() else {
        return Zeroizing::new(String::new());
    };
    let n = s.length().min(MAX_UNITS);
    let mut out = Zeroizing::new(String::with_capacity(n as usize * 3));
    let units = (0..n).map(|i| s.char_code_at(i) as u16);
    for c in char::decode_utf16(units) {
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    out
}

/// Sets the field's `value`.
pub(crate) fn set_value(el: &Element, v: &str) {
    set(el, "value", &JsValue::from_str(v));
}

/// The caret (`selectionStart`) of a text input; `None` for a `<select>` and for input
/// types without a selection.
pub(crate) fn caret(el: &Element) -> Option<usize> {
    get(el, "selectionStart").as_f64().map(|n| n as usize)
}

/// Puts the caret at `pos`.
pub(crate) fn set_caret(el: &Element, pos: usize) {
    let p = JsValue::from(pos as u32);
    set(el, "selectionStart", &p);
    set(el, "selectionEnd", &p);
}

/// Dispatches a bubbling `CustomEvent` `ty` with `detail` on `target`; returns whether
/// no listener cancelled it.
pub(crate) fn dispatch(target: &EventTarget, ty: &str, detail: &JsValue, cancelable: bool) -> bool {
    let init = object();
    set(&init, "bubbles", &JsValue::TRUE);
    set(&init, "cancelable", &JsValue::from_bool(cancelable));
    set(&init, "detail", detail);
    match CustomEvent::new_with_event_init_dict(ty, init.unchecked_ref()) {
        Ok(e) => target.dispatch_event(&e).unwrap_or(true),
        Err(_) => true,
    }
}

/// Calls the method `name` of `o` without arguments (`focus`, `submit`, `remove`,
/// `preventDefault`): one generic import instead of one per method.
pub(crate) fn call(o: &JsValue, name: &str) {
    if let Some(f) = get(o, name).dyn_ref::<Function>() {
        let _ = f.call0(o);
    }
}

/// The text of an element.
pub(crate) fn text(el: &Element) -> String {
    get(el, "textContent").as_string().unwrap_or_default()
}

/// Sets the text of an element.
pub(crate) fn set_text(el: &Element, text: &str) {
    set(el, "textContent", &JsValue::from_str(text));
}
