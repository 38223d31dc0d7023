//! What `attach` does to the markup: finds the fields, strips their `name`s, adds
//! autofill hints and links a message element to each.

use super::markup::{self, Kind};
use super::undo::Undo;
use super::{js, Field};
use alloc::{string::String, vec::Vec};
use core::cell::Cell;
use core::sync::atomic::{AtomicU32, Ordering};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlFormElement};

/// Numbers the message elements the binding creates, so their ids are unique on a page
/// with several forms.
static NEXT_ID: AtomicU32 = AtomicU32::new(1);

/// The form's `data-cardseal` fields in document order, prepared.
pub(super) fn fields(form: &HtmlFormElement, undo: &mut Undo) -> Result<Vec<Field>, JsValue> {
    let doc = form.owner_document().ok_or(JsValue::UNDEFINED)?;
    let list = form.query_selector_all("[data-cardseal]")?;
    let mut out = Vec::new();
    let n = js::get(&list, "length").as_f64().unwrap_or(0.0) as u32;
    for i in 0..n {
        let el: Element = js::get_index(&list, i).unchecked_into();
        let Some(kind) = el
            .get_attribute("data-cardseal")
            .as_deref()
            .and_then(markup::kind)
        else {
            continue;
        };
        strip_name(&el, kind);
        hint(&el, kind, undo);
        let (msg, msg_text) = message_element(&doc, &el, kind, undo)?;
        out.push(Field {
            kind,
            el,
            msg,
            msg_text,
            marked: Cell::new(false),
        });
    }
    Ok(out)
}

/// A sealed field must not post in plaintext, even when the script fails: its `name`
/// goes, for good, with one console warning.
fn strip_name(el: &Element, kind: &Kind) {
    if el.get_attribute("name").is_some() {
        let _ = el.remove_attribute("name");
        let mut m = String::from("cardseal: removed the name of the \"");
        m.push_str(kind.attr);
        m.push_str(
            "\" field so that it cannot post in plaintext. Sealed fields must have no name attribute.",
        );
        web_sys::console::warn_1(&JsValue::from_str(&m));
    }
}

/// Sets `autocomplete` and (on inputs) `inputmode` where the shop left them out.
fn hint(el: &Element, kind: &Kind, undo: &mut Undo) {
    if el.get_attribute("autocomplete").is_none() {
        undo.set(el, "autocomplete", kind.autocomplete);
    }
    if let Some(mode) = kind.inputmode {
        if js::get(el, "type")
            .as_string()
            .is_some_and(|t| t != "select-one" && t != "select-multiple")
            && el.get_attribute("inputmode").is_none()
        {
            undo.set(el, "inputmode", mode);
        }
    }
}

/// The element the field's messages go in: the first one its `aria-describedby` names,
/// made a polite live region unless it is inside one; or, when there is none, a new
/// `<span aria-live="polite">` right after the field. Gives the shop's own text of an
/// existing element, to show again when a mark clears.
fn message_element(
    doc: &Document,
    el: &Element,
    kind: &Kind,
    undo: &mut Undo,
) -> Result<(Element, Option<String>), JsValue> {
    let described = el.get_attribute("aria-describedby");
    let first = described
        .as_deref()
        .and_then(|d| d.split_ascii_whitespace().next());
    if let Some(msg) = first.and_then(|id| doc.get_element_by_id(id)) {
        if msg.closest("[aria-live]").ok().flatten().is_none() {
            undo.set(&msg, "aria-live", "polite");
        }
        let text = js::text(&msg);
        return Ok((msg, Some(text)));
    }
    let msg = doc.create_element("span")?;
    let mut id = String::from("cardseal-");
    id.push_str(kind.attr);
    id.push_str("-message-");
    let mut n = alloc::vec::Vec::new();
    crate::json::write_u64(&mut n, NEXT_ID.fetch_add(1, Ordering::Relaxed).into());
    id.push_str(core::str::from_utf8(&n).unwrap_or(""));
    let _ = msg.set_attribute("id", &id);
    let _ = msg.set_attribute("aria-live", "polite");
    let _ = msg.set_attribute("class", "cardseal-message");
    el.insert_adjacent_element("afterend", &msg)?;
    undo.added(&msg);
    let linked = match described {
        Some(d) if !d.trim().is_empty() => {
            let mut d = d;
            d.push(' ');
            d.push_str(&id);
            d
        }
        _ => id,
    };
    undo.set(el, "aria-describedby", &linked);
    Ok((msg, None))
}
