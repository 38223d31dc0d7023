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
