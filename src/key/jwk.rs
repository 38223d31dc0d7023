//! JWK (RFC 7517) and JWKS reading for RSA encryption keys.

use crate::json::Value;
use crate::Error;
use alloc::{string::String, vec::Vec};

/// Members that only a private (or secret) JWK has.
const PRIVATE_MEMBERS: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// An RSA public JWK, read.
pub struct Jwk {
    /// modulus, big-endian
    pub n: Vec<u8>,
    /// public exponent, big-endian
    pub e: Vec<u8>,
    /// the JWK's own `kid`, if it has a non-empty one
    pub kid: Option<String>,
}

/// Whether any object anywhere in `v` has a private member. A private JWK has leaked
/// however it is wrapped: `[jwk]`, `{"keys":{…}}`, `{"key":{…}}`, a set beside public
/// keys. The JSON reader bounds the nesting, so the recursion is bounded too.
fn any_private(v: &Value) -> bool {
    match v {
        Value::Object(members) => members
            .iter()
            .any(|(k, x)| PRIVATE_MEMBERS.contains(&k.as_str()) || any_private(x)),
        Value::Array(items) => items.iter().any(any_private),
        _ => false,
    }
}

/// Reads a JWK or a JWKS. Returns the key and whether it came from a set.
pub fn read(v: &Value) -> Result<(Jwk, bool), Error> {
    if any_private(v) {
        return Err(Error::PrivateKeyPasted);
    }
    let Some(keys) = v.get("keys") else {
        return one(v).map(|k| (k, false));
    };
    let Value::Array(keys) = keys else {
        return Err(Error::InvalidKey);
    };
    let chosen = match keys
        .iter()
        .find(|k| k.get("use").and_then(Value::as_str) == Some("enc"))
    {
        Some(k) => k,
        None if keys.len() == 1 => &keys[0],
        None => return Err(Error::InvalidKey),
    };
    one(chosen).map(|k| (k, true))
}

fn one(v: &Value) -> Result<Jwk, Error> {
    if !matches!(v, Value::Object(_)) {
        return Err(Error::InvalidKey);
    }
    match v.get("kty").and_then(Value::as_str) {
        Some("RSA") => {}
        Some(_) => return Err(Error::UnsupportedKeyType),
        None => return Err(Error::InvalidKey),
    }
    match v.get("use") {
        None => {}
        Some(u) if u.as_str() == Some("enc") => {}
        Some(_) => return Err(Error::WrongKeyUse),
    }
    match v.get("alg") {
        None => {}
        Some(a) if a.as_str() == Some("RSA-OAEP-256") => {}
        Some(_) => return Err(Error::WrongKeyUse),
    }
    if let Some(ops) = v.get("key_ops") {
        let Value::Array(ops) = ops else {
            return Err(Error::InvalidKey);
        };
        if !ops
            .iter()
            .any(|o| matches!(o.as_str(), Some("encrypt" | "wrapKey")))
        {
            return Err(Error::WrongKeyUse);
        }
    }
    // RFC 7518 §6.3.1: base64url without padding or white space, in the fewest octets.
    // A leading zero would also give another thumbprint than the JWK's own.
    let num = |name: &str| {
        v.get(name)
            .and_then(Value::as_str)
            .and_then(|s| crate::b64::decode_url_strict(s.as_bytes()))
            .filter(|b| b.first().is_some_and(|&x| x != 0))
            .ok_or(Error::InvalidKey)
    };
    let kid = match v.get("kid") {
        None => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) if s.len() <= 256 => Some(s.clone()),
        Some(_) => return Err(Error::InvalidKey),
    };
    Ok(Jwk {
        n: num("n")?,
        e: num("e")?,
        kid,
    })
}
