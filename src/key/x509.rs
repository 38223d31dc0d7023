//! The parts of DER key structures cardseal reads: SPKI, PKCS#1 public keys, X.509
//! certificates (the SPKI and the validity), and just enough of PKCS#1/PKCS#8/SEC1
//! private keys to recognise them and refuse them.

use super::der::{self, Reader};
use crate::Error;

/// rsaEncryption, 1.2.840.113549.1.1.1
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// id-RSAES-OAEP, 1.2.840.113549.1.1.7: still an RSA encryption key.
const OID_RSA_OAEP: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x07];

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
    if oid != OID_RSA && oid != OID_RSA_OAEP {
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
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

fn digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0i64, |a, &c| {
        c.is_ascii_digit().then(|| a * 10 + i64::from(c - b'0'))
    })
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2026, 11, 22), 20_779);
    }

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
