//! Content encryption (A256GCM) and key wrapping (RSA-OAEP-256) of one JWE, composed from
//! the audited crates: `aes-gcm` and `rsa` (with `sha2`). Nothing here is a primitive.

use crate::{key::PublicKey, Error};
use aes_gcm::{aead::AeadInOut, Aes256Gcm, KeyInit};
use alloc::{string::String, vec::Vec};
use rand_core::CryptoRngCore;
use zeroize::Zeroizing;

/// Builds one compact JWE around `plaintext`, which is encrypted in place (so the buffer
/// holds ciphertext afterwards, never a second plaintext copy).
///
/// Randomness is drawn in this order: content key (32 bytes), IV (12), `jti` (16), then
/// whatever RSA-OAEP draws for its seed. A fresh key and IV are drawn on every call.
///
/// Secrets live in the content key (zeroized on drop), the cipher state (the crates
/// zeroize it on drop) and the stack frames of the crates' code; those frames are wiped
/// by the wasm layer after every export (`crate::wasm`, `cardseal_alloc::stack`).
pub fn seal_one(
    key: &PublicKey,
    plaintext: &mut Zeroizing<Vec<u8>>,
    rng: &mut impl CryptoRngCore,
    now: u64,
) -> Result<String, Error> {
    let mut cek = Zeroizing::new([0u8; 32]);
    let mut iv = [0u8; 12];
    let mut jti = [0u8; 16];
    rng.try_fill_bytes(cek.as_mut())
        .map_err(|_| Error::RngFailed)?;
    rng.try_fill_bytes(&mut iv).map_err(|_| Error::RngFailed)?;
    rng.try_fill_bytes(&mut jti).map_err(|_| Error::RngFailed)?;

    let k_bytes = rsa::traits::PublicKeyParts::size(key.rsa());
    let mut out = Vec::with_capacity(
        key.kid().len() * 8 + 200 + k_bytes * 4 / 3 + (plaintext.len() + 16) * 4 / 3 + 24,
    );
    super::header::encoded(key.kid(), now, &jti, &mut out);
    let aad_len = out.len();

    // RSA-OAEP-256: SHA-256 for the label hash and for MGF1, empty label (RFC 7518 §4.3).
    // The only error it can give for a 32-byte message and a ≥ 2048-bit key is the RNG's.
    let wrapped = key
        .rsa()
        .encrypt(
            &mut Rng10(rng),
            rsa::Oaep::<sha2::Sha256>::new(),
            cek.as_ref(),
        )
        .map_err(|_| Error::RngFailed)?;

    // A256GCM with the 96-bit IV; AAD = ASCII(BASE64URL(header)). Its only error is a
    // plaintext over 2^36 bytes, which the field limits rule out; it is not a panic.
    let cipher = Aes256Gcm::new((&*cek).into());
    let tag = cipher
        .encrypt_inout_detached(
            (&iv).into(),
            &out[..aad_len],
            plaintext.as_mut_slice().into(),
        )
        .map_err(|_| Error::RngFailed)?;
    drop(cipher);

    for part in [&wrapped[..], &iv[..], &plaintext[..], &tag[..]] {
        out.push(b'.');
        crate::b64::encode_url_into(part, &mut out);
    }
    // Only base64url characters and dots were written: ASCII, so valid UTF-8. One check
    // over the buffer instead of a char at a time into a new String; like the AES error
    // above, the error arm cannot be taken and is not a panic.
    String::from_utf8(out).map_err(|_| Error::RngFailed)
}

/// rsa 0.10 draws its OAEP seed through rand_core 0.10's traits; the core takes a
/// rand_core 0.6 RNG (as the seeded test vectors do). This forwards one to the other.
struct Rng10<'a, R>(&'a mut R);

/// The caller's RNG failed.
#[derive(Debug)]
struct RngError;

impl core::fmt::Display for RngError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("RNG_FAILED")
    }
}

impl core::error::Error for RngError {}

impl<R: CryptoRngCore> rsa::rand_core::TryRng for Rng10<'_, R> {
    type Error = RngError;

    fn try_next_u32(&mut self) -> Result<u32, RngError> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, RngError> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), RngError> {
        self.0.try_fill_bytes(dst).map_err(|_| RngError)
    }
}

impl<R: CryptoRngCore> rsa::rand_core::TryCryptoRng for Rng10<'_, R> {}
