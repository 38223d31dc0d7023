//! Key import: every accepted form, every refusal, and hostile input.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic

use cardseal::{Error, KeyFormat, PublicKey};

fn key(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// RFC 7638 thumbprint of tests/keys/rsa2048.jwk, computed by jose's
/// calculateJwkThumbprint (tests/node/interop.test.mjs checks it again at test time).
const THUMBPRINT: &str = "2-3TluUwchfnEAL8pSTiXFBluHHbj15aOTCfv7dUV3g";

#[test]
fn every_public_form_of_one_key_gives_one_thumbprint() {
    let cases = [
        ("rsa2048-spki.pem", KeyFormat::SpkiPem),
        ("rsa2048-pkcs1.pem", KeyFormat::Pkcs1Pem),
        ("rsa2048-cert.pem", KeyFormat::CertificatePem),
        ("rsa2048-cert-expired.pem", KeyFormat::CertificatePem),
        ("rsa2048.jwk", KeyFormat::Jwk),
        ("rsa2048-spki.b64", KeyFormat::Base64Der),
        ("rsa2048-adyen.txt", KeyFormat::AdyenCse),
    ];
    for (file, format) in cases {
        let k = PublicKey::import(&key(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(k.format(), format, "{file}");
        assert_eq!(k.bits(), 2048, "{file}");
        assert_eq!(k.thumbprint(), THUMBPRINT, "{file}");
        assert_eq!(
            k.kid(),
            THUMBPRINT,
            "{file}: no kid of its own, so the thumbprint"
        );
    }
}

#[test]
fn jwk_kid_wins_and_jwks_picks_the_enc_key() {
    let k = PublicKey::import(&key("rsa2048-kid.jwk")).unwrap();
    assert_eq!(k.kid(), "merchant-2026-11");
    assert_eq!(k.thumbprint(), THUMBPRINT);

    let k = PublicKey::import(&key("rsa2048-jwks.json")).unwrap();
    assert_eq!(k.format(), KeyFormat::Jwks);
    assert_eq!(k.kid(), "enc-1");
    assert_eq!(k.thumbprint(), THUMBPRINT);

    // The only key of a set is taken even without `use`.
    let jwk = key("rsa2048.jwk");
    let k = PublicKey::import(&format!("{{\"keys\":[{jwk}]}}")).unwrap();
    assert_eq!((k.format(), k.kid()), (KeyFormat::Jwks, THUMBPRINT));

    // Several keys and none marked for encryption: ambiguous.
    let set = format!("{{\"keys\":[{jwk},{jwk}]}}");
    assert_eq!(PublicKey::import(&set).unwrap_err(), Error::InvalidKey);
    assert_eq!(
        PublicKey::import("{\"keys\":[]}").unwrap_err(),
        Error::InvalidKey
    );
}

#[test]
fn larger_keys() {
    assert_eq!(
        PublicKey::import(&key("rsa3072-spki.pem")).unwrap().bits(),
        3072
    );
    assert_eq!(
        PublicKey::import(&key("rsa4096-spki.pem")).unwrap().bits(),
        4096
    );
}

#[test]
fn tolerates_crlf_indentation_and_blank_lines() {
    for file in [
        "rsa2048-spki.pem",
        "rsa2048-cert.pem",
        "rsa2048.jwk",
        "rsa2048-spki.b64",
    ] {
        let text = key(file);
        let messy = format!(
            "\r\n\n   \t{}\r\n\r\n  \n",
            text.trim().lines().collect::<Vec<_>>().join("\r\n      ")
        );
        let k = PublicKey::import(&messy).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(k.thumbprint(), THUMBPRINT, "{file}");
    }
    // A base64 DER body wrapped at 64 columns, as mail clients do.
    let b64 = key("rsa2048-spki.b64");
    let wrapped: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    assert!(PublicKey::import(&wrapped.join("\n")).is_ok());
}

#[test]
fn a_certificate_chain_uses_the_first_certificate() {
    let chain = key("rsa2048-cert.pem") + &key("rsa2048-cert-expired.pem");
    let k = PublicKey::import(&chain).unwrap();
    assert_eq!(k.format(), KeyFormat::CertificatePem);
    // The first certificate is valid from 2026-11-22 for 100 years; the second expired.
    assert!(k.warnings(1_800_000_000).is_empty());
}

#[test]
fn warnings() {
    let expired = PublicKey::import(&key("rsa2048-cert-expired.pem")).unwrap();
    // Valid 2020-01-01 .. 2021-01-01.
    assert_eq!(expired.validity(), Some((1_577_836_800, 1_609_459_200)));
    assert_eq!(expired.warnings(1_790_000_000), ["CERT_EXPIRED"]);
    assert_eq!(expired.warnings(1_500_000_000), ["CERT_NOT_YET_VALID"]);
    assert!(expired.warnings(1_600_000_000).is_empty());
    let adyen = PublicKey::import(&key("rsa2048-adyen.txt")).unwrap();
    assert_eq!(adyen.warnings(1_790_000_000), ["LEGACY_FORMAT"]);
    let spki = PublicKey::import(&key("rsa2048-spki.pem")).unwrap();
    assert!(spki.warnings(1_790_000_000).is_empty());
}

#[test]
fn private_keys_are_refused_loudly() {
    let cases = [
        key("rsa2048-private-pkcs8.pem"),
        key("rsa2048-private-pkcs1.pem"),
        key("rsa2048-private-encrypted.pem"),
        key("rsa2048-private.jwk"),
        key("ec-p256-private-sec1.pem"),
        // A private key pasted together with the public key.
        key("rsa2048-spki.pem") + &key("rsa2048-private-pkcs8.pem"),
        // A private JWK inside a set, beside a public one.
        format!(
            "{{\"keys\":[{},{}]}}",
            key("rsa2048-kid.jwk"),
            key("rsa2048-private.jwk")
        ),
        // Truncated: still leaked.
        key("rsa2048-private-pkcs8.pem")[..300].to_string(),
        key("rsa2048-private.jwk")[..900].to_string(),
        // Bare base64 DER of a private key, with its PEM lines stripped.
        pem_body(&key("rsa2048-private-pkcs8.pem")),
        pem_body(&key("rsa2048-private-pkcs1.pem")),
        pem_body(&key("rsa2048-private-encrypted.pem")),
        // A symmetric JWK is a secret too.
        r#"{"kty":"oct","k":"AAECAwQFBgcICQoLDA0ODw"}"#.to_string(),
    ];
    for (i, text) in cases.iter().enumerate() {
        assert_eq!(
            PublicKey::import(text).unwrap_err(),
            Error::PrivateKeyPasted,
            "case {i}"
        );
    }
    let msg = Error::PrivateKeyPasted.message();
    assert!(msg.contains("PRIVATE") && msg.contains("leaked") && msg.contains("new key pair"));
}

fn pem_body(pem: &str) -> String {
    pem.lines()
        .filter(|l| !l.starts_with("-----") && !l.contains(':'))
        .collect()
}

#[test]
fn policy_refusals() {
    let cases = [
        ("rsa1024-spki.pem", Error::WeakKey),
        ("rsa2048-e3-spki.pem", Error::UnsupportedExponent),
        ("ec-p256-spki.pem", Error::UnsupportedKeyType),
        ("ed25519-spki.pem", Error::UnsupportedKeyType),
        ("rsa-pss-spki.pem", Error::UnsupportedKeyType),
    ];
    for (file, err) in cases {
        assert_eq!(PublicKey::import(&key(file)).unwrap_err(), err, "{file}");
    }
    let jwk = key("rsa2048.jwk");
    let with = |extra: &str| jwk.replacen('{', &format!("{{{extra},"), 1);
    assert_eq!(
        PublicKey::import(&with(r#""use":"sig""#)).unwrap_err(),
        Error::WrongKeyUse
    );
    assert_eq!(
        PublicKey::import(&with(r#""alg":"RS256""#)).unwrap_err(),
        Error::WrongKeyUse
    );
    assert_eq!(
        PublicKey::import(&with(r#""alg":"RSA-OAEP""#)).unwrap_err(),
        Error::WrongKeyUse
    );
    assert_eq!(
        PublicKey::import(&with(r#""key_ops":["verify"]"#)).unwrap_err(),
        Error::WrongKeyUse
    );
    assert!(PublicKey::import(&with(r#""key_ops":["wrapKey"]"#)).is_ok());
    let ec = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
    assert_eq!(
        PublicKey::import(ec).unwrap_err(),
        Error::UnsupportedKeyType
    );
    let e3 = jwk.replace("\"AQAB\"", "\"Aw\"");
    assert_eq!(
        PublicKey::import(&e3).unwrap_err(),
        Error::UnsupportedExponent
    );
    // Adyen form with another exponent, and with a short modulus.
    let adyen = key("rsa2048-adyen.txt");
    assert_eq!(
        PublicKey::import(&adyen.replace("10001|", "3|")).unwrap_err(),
        Error::UnsupportedExponent
    );
    assert_eq!(
        PublicKey::import("10001|C4F415A7").unwrap_err(),
        Error::WeakKey
    );
    // An even modulus is no RSA key.
    let even = adyen
        .trim()
        .trim_end_matches(char::is_alphanumeric)
        .to_string()
        + "0";
    assert!(PublicKey::import(&even).is_err());
    // Over 8192 bits.
    let huge = format!("10001|C{}1", "0".repeat(2100));
    assert_eq!(PublicKey::import(&huge).unwrap_err(), Error::KeyTooLarge);
}

#[test]
fn garbage_and_truncation_are_invalid_key() {
    let spki = key("rsa2048-spki.pem");
    let b64 = key("rsa2048-spki.b64");
    let cases = vec![
        String::new(),
        "   \n\t ".into(),
        "hello".into(),
        "-----BEGIN PUBLIC KEY-----".into(),
        spki[..spki.len() / 2].to_string(),
        spki.replace("-----END PUBLIC KEY-----", ""),
        spki.replace("PUBLIC KEY", "RSA PUBLIC KEY"), // label does not match the DER
        b64[..b64.len() - 8].to_string(),
        format!("{b64}AAAA"),
        "{".into(),
        "{}".into(),
        "[]".into(),
        r#"{"kty":"RSA"}"#.into(),
        r#"{"kty":"RSA","n":"!!","e":"AQAB"}"#.into(),
        r#"{"kty":"RSA","n":"AQAB","e":"AQAB","kid":7}"#.into(),
        "10001|".into(),
        "10001|XYZ".into(),
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC".into(),
        "\u{0}\u{1}\u{2}\u{ff}".into(),
        "é".repeat(1000),
        "A".repeat(300 * 1024),
        "[".repeat(100_000),
        "{\"a\":".repeat(50_000),
        "-----BEGIN PUBLIC KEY-----\n".repeat(10_000),
    ];
    for (i, text) in cases.iter().enumerate() {
        let e = PublicKey::import(text).unwrap_err();
        assert!(
            matches!(e, Error::InvalidKey | Error::WeakKey),
            "case {i}: {e:?}"
        );
    }
}

#[test]
fn no_input_panics() {
    // Every prefix and some byte flips of every key file: refused or accepted, never a panic.
    for file in [
        "rsa2048-spki.pem",
        "rsa2048-cert.pem",
        "rsa2048.jwk",
        "rsa2048-jwks.json",
    ] {
        let text = key(file);
        for end in (0..text.len()).step_by(7) {
            if let Some(prefix) = text.get(..end) {
                let _ = PublicKey::import(prefix);
            }
        }
    }
    let der = cardseal::b64::decode_lenient(
        key("rsa2048-cert.pem")
            .lines()
            .filter(|l| !l.starts_with("---"))
            .collect::<String>()
            .as_bytes(),
    )
    .unwrap();
    for i in 0..der.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut d = der.clone();
            d[i] ^= flip;
            let _ = PublicKey::import(&cardseal::b64::encode_url(&d));
        }
    }
}

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

#[test]
fn jwk_numbers_must_be_minimal_base64url() {
    let jwk = key("rsa2048.jwk");
    let v = cardseal::json::parse(&jwk).unwrap();
    let n = v.get("n").and_then(|n| n.as_str()).unwrap().to_string();
    let n_bytes = cardseal::b64::decode_url_strict(n.as_bytes()).unwrap();
    assert!(
        n.contains('-') && n.contains('_'),
        "the cases below need both"
    );
    let with_n = |bad: &str| jwk.replace(&n, bad);
    let with_e = |bad: &str| jwk.replace("\"AQAB\"", &format!("\"{bad}\""));
    let zero_n = cardseal::b64::encode_url(&[&[0u8][..], &n_bytes].concat());
    let zeros_n = cardseal::b64::encode_url(&[&[0u8, 0][..], &n_bytes].concat());
    // The last character carries 4 bits past the modulus: set one.
    const URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let last = URL
        .iter()
        .position(|&c| Some(c) == n.bytes().last())
        .unwrap();
    let trailing = format!("{}{}", &n[..n.len() - 1], URL[last ^ 1] as char);
    let (half, rest) = n.split_at(n.len() / 2);
    let cases = [
        ("n padded", with_n(&format!("{n}=="))),
        (
            "n in the + / alphabet",
            with_n(&n.replace('-', "+").replace('_', "/")),
        ),
        ("n with +", with_n(&n.replace('-', "+"))),
        ("n with a space", with_n(&format!("{half} {rest}"))),
        ("n with a line break", with_n(&format!("{half}\\n{rest}"))),
        ("n with a tab", with_n(&format!("{half}\\t{rest}"))),
        ("n with a leading space", with_n(&format!(" {n}"))),
        ("n with a leading zero byte", with_n(&zero_n)),
        ("n with two leading zero bytes", with_n(&zeros_n)),
        ("n with non-zero trailing bits", with_n(&trailing)),
        ("e with a leading zero byte", with_e("AAEAAQ")),
        ("e padded", with_e("AQAB=")),
        ("e with a space", with_e("AQ AB")),
        ("e with non-zero trailing bits", with_e("AR")),
        ("e empty", with_e("")),
        ("e zero", with_e("AA")),
    ];
    for (what, text) in cases {
        assert_ne!(text, jwk, "{what}: the case changed nothing");
        assert_eq!(
            PublicKey::import(&text).unwrap_err(),
            Error::InvalidKey,
            "{what}"
        );
    }
    // The minimal form still imports, from a set too.
    assert_eq!(PublicKey::import(&jwk).unwrap().thumbprint(), THUMBPRINT);
    assert_eq!(
        PublicKey::import(&key("rsa2048-jwks.json"))
            .unwrap()
            .thumbprint(),
        THUMBPRINT
    );
}

#[test]
fn truncated_bare_base64_private_keys_are_private() {
    for file in [
        "rsa2048-private-pkcs8.pem",
        "rsa2048-private-pkcs1.pem",
        "rsa3072-private-pkcs8.pem",
        "rsa2048-private-encrypted.pem",
        "ec-p256-private-sec1.pem",
    ] {
        let pem = key(file);
        let body = pem_body(&pem);
        // The PEM lines, without the armour: base64 with line breaks.
        let lines: String = pem
            .lines()
            .filter(|l| !l.starts_with("-----") && !l.contains(':'))
            .map(|l| format!("{l}\n"))
            .collect();
        let crlf = lines.replace('\n', "\r\n");
        for end in [24, 39, 40, 41, 63, 64, 65, 100, 101, 102, 103, 150, 300] {
            let end = end.min(body.len() - 1);
            let cut = &body[..end];
            for (how, text) in [
                ("bare", cut.to_string()),
                ("line breaks", lines[..end + end / 64].to_string()),
                ("CRLF", crlf[..end + end / 64 * 2].to_string()),
                ("indented", format!("   {cut}\n")),
            ] {
                assert_eq!(
                    PublicKey::import(&text).unwrap_err(),
                    Error::PrivateKeyPasted,
                    "{file}, {how}, first {end} characters"
                );
            }
        }
        // Whole or nearly so, with line breaks.
        for text in [
            lines.clone(),
            crlf.clone(),
            lines[..lines.len() - 10].to_string(),
        ] {
            assert_eq!(
                PublicKey::import(&text).unwrap_err(),
                Error::PrivateKeyPasted,
                "{file}"
            );
        }
    }
    // Public keys cut short stay INVALID_KEY.
    for file in ["rsa2048-spki.pem", "rsa2048-pkcs1.pem", "rsa2048-cert.pem"] {
        let body = pem_body(&key(file));
        for end in [16, 40, 64, 100, 101, 200] {
            assert_eq!(
                PublicKey::import(&body[..end]).unwrap_err(),
                Error::InvalidKey,
                "{file}, first {end} characters"
            );
        }
    }
}

#[test]
fn private_jwks_are_private_however_wrapped() {
    let private = key("rsa2048-private.jwk");
    let public = key("rsa2048.jwk");
    let oct = r#"{"kty":"oct","k":"AAECAwQFBgcICQoLDA0ODw"}"#;
    let cases = [
        format!("[{private}]"),
        format!("  \n[{public},{private}]\n"),
        format!("{{\"keys\":{private}}}"),
        format!("{{\"key\":{private}}}"),
        format!("{{\"jwk\":{private},\"use\":\"enc\"}}"),
        format!("{{\"data\":{{\"keys\":[{public},{private}]}}}}"),
        format!("[[{oct}]]"),
        r#"{"keys":[{"kty":"RSA","qi":"AQAB"}]}"#.to_string(),
        r#"{"keys":{"dp":"AQAB"}}"#.to_string(),
        // Damaged as well as wrapped.
        format!("[{private}")[..700].to_string(),
    ];
    for (i, text) in cases.iter().enumerate() {
        assert_eq!(
            PublicKey::import(text).unwrap_err(),
            Error::PrivateKeyPasted,
            "case {i}"
        );
    }
    // The same wrappers around a public key are just not a key.
    for text in [
        format!("[{public}]"),
        format!("{{\"keys\":{public}}}"),
        format!("{{\"key\":{public}}}"),
    ] {
        assert_eq!(PublicKey::import(&text).unwrap_err(), Error::InvalidKey);
    }
}
