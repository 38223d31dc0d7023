//! `Opener::open`: round trips, rotation, every refusal code, and tampering with each of
//! the five JWE parts.

mod common;

use cardseal::b64::{decode_url_strict, encode_url};
use cardseal_open::{
    KeyError, MemoryReplayStore, OpenError, Opener, PrivateKey, ReplayStore, StoreUnavailable,
};
use common::*;
use std::cell::RefCell;

fn opener() -> Opener {
    Opener::new(private("rsa2048-private-pkcs8.pem"))
}

fn code(r: Result<cardseal_open::Fields, OpenError>) -> &'static str {
    r.map(|_| "OK").unwrap_or_else(|e| e.code())
}

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
    assert_eq!(
        private("rsa2048-kid-private.jwk").kid(),
        Some("merchant-2026-11")
    );
    assert_eq!(private("rsa2048-private.jwk").kid(), None);
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
    // The 2048 key is also known by its thumbprint.
    let by_thumbprint = seal_to("rsa2048-spki.pem", &card(), 6, NOW);
    for jwe in [&old, &new, &by_thumbprint] {
        assert_eq!(o.open(jwe, NOW).unwrap().cvc.as_deref(), Some("123"));
    }
    assert_eq!(
        o.open_detailed(&seal_to("rsa2048-kid.jwk", &card(), 7, NOW), NOW)
            .unwrap()
            .header
            .kid,
        "merchant-2026-11"
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

#[test]
fn freshness_window() {
    let o = opener();
    assert_eq!(
        code(o.open(&sealed(10, NOW), NOW + 900)),
        "OK",
        "exactly 15 minutes old"
    );
    assert_eq!(code(o.open(&sealed(11, NOW), NOW + 901)), "STALE");
    assert_eq!(
        code(o.open(&sealed(12, NOW + 120), NOW)),
        "OK",
        "2 minutes ahead"
    );
    assert_eq!(code(o.open(&sealed(13, NOW + 121), NOW)), "FROM_FUTURE");
    let short = opener().max_age(60).max_future(0);
    assert_eq!(code(short.open(&sealed(14, NOW), NOW + 61)), "STALE");
    assert_eq!(code(short.open(&sealed(15, NOW), NOW + 60)), "OK");
    assert_eq!(code(short.open(&sealed(16, NOW + 1), NOW)), "FROM_FUTURE");
}

#[test]
fn replay_is_refused_within_the_window() {
    let o = opener();
    let jwe = sealed(20, NOW);
    assert_eq!(code(o.open(&jwe, NOW)), "OK");
    assert_eq!(code(o.open(&jwe, NOW + 1)), "REPLAYED");
    assert_eq!(code(o.open(&jwe, NOW + 900)), "REPLAYED");
    // Past the window it is stale, which is checked first.
    assert_eq!(code(o.open(&jwe, NOW + 901)), "STALE");
    // Another JWE of the same fields is not a replay.
    assert_eq!(code(o.open(&sealed(21, NOW), NOW + 2)), "OK");
    assert_eq!(o.store().len(), 2);
}

/// A store that records what it was asked and can fail.
#[derive(Default)]
struct Recording {
    calls: RefCell<Vec<(String, u64, u64)>>,
    down: bool,
}

impl ReplayStore for Recording {
    fn first_use(&self, jti: &str, now: u64, expires_at: u64) -> Result<bool, StoreUnavailable> {
        if self.down {
            return Err(StoreUnavailable);
        }
        let mut calls = self.calls.borrow_mut();
        let seen = calls.iter().any(|(j, _, exp)| j == jti && *exp > now);
        calls.push((jti.to_owned(), now, expires_at));
        Ok(!seen)
    }
}

#[test]
fn replay_store_is_pluggable_and_fails_closed() {
    let o = opener().max_age(300).with_store(Recording::default());
    let jwe = sealed(22, NOW);
    assert_eq!(code(o.open(&jwe, NOW + 10)), "OK");
    assert_eq!(code(o.open(&jwe, NOW + 11)), "REPLAYED");
    let calls = o.store().calls.borrow();
    assert_eq!(calls.len(), 2);
    assert_eq!((calls[0].1, calls[0].2), (NOW + 10, NOW + 301));
    // Cheaper refusals never reach the store.
    drop(calls);
    assert_eq!(code(o.open(&sealed(23, NOW), NOW + 301)), "STALE");
    assert_eq!(o.store().calls.borrow().len(), 2);

    let down = opener().with_store(Recording {
        down: true,
        ..Recording::default()
    });
    assert_eq!(
        code(down.open(&sealed(24, NOW), NOW)),
        "REPLAY_STORE_UNAVAILABLE"
    );
}

#[test]
fn malformed_inputs() {
    let o = opener();
    let good = sealed(30, NOW);
    let parts: Vec<&str> = good.split('.').collect();
    let mut cases: Vec<String> = vec![
        String::new(),
        "....".into(),
        parts[..4].join("."),
        format!("{good}.{}", parts[4]),
        format!("{good}="),
        format!(" {good}"),
        format!("{good}\n"),
        good.replacen('-', "+", 1),
        good.replacen('_', "/", 1),
        "a".repeat(64 * 1024 + 1),
    ];
    // A part whose length no encoder produces, and non-canonical trailing bits.
    cases.push(format!(
        "{}.{}.{}A.{}.{}",
        parts[0], parts[1], parts[2], parts[3], parts[4]
    ));
    let tag = parts[4];
    let last = tag.chars().last().unwrap();
    let bumped = if last == 'A' { 'B' } else { 'A' };
    let non_canonical = format!("{}{}", &tag[..tag.len() - 1], bumped);
    if decode_url_strict(non_canonical.as_bytes()).is_none() {
        cases.push(format!(
            "{}.{}.{}.{}.{non_canonical}",
            parts[0], parts[1], parts[2], parts[3]
        ));
    }
    // IV and tag of the wrong length, empty encrypted key.
    cases.push(format!(
        "{}.{}.{}.{}.{}",
        parts[0],
        parts[1],
        encode_url(&[0; 8]),
        parts[3],
        parts[4]
    ));
    cases.push(format!(
        "{}.{}.{}.{}.{}",
        parts[0],
        parts[1],
        parts[2],
        parts[3],
        encode_url(&[0; 12])
    ));
    cases.push(format!(
        "{}..{}.{}.{}",
        parts[0], parts[2], parts[3], parts[4]
    ));
    // Headers that are not one JSON object.
    for h in [
        "",
        "[]",
        "{",
        "null",
        r#"{"alg":"RSA-OAEP-256","alg":"RSA-OAEP-256"}"#,
    ] {
        cases.push(format!(
            "{}.{}.{}.{}.{}",
            encode_url(h.as_bytes()),
            parts[1],
            parts[2],
            parts[3],
            parts[4]
        ));
    }
    for (i, jwe) in cases.iter().enumerate() {
        assert_eq!(code(o.open(jwe, NOW)), "MALFORMED", "case {i}");
    }
    // None of them used up the jti.
    assert_eq!(code(o.open(&good, NOW)), "OK");
}

#[test]
fn header_outside_the_profile() {
    let o = opener();
    let kid = kid2048();
    let ok = header(&kid, NOW, 1);
    for (from, to) in [
        ("RSA-OAEP-256", "RSA-OAEP"),
        ("A256GCM", "A128GCM"),
        ("cardseal+json", "JWT"),
        (r#","cty":"cardseal+json""#, ""),
        (r#""iat":"#, r#""zip":"DEF","iat":"#),
        (r#""iat":"#, r#""crit":["exp"],"exp":1,"iat":"#),
        (&format!(r#""iat":{NOW}"#), r#""iat":"now""#),
        (r#","jti":"#, r#","nonce":"#),
    ] {
        assert!(ok.contains(from), "{from}");
        let jwe = hand_made(&ok.replace(from, to), &[9; 32], b"{}");
        assert_eq!(
            code(o.open(&jwe, NOW)),
            "UNSUPPORTED_HEADER",
            "{from} -> {to}"
        );
    }
    // The unmodified hand-made header opens, so the refusals above are the header's.
    assert_eq!(
        code(o.open(&hand_made(&ok, &[9; 32], br#"{"cvc":"123"}"#), NOW)),
        "OK"
    );
}

#[test]
fn unknown_kid() {
    let o = opener();
    assert_eq!(
        code(o.open(&seal_to("rsa3072-spki.pem", &card(), 40, NOW), NOW)),
        "UNKNOWN_KID"
    );
    // The kid-less private JWK knows the key only by its thumbprint.
    let o = Opener::new(private("rsa2048-private.jwk"));
    assert_eq!(
        code(o.open(&seal_to("rsa2048-kid.jwk", &card(), 41, NOW), NOW)),
        "UNKNOWN_KID"
    );
}

#[test]
fn cannot_open_is_one_opaque_code() {
    let kid = kid2048();
    let cases: [(&str, &[u8], &[u8]); 6] = [
        ("plaintext is not JSON", &[1; 32], b"not json"),
        (
            "plaintext has an unknown field",
            &[2; 32],
            br#"{"cvc":"123","ip":"1.2.3.4"}"#,
        ),
        (
            "plaintext has a wrong type",
            &[3; 32],
            br#"{"exp_month":"12"}"#,
        ),
        ("plaintext is not UTF-8", &[4; 32], b"{\"name\":\"\xff\"}"),
        ("content key of 16 bytes", &[5; 16], br#"{"cvc":"123"}"#),
        ("content key of 33 bytes", &[6; 33], br#"{"cvc":"123"}"#),
    ];
    for (i, (what, cek, plain)) in cases.iter().enumerate() {
        let o = opener();
        let jwe = hand_made(&header(&kid, NOW, i as u8), cek, plain);
        assert_eq!(code(o.open(&jwe, NOW)), "CANNOT_OPEN", "{what}");
    }
}

/// Replaces part `i` of a compact JWE by `f(decoded part)`.
fn tamper(jwe: &str, i: usize, f: impl Fn(&mut Vec<u8>)) -> String {
    let mut parts: Vec<String> = jwe.split('.').map(String::from).collect();
    let Some(mut bytes) = decode_url_strict(parts[i].as_bytes()) else {
        return jwe.replace('.', "!");
    };
    f(&mut bytes);
    parts[i] = encode_url(&bytes);
    parts.join(".")
}

#[test]
fn tampering_with_each_part_is_refused() {
    let jwe = sealed(50, NOW);
    let flip_last = |b: &mut Vec<u8>| *b.last_mut().unwrap() ^= 1;
    let flip_first = |b: &mut Vec<u8>| b[0] ^= 0x80;
    let cases = [
        // header: a changed jti (still a valid cardseal header) breaks the AAD
        (
            "header jti",
            tamper(&jwe, 0, |h| {
                let text = String::from_utf8(h.clone()).unwrap();
                let at = text.find(r#""jti":""#).unwrap() + 7;
                let mut t = text.into_bytes();
                t[at] = if t[at] == b'A' { b'B' } else { b'A' };
                *h = t;
            }),
        ),
        (
            "header iat",
            tamper(&jwe, 0, |h| {
                let text = String::from_utf8(h.clone()).unwrap();
                *h = text
                    .replace(&format!("\"iat\":{NOW}"), &format!("\"iat\":{}", NOW - 1))
                    .into_bytes();
            }),
        ),
        ("encrypted key, last byte", tamper(&jwe, 1, flip_last)),
        ("encrypted key, first byte", tamper(&jwe, 1, flip_first)),
        ("iv", tamper(&jwe, 2, flip_last)),
        ("ciphertext", tamper(&jwe, 3, flip_first)),
        (
            "ciphertext truncated",
            tamper(&jwe, 3, |c| {
                c.pop();
            }),
        ),
        ("ciphertext extended", tamper(&jwe, 3, |c| c.push(0))),
        ("tag", tamper(&jwe, 4, flip_last)),
    ];
    for (what, bad) in &cases {
        assert_ne!(bad, &jwe, "{what}");
        assert_eq!(code(opener().open(bad, NOW)), "CANNOT_OPEN", "{what}");
    }
    // Swapping in the encrypted key of another JWE: a valid unwrap of the wrong key.
    let other = sealed(51, NOW);
    let mut p: Vec<&str> = jwe.split('.').collect();
    let o: Vec<&str> = other.split('.').collect();
    p[1] = o[1];
    assert_eq!(code(opener().open(&p.join("."), NOW)), "CANNOT_OPEN");
    // A tampered copy uses up the jti: the genuine one is then a replay.
    let o = opener();
    assert_eq!(code(o.open(&cases[5].1, NOW)), "CANNOT_OPEN");
    assert_eq!(code(o.open(&jwe, NOW)), "REPLAYED");
}

#[test]
fn every_code_is_reachable() {
    let mut seen = std::collections::BTreeSet::new();
    let o = opener();
    let kid = kid2048();
    let results = [
        o.open("x", NOW),
        o.open(
            &hand_made(
                &header(&kid, NOW, 60).replace("A256GCM", "A128GCM"),
                &[1; 32],
                b"{}",
            ),
            NOW,
        ),
        o.open(&seal_to("rsa3072-spki.pem", &card(), 60, NOW), NOW),
        o.open(&sealed(61, NOW - 1000), NOW),
        o.open(&sealed(62, NOW + 1000), NOW),
        o.open(&sealed(63, NOW), NOW),
        o.open(&sealed(63, NOW), NOW),
        o.open(&hand_made(&header(&kid, NOW, 61), &[1; 32], b"[]"), NOW),
        opener()
            .with_store(Recording {
                down: true,
                ..Recording::default()
            })
            .open(&sealed(64, NOW), NOW),
    ];
    for r in results {
        seen.insert(code(r));
    }
    let want = [
        "CANNOT_OPEN",
        "FROM_FUTURE",
        "MALFORMED",
        "OK",
        "REPLAYED",
        "REPLAY_STORE_UNAVAILABLE",
        "STALE",
        "UNKNOWN_KID",
        "UNSUPPORTED_HEADER",
    ];
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), want);
}

#[test]
fn memory_store_is_shared_across_threads() {
    let o = std::sync::Arc::new(opener());
    let jwe = std::sync::Arc::new(sealed(70, NOW));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (o, jwe) = (o.clone(), jwe.clone());
            std::thread::spawn(move || o.open(&jwe, NOW).is_ok())
        })
        .collect();
    let opened = handles
        .into_iter()
        .filter(|_| true)
        .map(|h| h.join().unwrap())
        .filter(|&ok| ok)
        .count();
    assert_eq!(opened, 1, "exactly one thread opens it");
    let _: &MemoryReplayStore = o.store();
}
