//! `RedisReplayStore` against a real `redis-server` that each test starts on a free
//! loopback port and kills afterwards: the commands it sends, two openers (and two
//! `cardseal open` processes) sharing it, and Redis going away mid-test.

// Test code: a failure here is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(feature = "redis")]

mod common;
#[path = "common/redis_server.rs"]
mod redis_server;

use cardseal_open::{OpenError, Opener, RedisReplayStore, ReplayStore};
use common::*;
use redis_server::RedisServer;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_millis(300);

fn store(r: &RedisServer) -> RedisReplayStore {
    RedisReplayStore::new(&r.url()).unwrap().timeout(TIMEOUT)
}

fn opener(r: &RedisServer) -> Opener<RedisReplayStore> {
    Opener::new(private("rsa2048-private-pkcs8.pem")).with_store(store(r))
}

fn code<T>(r: Result<T, OpenError>) -> &'static str {
    r.map(|_| "OK").unwrap_or_else(|e| e.code())
}

#[test]
fn exists_then_set_nx_px_with_the_remaining_window() {
    let r = RedisServer::start();
    let s = store(&r).prefix("t:");
    assert_eq!(s.seen("abc", 100), Ok(false));
    assert_eq!(r.dbsize(), 0, "the check records nothing");
    assert_eq!(s.record("abc", 100, 160), Ok(true));
    assert_eq!(s.seen("abc", 101), Ok(true));
    assert_eq!(s.record("abc", 101, 161), Ok(false));
    // The record expires when the JWE would be stale: PX of the remaining 60 s.
    let pttl: i64 = r.command("PTTL t:abc").unwrap()[1..].parse().unwrap();
    assert!((59_000..=60_000).contains(&pttl), "{pttl}");
    assert_eq!(r.command("GET t:abc").as_deref(), Some("$1"));
    // A record about to expire lives at least a second, then is gone.
    assert_eq!(s.record("soon", 100, 100), Ok(true));
    let pttl: i64 = r.command("PTTL t:soon").unwrap()[1..].parse().unwrap();
    assert!((1..=1000).contains(&pttl), "{pttl}");
    assert!(s.ping().is_ok());
    assert!(format!("{s:?}").contains("t:"));

    for bad in [
        "",
        "http://127.0.0.1:1",
        "127.0.0.1:6379",
        "redis://",
        "rediss://x:1",
    ] {
        assert!(RedisReplayStore::new(bad).is_err(), "{bad}");
    }
}

#[test]
fn two_openers_sharing_redis_refuse_each_others_replays() {
    let r = RedisServer::start();
    let (a, b) = (opener(&r), opener(&r));
    let jwe = sealed(1, NOW);
    assert_eq!(code(a.open(&jwe, NOW)), "OK");
    assert_eq!(code(b.open(&jwe, NOW + 1)), "REPLAYED");
    assert_eq!(code(a.open(&jwe, NOW + 2)), "REPLAYED");
    let other = sealed(2, NOW);
    assert_eq!(code(b.open(&other, NOW + 3)), "OK");
    assert_eq!(code(a.open(&other, NOW + 4)), "REPLAYED");
    assert_eq!(r.dbsize(), 2);

    // A different prefix is a different guard.
    let c = Opener::new(private("rsa2048-private-pkcs8.pem")).with_store(store(&r).prefix("x:"));
    assert_eq!(code(c.open(&jwe, NOW + 5)), "OK");
}

#[test]
fn forgeries_record_nothing_in_redis() {
    let r = RedisServer::start();
    let o = opener(&r);
    let jwe = sealed(3, NOW);
    let parts: Vec<&str> = jwe.split('.').collect();
    for i in 0..50u8 {
        let mut tag = cardseal::b64::decode_url_strict(parts[4].as_bytes()).unwrap();
        tag[0] ^= i + 1;
        let forged = format!(
            "{}.{}.{}.{}.{}",
            parts[0],
            parts[1],
            parts[2],
            parts[3],
            cardseal::b64::encode_url(&tag)
        );
        assert_eq!(code(o.open(&forged, NOW)), "CANNOT_OPEN");
    }
    assert_eq!(r.dbsize(), 0);
    assert_eq!(code(o.open(&jwe, NOW)), "OK");
    assert_eq!(r.dbsize(), 1);
}

#[test]
fn of_copies_racing_on_many_openers_exactly_one_opens() {
    let r = RedisServer::start();
    const N: usize = 8;
    for round in 0..5u64 {
        let jwe = Arc::new(sealed(100 + round, NOW));
        let start = Arc::new(Barrier::new(N));
        let threads: Vec<_> = (0..N)
            .map(|_| {
                let (jwe, start, o) = (jwe.clone(), start.clone(), opener(&r));
                std::thread::spawn(move || {
                    start.wait();
                    code(o.open(&jwe, NOW))
                })
            })
            .collect();
        let codes: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        assert_eq!(codes.iter().filter(|c| **c == "OK").count(), 1, "{codes:?}");
        assert!(
            codes.iter().all(|c| *c == "OK" || *c == "REPLAYED"),
            "{codes:?}"
        );
    }
}

#[test]
fn redis_going_away_fails_closed_and_recovers_with_its_records() {
    let mut r = RedisServer::start();
    let o = opener(&r);
    let before = sealed(10, NOW);
    assert_eq!(code(o.open(&before, NOW)), "OK");

    // Killed: connections are refused at once.
    r.stop();
    for i in 0..3 {
        let jwe = sealed(11 + i, NOW);
        let t = Instant::now();
        assert_eq!(code(o.open(&jwe, NOW)), "REPLAY_STORE_UNAVAILABLE");
        assert!(t.elapsed() < TIMEOUT * 10, "{:?}", t.elapsed());
    }
    assert_eq!(code(o.open(&before, NOW)), "REPLAY_STORE_UNAVAILABLE");

    // Back, with its append-only file: the pooled connections are stale, yet the first
    // open after the restart works, and what opened before is still a replay.
    r.restart();
    assert_eq!(code(o.open(&sealed(14, NOW), NOW)), "OK");
    assert_eq!(code(o.open(&before, NOW)), "REPLAYED");

    // Paused (SIGSTOP): it accepts connections but answers nothing; each open waits for
    // the timeout and is refused.
    let during = sealed(15, NOW);
    r.pause();
    let t = Instant::now();
    assert_eq!(code(o.open(&during, NOW)), "REPLAY_STORE_UNAVAILABLE");
    assert!(
        t.elapsed() >= TIMEOUT && t.elapsed() < TIMEOUT * 10,
        "{:?}",
        t.elapsed()
    );
    r.resume();
    assert_eq!(
        code(o.open(&during, NOW)),
        "OK",
        "nothing was recorded for it"
    );
    assert_eq!(code(o.open(&during, NOW)), "REPLAYED");
}

#[test]
fn redis_stopping_between_check_and_record_opens_nothing() {
    // A store whose Redis dies after the read-only check: the JWE is authentic, the
    // record cannot be made, so it is refused and can be opened later.
    struct DiesAfterSeen<'a> {
        inner: RedisReplayStore,
        server: std::cell::RefCell<&'a mut RedisServer>,
    }
    impl ReplayStore for DiesAfterSeen<'_> {
        fn seen(&self, jti: &str, now: u64) -> Result<bool, cardseal_open::StoreUnavailable> {
            let r = self.inner.seen(jti, now);
            self.server.borrow_mut().stop();
            r
        }
        fn record(
            &self,
            jti: &str,
            now: u64,
            exp: u64,
        ) -> Result<bool, cardseal_open::StoreUnavailable> {
            self.inner.record(jti, now, exp)
        }
    }
    let mut r = RedisServer::start();
    let url = r.url();
    let jwe = sealed(20, NOW);
    {
        let o = Opener::new(private("rsa2048-private-pkcs8.pem")).with_store(DiesAfterSeen {
            inner: RedisReplayStore::new(&url).unwrap().timeout(TIMEOUT),
            server: std::cell::RefCell::new(&mut r),
        });
        assert_eq!(code(o.open(&jwe, NOW)), "REPLAY_STORE_UNAVAILABLE");
    }
    r.restart();
    assert_eq!(r.dbsize(), 0);
    assert_eq!(code(opener(&r).open(&jwe, NOW)), "OK");
}

/// Runs `cardseal open` with `args`, feeding it `jwes` one per line; returns the codes.
fn cli_open(args: &[&str], jwes: &[&str]) -> (Vec<String>, String, Option<i32>) {
    let key = format!(
        "{}/../tests/keys/rsa2048-private-pkcs8.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_cardseal"))
        // The repository's test key is checked out readable by every user.
        .args(["open", "--allow-world-readable-key", "--key", &key])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    for j in jwes {
        let _ = writeln!(input, "{j}");
    }
    drop(input);
    let out = child.wait_with_output().unwrap();
    let codes = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v.get("code")
                .and_then(|c| c.as_str())
                .unwrap_or("OK")
                .to_owned()
        })
        .collect();
    (
        codes,
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn two_cli_processes_sharing_redis_refuse_each_others_replays() {
    let r = RedisServer::start();
    let url = r.url();
    let (j1, j2) = (sealed(30, now()), sealed(31, now()));
    let store = ["--replay-store", url.as_str()];
    assert_eq!(cli_open(&store, &[&j1]).0, ["OK"]);
    assert_eq!(cli_open(&store, &[&j1, &j2]).0, ["REPLAYED", "OK"]);
    assert_eq!(cli_open(&store, &[&j2]).0, ["REPLAYED"]);
    // Two processes running at once, each with its own lines.
    let j3 = sealed(32, now());
    let both: Vec<_> = (0..2)
        .map(|_| {
            let (url, j3) = (url.clone(), j3.clone());
            std::thread::spawn(move || cli_open(&["--replay-store", &url], &[&j3]).0)
        })
        .map(|t| t.join().unwrap())
        .collect();
    let mut codes: Vec<_> = both.concat();
    codes.sort();
    assert_eq!(codes, ["OK", "REPLAYED"]);
    // Without the shared store each process has only its own memory.
    assert_eq!(cli_open(&[], &[&j1]).0, ["OK"]);
}

#[test]
fn the_cli_fails_closed_without_redis_and_refuses_bad_urls() {
    let port = redis_server::free_port();
    let url = format!("redis://127.0.0.1:{port}");
    let jwe = sealed(40, now());
    let (codes, _, status) = cli_open(&["--replay-store", &url], &[&jwe]);
    assert_eq!(codes, ["REPLAY_STORE_UNAVAILABLE"]);
    assert_eq!(status, Some(1));

    let (codes, err, status) = cli_open(&["--replay-store", "redis:/secret@x"], &[&jwe]);
    assert!(codes.is_empty());
    assert_eq!(status, Some(2));
    assert_eq!(
        err.trim(),
        "cardseal: --replay-store: not a redis://HOST:PORT[/DB] URL"
    );
    assert!(!err.contains("secret"));
}
