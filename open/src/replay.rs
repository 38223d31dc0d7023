//! The replay guard: every `jti` that opened is remembered until its JWE would be stale
//! anyway.
//!
//! [`crate::Opener::open`] asks the store twice. Before any RSA work it asks, read-only,
//! whether the `jti` is recorded ([`ReplayStore::seen`]): a replay costs no private-key
//! operation. Only after the AES-GCM tag has verified does it record the `jti`, atomically
//! and only if absent ([`ReplayStore::record`]): of two copies racing past the first
//! check, exactly one opens, and a forgery (a genuine header with a made-up body) records
//! nothing, so it can neither use up a genuine JWE's `jti` nor fill the store.
//!
//! One process can use [`MemoryReplayStore`]. Several machines behind a load balancer
//! must share one store, or a JWE refused on one machine opens on another: use
//! `RedisReplayStore` (the `redis` feature) or implement [`ReplayStore`] over another
//! shared store.

use std::collections::HashMap;
use std::sync::Mutex;

/// The store could not answer (e.g. the network to Redis is down). The opener then
/// refuses the JWE: it fails closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreUnavailable;

/// A set of `jti` values, each with an expiry time (Unix seconds).
pub trait ReplayStore {
    /// Whether `jti` is recorded and its record has not expired at `now`. Read-only: it
    /// must record nothing, since it runs before the JWE is authenticated.
    fn seen(&self, jti: &str, now: u64) -> Result<bool, StoreUnavailable>;

    /// Records `jti` until `expires_at`, atomically and only if it is not recorded (or
    /// its record had expired at `now`). `Ok(true)`: this call recorded it, the JWE is
    /// the first use. `Ok(false)`: it was already there, a replay (for example another
    /// copy that raced past [`ReplayStore::seen`] and was recorded first).
    fn record(&self, jti: &str, now: u64, expires_at: u64) -> Result<bool, StoreUnavailable>;
}

impl<T: ReplayStore + ?Sized> ReplayStore for &T {
    fn seen(&self, jti: &str, now: u64) -> Result<bool, StoreUnavailable> {
        (**self).seen(jti, now)
    }
    fn record(&self, jti: &str, now: u64, expires_at: u64) -> Result<bool, StoreUnavailable> {
        (**self).record(jti, now, expires_at)
    }
}

impl<T: ReplayStore + ?Sized> ReplayStore for Box<T> {
    fn seen(&self, jti: &str, now: u64) -> Result<bool, StoreUnavailable> {
        (**self).seen(jti, now)
    }
    fn record(&self, jti: &str, now: u64, expires_at: u64) -> Result<bool, StoreUnavailable> {
        (**self).record(jti, now, expires_at)
    }
}

impl<T: ReplayStore + ?Sized> ReplayStore for std::sync::Arc<T> {
    fn seen(&self, jti: &str, now: u64) -> Result<bool, StoreUnavailable> {
        (**self).seen(jti, now)
    }
    fn record(&self, jti: &str, now: u64, expires_at: u64) -> Result<bool, StoreUnavailable> {
        (**self).record(jti, now, expires_at)
    }
}

/// Expired entries are swept at most this often (seconds), so the sweep costs O(1)
/// amortised per insert.
const SWEEP_EVERY: u64 = 30;

/// An in-memory [`ReplayStore`] for one process, with TTL.
#[derive(Debug, Default)]
pub struct MemoryReplayStore {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    seen: HashMap<String, u64>,
    next_sweep: u64,
}

impl MemoryReplayStore {
    /// An empty store.
    pub fn new() -> MemoryReplayStore {
        MemoryReplayStore::default()
    }

    /// How many `jti` values are held (expired ones until the next sweep).
    pub fn len(&self) -> usize {
        self.lock().seen.len()
    }

    /// Whether the store holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A poisoned lock only means another thread panicked mid-insert; the map is
        // still a valid map.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl ReplayStore for MemoryReplayStore {
    fn seen(&self, jti: &str, now: u64) -> Result<bool, StoreUnavailable> {
        Ok(self.lock().seen.get(jti).is_some_and(|&exp| exp > now))
    }

    fn record(&self, jti: &str, now: u64, expires_at: u64) -> Result<bool, StoreUnavailable> {
        let mut inner = self.lock();
        if now >= inner.next_sweep {
            inner.seen.retain(|_, &mut exp| exp > now);
            inner.next_sweep = now.saturating_add(SWEEP_EVERY);
        }
        match inner.seen.get_mut(jti) {
            Some(exp) if *exp > now => Ok(false),
            Some(exp) => {
                *exp = expires_at;
                Ok(true)
            }
            None => {
                inner.seen.insert(jti.to_owned(), expires_at);
                Ok(true)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_until_expiry_then_forgets() {
        let s = MemoryReplayStore::new();
        assert_eq!(s.seen("a", 100), Ok(false));
        assert_eq!(s.record("a", 100, 200), Ok(true));
        assert_eq!(s.seen("a", 150), Ok(true));
        assert_eq!(s.record("a", 150, 250), Ok(false));
        assert_eq!(s.record("b", 150, 250), Ok(true));
        assert_eq!(s.seen("a", 200), Ok(false), "expired at 200");
        assert_eq!(s.record("a", 200, 300), Ok(true));
        assert_eq!(s.record("a", 299, 400), Ok(false));
    }

    #[test]
    fn seen_records_nothing() {
        let s = MemoryReplayStore::new();
        for _ in 0..3 {
            assert_eq!(s.seen("a", 100), Ok(false));
        }
        assert!(s.is_empty());
    }

    #[test]
    fn sweeps_expired_entries() {
        let s = MemoryReplayStore::new();
        for i in 0..100u64 {
            s.record(&i.to_string(), 0, 10).unwrap();
        }
        assert_eq!(s.len(), 100);
        s.record("late", 1_000, 2_000).unwrap();
        assert_eq!(s.len(), 1);
    }
}
