//! Card numbers: allowed characters, brand, length and Luhn. Works on the input bytes
//! in place, so no copy of the number is ever made.

use super::brands::{self, MAX_LEN};
use super::{
    Validation, EMPTY, INVALID_CHARACTERS, LUHN_FAILED, MAX_INPUT, TOO_LONG, TOO_SHORT,
    UNKNOWN_BRAND,
};

/// Validates a card number as typed: ASCII digits, with spaces and dashes anywhere.
/// White space around the number is ignored.
///
/// `brand` is set from the first digit on, as soon as it is known ("4" is `visa`; "2"
/// could still be Mastercard or Mir). A number of no brand in the table is `unknown`,
/// and valid when its length (12 to 19 digits) and Luhn check are, with the code
/// `UNKNOWN_BRAND` as a notice: it is for the processor to decline a card it does not
/// take.
pub fn number(value: &str) -> Validation {
    let s = value.trim();
    if s.len() > MAX_INPUT {
        return Validation::invalid(TOO_LONG, false);
    }
    let Some(count) = digit_count(s) else {
        return Validation::invalid(INVALID_CHARACTERS, false);
    };
    if count == 0 {
        return Validation::invalid(EMPTY, true);
    }
    let mut lead = [0u8; 8];
    for (slot, d) in lead.iter_mut().zip(digits(s)) {
        *slot = d;
    }
    let brand = brands::lookup(lead.get(..count.min(lead.len())).unwrap_or(&[]));
    let with_brand = |v: Validation| Validation {
        brand: brand.map(|b| b.id),
        ..v
    };
    if count > MAX_LEN {
        return with_brand(Validation::invalid(TOO_LONG, false));
    }
    let Some(b) = brand.filter(|b| count >= b.min_len()) else {
        // Too few digits for any length of the brand, or the brand is not known yet.
        return with_brand(Validation::invalid(TOO_SHORT, true));
    };
    let more = count < b.max_len();
    if count > b.max_len() {
        return with_brand(Validation::invalid(TOO_LONG, false));
    }
    if !b.has_len(count) {
        return with_brand(Validation::invalid(TOO_SHORT, more));
    }
    if b.luhn && !luhn(s) {
        return with_brand(Validation::invalid(LUHN_FAILED, more));
    }
    with_brand(Validation {
        code: core::ptr::eq(b, &brands::UNKNOWN).then_some(UNKNOWN_BRAND),
        ..Validation::VALID
    })
}

/// The number of digits, or `None` if any character other than an ASCII digit, a
/// space or a dash appears.
pub(crate) fn digit_count(s: &str) -> Option<usize> {
    let mut n = 0;
    for b in s.bytes() {
        match b {
            b'0'..=b'9' => n += 1,
            b' ' | b'-' => {}
            _ => return None,
        }
    }
    Some(n)
}

/// The ASCII digits of `s`, in order, skipping everything else.
pub(crate) fn digits(s: &str) -> impl DoubleEndedIterator<Item = u8> + '_ {
    s.bytes().filter(u8::is_ascii_digit)
}

/// The Luhn (mod 10) check over the digits of `s`.
pub fn luhn(s: &str) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits(s).rev().enumerate() {
        let d = u32::from(d - b'0');
        sum += if i % 2 == 1 {
            let x = d * 2;
            if x > 9 {
                x - 9
            } else {
                x
            }
        } else {
            d
        };
    }
    sum.is_multiple_of(10)
}
