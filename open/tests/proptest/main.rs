//! Property tests: no input, however hostile, panics the parser or the opener; and
//! any change to a genuine JWE is refused.

#[path = "../common/mod.rs"]
mod common;

use cardseal_open::{Opener, PrivateKey};
use common::*;
use proptest::prelude::*;
use std::sync::OnceLock;

fn opener() -> &'static Opener {
    static O: OnceLock<Opener> = OnceLock::new();
    O.get_or_init(|| Opener::new(private("rsa2048-private-pkcs8.pem")))
}

fn genuine() -> &'static str {
    static J: OnceLock<String> = OnceLock::new();
    J.get_or_init(|| sealed(99, NOW))
}

/// Five base64url parts, each possibly empty, possibly holding other characters.
fn five_parts() -> impl Strategy<Value = String> {
    proptest::collection::vec("[A-Za-z0-9_=+/ -]{0,40}", 5).prop_map(|p| p.join("."))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,300}") {
        let _ = opener().open(&s, NOW);
    }

    #[test]
    fn arbitrary_parts_never_panic(s in five_parts()) {
        prop_assert!(opener().open(&s, NOW).is_err());
    }

    #[test]
    fn arbitrary_headers_never_panic(h in "\\PC{0,200}", rest in proptest::sample::select(vec![0usize, 1])) {
        // Any header text on an otherwise genuine JWE.
        let parts: Vec<&str> = genuine().split('.').collect();
        let jwe = format!("{}.{}", cardseal::b64::encode_url(h.as_bytes()), parts[1 + rest..].join("."));
        let _ = opener().open(&jwe, NOW);
    }

    #[test]
    fn header_json_never_panics(kid in "\\PC{0,30}", iat in any::<u64>(), extra in "[a-z\":,\\[\\]{}0-9 ]{0,40}") {
        let h = format!(r#"{{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":{},"cty":"cardseal+json","iat":{iat},"jti":"AAAAAAAAAAAAAAAAAAAAAA"{extra}}}"#,
            serde_json::to_string(&kid).unwrap());
        let parts: Vec<&str> = genuine().split('.').collect();
        let jwe = format!("{}.{}", cardseal::b64::encode_url(h.as_bytes()), parts[1..].join("."));
        let r = opener().open(&jwe, iat);
        prop_assert!(r.is_err(), "a forged header never opens");
    }

    #[test]
    fn any_byte_change_is_refused(pos in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut bytes = genuine().as_bytes().to_vec();
        let i = pos.index(bytes.len());
        prop_assume!(bytes[i] != byte);
        bytes[i] = byte;
        if let Ok(s) = std::str::from_utf8(&bytes) {
            // A fresh opener, so a refusal is never just "replayed".
            let o = Opener::new(private("rsa2048-private-pkcs8.pem"));
            let r = o.open(s, NOW);
            prop_assert!(r.is_err(), "changed byte {} still opened", i);
        }
    }

    #[test]
    fn key_import_never_panics(s in "\\PC{0,400}") {
        let _ = PrivateKey::import(&s);
        let _ = PrivateKey::import(&format!("-----BEGIN RSA PRIVATE KEY-----\n{s}\n-----END RSA PRIVATE KEY-----"));
        let _ = PrivateKey::import(&format!("{{\"kty\":\"RSA\",\"d\":{}}}", serde_json::to_string(&s).unwrap()));
    }
}
