//! The JWE protected header of profile "cardseal v1", in its fixed member order.

use alloc::vec::Vec;

/// `alg` of cardseal v1.
pub const ALG: &str = "RSA-OAEP-256";
/// `enc` of cardseal v1.
pub const ENC: &str = "A256GCM";
/// `cty` of cardseal v1.
pub const CTY: &str = "cardseal+json";

/// Writes BASE64URL(UTF8(header)) into `out`: this is both the first part of the compact
/// form and the AAD of the content encryption.
pub fn encoded(kid: &str, iat: u64, jti: &[u8; 16], out: &mut Vec<u8>) {
    let mut json = Vec::with_capacity(kid.len() * 6 + 128);
    json.extend_from_slice(b"{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"kid\":");
    crate::json::write_str(&mut json, kid);
    json.extend_from_slice(b",\"cty\":\"cardseal+json\",\"iat\":");
    crate::json::write_u64(&mut json, iat);
    json.extend_from_slice(b",\"jti\":\"");
    crate::b64::encode_url_into(jti, &mut json);
    json.push(b'"');
    json.push(b'}');
    crate::b64::encode_url_into(&json, out);
}
