//! # cardseal-open
//!
//! The payment processor's side of cardseal: opens the "cardseal v1" JWEs that the
//! browser sealed (`RSA-OAEP-256` + `A256GCM`, docs/FORMAT.md), refusing anything malformed,
//! outside the profile, for an unknown key, stale, from the future, replayed or tampered
//! with. RSA-OAEP and AES-GCM come from aws-lc-rs, which is constant time; the `rsa`
//! crate's private-key path (RUSTSEC-2023-0071) is never used.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use cardseal_open::{Opener, PrivateKey};
//! # let pem = include_str!("../../tests/keys/rsa2048-private-pkcs8.pem");
//! # let public = cardseal::PublicKey::import(include_str!("../../tests/keys/rsa2048-spki.pem"))?;
//! # let mut rng = <rand_chacha::ChaCha20Rng as rand_core::SeedableRng>::seed_from_u64(1);
//! # let mut fields = cardseal::Fields::default();
//! # fields.cvc = Some("123".into());
//! # let jwe = cardseal::Sealer::new(public).seal(&fields, &mut rng, 1_790_000_000)?.jwe;
//! let opener = Opener::new(PrivateKey::import(pem)?);
//! let fields = opener.open(&jwe, 1_790_000_060)?;
//! assert_eq!(fields.cvc.as_deref(), Some("123"));
//! // The same JWE again is a replay.
//! assert_eq!(opener.open(&jwe, 1_790_000_061).unwrap_err().code(), "REPLAYED");
//! # Ok(()) }
//! ```

mod der;
mod error;
mod header;
mod key;
mod key_file;
mod opener;
pub mod pem;
pub mod plaintext;
pub mod primitives;
#[cfg(feature = "redis")]
pub mod redis_store;
#[cfg(feature = "redis")]
mod redis_url;
pub mod replay;
#[cfg(feature = "redis")]
mod sentinel;

pub use error::OpenError;
pub use header::Header;
pub use key::{looks_private, KeyError, PrivateKey, PrivateKeyFormat, MAX_KEY_FILE};
pub use key_file::{
    read_key_file, read_secret_file, KeyFileError, KeyFileRefused, ALLOW_WORLD_READABLE_FLAG,
};
pub use opener::{
    Opened, Opener, DEFAULT_MAX_AGE, DEFAULT_MAX_FUTURE, MAX_HEADER_LEN, MAX_JWE_LEN,
};
pub use plaintext::{Address, Fields};
#[cfg(feature = "redis")]
pub use redis_store::{InvalidRedisUrl, RedisReplayStore};
pub use replay::{MemoryReplayStore, ReplayStore, StoreUnavailable};
