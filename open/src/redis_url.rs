//! The replay-store URL (`--replay-store`, [`crate::RedisReplayStore::new`]), parsed once:
//!
//! - `redis://[[USER]:PASSWORD@]HOST:PORT[/DB]` — one Redis; `USER` is an ACL user,
//!   `redis://:PASSWORD@…` the default user;
//! - `rediss://…` — the same over TLS (the server's certificate is always verified);
//! - `redis+sentinel://[[USER]:PASSWORD@]HOST:PORT[,HOST:PORT…]/MASTER[/DB]` — the primary
//!   that Redis Sentinel names for `MASTER`, found again after a failover;
//!   `rediss+sentinel://…` talks TLS to the sentinels and to the data nodes. The
//!   credentials are given to both.
//!
//! and the parameters, all optional: `replicas=N` (a `jti` counts as recorded only once
//! `WAIT` confirms N replicas have it; default 0, and 1 for a sentinel URL), `wait_ms=M`
//! (how long `WAIT` may take), `ca=FILE` (PEM roots for `rediss`, instead of the system's).
//! An unknown parameter is refused, so that a misspelt `replica=1` cannot silently weaken
//! the guarantee. No error repeats the URL: it may hold a password.

use redis::{Client, ConnectionInfo, IntoConnectionInfo, TlsCertificates};
use std::time::Duration;

/// The `--replay-store` value is not a replay-store URL; the text says what is wrong (never
/// the URL itself, which may hold a password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRedisUrl(&'static str);

impl core::fmt::Display for InvalidRedisUrl {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for InvalidRedisUrl {}

const NOT_A_URL: InvalidRedisUrl = InvalidRedisUrl(
    "not a redis://HOST:PORT[/DB], rediss://… or redis+sentinel://HOST:PORT[,HOST:PORT…]/MASTER URL",
);

/// The most replicas `replicas=` may ask for.
pub const MAX_REPLICAS: u32 = 16;
/// The longest `wait_ms=`.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

/// A parsed replay-store URL. Holds the password: never printed.
pub(crate) struct StoreUrl {
    pub(crate) target: Target,
    /// `replicas=`, if given
    pub(crate) replicas: Option<u32>,
    /// `wait_ms=`, if given
    pub(crate) wait: Option<Duration>,
}

/// Where the data lives.
pub(crate) enum Target {
    /// one Redis
    Direct(Client),
    /// the primary that the sentinels name
    Sentinel(SentinelUrl),
}

/// A sentinel URL's parts.
pub(crate) struct SentinelUrl {
    /// each sentinel, with the credentials and TLS (DB 0: sentinels have no databases)
    pub(crate) sentinels: Vec<Client>,
    /// the master name the sentinels monitor
    pub(crate) master: String,
    /// how to reach a data node: `scheme://[userinfo@]` … `/DB`
    scheme: &'static str,
    userinfo: String,
    db: String,
    ca: Option<Vec<u8>>,
}

impl SentinelUrl {
    /// A client for the data node at `ip:port`, with the URL's credentials, DB and TLS.
    pub(crate) fn node(&self, ip: &str, port: u16) -> redis::RedisResult<Client> {
        let host = if ip.contains(':') {
            format!("[{ip}]")
        } else {
            ip.to_owned()
        };
        let url = format!(
            "{}://{}{host}:{port}/{}",
            self.scheme, self.userinfo, self.db
        );
        client(url.as_str(), self.ca.as_deref())
    }
}

fn client<T: IntoConnectionInfo>(info: T, ca: Option<&[u8]>) -> redis::RedisResult<Client> {
    match ca {
        Some(pem) => Client::build_with_tls(
            info,
            TlsCertificates {
                client_tls: None,
                root_cert: Some(pem.to_vec()),
            },
        ),
        None => Client::open(info),
    }
}

/// Parses `url` (see the module docs).
pub(crate) fn parse(url: &str) -> Result<StoreUrl, InvalidRedisUrl> {
    if url.contains('#') {
        // The redis crate reads `#insecure` as "do not verify the certificate".
        return Err(InvalidRedisUrl(
            "a replay-store URL takes no #fragment (TLS certificates are always verified)",
        ));
    }
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut replicas = None;
    let mut wait = None;
    let mut ca_file = None;
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        match &*k {
            "replicas" => {
                replicas = Some(
                    v.parse::<u32>()
                        .ok()
                        .filter(|n| *n <= MAX_REPLICAS)
                        .ok_or(InvalidRedisUrl("replicas= must be a number from 0 to 16"))?,
                )
            }
            "wait_ms" => {
                wait = Some(
                    v.parse::<u64>()
                        .ok()
                        .map(Duration::from_millis)
                        .filter(|d| !d.is_zero() && *d <= MAX_WAIT)
                        .ok_or(InvalidRedisUrl(
                            "wait_ms= must be a number of milliseconds from 1 to 60000",
                        ))?,
                )
            }
            "ca" => ca_file = Some(v.into_owned()),
            _ => {
                return Err(InvalidRedisUrl(
                    "unknown parameter: a replay-store URL takes replicas=, wait_ms= and ca=",
                ))
            }
        }
    }
    let (scheme, rest) = base.split_once("://").ok_or(NOT_A_URL)?;
    let (tls, sentinel) = match scheme {
        "redis" => (false, false),
        "rediss" => (true, false),
        "redis+sentinel" => (false, true),
        "rediss+sentinel" => (true, true),
        _ => return Err(NOT_A_URL),
    };
    let ca = match ca_file {
        Some(_) if !tls => return Err(InvalidRedisUrl("ca= is for rediss:// URLs only")),
        Some(path) => Some(
            std::fs::read(&path)
                .map_err(|_| InvalidRedisUrl("ca=: the certificate file cannot be read"))?,
        ),
        None => None,
    };
    let target = if sentinel {
        Target::Sentinel(parse_sentinel(rest, tls, ca)?)
    } else {
        let info: ConnectionInfo = base.into_connection_info().map_err(|_| NOT_A_URL)?;
        Target::Direct(client(info, ca.as_deref()).map_err(|_| NOT_A_URL)?)
    };
    Ok(StoreUrl {
        target,
        replicas,
        wait,
    })
}

/// `[userinfo@]HOST:PORT[,HOST:PORT…]/MASTER[/DB]`
fn parse_sentinel(
    rest: &str,
    tls: bool,
    ca: Option<Vec<u8>>,
) -> Result<SentinelUrl, InvalidRedisUrl> {
    const BAD: InvalidRedisUrl = InvalidRedisUrl(
        "a sentinel URL is redis+sentinel://[USER:PASSWORD@]HOST:PORT[,HOST:PORT…]/MASTER[/DB]",
    );
    let (authority, path) = rest.split_once('/').ok_or(BAD)?;
    let (userinfo, hosts) = match authority.rsplit_once('@') {
        Some((u, h)) => (format!("{u}@"), h),
        None => (String::new(), authority),
    };
    let (master, db) = path.split_once('/').unwrap_or((path, "0"));
    let master_ok = !master.is_empty()
        && master
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if !master_ok || db.parse::<u16>().is_err() || hosts.is_empty() {
        return Err(BAD);
    }
    let scheme = if tls { "rediss" } else { "redis" };
    let sentinels = hosts
        .split(',')
        .map(|h| {
            if h.is_empty() || h.contains('/') {
                return Err(BAD);
            }
            let info = format!("{scheme}://{userinfo}{h}/")
                .into_connection_info()
                .map_err(|_| BAD)?;
            client(info, ca.as_deref()).map_err(|_| BAD)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SentinelUrl {
        sentinels,
        master: master.to_owned(),
        scheme,
        userinfo,
        db: db.to_owned(),
        ca,
    })
}
