//! [`RedisReplayStore`]: one replay guard shared by every opener on every machine
//! (feature `redis`).
//!
//! - the early check is `EXISTS <prefix><jti>` (read-only);
//! - the record, once the JWE is authentic, is `SET <prefix><jti> 1 NX PX <ms>`, atomic
//!   insert-if-absent, expiring when the JWE would be stale anyway. The expiry is
//!   relative (`PX`), so Redis's clock does not matter; the openers' clocks still should
//!   agree (NTP), since each checks `iat` against its own;
//! - with `replicas` N > 0, `WAIT N <wait_ms>` in the same round trip: the `jti` counts
//!   as recorded only once N replicas have acknowledged the write, so that a replica
//!   promoted after the primary dies has it. Fewer acknowledgements is the store being
//!   unavailable (fail closed). The `SET` stays on the primary even then: that JWE is
//!   refused now, and the same JWE sent again is `REPLAYED` (or, on a promoted replica
//!   that never got it, opens once: it never opened before). docs/FORMAT.md says what is
//!   and is not guaranteed.
//!
//! The Redis is one server (`redis://`, `rediss://`) or the primary that Redis Sentinel
//! names (`redis+sentinel://`), found again after a failover (src/sentinel.rs); the URL
//! forms are in src/redis_url.rs. Connections are pooled (idle ones are reused) and every
//! connect, read and write has a timeout. Any failure is [`StoreUnavailable`]: the opener
//! refuses the JWE with `REPLAY_STORE_UNAVAILABLE` and opens nothing (fail closed).

use crate::redis_url::{self, Target};
use crate::replay::{ReplayStore, StoreUnavailable};
use crate::sentinel::Sentinels;
use redis::{Client, Connection, RedisResult, Value};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

pub use crate::redis_url::InvalidRedisUrl;

/// The key prefix unless [`RedisReplayStore::prefix`] sets another.
pub const DEFAULT_PREFIX: &str = "cardseal:jti:";
/// The connect, read and write timeout unless [`RedisReplayStore::timeout`] sets another.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(500);
/// How long `WAIT` may take unless the URL's `wait_ms=` or [`RedisReplayStore::wait`]
/// says otherwise.
pub const DEFAULT_WAIT: Duration = Duration::from_millis(500);
/// At most this many idle connections are kept for reuse; busier moments open more and
/// close them after use.
const MAX_IDLE: usize = 32;

/// A [`ReplayStore`] in Redis, shared by every opener that points at the same server and
/// prefix.
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use cardseal_open::{Opener, PrivateKey, RedisReplayStore};
/// # let pem = "";
/// // One Redis, an ACL user:
/// let store = RedisReplayStore::new("redis://cardseal:PASSWORD@127.0.0.1:6379/0")?;
/// // Or the primary three sentinels name, each record confirmed on one replica:
/// let store = RedisReplayStore::new(
///     "redis+sentinel://cardseal:PASSWORD@10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379/mymaster?replicas=1&wait_ms=200",
/// )?;
/// let opener = Opener::new(PrivateKey::import(pem)?).with_store(store);
/// # Ok(()) }
/// ```
pub struct RedisReplayStore {
    target: Where,
    prefix: String,
    timeout: Duration,
    replicas: u32,
    wait: Duration,
    idle: Mutex<Pool>,
}

enum Where {
    Direct(Client),
    Sentinel(Sentinels),
}

/// Idle connections, and the generation they belong to: an error anywhere starts a new
/// generation, and a connection of an older one is closed instead of being reused.
#[derive(Default)]
struct Pool {
    generation: u64,
    conns: Vec<Connection>,
}

impl core::fmt::Debug for RedisReplayStore {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Not the connection info: it may hold a password.
        let mut d = f.debug_struct("RedisReplayStore");
        if let Where::Sentinel(s) = &self.target {
            d.field("master", &s.master())
                .field("sentinels", &s.count());
        }
        d.field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .field("replicas", &self.replicas)
            .field("wait", &self.wait)
            .field("idle", &self.pool().conns.len())
            .finish_non_exhaustive()
    }
}

impl RedisReplayStore {
    /// A store on the Redis at `url`: `redis://[[USER]:PASSWORD@]HOST:PORT[/DB]`, the same
    /// with `rediss://` for TLS, or
    /// `redis+sentinel://[[USER]:PASSWORD@]HOST:PORT[,HOST:PORT…]/MASTER[/DB]` (and
    /// `rediss+sentinel://`) for the primary that Redis Sentinel names; optional
    /// parameters `?replicas=N&wait_ms=M&ca=FILE` (src/redis_url.rs). A sentinel URL
    /// waits for 1 replica unless `replicas=` says otherwise. Nothing is connected yet:
    /// the first check connects, and a Redis that cannot be reached then makes that
    /// check fail closed.
    pub fn new(url: &str) -> Result<RedisReplayStore, InvalidRedisUrl> {
        let url = redis_url::parse(url)?;
        let (target, replicas) = match url.target {
            Target::Direct(c) => (Where::Direct(c), url.replicas.unwrap_or(0)),
            Target::Sentinel(s) => (
                Where::Sentinel(Sentinels::new(s)),
                url.replicas.unwrap_or(1),
            ),
        };
        Ok(RedisReplayStore {
            target,
            prefix: DEFAULT_PREFIX.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            replicas,
            wait: url.wait.unwrap_or(DEFAULT_WAIT),
            idle: Mutex::new(Pool::default()),
        })
    }

    /// Sets the key prefix (default [`DEFAULT_PREFIX`]); openers that must refuse each
    /// other's replays use the same one.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Sets the timeout of each connect, read and write (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets how many replicas must acknowledge a record (`WAIT`) before it counts
    /// (default: the URL's `replicas=`, else 0 for one Redis and 1 with Sentinel).
    pub fn replicas(mut self, replicas: u32) -> Self {
        self.replicas = replicas.min(redis_url::MAX_REPLICAS);
        self
    }

    /// Sets how long `WAIT` may take (default: the URL's `wait_ms=`, else
    /// [`DEFAULT_WAIT`]); at least 1 ms (`WAIT` with 0 would block for ever).
    pub fn wait(mut self, wait: Duration) -> Self {
        self.wait = wait.clamp(Duration::from_millis(1), redis_url::MAX_WAIT);
        self
    }

    /// How many replicas must acknowledge a record before it counts.
    pub fn replica_count(&self) -> u32 {
        self.replicas
    }

    /// Asks Redis for a `PING`: whether it answers now.
    pub fn ping(&self) -> Result<(), StoreUnavailable> {
        self.run(true, |c| redis::cmd("PING").query::<String>(c).map(drop))
    }

    fn key(&self, jti: &str) -> String {
        let mut key = String::with_capacity(self.prefix.len() + jti.len());
        key.push_str(&self.prefix);
        key.push_str(jti);
        key
    }

    fn pool(&self) -> MutexGuard<'_, Pool> {
        // A poisoned lock only means another thread panicked while holding it; the list
        // of idle connections is still a list.
        self.idle.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn connect(&self) -> RedisResult<Connection> {
        // A read may wait for WAIT too.
        let io = self.timeout
            + if self.replicas > 0 {
                self.wait
            } else {
                Duration::ZERO
            };
        match &self.target {
            Where::Direct(client) => crate::sentinel::open(client, self.timeout, io),
            Where::Sentinel(s) => s.connect(self.timeout, io),
        }
    }

    /// After an error: the idle connections are closed (the server has probably gone,
    /// restarted or been demoted) and, with Sentinel, the primary is asked for again.
    fn reset(&self) {
        let mut pool = self.pool();
        pool.generation = pool.generation.wrapping_add(1);
        pool.conns.clear();
        drop(pool);
        if let Where::Sentinel(s) = &self.target {
            s.forget();
        }
    }

    /// Runs `f` on an idle connection, or a new one. After an error the connection is
    /// closed and so are the idle ones. When `retry`, a dropped pooled connection is
    /// replaced once by a new one: only for read-only commands, since a write may have
    /// been applied before the drop.
    fn run<T>(
        &self,
        retry: bool,
        f: impl Fn(&mut Connection) -> RedisResult<T>,
    ) -> Result<T, StoreUnavailable> {
        let (pooled, generation) = {
            let mut pool = self.pool();
            (pool.conns.pop(), pool.generation)
        };
        let was_pooled = pooled.is_some();
        let fresh = |store: &Self| {
            store.connect().map_err(|_| {
                store.reset();
                StoreUnavailable
            })
        };
        let mut conn = match pooled {
            Some(c) => c,
            None => fresh(self)?,
        };
        let result = match f(&mut conn) {
            Err(e) if retry && was_pooled && e.is_connection_dropped() && !e.is_timeout() => {
                self.reset();
                conn = fresh(self)?;
                f(&mut conn)
            }
            r => r,
        };
        match result {
            Ok(v) => {
                let mut pool = self.pool();
                if pool.generation == generation && pool.conns.len() < MAX_IDLE {
                    pool.conns.push(conn);
                }
                Ok(v)
            }
            Err(_) => {
                self.reset();
                Err(StoreUnavailable)
            }
        }
    }
}

impl ReplayStore for RedisReplayStore {
    fn seen(&self, jti: &str, _now: u64) -> Result<bool, StoreUnavailable> {
        let key = self.key(jti);
        self.run(true, |c| redis::cmd("EXISTS").arg(&key).query::<i64>(c))
            .map(|n| n > 0)
    }

    fn record(&self, jti: &str, now: u64, expires_at: u64) -> Result<bool, StoreUnavailable> {
        let key = self.key(jti);
        let ms = expires_at.saturating_sub(now).max(1).saturating_mul(1000);
        let mut pipe = redis::pipe();
        pipe.cmd("SET").arg(&key).arg(1).arg("NX").arg("PX").arg(ms);
        if self.replicas > 0 {
            let wait_ms = u64::try_from(self.wait.as_millis())
                .unwrap_or(u64::MAX)
                .max(1);
            pipe.cmd("WAIT").arg(self.replicas).arg(wait_ms);
        }
        let replies = self.run(false, |c| pipe.query::<Vec<Value>>(c))?;
        let acked = match replies.get(1) {
            None if self.replicas == 0 => true,
            Some(Value::Int(n)) => u32::try_from(*n).is_ok_and(|n| n >= self.replicas),
            _ => false,
        };
        match replies.first() {
            // nil: the key was already there, a replay, however far it replicated.
            Some(Value::Nil) => Ok(false),
            // "OK": this call set it; it counts once enough replicas have it.
            Some(Value::Okay) if acked => Ok(true),
            _ => Err(StoreUnavailable),
        }
    }
}
