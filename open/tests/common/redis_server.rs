//! A real `redis-server` (Debian's package; `scripts/setup.sh redis` installs it) that a
//! test starts on a free loopback port and that is killed, by its pid, when dropped. Its
//! append-only file lives in a fresh temporary directory, so a restart keeps the records,
//! as a production Redis with persistence would.
// Test helpers: a failure here is a failed test.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running (or stopped, or paused) `redis-server`.
pub struct RedisServer {
    pub port: u16,
    dir: PathBuf,
    extra: Vec<String>,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts one on a free loopback port, syncing its append-only file on every write.
    pub fn start() -> RedisServer {
        RedisServer::start_with(&[])
    }

    /// Starts one with `extra` configuration arguments after the defaults (a later one
    /// wins), e.g. `["--appendfsync", "everysec"]`.
    pub fn start_with(extra: &[&str]) -> RedisServer {
        let dir = std::env::temp_dir().join(format!(
            "cardseal-redis-{}-{}",
            std::process::id(),
            unique()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        // Another process may take the port between our probe and redis binding it: try
        // a few ports.
        for _ in 0..5 {
            let port = free_port();
            let mut server = RedisServer {
                port,
                dir: dir.clone(),
                extra: extra.iter().map(|a| a.to_string()).collect(),
                child: None,
            };
            if server.spawn() {
                return server;
            }
        }
        panic!("redis-server did not start on any of 5 free ports");
    }

    /// `redis://127.0.0.1:PORT` (DB 0).
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    fn spawn(&mut self) -> bool {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string()])
            .args(["--bind", "127.0.0.1", "--save", "", "--daemonize", "no"])
            .args(["--appendonly", "yes", "--appendfsync", "always"])
            .arg("--dir")
            .arg(&self.dir)
            .args(&self.extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let mut child = match child {
            Ok(c) => c,
            Err(e) => panic!(
                "cannot run redis-server ({e}): install it with `scripts/setup.sh redis` \
                 (make test does)"
            ),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return false; // exited: most likely the port was taken
            }
            if self.command("PING").as_deref() == Some("+PONG") {
                self.child = Some(child);
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        false
    }

    /// The server's process id while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Kills the server (SIGKILL): clients then get connection errors.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts it again on the same port, with the records it had.
    pub fn restart(&mut self) {
        self.stop();
        assert!(
            self.spawn(),
            "redis-server did not restart on {}",
            self.port
        );
    }

    /// SIGSTOP: the server still accepts connections but answers nothing, so clients
    /// time out.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// SIGCONT after [`RedisServer::pause`].
    pub fn resume(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, sig: &str) {
        let pid = self.child.as_ref().expect("running").id().to_string();
        let ok = Command::new("kill").args([sig, &pid]).status().unwrap();
        assert!(ok.success(), "kill {sig} {pid}");
    }

    /// Sends one inline command and returns the first line of the reply, or `None` if
    /// the server does not answer within a second.
    pub fn command(&self, cmd: &str) -> Option<String> {
        let addr = (Ipv4Addr::LOCALHOST, self.port);
        let mut s = TcpStream::connect_timeout(&addr.into(), Duration::from_secs(1)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(1))).ok()?;
        s.write_all(format!("{cmd}\r\n").as_bytes()).ok()?;
        let mut reply = Vec::new();
        let mut byte = [0u8; 1];
        while !reply.ends_with(b"\r\n") {
            if s.read(&mut byte).ok()? == 0 {
                return None;
            }
            reply.push(byte[0]);
        }
        reply.truncate(reply.len() - 2);
        String::from_utf8(reply).ok()
    }

    /// The number of keys in DB 0.
    pub fn dbsize(&self) -> u64 {
        let r = self.command("DBSIZE").expect("DBSIZE answered");
        r.trim_start_matches(':').parse().unwrap()
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        if let Some(c) = &self.child {
            // A paused server must be resumed to die cleanly; SIGKILL works either way.
            let _ = Command::new("kill")
                .args(["-CONT", &c.id().to_string()])
                .status();
        }
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A port that was free on the loopback interface a moment ago.
pub fn free_port() -> u16 {
    let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    l.local_addr().unwrap().port()
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}
