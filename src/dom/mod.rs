//! The checkout-form binding behind `sealer.attach(form, options)` (DESIGN §3; wasm32
//! only). It finds the fields by their `data-cardseal` attributes, formats and checks
//! them as the shopper types, and on submit replaces them with a JWE in hidden inputs.
//! One file per concern: [`markup`] (the attribute names), `prepare` (names, autofill
//! hints, message elements), `typing` (input and blur), `mark` (invalid fields),
//! `submit` (validate, seal, post) and `undo` (what `detach` restores).
//!
//! Every value read from an input lives in a zeroizing buffer and is moved, not
//! copied, into the [`Fields`](crate::Fields) that are sealed.

mod js;
mod mark;
pub(crate) mod markup;
mod prepare;
mod submit;
mod typing;
mod undo;

use crate::messages::Locale;
use crate::Sealer;
use alloc::{rc::Rc, string::String, vec::Vec};
use core::cell::{Cell, RefCell};
use markup::Kind;
use rand_core::CryptoRngCore;
use undo::Undo;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{Element, Event, EventTarget, HtmlFormElement};

/// The options of `attach`.
#[derive(Debug, Clone)]
pub struct Options {
    /// The name of the hidden input that receives the JWE, and the prefix of the others
    /// (`cardseal_brand`, `cardseal_last4`, and per field `cardseal_number`, …).
    pub hidden_input_name: String,
    /// One JWE per field instead of one for the whole form.
    pub per_field: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            hidden_input_name: "cardseal".into(),
            per_field: false,
        }
    }
}

impl Options {
    /// Reads `{ hiddenInputName, perField }`; anything missing or of the wrong type
    /// keeps its default.
    pub fn from_js(v: &JsValue) -> Options {
        let mut o = Options::default();
        if let Some(name) = js::get(v, "hiddenInputName")
            .as_string()
            .filter(|n| !n.is_empty())
        {
            o.hidden_input_name = name;
        }
        o.per_field = js::get(v, "perField").is_truthy();
        o
    }
}

/// One bound field.
pub(crate) struct Field {
    pub kind: &'static Kind,
    pub el: Element,
    /// The element its messages go in, linked by `aria-describedby`.
    pub msg: Element,
    /// The text of a message element the shop wrote, shown again when the mark clears.
    pub msg_text: Option<String>,
    pub marked: Cell<bool>,
}

/// Everything the listeners share.
pub(crate) struct Inner {
    sealer: Sealer,
    locale: Locale,
    options: Options,
    form: HtmlFormElement,
    fields: Vec<Field>,
    now: fn() -> u64,
    /// The brand the number shows so far.
    brand: Cell<Option<&'static str>>,
    /// Set from a submit until its outcome is known; stays set once the form posts.
    busy: Cell<bool>,
    detached: Cell<bool>,
    undo: RefCell<Undo>,
}

/// A listener's body.
type Handler = fn(&Rc<Inner>, &Event);

struct Listener {
    ty: &'static str,
    capture: bool,
    cb: Closure<dyn FnMut(Event)>,
}

/// A form bound by [`attach`]. [`Binding::detach`] undoes the binding; dropping it
/// without detaching leaves the form bound.
pub struct Binding {
    inner: Option<Rc<Inner>>,
    listeners: Vec<Listener>,
}

/// Binds `form`: finds its `data-cardseal` fields, removes their `name`s (with one
/// console warning each), sets `autocomplete` and `inputmode` where missing, links a
/// message element to each, and listens for `input`, `blur` and `submit`. `rng` and
/// `now` (Unix seconds) serve the seals.
pub fn attach<R: CryptoRngCore + 'static>(
    sealer: Sealer,
    locale: Locale,
    form: HtmlFormElement,
    options: Options,
    mut rng: R,
    now: fn() -> u64,
) -> Result<Binding, JsValue> {
    let mut undo = Undo::default();
    let fields = prepare::fields(&form, &mut undo)?;
    let inner = Rc::new(Inner {
        sealer,
        locale,
        options,
        form,
        fields,
        now,
        brand: Cell::new(None),
        busy: Cell::new(false),
        detached: Cell::new(false),
        undo: RefCell::new(undo),
    });
    // `blur` does not bubble: the form hears it, and `input`, in the capture phase.
    let handlers: [(&'static str, bool, Handler); 2] = [
        ("input", true, typing::on_input),
        ("blur", true, typing::on_blur),
    ];
    let mut listeners = Vec::new();
    for (ty, capture, handler) in handlers {
        let shared = Rc::clone(&inner);
        let cb = Closure::<dyn FnMut(Event)>::new(move |e: Event| handler(&shared, &e));
        listeners.push(Listener { ty, capture, cb });
    }
    // The RNG belongs to the submit listener: the sealing code is compiled once, for the
    // caller's RNG type.
    let shared = Rc::clone(&inner);
    let cb =
        Closure::<dyn FnMut(Event)>::new(move |e: Event| submit::on_submit(&shared, &e, &mut rng));
    listeners.push(Listener {
        ty: "submit",
        capture: false,
        cb,
    });
    for l in &listeners {
        let f = l.cb.as_ref().unchecked_ref();
        inner
            .form
            .add_event_listener_with_callback_and_bool(l.ty, f, l.capture)?;
    }
    Ok(Binding {
        inner: Some(inner),
        listeners,
    })
}

impl Binding {
    /// Removes every listener and element the binding added and restores every attribute
    /// it changed, except the `name`s it stripped. Calling it again does nothing.
    pub fn detach(&mut self) {
        let Some(inner) = self.inner.take() else {
            return;
        };
        let target: &EventTarget = inner.form.as_ref();
        for l in self.listeners.drain(..) {
            let _ = target.remove_event_listener_with_callback_and_bool(
                l.ty,
                l.cb.as_ref().unchecked_ref(),
                l.capture,
            );
        }
        inner.detached.set(true);
        for f in &inner.fields {
            if let Some(text) = &f.msg_text {
                js::set_text(&f.msg, text);
            }
        }
        inner.undo.borrow_mut().restore();
    }
}

impl Drop for Binding {
    fn drop(&mut self) {
        // Freed from JS without detach(): the listeners must keep working, so their
        // closures (and the state they share) live on with the form.
        for l in self.listeners.drain(..) {
            l.cb.forget();
        }
    }
}

impl Inner {
    /// The bound field whose element is `target`.
    fn field_of(&self, target: Option<EventTarget>) -> Option<&Field> {
        let t = JsValue::from(target?);
        self.fields
            .iter()
            .find(|f| AsRef::<JsValue>::as_ref(&f.el) == &t)
    }

    /// The first field of `slot`.
    fn slot(&self, slot: markup::Slot) -> Option<&Field> {
        self.fields.iter().find(|f| f.kind.slot == slot)
    }
}
