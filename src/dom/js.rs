//! Small generic accessors: one `Reflect.get`/`Reflect.set` serves `<input>` and
//! `<select>` alike and keeps the JS glue small.

use alloc::string::String;
use js_sys::{JsString, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element, EventTarget};
use zeroize::Zeroizing;

/// `o[k]`, or `undefined`.
pub(crate) fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

/// `o[k] = v`; a setter that throws is ignored.
pub(crate) fn set(o: &JsValue, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
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
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(cancelable);
    init.set_detail(detail);
    match CustomEvent::new_with_event_init_dict(ty, &init) {
        Ok(e) => target.dispatch_event(&e).unwrap_or(true),
        Err(_) => true,
    }
}
