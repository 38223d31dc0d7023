//! `Opener::open` with a fixed TEST key (tests/keys/rsa2048-private-pkcs8.pem, published
//! on purpose; see tests/keys/README.md). The first byte picks the mode:
//! 0. the rest as a JWE string, as is;
//! 1. a compact JWE spliced from a real one (sealed with `cardseal::Sealer` at startup):
//!    each part kept, replaced (encoded or raw), mutated or dropped, so the fuzzer gets
//!    past the base64 and header checks and reaches the RSA and GCM steps;
//! 2. a fuzzed protected header (valid members mutated, extra or repeated members) and a
//!    fuzzed plaintext, encrypted under the real JWE's content key with its real RSA
//!    part, so the tag verifies and the header checks and the plaintext reader run;
//! 3. the real header and a fuzzed plaintext, likewise.
//!
//! The replay store answers as the input says (`seen`: no, yes, unavailable; `record`:
//! recorded, already there, unavailable). Nothing
//! may panic; a JWE that opens must name the key and lie in the time window, and
//! `Debug` of the opened fields must not show the card number or the CVC.
#![no_main]

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use aws_lc_rs::rsa::{OaepPrivateDecryptingKey, PrivateDecryptingKey};
use cardseal::b64;
use cardseal_fuzz::NOW;
use cardseal_open::replay::StoreUnavailable;
use cardseal_open::{primitives, Opener, PrivateKey, ReplayStore};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use rand_chacha::rand_core::SeedableRng;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

const PRIVATE_PEM: &str = include_str!("../../tests/keys/rsa2048-private-pkcs8.pem");
const PRIVATE_KID_JWK: &str = include_str!("../../tests/keys/rsa2048-kid-private.jwk");
const PUBLIC_PEM: &str = include_str!("../../tests/keys/rsa2048-spki.pem");

/// A replay store that answers what the current input says: the low three bits of the
/// answer byte pick what `seen` says (6 seen, 7 unavailable, else not seen), the next
/// three what `record` says (6 already recorded, 7 unavailable, else recorded).
struct Store(AtomicU8);

fn store_says(pick: u8) -> Result<bool, StoreUnavailable> {
    match pick % 8 {
        6 => Ok(true),
        7 => Err(StoreUnavailable),
        _ => Ok(false),
    }
}

impl ReplayStore for Store {
    fn seen(&self, _jti: &str, _now: u64) -> Result<bool, StoreUnavailable> {
        store_says(self.0.load(Ordering::Relaxed))
    }

    fn record(&self, _jti: &str, _now: u64, _exp: u64) -> Result<bool, StoreUnavailable> {
        store_says(self.0.load(Ordering::Relaxed) >> 3).map(|already| !already)
    }
}

struct Fixture {
    opener: Opener<Store>,
    /// The real JWE's five parts, as text.
    parts: Vec<String>,
    header: String,
    kid: String,
    cek: [u8; 32],
    iv: Vec<u8>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let public = cardseal::PublicKey::import(PUBLIC_PEM).expect("test public key");
        let kid = public.kid().to_owned();
        let mut fields = cardseal::Fields::default();
        fields.number = Some("4111 1111 1111 1111".into());
        fields.expiry = Some("12/34".into());
        fields.cvc = Some("123".into());
        fields.name = Some("Ada Lovelace".into());
        fields.email = Some("ada@example.com".into());
        fields.phone = Some("+62 812 3456 7890".into());
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(10);
        let jwe = cardseal::Sealer::new(public)
            .seal(&fields, &mut rng, NOW)
            .expect("seal")
            .jwe;
        let parts: Vec<String> = jwe.split('.').map(str::to_owned).collect();
        assert_eq!(parts.len(), 5);
        let header = String::from_utf8(b64::decode_url_strict(parts[0].as_bytes()).unwrap())
            .expect("UTF-8 header");

        // The content key, for re-encrypting fuzzed plaintexts below.
        let body: String = PRIVATE_PEM
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        let der = b64::decode_lenient(body.as_bytes()).expect("PEM body");
        let key = PrivateDecryptingKey::from_pkcs8(&der).expect("PKCS#8");
        let key = OaepPrivateDecryptingKey::new(key).expect("OAEP key");
        let ek = b64::decode_url_strict(parts[1].as_bytes()).expect("encrypted key");
        let cek = primitives::unwrap_cek(&key, &ek).expect("unwrap");
        let iv = b64::decode_url_strict(parts[2].as_bytes()).expect("iv");

        let opener = Opener::new(PrivateKey::import(PRIVATE_PEM).expect("private key"))
            .with_key(PrivateKey::import(PRIVATE_KID_JWK).expect("private JWK"))
            .with_store(Store(AtomicU8::new(0)));
        // The real JWE opens.
        let opened = opener.open(&jwe, NOW + 1).expect("the real JWE opens");
        assert_eq!(opened.cvc.as_deref(), Some("123"));
        Fixture {
            opener,
            parts,
            header,
            kid,
            cek: *cek,
            iv,
        }
    })
}

/// True once in `n` times; false on an exhausted input.
fn one_in(u: &mut Unstructured, n: u8) -> Result<bool> {
    Ok(u.int_in_range(1..=n)? == n)
}

fn text(u: &mut Unstructured) -> Result<String> {
    let bytes: &[u8] = u.arbitrary()?;
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// One part of a spliced JWE.
fn part(u: &mut Unstructured, real: &str) -> Result<String> {
    Ok(match u.int_in_range(0..=5u8)? {
        0 => real.to_owned(),
        1 => b64::encode_url(u.arbitrary::<&[u8]>()?),
        2 => text(u)?,
        3 => {
            let mut bytes = b64::decode_url_strict(real.as_bytes()).unwrap_or_default();
            match u.int_in_range(0..=2u8)? {
                0 if !bytes.is_empty() => {
                    let i = u.choose_index(bytes.len())?;
                    bytes[i] ^= u.arbitrary::<u8>()?.max(1);
                }
                1 => bytes.truncate(u.arbitrary_len::<u8>()?),
                _ => bytes.extend_from_slice(u.arbitrary::<&[u8]>()?),
            }
            b64::encode_url(&bytes)
        }
        4 => {
            // Text edits: non-canonical trailing bits, padding, foreign characters.
            let mut s = real.to_owned();
            match u.int_in_range(0..=2u8)? {
                0 => {
                    s.pop();
                }
                1 => s.push(char::from(*u.choose(b"A=+/ \n.-_gQ")?)),
                _ => {
                    let i = u.int_in_range(0..=s.len())?;
                    s.insert(i, *u.choose(&['=', '+', '/', ' ', '\u{e9}', '\0'])?);
                }
            }
            s
        }
        _ => String::new(),
    })
}

/// A protected header around the profile's members, each kept or mutated.
fn header(u: &mut Unstructured, f: &Fixture) -> Result<String> {
    if one_in(u, 8)? {
        return text(u);
    }
    let mut members: Vec<(String, String)> = Vec::new();
    let string = |s: &str| {
        let mut out = Vec::new();
        cardseal::json::write_str(&mut out, s);
        String::from_utf8(out).unwrap_or_default()
    };
    let jti = b64::encode_url(&u.arbitrary::<[u8; 16]>()?);
    let iat_off: i32 = u.arbitrary()?;
    let iat = NOW.saturating_add_signed(i64::from(iat_off) % 2000);
    let wanted = [
        ("alg", string("RSA-OAEP-256")),
        ("enc", string("A256GCM")),
        (
            "kid",
            string(if u.arbitrary()? {
                "merchant-2026-11"
            } else {
                &f.kid
            }),
        ),
        ("cty", string("cardseal+json")),
        ("iat", iat.to_string()),
        ("jti", string(&jti)),
    ];
    for (name, value) in wanted {
        // Kept unless the input says otherwise (an exhausted input reads as 0).
        let value = match u.int_in_range(0..=19u8)? {
            0..=12 => value,
            13 => continue, // dropped
            14 => string(&text(u)?),
            15 => text(u)?, // any text, JSON or not
            16 => {
                members.push((string(name), value.clone())); // repeated
                value
            }
            17 => u.arbitrary::<i64>()?.to_string(),
            18 => (*u.choose(&["null", "true", "[]", "{}", "1.5", "-0", "1e3", "\"\""])?).into(),
            _ => {
                // One character changed, dropped or added inside the value.
                let mut v = value.into_bytes();
                let i = u.choose_index(v.len())?;
                match u.int_in_range(0..=2u8)? {
                    0 => v[i] = u.arbitrary()?,
                    1 => drop(v.remove(i)),
                    _ => v.insert(i, u.arbitrary()?),
                }
                String::from_utf8_lossy(&v).into_owned()
            }
        };
        members.push((string(name), value));
    }
    while members.len() < 24 && !u.is_empty() && one_in(u, 4)? {
        let name = *u.choose(&["crit", "zip", "typ", "epk", "x5c", "kid", "iat", "jti"])?;
        let value = if one_in(u, 4)? {
            text(u)?
        } else {
            string(&text(u)?)
        };
        members.push((string(name), value));
    }
    if one_in(u, 4)? && !members.is_empty() {
        let i = u.choose_index(members.len())?;
        let j = u.choose_index(members.len())?;
        members.swap(i, j);
    }
    let body: Vec<String> = members
        .into_iter()
        .map(|(k, v)| format!("{k}:{v}"))
        .collect();
    Ok(format!("{{{}}}", body.join(",")))
}

/// A JWE whose tag verifies: `header` and `plain` sealed under the real content key.
fn reseal(f: &Fixture, header: &str, iv: &[u8], plain: &[u8]) -> String {
    let h = b64::encode_url(header.as_bytes());
    let key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &f.cek).expect("AES key"));
    let nonce: [u8; 12] = iv.try_into().expect("12-byte IV");
    let mut buf = plain.to_vec();
    let tag = key
        .seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(h.as_bytes()),
            &mut buf,
        )
        .expect("seal");
    format!(
        "{h}.{}.{}.{}.{}",
        f.parts[1],
        b64::encode_url(iv),
        b64::encode_url(&buf),
        b64::encode_url(tag.as_ref())
    )
}

fn plaintext(u: &mut Unstructured) -> Result<Vec<u8>> {
    if one_in(u, 4)? {
        return Ok(u.arbitrary::<&[u8]>()?.to_vec());
    }
    // Members of the plaintext with fuzzed values, so the reader sees mostly JSON: the
    // field table's names (members, groups and input-only fields) and one unknown name.
    let mut names: Vec<&str> = cardseal::fields::FIELDS
        .iter()
        .flat_map(|f| [f.group(), f.member()])
        .collect();
    names.dedup();
    names.push("extra");
    let mut body = Vec::new();
    while body.len() < 10 && !u.is_empty() && u.ratio(3, 4)? {
        let name = *u.choose(&names[..])?;
        let value = match u.int_in_range(0..=3u8)? {
            0 => {
                let mut out = Vec::new();
                cardseal::json::write_str(&mut out, &text(u)?);
                String::from_utf8(out).unwrap_or_default()
            }
            1 => u.arbitrary::<i64>()?.to_string(),
            2 => r#"{"line1":"1 Main St","country":"US"}"#.to_owned(),
            _ => text(u)?,
        };
        body.push(format!("\"{name}\":{value}"));
    }
    Ok(format!("{{{}}}", body.join(",")).into_bytes())
}

fn run(data: &[u8]) -> Result<()> {
    let f = fixture();
    let mut u = Unstructured::new(data);
    let mode = u.arbitrary::<u8>()? % 4;
    let answer: u8 = u.arbitrary()?;
    f.opener.store().0.store(answer, Ordering::Relaxed);
    let skew: i16 = u.arbitrary()?;
    let now = NOW.saturating_add_signed(i64::from(skew));
    let jwe = match mode {
        0 => String::from_utf8_lossy(u.take_rest()).into_owned(),
        1 => {
            let mut parts = Vec::with_capacity(6);
            for real in &f.parts {
                parts.push(part(&mut u, real)?);
            }
            match u.int_in_range(0..=7u8)? {
                0 => {
                    parts.pop();
                }
                1 => parts.push(text(&mut u)?),
                _ => {}
            }
            parts.join(".")
        }
        2 => {
            let h = header(&mut u, f)?;
            let iv = if one_in(&mut u, 8)? {
                u.arbitrary::<[u8; 12]>()?.to_vec()
            } else {
                f.iv.clone()
            };
            let plain = plaintext(&mut u)?;
            reseal(f, &h, &iv, &plain)
        }
        _ => {
            let plain = plaintext(&mut u)?;
            reseal(f, &f.header, &f.iv, &plain)
        }
    };
    match f.opener.open_detailed(&jwe, now) {
        Ok(opened) => {
            let h = &opened.header;
            // Keys are found by thumbprint only: never by the private JWK's own kid.
            assert_eq!(h.kid, f.kid, "{h:?}");
            assert!(
                h.iat <= now + cardseal_open::DEFAULT_MAX_FUTURE,
                "{h:?} at {now}"
            );
            assert!(now.saturating_sub(h.iat) <= cardseal_open::DEFAULT_MAX_AGE);
            let fine = answer % 8 < 6 && (answer >> 3) % 8 < 6;
            assert!(fine, "opened although the store said {answer:#010b}");
            let shown = format!("{:?}", opened.fields);
            let secret = |v: &Option<String>| {
                v.as_deref()
                    .is_some_and(|s| s.len() >= 3 && s.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| v.clone().unwrap_or_default())
            };
            for s in [secret(&opened.fields.number), secret(&opened.fields.cvc)]
                .into_iter()
                .flatten()
            {
                assert!(!shown.contains(&s), "Debug shows a secret: {shown}");
            }
        }
        Err(e) => {
            assert!(!e.code().is_empty());
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
