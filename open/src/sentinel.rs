//! Finding the current primary through Redis Sentinel, with a timeout on every connect,
//! read and write (the redis crate's own `sentinel` feature has none on its synchronous
//! path, so a sentinel that stops answering would hang an opener).
//!
//! The lookup follows the Sentinel client specification: ask each sentinel in turn
//! `SENTINEL GET-MASTER-ADDR-BY-NAME <master>`; connect to the address the first one
//! names and check with `ROLE` that it is a primary (a sentinel's view may be stale);
//! otherwise go on to the next sentinel. The primary found is kept until a command on it
//! fails (connection lost, `READONLY` after it was demoted, `NOREPLICAS`, a timeout):
//! then [`Sentinels::forget`] drops it and the next connection asks the sentinels again.

use crate::redis_url::SentinelUrl;
use redis::{Client, Connection, RedisResult, Value};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// The sentinels of one master name, and the primary they last named.
pub(crate) struct Sentinels {
    url: SentinelUrl,
    current: Mutex<Option<Client>>,
}

impl Sentinels {
    pub(crate) fn new(url: SentinelUrl) -> Sentinels {
        Sentinels {
            url,
            current: Mutex::new(None),
        }
    }

    /// The master name.
    pub(crate) fn master(&self) -> &str {
        &self.url.master
    }

    /// How many sentinels are asked.
    pub(crate) fn count(&self) -> usize {
        self.url.sentinels.len()
    }

    fn current(&self) -> MutexGuard<'_, Option<Client>> {
        // Poisoned only if a thread panicked holding it; the value is still an Option.
        self.current.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Forgets the primary: the next [`Sentinels::connect`] asks the sentinels.
    pub(crate) fn forget(&self) {
        *self.current() = None;
    }

    /// A connection to the current primary, with `timeout` on the connect and on each
    /// sentinel exchange and `io` as its read and write timeout.
    pub(crate) fn connect(&self, timeout: Duration, io: Duration) -> RedisResult<Connection> {
        let known = self.current().clone();
        if let Some(client) = known {
            return open(&client, timeout, io);
        }
        let mut last = None;
        for sentinel in &self.url.sentinels {
            match self.ask(sentinel, timeout, io) {
                Ok((client, conn)) => {
                    *self.current() = Some(client);
                    return Ok(conn);
                }
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| {
            redis::RedisError::from((redis::ErrorKind::InvalidClientConfig, "no sentinel"))
        }))
    }

    /// Asks one sentinel for the primary, connects to it and checks its role.
    fn ask(
        &self,
        sentinel: &Client,
        timeout: Duration,
        io: Duration,
    ) -> RedisResult<(Client, Connection)> {
        let mut s = open(sentinel, timeout, timeout)?;
        let addr: Option<(String, u16)> = redis::cmd("SENTINEL")
            .arg("GET-MASTER-ADDR-BY-NAME")
            .arg(&self.url.master)
            .query(&mut s)?;
        let Some((ip, port)) = addr else {
            return Err(error("the sentinel does not know the master name"));
        };
        let client = self.url.node(&ip, port)?;
        let mut conn = open(&client, timeout, io)?;
        if !is_primary(&redis::cmd("ROLE").query::<Value>(&mut conn)?) {
            return Err(error("the node the sentinel named is not a primary"));
        }
        Ok((client, conn))
    }
}

/// Whether a `ROLE` reply says "master".
fn is_primary(role: &Value) -> bool {
    match role {
        Value::Array(items) => matches!(
            items.first(),
            Some(Value::BulkString(b)) if b.as_slice() == b"master"
        ),
        _ => false,
    }
}

fn error(what: &'static str) -> redis::RedisError {
    redis::RedisError::from((redis::ErrorKind::Io, what))
}

/// A connection to `client` with a connect timeout and read and write timeouts.
pub(crate) fn open(client: &Client, timeout: Duration, io: Duration) -> RedisResult<Connection> {
    let conn = client.get_connection_with_timeout(timeout)?;
    conn.set_read_timeout(Some(io))?;
    conn.set_write_timeout(Some(io))?;
    Ok(conn)
}
