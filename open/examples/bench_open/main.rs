//! `make bench-open`: cardseal v1 JWEs opened per second on one core, beside
//! `openssl speed -seconds 3 rsa2048` private-key operations (sign/s) measured in the same
//! run, and their ratio. The open figure is the whole `Opener::open` path: parsing, header
//! checks, the replay check and record, RSA-OAEP-256 unwrap, AES-256-GCM and the JSON;
//! with the in-memory replay store, then with a Redis one (a `redis-server` it starts on a
//! free loopback port, append-only file synced every second, and stops). Then the time
//! to refuse the worst headers within the limits (hostile.rs).
//!
//! Run it with `cargo run --profile release-native -p cardseal-open --example bench_open`.
//! Set `BENCH_SECONDS` to change the length of each open run (default 3).

mod hostile;
#[path = "../../tests/common/redis_server.rs"]
mod redis_server;

use cardseal_open::{MemoryReplayStore, Opener, PrivateKey, RedisReplayStore, ReplayStore};
use rand_core::SeedableRng;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/keys/");
/// JWEs sealed up front; the opener is renewed after each pass so none is a replay.
const BATCH: usize = 1000;

fn read(name: &str) -> Result<String, String> {
    std::fs::read_to_string(format!("{KEYS}{name}")).map_err(|e| format!("{name}: {e}"))
}

/// Nanoseconds this thread has run on a CPU (Linux `/proc/thread-self/schedstat`).
/// `openssl speed` divides by CPU time too (unless `-elapsed`), so on a shared, busy
/// machine both figures leave out the time spent waiting for a core.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Rates of one run: per CPU second and per wall-clock second.
struct Rate {
    cpu: f64,
    wall: f64,
    wall_opened: usize,
}

/// Opens JWEs for about `secs` seconds of CPU time. Each pass over `jwes` gets a fresh
/// store from `store(pass)`, so that none is a replay.
fn bench_open<S: ReplayStore>(
    private: &str,
    jwes: &[String],
    now: u64,
    secs: f64,
    store: impl Fn(usize) -> Result<S, String>,
) -> Result<Rate, String> {
    let budget = (secs * 1e9) as u64;
    let (mut cpu, mut wall, mut opened) = (0u64, Duration::ZERO, 0usize);
    let mut pass = 0;
    while cpu < budget {
        let opener = Opener::new(PrivateKey::import(private).map_err(|e| e.to_string())?)
            .with_store(store(pass)?);
        pass += 1;
        let (start, start_cpu) = (Instant::now(), cpu_ns().ok_or("no schedstat")?);
        for jwe in jwes {
            let fields = opener.open(jwe, now).map_err(|e| e.to_string())?;
            std::hint::black_box(&fields);
            opened += 1;
        }
        wall += start.elapsed();
        cpu += cpu_ns().ok_or("no schedstat")? - start_cpu;
    }
    Ok(Rate {
        cpu: opened as f64 / (cpu as f64 / 1e9),
        wall: opened as f64 / wall.as_secs_f64(),
        wall_opened: opened,
    })
}

/// The bare RSA-OAEP-256 unwrap (aws-lc-rs) for about `secs` seconds; returns ops per
/// CPU second.
fn bench_unwrap(private: &str, jwe: &str, secs: f64) -> Result<f64, String> {
    use aws_lc_rs::rsa::{OaepPrivateDecryptingKey, PrivateDecryptingKey};
    let (_, der) = cardseal_open::pem::first_block(private).ok_or("no PEM")?;
    let key = PrivateDecryptingKey::from_pkcs8(&der).map_err(|e| e.to_string())?;
    let key = OaepPrivateDecryptingKey::new(key).map_err(|e| e.to_string())?;
    let ek = jwe
        .split('.')
        .nth(1)
        .and_then(|p| cardseal::b64::decode_url_strict(p.as_bytes()))
        .ok_or("no encrypted key")?;
    let budget = (secs * 1e9) as u64;
    let start = cpu_ns().ok_or("no schedstat")?;
    let mut n = 0usize;
    while cpu_ns().ok_or("no schedstat")? - start < budget {
        for _ in 0..64 {
            let cek =
                cardseal_open::primitives::unwrap_cek(&key, &ek).map_err(|_| "unwrap failed")?;
            std::hint::black_box(&cek);
        }
        n += 64;
    }
    Ok(n as f64 / ((cpu_ns().ok_or("no schedstat")? - start) as f64 / 1e9))
}

/// `openssl speed -seconds 3 rsa2048`: private-key operations (sign/s).
fn openssl_sign_per_sec() -> Result<(f64, String), String> {
    let out = Command::new("openssl")
        .args(["speed", "-seconds", "3", "rsa2048"])
        .output()
        .map_err(|e| format!("openssl: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let version = Command::new("openssl")
        .arg("version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    // The header names the columns after "rsa 2048 bits" (3 tokens) on the data line.
    let header = text
        .lines()
        .find(|l| l.contains("sign/s"))
        .ok_or("openssl speed: no sign/s column")?;
    let col = header
        .split_whitespace()
        .position(|t| t == "sign/s")
        .ok_or("openssl speed: no sign/s column")?;
    let data = text
        .lines()
        .find(|l| l.starts_with("rsa 2048 bits") || l.starts_with("rsa  2048 bits"))
        .ok_or("openssl speed: no rsa 2048 line")?;
    let value = data
        .split_whitespace()
        .nth(3 + col)
        .and_then(|v| v.parse::<f64>().ok())
        .ok_or("openssl speed: unreadable sign/s")?;
    Ok((value, version))
}

/// CPU time (user + system, in seconds) of process `pid` so far, from /proc/PID/stat.
fn process_cpu_s(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which is in parentheses): utime and stime are the
    // 14th and 15th fields of the line, the 12th and 13th after ")".
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0) // USER_HZ is 100 on Linux
}

/// The open run with a Redis store: returns its rate and Redis's CPU per open (us).
fn bench_redis(private: &str, jwes: &[String], now: u64, secs: f64) -> Result<(Rate, f64), String> {
    let server = redis_server::RedisServer::start_with(&["appendfsync everysec"]);
    let pid = server.pid().ok_or("redis-server is not running")?;
    let url = server.url();
    let before = process_cpu_s(pid).ok_or("no /proc stat for redis-server")?;
    let rate = bench_open(private, jwes, now, secs, |pass| {
        RedisReplayStore::new(&url)
            .map(|s| s.prefix(format!("bench:{pass}:")))
            .map_err(|e| e.to_string())
    })?;
    let after = process_cpu_s(pid).ok_or("no /proc stat for redis-server")?;
    let opened = rate.wall_opened as f64;
    Ok((rate, (after - before) * 1e6 / opened))
}

fn run() -> Result<(), String> {
    let secs: f64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let private = read("rsa2048-private-pkcs8.pem")?;
    let public =
        cardseal::PublicKey::import(&read("rsa2048-spki.pem")?).map_err(|e| e.to_string())?;
    let sealer = cardseal::Sealer::new(public);
    let mut fields = cardseal::Fields::default();
    fields.number = Some("4111 1111 1111 1111".into());
    fields.expiry = Some("12/34".into());
    fields.cvc = Some("123".into());
    fields.name = Some("Budi Santoso".into());
    fields.email = Some("budi@example.com".into());
    let now = 1_790_000_000;
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
    let jwes = (0..BATCH)
        .map(|_| sealer.seal(&fields, &mut rng, now).map(|s| s.jwe))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    println!(
        "cardseal-open bench: RSA-2048 JWE of {} bytes, one thread, {secs} s per open run",
        jwes[0].len()
    );

    let memory = |_| Ok(MemoryReplayStore::new());
    let first = bench_open(&private, &jwes, now, secs, memory)?;
    let (openssl, version) = openssl_sign_per_sec()?;
    let second = bench_open(&private, &jwes, now, secs, memory)?;
    let unwrap = bench_unwrap(&private, &jwes[0], secs / 3.0)?;
    let opens = (first.cpu + second.cpu) / 2.0;
    println!("  rates per CPU second, as openssl speed counts; per wall-clock second in brackets");
    println!(
        "  open (run 1)                          {:>9.1} JWE/s  ({:.1})",
        first.cpu, first.wall
    );
    println!("  openssl speed -seconds 3 rsa2048      {openssl:>9.1} sign/s  ({version})");
    println!(
        "  open (run 2)                          {:>9.1} JWE/s  ({:.1})",
        second.cpu, second.wall
    );
    println!("  bare RSA-OAEP-256 unwrap (aws-lc-rs)  {unwrap:>9.1} op/s");
    println!("  open, mean of runs 1 and 2            {opens:>9.1} JWE/s");
    println!(
        "  ratio open / openssl private ops      {:>9.2}x  (goal >= 0.90x)",
        opens / openssl
    );
    let (redis, redis_cpu_us) = bench_redis(&private, &jwes, now, secs)?;
    println!(
        "  open with the Redis store             {:>9.1} JWE/s  ({:.1}); {:.2}x openssl",
        redis.cpu,
        redis.wall,
        redis.cpu / openssl
    );
    println!(
        "    (EXISTS + SET NX PX per open over loopback; redis-server's own CPU: {redis_cpu_us:.1} us an open)"
    );
    let opener = Opener::new(PrivateKey::import(&private).map_err(|e| e.to_string())?);
    let kid = cardseal::PublicKey::import(&read("rsa2048-spki.pem")?)
        .map_err(|e| e.to_string())?
        .thumbprint()
        .to_owned();
    hostile::run(&opener, &kid, now, 1e6 / opens);
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-open: {e}");
            ExitCode::FAILURE
        }
    }
}
