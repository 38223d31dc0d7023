//! The parts of DER key structures cardseal reads: SPKI, PKCS#1 public keys, X.509
//! certificates (the SPKI and the validity), and just enough of PKCS#1/PKCS#8/SEC1
//! private keys to recognise them and refuse them.

use super::der::{self, Reader};
use crate::Error;

/// rsaEncryption, 1.2.840.113549.1.1.1
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// id-RSAES-OAEP, 1.2.840.113549.1.1.7: still an RSA encryption key.
const OID_RSA_OAEP: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x07];
/// id-mgf1, 1.2.840.113549.1.1.8
const OID_MGF1: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08];
/// id-pSpecified, 1.2.840.113549.1.1.9
const OID_P_SPECIFIED: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x09];
/// id-sha256, 2.16.840.1.101.3.4.2.1
const OID_SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];

/// What a DER blob turned out to be.
#[derive(Debug)]
pub enum Der<'a> {
    /// SubjectPublicKeyInfo holding an RSA key.
    Spki(Rsa<'a>),
    /// PKCS#1 RSAPublicKey.
    Pkcs1(Rsa<'a>),
    /// An X.509 certificate: its RSA key and validity (Unix seconds).
    Certificate(Rsa<'a>, i64, i64),
}

/// The raw RSA numbers, big-endian, without leading zeros.
#[derive(Debug, Clone, Copy)]
pub struct Rsa<'a> {
    /// modulus
    pub n: &'a [u8],
    /// public exponent
    pub e: &'a [u8],
}

/// Classifies and reads a DER blob. Private keys of any kind give
/// [`Error::PrivateKeyPasted`]; other unreadable input gives [`Error::InvalidKey`].
pub fn classify(data: &[u8]) -> Result<Der<'_>, Error> {
    let mut outer = Reader::new(data);
    let mut seq = outer.nested(der::SEQUENCE).ok_or(Error::InvalidKey)?;
    if !outer.is_empty() {
        return Err(Error::InvalidKey);
    }
    match seq.peek_tag() {
        Some(der::INTEGER) => {
            let first = seq.any().ok_or(Error::InvalidKey)?;
            match seq.peek_tag() {
                // PKCS#8 PrivateKeyInfo { version, algorithm, privateKey } or
                // SEC1 ECPrivateKey { version, privateKey OCTET STRING, … }.
                Some(der::SEQUENCE | der::OCTET_STRING) => Err(Error::PrivateKeyPasted),
                Some(der::INTEGER) => {
                    let e = seq.unsigned().ok_or(Error::InvalidKey)?;
                    if seq.is_empty() {
                        let n = der::unsigned(first.1).ok_or(Error::InvalidKey)?;
                        Ok(Der::Pkcs1(Rsa { n, e }))
                    } else {
                        // RSAPrivateKey { version, n, e, d, p, q, … }
                        Err(Error::PrivateKeyPasted)
                    }
                }
                _ => Err(Error::InvalidKey),
            }
        }
        Some(der::SEQUENCE) => {
            let first = seq.nested(der::SEQUENCE).ok_or(Error::InvalidKey)?;
            match first.peek_tag() {
                Some(der::OID) => match seq.peek_tag() {
                    // EncryptedPrivateKeyInfo { encryptionAlgorithm, encryptedData }
                    Some(der::OCTET_STRING) => Err(Error::PrivateKeyPasted),
                    Some(der::BIT_STRING) => spki_body(first, seq).map(Der::Spki),
                    _ => Err(Error::InvalidKey),
                },
                Some(der::CONTEXT_0 | der::INTEGER) => certificate(first),
                _ => Err(Error::InvalidKey),
            }
        }
        _ => Err(Error::InvalidKey),
    }
}

/// Reads an SPKI given its AlgorithmIdentifier reader and the rest of the sequence.
fn spki_body<'a>(mut alg: Reader<'a>, mut rest: Reader<'a>) -> Result<Rsa<'a>, Error> {
    let oid = alg.expect(der::OID).ok_or(Error::InvalidKey)?;
    if oid == OID_RSA {
        // RFC 3279 §2.3.1: the parameters MUST be NULL. Absent parameters are refused too,
        // as Go's crypto/x509 does; OpenSSL, WebCrypto and the JOSE libraries write NULL.
        if alg.expect(der::NULL) != Some(&[]) || !alg.is_empty() {
            return Err(Error::InvalidKey);
        }
    } else if oid == OID_RSA_OAEP {
        // The key is bound to the OAEP parameters it names: only RSA-OAEP-256's fit.
        oaep_sha256(alg).ok_or(Error::WrongKeyUse)?;
    } else {
        // EC, Ed25519, X25519, DSA, RSASSA-PSS, …
        return Err(Error::UnsupportedKeyType);
    }
    let bits = rest.expect(der::BIT_STRING).ok_or(Error::InvalidKey)?;
    if !rest.is_empty() {
        return Err(Error::InvalidKey);
    }
    let (&unused, key) = bits.split_first().ok_or(Error::InvalidKey)?;
    if unused != 0 {
        return Err(Error::InvalidKey);
    }
    pkcs1_public(key)
}

/// Checks the parameters of an id-RSAES-OAEP key (RFC 8017 A.2.1, RFC 4055 §4.1) name
/// exactly what cardseal seals with: SHA-256, MGF1 with SHA-256 and the empty label.
/// Absent parameters or an omitted hash or mask function mean the SHA-1 DEFAULTs, so they
/// are refused; an explicit empty `pSpecified` label is taken like an omitted one.
fn oaep_sha256(alg: Reader<'_>) -> Option<()> {
    let mut p = sole(alg, der::SEQUENCE)?;
    sha256_id(sole(p.nested(der::CONTEXT_0)?, der::SEQUENCE)?)?;
    let mut mgf = sole(p.nested(der::CONTEXT_1)?, der::SEQUENCE)?;
    (mgf.expect(der::OID)? == OID_MGF1).then_some(())?;
    sha256_id(sole(mgf, der::SEQUENCE)?)?;
    if !p.is_empty() {
        let mut src = sole(sole(p, der::CONTEXT_2)?, der::SEQUENCE)?;
        let empty = src.expect(der::OID)? == OID_P_SPECIFIED
            && src.expect(der::OCTET_STRING)?.is_empty()
            && src.is_empty();
        empty.then_some(())?;
    }
    Some(())
}

/// Checks a hash AlgorithmIdentifier's contents are SHA-256, with NULL or absent
/// parameters (RFC 4055 §2.1 accepts both).
fn sha256_id(mut r: Reader<'_>) -> Option<()> {
    let ok = r.expect(der::OID)? == OID_SHA256
        && (r.is_empty() || (r.expect(der::NULL)?.is_empty() && r.is_empty()));
    ok.then_some(())
}

/// The contents of the one element, with `tag`, that `r` must hold.
fn sole(mut r: Reader<'_>, tag: u8) -> Option<Reader<'_>> {
    let inner = r.nested(tag)?;
    r.is_empty().then_some(inner)
}

/// Whether `data` begins as a private key does, even when the rest is missing (a
/// truncated paste has leaked all the same): a SEQUENCE header, whatever length it
/// claims, then either `INTEGER 0|1` followed by a SEQUENCE (PKCS#8 PrivateKeyInfo), an
/// INTEGER (PKCS#1 RSAPrivateKey) or an OCTET STRING (SEC1 ECPrivateKey), or a SEQUENCE
/// starting with a PKCS#5 or PKCS#12 OID (EncryptedPrivateKeyInfo). No public form
/// starts so: SPKI names its key algorithm there, a certificate opens its TBSCertificate,
/// and PKCS#1 RSAPublicKey's first INTEGER is the modulus.
pub fn looks_private(data: &[u8]) -> bool {
    let Some(body) = after_header(data, der::SEQUENCE) else {
        return false;
    };
    match body {
        [der::INTEGER, 1, 0 | 1, der::SEQUENCE | der::INTEGER | der::OCTET_STRING, ..] => true,
        // An OID under 1.2.840.113549.1.5 (PKCS#5) or 1.2.840.113549.1.12 (PKCS#12).
        _ => after_header(body, der::SEQUENCE).is_some_and(|alg| {
            alg.first() == Some(&der::OID)
                && alg.get(2..9) == OID_RSA.get(..7)
                && matches!(alg.get(9), Some(0x05 | 0x0c))
        }),
    }
}

/// What follows the identifier and length octets of an element with `tag`, however
/// little of its contents is there.
fn after_header(data: &[u8], tag: u8) -> Option<&[u8]> {
    match data {
        [t, len, rest @ ..] if *t == tag => rest.get(usize::from(len.saturating_sub(0x80))..),
        _ => None,
    }
}

/// Reads a PKCS#1 RSAPublicKey.
pub fn pkcs1_public(data: &[u8]) -> Result<Rsa<'_>, Error> {
    let mut outer = Reader::new(data);
    let mut seq = outer.nested(der::SEQUENCE).ok_or(Error::InvalidKey)?;
    let n = seq.unsigned().ok_or(Error::InvalidKey)?;
    let e = seq.unsigned().ok_or(Error::InvalidKey)?;
    if !seq.is_empty() || !outer.is_empty() {
        return Err(Error::InvalidKey);
    }
    Ok(Rsa { n, e })
}

/// Reads a certificate's TBSCertificate far enough to get validity and SPKI.
fn certificate(mut tbs: Reader<'_>) -> Result<Der<'_>, Error> {
    if tbs.peek_tag() == Some(der::CONTEXT_0) {
        tbs.any().ok_or(Error::InvalidKey)?; // version
    }
    tbs.expect(der::INTEGER).ok_or(Error::InvalidKey)?; // serial
    tbs.expect(der::SEQUENCE).ok_or(Error::InvalidKey)?; // signature algorithm
    tbs.expect(der::SEQUENCE).ok_or(Error::InvalidKey)?; // issuer
    let mut validity = tbs.nested(der::SEQUENCE).ok_or(Error::InvalidKey)?;
    let not_before = time(&mut validity).ok_or(Error::InvalidKey)?;
    let not_after = time(&mut validity).ok_or(Error::InvalidKey)?;
    tbs.expect(der::SEQUENCE).ok_or(Error::InvalidKey)?; // subject
    let mut spki = tbs.nested(der::SEQUENCE).ok_or(Error::InvalidKey)?;
    let alg = spki.nested(der::SEQUENCE).ok_or(Error::InvalidKey)?;
    let rsa = spki_body(alg, spki)?;
    Ok(Der::Certificate(rsa, not_before, not_after))
}

/// Reads a UTCTime or GeneralizedTime in the `Z` form X.509 requires.
fn time(r: &mut Reader<'_>) -> Option<i64> {
    let (tag, c) = r.any()?;
    let (year, rest) = match (tag, c.len()) {
        (der::UTC_TIME, 13) => {
            let yy = digits(c.get(..2)?)?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, c.get(2..)?)
        }
        (der::GENERALIZED_TIME, 15) => (digits(c.get(..4)?)?, c.get(4..)?),
        _ => return None,
    };
    if rest.get(10) != Some(&b'Z') {
        return None;
    }
    let month = digits(rest.get(0..2)?)?;
    let day = digits(rest.get(2..4)?)?;
    let (h, m, s) = (
        digits(rest.get(4..6)?)?,
        digits(rest.get(6..8)?)?,
        digits(rest.get(8..10)?)?,
    );
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(crate::date::days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

fn digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0i64, |a, &c| {
        c.is_ascii_digit().then(|| a * 10 + i64::from(c - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        let utc = [
            der::UTC_TIME,
            13,
            b'2',
            b'6',
            b'1',
            b'1',
            b'2',
            b'2',
            b'0',
            b'0',
            b'0',
            b'0',
            b'0',
            b'0',
            b'Z',
        ];
        assert_eq!(time(&mut Reader::new(&utc)), Some(20_779 * 86_400));
        let gen = *b"\x18\x0f19991231235959Z";
        assert_eq!(time(&mut Reader::new(&gen)), Some(946_684_799));
        assert_eq!(time(&mut Reader::new(b"\x17\x0d2613220000000Z")), None);
        assert_eq!(time(&mut Reader::new(b"\x17\x0d261122000000+")), None);
    }
}
