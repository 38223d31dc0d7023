//! The little DER this crate writes: a PKCS#1 `RSAPrivateKey` from JWK numbers, and its
//! PKCS#8 wrapping.

use zeroize::Zeroizing;

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const OCTET_STRING: u8 = 0x04;

/// `AlgorithmIdentifier { rsaEncryption, NULL }`, DER.
const RSA_ENCRYPTION: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];

/// Appends a tag-length-value. The buffer is sized by the caller for secrets.
fn tlv(out: &mut Vec<u8>, tag: u8, value: &[u8]) {
    out.push(tag);
    let len = value.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(value);
}

/// Appends a non-negative INTEGER from big-endian magnitude bytes.
fn integer(out: &mut Vec<u8>, magnitude: &[u8]) {
    let zeros = magnitude.iter().take_while(|&&b| b == 0).count();
    let m = &magnitude[zeros..];
    let mut v = Zeroizing::new(Vec::with_capacity(m.len() + 1));
    if !matches!(m.first(), Some(&b) if b < 0x80) {
        v.push(0);
    }
    v.extend_from_slice(m);
    tlv(out, INTEGER, &v);
}

/// PKCS#8 `PrivateKeyInfo` (version 0, rsaEncryption) around a PKCS#1 `RSAPrivateKey`.
pub fn pkcs8_from_pkcs1(pkcs1: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut body = Zeroizing::new(Vec::with_capacity(pkcs1.len() + 32));
    body.extend_from_slice(&[INTEGER, 1, 0]);
    body.extend_from_slice(RSA_ENCRYPTION);
    tlv(&mut body, OCTET_STRING, pkcs1);
    let mut out = Zeroizing::new(Vec::with_capacity(body.len() + 8));
    tlv(&mut out, SEQUENCE, &body);
    out
}

/// PKCS#1 `RSAPrivateKey` (two primes) from its eight numbers, big-endian, in the
/// order `n, e, d, p, q, dp, dq, qi`.
pub fn pkcs1_private(numbers: &[&[u8]; 8]) -> Zeroizing<Vec<u8>> {
    let size: usize = numbers.iter().map(|n| n.len() + 6).sum::<usize>() + 8;
    let mut body = Zeroizing::new(Vec::with_capacity(size));
    body.extend_from_slice(&[INTEGER, 1, 0]);
    for n in numbers {
        integer(&mut body, n);
    }
    let mut out = Zeroizing::new(Vec::with_capacity(size + 8));
    tlv(&mut out, SEQUENCE, &body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_integers() {
        let mut out = Vec::new();
        tlv(&mut out, OCTET_STRING, &[7; 200]);
        assert_eq!(&out[..3], &[0x04, 0x81, 200]);
        let mut out = Vec::new();
        tlv(&mut out, OCTET_STRING, &[7; 300]);
        assert_eq!(&out[..4], &[0x04, 0x82, 0x01, 0x2c]);
        let mut out = Vec::new();
        integer(&mut out, &[0x00, 0x80]);
        assert_eq!(out, [0x02, 0x02, 0x00, 0x80]);
        let mut out = Vec::new();
        integer(&mut out, &[0x01, 0x00, 0x01]);
        assert_eq!(out, [0x02, 0x03, 0x01, 0x00, 0x01]);
    }
}
