//! The fields a shopper gives, their normalisation, and the plaintext JSON.

use crate::error::FieldError;
use alloc::{string::String, vec::Vec};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Checkout fields as typed. Every field is optional; give the ones the processor needs.
/// Dropping a `Fields` zeroizes it; `Debug` names only which fields are present.
#[derive(Default, Clone, Zeroize, ZeroizeOnDrop)]
pub struct Fields {
    /// card number; spaces and dashes are allowed
    pub number: Option<String>,
    /// `MM/YY`, `MM / YYYY`, `MMYY`, …; or give `exp_month` and `exp_year`
    pub expiry: Option<String>,
    /// expiry month, 1–12
    pub exp_month: Option<String>,
    /// expiry year, 2 or 4 digits
    pub exp_year: Option<String>,
    /// card security code
    pub cvc: Option<String>,
    /// cardholder name
    pub name: Option<String>,
    /// email address
    pub email: Option<String>,
    /// phone number
    pub phone: Option<String>,
    /// postal address
    pub address: Option<Address>,
}

/// A postal address.
#[derive(Default, Clone, Zeroize, ZeroizeOnDrop)]
pub struct Address {
    /// street line 1
    pub line1: Option<String>,
    /// street line 2
    pub line2: Option<String>,
    /// city
    pub city: Option<String>,
    /// region, state or province
    pub region: Option<String>,
    /// postal code
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country code
    pub country: Option<String>,
}

/// Names the present fields, never their values, as `cardseal-open`'s `Fields` does: a
/// logged `Fields` must not leak the card number or the CVC.
impl core::fmt::Debug for Fields {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let present: Vec<&str> = [
            ("number", self.number.is_some()),
            ("expiry", self.expiry.is_some()),
            ("exp_month", self.exp_month.is_some()),
            ("exp_year", self.exp_year.is_some()),
            ("cvc", self.cvc.is_some()),
            ("name", self.name.is_some()),
            ("email", self.email.is_some()),
            ("phone", self.phone.is_some()),
            ("address", self.address.is_some()),
        ]
        .into_iter()
        .filter_map(|(n, p)| p.then_some(n))
        .collect();
        f.debug_tuple("Fields").field(&present).finish()
    }
}

/// Redacted, like [`Fields`].
impl core::fmt::Debug for Address {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Address(..)")
    }
}

/// Fields after validation, in the form they are sealed.
#[derive(Default)]
pub(crate) struct Normalized {
    pub number: Option<Zeroizing<String>>,
    pub exp: Option<(u8, u16)>,
    pub cvc: Option<Zeroizing<String>>,
    pub name: Option<Zeroizing<String>>,
    pub email: Option<Zeroizing<String>>,
    pub phone: Option<Zeroizing<String>>,
    pub address: Option<[Option<Zeroizing<String>>; 6]>,
}

/// A plaintext member: the field names of DESIGN §2, in order.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Member {
    Number,
    ExpMonth,
    ExpYear,
    Cvc,
    Name,
    Email,
    Phone,
    Address,
}

impl Member {
    pub const ALL: [Member; 8] = [
        Member::Number,
        Member::ExpMonth,
        Member::ExpYear,
        Member::Cvc,
        Member::Name,
        Member::Email,
        Member::Phone,
        Member::Address,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Member::Number => "number",
            Member::ExpMonth => "exp_month",
            Member::ExpYear => "exp_year",
            Member::Cvc => "cvc",
            Member::Name => "name",
            Member::Email => "email",
            Member::Phone => "phone",
            Member::Address => "address",
        }
    }
}

impl Normalized {
    pub fn has(&self, m: Member) -> bool {
        match m {
            Member::Number => self.number.is_some(),
            Member::ExpMonth | Member::ExpYear => self.exp.is_some(),
            Member::Cvc => self.cvc.is_some(),
            Member::Name => self.name.is_some(),
            Member::Email => self.email.is_some(),
            Member::Phone => self.phone.is_some(),
            Member::Address => self.address.is_some(),
        }
    }

    fn text_len(&self) -> usize {
        let l = |s: &Option<Zeroizing<String>>| s.as_ref().map_or(0, |s| s.len());
        l(&self.number)
            + l(&self.cvc)
            + l(&self.name)
            + l(&self.email)
            + l(&self.phone)
            + self.address.as_ref().map_or(0, |a| a.iter().map(l).sum())
    }

    /// The plaintext JSON holding `only` the given members (all present ones when
    /// `None`). The buffer is allocated once, large enough for the worst case of
    /// escaping, so no reallocation leaves an unzeroed copy of a field behind.
    pub fn plaintext(&self, only: Option<Member>) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(self.text_len() * 6 + 256));
        out.push(b'{');
        let mut first = true;
        for m in Member::ALL {
            if only.is_some_and(|o| o != m) || !self.has(m) {
                continue;
            }
            if !first {
                out.push(b',');
            }
            first = false;
            crate::json::write_str(&mut out, m.name());
            out.push(b':');
            let s = |out: &mut Vec<u8>, v: &Option<Zeroizing<String>>| {
                crate::json::write_str(out, v.as_deref().map_or("", |s| s.as_str()))
            };
            match m {
                Member::Number => s(&mut out, &self.number),
                Member::ExpMonth => {
                    crate::json::write_u64(&mut out, self.exp.map_or(0, |e| e.0.into()))
                }
                Member::ExpYear => {
                    crate::json::write_u64(&mut out, self.exp.map_or(0, |e| e.1.into()))
                }
                Member::Cvc => s(&mut out, &self.cvc),
                Member::Name => s(&mut out, &self.name),
                Member::Email => s(&mut out, &self.email),
                Member::Phone => s(&mut out, &self.phone),
                Member::Address => {
                    out.push(b'{');
                    let mut first = true;
                    for (k, v) in crate::validate::address::MEMBERS
                        .iter()
                        .zip(self.address.iter().flatten())
                    {
                        if v.is_none() {
                            continue;
                        }
                        if !first {
                            out.push(b',');
                        }
                        first = false;
                        crate::json::write_str(&mut out, k);
                        out.push(b':');
                        s(&mut out, v);
                    }
                    out.push(b'}');
                }
            }
        }
        out.push(b'}');
        out
    }
}

/// A trimmed, non-empty copy of an optional field.
fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Copies the ASCII digits of `s` into a zeroizing buffer allocated once at the exact
/// size, so no reallocation leaves a copy of the card number behind.
fn digits_only(s: &str) -> Zeroizing<String> {
    let n = s.bytes().filter(u8::is_ascii_digit).count();
    let mut out = Zeroizing::new(String::with_capacity(n));
    out.extend(s.chars().filter(char::is_ascii_digit));
    out
}

/// A trimmed copy in a zeroizing buffer of the exact size.
fn trimmed(s: &str) -> Zeroizing<String> {
    let t = s.trim();
    let mut out = Zeroizing::new(String::with_capacity(t.len()));
    out.push_str(t);
    out
}

/// Checks the fields with [`crate::validate`] and normalises them: the number to its
/// digits, the expiry to month and four-digit year, the phone to E.164 (a national
/// number is read in the address's country), the postal code to its national form and
/// the country to upper case. `now` (Unix seconds) is the clock for the expiry.
pub(crate) fn normalize(f: &Fields, now: u64) -> Result<Normalized, Vec<FieldError>> {
    use crate::validate;
    let mut errors: Vec<FieldError> = Vec::new();
    let mut n = Normalized::default();
    let mut check = |field: &'static str, v: validate::Validation| {
        if let (false, Some(code)) = (v.valid, v.code) {
            errors.push((field, code));
        }
        v.valid
    };

    let mut brand = None;
    if let Some(raw) = &f.number {
        let v = validate::number(raw);
        brand = v.brand;
        if check("number", v) {
            n.number = Some(digits_only(raw));
        }
    }

    let exp = match (&f.expiry, &f.exp_month, &f.exp_year) {
        (Some(e), _, _) => Some(validate::expiry::checked(e, now)),
        (None, None, None) => None,
        (None, m, y) => Some(validate::expiry::checked_parts(
            m.as_deref().unwrap_or(""),
            y.as_deref().unwrap_or(""),
            now,
        )),
    };
    match exp {
        None => {}
        Some(Ok(e)) => n.exp = Some(e),
        Some(Err(v)) => {
            check("expiry", v);
        }
    }

    if let Some(raw) = &f.cvc {
        if check("cvc", validate::cvc(raw, brand)) {
            n.cvc = Some(trimmed(raw));
        }
    }
    if let Some(raw) = &f.name {
        if check("name", validate::name(raw)) {
            n.name = Some(trimmed(raw));
        }
    }
    if let Some(raw) = &f.email {
        if check("email", validate::email(raw)) {
            n.email = Some(trimmed(raw));
        }
    }

    let country = f.address.as_ref().and_then(|a| present(&a.country));
    if let Some(raw) = &f.phone {
        match validate::phone::to_e164(raw, country) {
            Ok(p) => n.phone = Some(Zeroizing::new(p)),
            Err(v) => {
                check("phone", v);
            }
        }
    }

    if let Some(a) = &f.address {
        let parts = [
            &a.line1,
            &a.line2,
            &a.city,
            &a.region,
            &a.postal_code,
            &a.country,
        ];
        if parts.iter().any(|p| present(p).is_some()) {
            let v = validate::address(a);
            if let (Some(member), Some(code)) = (v.field, v.code) {
                // Report as "address.postal_code" etc.: the member the shopper must fix.
                errors.push((address_field(member), code));
            } else {
                let country = present(&a.country).unwrap_or("");
                let postal = validate::address::normalize_postal_code(
                    a.postal_code.as_deref().unwrap_or(""),
                    Some(country),
                );
                let mut out = parts.map(|p| present(p).map(trimmed));
                out[4] = postal.ok().filter(|p| !p.is_empty()).map(Zeroizing::new);
                out[5] = validate::address::normalize_country(country)
                    .ok()
                    .map(Zeroizing::new);
                n.address = Some(out);
            }
        }
    }

    if errors.is_empty() {
        Ok(n)
    } else {
        Err(errors)
    }
}

/// The error field name of an address member: `address.line1`, …
fn address_field(member: &str) -> &'static str {
    match member {
        "line1" => "address.line1",
        "line2" => "address.line2",
        "city" => "address.city",
        "region" => "address.region",
        "postal_code" => "address.postal_code",
        _ => "address.country",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-22T00:00:00Z.
    const NOW: u64 = 20_779 * 86_400;

    /// Fields from `(name, value)` pairs; `address.*` names fill the address.
    fn fields(pairs: &[(&str, &str)]) -> Fields {
        let mut f = Fields::default();
        let mut a = Address::default();
        for &(k, v) in pairs {
            let v = Some(String::from(v));
            match k {
                "number" => f.number = v,
                "expiry" => f.expiry = v,
                "exp_month" => f.exp_month = v,
                "exp_year" => f.exp_year = v,
                "cvc" => f.cvc = v,
                "name" => f.name = v,
                "email" => f.email = v,
                "phone" => f.phone = v,
                "address.line1" => a.line1 = v,
                "address.city" => a.city = v,
                "address.postal_code" => a.postal_code = v,
                "address.country" => a.country = v,
                _ => panic!("{k}"),
            }
        }
        if pairs.iter().any(|(k, _)| k.starts_with("address.")) {
            f.address = Some(a);
        }
        f
    }

    fn plain(f: &Fields) -> String {
        let n = normalize(f, NOW).unwrap_or_else(|e| panic!("{e:?}"));
        String::from_utf8_lossy(&n.plaintext(None)).into_owned()
    }

    fn errors(pairs: &[(&str, &str)], now: u64) -> Option<Vec<FieldError>> {
        normalize(&fields(pairs), now).err()
    }

    #[test]
    fn seals_normalised_fields() {
        let f = fields(&[
            ("number", " 4111-1111 1111-1111 "),
            ("expiry", "11 / 26"),
            ("cvc", " 123 "),
            ("name", "  Budi Santoso "),
            ("email", " budi@example.co.id"),
            ("phone", "0812-3456-7890"),
            ("address.line1", "Jl. Sudirman No. 1"),
            ("address.city", "Jakarta"),
            ("address.postal_code", " 10220 "),
            ("address.country", "id"),
        ]);
        assert_eq!(
            plain(&f),
            r#"{"number":"4111111111111111","exp_month":11,"exp_year":2026,"cvc":"123","name":"Budi Santoso","email":"budi@example.co.id","phone":"+6281234567890","address":{"line1":"Jl. Sudirman No. 1","city":"Jakarta","postal_code":"10220","country":"ID"}}"#
        );
        let f = fields(&[
            ("exp_month", "3"),
            ("exp_year", "2030"),
            ("phone", "+44 20 7946 0958"),
            ("address.line1", "10 Downing St"),
            ("address.city", "London"),
            ("address.postal_code", "sw1a2aa"),
            ("address.country", "gb"),
        ]);
        assert_eq!(
            plain(&f),
            r#"{"exp_month":3,"exp_year":2030,"phone":"+442079460958","address":{"line1":"10 Downing St","city":"London","postal_code":"SW1A 2AA","country":"GB"}}"#
        );
    }

    #[test]
    fn refuses_invalid_fields_with_codes() {
        let e = errors(
            &[
                ("number", "4111 1111 1111 1112"),
                ("expiry", "10/26"),
                ("cvc", "1234"),
                ("name", "R2D2"),
                ("email", "budi@"),
                ("phone", "0812-3456-7890"),
                ("address.line1", "Jl. X"),
                ("address.city", "Jakarta"),
                ("address.postal_code", "1022"),
                ("address.country", "ID"),
            ],
            NOW,
        );
        let want: &[FieldError] = &[
            ("number", "LUHN_FAILED"),
            ("expiry", "EXPIRED"),
            ("cvc", "TOO_LONG"),
            ("name", "INVALID_CHARACTERS"),
            ("email", "INVALID_EMAIL"),
            ("address.postal_code", "INVALID_POSTAL_CODE"),
        ];
        assert_eq!(e.as_deref(), Some(want));
        // A national phone number needs the address's country.
        let e = errors(&[("phone", "0812-3456-7890")], NOW);
        assert_eq!(e.as_deref(), Some(&[("phone", "MISSING_COUNTRY_CODE")][..]));
        // The CVC length follows the card's brand.
        let e = errors(&[("number", "378282246310005"), ("cvc", "123")], NOW);
        assert_eq!(e.as_deref(), Some(&[("cvc", "TOO_SHORT")][..]));
        // Empty strings are refused, not skipped; an expiry needs both parts.
        let e = errors(&[("number", ""), ("exp_month", "12")], NOW);
        assert_eq!(
            e.as_deref(),
            Some(&[("number", "EMPTY"), ("expiry", "INCOMPLETE")][..])
        );
    }

    #[test]
    fn the_clock_decides_expiry() {
        let dec1 = crate::key::days_from_civil(2026, 12, 1) as u64 * 86_400;
        assert_eq!(errors(&[("expiry", "11/26")], dec1 - 1), None);
        assert_eq!(
            errors(&[("expiry", "11/26")], dec1).as_deref(),
            Some(&[("expiry", "EXPIRED")][..])
        );
    }

    #[test]
    fn number_buffer_is_exact() {
        let d = digits_only("4111-1111 1111-1111");
        assert_eq!((d.as_str(), d.capacity()), ("4111111111111111", 16));
    }
}
