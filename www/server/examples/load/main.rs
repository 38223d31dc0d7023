//! `make load`: the demo shop under load and faults, on loopback only (issue 14 part 5).
//!
//! Starts a `redis-server` (with a password generated for the run, and an ACL user for the
//! processors), two processors sharing it and the shop, each on a free loopback port,
//! with the test key pair of tests/keys/. With `LOAD_REDIS=sentinel` (`make
//! load-failover`) Redis is a primary, two replicas and three sentinels instead, and the
//! processors use `redis+sentinel://…?replicas=1`. Seals `LOAD_COUNT` checkouts
//! ahead of time with the Rust core (one in ten with the decline test card), then posts
//! them to the shop, `LOAD_CONCURRENCY` at a time, within `LOAD_SECONDS`. Meanwhile:
//!
//! - at 30 % it re-posts up to `LOAD_REPLAYS` bodies already decided, the JWE to both
//!   processors and the body to the shop: every one must be refused as a replay;
//! - at 45 % it kills Redis for `LOAD_OUTAGE_SECONDS`, then restarts it with its
//!   append-only file: checkouts in between must be refused with a clear error, none
//!   approved, and approvals must resume. With Sentinel it kills the primary (SIGKILL)
//!   for good instead: checkouts are refused until a replica is promoted, none lost and
//!   none approved twice, and the replays of checkouts decided before the kill are
//!   refused after it;
//! - at 70 % it stops processor B (SIGTERM): the shop must keep working through A.
//!
//! `LOAD_PKG` names another built package for the shop to serve (default pkg/).
//!
//! It passes the demo's doors as the shop's own page and staff would ([`doors`]): the
//! shop's API key to the processors (whose rate limit is set far above the load, which
//! measures the shop and the replay store, not the limit), a CSRF token pair with every
//! checkout, and the staff login for `/orders`. The test private key of tests/keys/ is
//! checked out readable by every user, so the processors get `--allow-world-readable-key`.
//!
//! Then it reads the shop's orders and the processors' logs and counts: orders stored,
//! approved, declined, failed, lost (must be 0) and approved twice (must be 0), with
//! throughput and p50/p99 latency. Exits 1 if any check fails. Every loop is bounded in
//! count and time; every process it started is stopped by its pid.

mod doors;
mod http;
mod procs;
#[path = "../../../../open/tests/common/redis_server.rs"]
mod redis_server;
mod report;

use procs::Service;
use rand_core::SeedableRng;
use redis_server::{Auth, RedisServer, Setup, Topology};
use report::{Events, Record};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What a run does; from the environment (see the crate docs).
pub(crate) struct Config {
    pub(crate) count: usize,
    pub(crate) concurrency: usize,
    pub(crate) seconds: u64,
    pub(crate) replays: usize,
    pub(crate) outage: Duration,
    /// `LOAD_REDIS=sentinel`: the Sentinel topology and a failover instead of one Redis
    /// and its restart
    pub(crate) sentinel: bool,
    bin: PathBuf,
    root: PathBuf,
}

fn env_num(name: &str, default: u64) -> Result<u64, String> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => v
            .parse()
            .map_err(|_| format!("{name}={v:?}: a whole number expected")),
        _ => Ok(default),
    }
}

impl Config {
    fn from_env() -> Result<Config, String> {
        let mut args = std::env::args().skip(1);
        let bin = args
            .next()
            .ok_or("usage: load CARDSEAL_DEMO_BIN (the Makefile's `make load` runs it)")?;
        Ok(Config {
            count: env_num("LOAD_COUNT", 20_000)?.clamp(1, 1_000_000) as usize,
            concurrency: env_num("LOAD_CONCURRENCY", 32)?.clamp(1, 1024) as usize,
            seconds: env_num("LOAD_SECONDS", 600)?.clamp(1, 3600),
            replays: env_num("LOAD_REPLAYS", 1000)? as usize,
            outage: Duration::from_secs(env_num("LOAD_OUTAGE_SECONDS", 3)?.clamp(1, 60)),
            sentinel: match std::env::var("LOAD_REDIS").as_deref() {
                Ok("sentinel") => true,
                Ok("" | "one") | Err(_) => false,
                Ok(other) => return Err(format!("LOAD_REDIS={other:?}: one or sentinel")),
            },
            bin: PathBuf::from(bin),
            root: Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."),
        })
    }
}

/// One checkout sealed ahead of time.
pub(crate) struct Checkout {
    pub(crate) jti: String,
    pub(crate) jwe: String,
    pub(crate) body: String,
}

/// Seals `count` checkouts to the public key with the Rust core, now; each body carries
/// the CSRF token `csrf`.
fn seal(cfg: &Config, csrf: &str) -> Result<Vec<Checkout>, String> {
    let pem = std::fs::read_to_string(cfg.root.join("tests/keys/rsa2048-spki.pem"))
        .map_err(|e| format!("public key: {e}"))?;
    let sealer = cardseal::Sealer::new(cardseal::PublicKey::import(&pem).map_err(|e| e.code())?);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| e.to_string())?;
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed.as_nanos() as u64);
    let iat = seed.as_secs();
    (0..cfg.count)
        .map(|i| {
            let (number, last4) = if i % 10 == 9 {
                ("4000 0000 0000 0002", "0002")
            } else {
                ("4242 4242 4242 4242", "4242")
            };
            let fields = cardseal::Fields::default()
                .number(number)
                .expiry("12/34")
                .cvc("123")
                .name("Load Test")
                .email("load@example.com");
            let jwe = sealer
                .seal(&fields, &mut rng, iat)
                .map_err(|e| e.code())?
                .jwe;
            let header = cardseal::b64::decode_url_strict(
                jwe.split('.').next().unwrap_or_default().as_bytes(),
            )
            .ok_or("a header that is not base64url")?;
            let header: serde_json::Value =
                serde_json::from_slice(&header).map_err(|e| e.to_string())?;
            let jti = header["jti"].as_str().ok_or("no jti")?.to_owned();
            let body = format!(
                "cardseal={jwe}&cardseal_brand=visa&cardseal_last4={last4}&lang=en\
                 &address_line1=Jl.+Beban+{i}&city=Jakarta&postal_code=10110&country=ID\
                 &csrf_token={csrf}"
            );
            Ok(Checkout { jti, jwe, body })
        })
        .collect()
}

/// What the load tasks and the fault thread share.
pub(crate) struct Shared {
    pub(crate) checkouts: Vec<Checkout>,
    pub(crate) records: Mutex<Vec<Option<Record>>>,
    pub(crate) next: AtomicUsize,
    pub(crate) done: AtomicUsize,
    pub(crate) finished: AtomicBool,
    /// the replay check at 30 % is over (the outage waits for it)
    pub(crate) replays_done: AtomicBool,
    pub(crate) start: Instant,
    pub(crate) deadline: Instant,
    pub(crate) doors: doors::Doors,
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("load: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<bool, String> {
    let cfg = Config::from_env()?;
    let work = std::env::temp_dir().join(format!("cardseal-load-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let result = run_in(&cfg, &work);
    if result.as_ref().is_ok_and(|ok| *ok) {
        let _ = std::fs::remove_dir_all(&work);
    } else {
        eprintln!("load: logs kept in {}", work.display());
    }
    result
}

fn run_in(cfg: &Config, work: &Path) -> Result<bool, String> {
    let mut redis = if cfg.sentinel {
        Redis::Sentinel(Topology::start())
    } else {
        Redis::One(RedisServer::start_setup(Setup {
            auth: Some(Auth::generate()),
            fsync_always: true,
            ..Setup::default()
        }))
    };
    // It holds the password: given to the processors in their environment, never on a
    // command line or printed.
    let store = match &redis {
        Redis::One(r) => r.url(),
        Redis::Sentinel(t) => t.url("?replicas=1&wait_ms=500"),
    };
    let key = cfg.root.join("tests/keys/rsa2048-private-pkcs8.pem");
    let key = key.to_str().ok_or("key path")?;
    let doors = doors::Doors::new(work)?;
    let api_key = doors.api_key_file.to_string_lossy().into_owned();
    let staff = doors.staff_file.to_string_lossy().into_owned();
    let processor = |name: &str, log: &str| {
        Service::start_env(
            name,
            &cfg.bin,
            &[
                "processor",
                "--api-listen",
                "127.0.0.1:0",
                "--api-key-file",
                &api_key,
                "--api-rate",
                "1000000",
                "--api-burst",
                "1000000",
                "--allow-world-readable-key",
                "--private-key",
                key,
            ],
            &[("CARDSEAL_REPLAY_STORE", &store)],
            work.join(log),
        )
    };
    let a = processor("processor A", "processor-a.log")?;
    let mut b = processor("processor B", "processor-b.log")?;
    let path = |p: &str| cfg.root.join(p).to_string_lossy().into_owned();
    let (data, www, pkg) = (
        work.join("shop").to_string_lossy().into_owned(),
        path("www"),
        std::env::var("LOAD_PKG").unwrap_or_else(|_| path("pkg")),
    );
    let public = path("tests/keys/rsa2048-spki.pem");
    let both = format!("{},{}", a.addr, b.addr);
    let shop = Service::start(
        "shop",
        &cfg.bin,
        &[
            "shop",
            "--listen",
            "127.0.0.1:0",
            "--processor",
            &both,
            "--processor-key-file",
            &api_key,
            "--staff-password-file",
            &staff,
            "--data",
            &data,
            "--www",
            &www,
            "--pkg",
            &pkg,
            "--public-key",
            &public,
        ],
        work.join("shop.log"),
    )?;
    let what = match &redis {
        Redis::One(r) => format!("redis-server on 127.0.0.1:{} (ACL user, password)", r.port),
        Redis::Sentinel(t) => format!(
            "Redis primary 127.0.0.1:{}, replicas {} and {}, sentinels {} (ACL user, password, replicas=1)",
            t.nodes[0].port,
            t.nodes[1].port,
            t.nodes[2].port,
            t.sentinels
                .iter()
                .map(|s| s.port.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    println!(
        "load: {what}, processors A {} and B {}, shop {}",
        a.addr, b.addr, shop.addr
    );

    let sealing = Instant::now();
    let checkouts = seal(cfg, &doors.csrf)?;
    println!(
        "load: sealed {} checkouts with the Rust core in {:.1} s",
        checkouts.len(),
        sealing.elapsed().as_secs_f64()
    );

    let start = Instant::now();
    let shared = Arc::new(Shared {
        records: Mutex::new((0..checkouts.len()).map(|_| None).collect()),
        checkouts,
        next: AtomicUsize::new(0),
        done: AtomicUsize::new(0),
        finished: AtomicBool::new(false),
        replays_done: AtomicBool::new(false),
        start,
        deadline: start + Duration::from_secs(cfg.seconds),
        doors,
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let addrs = [a.addr.clone(), b.addr.clone()];
    let (events, outcome) = std::thread::scope(|s| {
        let faults = s.spawn(|| faults(cfg, &shared, &mut redis, &mut b));
        let outcome = runtime.block_on(report::drive(cfg, &shared, &shop.addr, &addrs));
        shared.finished.store(true, Ordering::SeqCst);
        let events = faults.join().unwrap_or_default();
        (events, outcome)
    });
    let outcome = outcome?;
    let after = runtime.block_on(report::after_run(
        cfg, &shared, &shop.addr, &a.addr, &events,
    ))?;
    let approvals = [a.approvals()?, b.approvals()?].concat();
    Ok(report::print(
        cfg, &shared, &outcome, &after, &events, &approvals,
    ))
}

impl Shared {
    /// Seconds from the start to now.
    pub(crate) fn now(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// Waits until `share` of the checkouts are done, the load has finished or the
    /// deadline passed; whether the share was reached.
    pub(crate) fn wait_for(&self, share: f64) -> bool {
        let target = (self.checkouts.len() as f64 * share) as usize;
        while Instant::now() < self.deadline && !self.finished.load(Ordering::SeqCst) {
            if self.done.load(Ordering::SeqCst) >= target {
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }
}

/// The Redis under the processors.
enum Redis {
    One(RedisServer),
    Sentinel(Topology),
}

/// The fault schedule: Redis killed at 45 % (once the replay check is over) for the
/// outage, and kept down until at least 50 checkouts have ended since (at most 30 s
/// more), so that the outage is seen even if the machine stalls; or, with Sentinel, the
/// primary killed for good and the promotion awaited (at most 30 s); processor B stopped
/// at 70 %.
fn faults(cfg: &Config, shared: &Shared, redis: &mut Redis, b: &mut Service) -> Events {
    let mut ev = Events::default();
    while Instant::now() < shared.deadline
        && !shared.finished.load(Ordering::SeqCst)
        && !shared.replays_done.load(Ordering::SeqCst)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    let redis = match redis {
        Redis::One(r) => r,
        Redis::Sentinel(t) => {
            if shared.wait_for(0.45) {
                failover(shared, t, &mut ev);
            }
            if shared.wait_for(0.70) {
                ev.b_stopped = Some(shared.now());
                b.stop();
            }
            return ev;
        }
    };
    if shared.wait_for(0.45) {
        ev.redis_down = Some(shared.now());
        let done_then = shared.done.load(Ordering::SeqCst);
        redis.stop();
        std::thread::sleep(cfg.outage);
        let longest = Instant::now() + Duration::from_secs(30);
        while shared.done.load(Ordering::SeqCst) < done_then + 50
            && Instant::now() < longest
            && !shared.finished.load(Ordering::SeqCst)
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        // The outage ends when the restart begins: Redis may answer before restart()
        // has seen it answer.
        ev.redis_restart = Some(shared.now());
        redis.restart();
        ev.redis_up = Some(shared.now());
    }
    if shared.wait_for(0.70) {
        ev.b_stopped = Some(shared.now());
        b.stop();
    }
    ev
}

/// Kills the primary (SIGKILL) and waits (at most 30 s) until the sentinels name another
/// and it answers as a primary.
fn failover(shared: &Shared, t: &mut Topology, ev: &mut Events) {
    let Some(old) = t.primary_port() else {
        return;
    };
    let Some(i) = t.node_on(old) else {
        return;
    };
    ev.failover = true;
    ev.redis_down = Some(shared.now());
    t.nodes[i].stop();
    if t.wait_for_failover(old, Duration::from_secs(30)).is_some() {
        ev.redis_restart = Some(shared.now());
        ev.redis_up = ev.redis_restart;
    }
}
