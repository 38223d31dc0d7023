//! On submit: validate everything, then seal, write the hidden inputs, clear the
//! sealed fields, announce `cardseal:sealed` and, unless that is cancelled, post.

use super::{js, Inner};
use crate::{Error, Fields, Summary};
use alloc::{rc::Rc, string::String, vec::Vec};
use rand_core::CryptoRngCore;
use wasm_bindgen::JsValue;
use web_sys::{Element, Event};

/// `submit` on the form.
pub(super) fn on_submit(inner: &Rc<Inner>, e: &Event, rng: &mut impl CryptoRngCore) {
    js::call(e, "preventDefault");
    // A second submit while one is being sealed or posted is ignored.
    if inner.busy.replace(true) {
        return;
    }
    let sealed = inner.seal(rng);
    match sealed {
        Ok((jwe, summary)) => {
            inner.write_hidden(&jwe, &summary);
            {
                let mut undo = inner.undo.borrow_mut();
                for f in &inner.fields {
                    js::set_value(&f.el, "");
                    f.unmark(&mut undo);
                }
            }
            let detail = js::object();
            js::set(&detail, "jwe", &jwe.into_js());
            js::set(&detail, "kid", &JsValue::from_str(inner.sealer.kid()));
            js::set(&detail, "summary", &summary_js(&summary));
            let post = js::dispatch(&inner.form, "cardseal:sealed", &detail, true);
            if post && !inner.detached.get() {
                // submit() fires no second submit event and skips constraint validation,
                // which the emptied fields would now fail.
                js::call(&inner.form, "submit");
            } else {
                inner.busy.set(false);
            }
        }
        Err(err) => {
            inner.invalid(&err);
            inner.busy.set(false);
        }
    }
}

/// What a seal gave: one JWE, or one per field.
pub(super) enum Jwe {
    Whole(String),
    Each(Vec<(&'static str, String)>),
}

impl Jwe {
    /// The JWE as `cardseal:sealed` gives it: a string, or `{ number: jwe, … }`.
    fn into_js(self) -> JsValue {
        match self {
            Jwe::Whole(j) => JsValue::from_str(&j),
            Jwe::Each(list) => {
                let o = js::object();
                for (name, j) in &list {
                    js::set(&o, name, &JsValue::from_str(j));
                }
                o.into()
            }
        }
    }
}

impl Inner {
    /// Reads every field into [`Fields`] (moving each zeroizing buffer's contents, never
    /// copying them) and seals.
    fn seal(&self, rng: &mut impl CryptoRngCore) -> Result<(Jwe, Summary), Error> {
        let mut fields = Fields::default();
        for f in &self.fields {
            let mut v = js::value(&f.el);
            f.kind.slot.put(&mut fields, core::mem::take(&mut *v));
        }
        let now = (self.now)();
        if self.options.per_field {
            let s = self.sealer.seal_each(&fields, rng, now)?;
            Ok((Jwe::Each(s.jwes), s.summary))
        } else {
            let s = self.sealer.seal(&fields, rng, now)?;
            Ok((Jwe::Whole(s.jwe), s.summary))
        }
    }

    /// Replaces the hidden inputs of an earlier seal with this one's.
    fn write_hidden(&self, jwe: &Jwe, summary: &Summary) {
        let prefix = self.options.hidden_input_name.as_str();
        let mut undo = self.undo.borrow_mut();
        undo.remove_added(|e| e.get_attribute("data-cardseal-hidden").is_none());
        let mut add = |suffix: &str, value: &str| {
            let Some(doc) = self.form.owner_document() else {
                return;
            };
            let Ok(input) = doc.create_element("input") else {
                return;
            };
            let mut name = String::from(prefix);
            if !suffix.is_empty() {
                name.push('_');
                name.push_str(suffix);
            }
            let _ = input.set_attribute("type", "hidden");
            let _ = input.set_attribute("name", &name);
            let _ = input.set_attribute("data-cardseal-hidden", "");
            js::set_value(&input, value);
            let _ = self.form.insert_adjacent_element("beforeend", &input);
            undo.added(&input);
        };
        match jwe {
            Jwe::Whole(j) => add("", j),
            Jwe::Each(list) => {
                for (name, j) in list {
                    add(name, j);
                }
            }
        }
        add("brand", summary.brand.unwrap_or(""));
        add("last4", summary.last4.as_deref().unwrap_or(""));
    }

    /// Marks every invalid field, focuses the first, and dispatches `cardseal:invalid`
    /// with `{ fields: { number: "LUHN_FAILED", … }, code }`.
    fn invalid(&self, err: &Error) {
        let fields = js::object();
        let mut first: Option<(usize, &Element)> = None;
        {
            let mut undo = self.undo.borrow_mut();
            for f in &self.fields {
                f.unmark(&mut undo);
            }
            if let Error::InvalidFields(list) = err {
                for &(name, code) in list {
                    js::set(&fields, name, &JsValue::from_str(code));
                    let target = if name == "expiry" {
                        self.expiry_target(Some(code))
                    } else {
                        self.fields.iter().find(|f| f.kind.slot.reported_as(name))
                    };
                    if let Some(t) = target {
                        t.mark(code, self.locale, &mut undo);
                        let i = self
                            .fields
                            .iter()
                            .position(|f| core::ptr::eq(f, t))
                            .unwrap_or(0);
                        if first.is_none_or(|(j, _)| i < j) {
                            first = Some((i, &t.el));
                        }
                    }
                }
            }
        }
        if let Some((_, el)) = first {
            js::call(el, "focus");
        }
        let detail = js::object();
        js::set(&detail, "fields", &fields);
        js::set(&detail, "code", &JsValue::from_str(err.code()));
        js::dispatch(&self.form, "cardseal:invalid", &detail, false);
    }
}

/// `{ brand, last4, exp_month, exp_year }`, as `seal` gives it.
fn summary_js(s: &Summary) -> JsValue {
    let o = js::object();
    let opt = |v: Option<&str>| v.map_or(JsValue::NULL, JsValue::from_str);
    js::set(&o, "brand", &opt(s.brand));
    js::set(&o, "last4", &opt(s.last4.as_deref()));
    js::set(
        &o,
        "exp_month",
        &s.exp_month.map_or(JsValue::NULL, JsValue::from),
    );
    js::set(
        &o,
        "exp_year",
        &s.exp_year.map_or(JsValue::NULL, JsValue::from),
    );
    o.into()
}
