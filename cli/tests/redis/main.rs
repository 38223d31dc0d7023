//! `RedisReplayStore` against a real `redis-server` that each test starts on a free
//! loopback port and kills afterwards: the commands it sends, two openers (and two
//! `cardseal open` processes) sharing it, Redis going away mid-test, passwords and an ACL
//! user, TLS, `WAIT` for replicas, and the URL forms. The failover under load is in
//! failover.rs.

// Test code: a failure here is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(feature = "redis")]

#[path = "../../../open/tests/common/mod.rs"]
mod common;
#[path = "../../../open/tests/common/redis_server.rs"]
mod redis_server;

use cardseal_open::{OpenError, Opener, RedisReplayStore, ReplayStore};
use common::*;
use redis_server::{Auth, RedisServer, Setup, Tls};
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
        "redis://127.0.0.1:1/x",
    ] {
        assert!(RedisReplayStore::new(bad).is_err(), "{bad}");
    }
}

/// Every malformed URL is refused with its own reason, which never repeats the URL (it
/// may hold a password).
#[test]
fn bad_urls_are_refused_without_repeating_them() {
    let cases = [
        ("redis://:s3cret@127.0.0.1:1?replica=1", "unknown parameter"),
        ("redis://:s3cret@127.0.0.1:1?replicas=x", "replicas="),
        ("redis://:s3cret@127.0.0.1:1?replicas=17", "replicas="),
        ("redis://:s3cret@127.0.0.1:1?wait_ms=0", "wait_ms="),
        ("redis://:s3cret@127.0.0.1:1?wait_ms=60001", "wait_ms="),
        ("redis://:s3cret@127.0.0.1:1?ca=/etc/hostname", "rediss://"),
        (
            "rediss://:s3cret@127.0.0.1:1?ca=/nonexistent/s3cret",
            "cannot be read",
        ),
        ("rediss://:s3cret@127.0.0.1:1/#insecure", "fragment"),
        ("redis+sentinel://:s3cret@127.0.0.1:1", "sentinel URL"),
        ("redis+sentinel://:s3cret@127.0.0.1:1/", "sentinel URL"),
        ("redis+sentinel://:s3cret@/mymaster", "sentinel URL"),
        (
            "redis+sentinel://:s3cret@127.0.0.1:1,/mymaster",
            "sentinel URL",
        ),
        (
            "redis+sentinel://:s3cret@127.0.0.1:1/my master",
            "sentinel URL",
        ),
        (
            "redis+sentinel://:s3cret@127.0.0.1:1/mymaster/x",
            "sentinel URL",
        ),
        ("memcached://:s3cret@127.0.0.1:1", "not a redis://"),
    ];
    for (url, says) in cases {
        let e = RedisReplayStore::new(url).unwrap_err().to_string();
        assert!(e.contains(says), "{url}: {e}");
        assert!(!e.contains("s3cret"), "{url}: {e}");
    }
    // The good forms parse; nothing is connected yet.
    for good in [
        "redis://cardseal:s3cret@127.0.0.1:1/2",
        "redis://:s3cret@127.0.0.1:1?replicas=1&wait_ms=250",
        "rediss://127.0.0.1:1",
        "redis+sentinel://cardseal:s3cret@127.0.0.1:1,127.0.0.1:2,[::1]:3/mymaster",
        "rediss+sentinel://127.0.0.1:1/my-master.1/3?replicas=2",
    ] {
        let s = RedisReplayStore::new(good).unwrap_or_else(|e| panic!("{good}: {e}"));
        assert!(!format!("{s:?}").contains("s3cret"), "{s:?}");
    }
    // A sentinel URL waits for one replica unless told otherwise; one Redis for none.
    let n = |u: &str| RedisReplayStore::new(u).unwrap().replica_count();
    assert_eq!(n("redis+sentinel://127.0.0.1:1/m"), 1);
    assert_eq!(n("redis+sentinel://127.0.0.1:1/m?replicas=0"), 0);
    assert_eq!(n("redis://127.0.0.1:1"), 0);
    assert_eq!(n("redis://127.0.0.1:1?replicas=2"), 2);
}

/// Sends `cmd` on a fresh connection, first `AUTH user password` if given; the first
/// line of the last reply.
fn as_client(port: u16, auth: Option<(&str, &str)>, cmd: &str) -> String {
    use std::io::{BufRead, BufReader};
    let s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    let mut w = s.try_clone().unwrap();
    let mut r = BufReader::new(s);
    let mut line = String::new();
    if let Some((user, pass)) = auth {
        write!(w, "AUTH {user} {pass}\r\n").unwrap();
        r.read_line(&mut line).unwrap();
        assert_eq!(line.trim_end(), "+OK");
        line.clear();
    }
    write!(w, "{cmd}\r\n").unwrap();
    r.read_line(&mut line).unwrap();
    line.trim_end().to_owned()
}

#[test]
fn with_passwords_only_the_acl_user_opens_and_no_one_else_can_flush() {
    let auth = Auth::generate();
    let r = RedisServer::start_setup(Setup {
        auth: Some(auth.clone()),
        fsync_always: true,
        ..Setup::default()
    });
    let with = |url: &str| {
        Opener::new(private("rsa2048-private-pkcs8.pem"))
            .with_store(RedisReplayStore::new(url).unwrap().timeout(TIMEOUT))
    };
    let jwe = sealed(50, NOW);
    let port = r.port;

    // No password, a wrong one, a wrong user: fail closed, nothing recorded.
    for url in [
        format!("redis://127.0.0.1:{port}"),
        format!("redis://:{}@127.0.0.1:{port}", auth.password),
        format!("redis://cardseal:wrong@127.0.0.1:{port}"),
        format!("redis://nobody:{}@127.0.0.1:{port}", auth.password),
    ] {
        assert_eq!(code(with(&url).open(&jwe, NOW)), "REPLAY_STORE_UNAVAILABLE");
    }
    assert_eq!(r.dbsize(), 0);

    // The ACL user with its password: opens, and the replay is refused.
    let user = with(&r.url());
    assert!(r.url().starts_with("redis://cardseal:"));
    assert_eq!(code(user.open(&jwe, NOW)), "OK");
    assert_eq!(code(user.open(&jwe, NOW)), "REPLAYED");
    // The default user with the admin password works too (`redis://:PASSWORD@`).
    let admin = with(&format!("redis://:{}@127.0.0.1:{port}", auth.admin));
    assert_eq!(code(admin.open(&jwe, NOW)), "REPLAYED");
    assert_eq!(code(admin.open(&sealed(51, NOW), NOW)), "OK");

    // A local process without the password cannot wipe the guard; nor can the store's
    // own user, nor touch a key outside its prefix.
    assert!(as_client(port, None, "FLUSHALL").starts_with("-NOAUTH"));
    let store_user = Some(("cardseal", auth.password.as_str()));
    assert!(as_client(port, store_user, "FLUSHALL").starts_with("-NOPERM"));
    assert!(as_client(port, store_user, "DEL cardseal:jti:x").starts_with("-NOPERM"));
    assert!(as_client(port, store_user, "SET other 1").starts_with("-NOPERM"));
    assert!(as_client(port, store_user, "CONFIG SET requirepass x").starts_with("-NOPERM"));
    assert_eq!(r.dbsize(), 2);
    assert_eq!(code(user.open(&jwe, NOW)), "REPLAYED");
}

#[test]
fn tls_with_the_ca_given_opens_and_anything_unverified_fails_closed() {
    let (auth, tls) = (Auth::generate(), Tls::generate());
    let r = RedisServer::start_setup(Setup {
        auth: Some(auth.clone()),
        tls: Some(tls.clone()),
        fsync_always: true,
        ..Setup::default()
    });
    let with = |url: &str| {
        Opener::new(private("rsa2048-private-pkcs8.pem")).with_store(
            RedisReplayStore::new(url)
                .unwrap()
                .timeout(Duration::from_secs(3)),
        )
    };
    // (A generous timeout: a TLS connect on a machine busy with other tests can take a
    // while; the refusals below are immediate, not timeouts.)
    let jwe = sealed(60, NOW);
    let tls_port = r.tls_port.unwrap();
    let userinfo = auth.userinfo();
    // Not trusted: the system's roots do not hold the test CA. Plain text to the TLS
    // port, TLS to the plain port: refused. Nothing recorded.
    for url in [
        format!("rediss://{userinfo}127.0.0.1:{tls_port}"),
        format!("redis://{userinfo}127.0.0.1:{tls_port}"),
        format!(
            "rediss://{userinfo}127.0.0.1:{}?ca={}",
            r.port,
            tls.ca().display()
        ),
    ] {
        assert_eq!(
            code(with(&url).open(&jwe, NOW)),
            "REPLAY_STORE_UNAVAILABLE",
            "{url}"
        );
    }
    assert_eq!(r.dbsize(), 0);
    // Verified against the test CA, with the password: opens, then refuses the replay.
    let o = with(&r.tls_url());
    assert_eq!(code(o.open(&jwe, NOW)), "OK");
    assert_eq!(code(o.open(&jwe, NOW)), "REPLAYED");
    assert_eq!(r.dbsize(), 1);
    // Another CA's certificate is refused.
    let other = Tls::generate();
    let url = format!(
        "rediss://{userinfo}127.0.0.1:{tls_port}?ca={}",
        other.ca().display()
    );
    assert_eq!(
        code(with(&url).open(&sealed(61, NOW), NOW)),
        "REPLAY_STORE_UNAVAILABLE"
    );
}

/// A primary and one replica, without Sentinel: `WAIT` is what stands between a record
/// and its loss when the replica is promoted.
#[test]
fn wait_for_replicas_fails_closed_and_is_what_keeps_a_promoted_replica_complete() {
    let primary = RedisServer::start();
    let replica = RedisServer::start_setup(Setup {
        replica_of: Some(primary.port),
        ..Setup::default()
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while replica.replication("master_link_status").as_deref() != Some("up") {
        assert!(Instant::now() < deadline, "the replica did not sync");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Generous timeouts where the test expects an answer (the machine may be busy with
    // other tests), a short one where it expects the wait to run out.
    let with = |params: &str| {
        Opener::new(private("rsa2048-private-pkcs8.pem")).with_store(
            RedisReplayStore::new(&format!("{}{params}", primary.url()))
                .unwrap()
                .timeout(Duration::from_secs(3)),
        )
    };
    let (one, one_short, two, none) = (
        with("?replicas=1&wait_ms=3000"),
        with("?replicas=1&wait_ms=300"),
        with("?replicas=2&wait_ms=100"),
        with(""),
    );
    let a = sealed(70, NOW);
    assert_eq!(code(one.open(&a, NOW)), "OK");
    assert_eq!(
        replica
            .command(&format!("EXISTS cardseal:jti:{}", jti(&a)))
            .as_deref(),
        Some(":1")
    );

    // Two replicas asked for, one there: refused, and (the SET stays on the primary) the
    // same JWE again is a replay. The shopper's page seals anew for a retry.
    let b = sealed(71, NOW);
    assert_eq!(code(two.open(&b, NOW)), "REPLAY_STORE_UNAVAILABLE");
    assert_eq!(code(one.open(&b, NOW)), "REPLAYED");

    // The replica stops acknowledging (paused): WAIT times out, the opener refuses.
    replica.pause();
    let c = sealed(72, NOW);
    let t = Instant::now();
    assert_eq!(code(one_short.open(&c, NOW)), "REPLAY_STORE_UNAVAILABLE");
    assert!(
        t.elapsed() >= Duration::from_millis(300),
        "{:?}",
        t.elapsed()
    );
    // Without WAIT a record opens although no replica has it: here the replica's link is
    // cut as well (still paused, it cannot reconnect), so the record is on the primary
    // only…
    assert_eq!(
        primary.command("CLIENT KILL TYPE replica").as_deref(),
        Some(":1")
    );
    let d = sealed(73, NOW);
    assert_eq!(code(none.open(&d, NOW)), "OK");
    // …and when the primary dies and the replica is promoted, it is gone: the JWE opens
    // a second time. This is the loss that `replicas=` prevents.
    let mut primary = primary;
    primary.stop();
    replica.resume();
    assert_eq!(replica.command("REPLICAOF NO ONE").as_deref(), Some("+OK"));
    let promoted = Opener::new(private("rsa2048-private-pkcs8.pem")).with_store(
        RedisReplayStore::new(&replica.url())
            .unwrap()
            .timeout(TIMEOUT),
    );
    assert_eq!(
        code(promoted.open(&a, NOW)),
        "REPLAYED",
        "confirmed by WAIT: kept"
    );
    assert_eq!(code(promoted.open(&d, NOW)), "OK", "not waited for: lost");
}

/// The `jti` of a compact JWE.
fn jti(jwe: &str) -> String {
    let h = cardseal::b64::decode_url_strict(jwe.split('.').next().unwrap().as_bytes()).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&h).unwrap();
    v["jti"].as_str().unwrap().to_owned()
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
        "cardseal: --replay-store: not a redis://HOST:PORT[/DB], rediss://… or \
         redis+sentinel://HOST:PORT[,HOST:PORT…]/MASTER URL"
    );
    assert!(!err.contains("secret"));
}

#[test]
fn the_cli_takes_the_store_from_the_environment_so_no_password_is_on_its_command_line() {
    let auth = Auth::generate();
    let r = RedisServer::start_setup(Setup {
        auth: Some(auth.clone()),
        ..Setup::default()
    });
    let key = format!(
        "{}/../tests/keys/rsa2048-private-pkcs8.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    let jwe = sealed(80, now());
    let run = || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cardseal"))
            .args(["open", "--allow-world-readable-key", "--key", &key])
            .env("CARDSEAL_REPLAY_STORE", r.url())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{jwe}").unwrap();
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    };
    assert!(run().contains(r#""ok":true"#));
    assert!(run().contains("REPLAYED"));
    assert_eq!(r.dbsize(), 1);
}
