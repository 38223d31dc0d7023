//! The two cryptographic primitives [`crate::Opener`] uses, exactly as it calls them:
//! RSAES-OAEP with SHA-256 and MGF1-SHA-256, and AES-256-GCM with a 96-bit IV and a
//! 128-bit tag, both from aws-lc-rs (constant time). Public so that the Wycheproof
//! vectors run through the same code; failures carry no detail on purpose.

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use aws_lc_rs::rsa::{OaepPrivateDecryptingKey, OAEP_SHA256_MGF1SHA256};
use zeroize::Zeroizing;

/// The IV length of A256GCM in JWE (RFC 7518 §5.3).
pub const IV_LEN: usize = 12;
/// The tag length of A256GCM in JWE.
pub const TAG_LEN: usize = 16;
/// The content-key length of A256GCM.
pub const CEK_LEN: usize = 32;

/// A failure of a primitive, deliberately without detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failed;

/// RSAES-OAEP-SHA256-MGF1SHA256 decryption of `ciphertext`. JWE uses no label: `open`
/// passes `None`.
pub fn rsa_oaep_sha256_decrypt(
    key: &OaepPrivateDecryptingKey,
    ciphertext: &[u8],
    label: Option<&[u8]>,
) -> Result<Zeroizing<Vec<u8>>, Failed> {
    if ciphertext.len() != key.key_size_bytes() {
        return Err(Failed);
    }
    let mut out = Zeroizing::new(vec![0u8; key.min_output_size()]);
    let len = key
        .decrypt(&OAEP_SHA256_MGF1SHA256, ciphertext, &mut out, label)
        .map_err(|_| Failed)?
        .len();
    out.truncate(len);
    Ok(out)
}

/// Unwraps the A256GCM content key of a JWE (`alg` RSA-OAEP-256). Every failure,
/// including a key of the wrong length, is the same [`Failed`].
pub fn unwrap_cek(
    key: &OaepPrivateDecryptingKey,
    encrypted_key: &[u8],
) -> Result<Zeroizing<[u8; CEK_LEN]>, Failed> {
    let raw = rsa_oaep_sha256_decrypt(key, encrypted_key, None)?;
    let mut cek = Zeroizing::new([0u8; CEK_LEN]);
    if raw.len() != CEK_LEN {
        return Err(Failed);
    }
    cek.copy_from_slice(&raw);
    Ok(cek)
}

/// AES-256-GCM decryption with a 96-bit IV and a 128-bit tag. The plaintext is only
/// returned when the tag is right.
pub fn aes256gcm_open(
    cek: &[u8; CEK_LEN],
    iv: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Result<Zeroizing<Vec<u8>>, Failed> {
    let iv: [u8; IV_LEN] = iv.try_into().map_err(|_| Failed)?;
    if tag.len() != TAG_LEN {
        return Err(Failed);
    }
    let key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, cek).map_err(|_| Failed)?);
    let mut buf = Zeroizing::new(ciphertext.to_vec());
    key.open_in_place_separate_tag(
        Nonce::assume_unique_for_key(iv),
        Aad::from(aad),
        tag,
        &mut buf,
    )
    .map_err(|_| {
        // The buffer may hold unauthenticated plaintext: it is zeroized on drop.
        Failed
    })?;
    Ok(buf)
}

/// A secret random content key, used in place of one that failed to unwrap so that the
/// content decryption runs (and fails) either way (RFC 7516 §11.5).
pub fn decoy_cek() -> Zeroizing<[u8; CEK_LEN]> {
    let mut cek = Zeroizing::new([0u8; CEK_LEN]);
    if aws_lc_rs::rand::fill(cek.as_mut()).is_err() {
        // Without randomness the decoy would be known; a fixed key is still refused
        // below because the unwrap already failed.
        cek.fill(0xa5);
    }
    cek
}
