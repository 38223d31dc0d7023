//! Round trips with the core, every private-key form, private-key refusals and key
//! rotation.

use super::*;

#[test]
fn opens_what_the_core_sealed() {
    let jwe = sealed(1, NOW);
    let o = opener().open_detailed(&jwe, NOW + 5).unwrap();
    assert_eq!(o.header.kid, kid2048());
    assert_eq!(o.header.iat, NOW);
    assert_eq!(o.header.jti.len(), 22);
    let f = &o.fields;
    assert_eq!(f.number.as_deref(), Some("4111111111111111"));
    assert_eq!(
        (f.exp_month.as_deref(), f.exp_year.as_deref()),
        (Some("12"), Some("2034"))
    );
    assert_eq!(f.cvc.as_deref(), Some("123"));
    assert_eq!(f.name.as_deref(), Some("Budi Santoso"));
    assert_eq!(f.email.as_deref(), Some("budi@example.com"));
    assert!(f.phone.is_none() && f.address.is_none());
}

#[test]
fn opens_per_field_seals() {
    let key = cardseal::PublicKey::import(&key_text("rsa2048-spki.pem")).unwrap();
    let each = cardseal::Sealer::new(key)
        .seal_each(&card(), &mut rng(2), NOW)
        .unwrap();
    let o = opener();
    for (name, jwe) in &each.jwes {
        let f = o.open(jwe, NOW).unwrap();
        let present = f.present();
        match *name {
            // exp_month and exp_year are sealed one per JWE.
            "exp_month" | "exp_year" | "number" | "cvc" | "name" | "email" => {
                assert_eq!(present, [*name], "{name}")
            }
            other => panic!("unexpected field {other}"),
        }
    }
}

#[test]
fn every_private_key_form_opens() {
    for name in [
        "rsa2048-private-pkcs8.pem",
        "rsa2048-private-pkcs1.pem",
        "rsa2048-private.jwk",
        "rsa2048-kid-private.jwk",
    ] {
        let key = private(name);
        assert_eq!(key.thumbprint(), kid2048(), "{name}");
        assert_eq!(key.bits(), 2048);
        let o = Opener::new(key);
        assert!(o.open(&sealed(3, NOW), NOW).is_ok(), "{name}");
    }
    let own = private("rsa2048-kid-private.jwk");
    assert_eq!(
        (own.kid(), own.jwk_kid()),
        (kid2048().as_str(), Some("merchant-2026-11"))
    );
    assert_eq!(private("rsa2048-private.jwk").jwk_kid(), None);
}

#[test]
fn private_key_refusals() {
    let import = |t: &str| PrivateKey::import(t).map(|_| ()).unwrap_err();
    assert_eq!(
        import(&key_text("rsa2048-private-encrypted.pem")),
        KeyError::Encrypted
    );
    assert_eq!(import(&key_text("rsa2048-spki.pem")), KeyError::NotPrivate);
    assert_eq!(import(&key_text("rsa2048.jwk")), KeyError::NotPrivate);
    assert_eq!(import(&key_text("rsa2048-cert.pem")), KeyError::NotPrivate);
    assert_eq!(
        import(&key_text("ec-p256-private-sec1.pem")),
        KeyError::Policy("UNSUPPORTED_KEY_TYPE")
    );
    assert_eq!(import("hello"), KeyError::Invalid);
    assert_eq!(
        import("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"),
        KeyError::Invalid
    );
    // A JWK whose numbers do not belong together is refused by aws-lc-rs.
    let mut jwk: serde_json::Value =
        serde_json::from_str(&key_text("rsa2048-private.jwk")).unwrap();
    jwk["qi"] = serde_json::Value::String(encode_url(&[1, 2, 3]));
    jwk["p"] = jwk["q"].clone();
    assert_eq!(import(&jwk.to_string()), KeyError::Invalid);
}

#[test]
fn rotation_with_two_keys() {
    let o = Opener::new(private("rsa3072-private-pkcs8.pem"))
        .with_key(private("rsa2048-kid-private.jwk"));
    let old = seal_to("rsa2048-kid.jwk", &card(), 4, NOW);
    let new = seal_to("rsa3072-spki.pem", &card(), 5, NOW);
    // Every form of the 2048 key seals with the same kid, its thumbprint.
    let from_pem = seal_to("rsa2048-spki.pem", &card(), 6, NOW);
    for jwe in [&old, &new, &from_pem] {
        assert_eq!(o.open(jwe, NOW).unwrap().cvc.as_deref(), Some("123"));
    }
    assert_eq!(
        o.open_detailed(&seal_to("rsa2048-kid.jwk", &card(), 7, NOW), NOW)
            .unwrap()
            .header
            .kid,
        kid2048()
    );
    // Each key alone opens only its own.
    let only_new = Opener::new(private("rsa3072-private-pkcs8.pem"));
    assert_eq!(
        code(only_new.open(&seal_to("rsa2048-kid.jwk", &card(), 8, NOW), NOW)),
        "UNKNOWN_KID"
    );
    assert_eq!(
        code(only_new.open(&seal_to("rsa3072-spki.pem", &card(), 9, NOW), NOW)),
        "OK"
    );
}
