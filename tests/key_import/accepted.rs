//! Every accepted form of a key: one thumbprint, which is the kid of every JWE; the
//! JWK's own kid, reported only; larger keys, sloppy pasting, certificate chains and
//! warnings.

use super::*;

/// Every accepted form of the rsa2048 test key, with its format.
const FORMS: [(&str, KeyFormat); 9] = [
    ("rsa2048-spki.pem", KeyFormat::SpkiPem),
    ("rsa2048-pkcs1.pem", KeyFormat::Pkcs1Pem),
    ("rsa2048-cert.pem", KeyFormat::CertificatePem),
    ("rsa2048-cert-expired.pem", KeyFormat::CertificatePem),
    ("rsa2048.jwk", KeyFormat::Jwk),
    ("rsa2048-kid.jwk", KeyFormat::Jwk),
    ("rsa2048-jwks.json", KeyFormat::Jwks),
    ("rsa2048-spki.b64", KeyFormat::Base64Der),
    ("rsa2048-adyen.txt", KeyFormat::AdyenCse),
];

#[test]
fn every_public_form_of_one_key_gives_one_thumbprint_as_kid() {
    for (file, format) in FORMS {
        let k = PublicKey::import(&key(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(k.format(), format, "{file}");
        assert_eq!(k.bits(), 2048, "{file}");
        assert_eq!(k.thumbprint(), THUMBPRINT, "{file}");
        assert_eq!(
            k.kid(),
            THUMBPRINT,
            "{file}: the kid is the thumbprint, always"
        );
    }
}

#[test]
fn the_jwe_kid_is_the_thumbprint_for_every_accepted_form() {
    use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
    let card = cardseal::Fields::new()
        .number("4111 1111 1111 1111")
        .expiry("12/34")
        .cvc("123");
    for (file, _) in FORMS {
        let sealer = cardseal::Sealer::new(PublicKey::import(&key(file)).unwrap());
        let sealed = sealer
            .seal(&card, &mut ChaCha20Rng::seed_from_u64(7), 1_790_000_000)
            .unwrap();
        let header =
            cardseal::b64::decode_url_strict(sealed.jwe.split('.').next().unwrap().as_bytes())
                .unwrap();
        let header = cardseal::json::parse(std::str::from_utf8(&header).unwrap()).unwrap();
        let kid = header.get("kid").and_then(cardseal::json::Value::as_str);
        assert_eq!(kid, Some(THUMBPRINT), "{file}");
        assert_eq!(
            (sealed.kid.as_str(), sealer.kid()),
            (THUMBPRINT, THUMBPRINT),
            "{file}"
        );
    }
}

#[test]
fn a_jwks_own_kid_is_reported_never_used_and_jwks_picks_the_enc_key() {
    let k = PublicKey::import(&key("rsa2048-kid.jwk")).unwrap();
    assert_eq!(k.jwk_kid(), Some("merchant-2026-11"));
    assert_eq!(k.kid(), THUMBPRINT);
    assert_eq!(k.warnings(1_790_000_000), ["KID_NOT_THUMBPRINT"]);

    let k = PublicKey::import(&key("rsa2048-jwks.json")).unwrap();
    assert_eq!(k.format(), KeyFormat::Jwks);
    assert_eq!((k.kid(), k.jwk_kid()), (THUMBPRINT, Some("enc-1")));
    assert_eq!(k.warnings(1_790_000_000), ["KID_NOT_THUMBPRINT"]);

    // A JWK whose own kid is its thumbprint (as `cardseal keygen` writes it): no warning.
    let jwk = key("rsa2048.jwk").replacen('{', &format!(r#"{{"kid":"{THUMBPRINT}","#), 1);
    let k = PublicKey::import(&jwk).unwrap();
    assert_eq!((k.kid(), k.jwk_kid()), (THUMBPRINT, Some(THUMBPRINT)));
    assert!(k.warnings(1_790_000_000).is_empty());
    // No kid of its own, or an empty one: nothing to report.
    for jwk in [
        key("rsa2048.jwk"),
        key("rsa2048.jwk").replacen('{', r#"{"kid":"","#, 1),
    ] {
        let k = PublicKey::import(&jwk).unwrap();
        assert_eq!((k.kid(), k.jwk_kid()), (THUMBPRINT, None));
        assert!(k.warnings(1_790_000_000).is_empty());
    }

    // An attacker's key carrying the processor's kid: the kid is the attacker's
    // thumbprint, never the processor's, so a pin on the kid refuses it.
    let pem = key("rsa3072-spki.pem");
    let attacker = PublicKey::import(&pem).unwrap();
    // The modulus of the 3072-bit test key: the 384 bytes after its INTEGER header and
    // sign byte (`02 82 01 81 00`) in the SPKI.
    let der = cardseal::b64::decode_lenient(pem_body(&pem).as_bytes()).unwrap();
    let at = der
        .windows(5)
        .position(|w| w == [2, 0x82, 1, 0x81, 0])
        .unwrap()
        + 5;
    let n = cardseal::b64::encode_url(&der[at..at + 384]);
    let mimic = format!(r#"{{"kty":"RSA","kid":"{THUMBPRINT}","e":"AQAB","n":"{n}"}}"#);
    let k = PublicKey::import(&mimic).unwrap();
    assert_eq!(k.kid(), attacker.thumbprint());
    assert_ne!(k.kid(), THUMBPRINT);
    assert_eq!(k.jwk_kid(), Some(THUMBPRINT));
    assert_eq!(k.warnings(1_790_000_000), ["KID_NOT_THUMBPRINT"]);

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
