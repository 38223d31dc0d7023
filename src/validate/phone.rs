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

/// Validates a phone number. An international number starts with `+` and its country
/// calling code; with a `default_country` (ISO 3166-1 alpha-2), a national number is
/// accepted too: `0812-3456-7890` with `ID` is `+6281234567890`. Spaces, dashes, dots,
/// slashes and parentheses may separate the digits.
pub fn phone(value: &str, default_country: Option<&str>) -> Validation {
    match parse(value, default_country) {
        Ok(_) => Validation::VALID,
        Err(v) => v,
    }
}

/// The number in E.164 form, `+6281234567890`, or why it is not valid.
pub fn to_e164(value: &str, default_country: Option<&str>) -> Result<String, Validation> {
    let p = parse(value, default_country)?;
    let mut out = String::with_capacity(1 + 5 + p.digits);
    out.push('+');
    if let Some(cc) = p.cc {
        push_u16(&mut out, cc);
    }
    out.extend(value.chars().filter(char::is_ascii_digit).skip(p.skip));
    Ok(out)
}

/// A number that passed: the calling code to put in front (national numbers), the
/// trunk-prefix digits to drop, and the digit count of the input.
struct Parsed {
    cc: Option<u16>,
    skip: usize,
    digits: usize,
}

fn parse(value: &str, default_country: Option<&str>) -> Result<Parsed, Validation> {
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
    let mut lead = [0u8; 3];
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
    let lead = lead.get(..n.min(3)).unwrap_or(&[]);
    if plus {
        if lead.first() == Some(&b'0') {
            return Err(Validation::invalid(INVALID_COUNTRY_CODE, false));
        }
        if n > MAX_DIGITS {
            return Err(Validation::invalid(TOO_LONG, false));
        }
        if calling_code_len(lead).is_none() {
            return Err(if n < 3 && code_starts_with(lead) {
                Validation::invalid(TOO_SHORT, true)
            } else {
                Validation::invalid(INVALID_COUNTRY_CODE, false)
            });
        }
        if n < MIN_DIGITS {
            return Err(Validation::invalid(TOO_SHORT, true));
        }
        return Ok(Parsed {
            cc: None,
            skip: 0,
            digits: n,
        });
    }
    let Some(cc) = default_country.and_then(calling_code) else {
        return Err(Validation::invalid(MISSING_COUNTRY_CODE, false));
    };
    let country = default_country.unwrap_or("");
    let is = |codes: &[&str]| codes.iter().any(|c| c.eq_ignore_ascii_case(country));
    let first = lead.first().copied();
    // Drop the trunk prefix: 1 in North America, 8 in Russia and Kazakhstan, none in
    // Italy, San Marino and the Vatican (the 0 is part of the number), 0 elsewhere.
    let skip = match (cc, first) {
        (1, Some(b'1')) => 1,
        _ if is(&["IT", "SM", "VA"]) => 0,
        (7, Some(b'8')) => 1,
        (_, Some(b'0')) => 1,
        _ => 0,
    };
    // A second 0 is an international dialling prefix ("0062…"): ask for "+".
    if skip == 1 && lead.get(1) == Some(&b'0') && first == Some(b'0') {
        return Err(Validation::invalid(MISSING_COUNTRY_CODE, false));
    }
    let total = n - skip + digits_of(cc);
    if total > MAX_DIGITS {
        return Err(Validation::invalid(TOO_LONG, false));
    }
    if total < MIN_DIGITS || n - skip < 4 {
        return Err(Validation::invalid(TOO_SHORT, true));
    }
    Ok(Parsed {
        cc: Some(cc),
        skip,
        digits: n,
    })
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
