//! Private-key import: PKCS#8 PEM, PKCS#1 PEM or a private JWK, parsed by aws-lc-rs. The
//! key is recognised by its RFC 7638 thumbprint alone, computed from the key's own public
//! numbers (as aws-lc-rs gives them) by the same code as on the sealing side
//! (`cardseal::PublicKey`). A JWK's own `kid` is kept only to report it: a name in a file
//! never selects a key.

use crate::{der, pem};
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{OaepPrivateDecryptingKey, PrivateDecryptingKey};
use serde_json::Value;
use zeroize::{Zeroize, Zeroizing};

/// Key files longer than this are refused before any parsing.
pub const MAX_KEY_FILE: usize = 256 * 1024;

/// Why a private key was refused.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// Not a key in any supported form, or damaged.
    Invalid,
    /// A password-protected key: decrypt it first.
    Encrypted,
    /// A public key or certificate where the private key belongs.
    NotPrivate,
    /// Readable, but refused by cardseal's key policy; the code says why (`WEAK_KEY`,
    /// `UNSUPPORTED_EXPONENT`, `UNSUPPORTED_KEY_TYPE`, …).
    Policy(&'static str),
}

impl KeyError {
    /// The stable code, e.g. `"ENCRYPTED_KEY"`.
    pub fn code(&self) -> &'static str {
        match self {
            KeyError::Invalid => "INVALID_KEY",
            KeyError::Encrypted => "ENCRYPTED_KEY",
            KeyError::NotPrivate => "NOT_A_PRIVATE_KEY",
            KeyError::Policy(code) => code,
        }
    }

    /// What went wrong and what to do, in English.
    pub fn message(&self) -> &'static str {
        match self {
            KeyError::Invalid => "not an RSA private key in PKCS#8 PEM, PKCS#1 PEM or JWK form, or damaged",
            KeyError::Encrypted => "the private key is password-protected; decrypt it first (openssl pkcs8 -in KEY -out PLAIN) and keep the result at mode 0600",
            KeyError::NotPrivate => "this is a public key or certificate; opening needs the private key",
            KeyError::Policy(_) => "the key is refused by cardseal's key policy (RSA, 2048-8192 bits, e = 65537)",
        }
    }
}

impl core::fmt::Display for KeyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for KeyError {}

/// The form a private key was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PrivateKeyFormat {
    /// `-----BEGIN PRIVATE KEY-----`
    Pkcs8Pem,
    /// `-----BEGIN RSA PRIVATE KEY-----`
    Pkcs1Pem,
    /// a private JWK (`d`, `p`, `q`, `dp`, `dq`, `qi`)
    Jwk,
}

impl PrivateKeyFormat {
    /// A stable name: `pkcs8-pem`, `pkcs1-pem`, `jwk`.
    pub fn as_str(self) -> &'static str {
        match self {
            PrivateKeyFormat::Pkcs8Pem => "pkcs8-pem",
            PrivateKeyFormat::Pkcs1Pem => "pkcs1-pem",
            PrivateKeyFormat::Jwk => "jwk",
        }
    }
}

/// An RSA private key ready for RSA-OAEP-256 unwrapping.
pub struct PrivateKey {
    oaep: OaepPrivateDecryptingKey,
    public: cardseal::PublicKey,
    jwk_kid: Option<String>,
    format: PrivateKeyFormat,
}

impl core::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PrivateKey")
            .field("thumbprint", &self.thumbprint())
            .field("jwk_kid", &self.jwk_kid)
            .field("bits", &self.bits())
            .finish_non_exhaustive()
    }
}

/// Whether `text` looks like a private key of any form (for `key-info` and the key-file
/// checks): the core's one sniffer, which its key import refuses by.
pub use cardseal::key::looks_private;

impl PrivateKey {
    /// Reads a private key from PKCS#8 PEM, PKCS#1 PEM or a private JWK.
    pub fn import(text: &str) -> Result<PrivateKey, KeyError> {
        if text.len() > MAX_KEY_FILE {
            return Err(KeyError::Invalid);
        }
        let t = text.trim();
        if t.starts_with('{') {
            return Self::from_jwk(t);
        }
        if t.contains("ENCRYPTED PRIVATE KEY-----") || t.contains("Proc-Type: 4,ENCRYPTED") {
            return Err(KeyError::Encrypted);
        }
        let (label, der) = pem::first_block(t).ok_or(KeyError::Invalid)?;
        match label {
            "PRIVATE KEY" => Self::from_pkcs8(&der, PrivateKeyFormat::Pkcs8Pem, None),
            "RSA PRIVATE KEY" => {
                let pkcs8 = der::pkcs8_from_pkcs1(&der);
                Self::from_pkcs8(&pkcs8, PrivateKeyFormat::Pkcs1Pem, None)
            }
            "PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE" => Err(KeyError::NotPrivate),
            "EC PRIVATE KEY" | "DSA PRIVATE KEY" | "OPENSSH PRIVATE KEY" => {
                Err(KeyError::Policy("UNSUPPORTED_KEY_TYPE"))
            }
            _ => Err(KeyError::Invalid),
        }
    }

    fn from_jwk(t: &str) -> Result<PrivateKey, KeyError> {
        let mut v: Value = serde_json::from_str(t).map_err(|_| KeyError::Invalid)?;
        let result = Self::from_jwk_value(&v);
        // The private numbers were copied into zeroizing buffers; wipe the JSON strings.
        if let Value::Object(members) = &mut v {
            for (_, m) in members.iter_mut() {
                if let Value::String(s) = m {
                    s.zeroize();
                }
            }
        }
        result
    }

    fn from_jwk_value(v: &Value) -> Result<PrivateKey, KeyError> {
        if v.get("d").is_none() {
            return Err(if v.get("n").is_some() {
                KeyError::NotPrivate
            } else {
                KeyError::Invalid
            });
        }
        match v.get("kty").and_then(Value::as_str) {
            Some("RSA") => {}
            Some(_) => return Err(KeyError::Policy("UNSUPPORTED_KEY_TYPE")),
            None => return Err(KeyError::Invalid),
        }
        if v.get("oth").is_some() {
            // Multi-prime keys are not supported by aws-lc-rs.
            return Err(KeyError::Policy("UNSUPPORTED_KEY_TYPE"));
        }
        let num = |name: &str| -> Result<Zeroizing<Vec<u8>>, KeyError> {
            v.get(name)
                .and_then(Value::as_str)
                .and_then(|s| cardseal::b64::decode_url_strict(s.as_bytes()))
                .map(Zeroizing::new)
                .filter(|b| !b.is_empty())
                .ok_or(KeyError::Invalid)
        };
        let parts = ["n", "e", "d", "p", "q", "dp", "dq", "qi"]
            .iter()
            .map(|name| num(name))
            .collect::<Result<Vec<_>, _>>()?;
        let refs: [&[u8]; 8] = [
            &parts[0], &parts[1], &parts[2], &parts[3], &parts[4], &parts[5], &parts[6], &parts[7],
        ];
        let pkcs1 = der::pkcs1_private(&refs);
        let kid = match v.get("kid") {
            None => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(Value::String(s)) if s.len() <= 256 => Some(s.clone()),
            Some(_) => return Err(KeyError::Invalid),
        };
        Self::from_pkcs8(&der::pkcs8_from_pkcs1(&pkcs1), PrivateKeyFormat::Jwk, kid)
    }

    fn from_pkcs8(
        der: &[u8],
        format: PrivateKeyFormat,
        jwk_kid: Option<String>,
    ) -> Result<PrivateKey, KeyError> {
        let key = PrivateDecryptingKey::from_pkcs8(der).map_err(|_| KeyError::Invalid)?;
        let spki = key.public_key().as_der().map_err(|_| KeyError::Invalid)?;
        // Bare base64 of the SPKI is one of the forms the sealing side reads; this gives
        // the same policy and the same thumbprint as a merchant's page.
        let public = cardseal::PublicKey::import(&cardseal::b64::encode_url(spki.as_ref()))
            .map_err(|e| KeyError::Policy(e.code()))?;
        let oaep = OaepPrivateDecryptingKey::new(key).map_err(|_| KeyError::Invalid)?;
        Ok(PrivateKey {
            oaep,
            public,
            jwk_kid,
            format,
        })
    }

    /// The RFC 7638 thumbprint of the public half (base64url), equal to
    /// `cardseal::PublicKey::thumbprint` of the merchant's public key.
    pub fn thumbprint(&self) -> &str {
        self.public.thumbprint()
    }

    /// The key id JWEs sealed to this key carry: its thumbprint
    /// ([`PrivateKey::thumbprint`]).
    pub fn kid(&self) -> &str {
        self.public.kid()
    }

    /// The JWK's own `kid`, when the key was a JWK with one: reported only, never used to
    /// find the key.
    pub fn jwk_kid(&self) -> Option<&str> {
        self.jwk_kid.as_deref()
    }

    /// The modulus length in bits.
    pub fn bits(&self) -> usize {
        self.public.bits()
    }

    /// The form the key was read from.
    pub fn format(&self) -> PrivateKeyFormat {
        self.format
    }

    /// Whether a JWE header `kid` names this key: whether it is this key's thumbprint.
    pub fn matches(&self, kid: &str) -> bool {
        self.thumbprint() == kid
    }

    pub(crate) fn oaep(&self) -> &OaepPrivateDecryptingKey {
        &self.oaep
    }
}
