//! A token-bucket rate limit per key (a credential, a client address) in bounded memory.
//!
//! Each key has a bucket of `burst` tokens that refills at `rate` tokens a second; a
//! request takes one, and a request that finds none is told how long until one is back
//! (the `Retry-After`). At most `max_keys` buckets are kept: when a new key finds the
//! table full, the buckets that have refilled (which say nothing a fresh one would not)
//! are dropped; if every bucket is still in use, the new key is refused for a second
//! rather than the table growing.
//!
//! Time is passed in (seconds since any fixed instant), so the tests use a fixed clock.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// How fast and how much.
#[derive(Clone, Copy)]
pub struct Rate {
    /// tokens a second
    pub per_second: f64,
    /// the bucket's size: how many requests may come at once
    pub burst: f64,
}

struct Bucket {
    tokens: f64,
    at: f64,
}

/// Token buckets by key.
pub struct Limiter<K> {
    rate: Rate,
    max_keys: usize,
    buckets: Mutex<HashMap<K, Bucket>>,
}

impl<K: Eq + Hash> Limiter<K> {
    /// An empty limiter keeping at most `max_keys` buckets.
    pub fn new(rate: Rate, max_keys: usize) -> Self {
        Limiter {
            rate,
            max_keys,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token from `key`'s bucket at time `now` (seconds): `Ok`, or `Err(seconds)`
    /// to wait before the next request can pass (at least 1).
    pub fn take(&self, key: K, now: f64) -> Result<(), u64> {
        let Ok(mut buckets) = self.buckets.lock() else {
            return Err(1);
        };
        let rate = self.rate;
        if !buckets.contains_key(&key) && buckets.len() >= self.max_keys {
            buckets.retain(|_, b| Self::level(rate, b, now) < rate.burst);
            if buckets.len() >= self.max_keys {
                return Err(1);
            }
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: rate.burst,
            at: now,
        });
        bucket.tokens = Self::level(rate, bucket, now);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / rate.per_second;
            Err((wait.ceil() as u64).max(1))
        }
    }

    /// The bucket's tokens at `now`, refilled since it was last seen.
    fn level(rate: Rate, b: &Bucket, now: f64) -> f64 {
        (b.tokens + (now - b.at).max(0.0) * rate.per_second).min(rate.burst)
    }

    /// How many buckets are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.buckets.lock().map(|b| b.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: Rate = Rate {
        per_second: 2.0,
        burst: 3.0,
    };

    #[test]
    fn a_burst_then_the_rate_and_how_long_to_wait() {
        let l = Limiter::new(RATE, 10);
        for _ in 0..3 {
            assert_eq!(l.take("a", 0.0), Ok(()));
        }
        assert_eq!(l.take("a", 0.0), Err(1));
        // Another key has its own bucket.
        assert_eq!(l.take("b", 0.0), Ok(()));
        // Half a second later one token is back (2 a second), and only one.
        assert_eq!(l.take("a", 0.5), Ok(()));
        assert_eq!(l.take("a", 0.5), Err(1));
        // A slow rate says how long.
        let slow = Limiter::new(
            Rate {
                per_second: 0.1,
                burst: 1.0,
            },
            10,
        );
        assert_eq!(slow.take(1, 0.0), Ok(()));
        assert_eq!(slow.take(1, 0.0), Err(10));
        assert_eq!(slow.take(1, 5.0), Err(5));
        assert_eq!(slow.take(1, 10.0), Ok(()));
    }

    #[test]
    fn memory_is_bounded_and_refilled_buckets_make_room() {
        let l = Limiter::new(RATE, 4);
        for k in 0..4 {
            assert_eq!(l.take(k, 0.0), Ok(()));
        }
        // Full of buckets in use: a new key waits rather than the table growing.
        assert_eq!(l.take(99, 0.1), Err(1));
        assert_eq!(l.len(), 4);
        // Once they have refilled they are dropped, and the new key gets its bucket.
        assert_eq!(l.take(99, 10.0), Ok(()));
        assert_eq!(l.len(), 1);
        // Ten thousand addresses at once keep the table at its bound.
        let many = Limiter::new(RATE, 100);
        for k in 0..10_000u32 {
            let _ = many.take(k, 0.0);
        }
        assert_eq!(many.len(), 100);
    }
}
