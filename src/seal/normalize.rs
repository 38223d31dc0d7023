//! Normalisation: the fields as typed in, checked with [`crate::validate`], out in the
//! form they are sealed. The fields themselves and the plaintext JSON are the field
//! table's ([`crate::fields`]); what is here are the rules per field.

use crate::error::FieldError;
use crate::fields::rule::expiry_of;
use crate::fields::{Address, Context, Fields, Rule, Value, FIELDS};
use crate::validate;
use alloc::{string::String, vec::Vec};
use zeroize::Zeroizing;

/// Fields after validation, in the form they are sealed: the number as digits, the
/// expiry as `exp_month` and a four-digit `exp_year`, the phone in E.164, the postal code
/// in its national form, the country in upper case, everything else trimmed.
pub(crate) struct Normalized {
    pub fields: Fields,
    /// the card brand, when the number is known
    pub brand: Option<&'static str>,
    /// `(month, year)`
    pub exp: Option<(u8, u16)>,
}

/// A trimmed, non-empty copy of an optional field.
fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Decimal digits of `n`.
fn decimal(n: u64) -> String {
    let mut out = Vec::with_capacity(4);
    crate::json::write_u64(&mut out, n);
    out.into_iter().map(char::from).collect()
}

/// Checks the fields with [`crate::validate`] and normalises them (see [`Normalized`]).
/// A national phone number is read in the address's country, or else in the country of
/// `default_code` (the sealer's default, as its calling code). `now` (Unix seconds) is
/// the clock for the expiry. Fields are checked in table order, each by its row's
/// [`Rule`] ([`Rule::check`], then [`Rule::normalize`]), so errors come in that order;
/// the expiry is checked as its parts, the address as a whole. Fields that
/// [`Fields::set`] refused a name for are refused too, with the errors of the others
/// (perhaps none).
pub(crate) fn normalize(
    f: &Fields,
    default_code: Option<u16>,
    now: u64,
) -> Result<Normalized, Vec<FieldError>> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut n = Normalized {
        fields: Fields::default(),
        brand: None,
        exp: None,
    };
    let mut check = |field: &'static str, v: validate::Validation| {
        if let (false, Some(code)) = (v.valid, v.code) {
            errors.push((field, code));
        }
        v.valid
    };
    // The address's country, when given (even one that is not a country), else the default.
    let country = FIELDS.iter().find(|r| r.rule == Rule::Country);
    let mut cx = Context {
        calling_code: match country.and_then(|r| present_str(f.get(r.name))) {
            Some(c) => crate::validate::countries::calling_code(c),
            None => default_code,
        },
        now,
        ..Context::default()
    };

    for row in FIELDS.iter().filter(|r| r.group() == r.name) {
        match row.rule {
            // The expiry parts are read together, as `expiry` or `exp_month` + `exp_year`.
            Rule::Expiry => match expiry_of(f, now) {
                None => {}
                Some(Ok((m, y))) => {
                    n.exp = Some((m, y));
                    n.fields.exp_month = Some(decimal(m.into()));
                    n.fields.exp_year = Some(decimal(y.into()));
                }
                Some(Err(v)) => {
                    check(row.name, v);
                }
            },
            Rule::ExpiryPart => {}
            rule => {
                let Some(raw) = f.get(row.name) else { continue };
                let v = rule.check(raw, &cx);
                if v.brand.is_some() {
                    cx.brand = v.brand;
                    n.brand = v.brand;
                }
                if check(row.name, v) {
                    if let Some(value) = rule.normalize(raw, &cx) {
                        // Infallible: the row exists and takes text.
                        let _ = n.fields.set(row.name, Value::Text(value));
                    }
                }
            }
        }
    }

    if let Some(a) = &f.address {
        match address(f, a) {
            Ok(Some(a)) => n.fields.address = Some(a),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }

    // Fields that refused a name (a typo such as `nmae`) are not sealed; their reader
    // reports the refused names with these errors, so a typo hides none of them.
    if errors.is_empty() && !f.refused() {
        Ok(n)
    } else {
        Err(errors)
    }
}

/// An address, normalised; `None` when no member is given, an error naming the member
/// the shopper must fix (`address.postal_code`).
fn address(f: &Fields, a: &Address) -> Result<Option<Address>, FieldError> {
    let members = || FIELDS.iter().filter(|r| r.group() == "address");
    if members().all(|r| present_str(f.get(r.name)).is_none()) {
        return Ok(None);
    }
    let v = validate::address(a);
    if let (Some(member), Some(code)) = (v.field, v.code) {
        let name = members()
            .find(|r| r.member() == member)
            .map_or("address", |r| r.name);
        return Err((name, code));
    }
    let cx = Context {
        country: Some(present(&a.country).unwrap_or("")),
        ..Context::default()
    };
    let mut out = Fields::default();
    for r in members() {
        let Some(raw) = present_str(f.get(r.name)) else {
            continue;
        };
        if let Some(v) = r.rule.normalize(raw, &cx).filter(|v| !v.is_empty()) {
            // Infallible: the row exists and takes text.
            let _ = out.set(r.name, Value::Text(v));
        }
    }
    Ok(out.address.take())
}

/// A trimmed, non-empty value.
fn present_str(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|s| !s.is_empty())
}

impl Normalized {
    /// The plaintext JSON of all fields, or only of the top-level member `only`.
    pub fn plaintext(&self, only: Option<&str>) -> Zeroizing<Vec<u8>> {
        self.fields.write_json(only)
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
        for &(k, v) in pairs {
            f.set(k, crate::fields::Value::Text(String::from(v)))
                .unwrap_or_else(|e| panic!("{k}: {e}"));
        }
        f
    }

    fn plain(f: &Fields) -> String {
        let n = normalize(f, None, NOW).unwrap_or_else(|e| panic!("{e:?}"));
        String::from_utf8_lossy(&n.plaintext(None)).into_owned()
    }

    fn errors(pairs: &[(&str, &str)], now: u64) -> Option<Vec<FieldError>> {
        normalize(&fields(pairs), None, now).err()
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
    fn a_default_country_reads_national_phones() {
        let f = fields(&[("phone", "0812-3456-7890")]);
        let n = normalize(&f, Some(62), NOW).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(n.fields.phone.as_deref(), Some("+6281234567890"));
        // The address's country comes first.
        let f = fields(&[
            ("phone", "020 7946 0958"),
            ("address.line1", "10 Downing St"),
            ("address.city", "London"),
            ("address.postal_code", "SW1A 2AA"),
            ("address.country", "GB"),
        ]);
        let n = normalize(&f, Some(62), NOW).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(n.fields.phone.as_deref(), Some("+442079460958"));
        // No default: nothing to place it in.
        let e = normalize(&fields(&[("phone", "0812-3456-7890")]), None, NOW).err();
        assert_eq!(e.as_deref(), Some(&[("phone", "MISSING_COUNTRY_CODE")][..]));
    }

    #[test]
    fn the_clock_decides_expiry() {
        let dec1 = crate::date::days_from_civil(2026, 12, 1) as u64 * 86_400;
        assert_eq!(errors(&[("expiry", "11/26")], dec1 - 1), None);
        assert_eq!(
            errors(&[("expiry", "11/26")], dec1).as_deref(),
            Some(&[("expiry", "EXPIRED")][..])
        );
    }

    #[test]
    fn number_buffer_is_exact() {
        let d = crate::fields::rule::digits_only("4111-1111 1111-1111");
        assert_eq!((d.as_str(), d.capacity()), ("4111111111111111", 16));
    }
}
