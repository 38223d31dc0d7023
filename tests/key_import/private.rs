//! Private keys are refused loudly: whole, truncated, stripped of their armour, or
//! wrapped in JSON.

use super::*;

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

/// The DER of a PEM body, in hex: lower case on one line (`xxd -p -c0`), upper case with
/// `:` (a hex dump), and `xxd -p`'s 60-column lines.
fn hex_forms(pem: &str) -> Vec<String> {
    let der = cardseal::b64::decode_lenient(pem_body(pem).as_bytes()).unwrap();
    let lower: String = der.iter().map(|b| format!("{b:02x}")).collect();
    let colons = der
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":");
    let lines = lower
        .as_bytes()
        .chunks(60)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    vec![lower, colons, lines]
}

#[test]
fn private_keys_in_other_clothes_are_private() {
    let mut cases = vec![
        // An OpenPGP private key (gpg --armor --export-secret-keys), whole and cut short.
        key("pgp-private.asc"),
        key("pgp-private.asc")[..200].to_string(),
    ];
    // The DER of a PKCS#8, PKCS#1 or encrypted PKCS#8 private key in hex, whole and cut.
    for file in [
        "rsa2048-private-pkcs8.pem",
        "rsa2048-private-pkcs1.pem",
        "rsa2048-private-encrypted.pem",
        "ec-p256-private-sec1.pem",
    ] {
        for hex in hex_forms(&key(file)) {
            cases.push(hex[..100].to_string());
            cases.push(format!("  {hex}\r\n"));
            cases.push(hex);
        }
    }
    // A private JWK given as a JSON string value (stringified once more, as an environment
    // variable or a config file holds it), whole, twice over, and damaged.
    let jwk = key("rsa2048-private.jwk");
    let once = json_string(jwk.trim());
    let twice = json_string(&once);
    cases.push(once.clone());
    cases.push(twice);
    cases.push(once[..600].to_string());
    cases.push(json_string(&key("rsa2048-private-pkcs8.pem")));
    for (i, text) in cases.iter().enumerate() {
        assert_eq!(
            PublicKey::import(text).unwrap_err(),
            Error::PrivateKeyPasted,
            "case {i}: {}",
            &text[..text.len().min(60)]
        );
    }
    // The same clothes on a public key, or on nothing, are just not a key.
    let public = [
        hex_forms(&key("rsa2048-spki.pem")),
        hex_forms(&key("rsa2048-cert.pem")),
    ]
    .concat();
    for text in public.iter().cloned().chain([
        json_string(key("rsa2048.jwk").trim()),
        json_string(&key("rsa2048-spki.pem")),
        "\"\"".to_string(),
        "\"{\\\"kty\\\":\\\"RSA\\\"".to_string(),
        "0123456789abcdef0123456789abcdef".to_string(),
    ]) {
        assert_eq!(
            PublicKey::import(&text).unwrap_err(),
            Error::InvalidKey,
            "{}",
            &text[..text.len().min(60)]
        );
    }
}

/// `text` as a JSON string value (what `JSON.stringify(text)` gives).
fn json_string(text: &str) -> String {
    let mut out = Vec::new();
    cardseal::json::write_str(&mut out, text);
    String::from_utf8(out).unwrap()
}
