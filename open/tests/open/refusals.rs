//! Every refusal: malformed input, headers outside the profile, unknown kids, the one
//! opaque code for what cannot be opened, tampering with each part, and every code
//! reached.

use super::*;

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
    // A key is found by its thumbprint only, never by a name in its file: a JWE whose
    // kid is the private JWK's own kid is not for it (a forged kid names no key).
    let o = Opener::new(private("rsa2048-kid-private.jwk"));
    let by_name = hand_made(&header("merchant-2026-11", NOW, 41), &[9; 32], b"{}");
    assert_eq!(code(o.open(&by_name, NOW)), "UNKNOWN_KID");
    // The JWK's kid is never sealed either: what was sealed to it opens by thumbprint.
    assert!(o
        .open(&seal_to("rsa2048-kid.jwk", &card(), 41, NOW), NOW)
        .is_ok());
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
    // Tampered copies use up nothing: the genuine one still opens, once.
    let o = opener();
    for (what, bad) in &cases {
        assert_eq!(code(o.open(bad, NOW)), "CANNOT_OPEN", "{what}");
    }
    assert!(o.store().is_empty());
    assert_eq!(code(o.open(&jwe, NOW)), "OK");
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
