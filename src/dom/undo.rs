//! What the binding changed, so that `detach` can put it back.

use alloc::{string::String, vec::Vec};
use web_sys::Element;

/// Original attribute values, recorded the first time the binding changes each one, and
/// the elements it added.
#[derive(Default)]
pub(crate) struct Undo {
    attrs: Vec<(Element, &'static str, Option<String>)>,
    added: Vec<Element>,
}

impl Undo {
    /// Records `attr` of `el` unless it is already recorded.
    fn record(&mut self, el: &Element, attr: &'static str) {
        if !self.attrs.iter().any(|(e, a, _)| *a == attr && e == el) {
            self.attrs.push((el.clone(), attr, el.get_attribute(attr)));
        }
    }

    /// Sets `attr` of `el`, remembering its original value.
    pub fn set(&mut self, el: &Element, attr: &'static str, value: &str) {
        self.record(el, attr);
        let _ = el.set_attribute(attr, value);
    }

    /// Removes `attr` of `el`, remembering its original value.
    pub fn remove(&mut self, el: &Element, attr: &'static str) {
        if el.get_attribute(attr).is_some() {
            self.record(el, attr);
            let _ = el.remove_attribute(attr);
        }
    }

    /// Notes an element the binding added, to be removed by [`Undo::restore`].
    pub fn added(&mut self, el: &Element) {
        self.added.push(el.clone());
    }

    /// Removes every element in `els` that the binding added.
    pub fn remove_added(&mut self, keep: impl Fn(&Element) -> bool) {
        self.added.retain(|e| {
            let k = keep(e);
            if !k {
                super::js::call(e, "remove");
            }
            k
        });
    }

    /// Puts every recorded attribute back, newest change first, and removes every added
    /// element.
    pub fn restore(&mut self) {
        for (el, attr, old) in self.attrs.drain(..).rev() {
            let _ = match old {
                Some(v) => el.set_attribute(attr, &v),
                None => el.remove_attribute(attr),
            };
        }
        for el in self.added.drain(..) {
            super::js::call(&el, "remove");
        }
    }
}
