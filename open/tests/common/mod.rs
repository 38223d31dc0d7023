//! Helpers shared by the integration tests: test keys, sealing with the cardseal core,
//! and hand-made JWEs for headers and plaintexts the core never produces.
// Test helpers: a failure here is a failed test.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use aws_lc_rs::rsa::{OaepPublicEncryptingKey, PublicEncryptingKey, OAEP_SHA256_MGF1SHA256};
use cardseal::b64::encode_url;
use cardseal_open::PrivateKey;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

/// Unix seconds used as "now" in the tests.
pub const NOW: u64 = 1_790_000_000;

/// A test key file's text.
pub fn key_text(name: &str) -> String {
    let path = format!("{}/../tests/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A private test key.
pub fn private(name: &str) -> PrivateKey {
    PrivateKey::import(&key_text(name)).unwrap()
}

/// A deterministic RNG.
pub fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// A card in the form a shopper types it.
pub fn card() -> cardseal::Fields {
    let mut f = cardseal::Fields::default();
    f.number = Some("4111 1111 1111 1111".into());
    f.expiry = Some("12/34".into());
    f.cvc = Some("123".into());
    f.name = Some("Budi Santoso".into());
    f.email = Some("budi@example.com".into());
    f
}

/// Seals `fields` to the public test key `public` with the cardseal core at `iat`.
pub fn seal_to(public: &str, fields: &cardseal::Fields, seed: u64, iat: u64) -> String {
    let key = cardseal::PublicKey::import(&key_text(public)).unwrap();
    cardseal::Sealer::new(key)
        .seal(fields, &mut rng(seed), iat)
        .unwrap()
        .jwe
}

/// Seals the test card to rsa2048 (kid = thumbprint) at `iat`.
pub fn sealed(seed: u64, iat: u64) -> String {
    seal_to("rsa2048-spki.pem", &card(), seed, iat)
}

/// The kid (thumbprint) of the rsa2048 test key.
pub fn kid2048() -> String {
    cardseal::PublicKey::import(&key_text("rsa2048-spki.pem"))
        .unwrap()
        .thumbprint()
        .to_owned()
}

/// A cardseal v1 header with the given `kid`, `iat` and a jti from `seed`.
pub fn header(kid: &str, iat: u64, seed: u8) -> String {
    format!(
        r#"{{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"{kid}","cty":"cardseal+json","iat":{iat},"jti":"{}"}}"#,
        encode_url(&[seed; 16])
    )
}

/// A JWE made by hand, outside the cardseal core: any header text, any content key
/// length, any plaintext; encrypted to the rsa2048 test key.
pub fn hand_made(header_json: &str, cek: &[u8], plaintext: &[u8]) -> String {
    let (_, spki) = cardseal_open::pem::first_block(&key_text("rsa2048-spki.pem")).unwrap();
    let rsa = OaepPublicEncryptingKey::new(PublicEncryptingKey::from_der(&spki).unwrap()).unwrap();
    let mut ek = vec![0u8; rsa.ciphertext_size()];
    let ek = rsa
        .encrypt(&OAEP_SHA256_MGF1SHA256, cek, &mut ek, None)
        .unwrap()
        .to_vec();
    let h = encode_url(header_json.as_bytes());
    let iv = [7u8; 12];
    let mut body = plaintext.to_vec();
    let mut key32 = [0u8; 32];
    let n = cek.len().min(32);
    key32[..n].copy_from_slice(&cek[..n]);
    let aes = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &key32).unwrap());
    let tag = aes
        .seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(iv),
            Aad::from(h.as_bytes()),
            &mut body,
        )
        .unwrap();
    format!(
        "{h}.{}.{}.{}.{}",
        encode_url(&ek),
        encode_url(&iv),
        encode_url(&body),
        encode_url(tag.as_ref())
    )
}
