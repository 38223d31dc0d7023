//! `make demo`'s Redis (scripts/demo.sh): starts, with the same configurations as the
//! tests and `make load` (tests/common/redis_server.rs), either one `redis-server` or a
//! primary, two replicas and three sentinels, on free loopback ports, with passwords
//! generated now and an ACL user for the processors. Writes the replay-store URL (it
//! holds the password) to `URL_FILE` (mode 0600), prints `pid N` for each server it
//! started and a description of the topology on stderr, and exits, leaving the servers to
//! the caller, which stops them by those pids.
//!
//! Usage: `redis_topology one|sentinel URL_FILE`

#[path = "../tests/common/redis_server.rs"]
mod redis_server;

use redis_server::{Auth, RedisServer, Setup, Topology};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, file) = match args.as_slice() {
        [m, f] if m == "one" || m == "sentinel" => (m.as_str(), f.as_str()),
        _ => {
            eprintln!("usage: redis_topology one|sentinel URL_FILE");
            return ExitCode::from(2);
        }
    };
    let (url, servers, about) = if mode == "one" {
        let r = RedisServer::start_setup(Setup {
            auth: Some(Auth::generate()),
            ..Setup::default()
        });
        let about = format!("one Redis on 127.0.0.1:{}", r.port);
        (r.url(), vec![r], about)
    } else {
        let t = Topology::start();
        let about = format!(
            "Redis primary 127.0.0.1:{} (pid {}), replicas 127.0.0.1:{} and 127.0.0.1:{}, \
             sentinels on {}; kill the primary to watch a failover",
            t.nodes[0].port,
            t.nodes[0].pid().unwrap_or(0),
            t.nodes[1].port,
            t.nodes[2].port,
            t.sentinels
                .iter()
                .map(|s| s.port.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let url = t.url("?replicas=1&wait_ms=500");
        (url, t.nodes.into_iter().chain(t.sentinels).collect(), about)
    };
    if let Err(e) = write_secret(file, &url) {
        eprintln!("redis_topology: {file}: {e}");
        return ExitCode::FAILURE; // the servers are stopped as they drop
    }
    for s in servers {
        if let Some(pid) = s.detach() {
            println!("pid {pid}");
        }
    }
    eprintln!("demo: {about}");
    ExitCode::SUCCESS
}

/// Writes `text` to a new file only its owner can read.
fn write_secret(path: &str, text: &str) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let _ = std::fs::remove_file(path);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())
}
