//! Each [`Rule`]'s one home: which `validate.*` validator checks it ([`Rule::validator`]),
//! how one value is checked ([`Rule::check`]) and how a valid value is sealed
//! ([`Rule::normalize`]). Sealing (src/seal/normalize.rs), the address validator and
//! the by-name dispatch of the wasm layer (`validate::by_name`) all go through here.

use super::{Fields, Rule};
use crate::validate::{self, Validation, Validator};
use alloc::string::String;

/// What a rule may need besides the value: the other fields it depends on, and the clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The card number's brand id (for the CVC's length).
    pub brand: Option<&'a str>,
    /// The address's country, when it is valid (for the postal code's format).
    pub country: Option<&'a str>,
    /// The calling code a national phone number is read in.
    pub calling_code: Option<u16>,
    /// Unix seconds (for the expiry).
    pub now: u64,
}

impl Rule {
    /// The `validate.*` validator that checks a field of this rule: a member of a group
    /// (the address) is checked within its group, an expiry part with the expiry.
    pub fn validator(self) -> Validator {
        match self {
            Rule::Number => Validator::Number,
            Rule::Expiry | Rule::ExpiryPart => Validator::Expiry,
            Rule::Cvc => Validator::Cvc,
            Rule::Name => Validator::Name,
            Rule::Email => Validator::Email,
            Rule::Phone => Validator::Phone,
            Rule::Line { .. } | Rule::PostalCode | Rule::Country => Validator::Address,
        }
    }

    /// Checks one value of a field of this rule. An expiry part alone is valid: the
    /// parts are checked together, as the expiry.
    pub fn check(self, value: &str, cx: &Context<'_>) -> Validation {
        match self {
            Rule::Number => validate::number(value),
            Rule::Expiry => validate::expiry(value, cx.now),
            Rule::ExpiryPart => Validation::VALID,
            Rule::Cvc => validate::cvc(value, cx.brand),
            Rule::Name => validate::name(value),
            Rule::Email => validate::email(value),
            Rule::Phone => match validate::phone::to_e164_in(value, cx.calling_code) {
                Ok(_) => Validation::VALID,
                Err(v) => v,
            },
            Rule::Line { required } => validate::address::line(value, required),
            Rule::PostalCode => validate::address::postal_code(value, cx.country),
            Rule::Country => validate::address::country(value),
        }
    }

    /// A value that [`Rule::check`] found valid, in the form it is sealed: the number as
    /// its digits, the phone in E.164, the postal code in its national form, the country
    /// in upper case, any other text trimmed. `None` for the expiry, which is sealed as
    /// its parts.
    pub fn normalize(self, value: &str, cx: &Context<'_>) -> Option<String> {
        match self {
            Rule::Number => Some(digits_only(value)),
            Rule::Expiry | Rule::ExpiryPart => None,
            Rule::Phone => validate::phone::to_e164_in(value, cx.calling_code).ok(),
            Rule::PostalCode => validate::address::normalize_postal_code(value, cx.country).ok(),
            Rule::Country => validate::address::normalize_country(value).ok(),
            Rule::Cvc | Rule::Name | Rule::Email | Rule::Line { .. } => Some(trimmed(value)),
        }
    }
}

/// The expiry the fields give, checked: `expiry`, or else the parts `exp_month` and
/// `exp_year` (a missing part is empty); `None` when none is given.
pub(crate) fn expiry_of(f: &Fields, now: u64) -> Option<Result<(u8, u16), Validation>> {
    match (&f.expiry, &f.exp_month, &f.exp_year) {
        (Some(e), _, _) => Some(validate::expiry::checked(e, now)),
        (None, None, None) => None,
        (None, m, y) => Some(validate::expiry::checked_parts(
            m.as_deref().unwrap_or(""),
            y.as_deref().unwrap_or(""),
            now,
        )),
    }
}

/// The expiry `{ month, year }` of `validate.expiry` read into the parts by their rows'
/// rules ([`Fields::set`]); a part of a wrong type reads as `"?"`, which is not valid.
pub(crate) fn expiry_parts_of(get: &dyn Fn(&str) -> super::Value) -> Fields {
    let mut f = Fields::default();
    for (k, name) in [("month", "exp_month"), ("year", "exp_year")] {
        if f.set(name, get(k)).is_err() {
            let _ = f.set(name, super::Value::Text(String::from("?")));
        }
    }
    f
}

/// Copies the ASCII digits of `s` into a buffer allocated once at the exact size, so no
/// reallocation leaves a copy of the card number behind.
pub(crate) fn digits_only(s: &str) -> String {
    let n = s.bytes().filter(u8::is_ascii_digit).count();
    let mut out = String::with_capacity(n);
    out.extend(s.chars().filter(char::is_ascii_digit));
    out
}

/// A trimmed copy, allocated once at the exact size.
pub(crate) fn trimmed(s: &str) -> String {
    let t = s.trim();
    let mut out = String::with_capacity(t.len());
    out.push_str(t);
    out
}
