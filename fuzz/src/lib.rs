//! Helpers shared by the fuzz targets: the checks that must hold for every key import.
//! A failed check panics, which libFuzzer reports as a crash like any other panic.

use cardseal::key::{MAX_BITS, MIN_BITS};
use cardseal::messages::{codes_of, Kind};
use cardseal::{Fields, PublicKey, Sealer};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

/// A time inside the test certificates' validity, and the time the fixtures seal at.
pub const NOW: u64 = 1_790_000_000;

/// Whether `code` is in the code table (`cardseal::messages`) as a code of `kind`.
pub fn known(code: &str, kind: Kind) -> bool {
    codes_of(kind).any(|c| c == code)
}

/// Imports `text` as a public key and checks what must hold either way:
/// - a refusal carries an error code of the code table;
/// - an accepted key is 2048–8192 bits, has an RFC 7638 thumbprint as its kid (43
///   base64url characters of SHA-256), only warning codes of the table at any time, and can
///   seal: whatever the importer lets through, the RSA code must take.
pub fn check_import(text: &str) {
    match PublicKey::import(text) {
        Ok(key) => {
            assert!(
                (MIN_BITS..=MAX_BITS).contains(&key.bits()),
                "bits {}",
                key.bits()
            );
            assert_eq!(key.kid(), key.thumbprint(), "the kid is the thumbprint");
            let tp = cardseal::b64::decode_url_strict(key.thumbprint().as_bytes());
            assert_eq!(
                tp.map(|t| t.len()),
                Some(32),
                "thumbprint {:?}",
                key.thumbprint()
            );
            assert!(!key.format().as_str().is_empty());
            for now in [0, NOW, 4_102_444_800, u64::MAX] {
                for w in key.warnings(now) {
                    assert!(known(w, Kind::Warning), "warning {w}");
                }
            }
            let mut fields = Fields::default();
            fields.cvc = Some("123".into());
            let mut rng = ChaCha20Rng::seed_from_u64(1);
            let sealed = Sealer::new(key).seal(&fields, &mut rng, NOW);
            let sealed = sealed.unwrap_or_else(|e| panic!("accepted key cannot seal: {e:?}"));
            assert_eq!(sealed.jwe.split('.').count(), 5);
        }
        Err(e) => {
            assert!(known(e.code(), Kind::Error), "code {}", e.code());
        }
    }
}

/// Standard base64 with padding (RFC 4648 §4), as PEM bodies and pasted DER use it.
pub fn base64_std(data: &[u8]) -> String {
    let mut s: String = cardseal::b64::encode_url(data)
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    while !s.len().is_multiple_of(4) {
        s.push('=');
    }
    s
}

/// `text` broken into lines of `width` characters.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width + 1);
    for (i, c) in text.chars().enumerate() {
        if i > 0 && i % width == 0 {
            out.push('\n');
        }
        out.push(c);
    }
    out
}

/// A PEM block with `label` around `der`.
pub fn pem(label: &str, der: &[u8]) -> String {
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        wrap(&base64_std(der), 64)
    )
}
