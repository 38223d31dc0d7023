//! The hashes the inventory, SRI and CSP speak: `sha384-…` and `sha256-…` (standard base64).

use base64ct::{Base64, Encoding};
use sha2::{Digest, Sha256, Sha384};

/// `sha384-…` of `bytes`, as in an `integrity` attribute.
pub fn sha384(bytes: &[u8]) -> String {
    format!("sha384-{}", b64(&Sha384::digest(bytes)))
}

/// `sha256-…` of `bytes`, as in a browser's `csp-hash` report.
pub fn sha256(bytes: &[u8]) -> String {
    format!("sha256-{}", b64(&Sha256::digest(bytes)))
}

/// Standard base64 with padding.
pub fn b64(bytes: &[u8]) -> String {
    Base64::encode_string(bytes)
}

/// Decodes standard base64 (what CDP sends for binary data).
pub fn b64_decode(text: &str) -> Result<Vec<u8>, base64ct::Error> {
    Base64::decode_vec(text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn matches_the_sri_spec_example() {
        // The SRI spec's example: alert('Hello, world.');
        assert_eq!(
            super::sha384(b"alert('Hello, world.');"),
            "sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO"
        );
    }
}
