//! Sealing: the "cardseal v1" profile, checked by opening every JWE with an independent
//! RSA implementation (the `rsa` crate, tests only) and AES-GCM. The refusals are in
//! refusals.rs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic

use aes_gcm::{aead::AeadInOut, Aes256Gcm, KeyInit};
use cardseal::{b64, json, Address, Fields, PublicKey, Sealer};
use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
use rsa::{pkcs8::DecodePrivateKey, sha2::Sha256, Oaep, PrivateKey};

mod refusals;

const NOW: u64 = 1_790_000_000;

fn key(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn sealer() -> Sealer {
    Sealer::new(PublicKey::import(&key("rsa2048-spki.pem")).unwrap())
}

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn card() -> Fields {
    Fields::new()
        .number("4111 1111-1111 1111")
        .expiry("12 / 34")
        .cvc("123")
}

struct Opened {
    header: String,
    cek: Vec<u8>,
    iv: Vec<u8>,
    plaintext: String,
}

/// Opens a compact JWE with the test private key, checking the structure on the way.
fn open(jwe: &str) -> Result<Opened, &'static str> {
    let parts: Vec<&str> = jwe.split('.').collect();
    if parts.len() != 5 {
        return Err("parts");
    }
    let d = |s: &str| b64::decode_url_strict(s.as_bytes()).ok_or("base64url");
    let (header, ek, iv, ct, tag) = (
        d(parts[0])?,
        d(parts[1])?,
        d(parts[2])?,
        d(parts[3])?,
        d(parts[4])?,
    );
    let sk = PrivateKey::from_pkcs8_pem(&key("rsa2048-private-pkcs8.pem")).unwrap();
    let cek = sk
        .decrypt(Oaep::<Sha256>::new(), &ek)
        .map_err(|_| "unwrap")?;
    if cek.len() != 32 || iv.len() != 12 || tag.len() != 16 {
        return Err("sizes");
    }
    let mut buf = ct.clone();
    let cek32: [u8; 32] = cek.as_slice().try_into().unwrap();
    let iv12: [u8; 12] = iv.as_slice().try_into().unwrap();
    let tag16: [u8; 16] = tag.as_slice().try_into().unwrap();
    Aes256Gcm::new(&cek32.into())
        .decrypt_inout_detached(
            &iv12.into(),
            parts[0].as_bytes(),
            buf.as_mut_slice().into(),
            &tag16.into(),
        )
        .map_err(|_| "tag")?;
    Ok(Opened {
        header: String::from_utf8(header).unwrap(),
        cek,
        iv,
        plaintext: String::from_utf8(buf).unwrap(),
    })
}

#[test]
fn header_is_the_profile_in_order() {
    let s = sealer();
    let sealed = s.seal(&card(), &mut rng(1), NOW).unwrap();
    let o = open(&sealed.jwe).unwrap();
    let jti = {
        let v = json::parse(&o.header).unwrap();
        v.get("jti")
            .and_then(json::Value::as_str)
            .unwrap()
            .to_string()
    };
    assert_eq!(
        o.header,
        format!(
            r#"{{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"{}","cty":"cardseal+json","iat":{NOW},"jti":"{jti}"}}"#,
            s.kid()
        )
    );
    assert_eq!(jti.len(), 22, "128 bits, base64url");
    assert_eq!(sealed.kid, s.kid());
    assert_eq!(s.kid(), "2-3TluUwchfnEAL8pSTiXFBluHHbj15aOTCfv7dUV3g");
}

#[test]
fn a_jwks_own_kid_never_goes_in_the_header() {
    // Whatever the JWK's own kid holds (another key's kid, markup), the header carries the
    // thumbprint of the key sealed to, so a pin on the kid is a pin on the key.
    for own in [
        r#"a\"b\\c</script>"#,
        "2-3TluUwchfnEAL8pSTiXFBluHHbj15aOTCfv7dUV3X",
    ] {
        let jwk = key("rsa2048.jwk").replacen('{', &format!(r#"{{"kid":"{own}","#), 1);
        let s = Sealer::new(PublicKey::import(&jwk).unwrap());
        let sealed = s.seal(&card(), &mut rng(1), NOW).unwrap();
        let o = open(&sealed.jwe).unwrap();
        let v = json::parse(&o.header).unwrap();
        let kid = v.get("kid").and_then(json::Value::as_str);
        assert_eq!(
            kid,
            Some("2-3TluUwchfnEAL8pSTiXFBluHHbj15aOTCfv7dUV3g"),
            "{own}"
        );
        assert_eq!(sealed.kid, s.key().thumbprint());
        assert_eq!(
            o.header.len(),
            160,
            "the fixed header length with a thumbprint kid"
        );
    }
}

#[test]
fn the_kid_is_the_thumbprint_of_the_key_sealed_to_for_every_test_key() {
    // Thumbprints computed outside cardseal, by Node's crypto (the key exported as a JWK,
    // SHA-256 of {"e","kty","n"}): `node -e` over each SPKI.
    let kid_of = |jwe: &str| {
        let header = b64::decode_url_strict(jwe.split('.').next().unwrap().as_bytes()).unwrap();
        let v = json::parse(std::str::from_utf8(&header).unwrap()).unwrap();
        v.get("kid")
            .and_then(json::Value::as_str)
            .unwrap()
            .to_owned()
    };
    for (file, thumbprint) in [
        (
            "rsa2048-spki.pem",
            "2-3TluUwchfnEAL8pSTiXFBluHHbj15aOTCfv7dUV3g",
        ),
        (
            "rsa3072-spki.pem",
            "Q942urT91DyuzhnyPMbNJsqUBU3JWO-QeS1X8mg2bdY",
        ),
        (
            "rsa4096-spki.pem",
            "uaSzB12F2oVAUzKkCsBfmR-odBF9dIgz1tp3XDN76L0",
        ),
    ] {
        let s = Sealer::new(PublicKey::import(&key(file)).unwrap());
        let sealed = s.seal(&card(), &mut rng(3), NOW).unwrap();
        assert_eq!(kid_of(&sealed.jwe), thumbprint, "{file}");
        let each = s.seal_each(&card(), &mut rng(4), NOW).unwrap();
        for (_, jwe) in &each.jwes {
            assert_eq!(kid_of(jwe), thumbprint, "{file}");
        }
    }
}

#[test]
fn plaintext_holds_only_the_given_fields_normalised() {
    let sealed = sealer().seal(&card(), &mut rng(2), NOW).unwrap();
    assert_eq!(
        open(&sealed.jwe).unwrap().plaintext,
        r#"{"number":"4111111111111111","exp_month":12,"exp_year":2034,"cvc":"123"}"#
    );
    let all = card()
        .name("Siti Nurhaliza binti Tarudin")
        .email("siti@example.co.id")
        .phone("+6281234567890")
        .address(
            Address::new()
                .line1("Jl. Sudirman No. 1")
                .city("Jakarta")
                .postal_code("10220")
                .country("ID"),
        );
    let sealed = sealer().seal(&all, &mut rng(3), NOW).unwrap();
    let p = open(&sealed.jwe).unwrap().plaintext;
    let v = json::parse(&p).unwrap();
    let json::Value::Object(members) = &v else {
        panic!()
    };
    let names: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "number",
            "exp_month",
            "exp_year",
            "cvc",
            "name",
            "email",
            "phone",
            "address"
        ]
    );
    assert_eq!(
        v.get("name").and_then(json::Value::as_str),
        Some("Siti Nurhaliza binti Tarudin")
    );
    let addr = v.get("address").unwrap();
    assert_eq!(
        addr.get("city").and_then(json::Value::as_str),
        Some("Jakarta")
    );
    assert!(addr.get("line2").is_none(), "absent parts are left out");

    // Month and year given apart.
    let f = Fields::new()
        .number("4111111111111111")
        .exp_month("3")
        .exp_year("2031");
    let p = open(&sealer().seal(&f, &mut rng(4), NOW).unwrap().jwe)
        .unwrap()
        .plaintext;
    assert_eq!(
        p,
        r#"{"number":"4111111111111111","exp_month":3,"exp_year":2031}"#
    );
}

#[test]
fn summary_never_holds_the_number_or_cvc() {
    let sealed = sealer().seal(&card(), &mut rng(5), NOW).unwrap();
    let s = &sealed.summary;
    assert_eq!(s.brand, Some("visa"));
    assert_eq!(s.last4.as_deref(), Some("1111"));
    assert_eq!((s.exp_month, s.exp_year), (Some(12), Some(2034)));
    let text = format!("{s:?}");
    assert!(!text.contains("4111111111111111") && !text.contains("123"));
}

#[test]
fn fresh_key_iv_and_jti_every_time() {
    let s = sealer();
    let mut r = rng(6);
    let a = s.seal(&card(), &mut r, NOW).unwrap();
    let b = s.seal(&card(), &mut r, NOW).unwrap();
    assert_ne!(a.jwe, b.jwe);
    let (oa, ob) = (open(&a.jwe).unwrap(), open(&b.jwe).unwrap());
    assert_ne!(oa.cek, ob.cek);
    assert_ne!(oa.iv, ob.iv);
    assert_ne!(oa.header, ob.header, "jti differs");
    assert_eq!(oa.plaintext, ob.plaintext);
}

#[test]
fn per_field_sealing() {
    let s = sealer();
    let each = s.seal_each(&card().name("Budi"), &mut rng(7), NOW).unwrap();
    let names: Vec<&str> = each.jwes.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["number", "exp_month", "exp_year", "cvc", "name"]);
    let expect = [
        r#"{"number":"4111111111111111"}"#,
        r#"{"exp_month":12}"#,
        r#"{"exp_year":2034}"#,
        r#"{"cvc":"123"}"#,
        r#"{"name":"Budi"}"#,
    ];
    let mut ceks = Vec::new();
    for ((_, jwe), want) in each.jwes.iter().zip(expect) {
        let o = open(jwe).unwrap();
        assert_eq!(o.plaintext, want);
        assert!(!ceks.contains(&o.cek), "a fresh key per field");
        ceks.push(o.cek);
    }
    assert_eq!(each.summary.last4.as_deref(), Some("1111"));
    assert_eq!(each.kid, s.kid());
}

/// A national phone number seals in E.164 with the sealer's default country when the
/// fields give no address country, whole-form and per field; without one it is refused.
#[test]
fn a_default_country_reads_a_national_phone() {
    let f = Fields::new()
        .email("ani@example.com")
        .phone("0812-3456-7890");
    let s = sealer().with_default_country(Some("ID"));
    assert_eq!(s.default_calling_code(), Some(62));
    let p = open(&s.seal(&f, &mut rng(8), NOW).unwrap().jwe)
        .unwrap()
        .plaintext;
    assert_eq!(p, r#"{"email":"ani@example.com","phone":"+6281234567890"}"#);
    let each = s.seal_each(&f, &mut rng(9), NOW).unwrap();
    let phone = &each.jwes.iter().find(|(n, _)| *n == "phone").unwrap().1;
    assert_eq!(
        open(phone).unwrap().plaintext,
        r#"{"phone":"+6281234567890"}"#
    );
    // The address's country comes first.
    let us = f.clone().address(
        Address::new()
            .line1("1 Main St")
            .city("Springfield")
            .postal_code("62701")
            .country("US"),
    );
    let p = open(&s.seal(&us, &mut rng(10), NOW).unwrap().jwe)
        .unwrap()
        .plaintext;
    assert!(p.contains(r#""phone":"+181234567890""#), "{p}");
    // No default country, or not a country code: nothing to read it in.
    for s in [
        sealer(),
        sealer().with_default_country(Some("IDN")),
        sealer().with_default_country(Some("ZZ")),
    ] {
        match s.seal(&f, &mut rng(11), NOW) {
            Err(cardseal::Error::InvalidFields(list)) => {
                assert_eq!(list, [("phone", "MISSING_COUNTRY_CODE")]);
            }
            other => panic!("{other:?}"),
        }
    }
}

/// A byte-exact vector: seeded RNG, fixed clock. Randomness is drawn in the documented
/// order (CEK, IV, jti, OAEP seed), so any change to the format or to that order shows.
///
/// When the format changes on purpose, regenerate it (tests/vectors/README.md):
/// `CARDSEAL_WRITE_VECTORS=1 cargo test --test seal byte_exact`. That run writes the file
/// first and then checks it, so it passes on its first run, and it creates the file when
/// it is missing.
#[test]
fn byte_exact_vector() {
    let path = format!(
        "{}/tests/vectors/seal-rsa2048-seed42.jwe",
        env!("CARGO_MANIFEST_DIR")
    );
    let got = sealer().seal(&card(), &mut rng(42), NOW).unwrap().jwe;
    if std::env::var_os("CARDSEAL_WRITE_VECTORS").is_some() {
        let dir = std::path::Path::new(&path).parent().unwrap();
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(&path, &got).unwrap();
        eprintln!("wrote {path}");
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{path}: {e}; regenerate with CARDSEAL_WRITE_VECTORS=1 cargo test --test seal byte_exact")
    });
    assert_eq!(
        got,
        want.trim(),
        "the sealer no longer makes the vector; if the format changed on purpose, \
         regenerate with CARDSEAL_WRITE_VECTORS=1 cargo test --test seal byte_exact"
    );
    // And it opens (tests/node/interop.test.mjs opens the same file with jose).
    assert!(open(&got).is_ok());
}

#[test]
fn every_key_size_and_form_seals_and_opens() {
    for file in [
        "rsa2048-pkcs1.pem",
        "rsa2048-cert.pem",
        "rsa2048-jwks.json",
        "rsa2048-adyen.txt",
    ] {
        let s = Sealer::new(PublicKey::import(&key(file)).unwrap());
        let jwe = s.seal(&card(), &mut rng(8), NOW).unwrap().jwe;
        assert!(open(&jwe).is_ok(), "{file}");
    }
    for (bits, file) in [(3072, "rsa3072"), (4096, "rsa4096")] {
        let s = Sealer::new(PublicKey::import(&key(&format!("{file}-spki.pem"))).unwrap());
        let jwe = s.seal(&card(), &mut rng(9), NOW).unwrap().jwe;
        let ek = b64::decode_url_strict(jwe.split('.').nth(1).unwrap().as_bytes()).unwrap();
        assert_eq!(ek.len() * 8, bits);
        let sk = PrivateKey::from_pkcs8_pem(&key(&format!("{file}-private-pkcs8.pem"))).unwrap();
        assert_eq!(sk.decrypt(Oaep::<Sha256>::new(), &ek).unwrap().len(), 32);
    }
}

#[test]
fn tampering_any_part_fails_to_open() {
    let jwe = sealer().seal(&card(), &mut rng(10), NOW).unwrap().jwe;
    for part in 0..5 {
        let mut parts: Vec<String> = jwe.split('.').map(String::from).collect();
        let mut bytes = b64::decode_url_strict(parts[part].as_bytes()).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 1;
        parts[part] = b64::encode_url(&bytes);
        assert!(open(&parts.join(".")).is_err(), "part {part}");
    }
}
