//! [`Opener`]: the checks of `open`, cheapest first, then the decryption.

use crate::header::{self, Header};
use crate::primitives::{self, IV_LEN, TAG_LEN};
use crate::replay::{MemoryReplayStore, ReplayStore};
use crate::{Fields, OpenError, PrivateKey};

/// JWEs longer than this are refused before anything else. The largest real one, a
/// whole-form JWE of every field at its longest to an 8192-bit key, is under 3.5 KiB
/// (open/tests/bounds/).
pub const MAX_JWE_LEN: usize = 16 * 1024;
/// Decoded protected headers longer than this are refused before any JSON parsing; a
/// real one is about 200 bytes.
pub const MAX_HEADER_LEN: usize = 1024;
/// The default freshness window: 15 minutes.
pub const DEFAULT_MAX_AGE: u64 = 15 * 60;
/// How far in the future an `iat` may lie (clock skew between shopper and processor).
pub const DEFAULT_MAX_FUTURE: u64 = 2 * 60;

/// An opened JWE: its header and its fields.
#[derive(Debug)]
pub struct Opened {
    /// the checked protected header
    pub header: Header,
    /// the plaintext fields; zeroized on drop
    pub fields: Fields,
}

/// Opens cardseal v1 JWEs with one or more private keys (for rotation), refusing stale,
/// future, replayed and tampered ones.
pub struct Opener<S = MemoryReplayStore> {
    keys: Vec<PrivateKey>,
    max_age: u64,
    max_future: u64,
    store: S,
}

impl<S> core::fmt::Debug for Opener<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Opener")
            .field("keys", &self.keys)
            .field("max_age", &self.max_age)
            .field("max_future", &self.max_future)
            .finish_non_exhaustive()
    }
}

impl Opener<MemoryReplayStore> {
    /// An opener holding `key`, with the default window and an in-memory replay store.
    pub fn new(key: PrivateKey) -> Opener<MemoryReplayStore> {
        Opener {
            keys: vec![key],
            max_age: DEFAULT_MAX_AGE,
            max_future: DEFAULT_MAX_FUTURE,
            store: MemoryReplayStore::new(),
        }
    }
}

/// The five decoded parts of a compact JWE.
struct Parts<'a> {
    header_b64: &'a [u8],
    header: Vec<u8>,
    encrypted_key: Vec<u8>,
    iv: Vec<u8>,
    ciphertext: Vec<u8>,
    tag: Vec<u8>,
}

fn split(jwe: &str) -> Result<Parts<'_>, OpenError> {
    if jwe.len() > MAX_JWE_LEN {
        return Err(OpenError::Malformed);
    }
    let mut it = jwe.as_bytes().split(|&b| b == b'.');
    let mut next = || it.next().ok_or(OpenError::Malformed);
    let raw = [next()?, next()?, next()?, next()?, next()?];
    // Base64url of MAX_HEADER_LEN bytes is at most this long; the decoded length is
    // checked too, below.
    if it.next().is_some() || raw[0].len() > MAX_HEADER_LEN.div_ceil(3) * 4 {
        return Err(OpenError::Malformed);
    }
    let dec = |p: &[u8]| cardseal::b64::decode_url_strict(p).ok_or(OpenError::Malformed);
    let parts = Parts {
        header_b64: raw[0],
        header: dec(raw[0])?,
        encrypted_key: dec(raw[1])?,
        iv: dec(raw[2])?,
        ciphertext: dec(raw[3])?,
        tag: dec(raw[4])?,
    };
    if parts.header.len() > MAX_HEADER_LEN
        || parts.iv.len() != IV_LEN
        || parts.tag.len() != TAG_LEN
        || parts.encrypted_key.is_empty()
    {
        return Err(OpenError::Malformed);
    }
    Ok(parts)
}

impl<S: ReplayStore> Opener<S> {
    /// Adds another key: JWEs naming either key open (rotation).
    pub fn with_key(mut self, key: PrivateKey) -> Self {
        self.keys.push(key);
        self
    }

    /// Sets the freshness window in seconds (default 15 minutes). A `jti` is remembered
    /// for as long.
    pub fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = seconds;
        self
    }

    /// Sets how far in the future an `iat` may be (default 2 minutes).
    pub fn max_future(mut self, seconds: u64) -> Self {
        self.max_future = seconds;
        self
    }

    /// Replaces the replay store, e.g. with one shared by several machines.
    pub fn with_store<T: ReplayStore>(self, store: T) -> Opener<T> {
        Opener {
            keys: self.keys,
            max_age: self.max_age,
            max_future: self.max_future,
            store,
        }
    }

    /// The keys held, in the order they are tried.
    pub fn keys(&self) -> &[PrivateKey] {
        &self.keys
    }

    /// The replay store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Opens `jwe` at time `now` (Unix seconds) and returns its fields.
    pub fn open(&self, jwe: &str, now: u64) -> Result<Fields, OpenError> {
        self.open_detailed(jwe, now).map(|o| o.fields)
    }

    /// Opens `jwe` at time `now` (Unix seconds) and returns its header and fields.
    ///
    /// The checks run cheapest first: size (the whole JWE at most [`MAX_JWE_LEN`], the
    /// header at most [`MAX_HEADER_LEN`]) and strict parsing, the header profile, the
    /// `kid`, freshness, a read-only replay check ([`ReplayStore::seen`]), and only then
    /// RSA-OAEP-256 and AES-256-GCM. The `jti` is recorded ([`ReplayStore::record`],
    /// atomic insert-if-absent) only once the GCM tag has verified: a forgery that fails
    /// to open uses up nothing, and of two copies racing, exactly one opens.
    pub fn open_detailed(&self, jwe: &str, now: u64) -> Result<Opened, OpenError> {
        let parts = split(jwe)?;
        let header = header::parse(&parts.header)?;
        let key = self
            .keys
            .iter()
            .find(|k| k.matches(&header.kid))
            .ok_or(OpenError::UnknownKid)?;
        if header.iat > now.saturating_add(self.max_future) {
            return Err(OpenError::FromFuture);
        }
        if now.saturating_sub(header.iat) > self.max_age {
            return Err(OpenError::Stale);
        }
        match self.store.seen(&header.jti, now) {
            Ok(false) => {}
            Ok(true) => return Err(OpenError::Replayed),
            Err(_) => return Err(OpenError::ReplayStoreUnavailable),
        }

        // From here until the tag has verified every failure is the same CANNOT_OPEN,
        // and a failed unwrap still runs the content decryption with a secret decoy key
        // (RFC 7516 §11.5), so neither the answer nor the time tells which step failed.
        let unwrapped = primitives::unwrap_cek(key.oaep(), &parts.encrypted_key);
        let unwrapped_ok = unwrapped.is_ok();
        let cek = unwrapped.unwrap_or_else(|_| primitives::decoy_cek());
        let plain = primitives::aes256gcm_open(
            &cek,
            &parts.iv,
            parts.header_b64,
            &parts.ciphertext,
            &parts.tag,
        );
        let plain = match plain {
            Ok(p) if unwrapped_ok => p,
            _ => return Err(OpenError::CannotOpen),
        };

        // Authentic: only now is the jti used up. A record that expires when the JWE
        // would be stale anyway.
        let expires_at = header.iat.saturating_add(self.max_age).saturating_add(1);
        match self.store.record(&header.jti, now, expires_at) {
            Ok(true) => {}
            Ok(false) => return Err(OpenError::Replayed),
            Err(_) => return Err(OpenError::ReplayStoreUnavailable),
        }
        let fields = crate::plaintext::from_plaintext(&plain).map_err(|_| OpenError::CannotOpen)?;
        Ok(Opened { header, fields })
    }
}
