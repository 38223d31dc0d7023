//! Cardholder names.

use super::{Validation, EMPTY, INVALID_CHARACTERS, INVALID_NAME, MAX_INPUT, TOO_LONG, TOO_SHORT};

/// The fewest characters a name has, after trimming.
pub const MIN_CHARS: usize = 2;
/// The most characters a name has, after trimming.
pub const MAX_CHARS: usize = 64;

/// Validates a name: letters of any script, spaces, apostrophes, hyphens and periods,
/// with at least one letter; no digits; 2–64 characters after trimming.
pub fn name(value: &str) -> Validation {
    let s = value.trim();
    if s.is_empty() {
        return Validation::invalid(EMPTY, true);
    }
    if s.len() > MAX_INPUT {
        return Validation::invalid(TOO_LONG, false);
    }
    let mut letters = false;
    for c in s.chars() {
        if c.is_alphabetic() {
            letters = true;
        } else if !allowed(c) {
            return Validation::invalid(INVALID_CHARACTERS, false);
        }
    }
    let n = super::char_count(s);
    if n > MAX_CHARS {
        Validation::invalid(TOO_LONG, false)
    } else if n < MIN_CHARS {
        Validation::invalid(TOO_SHORT, true)
    } else if !letters {
        Validation::invalid(INVALID_NAME, false)
    } else {
        Validation::VALID
    }
}

/// Characters a name may hold beside letters. Combining diacritics (U+0300–U+036F) and
/// the zero-width (non-)joiners keep decomposed Latin and Indic or Persian names valid.
fn allowed(c: char) -> bool {
    matches!(
        c,
        ' ' | '\'' | '\u{2019}' | '-' | '.' | '\u{0300}'..='\u{036F}' | '\u{200C}' | '\u{200D}'
    )
}
