//! The fields a shopper gives, their normalisation, and the plaintext JSON.

use crate::error::FieldError;
use alloc::{string::String, vec::Vec};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Checkout fields as typed. Every field is optional; give the ones the processor needs.
/// Dropping a `Fields` zeroizes it.
#[derive(Debug, Default, Clone, Zeroize, ZeroizeOnDrop)]
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
#[derive(Debug, Default, Clone, Zeroize, ZeroizeOnDrop)]
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

/// Address member names, in plaintext order.
pub(crate) const ADDRESS_KEYS: [&str; 6] =
    ["line1", "line2", "city", "region", "postal_code", "country"];

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
                Member::ExpMonth => crate::json::write_u64(&mut out, self.exp.map_or(0, |e| e.0.into())),
                Member::ExpYear => crate::json::write_u64(&mut out, self.exp.map_or(0, |e| e.1.into())),
                Member::Cvc => s(&mut out, &self.cvc),
                Member::Name => s(&mut out, &self.name),
                Member::Email => s(&mut out, &self.email),
                Member::Phone => s(&mut out, &self.phone),
                Member::Address => {
                    out.push(b'{');
                    let mut first = true;
                    for (k, v) in ADDRESS_KEYS.iter().zip(self.address.iter().flatten()) {
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

/// Copies `s` keeping only ASCII digits, into a zeroizing buffer sized up front.
fn digits_only(s: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(s.len()));
    out.extend(s.chars().filter(char::is_ascii_digit));
    out
}

/// Parses an expiry such as `MM/YY`, `MM / YYYY`, `MM-YY` or `MMYY`.
pub(crate) fn parse_expiry(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    let (m, y) = match s.split_once(['/', '-']) {
        Some((m, y)) => (m.trim(), y.trim()),
        None if s.len() == 4 || s.len() == 6 => s.split_at_checked(2)?,
        None => return None,
    };
    let num = |t: &str, lens: &[usize]| {
        (lens.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    Some((num(m, &[1, 2])?, num(y, &[2, 4])?))
}

/// Checks and normalises the fields. Until the full validators land, this refuses what
/// can never be right: a number with other characters than digits, spaces and dashes,
/// or of impossible length; an unreadable expiry; an empty or non-digit CVC.
pub(crate) fn normalize(f: &Fields) -> Result<Normalized, Vec<FieldError>> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut n = Normalized::default();

    if let Some(raw) = &f.number {
        let ok_chars = raw.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-');
        let d = digits_only(raw);
        if d.is_empty() {
            errors.push(("number", "EMPTY"));
        } else if !ok_chars {
            errors.push(("number", "INVALID_CHARACTERS"));
        } else if d.len() < 12 {
            errors.push(("number", "TOO_SHORT"));
        } else if d.len() > 19 {
            errors.push(("number", "TOO_LONG"));
        } else {
            n.number = Some(d);
        }
    }

    let exp = match (present(&f.expiry), present(&f.exp_month), present(&f.exp_year)) {
        (Some(e), _, _) => Some(parse_expiry(e).ok_or(("expiry", "INVALID_FORMAT"))),
        (None, Some(m), Some(y)) => Some(
            m.parse::<u32>()
                .ok()
                .zip(y.parse::<u32>().ok())
                .filter(|_| y.len() == 2 || y.len() == 4)
                .ok_or(("expiry", "INVALID_FORMAT")),
        ),
        (None, None, None) if f.expiry.is_none() => None,
        _ => Some(Err(("expiry", "INVALID_FORMAT"))),
    };
    match exp {
        None => {}
        Some(Err(e)) => errors.push(e),
        Some(Ok((m, _))) if !(1..=12).contains(&m) => errors.push(("expiry", "MONTH_OUT_OF_RANGE")),
        Some(Ok((m, y))) => {
            let y = if y < 100 { 2000 + y } else { y };
            n.exp = Some((m as u8, y as u16));
        }
    }

    if let Some(raw) = &f.cvc {
        let t = raw.trim();
        if t.is_empty() {
            errors.push(("cvc", "EMPTY"));
        } else if !t.bytes().all(|b| b.is_ascii_digit()) || !(3..=4).contains(&t.len()) {
            errors.push(("cvc", "INVALID_CHARACTERS"));
        } else {
            n.cvc = Some(Zeroizing::new(t.into()));
        }
    }

    let text = |v: &Option<String>| present(v).map(|s| Zeroizing::new(String::from(s)));
    n.name = text(&f.name);
    n.email = text(&f.email);
    n.phone = text(&f.phone);
    if let Some(a) = &f.address {
        let parts = [&a.line1, &a.line2, &a.city, &a.region, &a.postal_code, &a.country].map(text);
        if parts.iter().any(Option::is_some) {
            n.address = Some(parts);
        }
    }

    if errors.is_empty() {
        Ok(n)
    } else {
        Err(errors)
    }
}
