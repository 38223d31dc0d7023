//! Field validation. Validators never fail: they return a [`Validation`] that says
//! whether the input is valid, could still become valid as the shopper types, and why
//! not (STYLE §2). They never panic, whatever the input, and never allocate a copy of
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
mod countries;
pub mod cvc;
pub mod email;
pub mod expiry;
pub mod format;
pub mod name;
pub mod number;
pub mod phone;

pub use address::{address, AddressValidation};
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

/// Nothing was entered (potentially valid: the shopper has not started yet).
pub const EMPTY: &str = "EMPTY";
/// A character that the field does not allow.
pub const INVALID_CHARACTERS: &str = "INVALID_CHARACTERS";
/// Too few digits or characters so far.
pub const TOO_SHORT: &str = "TOO_SHORT";
/// More digits or characters than the field can have.
pub const TOO_LONG: &str = "TOO_LONG";
/// The card number starts like no known card brand.
pub const UNKNOWN_BRAND: &str = "UNKNOWN_BRAND";
/// The card number fails the Luhn check: a typo.
pub const LUHN_FAILED: &str = "LUHN_FAILED";
/// The expiry date is not finished yet.
pub const INCOMPLETE: &str = "INCOMPLETE";
/// The expiry date is not in a form such as `MM/YY`.
pub const INVALID_FORMAT: &str = "INVALID_FORMAT";
/// The expiry month is not 1–12.
pub const MONTH_OUT_OF_RANGE: &str = "MONTH_OUT_OF_RANGE";
/// The card has expired.
pub const EXPIRED: &str = "EXPIRED";
/// The expiry date is more than 20 years ahead.
pub const YEAR_OUT_OF_RANGE: &str = "YEAR_OUT_OF_RANGE";
/// The name has no letters.
pub const INVALID_NAME: &str = "INVALID_NAME";
/// Not an email address.
pub const INVALID_EMAIL: &str = "INVALID_EMAIL";
/// A national phone number without a country to place it in.
pub const MISSING_COUNTRY_CODE: &str = "MISSING_COUNTRY_CODE";
/// The phone number starts with no known country calling code.
pub const INVALID_COUNTRY_CODE: &str = "INVALID_COUNTRY_CODE";
/// Not an ISO 3166-1 alpha-2 country code.
pub const INVALID_COUNTRY: &str = "INVALID_COUNTRY";
/// Not a postal code of the address's country.
pub const INVALID_POSTAL_CODE: &str = "INVALID_POSTAL_CODE";

/// Every code a validator can return; each has a message in every locale.
pub const CODES: &[&str] = &[
    EMPTY,
    INVALID_CHARACTERS,
    TOO_SHORT,
    TOO_LONG,
    UNKNOWN_BRAND,
    LUHN_FAILED,
    INCOMPLETE,
    INVALID_FORMAT,
    MONTH_OUT_OF_RANGE,
    EXPIRED,
    YEAR_OUT_OF_RANGE,
    INVALID_NAME,
    INVALID_EMAIL,
    MISSING_COUNTRY_CODE,
    INVALID_COUNTRY_CODE,
    INVALID_COUNTRY,
    INVALID_POSTAL_CODE,
];

/// Input longer than this many bytes is refused before any other work, so a hostile
/// paste costs nothing. No field comes near it.
pub(crate) const MAX_INPUT: usize = 1024;

/// The number of chars in `s`: the bytes that do not continue a UTF-8 sequence. (Smaller
/// in wasm than `chars().count()`, which brings a vectorised counter.)
pub(crate) fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
}
