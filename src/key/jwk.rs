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

fn is_private(v: &Value) -> bool {
    PRIVATE_MEMBERS.iter().any(|m| v.get(m).is_some())
}

/// Reads a JWK or a JWKS. Returns the key and whether it came from a set.
pub fn read(v: &Value) -> Result<(Jwk, bool), Error> {
    let Some(keys) = v.get("keys") else {
        return one(v).map(|k| (k, false));
    };
    let Value::Array(keys) = keys else {
        return Err(Error::InvalidKey);
    };
    // One private key anywhere in the set means the whole set leaked.
    if keys.iter().any(is_private) {
        return Err(Error::PrivateKeyPasted);
    }
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
    if is_private(v) {
        return Err(Error::PrivateKeyPasted);
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
    let num = |name: &str| {
        v.get(name)
            .and_then(Value::as_str)
            .and_then(|s| crate::b64::decode_lenient(s.as_bytes()))
            .map(|mut b| {
                let zeros = b.iter().take_while(|&&x| x == 0).count();
                b.drain(..zeros);
                b
            })
            .filter(|b| !b.is_empty())
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
