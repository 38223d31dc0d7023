//! As the shopper types: the number and the expiry are reformatted with the caret kept
//! in place, the brand is announced, the CVC's length follows it; on blur an invalid
//! field is marked, and a marked field is cleared as soon as it is right.

use super::markup::Slot;
use super::{js, Field, Inner};
use crate::validate::{self, format, Validation};
use crate::Address;
use alloc::rc::Rc;
use web_sys::Event;
use zeroize::Zeroizing;

/// `input` on the form: reformat, follow the brand, and re-check a marked field.
pub(super) fn on_input(inner: &Rc<Inner>, e: &Event) {
    let Some(f) = inner.field_of(e.target()) else {
        return;
    };
    match f.kind.slot {
        Slot::Number => {
            let v = js::value(&f.el);
            let new = format::number(&v);
            reformat(f, &v, &new);
            inner.set_brand(validate::number(&new).brand);
        }
        Slot::Expiry => {
            let v = js::value(&f.el);
            let new = Zeroizing::new(format::expiry(&v));
            reformat(f, &v, &new);
        }
        _ => {}
    }
    if f.marked.get() {
        inner.recheck(f);
    }
}

/// Writes the reformatted value back, with the caret where the shopper expects it.
fn reformat(f: &Field, old: &str, new: &str) {
    if old == new {
        return;
    }
    let caret = js::caret(&f.el);
    js::set_value(&f.el, new);
    if let Some(c) = caret {
        js::set_caret(&f.el, format::caret(old, new, c));
    }
}

/// `blur` (heard in the capture phase): mark the field if it is invalid. An empty field
/// the shopper only passed through is left alone until submit.
pub(super) fn on_blur(inner: &Rc<Inner>, e: &Event) {
    let Some(f) = inner.field_of(e.target()) else {
        return;
    };
    if js::value(&f.el).trim().is_empty() {
        return;
    }
    if f.kind.slot == Slot::ExpMonth {
        // The year comes next; the pair is judged when it is left.
        if inner
            .slot(Slot::ExpYear)
            .is_some_and(|y| js::value(&y.el).trim().is_empty())
        {
            return;
        }
    }
    inner.recheck(f);
}

impl Inner {
    /// Validates one field as the seal would, in the context of the others (the CVC
    /// against the brand, the phone and postal code against the country).
    pub(super) fn check(&self, f: &Field) -> Validation {
        let v = js::value(&f.el);
        let other = |slot: Slot| self.slot(slot).map(|o| js::value(&o.el));
        match f.kind.slot {
            Slot::Number => validate::number(&v),
            Slot::Expiry => validate::expiry(&v, (self.now)()),
            Slot::ExpMonth | Slot::ExpYear => {
                let m = other(Slot::ExpMonth).unwrap_or_default();
                let y = other(Slot::ExpYear).unwrap_or_default();
                validate::expiry_parts(&m, &y, (self.now)())
            }
            Slot::Cvc => validate::cvc(&v, self.brand.get()),
            Slot::Name => validate::name(&v),
            Slot::Email => validate::email(&v),
            Slot::Phone => {
                validate::phone(&v, other(Slot::Address(5)).as_deref().map(|c| c.as_str()))
            }
            Slot::Address(i) => {
                let mut a = Address::default();
                for m in 0..6 {
                    if let Some(o) = self.slot(Slot::Address(m)) {
                        Slot::Address(m)
                            .put_address(&mut a, core::mem::take(&mut *js::value(&o.el)));
                    }
                }
                validate::address(&a)
                    .members
                    .get(i)
                    .copied()
                    .unwrap_or(Validation::VALID)
            }
        }
    }

    /// Marks or clears `f` after checking it. For a separate month and year, the mark
    /// goes on the month when the month is wrong, else on the year.
    pub(super) fn recheck(&self, f: &Field) {
        let v = self.check(f);
        let mut undo = self.undo.borrow_mut();
        let target = match f.kind.slot {
            Slot::ExpMonth | Slot::ExpYear => self.expiry_target(v.code),
            _ => Some(f),
        };
        if matches!(f.kind.slot, Slot::ExpMonth | Slot::ExpYear) {
            for p in [Slot::ExpMonth, Slot::ExpYear] {
                if let Some(p) = self.slot(p) {
                    p.unmark(&mut undo);
                }
            }
        }
        match (v.valid, v.code, target) {
            (false, Some(code), Some(t)) => t.mark(code, self.locale, &mut undo),
            _ => f.unmark(&mut undo),
        }
    }

    /// The field an expiry error belongs on.
    pub(super) fn expiry_target(&self, code: Option<&str>) -> Option<&Field> {
        if let Some(e) = self.slot(Slot::Expiry) {
            return Some(e);
        }
        let month = self.slot(Slot::ExpMonth);
        let month_wrong = code == Some(validate::MONTH_OUT_OF_RANGE)
            || month.is_some_and(|m| js::value(&m.el).trim().is_empty());
        if month_wrong {
            month.or(self.slot(Slot::ExpYear))
        } else {
            self.slot(Slot::ExpYear).or(month)
        }
    }

    /// Shows a new brand: `data-cardseal-brand` on the form, a `cardseal:brand` event,
    /// and the CVC's `maxlength`.
    fn set_brand(&self, brand: Option<&'static str>) {
        if self.brand.replace(brand) == brand {
            return;
        }
        {
            let mut undo = self.undo.borrow_mut();
            match brand {
                Some(b) => undo.set(&self.form, "data-cardseal-brand", b),
                None => undo.remove(&self.form, "data-cardseal-brand"),
            }
            if let Some(cvc) = self.slot(Slot::Cvc) {
                let len = brand
                    .and_then(validate::brands::by_id)
                    .map_or(4, |b| b.code_len);
                let digit = [b'0' + len.min(9)];
                undo.set(
                    &cvc.el,
                    "maxlength",
                    core::str::from_utf8(&digit).unwrap_or("4"),
                );
            }
        }
        let detail = js::object();
        js::set(
            &detail,
            "brand",
            &brand.map_or(wasm_bindgen::JsValue::NULL, wasm_bindgen::JsValue::from_str),
        );
        js::dispatch(&self.form, "cardseal:brand", &detail, false);
    }
}
