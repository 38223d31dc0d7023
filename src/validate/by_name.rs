//! The validators by name, as `validate.*` in the package calls them: the one dispatch
//! the wasm layer (src/wasm/validate.rs) marshals to. The field table names each field's
//! validator through its rule ([`crate::fields::Rule::validator`]).

use super::{address, AddressValidation, Validation};
use crate::fields::{self, Address, Fields, Rule, Value};
use alloc::string::String;

/// A validator of `validate.*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validator {
    /// `number(value)`: adds the brand.
    Number,
    /// `expiry(value, now)`: `value` a string or `{ month, year }`.
    Expiry,
    /// `cvc(value, brand)`.
    Cvc,
    /// `name(value)`.
    Name,
    /// `email(value)`.
    Email,
    /// `phone(value, defaultCountry)`: adds the number in E.164.
    Phone,
    /// `address(obj)`: adds each member's result.
    Address,
}

/// Every validator with its name, once.
const NAMES: [(Validator, &str); 7] = [
    (Validator::Number, "number"),
    (Validator::Expiry, "expiry"),
    (Validator::Cvc, "cvc"),
    (Validator::Name, "name"),
    (Validator::Email, "email"),
    (Validator::Phone, "phone"),
    (Validator::Address, "address"),
];

impl Validator {
    /// Its name in `validate.*`: `number`, `expiry`, …
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(v, _)| *v == self)
            .map_or("", |(_, n)| n)
    }

    /// The validator named `name`, if any.
    pub fn named(name: &str) -> Option<Validator> {
        NAMES.iter().find(|(_, n)| *n == name).map(|(v, _)| *v)
    }
}

/// A value given to a validator, as JS gives it.
pub enum Input<'a> {
    /// A value that is not an object: its text, `""` for anything but a string.
    Text(&'a str),
    /// An object, read by its members' names (`{ month, year }`, `{ city, … }`):
    /// each member's value, untyped.
    Object(&'a dyn Fn(&str) -> Value),
}

/// What a validator returns beyond its [`Validation`].
pub enum Detail {
    /// Nothing more.
    None,
    /// The card brand ([`Validation::brand`]), even when not known yet.
    Brand,
    /// The phone number in E.164, when valid.
    E164(Option<String>),
    /// Each member of the address, and the first invalid one.
    Address(AddressValidation),
}

/// A validator's result: the whole, and what more it tells.
pub struct Checked {
    /// Whether the value is valid, could become valid, and why not.
    pub validation: Validation,
    /// What more it tells.
    pub detail: Detail,
}

/// Runs the validator named `validator` on `input`. `extra` is the second argument of
/// `validate.*` as text (the brand of `cvc`, the default country of `phone`); `now_ms`
/// the expiry's clock in milliseconds since the epoch (before the epoch, or not a number,
/// reads as the epoch). Never fails: an unknown validator gives `UNKNOWN_FIELD`.
pub fn by_name(validator: &str, input: Input<'_>, extra: Option<&str>, now_ms: f64) -> Checked {
    let text = match &input {
        Input::Text(t) => *t,
        Input::Object(_) => "",
    };
    let now = if now_ms > 0.0 {
        (now_ms / 1000.0) as u64
    } else {
        0
    };
    let plain = |validation| Checked {
        validation,
        detail: Detail::None,
    };
    let Some(v) = Validator::named(validator) else {
        return plain(Validation::invalid(fields::UNKNOWN_FIELD, false));
    };
    let cx = fields::Context {
        brand: extra,
        now,
        ..fields::Context::default()
    };
    match (v, input) {
        (Validator::Number, _) => Checked {
            validation: Rule::Number.check(text, &cx),
            detail: Detail::Brand,
        },
        (Validator::Expiry, Input::Object(get)) => {
            let f = fields::rule::expiry_parts_of(get);
            let part = |name| f.get(name).unwrap_or("");
            plain(super::expiry_parts(
                part("exp_month"),
                part("exp_year"),
                now,
            ))
        }
        (Validator::Expiry, Input::Text(t)) => plain(Rule::Expiry.check(t, &cx)),
        (Validator::Cvc, _) => plain(Rule::Cvc.check(text, &cx)),
        (Validator::Name, _) => plain(Rule::Name.check(text, &cx)),
        (Validator::Email, _) => plain(Rule::Email.check(text, &cx)),
        (Validator::Phone, _) => {
            let (validation, e164) = match super::phone::to_e164(text, extra) {
                Ok(p) => (Validation::VALID, Some(p)),
                Err(v) => (v, None),
            };
            Checked {
                validation,
                detail: Detail::E164(e164),
            }
        }
        (Validator::Address, input) => {
            let mut f = Fields::default();
            if let Input::Object(get) = input {
                for row in fields::FIELDS.iter().filter(|r| r.rule.validator() == v) {
                    // Values the table refuses are left out: validators never throw.
                    let _ = f.set(row.name, get(row.member()));
                }
            }
            let a = address(f.address.as_ref().unwrap_or(&Address::default()));
            Checked {
                validation: Validation {
                    valid: a.valid,
                    potentially_valid: a.potentially_valid,
                    code: a.code,
                    brand: None,
                },
                detail: Detail::Address(a),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_dispatch() {
        for (v, name) in NAMES {
            assert_eq!((Validator::named(name), v.name()), (Some(v), name));
        }
        // Every row's validator is one of them.
        for f in fields::FIELDS {
            assert!(!f.rule.validator().name().is_empty(), "{}", f.name);
        }
        let code = |c: Checked| c.validation.code;
        assert_eq!(
            code(by_name("nope", Input::Text(""), None, 0.0)),
            Some(fields::UNKNOWN_FIELD)
        );
        let c = by_name("number", Input::Text("4111 1111 1111 1111"), None, 0.0);
        assert!(c.validation.valid && matches!(c.detail, Detail::Brand));
        assert_eq!(c.validation.brand, Some("visa"));
        // `{ month, year }`: a part of a wrong type reads as "?", not as missing.
        let month = |m: Value| {
            let m = core::cell::RefCell::new(Some(m));
            let get = move |k: &str| match k {
                "month" => m.borrow_mut().take().unwrap_or(Value::Absent),
                _ => Value::Text(String::from("2034")),
            };
            by_name("expiry", Input::Object(&get), None, 1.79e12).validation
        };
        assert!(month(Value::Number(12.0)).valid);
        assert!(!month(Value::Other).potentially_valid);
        assert_eq!(
            month(Value::Absent).code,
            month(Value::Text(String::new())).code
        );
        // The clock in milliseconds, clamped at the epoch.
        let expired = |ms| code(by_name("expiry", Input::Text("12/2034"), None, ms));
        assert_eq!(expired(1.79e12), None);
        assert_ne!(expired(0.0), None);
        assert_eq!(expired(f64::NAN), expired(0.0));
        assert_eq!(expired(-1.0e12), expired(0.0));
        assert_eq!(expired(3.0e12), Some(super::super::EXPIRED));
    }
}
