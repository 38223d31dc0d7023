//! Real `redis-server`s (Debian's package; `scripts/setup.sh redis` installs it) that a
//! test starts on free loopback ports and that are killed, by their pids, when dropped:
//! one server ([`RedisServer`]), optionally with passwords ([`Auth`]) and TLS ([`Tls`]),
//! or a Sentinel topology ([`Topology`]: a primary, two replicas, three sentinels). Each
//! server has its own fresh temporary directory for its configuration file (sentinels
//! rewrite theirs) and its append-only file, so a restart keeps the records, as a
//! production Redis with persistence would.
//!
//! This file is the one place the project's Redis configurations are written: the tests,
//! `make load` and `make demo` (through open/examples/redis_topology.rs) all use it.
// Test helpers: a failure here is a failed test.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The master name the sentinels monitor.
pub const MASTER: &str = "mymaster";
/// The ACL user the replay store logs in as.
pub const STORE_USER: &str = "cardseal";

/// Passwords generated at start-up, never stored in the repository: `admin` for the
/// `default` user (replication, sentinels, the tests' own commands) and `password` for
/// [`STORE_USER`], an ACL user that may run only what the replay store needs, on its key
/// prefix only.
pub struct Auth {
    pub admin: String,
    pub password: String,
}

impl Auth {
    /// Two fresh random passwords (128 bits each, hex).
    pub fn generate() -> Arc<Auth> {
        Arc::new(Auth {
            admin: random_hex(16),
            password: random_hex(16),
        })
    }

    /// `cardseal:PASSWORD@`, for a URL.
    pub fn userinfo(&self) -> String {
        format!("{STORE_USER}:{}@", self.password)
    }

    /// The ACL lines of a data node: the store's user may `EXISTS`, `SET` and `WAIT` on
    /// keys under `cardseal:jti:`, `PING` and ask `ROLE` (to check it found the primary),
    /// nothing else: no `FLUSHALL`, no `DEL`, no `CONFIG`.
    fn node_lines(&self) -> Vec<String> {
        vec![
            format!("user default on >{} ~* &* +@all", self.admin),
            format!(
                "user {STORE_USER} on >{} resetkeys ~cardseal:jti:* resetchannels -@all \
                 +exists +set +wait +ping +role +select",
                self.password
            ),
            "masteruser default".into(),
            format!("masterauth {}", self.admin),
        ]
    }

    /// The ACL lines of a sentinel: the store's user may only ask where the primary is.
    fn sentinel_lines(&self) -> Vec<String> {
        vec![
            format!("requirepass {}", self.admin),
            format!(
                "user {STORE_USER} on >{} -@all +sentinel|get-master-addr-by-name +ping",
                self.password
            ),
            "sentinel sentinel-user default".into(),
            format!("sentinel sentinel-pass {}", self.admin),
        ]
    }
}

/// A throwaway certificate authority and a server certificate for 127.0.0.1, made with
/// the `openssl` command in a temporary directory that is removed when dropped.
pub struct Tls {
    pub dir: PathBuf,
}

impl Tls {
    pub fn generate() -> Arc<Tls> {
        let dir = temp_dir("tls");
        let run = |args: &[&str]| {
            let out = Command::new("openssl")
                .args(args)
                .current_dir(&dir)
                .stdin(Stdio::null())
                .output()
                .expect("the openssl command (Debian's openssl package)");
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        run(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=cardseal test CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
        ]);
        run(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ]);
        std::fs::write(
            dir.join("ext.cnf"),
            "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n",
        )
        .unwrap();
        run(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "1",
            "-extfile",
            "ext.cnf",
            "-out",
            "server.pem",
        ]);
        Arc::new(Tls { dir })
    }

    /// The CA certificate a client trusts.
    pub fn ca(&self) -> PathBuf {
        self.dir.join("ca.pem")
    }

    fn lines(&self, tls_port: u16) -> Vec<String> {
        let f = |n: &str| self.dir.join(n).display().to_string();
        vec![
            format!("tls-port {tls_port}"),
            format!("tls-cert-file {}", f("server.pem")),
            format!("tls-key-file {}", f("server.key")),
            format!("tls-ca-cert-file {}", f("ca.pem")),
            "tls-auth-clients no".into(),
        ]
    }
}

impl Drop for Tls {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// How a server is configured, beyond the defaults.
#[derive(Clone, Default)]
pub struct Setup {
    pub auth: Option<Arc<Auth>>,
    /// TLS on a second port ([`RedisServer::tls_port`]); the plain port stays for the
    /// tests' own commands.
    pub tls: Option<Arc<Tls>>,
    /// a replica of the primary on this port
    pub replica_of: Option<u16>,
    /// a sentinel monitoring the primary on this port
    pub sentinel_of: Option<u16>,
    /// `appendfsync always` (each write on disk before the answer) instead of `everysec`
    pub fsync_always: bool,
    /// more configuration lines (a later one wins)
    pub lines: Vec<String>,
}

impl Setup {
    /// A data node of the Sentinel topology: a replica of `replica_of`, or the primary.
    pub fn node(auth: &Arc<Auth>, replica_of: Option<u16>) -> Setup {
        Setup {
            auth: Some(auth.clone()),
            replica_of,
            lines: vec![
                // A primary refuses writes unless a replica is connected and at most 10 s
                // behind: an isolated old primary accepts nothing.
                "min-replicas-to-write 1".into(),
                "min-replicas-max-lag 10".into(),
            ],
            ..Setup::default()
        }
    }

    /// A sentinel of the topology whose first primary is on `primary`.
    pub fn sentinel(auth: &Arc<Auth>, primary: u16) -> Setup {
        Setup {
            auth: Some(auth.clone()),
            sentinel_of: Some(primary),
            ..Setup::default()
        }
    }

    /// The configuration file's lines for a server on `port` (and `tls_port`) in `dir`.
    pub fn config(&self, port: u16, tls_port: u16, dir: &Path) -> Vec<String> {
        let mut c = vec![
            format!("port {port}"),
            "bind 127.0.0.1".into(),
            "daemonize no".into(),
            format!("dir {}", dir.display()),
            "loglevel warning".into(),
        ];
        if let Some(primary) = self.sentinel_of {
            c.extend([
                "sentinel announce-ip 127.0.0.1".to_owned(),
                "sentinel resolve-hostnames yes".to_owned(),
                format!("sentinel monitor {MASTER} 127.0.0.1 {primary} 2"),
                // Short, for tests and the demo: a primary silent for 1 s is down.
                format!("sentinel down-after-milliseconds {MASTER} 1000"),
                format!("sentinel failover-timeout {MASTER} 10000"),
                format!("sentinel parallel-syncs {MASTER} 1"),
            ]);
            if let Some(a) = &self.auth {
                c.push(format!("sentinel auth-user {MASTER} default"));
                c.push(format!("sentinel auth-pass {MASTER} {}", a.admin));
                c.extend(a.sentinel_lines());
            }
        } else {
            c.extend([
                "save \"\"".to_owned(),
                "appendonly yes".to_owned(),
                format!(
                    "appendfsync {}",
                    if self.fsync_always {
                        "always"
                    } else {
                        "everysec"
                    }
                ),
                "replica-announce-ip 127.0.0.1".to_owned(),
                "repl-diskless-sync-delay 0".to_owned(),
            ]);
            if let Some(a) = &self.auth {
                c.extend(a.node_lines());
            }
            if let Some(primary) = self.replica_of {
                c.push(format!("replicaof 127.0.0.1 {primary}"));
            }
        }
        if let Some(t) = &self.tls {
            c.extend(t.lines(tls_port));
            // Replication, and a sentinel's links to the nodes and to other sentinels, over
            // TLS too (the ports given for them are then the TLS ports).
            c.push("tls-replication yes".into());
        }
        c.extend(self.lines.iter().cloned());
        c
    }
}

/// A running (or stopped, or paused) `redis-server`.
pub struct RedisServer {
    pub port: u16,
    /// the TLS port, with [`Setup::tls`]
    pub tls_port: Option<u16>,
    setup: Setup,
    dir: PathBuf,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts one on a free loopback port, syncing its append-only file on every write.
    pub fn start() -> RedisServer {
        RedisServer::start_setup(Setup {
            fsync_always: true,
            ..Setup::default()
        })
    }

    /// Starts one with `extra` configuration lines after the defaults (a later one
    /// wins), e.g. `["appendfsync everysec"]`.
    pub fn start_with(extra: &[&str]) -> RedisServer {
        RedisServer::start_setup(Setup {
            fsync_always: true,
            lines: extra.iter().map(|a| a.to_string()).collect(),
            ..Setup::default()
        })
    }

    /// Starts one as `setup` says.
    pub fn start_setup(setup: Setup) -> RedisServer {
        let dir = temp_dir(if setup.sentinel_of.is_some() {
            "sentinel"
        } else {
            "redis"
        });
        // Another process may take a port between our probe and redis binding it: try
        // a few.
        for _ in 0..5 {
            let mut server = RedisServer {
                port: free_port(),
                tls_port: setup.tls.as_ref().map(|_| free_port()),
                setup: setup.clone(),
                dir: dir.clone(),
                child: None,
            };
            server.write_config();
            if server.spawn() {
                return server;
            }
        }
        panic!("redis-server did not start on any of 5 free ports");
    }

    fn config_file(&self) -> PathBuf {
        self.dir.join("redis.conf")
    }

    fn write_config(&self) {
        let lines = self
            .setup
            .config(self.port, self.tls_port.unwrap_or(0), &self.dir);
        let path = self.config_file();
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        // It holds the passwords.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
    }

    /// `redis://127.0.0.1:PORT` (DB 0), with the store user's password when there is one.
    pub fn url(&self) -> String {
        let userinfo = self.setup.auth.as_ref().map(|a| a.userinfo());
        format!(
            "redis://{}127.0.0.1:{}",
            userinfo.unwrap_or_default(),
            self.port
        )
    }

    /// `rediss://…@127.0.0.1:TLS_PORT?ca=CA_FILE`.
    pub fn tls_url(&self) -> String {
        let tls = self.setup.tls.as_ref().expect("a TLS server");
        let userinfo = self.setup.auth.as_ref().map(|a| a.userinfo());
        format!(
            "rediss://{}127.0.0.1:{}?ca={}",
            userinfo.unwrap_or_default(),
            self.tls_port.unwrap_or(0),
            tls.ca().display()
        )
    }

    fn spawn(&mut self) -> bool {
        let mut cmd = Command::new("redis-server");
        cmd.arg(self.config_file());
        if self.setup.sentinel_of.is_some() {
            cmd.arg("--sentinel");
        }
        let log = std::fs::File::create(self.dir.join("log")).unwrap();
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
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

    /// The port its clients, replicas and sentinels use: the TLS port with TLS.
    pub fn service_port(&self) -> u16 {
        self.tls_port.unwrap_or(self.port)
    }

    /// The server's process id while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Whether it runs.
    pub fn running(&self) -> bool {
        self.child.is_some()
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

    /// Leaves the server running after this value is gone (for `make demo`, which stops
    /// it by its pid); returns the pid.
    pub fn detach(mut self) -> Option<u32> {
        let pid = self.pid();
        if let Some(c) = self.child.take() {
            std::mem::forget(c);
        }
        self.dir = PathBuf::new();
        pid
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

    /// Sends one inline command (as the admin, when there are passwords) and returns the
    /// first line of the reply, or `None` if the server does not answer within a second.
    pub fn command(&self, cmd: &str) -> Option<String> {
        self.reply(cmd).and_then(|r| r.into_iter().next())
    }

    /// Sends one inline command (as the admin, when there are passwords) and returns the
    /// reply: a simple line, or the elements of a flat array (`None` for a nil one).
    pub fn reply(&self, cmd: &str) -> Option<Vec<String>> {
        let addr = (Ipv4Addr::LOCALHOST, self.port);
        let s = TcpStream::connect_timeout(&addr.into(), Duration::from_secs(1)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(1))).ok()?;
        let mut w = s.try_clone().ok()?;
        let mut r = BufReader::new(s);
        if let Some(a) = &self.setup.auth {
            w.write_all(format!("AUTH default {}\r\n", a.admin).as_bytes())
                .ok()?;
            if line(&mut r)? != "+OK" {
                return None;
            }
        }
        w.write_all(format!("{cmd}\r\n").as_bytes()).ok()?;
        let first = line(&mut r)?;
        let Some(n) = first.strip_prefix('*') else {
            return Some(vec![first]);
        };
        let n: i64 = n.parse().ok()?;
        let mut items = Vec::new();
        for _ in 0..n.max(0) {
            let head = line(&mut r)?;
            if head.starts_with('$') {
                items.push(line(&mut r)?);
            } else {
                items.push(head);
            }
        }
        Some(items)
    }

    /// The number of keys in DB 0.
    pub fn dbsize(&self) -> u64 {
        let r = self.command("DBSIZE").expect("DBSIZE answered");
        r.trim_start_matches(':').parse().unwrap()
    }

    /// A field of `INFO replication` (e.g. `role`, `master_link_status`).
    pub fn replication(&self, field: &str) -> Option<String> {
        let addr = (Ipv4Addr::LOCALHOST, self.port);
        let s = TcpStream::connect_timeout(&addr.into(), Duration::from_secs(1)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(1))).ok()?;
        let mut w = s.try_clone().ok()?;
        let mut r = BufReader::new(s);
        if let Some(a) = &self.setup.auth {
            w.write_all(format!("AUTH default {}\r\n", a.admin).as_bytes())
                .ok()?;
            line(&mut r)?;
        }
        w.write_all(b"INFO replication\r\n").ok()?;
        let len: usize = line(&mut r)?.strip_prefix('$')?.parse().ok()?;
        let mut body = vec![0u8; len + 2];
        r.read_exact(&mut body).ok()?;
        let text = String::from_utf8(body).ok()?;
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{field}:")).map(str::to_owned))
    }
}

fn line(r: &mut impl BufRead) -> Option<String> {
    let mut l = String::new();
    if r.read_line(&mut l).ok()? == 0 {
        return None;
    }
    Some(l.trim_end_matches(['\r', '\n']).to_owned())
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
        if !self.dir.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A primary, two replicas and three sentinels (quorum 2) on loopback, with passwords
/// ([`Auth`]) and `min-replicas-to-write 1`. Every process is killed when dropped.
pub struct Topology {
    /// the data nodes; `nodes[0]` was the first primary
    pub nodes: Vec<RedisServer>,
    pub sentinels: Vec<RedisServer>,
    pub auth: Arc<Auth>,
    /// with [`Topology::start_tls`]: every link but the tests' own commands is TLS
    pub tls: Option<Arc<Tls>>,
}

impl Topology {
    /// Starts it and waits (at most 30 s) until both replicas are in sync and every
    /// sentinel knows the replicas and the other sentinels.
    pub fn start() -> Topology {
        Topology::start_with(None)
    }

    /// The same with TLS between every client, node and sentinel (a throwaway CA).
    pub fn start_tls() -> Topology {
        Topology::start_with(Some(Tls::generate()))
    }

    fn start_with(tls: Option<Arc<Tls>>) -> Topology {
        let auth = Auth::generate();
        let with_tls = |mut s: Setup| {
            s.tls = tls.clone();
            s
        };
        let primary = RedisServer::start_setup(with_tls(Setup::node(&auth, None)));
        let p = primary.service_port();
        let mut nodes = vec![primary];
        for _ in 0..2 {
            nodes.push(RedisServer::start_setup(with_tls(Setup::node(
                &auth,
                Some(p),
            ))));
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        while !nodes[1..]
            .iter()
            .all(|n| n.replication("master_link_status").as_deref() == Some("up"))
        {
            assert!(Instant::now() < deadline, "the replicas did not sync");
            std::thread::sleep(Duration::from_millis(50));
        }
        let sentinels: Vec<_> = (0..3)
            .map(|_| RedisServer::start_setup(with_tls(Setup::sentinel(&auth, p))))
            .collect();
        let t = Topology {
            nodes,
            sentinels,
            auth,
            tls,
        };
        while !t.sentinels.iter().all(|s| {
            let r = s
                .reply(&format!("SENTINEL MASTER {MASTER}"))
                .unwrap_or_default();
            let get = |k: &str| {
                r.iter()
                    .position(|x| x == k)
                    .and_then(|i| r.get(i + 1).cloned())
            };
            get("num-slaves").as_deref() == Some("2")
                && get("num-other-sentinels").as_deref() == Some("2")
        }) {
            assert!(
                Instant::now() < deadline,
                "the sentinels did not find each other"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        t
    }

    /// `redis+sentinel://cardseal:PASSWORD@127.0.0.1:S1,…/mymaster` and `params`
    /// (e.g. `?replicas=1&wait_ms=500`).
    /// With TLS: `rediss+sentinel://…` to the sentinels' TLS ports, and `ca=` added.
    pub fn url(&self, params: &str) -> String {
        let hosts: Vec<String> = self
            .sentinels
            .iter()
            .map(|s| format!("127.0.0.1:{}", s.service_port()))
            .collect();
        let (scheme, params) = match &self.tls {
            Some(t) => (
                "rediss+sentinel",
                format!(
                    "{params}{}ca={}",
                    if params.is_empty() { "?" } else { "&" },
                    t.ca().display()
                ),
            ),
            None => ("redis+sentinel", params.to_owned()),
        };
        format!(
            "{scheme}://{}{}/{MASTER}{params}",
            self.auth.userinfo(),
            hosts.join(",")
        )
    }

    /// The primary's port as the first sentinel that answers names it.
    pub fn primary_port(&self) -> Option<u16> {
        self.sentinels.iter().find_map(|s| {
            let r = s.reply(&format!("SENTINEL GET-MASTER-ADDR-BY-NAME {MASTER}"))?;
            r.get(1)?.parse().ok()
        })
    }

    /// The index in `nodes` of the node on `port`.
    pub fn node_on(&self, port: u16) -> Option<usize> {
        self.nodes.iter().position(|n| n.service_port() == port)
    }

    /// Waits (at most `within`) until the sentinels name a primary other than the one on
    /// `old` and it answers `role:master`; its port.
    pub fn wait_for_failover(&self, old: u16, within: Duration) -> Option<u16> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(p) = self.primary_port().filter(|p| *p != old) {
                let i = self.node_on(p)?;
                if self.nodes[i].replication("role").as_deref() == Some("master") {
                    return Some(p);
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

/// A port that was free on the loopback interface a moment ago.
pub fn free_port() -> u16 {
    let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    l.local_addr().unwrap().port()
}

/// `bytes` random bytes from the kernel, as hex.
pub fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut b))
        .unwrap();
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn temp_dir(kind: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "cardseal-{kind}-{}-{}",
        std::process::id(),
        unique()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}
