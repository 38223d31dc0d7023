//! A tiny HTTP/1.1 server for the audit's fixture pages, on a free loopback port, stopped
//! when dropped. Pages are changed between captures; `{nonce}` in a header or body is a
//! fresh nonce on every response (as a real per-request CSP nonce), `{PORT:name}` the port
//! of another site of the test.
// Test helpers: a failure here is a failed test.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Pages = HashMap<String, (Vec<(String, String)>, String)>;

/// One site (one origin).
pub struct Site {
    pub port: u16,
    pages: Arc<Mutex<Pages>>,
    stop: Arc<AtomicBool>,
    vars: Arc<Mutex<HashMap<String, String>>>,
}

static NONCES: AtomicU64 = AtomicU64::new(1);

fn fill(text: &str, nonce: &str, vars: &HashMap<String, String>) -> String {
    let mut t = text.replace("{nonce}", nonce);
    for (k, v) in vars {
        t = t.replace(&format!("{{{k}}}"), v);
    }
    t
}

fn serve(mut s: TcpStream, pages: &Mutex<Pages>, vars: &Mutex<HashMap<String, String>>) {
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 65536 {
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let path = path.split('?').next().unwrap_or("/").to_owned();
    let n = NONCES.fetch_add(1, Ordering::Relaxed);
    // 22 characters, different on every response.
    let nonce = format!("n{:020}", n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let vars = vars.lock().unwrap().clone();
    let found = pages.lock().unwrap().get(&path).cloned();
    let (status, headers, body) = match found {
        Some((h, b)) => ("200 OK", h, b),
        None => ("404 Not Found", vec![], "not found".to_owned()),
    };
    let body = fill(&body, &nonce, &vars);
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    let ct = if path.ends_with(".js") {
        "text/javascript"
    } else if path.ends_with(".json") {
        "application/json"
    } else {
        "text/html; charset=utf-8"
    };
    out.push_str(&format!(
        "Content-Type: {ct}\r\nCache-Control: no-store\r\n"
    ));
    for (k, v) in headers {
        out.push_str(&format!("{k}: {}\r\n", fill(&v, &nonce, &vars)));
    }
    out.push_str("\r\n");
    let _ = s.write_all(out.as_bytes());
    let _ = s.write_all(body.as_bytes());
}

impl Site {
    pub fn start() -> Site {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        l.set_nonblocking(true).unwrap();
        let pages: Arc<Mutex<Pages>> = Arc::default();
        let vars: Arc<Mutex<HashMap<String, String>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (p, v, st) = (pages.clone(), vars.clone(), stop.clone());
        std::thread::spawn(move || {
            while !st.load(Ordering::Relaxed) {
                match l.accept() {
                    Ok((s, _)) => {
                        s.set_nonblocking(false).unwrap();
                        let (p, v) = (p.clone(), v.clone());
                        std::thread::spawn(move || serve(s, &p, &v));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Site {
            port,
            pages,
            stop,
            vars,
        }
    }

    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin())
    }

    pub fn var(&self, k: &str, v: &str) {
        self.vars.lock().unwrap().insert(k.into(), v.into());
    }

    pub fn page(&self, path: &str, headers: &[(&str, &str)], body: &str) {
        self.pages.lock().unwrap().insert(
            path.into(),
            (
                headers
                    .iter()
                    .map(|(k, v)| ((*k).into(), (*v).into()))
                    .collect(),
                body.into(),
            ),
        );
    }

    /// A plain GET of `path`'s headers, for checking the server itself.
    pub fn head(&self, path: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out.split("\r\n\r\n").next().unwrap().to_owned()
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A fresh temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let d = std::env::temp_dir().join(format!(
            "cardseal-audit-test-{tag}-{}-{}",
            std::process::id(),
            NONCES.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&d).unwrap();
        TempDir(d)
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the `cardseal` binary.
pub fn cardseal(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cardseal"))
        .args(args)
        .output()
        .unwrap()
}

/// Validates JSON reports against audit/report.schema.json with Ajv (node).
pub fn validate_reports(files: &[PathBuf]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../audit/tests/validate-report.mjs");
    let out = Command::new("node")
        .arg(script)
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The sorted finding kinds of a JSON report, and its exit code.
pub fn kinds(report: &Path) -> (Vec<String>, i64) {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    let mut k: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_owned())
        .collect();
    k.sort();
    (k, v["exit_code"].as_i64().unwrap())
}

/// A free loopback port (bound, then released for the service the test starts).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A child process killed (by its pid) when dropped.
pub struct Proc(pub Child);
impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
