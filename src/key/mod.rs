//! Merchant public-key import: every form a merchant may paste, one policy for all of
//! them (RSA, 2048–8192 bits, e = 65537, never a private key), and the key id: always
//! the RFC 7638 thumbprint.

mod der;
mod jwk;
mod pem;
mod x509;

use crate::{b64, json, Error};
use alloc::{string::String, vec::Vec};

/// Pasted text longer than this is refused before any parsing.
pub const MAX_KEY_TEXT: usize = 256 * 1024;
/// The smallest modulus accepted.
pub const MIN_BITS: usize = 2048;
/// The largest modulus accepted.
pub const MAX_BITS: usize = 8192;

/// The form the key was pasted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyFormat {
    /// `-----BEGIN PUBLIC KEY-----`
    SpkiPem,
    /// `-----BEGIN RSA PUBLIC KEY-----`
    Pkcs1Pem,
    /// `-----BEGIN CERTIFICATE-----`
    CertificatePem,
    /// a JWK object
    Jwk,
    /// a JWK set (`{"keys":[…]}`)
    Jwks,
    /// bare base64 of a DER SPKI (or PKCS#1, or certificate)
    Base64Der,
    /// `10001|<hex modulus>`, the retired Adyen client-side encryption form
    AdyenCse,
}

impl KeyFormat {
    /// A stable name: `spki-pem`, `pkcs1-pem`, `x509-pem`, `jwk`, `jwks`, `base64-der`,
    /// `adyen-cse`.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyFormat::SpkiPem => "spki-pem",
            KeyFormat::Pkcs1Pem => "pkcs1-pem",
            KeyFormat::CertificatePem => "x509-pem",
            KeyFormat::Jwk => "jwk",
            KeyFormat::Jwks => "jwks",
            KeyFormat::Base64Der => "base64-der",
            KeyFormat::AdyenCse => "adyen-cse",
        }
    }
}

/// A merchant's RSA public key, checked against cardseal's policy.
#[derive(Debug, Clone)]
pub struct PublicKey {
    rsa: rsa::PublicKey,
    thumbprint: String,
    jwk_kid: Option<String>,
    bits: usize,
    format: KeyFormat,
    validity: Option<(i64, i64)>,
}

impl PublicKey {
    /// Imports a public key from any supported text form (the [`KeyFormat`]s: SPKI or
    /// PKCS#1 PEM, an X.509 certificate, a JWK or JWK set, bare base64 DER, Adyen's
    /// `10001|…`), under one policy (RSA, 2048–8192 bits, e = 65537, never a private
    /// key); every refusal is an [`Error`] with a stable code.
    pub fn import(text: &str) -> Result<PublicKey, Error> {
        if text.len() > MAX_KEY_TEXT {
            return Err(Error::InvalidKey);
        }
        let t = text.trim();
        // A private key is refused even when truncated or wrapped in other text: it has
        // leaked either way, and the merchant must hear it.
        if private_armour(t) {
            return Err(Error::PrivateKeyPasted);
        }
        match t.as_bytes().first() {
            Some(b'{' | b'[') => return Self::from_json(t),
            Some(b'"') => return Err(Self::json_string(t)),
            _ => {}
        }
        if has(t, "-----BEGIN ") {
            return Self::from_pem(t);
        }
        if let Some((e, n)) = t.split_once('|') {
            return Self::from_adyen(e.trim(), n.trim());
        }
        // Bare base64 DER, or the DER in hex (`xxd -p`, a dump with `:`). The first bytes
        // tell a private key even when the paste was cut short or wrapped, before the
        // whole would have to decode. Hex is tried first: base64 of DER starts with `M`,
        // never a hex digit.
        let mut head: Vec<u8> = t
            .bytes()
            .filter(|&c| !c.is_ascii_whitespace() && c != b':')
            .take(64)
            .collect();
        head.truncate(head.len() & !3);
        let first = hex(&head).or_else(|| b64::decode_lenient(&head));
        if first.is_some_and(|d| x509::looks_private(&d)) {
            return Err(Error::PrivateKeyPasted);
        }
        let der = b64::decode_lenient(t.as_bytes()).ok_or(Error::InvalidKey)?;
        let (rsa, validity) = match x509::classify(&der)? {
            x509::Der::Spki(k) | x509::Der::Pkcs1(k) => (k, None),
            x509::Der::Certificate(k, nb, na) => (k, Some((nb, na))),
        };
        Self::build(rsa.n, rsa.e, None, KeyFormat::Base64Der, validity)
    }

    fn from_json(t: &str) -> Result<PublicKey, Error> {
        let Some(v) = json::parse(t) else {
            // A damaged private JWK has still leaked.
            return Err(if private_jwk_member(t) {
                Error::PrivateKeyPasted
            } else {
                Error::InvalidKey
            });
        };
        let (k, from_set) = jwk::read(&v)?;
        let format = if from_set {
            KeyFormat::Jwks
        } else {
            KeyFormat::Jwk
        };
        Self::build(&k.n, &k.e, k.kid, format, None)
    }

    /// A JSON string value (`"{\"kty\":…}"`: a JWK stringified once more, as a config
    /// file or an environment variable may hold it) is not a key form cardseal reads,
    /// but a private key inside it has leaked all the same: the error says which.
    fn json_string(t: &str) -> Error {
        let private = match json::parse(t) {
            // Each level of quoting doubles (at least) the characters that write one quote
            // of the innermost text, so within MAX_KEY_TEXT this recurses at most 18 deep.
            Some(json::Value::String(inner)) => {
                matches!(Self::import(&inner), Err(Error::PrivateKeyPasted))
            }
            // Damaged: the private exponent's member, as it looks escaped.
            _ => has(t, r#"\"d\""#),
        };
        if private {
            Error::PrivateKeyPasted
        } else {
            Error::InvalidKey
        }
    }

    fn from_pem(t: &str) -> Result<PublicKey, Error> {
        let blocks = pem::blocks(t);
        // Private keys anywhere in the paste win over everything else.
        for b in &blocks {
            if let Some(d) = &b.der {
                if let Err(Error::PrivateKeyPasted) = x509::classify(d) {
                    return Err(Error::PrivateKeyPasted);
                }
            }
        }
        let (b, format) = blocks
            .iter()
            .find_map(|b| {
                let f = match b.label {
                    "PUBLIC KEY" => KeyFormat::SpkiPem,
                    "RSA PUBLIC KEY" => KeyFormat::Pkcs1Pem,
                    "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
                        KeyFormat::CertificatePem
                    }
                    _ => return None,
                };
                Some((b, f))
            })
            .ok_or(Error::InvalidKey)?;
        let der = b.der.as_deref().ok_or(Error::InvalidKey)?;
        let (rsa, validity) = match (format, x509::classify(der)?) {
            (KeyFormat::SpkiPem, x509::Der::Spki(k)) => (k, None),
            (KeyFormat::CertificatePem, x509::Der::Certificate(k, nb, na)) => (k, Some((nb, na))),
            (KeyFormat::Pkcs1Pem, _) => (x509::pkcs1_public(der)?, None),
            _ => return Err(Error::InvalidKey),
        };
        Self::build(rsa.n, rsa.e, None, format, validity)
    }

    fn from_adyen(e: &str, n: &str) -> Result<PublicKey, Error> {
        let (e, n) = (
            hex(e.as_bytes()).ok_or(Error::InvalidKey)?,
            hex(n.as_bytes()).ok_or(Error::InvalidKey)?,
        );
        Self::build(&n, &e, None, KeyFormat::AdyenCse, None)
    }

    /// Applies the policy to raw numbers and builds the key.
    fn build(
        n: &[u8],
        e: &[u8],
        jwk_kid: Option<String>,
        format: KeyFormat,
        validity: Option<(i64, i64)>,
    ) -> Result<PublicKey, Error> {
        let first = *n.first().ok_or(Error::InvalidKey)?;
        let bits = n.len() * 8 - first.leading_zeros() as usize;
        if bits < MIN_BITS {
            return Err(Error::WeakKey);
        }
        if bits > MAX_BITS {
            return Err(Error::KeyTooLarge);
        }
        if e != [1, 0, 1] {
            return Err(Error::UnsupportedExponent);
        }
        // The policy above already holds n to 2048–8192 bits and e to 65537; the crate
        // checks again (odd, e < n) and sets up its Montgomery parameters. An even
        // modulus is refused here first: the crate's setup asserts on it.
        if n.last().is_none_or(|b| b & 1 == 0) {
            return Err(Error::InvalidKey);
        }
        let rsa = rsa::PublicKey::new_with_size_limits(
            rsa::BoxedUint::from_be_slice_vartime(n),
            rsa::BoxedUint::from(65_537u32),
            MIN_BITS..=MAX_BITS,
        )
        .map_err(|_| Error::InvalidKey)?;
        Ok(PublicKey {
            rsa,
            thumbprint: thumbprint(n),
            jwk_kid,
            bits,
            format,
            validity,
        })
    }

    /// The key id put in every JWE header: always the key's RFC 7638 thumbprint
    /// ([`PublicKey::thumbprint`]), computed here, never a JWK's own `kid`. So a pin on
    /// the kid is a pin on the key itself.
    pub fn kid(&self) -> &str {
        &self.thumbprint
    }

    /// The RFC 7638 JWK SHA-256 thumbprint, base64url (43 characters).
    pub fn thumbprint(&self) -> &str {
        &self.thumbprint
    }

    /// The JWK's own `kid` member, when the key was a JWK with a non-empty one. It is
    /// only reported (see the warning `KID_NOT_THUMBPRINT`), never put in a JWE.
    pub fn jwk_kid(&self) -> Option<&str> {
        self.jwk_kid.as_deref()
    }

    /// The modulus length in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The form the key was pasted in.
    pub fn format(&self) -> KeyFormat {
        self.format
    }

    /// Certificate validity `(not_before, not_after)` in Unix seconds, for certificates.
    pub fn validity(&self) -> Option<(i64, i64)> {
        self.validity
    }

    /// Warning codes at time `now` (Unix seconds): an expired or not yet valid
    /// certificate, a legacy format, a JWK whose own `kid` is not its thumbprint.
    pub fn warnings(&self, now: u64) -> Vec<&'static str> {
        let now = i64::try_from(now).unwrap_or(i64::MAX);
        let mut w = Vec::new();
        if let Some((nb, na)) = self.validity {
            if now > na {
                w.push(crate::messages::CERT_EXPIRED);
            }
            if now < nb {
                w.push(crate::messages::CERT_NOT_YET_VALID);
            }
        }
        if self.format == KeyFormat::AdyenCse {
            w.push(crate::messages::LEGACY_FORMAT);
        }
        if self.jwk_kid.as_ref().is_some_and(|k| *k != self.thumbprint) {
            w.push(crate::messages::KID_NOT_THUMBPRINT);
        }
        w
    }

    /// The key as a public JWK (`kty`, `n`, `e`, its thumbprint as `kid`, `use`, `alg`),
    /// whatever form it was imported from: what a key holder publishes in its JWKS.
    /// Native only: the processor's tools need it, the package's wasm does not.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn jwk(&self) -> String {
        let n = rsa::traits::PublicKeyParts::n_bytes(&self.rsa);
        let mut out = Vec::with_capacity(n.len() * 4 / 3 + 120);
        out.extend_from_slice(b"{\"kty\":\"RSA\",\"n\":\"");
        b64::encode_url_into(&n, &mut out);
        out.extend_from_slice(b"\",\"e\":\"AQAB\",\"kid\":\"");
        out.extend_from_slice(self.thumbprint.as_bytes());
        out.extend_from_slice(b"\",\"use\":\"enc\",\"alg\":\"RSA-OAEP-256\"}");
        // Only ASCII was pushed: the base64url alphabet, the thumbprint's and the literals.
        String::from_utf8(out).unwrap_or_default()
    }

    pub(crate) fn rsa(&self) -> &rsa::PublicKey {
        &self.rsa
    }
}

/// Whether `needle` occurs in `hay`. A plain window scan: `str::contains` with a `&str`
/// pattern brings the two-way searcher, 2.5 KB of wasm for a few short needles.
/// Whether `text` looks like a private key of any form: a private key's armour (PEM,
/// OpenPGP, SSH2, PuTTY; even truncated or wrapped in other text), or JSON naming a
/// member only a private JWK has. The one sniffer of pasted private keys: key import
/// refuses such text, and the opener (`cardseal-open`) uses it for `key-info` and its
/// key-file checks.
pub fn looks_private(text: &str) -> bool {
    let t = text.trim();
    private_armour(t)
        || (matches!(t.as_bytes().first(), Some(b'{' | b'[')) && private_jwk_member(t))
}

/// PEM (`-----BEGIN … PRIVATE KEY-----`), OpenPGP (`PGP PRIVATE KEY BLOCK`), SSH2
/// (`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`) and PuTTY armour.
fn private_armour(t: &str) -> bool {
    has(t, "PRIVATE KEY-----")
        || has(t, "PRIVATE KEY BLOCK-----")
        || has(t, "PRIVATE KEY ----")
        || t.starts_with("PuTTY-User-Key-File")
}

/// Whether JSON text names a member only a private JWK has (RFC 7518 §6.3.2).
fn private_jwk_member(t: &str) -> bool {
    ["\"d\"", "\"p\"", "\"q\"", "\"dp\""]
        .iter()
        .any(|m| has(t, m))
}

fn has(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Hex digits as a big-endian number's bytes, without leading zero bytes (an odd count
/// gets a leading zero nibble); `None` for anything else or for zero.
fn hex(s: &[u8]) -> Option<Vec<u8>> {
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let pad = s.len() % 2;
    let mut out = Vec::with_capacity(s.len() / 2 + 1);
    if pad == 1 {
        out.push(digit(s[0])?);
    }
    for pair in s[pad..].chunks(2) {
        out.push(digit(pair[0])? << 4 | digit(pair[1])?);
    }
    let zeros = out.iter().take_while(|&&b| b == 0).count();
    out.drain(..zeros);
    (!out.is_empty()).then_some(out)
}

/// RFC 7638 thumbprint of an RSA key with e = 65537 and modulus `n` (no leading zeros).
fn thumbprint(n: &[u8]) -> String {
    let mut canon = Vec::with_capacity(n.len() * 4 / 3 + 40);
    canon.extend_from_slice(b"{\"e\":\"AQAB\",\"kty\":\"RSA\",\"n\":\"");
    b64::encode_url_into(n, &mut canon);
    canon.extend_from_slice(b"\"}");
    use sha2::Digest;
    b64::encode_url(&sha2::Sha256::digest(&canon))
}

#[cfg(test)]
mod tests {
    use super::looks_private;

    /// Every form the one sniffer knows (the core refuses by it; the opener's `key-info`
    /// and key-file checks use it), and public keys it must let through.
    #[test]
    fn sniffs_every_private_form() {
        for private in [
            "-----BEGIN PRIVATE KEY-----\nMIIE",
            "junk -----BEGIN RSA PRIVATE KEY-----",
            "-----BEGIN PGP PRIVATE KEY BLOCK-----",
            "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----",
            "PuTTY-User-Key-File-3: ssh-rsa",
            r#"{"kty":"RSA","n":"x","e":"AQAB","d":"y"}"#,
            r#"[{"kty":"RSA","dp":"y""#,
        ] {
            assert!(looks_private(private), "{private}");
        }
        for public in [
            "-----BEGIN PUBLIC KEY-----\nMIIB",
            r#"{"kty":"RSA","n":"x","e":"AQAB"}"#,
            "10001|C5B1",
        ] {
            assert!(!looks_private(public), "{public}");
        }
    }
}
