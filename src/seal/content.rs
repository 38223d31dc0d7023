//! Content encryption (A256GCM) and key wrapping (RSA-OAEP-256) of one JWE.

use crate::{key::PublicKey, Error};
use alloc::vec::Vec;
use rand_core::CryptoRngCore;
use zeroize::Zeroizing;

/// Builds one compact JWE around `plaintext`, which is encrypted in place (so the buffer
/// holds ciphertext afterwards, never a second plaintext copy).
///
/// Randomness is drawn in this order: content key (32 bytes), IV (12), `jti` (16), then
/// whatever RSA-OAEP draws for its seed. A fresh key and IV are drawn on every call.
pub fn seal_one(
    key: &PublicKey,
    plaintext: &mut Zeroizing<Vec<u8>>,
    rng: &mut impl CryptoRngCore,
    now: u64,
) -> Result<alloc::string::String, Error> {
    let mut cek = Zeroizing::new([0u8; 32]);
    let mut iv = [0u8; 12];
    let mut jti = [0u8; 16];
    rng.try_fill_bytes(cek.as_mut())
        .map_err(|_| Error::RngFailed)?;
    rng.try_fill_bytes(&mut iv).map_err(|_| Error::RngFailed)?;
    rng.try_fill_bytes(&mut jti).map_err(|_| Error::RngFailed)?;

    let k_bytes = key.rsa().size();
    let mut out = Vec::with_capacity(
        key.kid().len() * 8 + 200 + k_bytes * 4 / 3 + (plaintext.len() + 16) * 4 / 3 + 24,
    );
    super::header::encoded(key.kid(), now, &jti, &mut out);
    let aad_len = out.len();

    let wrapped = key
        .rsa()
        .encrypt_oaep(rng, cek.as_ref())
        .ok_or(Error::RngFailed)?;

    let tag = crate::aead::encrypt_in_place(&cek, &iv, &out[..aad_len], plaintext.as_mut_slice());

    for part in [&wrapped[..], &iv[..], &plaintext[..], &tag[..]] {
        out.push(b'.');
        crate::b64::encode_url_into(part, &mut out);
    }
    // Only base64url characters and dots were written.
    Ok(out.into_iter().map(char::from).collect())
}
