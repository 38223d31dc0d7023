//! Refusals by policy, garbage and truncation, JWK numbers that are not minimal
//! base64url, and input that must never panic.

use super::*;

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
