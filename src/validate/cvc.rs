//! Card security codes (CVC, CVV, CID, …).

use super::brands;
use super::{Validation, EMPTY, INVALID_CHARACTERS, TOO_LONG, TOO_SHORT};

/// Validates a security code: ASCII digits only, as many as the brand's code has (4 for
/// American Express, 3 for the others). Without a brand, or with an unknown brand id,
/// 3 or 4 digits are accepted.
pub fn cvc(value: &str, brand: Option<&str>) -> Validation {
    let s = value.trim();
    if s.is_empty() {
        return Validation::invalid(EMPTY, true);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Validation::invalid(INVALID_CHARACTERS, false);
    }
    let (min, max) = match brand.and_then(brands::by_id) {
        Some(b) => (usize::from(b.code_len), usize::from(b.code_len)),
        None => (3, 4),
    };
    if s.len() < min {
        Validation::invalid(TOO_SHORT, true)
    } else if s.len() > max {
        Validation::invalid(TOO_LONG, false)
    } else {
        Validation::VALID
    }
}
