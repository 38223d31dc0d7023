//! The one error type of key import and sealing. Each variant has a stable `code` that
//! crosses the JS boundary unchanged; the shopper- or developer-facing text lives in
//! [`crate::messages`], keyed by that code.

use alloc::vec::Vec;

/// Why a field was refused: `(field name, reason code)`, e.g. `("number", "LUHN_FAILED")`.
pub type FieldError = (&'static str, &'static str);

/// Key import and sealing errors.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A private key was pasted where the public key belongs.
    PrivateKeyPasted,
    /// The RSA modulus is shorter than 2048 bits.
    WeakKey,
    /// The RSA modulus is longer than cardseal accepts (8192 bits).
    KeyTooLarge,
    /// The RSA public exponent is not 65537.
    UnsupportedExponent,
    /// The key is not an RSA key (EC, Ed25519, …), or RSA restricted to signatures.
    UnsupportedKeyType,
    /// The key is marked for another use or algorithm than RSA-OAEP-256 encryption.
    WrongKeyUse,
    /// The text is not a key in any supported form, or it is damaged.
    InvalidKey,
    /// One or more fields failed validation; nothing was sealed.
    InvalidFields(Vec<FieldError>),
    /// There was nothing to seal.
    NoFields,
    /// The platform's random number generator failed.
    RngFailed,
}

impl Error {
    /// The stable code, e.g. `"PRIVATE_KEY_PASTED"`: a constant of the code table
    /// ([`crate::messages`]), which holds its texts.
    pub fn code(&self) -> &'static str {
        use crate::messages as m;
        match self {
            Error::PrivateKeyPasted => m::PRIVATE_KEY_PASTED,
            Error::WeakKey => m::WEAK_KEY,
            Error::KeyTooLarge => m::KEY_TOO_LARGE,
            Error::UnsupportedExponent => m::UNSUPPORTED_EXPONENT,
            Error::UnsupportedKeyType => m::UNSUPPORTED_KEY_TYPE,
            Error::WrongKeyUse => m::WRONG_KEY_USE,
            Error::InvalidKey => m::INVALID_KEY,
            Error::InvalidFields(_) => m::INVALID_FIELDS,
            Error::NoFields => m::NO_FIELDS,
            Error::RngFailed => m::RNG_FAILED,
        }
    }

    /// The English message.
    pub fn message(&self) -> &'static str {
        self.message_in(crate::messages::Locale::En)
    }

    /// The message in `locale`.
    pub fn message_in(&self, locale: crate::messages::Locale) -> &'static str {
        crate::messages::message(self.code(), locale)
    }
}

/// Uses the English message only: there is no `fmt` machinery on the wasm path otherwise.
impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.code())?;
        f.write_str(": ")?;
        f.write_str(self.message())
    }
}

impl core::error::Error for Error {}
