//! # cardseal
//!
//! Seals payment-card and contact fields in the shopper's browser with the merchant's
//! RSA public key, as a standard compact JWE (`RSA-OAEP-256` + `A256GCM`, profile
//! "cardseal v1"). The shop's server only ever relays ciphertext; only the holder of the
//! private key, the payment processor, can read the fields.
//!
//! The core ([`key`], [`seal`], [`validate`]) is plain Rust with randomness and the clock
//! passed in; the wasm layer is a thin shell over it.
//!
//! ```
//! # fn main() -> Result<(), cardseal::Error> {
//! use cardseal::{Fields, PublicKey, Sealer};
//! use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
//!
//! let pem = include_str!("../tests/keys/rsa2048-spki.pem");
//! let sealer = Sealer::new(PublicKey::import(pem)?);
//! let fields = Fields::new()
//!     .number("4111 1111 1111 1111")
//!     .expiry("12/34")
//!     .cvc("123");
//! // Randomness and time are passed in: a CSPRNG such as `OsRng` and the Unix time in
//! // production, a seeded RNG and a fixed clock in tests.
//! let mut rng = ChaCha20Rng::seed_from_u64(7);
//! let sealed = sealer.seal(&fields, &mut rng, 1_790_000_000)?;
//! assert_eq!(sealed.jwe.split('.').count(), 5);
//! assert_eq!(sealed.summary.last4.as_deref(), Some("1111"));
//! # Ok(()) }
//! ```

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod b64;
pub mod date;
mod error;
pub mod fields;
pub mod json;
pub mod key;
pub mod messages;
pub mod seal;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{Error, FieldError};
pub use fields::{Address, Fields};
pub use key::{KeyFormat, PublicKey};
pub use seal::{Sealed, SealedEach, Sealer, Summary};
