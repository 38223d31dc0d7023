//! Field validation. Validators never fail: they return a [`Validation`] that says
//! whether the input is valid, could still become valid as the shopper types, and why
//! not (field input never throws; key import and sealing return an [`crate::Error`]
//! instead). They never panic, whatever the input, and never allocate a copy of
//! the card number.
//!
//! ```
//! use cardseal::validate;
//! let v = validate::number("4111 1111 1111 1111");
//! assert!(v.valid);
//! assert_eq!(v.brand, Some("visa"));
//! let v = validate::number("411");
//! assert!(!v.valid && v.potentially_valid);
//! assert_eq!(v.code, Some("TOO_SHORT"));
//! assert!(!validate::number("41x").potentially_valid);
//! ```

pub mod address;
pub mod brands;
pub mod by_name;
pub(crate) mod countries;
pub mod cvc;
pub mod email;
pub mod expiry;
pub mod format;
pub mod name;
pub mod number;
pub mod phone;

pub use address::{address, AddressValidation};
pub use by_name::{by_name, Checked, Detail, Input, Validator};
pub use cvc::cvc;
pub use email::email;
pub use expiry::{expiry, expiry_parts};
pub use name::name;
pub use number::number;
pub use phone::phone;

/// The outcome of validating one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validation {
    /// The input is complete and valid.
    pub valid: bool,
    /// The input is valid, or could still become valid as the shopper types on.
    pub potentially_valid: bool,
    /// Why the input is not valid; `None` when it is. One of [`CODES`].
    pub code: Option<&'static str>,
    /// The card brand id (card numbers only), as soon as it is known.
    pub brand: Option<&'static str>,
}

impl Validation {
    /// A valid result.
    pub(crate) const VALID: Validation = Validation {
        valid: true,
        potentially_valid: true,
        code: None,
        brand: None,
    };

    /// An invalid result with `code`.
    pub(crate) const fn invalid(code: &'static str, potentially_valid: bool) -> Validation {
        Validation {
            valid: false,
            potentially_valid,
            code: Some(code),
            brand: None,
        }
    }
}

// The codes validators return are the code table's (crate::messages), defined there
// once with their texts.
pub use crate::messages::field_codes::*;

/// Every code a validator can return; each has a message in every locale.
pub fn codes() -> impl Iterator<Item = &'static str> {
    crate::messages::codes_of(crate::messages::Kind::Field)
        .filter(|c| *c != crate::messages::UNKNOWN_FIELD && *c != crate::messages::INVALID_TYPE)
}

/// Input longer than this many bytes is refused before any other work, so a hostile
/// paste costs nothing. No field comes near it.
pub(crate) const MAX_INPUT: usize = 1024;

/// The number of chars in `s`: the bytes that do not continue a UTF-8 sequence. (Smaller
/// in wasm than `chars().count()`, which brings a vectorised counter.)
pub(crate) fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
}
