//! SPKI AlgorithmIdentifiers built by hand: rsaEncryption parameters and RSAES-OAEP
//! parameters.

use super::*;

/// The DER of one element: `tag`, its definite length, `contents`.
fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let len = contents.len();
    let mut out = vec![tag];
    match len {
        0..=0x7f => out.push(len as u8),
        0x80..=0xff => out.extend([0x81, len as u8]),
        _ => out.extend([0x82, (len >> 8) as u8, len as u8]),
    }
    out.extend_from_slice(contents);
    out
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn der_of(pem: &str) -> Vec<u8> {
    cardseal::b64::decode_lenient(pem_body(pem).as_bytes()).unwrap()
}

/// An SPKI of the rsa2048 test key with the AlgorithmIdentifier contents `alg`, as PEM.
fn spki_with(alg: &[u8]) -> String {
    let pkcs1 = der_of(&key("rsa2048-pkcs1.pem"));
    let der = tlv(
        0x30,
        &cat(&[&tlv(0x30, alg), &tlv(0x03, &cat(&[&[0], &pkcs1]))]),
    );
    let b64 = cardseal::b64::encode_url(&der)
        .replace('-', "+")
        .replace('_', "/");
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        lines.join("\n")
    )
}

const RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OAEP: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x07];
const MGF1: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08];
const P_SPECIFIED: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x09];
const SHA1: &[u8] = &[0x2b, 0x0e, 0x03, 0x02, 0x1a];
const SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
const SHA384: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02];
const NULL: &[u8] = &[0x05, 0x00];

/// A hash AlgorithmIdentifier, with NULL parameters or none.
fn hash(oid: &[u8], null: bool) -> Vec<u8> {
    tlv(
        0x30,
        &cat(&[&tlv(0x06, oid), if null { NULL } else { &[] }]),
    )
}

fn mgf1(h: &[u8]) -> Vec<u8> {
    tlv(0x30, &cat(&[&tlv(0x06, MGF1), h]))
}

fn label(l: &[u8]) -> Vec<u8> {
    tlv(0x30, &cat(&[&tlv(0x06, P_SPECIFIED), &tlv(0x04, l)]))
}

/// id-RSAES-OAEP AlgorithmIdentifier contents with RSAES-OAEP-params built from the
/// given `[0]`, `[1]` and `[2]` members (`None`: omitted, meaning the SHA-1 DEFAULT).
fn oaep(h: Option<&[u8]>, m: Option<&[u8]>, p: Option<&[u8]>) -> Vec<u8> {
    let mut params = Vec::new();
    for (tag, part) in [(0xa0, h), (0xa1, m), (0xa2, p)] {
        if let Some(part) = part {
            params.extend(tlv(tag, part));
        }
    }
    cat(&[&tlv(0x06, OAEP), &tlv(0x30, &params)])
}

#[test]
fn spki_builder_matches_the_real_key() {
    let rebuilt = spki_with(&cat(&[&tlv(0x06, RSA), NULL]));
    assert_eq!(der_of(&rebuilt), der_of(&key("rsa2048-spki.pem")));
}

#[test]
fn rsa_encryption_parameters_must_be_null() {
    let oid = tlv(0x06, RSA);
    let cases: [(&str, Vec<u8>); 6] = [
        ("absent (RFC 3279 says MUST be NULL)", oid.clone()),
        ("NULL twice", cat(&[&oid, NULL, NULL])),
        ("NULL with contents", cat(&[&oid, &[0x05, 0x01, 0x00]])),
        ("empty OCTET STRING", cat(&[&oid, &[0x04, 0x00]])),
        ("empty SEQUENCE", cat(&[&oid, &[0x30, 0x00]])),
        (
            "OAEP parameters under rsaEncryption",
            cat(&[&oid, &oaep(Some(&hash(SHA256, true)), None, None)[11..]]),
        ),
    ];
    for (what, alg) in cases {
        let pem = spki_with(&alg);
        assert_eq!(
            PublicKey::import(&pem).unwrap_err(),
            Error::InvalidKey,
            "{what}"
        );
        let b64 = pem_body(&pem);
        assert_eq!(
            PublicKey::import(&b64).unwrap_err(),
            Error::InvalidKey,
            "{what}"
        );
    }
}

#[test]
fn rsaes_oaep_keys_must_name_sha256() {
    let (h256, h256_bare) = (hash(SHA256, true), hash(SHA256, false));
    let (m256, m256_bare) = (mgf1(&h256), mgf1(&h256_bare));
    let accepted: [(&str, Vec<u8>); 4] = [
        (
            "SHA-256, MGF1-SHA-256",
            oaep(Some(&h256), Some(&m256), None),
        ),
        (
            "hash parameters absent",
            oaep(Some(&h256_bare), Some(&m256_bare), None),
        ),
        (
            "explicit empty label",
            oaep(Some(&h256), Some(&m256), Some(&label(b""))),
        ),
        (
            "mixed NULL and absent",
            oaep(Some(&h256_bare), Some(&m256), Some(&label(b""))),
        ),
    ];
    for (what, alg) in accepted {
        let pem = spki_with(&alg);
        let k = PublicKey::import(&pem).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            (k.format(), k.bits(), k.thumbprint()),
            (KeyFormat::SpkiPem, 2048, THUMBPRINT),
            "{what}"
        );
        let k = PublicKey::import(&pem_body(&pem)).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(k.format(), KeyFormat::Base64Der, "{what}");
    }

    let (h1, h384) = (hash(SHA1, true), hash(SHA384, true));
    let refused: Vec<(&str, Vec<u8>)> = vec![
        ("parameters absent: SHA-1 by default", tlv(0x06, OAEP)),
        ("NULL parameters", cat(&[&tlv(0x06, OAEP), NULL])),
        ("all DEFAULTs (SHA-1)", oaep(None, None, None)),
        ("hash omitted (SHA-1)", oaep(None, Some(&m256), None)),
        ("MGF omitted (MGF1-SHA-1)", oaep(Some(&h256), None, None)),
        ("SHA-1", oaep(Some(&h1), Some(&mgf1(&h1)), None)),
        ("SHA-1 hash", oaep(Some(&h1), Some(&m256), None)),
        ("MGF1-SHA-1", oaep(Some(&h256), Some(&mgf1(&h1)), None)),
        ("SHA-384", oaep(Some(&h384), Some(&mgf1(&h384)), None)),
        ("MGF1-SHA-384", oaep(Some(&h256), Some(&mgf1(&h384)), None)),
        (
            "another mask function",
            oaep(
                Some(&h256),
                Some(&tlv(0x30, &cat(&[&tlv(0x06, SHA256), &h256]))),
                None,
            ),
        ),
        (
            "a label",
            oaep(Some(&h256), Some(&m256), Some(&label(b"cardseal"))),
        ),
        (
            "another pSourceFunc",
            oaep(Some(&h256), Some(&m256), Some(&hash(SHA256, true))),
        ),
        (
            "hash with other parameters",
            oaep(
                Some(&tlv(0x30, &cat(&[&tlv(0x06, SHA256), &[0x04, 0x00]]))),
                Some(&m256),
                None,
            ),
        ),
        (
            "two hashes in [0]",
            oaep(Some(&cat(&[&h256, &h256])), Some(&m256), None),
        ),
        (
            "members out of order",
            cat(&[
                &tlv(0x06, OAEP),
                &tlv(0x30, &cat(&[&tlv(0xa1, &m256), &tlv(0xa0, &h256)])),
            ]),
        ),
        (
            "something after the parameters",
            cat(&[&oaep(Some(&h256), Some(&m256), None), NULL]),
        ),
    ];
    for (what, alg) in refused {
        let pem = spki_with(&alg);
        assert_eq!(
            PublicKey::import(&pem).unwrap_err(),
            Error::WrongKeyUse,
            "{what}"
        );
    }
}
