//! The demo's secrets other than the private key: the shop's API key for the processor
//! and the staff password, read from files that only their owner may read; and the
//! random tokens of the shop's cookies (CSRF, staff sessions).
//!
//! A secret is kept only as its SHA-256 digest (the relay keeps the key itself, to send
//! it), and a presented value is compared by digest in constant time (aws-lc-rs's
//! `CRYPTO_memcmp`), so neither its length nor its first differing byte shows in the time
//! an answer takes. Nothing here is ever logged.

use aws_lc_rs::constant_time::verify_slices_are_equal;
use aws_lc_rs::digest::{digest, Digest, SHA256};
use std::path::Path;
use zeroize::Zeroizing;

/// The shortest secret accepted from a file: `make demo` writes 43 characters (32
/// random bytes, base64url).
pub const MIN_LEN: usize = 32;

/// Reads the secret in the file given with `--{option}`: one line, at least [`MIN_LEN`]
/// printable ASCII characters, from a file no other user may read.
pub fn read(option: &str, path: &str) -> Result<Zeroizing<String>, String> {
    let text =
        cardseal_open::read_secret_file(Path::new(path)).map_err(|e| format!("--{option}: {e}"))?;
    let value = Zeroizing::new(text.trim().to_owned());
    if value.len() < MIN_LEN || !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(format!(
            "--{option} {path}: one line of at least {MIN_LEN} printable characters expected \
             (make demo writes one: 32 random bytes, base64url)"
        ));
    }
    Ok(value)
}

/// A secret known by its digest.
pub struct Known(Digest);

impl Known {
    /// Keeps `value`'s digest.
    pub fn new(value: &str) -> Self {
        Known(digest(&SHA256, value.as_bytes()))
    }

    /// Whether `presented` is the secret, in constant time.
    pub fn matches(&self, presented: &[u8]) -> bool {
        let d = digest(&SHA256, presented);
        verify_slices_are_equal(d.as_ref(), self.0.as_ref()).is_ok()
    }
}

/// Whether two tokens are equal, in constant time (by digest, so lengths may differ).
pub fn same(a: &[u8], b: &[u8]) -> bool {
    Known(digest(&SHA256, a)).matches(b)
}

/// A fresh random token: 32 bytes from the system's CSPRNG, base64url (43 characters).
pub fn token() -> Result<String, String> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    aws_lc_rs::rand::fill(&mut bytes[..]).map_err(|_| "no system randomness".to_owned())?;
    Ok(cardseal::b64::encode_url(&bytes[..]))
}

/// Whether `t` looks like a [`token`] (43 base64url characters): anything else a
/// browser sends back is ignored.
pub fn is_token(t: &str) -> bool {
    t.len() == 43
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_by_digest_and_tokens_are_fresh() {
        let k = Known::new("a".repeat(40).as_str());
        assert!(k.matches("a".repeat(40).as_bytes()));
        assert!(!k.matches("a".repeat(39).as_bytes()));
        assert!(!k.matches(b""));
        assert!(same(b"x", b"x") && !same(b"x", b"y"));
        let (t1, t2) = (token().unwrap(), token().unwrap());
        assert!(is_token(&t1) && is_token(&t2) && t1 != t2);
        assert!(!is_token("short") && !is_token(&format!("{}=", &t1[..42])));
    }

    #[test]
    fn a_secret_file_is_one_long_line_only_its_owner_reads() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("cardseal-secret-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = |text: &str, mode: u32| {
            let p = dir.join("s");
            let _ = std::fs::remove_file(&p);
            std::fs::write(&p, text).unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
            p.to_str().unwrap().to_owned()
        };
        let good = "k".repeat(43);
        assert_eq!(
            read("api-key-file", &file(&format!("{good}\n"), 0o600))
                .unwrap()
                .as_str(),
            good
        );
        let open = read("api-key-file", &file(&good, 0o644)).unwrap_err();
        assert!(open.contains("KEY_FILE_WORLD_READABLE"), "{open}");
        assert!(read("api-key-file", &file("short", 0o600)).is_err());
        assert!(read("api-key-file", &file(&format!("{good} x"), 0o600)).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
