//! The replay guard: every `jti` is remembered until its JWE would be stale anyway.
//!
//! One process can use [`MemoryReplayStore`]. Several machines behind a load balancer
//! must share one store, or a JWE refused on one machine opens on another: implement
//! [`ReplayStore`] over Redis with `SET <prefix><jti> 1 NX EXAT <expires_at>` (see the
//! crate README).

use std::collections::HashMap;
use std::sync::Mutex;

/// The store could not answer (e.g. the network to Redis is down). The opener then
/// refuses the JWE: it fails closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreUnavailable;

/// A set of `jti` values, each with an expiry time.
pub trait ReplayStore {
    /// Atomically records `jti` until `expires_at` (Unix seconds) and returns `Ok(true)`
    /// if it was not already recorded (or its record had expired at `now`), `Ok(false)`
    /// if it was: a replay.
    fn first_use(&self, jti: &str, now: u64, expires_at: u64) -> Result<bool, StoreUnavailable>;
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
        self.inner.lock().map_or(0, |i| i.seen.len())
    }

    /// Whether the store holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl ReplayStore for MemoryReplayStore {
    fn first_use(&self, jti: &str, now: u64, expires_at: u64) -> Result<bool, StoreUnavailable> {
        // A poisoned lock only means another thread panicked mid-insert; the map is
        // still a valid map.
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
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
        assert_eq!(s.first_use("a", 100, 200), Ok(true));
        assert_eq!(s.first_use("a", 150, 250), Ok(false));
        assert_eq!(s.first_use("b", 150, 250), Ok(true));
        assert_eq!(s.first_use("a", 200, 300), Ok(true), "expired at 200");
        assert_eq!(s.first_use("a", 299, 400), Ok(false));
    }

    #[test]
    fn sweeps_expired_entries() {
        let s = MemoryReplayStore::new();
        for i in 0..100u64 {
            s.first_use(&i.to_string(), 0, 10).unwrap();
        }
        assert_eq!(s.len(), 100);
        s.first_use("late", 1_000, 2_000).unwrap();
        assert_eq!(s.len(), 1);
    }
}
