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
