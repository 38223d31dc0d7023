//! The refusals of [`crate::Opener::open`], each with a stable code.

/// Why a JWE was not opened. Everything from the key unwrap onwards is the single opaque
/// [`OpenError::CannotOpen`]: an attacker learns nothing from which step failed.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenError {
    /// Not five strict base64url parts, too long, or a header that is not a JSON object.
    Malformed,
    /// The header is not profile "cardseal v1": `alg`, `enc`, `cty`, `iat`, `jti`, or a
    /// `crit` or `zip` member.
    UnsupportedHeader,
    /// The header's `kid` names none of the keys held.
    UnknownKid,
    /// `iat` is older than the freshness window.
    Stale,
    /// `iat` is more than the allowed skew in the future.
    FromFuture,
    /// The `jti` was already seen within the window.
    Replayed,
    /// The replay store could not be asked; nothing was opened (fail closed).
    ReplayStoreUnavailable,
    /// The key unwrap, the tag or the plaintext JSON failed.
    CannotOpen,
}

impl OpenError {
    /// The stable code, e.g. `"CANNOT_OPEN"`.
    pub fn code(&self) -> &'static str {
        match self {
            OpenError::Malformed => "MALFORMED",
            OpenError::UnsupportedHeader => "UNSUPPORTED_HEADER",
            OpenError::UnknownKid => "UNKNOWN_KID",
            OpenError::Stale => "STALE",
            OpenError::FromFuture => "FROM_FUTURE",
            OpenError::Replayed => "REPLAYED",
            OpenError::ReplayStoreUnavailable => "REPLAY_STORE_UNAVAILABLE",
            OpenError::CannotOpen => "CANNOT_OPEN",
        }
    }
}

impl core::fmt::Display for OpenError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::error::Error for OpenError {}
