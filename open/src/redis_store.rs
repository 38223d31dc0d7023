//! [`RedisReplayStore`]: one replay guard shared by every opener on every machine
//! (feature `redis`).
//!
//! - the early check is `EXISTS <prefix><jti>` (read-only);
//! - the record, once the JWE is authentic, is `SET <prefix><jti> 1 NX PX <ms>`, atomic
//!   insert-if-absent, expiring when the JWE would be stale anyway. The expiry is
//!   relative (`PX`), so Redis's clock does not matter; the openers' clocks still should
//!   agree (NTP), since each checks `iat` against its own.
//!
//! Connections are pooled (idle ones are reused) and every connect, read and write has a
//! timeout. Any failure is [`StoreUnavailable`]: the opener refuses the JWE with
//! `REPLAY_STORE_UNAVAILABLE` and opens nothing (fail closed).

use crate::replay::{ReplayStore, StoreUnavailable};
use redis::{Client, Connection, RedisResult};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// The key prefix unless [`RedisReplayStore::prefix`] sets another.
pub const DEFAULT_PREFIX: &str = "cardseal:jti:";
/// The connect, read and write timeout unless [`RedisReplayStore::timeout`] sets another.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(500);
/// At most this many idle connections are kept for reuse; busier moments open more and
/// close them after use.
const MAX_IDLE: usize = 32;

/// The `--replay-store` value is not a `redis://HOST:PORT[/DB]` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRedisUrl;

impl core::fmt::Display for InvalidRedisUrl {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // The URL itself is not repeated: it may hold a password.
        f.write_str("not a redis://HOST:PORT[/DB] URL")
    }
}

impl std::error::Error for InvalidRedisUrl {}

/// A [`ReplayStore`] in Redis, shared by every opener that points at the same server and
/// prefix.
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use cardseal_open::{Opener, PrivateKey, RedisReplayStore};
/// # let pem = "";
/// let store = RedisReplayStore::new("redis://127.0.0.1:6379/0")?;
/// let opener = Opener::new(PrivateKey::import(pem)?).with_store(store);
/// # Ok(()) }
/// ```
pub struct RedisReplayStore {
    client: Client,
    prefix: String,
    timeout: Duration,
    idle: Mutex<Vec<Connection>>,
}

impl core::fmt::Debug for RedisReplayStore {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Not the connection info: it may hold a password.
        f.debug_struct("RedisReplayStore")
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .field("idle", &self.pool().len())
            .finish_non_exhaustive()
    }
}

impl RedisReplayStore {
    /// A store on the Redis at `url`, `redis://HOST:PORT[/DB]` (a password may be given
    /// as `redis://:PASSWORD@HOST:PORT`). Nothing is connected yet: the first check
    /// connects, and a Redis that cannot be reached then makes that check fail closed.
    pub fn new(url: &str) -> Result<RedisReplayStore, InvalidRedisUrl> {
        if !url.starts_with("redis://") {
            return Err(InvalidRedisUrl);
        }
        let client = Client::open(url).map_err(|_| InvalidRedisUrl)?;
        Ok(RedisReplayStore {
            client,
            prefix: DEFAULT_PREFIX.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            idle: Mutex::new(Vec::new()),
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

    fn pool(&self) -> MutexGuard<'_, Vec<Connection>> {
        // A poisoned lock only means another thread panicked while holding it; the list
        // of idle connections is still a list.
        self.idle.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn connect(&self) -> RedisResult<Connection> {
        let conn = self.client.get_connection_with_timeout(self.timeout)?;
        conn.set_read_timeout(Some(self.timeout))?;
        conn.set_write_timeout(Some(self.timeout))?;
        Ok(conn)
    }

    /// Runs `f` on an idle connection, or a new one. After an error the connection is
    /// closed and so are the idle ones (the server has probably gone or restarted). When
    /// `retry`, a dropped pooled connection is replaced once by a new one: only for
    /// read-only commands, since a write may have been applied before the drop.
    fn run<T>(
        &self,
        retry: bool,
        f: impl Fn(&mut Connection) -> RedisResult<T>,
    ) -> Result<T, StoreUnavailable> {
        let pooled = self.pool().pop();
        let was_pooled = pooled.is_some();
        let mut conn = match pooled {
            Some(c) => c,
            None => self.connect().map_err(|_| StoreUnavailable)?,
        };
        let result = match f(&mut conn) {
            Err(e) if retry && was_pooled && e.is_connection_dropped() && !e.is_timeout() => {
                self.pool().clear();
                conn = self.connect().map_err(|_| StoreUnavailable)?;
                f(&mut conn)
            }
            r => r,
        };
        match result {
            Ok(v) => {
                let mut idle = self.pool();
                if idle.len() < MAX_IDLE {
                    idle.push(conn);
                }
                Ok(v)
            }
            Err(_) => {
                self.pool().clear();
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
        let reply = self.run(false, |c| {
            redis::cmd("SET")
                .arg(&key)
                .arg(1)
                .arg("NX")
                .arg("PX")
                .arg(ms)
                .query::<redis::Value>(c)
        })?;
        match reply {
            // "OK" when this call set it; nil when the key was already there.
            redis::Value::Okay => Ok(true),
            redis::Value::Nil => Ok(false),
            _ => Err(StoreUnavailable),
        }
    }
}
