//! The replay guard's order (issue 14): a read-only check before RSA, the atomic record
//! only once the GCM tag has verified. A forgery records nothing; of genuine copies
//! racing, exactly one opens.

// Test code: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;

use cardseal::b64::{decode_url_strict, encode_url};
use cardseal_open::{MemoryReplayStore, OpenError, Opener, ReplayStore, StoreUnavailable};
use common::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};

fn opener() -> Opener {
    Opener::new(private("rsa2048-private-pkcs8.pem"))
}

fn code<T>(r: Result<T, OpenError>) -> &'static str {
    r.map(|_| "OK").unwrap_or_else(|e| e.code())
}

/// `jwe` with parts 1-4 (encrypted key, IV, ciphertext, tag) replaced by bytes of the
/// right lengths derived from `seed`: what someone who copied only the header can send.
fn forged(jwe: &str, seed: u8) -> String {
    let parts: Vec<&str> = jwe.split('.').collect();
    let fake = |i: usize| {
        let len = decode_url_strict(parts[i].as_bytes()).unwrap().len();
        encode_url(&vec![seed ^ i as u8; len])
    };
    format!(
        "{}.{}.{}.{}.{}",
        parts[0],
        fake(1),
        fake(2),
        fake(3),
        fake(4)
    )
}

#[test]
fn a_forged_body_under_a_genuine_header_burns_nothing() {
    let o = opener();
    let jwe = sealed(1, NOW);
    // The issue's attack: 1,000 forgeries under the copied header, and 1,000 under
    // headers with fresh jtis. Each costs us one RSA operation and records nothing.
    for i in 0..1000u32 {
        assert_eq!(code(o.open(&forged(&jwe, i as u8), NOW)), "CANNOT_OPEN");
    }
    for i in 0..200u64 {
        let other = sealed(1000 + i, NOW);
        assert_eq!(code(o.open(&forged(&other, 7), NOW)), "CANNOT_OPEN");
    }
    assert!(o.store().is_empty(), "nothing recorded");
    assert_eq!(code(o.open(&jwe, NOW)), "OK", "the genuine JWE still opens");
    assert_eq!(code(o.open(&jwe, NOW)), "REPLAYED");
    assert_eq!(o.store().len(), 1);
}

/// What the guard cannot stop: the public key is public, so whoever copies a genuine
/// header can seal their own content under it. That JWE is authentic (it opens, with
/// their fields) and uses up the jti first; the genuine one is then a replay. The
/// freshness window and the replay guard stop reuse of a captured JWE, not this
/// (open/README.md, "What it does not do").
#[test]
fn a_copied_header_resealed_to_the_public_key_opens_first() {
    let o = opener();
    let jwe = sealed(2, NOW);
    let header = decode_url_strict(jwe.split('.').next().unwrap().as_bytes()).unwrap();
    let resealed = hand_made(
        core::str::from_utf8(&header).unwrap(),
        &[9; 32],
        br#"{"cvc":"999"}"#,
    );
    assert_eq!(code(o.open(&resealed, NOW)), "OK");
    assert_eq!(code(o.open(&jwe, NOW)), "REPLAYED");
}

/// Counts the store's calls and, with a barrier, holds every caller after its `seen`
/// until all have passed it: the race the atomic record settles.
struct Gate<S> {
    inner: S,
    after_seen: Barrier,
    seen: AtomicUsize,
    record: AtomicUsize,
}

impl<S: ReplayStore> ReplayStore for Gate<S> {
    fn seen(&self, jti: &str, now: u64) -> Result<bool, StoreUnavailable> {
        let r = self.inner.seen(jti, now);
        self.seen.fetch_add(1, Ordering::SeqCst);
        self.after_seen.wait();
        r
    }

    fn record(&self, jti: &str, now: u64, expires_at: u64) -> Result<bool, StoreUnavailable> {
        self.record.fetch_add(1, Ordering::SeqCst);
        self.inner.record(jti, now, expires_at)
    }
}

#[test]
fn of_genuine_copies_racing_past_the_check_exactly_one_opens() {
    const N: usize = 8;
    let store = Arc::new(Gate {
        inner: MemoryReplayStore::new(),
        after_seen: Barrier::new(N),
        seen: AtomicUsize::new(0),
        record: AtomicUsize::new(0),
    });
    let jwe = Arc::new(sealed(3, NOW));
    let threads: Vec<_> = (0..N)
        .map(|_| {
            let (store, jwe) = (store.clone(), jwe.clone());
            std::thread::spawn(move || {
                // One opener per thread: as if on N machines sharing one store.
                code(opener().with_store(store).open(&jwe, NOW))
            })
        })
        .collect();
    let mut codes: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    codes.sort_unstable();
    let mut want = vec!["REPLAYED"; N - 1];
    want.insert(0, "OK");
    assert_eq!(codes, want);
    // All passed the read-only check; all authenticated and asked to record.
    assert_eq!(store.seen.load(Ordering::SeqCst), N);
    assert_eq!(store.record.load(Ordering::SeqCst), N);
}

/// A store that fails at one step.
struct Fails {
    seen: bool,
    record: bool,
    recorded: AtomicUsize,
}

impl ReplayStore for Fails {
    fn seen(&self, _: &str, _: u64) -> Result<bool, StoreUnavailable> {
        if self.seen {
            Err(StoreUnavailable)
        } else {
            Ok(false)
        }
    }
    fn record(&self, _: &str, _: u64, _: u64) -> Result<bool, StoreUnavailable> {
        if self.record {
            return Err(StoreUnavailable);
        }
        self.recorded.fetch_add(1, Ordering::SeqCst);
        Ok(true)
    }
}

#[test]
fn a_store_failing_at_either_step_opens_nothing() {
    let fails = |seen, record| {
        opener().with_store(Fails {
            seen,
            record,
            recorded: AtomicUsize::new(0),
        })
    };
    let jwe = sealed(4, NOW);
    assert_eq!(
        code(fails(true, false).open(&jwe, NOW)),
        "REPLAY_STORE_UNAVAILABLE"
    );
    // Authentic, but the record cannot be made: still refused (fail closed).
    assert_eq!(
        code(fails(false, true).open(&jwe, NOW)),
        "REPLAY_STORE_UNAVAILABLE"
    );
    // A forgery never reaches the record, so a failing record does not show.
    assert_eq!(
        code(fails(false, true).open(&forged(&jwe, 1), NOW)),
        "CANNOT_OPEN"
    );
    let ok = fails(false, false);
    assert_eq!(code(ok.open(&jwe, NOW)), "OK");
    assert_eq!(ok.store().recorded.load(Ordering::SeqCst), 1);
}

#[test]
fn stores_behind_references_and_boxes() {
    let shared = MemoryReplayStore::new();
    let jwe = sealed(5, NOW);
    assert_eq!(code(opener().with_store(&shared).open(&jwe, NOW)), "OK");
    let boxed: Box<dyn ReplayStore> = Box::new(&shared);
    assert_eq!(code(opener().with_store(boxed).open(&jwe, NOW)), "REPLAYED");
}
