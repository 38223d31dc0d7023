//! Every accepted form of a key: one thumbprint, the JWK's kid, larger keys, sloppy
//! pasting, certificate chains and warnings.

use super::*;

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
