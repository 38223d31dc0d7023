//! The short Sentinel failover (issue 25), part of `cargo test --workspace`: a primary, two
//! replicas and three sentinels on free loopback ports, with passwords and an ACL user;
//! two openers sharing a `redis+sentinel://` store (`replicas=1`) open checkouts as they
//! come, and the primary is killed (SIGKILL) once a quarter of them are done. The run
//! goes on until the sentinels have promoted a replica and 100 checkouts have opened
//! since (at most 45 s). Then:
//!
//! - every refusal is `REPLAY_STORE_UNAVAILABLE`, none before the kill, and the refused
//!   window is short and ends (its length is printed);
//! - 0 lost: every JWE that opened, before, during or after the failover, is `REPLAYED`
//!   at the other opener afterwards (its `jti` is on the promoted primary);
//! - 0 opened twice: each JWE that was refused opens at most once afterwards, then is a
//!   replay.
//!
//! `make load-failover` runs the same against the demo's shop and processors.

// Test code: a failure here is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(feature = "redis")]

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/redis_server.rs"]
mod redis_server;

use cardseal_open::{OpenError, Opener, RedisReplayStore};
use common::*;
use redis_server::{Auth, Setup, Topology};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WORKERS: usize = 2;
/// The primary dies once this many checkouts are done.
const KILL_AT: usize = 100;
/// The run ends once this many checkouts have opened after the promotion.
const AFTER: usize = 100;

fn code<T>(r: Result<T, OpenError>) -> &'static str {
    r.map(|_| "OK").unwrap_or_else(|e| e.code())
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// One checkout: its JWE, when it was sent and answered (seconds from the start), and
/// the answer.
struct Done {
    jwe: String,
    start: f64,
    end: f64,
    code: &'static str,
}

#[test]
fn killing_the_primary_loses_no_jti_and_opens_nothing_twice() {
    let mut t = Topology::start();
    // Timeouts generous enough for a machine busy with other tests: a healthy primary
    // must not be taken for a dead one.
    let url = t.url("?replicas=1&wait_ms=1000");
    let opener = || {
        Opener::new(private("rsa2048-private-pkcs8.pem")).with_store(
            RedisReplayStore::new(&url)
                .unwrap()
                .timeout(Duration::from_secs(1)),
        )
    };
    let openers = [opener(), opener()];
    let old = t.primary_port().expect("the sentinels name a primary");
    assert_eq!(old, t.nodes[0].port);

    let start = Instant::now();
    let deadline = start + Duration::from_secs(45);
    let done = Mutex::new(Vec::<Done>::new());
    let count = AtomicUsize::new(0);
    let opened_after = AtomicUsize::new(0);
    let promoted = AtomicBool::new(false);
    let stop = AtomicBool::new(false);
    let secs = || start.elapsed().as_secs_f64();
    let mut killed_at = None;
    let mut promoted_at = None;
    let mut new_primary = None;

    std::thread::scope(|s| {
        for w in 0..WORKERS {
            let (openers, done, count, opened_after, promoted, stop) =
                (&openers, &done, &count, &opened_after, &promoted, &stop);
            s.spawn(move || {
                let mut i = w as u64;
                while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
                    // Each checkout is sealed as it comes, as a shopper's page would.
                    let jwe = sealed(1_000 + i, now());
                    let t0 = secs();
                    let c = code(openers[(i % 2) as usize].open(&jwe, now()));
                    let was_promoted = promoted.load(Ordering::SeqCst);
                    done.lock().unwrap().push(Done {
                        jwe,
                        start: t0,
                        end: secs(),
                        code: c,
                    });
                    count.fetch_add(1, Ordering::SeqCst);
                    if c == "OK" && was_promoted {
                        opened_after.fetch_add(1, Ordering::SeqCst);
                    }
                    i += WORKERS as u64;
                    // A steady stream, not a burst: the failover happens mid-run.
                    std::thread::sleep(Duration::from_millis(5));
                }
            });
        }
        // The faults: kill the primary at KILL_AT, then wait for the promotion.
        while count.load(Ordering::SeqCst) < KILL_AT && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
        }
        killed_at = Some(secs());
        t.nodes[0].stop();
        new_primary = t.wait_for_failover(old, deadline.saturating_duration_since(Instant::now()));
        promoted_at = Some(secs());
        promoted.store(true, Ordering::SeqCst);
        while opened_after.load(Ordering::SeqCst) < AFTER && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        stop.store(true, Ordering::SeqCst);
    });

    let killed_at = killed_at.unwrap();
    let promoted_at = promoted_at.unwrap();
    let new_primary = new_primary.expect("the sentinels promoted a replica within 45 s");
    assert_ne!(new_primary, old);
    let done = done.into_inner().unwrap();
    let refused: Vec<&Done> = done.iter().filter(|d| d.code != "OK").collect();
    let opened: Vec<&Done> = done.iter().filter(|d| d.code == "OK").collect();
    let window = match (refused.first(), refused.last()) {
        (Some(a), Some(b)) => b.end - a.start,
        _ => 0.0,
    };
    println!(
        "failover: {} checkouts; primary killed at {killed_at:.2} s, a replica promoted \
         {:.2} s later; {} refused (REPLAY_STORE_UNAVAILABLE) within {window:.2} s; {} opened, \
         {} of them after the promotion",
        done.len(),
        promoted_at - killed_at,
        refused.len(),
        opened.len(),
        opened_after.load(Ordering::SeqCst),
    );
    assert!(
        opened_after.load(Ordering::SeqCst) >= AFTER,
        "the openers recovered"
    );
    assert!(
        refused.iter().all(|d| d.code == "REPLAY_STORE_UNAVAILABLE"),
        "{:?}",
        refused.iter().map(|d| d.code).collect::<Vec<_>>()
    );
    assert!(
        refused.iter().all(|d| d.end >= killed_at),
        "nothing refused before the kill"
    );
    assert!(!refused.is_empty(), "the kill was seen");
    assert!(window < 30.0, "{window}");

    // The checks below need the promoted primary to have a replica again: the sentinels
    // point the surviving replica at it only after the promotion, and on a busy machine
    // its sync can take a while. Until then a fail-closed REPLAY_STORE_UNAVAILABLE is the
    // right answer, so `settled` asks again (bounded) instead of calling it a failure.
    let p = t
        .node_on(new_primary)
        .expect("the promoted node is one of ours");
    let synced = Instant::now() + Duration::from_secs(30);
    while Instant::now() < synced
        && t.nodes[p]
            .replication("connected_slaves")
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0)
            < 1
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    let settled = |o: &Opener<RedisReplayStore>, jwe: &str| {
        let mut answer = code(o.open(jwe, now()));
        for _ in 0..20 {
            if answer != "REPLAY_STORE_UNAVAILABLE" {
                break;
            }
            std::thread::sleep(Duration::from_millis(250));
            answer = code(o.open(jwe, now()));
        }
        answer
    };

    // 0 lost: every JWE that opened is a replay now, at the other opener too, on the
    // promoted primary.
    let mut lost = 0;
    for (i, d) in opened.iter().enumerate() {
        if settled(&openers[i % 2], &d.jwe) != "REPLAYED" {
            lost += 1;
        }
    }
    // 0 opened twice: a refused JWE opens at most once afterwards (if its SET never
    // happened), else it is REPLAYED (its SET happened but WAIT fell short).
    let (mut late, mut burned, mut twice) = (0, 0, 0);
    for d in &refused {
        match settled(&openers[0], &d.jwe) {
            "OK" => late += 1,
            "REPLAYED" => burned += 1,
            other => panic!("a refused JWE answered {other} afterwards, 5 s on"),
        }
        if settled(&openers[1], &d.jwe) != "REPLAYED" {
            twice += 1;
        }
    }
    println!(
        "failover: afterwards {} of {} opened JWEs are REPLAYED (lost {lost}); of the {} \
         refused, {late} open now (first time), {burned} are REPLAYED (SET without WAIT), \
         opened twice {twice}",
        opened.len() - lost,
        opened.len(),
        refused.len()
    );
    assert_eq!(lost, 0);
    assert_eq!(twice, 0);
}

/// The README's block of the settings the guarantee depends on, and its ACL line, are the
/// configuration these tests run (open/tests/common/redis_server.rs).
#[test]
fn the_readme_names_the_settings_the_tests_run() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let section = readme
        .split("## The replay guard in Redis")
        .nth(1)
        .expect("the README's Redis section");
    let blocks: Vec<&str> = section
        .split("```conf\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert_eq!(blocks.len(), 2, "the ACL block and the settings block");
    let auth = Auth::generate();
    let dir = std::path::Path::new("/d");
    let (p, port) = (6379, 7000);
    let node = Setup::node(&auth, None).config(port, 0, dir);
    let replica = Setup::node(&auth, Some(p)).config(port, 0, dir);
    let sentinel = Setup::sentinel(&auth, p).config(port, 0, dir);

    let acl = blocks[0].trim().replace("PASSWORD", &auth.password);
    assert!(node.contains(&acl), "{acl}");

    let mut part = &node;
    let mut checked = 0;
    for line in blocks[1].lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(comment) = line.strip_prefix('#') {
            part = if comment.contains("sentinel") {
                &sentinel
            } else if comment.contains("the replicas") {
                &replica
            } else {
                &node
            };
            continue;
        }
        let line = line.replace("PRIMARY_PORT", &p.to_string());
        assert!(
            part.contains(&line),
            "{line} is not in the tests' configuration"
        );
        checked += 1;
    }
    assert!(checked >= 9, "{checked}");
}

/// Kills the pids it holds when dropped (also when a test panics).
struct Pids(Vec<u32>);

impl Drop for Pids {
    fn drop(&mut self) {
        for pid in &self.0 {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
    }
}

/// `REDIS=sentinel make demo` and `PROCESSORS=2 make demo` start their Redis with
/// open/examples/redis_topology.rs (built by `cargo test` with the tests): the URL it writes
/// (mode 0600) opens and refuses the replay, no password reaches its output, and the pids
/// it prints are the servers'.
#[test]
fn the_demos_redis_starts_and_its_url_works() {
    use std::os::unix::fs::PermissionsExt;
    let exe = std::env::current_exe().unwrap();
    let bin = exe
        .parent()
        .and_then(|deps| deps.parent())
        .unwrap()
        .join("examples/redis_topology");
    if !bin.exists() {
        // `cargo test --workspace` builds the examples; `cargo test --test failover` does
        // not, so build it here.
        let ok = std::process::Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "-p",
                "cardseal-open",
                "--example",
                "redis_topology",
            ])
            .status()
            .unwrap();
        assert!(
            ok.success() && bin.exists(),
            "{} was not built",
            bin.display()
        );
    }
    for mode in ["one", "sentinel"] {
        let dir =
            std::env::temp_dir().join(format!("cardseal-demo-redis-{}-{mode}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("url");
        let out = std::process::Command::new(&bin)
            .args([mode, file.to_str().unwrap()])
            .env("TMPDIR", &dir)
            .output()
            .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
        let stdout = String::from_utf8(out.stdout).unwrap();
        let pids = Pids(
            stdout
                .lines()
                .filter_map(|l| l.strip_prefix("pid ")?.parse().ok())
                .collect(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(pids.0.len(), if mode == "one" { 1 } else { 6 }, "{stdout}");
        let url = std::fs::read_to_string(&file).unwrap();
        let mode_bits = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode_bits, 0o600);
        let password = url.split('@').next().unwrap().rsplit(':').next().unwrap();
        assert_eq!(password.len(), 32, "a generated password");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stdout.contains(password) && !stderr.contains(password));

        let o = Opener::new(private("rsa2048-private-pkcs8.pem"))
            .with_store(RedisReplayStore::new(&url).unwrap());
        let jwe = sealed(7, now());
        assert_eq!(code(o.open(&jwe, now())), "OK", "{mode}");
        assert_eq!(code(o.open(&jwe, now())), "REPLAYED", "{mode}");
        drop(pids);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// `rediss+sentinel://`: the sentinels and the nodes are reached over TLS, verified
/// against the test CA, and the store follows a failover the same way.
#[test]
fn over_tls_the_store_finds_the_primary_and_follows_a_failover() {
    let mut t = Topology::start_tls();
    let url = t.url("?replicas=1&wait_ms=3000");
    assert!(url.starts_with("rediss+sentinel://"));
    let o = Opener::new(private("rsa2048-private-pkcs8.pem")).with_store(
        RedisReplayStore::new(&url)
            .unwrap()
            .timeout(Duration::from_secs(3)),
    );
    let before = sealed(9_000, now());
    assert_eq!(code(o.open(&before, now())), "OK");
    // Without the CA the sentinels' certificates are not trusted: nothing opens.
    let untrusted = Opener::new(private("rsa2048-private-pkcs8.pem")).with_store(
        RedisReplayStore::new(url.split("&ca=").next().unwrap())
            .unwrap()
            .timeout(Duration::from_secs(3)),
    );
    assert_eq!(
        code(untrusted.open(&sealed(9_001, now()), now())),
        "REPLAY_STORE_UNAVAILABLE"
    );

    let old = t.primary_port().unwrap();
    let i = t.node_on(old).unwrap();
    t.nodes[i].stop();
    let new = t
        .wait_for_failover(old, Duration::from_secs(30))
        .expect("a replica promoted");
    // The store finds the new primary (a few refusals while it does), and what opened
    // before the failover is a replay there.
    // (A fresh JWE each try: one refused while its `WAIT` fell short stays recorded.)
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seed = 9_002;
    let after = loop {
        let jwe = sealed(seed, now());
        if code(o.open(&jwe, now())) == "OK" {
            break jwe;
        }
        assert!(
            Instant::now() < deadline,
            "no open after the failover to {new}"
        );
        std::thread::sleep(Duration::from_millis(100));
        seed += 1;
    };
    assert_eq!(code(o.open(&before, now())), "REPLAYED");
    assert_eq!(code(o.open(&after, now())), "REPLAYED");
}
