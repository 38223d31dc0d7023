//! Phone numbers, normalised to E.164 (`+` and at most 15 digits).

use super::countries::{calling_code, calling_code_len, COUNTRIES};
use super::{
    Validation, EMPTY, INVALID_CHARACTERS, INVALID_COUNTRY_CODE, MISSING_COUNTRY_CODE, TOO_LONG,
    TOO_SHORT,
};
use alloc::string::String;

/// The most digits of an E.164 number, country code included.
pub const MAX_DIGITS: usize = 15;
/// The fewest digits of a number, country code included (Niue, Tokelau: 7).
pub const MIN_DIGITS: usize = 7;

/// National numbers' lengths, from libphonenumber's metadata (`PhoneNumberMetadata.xml`,
/// its possible lengths), one row a country: `(calling code, first digit of its mobile
/// numbers, fewest and most digits of a number starting so, of any other number)`,
/// national numbers without the trunk prefix. Lengths only: which area codes and mobile
/// prefixes exist is the carrier's to know. A country with a row writes its national numbers with the trunk prefix 0, so
/// digits that start with its calling code (`62812…` in Indonesia) are read as that code,
/// and a `0` typed after the code (`+62 0812…`) is dropped. Elsewhere a number has 7 to
/// 15 digits, the calling code included.
#[rustfmt::skip]
static NATIONAL: &[(u16, u8, [u8; 4])] = &[
    // Indonesia: mobile 8[1-35-9] and 7 to 10 more digits (the 80x service numbers
    // count as 8… too); fixed lines, area code and number, 7 to 11 digits.
    (62, b'8', [9, 12, 7, 11]),
];

/// Validates a phone number. An international number starts with `+` and its country
/// calling code; with a `default_country` (ISO 3166-1 alpha-2), a national number is
/// accepted too: `0812-3456-7890`, `(021) 555 1234` or `62812…` with `ID` is
/// `+6281234567890`, `+62215551234`, `+62812…`. Spaces, dashes, dots, slashes and
/// parentheses may separate the digits.
pub fn phone(value: &str, default_country: Option<&str>) -> Validation {
    match parse(value, default_country.and_then(calling_code)) {
        Ok(_) => Validation::VALID,
        Err(v) => v,
    }
}

/// The number in E.164 form, `+6281234567890`, or why it is not valid.
pub fn to_e164(value: &str, default_country: Option<&str>) -> Result<String, Validation> {
    to_e164_in(value, default_country.and_then(calling_code))
}

/// [`to_e164`] with the default country as its calling code (`62` for `ID`), for the
/// sealer, which looks its default country up once.
pub(crate) fn to_e164_in(value: &str, default_code: Option<u16>) -> Result<String, Validation> {
    let (cc, skip) = parse(value, default_code)?;
    let mut out = String::with_capacity(1 + 5 + value.len());
    out.push('+');
    push_u16(&mut out, cc);
    out.extend(value.chars().filter(char::is_ascii_digit).skip(skip));
    Ok(out)
}

/// Checks a number; gives its calling code and how many of the input's digits to drop
/// before the national number (the code if typed, a trunk prefix). A national number is
/// read in `default_code`, the default country's calling code.
fn parse(value: &str, default_code: Option<u16>) -> Result<(u16, usize), Validation> {
    let s = value.trim();
    if s.is_empty() {
        return Err(Validation::invalid(EMPTY, true));
    }
    if s.len() > 64 {
        return Err(Validation::invalid(TOO_LONG, false));
    }
    let (plus, rest) = match s.strip_prefix('+') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let mut lead = [0u8; 5];
    let mut n = 0;
    for b in rest.bytes() {
        match b {
            b'0'..=b'9' => {
                if let Some(slot) = lead.get_mut(n) {
                    *slot = b;
                }
                n += 1;
            }
            b' ' | b'-' | b'.' | b'/' | b'(' | b')' => {}
            _ => return Err(Validation::invalid(INVALID_CHARACTERS, false)),
        }
    }
    let typed = lead.get(..n.min(3)).unwrap_or(&[]);
    let first = typed.first().copied();
    let value_of = |k: usize| {
        lead.iter()
            .take(k)
            .fold(0u16, |a, d| a * 10 + u16::from(d.wrapping_sub(b'0')))
    };
    let (cc, mut skip) = if plus {
        if first == Some(b'0') {
            return Err(Validation::invalid(INVALID_COUNTRY_CODE, false));
        }
        if n > MAX_DIGITS {
            return Err(Validation::invalid(TOO_LONG, false));
        }
        let Some(len) = calling_code_len(typed) else {
            return Err(if n < 3 && code_starts_with(typed) {
                Validation::invalid(TOO_SHORT, true)
            } else {
                Validation::invalid(INVALID_COUNTRY_CODE, false)
            });
        };
        (value_of(len), len)
    } else {
        let Some(cc) = default_code else {
            return Err(Validation::invalid(MISSING_COUNTRY_CODE, false));
        };
        // Drop the trunk prefix: 1 in North America, 8 in Russia and Kazakhstan, none in
        // Italy and the Vatican (39) and San Marino (378): the 0 is part of the number; 0
        // elsewhere.
        let skip = match (cc, first) {
            (1, Some(b'1')) => 1,
            (39 | 378, _) => 0,
            (7, Some(b'8')) => 1,
            (_, Some(b'0')) => 1,
            _ => 0,
        };
        // A second 0 is an international dialling prefix ("0062…"): ask for "+".
        if skip == 1 && typed.get(1) == Some(&b'0') && first == Some(b'0') {
            return Err(Validation::invalid(MISSING_COUNTRY_CODE, false));
        }
        (cc, skip)
    };
    let k = digits_of(cc);
    let (mut min, mut max) = (MIN_DIGITS, MAX_DIGITS);
    if let Some(&(_, mobile, [a, b, c, d])) = NATIONAL.iter().find(|r| r.0 == cc) {
        if !plus && skip == 0 && n >= k && value_of(k) == cc {
            skip = k;
        }
        if skip == k && lead.get(k) == Some(&b'0') {
            skip += 1;
        }
        let (lo, hi) = if lead.get(skip) == Some(&mobile) {
            (a, b)
        } else {
            (c, d)
        };
        (min, max) = (usize::from(lo) + k, usize::from(hi) + k);
    }
    let total = n.saturating_sub(skip) + k;
    if total > max {
        return Err(Validation::invalid(TOO_LONG, false));
    }
    if total < min {
        return Err(Validation::invalid(TOO_SHORT, true));
    }
    Ok((cc, skip))
}

/// Whether some calling code starts with the digits typed so far.
fn code_starts_with(lead: &[u8]) -> bool {
    if lead.is_empty() {
        return true;
    }
    let p = lead
        .iter()
        .fold(0u16, |a, d| a * 10 + u16::from(d.wrapping_sub(b'0')));
    COUNTRIES.iter().any(|&(_, cc)| {
        let mut c = cc;
        while digits_of(c) > lead.len() {
            c /= 10;
        }
        c == p
    })
}

fn digits_of(n: u16) -> usize {
    match n {
        0..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        1000..=9999 => 4,
        _ => 5,
    }
}

fn push_u16(out: &mut String, n: u16) {
    let mut d = digits_of(n) as u32;
    while d > 0 {
        d -= 1;
        let digit = (n / 10u16.pow(d)) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}
