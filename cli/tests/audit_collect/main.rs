//! `cardseal audit collect`: real reports from headless Chromium (a page over HTTPS, served
//! by nginx with a self-signed certificate, as browsers upload Reporting API reports only
//! for secure pages) are stored in SQLite, and the script the inventory does not know is
//! flagged with a log line and a webhook; and the collector's bounds.

// Test code: a failure here is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/audit_site.rs"]
mod audit_site;

use audit_site::*;
use cardseal_audit::cdp::{chromium_path, Browser};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// Starts the collector; returns it, its address, and its stderr lines.
fn collector(inventory: &Path, db: &Path, extra: &[&str]) -> (Proc, String, Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cardseal"))
        .args(["audit", "collect", "--inventory"])
        .arg(inventory)
        .arg("--db")
        .arg(db)
        .args(if extra.contains(&"--listen") {
            &[][..]
        } else {
            &["--listen", "127.0.0.1:0"][..]
        })
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = channel();
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let first = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let addr = first.rsplit("http://").next().unwrap().to_owned();
    assert!(first.contains("listening on"), "{first}");
    (Proc(child), addr, rx)
}

/// One raw HTTP request; returns the status line.
fn post(addr: &str, content_type: &str, body: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /reports HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    let _ = s.write_all(body);
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.lines().next().unwrap_or_default().to_owned()
}

fn rows(db: &Path) -> Vec<(String, String, String, bool)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare("SELECT type, script_url, hash, unknown FROM reports ORDER BY id")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// A webhook receiver: each POST body, as JSON.
fn webhook() -> (String, Receiver<Value>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", l.local_addr().unwrap());
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for mut s in l.incoming().map_while(Result::ok) {
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            loop {
                let n = s.read(&mut chunk).unwrap_or(0);
                buf.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&buf).into_owned();
                if let Some((head, body)) = text.split_once("\r\n\r\n") {
                    let len: usize = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse().unwrap())
                        })
                        .unwrap_or(0);
                    if body.len() >= len {
                        let _ =
                            s.write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
                        let _ = tx.send(serde_json::from_str(&body[..len]).unwrap());
                        break;
                    }
                }
                if n == 0 {
                    break;
                }
            }
        }
    });
    (url, rx)
}

fn openssl(args: &[&str], stdin: Option<&[u8]>) -> Vec<u8> {
    let mut c = Command::new("openssl")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut i = c.stdin.take().unwrap();
    if let Some(b) = stdin {
        i.write_all(b).unwrap();
    }
    drop(i);
    let o = c.wait_with_output().unwrap();
    assert!(o.status.success(), "openssl {args:?}");
    o.stdout
}

/// nginx serving `root` over HTTPS (self-signed) on `port`, with the page's reporting
/// headers, and /reports proxied to the collector. Returns it and the certificate's SPKI
/// hash for Chromium's --ignore-certificate-errors-spki-list.
fn nginx(dir: &TempDir, port: u16, collector: &str) -> (Proc, String) {
    let (key, cert) = (dir.path("key.pem"), dir.path("cert.pem"));
    openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            key.to_str().unwrap(),
            "-out",
            cert.to_str().unwrap(),
        ],
        None,
    );
    let pubkey = openssl(
        &["x509", "-pubkey", "-noout", "-in", cert.to_str().unwrap()],
        None,
    );
    let der = openssl(&["pkey", "-pubin", "-outform", "der"], Some(&pubkey));
    let digest = openssl(&["dgst", "-sha256", "-binary"], Some(&der));
    let spki = cardseal_audit::hash::b64(&digest);
    let d = dir.0.display();
    let conf = format!(
        r#"daemon off;
master_process off;
pid {d}/nginx.pid;
error_log {d}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {d}/tmp-body; proxy_temp_path {d}/tmp-proxy;
  fastcgi_temp_path {d}/tmp-fcgi; uwsgi_temp_path {d}/tmp-uwsgi; scgi_temp_path {d}/tmp-scgi;
  types {{ text/html html; text/javascript js; }}
  server {{
    listen 127.0.0.1:{port} ssl;
    ssl_certificate {d}/cert.pem;
    ssl_certificate_key {d}/key.pem;
    root {d}/www;
    location /reports {{ proxy_pass http://{collector}; }}
    location / {{
      add_header Content-Security-Policy "script-src 'self' 'report-sha256'; report-to cardseal" always;
      add_header Reporting-Endpoints 'cardseal="https://127.0.0.1:{port}/reports"' always;
      add_header Integrity-Policy-Report-Only "blocked-destinations=(script), endpoints=(cardseal)" always;
      add_header Cache-Control "no-store" always;
    }}
  }}
}}
"#
    );
    std::fs::write(dir.path("nginx.conf"), conf).unwrap();
    let child = Command::new("nginx")
        .args(["-p", &d.to_string(), "-c", &format!("{d}/nginx.conf")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nginx did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (Proc(child), spki)
}

#[test]
#[ignore = "needs Chromium, nginx and openssl: run by `make test-audit`"]
fn chromium_reports_reach_the_collector_and_the_unknown_script_is_flagged() {
    let dir = TempDir::new("collect");
    let www = dir.path("www");
    std::fs::create_dir_all(&www).unwrap();
    let page = |extra: &str| {
        format!("<!doctype html><html><head><script src=\"/known.js\"></script>{extra}</head><body>pay</body></html>")
    };
    std::fs::write(www.join("index.html"), page("")).unwrap();
    std::fs::write(www.join("known.js"), "window.known = 1;").unwrap();
    std::fs::write(www.join("unknown.js"), "window.skim = 1;").unwrap();
    // The inventory: the page as approved, captured over HTTPS by `snapshot`.
    let port = free_port();
    let collector_addr = format!("127.0.0.1:{}", free_port());
    let (_nginx, spki) = nginx(&dir, port, &collector_addr);
    let inventory = dir.path("inventory.toml");
    let db = dir.path("reports.sqlite");
    let url = format!("https://127.0.0.1:{port}/index.html");
    let ignore = format!("--chromium-arg=--ignore-certificate-errors-spki-list={spki}");
    let o = cardseal(&[
        "audit",
        "snapshot",
        &url,
        "--out",
        inventory.to_str().unwrap(),
        &ignore,
        "--settle-ms=300",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let (hook, alerts) = webhook();
    let (_collector, _, log) = collector(
        &inventory,
        &db,
        &["--listen", &collector_addr, "--webhook", &hook],
    );

    // A shopper's browser loads the page after a script was slipped in.
    std::fs::write(
        www.join("index.html"),
        page("<script src=\"/unknown.js\"></script>"),
    )
    .unwrap();
    let mut b = Browser::launch(
        &chromium_path(None).unwrap(),
        &[
            format!("--ignore-certificate-errors-spki-list={spki}"),
            "--short-reporting-delay".into(),
        ],
    )
    .unwrap();
    b.call(None, "Target.createTarget", json!({ "url": url }))
        .unwrap();
    // Chromium uploads a csp-hash report for each external script (none for inline ones),
    // only for a page served over HTTPS, batched.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut got = Vec::new();
    while Instant::now() < deadline {
        got = rows(&db);
        let scripts: Vec<&str> = got
            .iter()
            .filter(|r| r.0 == "csp-hash")
            .map(|r| r.1.as_str())
            .collect();
        if scripts.iter().any(|s| s.ends_with("/known.js"))
            && scripts.iter().any(|s| s.ends_with("/unknown.js"))
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(b);
    let hashes: Vec<_> = got.iter().filter(|r| r.0 == "csp-hash").collect();
    let known = hashes
        .iter()
        .find(|r| r.1.ends_with("/known.js"))
        .expect("a csp-hash report for known.js");
    let unknown = hashes
        .iter()
        .find(|r| r.1.ends_with("/unknown.js"))
        .expect("a csp-hash report for unknown.js");
    assert!(!known.3, "known.js is in the inventory");
    assert!(unknown.3, "unknown.js is not");
    assert_eq!(unknown.2, cardseal_audit::hash::sha256(b"window.skim = 1;"));
    // The unknown script (as a hash and as a script without SRI) is alerted; known.js
    // reaches the alerts only through Integrity-Policy (no SRI), never as a hash.
    let alert = alerts.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(alert["kind"], "unknown_script_reported");
    assert!(
        alert["script"].as_str().unwrap().ends_with("/unknown.js"),
        "{alert}"
    );
    let line = log.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(
        line.contains("ALERT") && line.contains("unknown.js"),
        "{line}"
    );
    let integrity: Vec<_> = got
        .iter()
        .filter(|r| r.0 == "integrity-violation")
        .collect();
    assert!(
        integrity
            .iter()
            .all(|r| r.3 == r.1.ends_with("/unknown.js")),
        "{integrity:?}"
    );
}

#[test]
fn the_collector_is_bounded() {
    let dir = TempDir::new("bounds");
    let inventory = dir.path("inventory.toml");
    std::fs::write(&inventory, "version = 1\nmode = \"in-page\"\n").unwrap();
    let db = dir.path("r.sqlite");
    let (_c, addr, _log) = collector(
        &inventory,
        &db,
        &["--max-body", "2000", "--rate", "5", "--max-reports", "3"],
    );
    let reports = |from: usize, to: usize| {
        Value::Array(
            (from..to)
                .map(|n| json!({ "type": "csp-hash", "url": "https://s/p", "body": {
                    "documentURL": "https://s/p", "hash": format!("sha256-{n}"), "subresourceURL": format!("https://s/{n}.js") } }))
                .collect(),
        )
        .to_string()
    };
    let ok = "HTTP/1.1 204 No Content";
    // Five reports in one request: only the newest three are kept.
    assert_eq!(
        post(&addr, "application/reports+json", reports(0, 5).as_bytes()),
        ok
    );
    assert_eq!(rows(&db).len(), 3);
    assert_eq!(
        post(&addr, "application/reports+json", &[b' '; 2001]),
        "HTTP/1.1 413 Content Too Large"
    );
    assert_eq!(post(&addr, "text/plain", b"[]"), "HTTP/1.1 400 Bad Request");
    assert_eq!(
        post(&addr, "application/reports+json", reports(5, 6).as_bytes()),
        ok
    );
    assert_eq!(
        post(&addr, "application/reports+json", reports(6, 7).as_bytes()),
        ok
    );
    // The sixth request of this client within the minute.
    assert_eq!(
        post(&addr, "application/reports+json", reports(7, 8).as_bytes()),
        "HTTP/1.1 429 Too Many Requests"
    );
    let kept: Vec<String> = rows(&db)
        .into_iter()
        .map(|r| {
            assert!(r.3, "not in the empty inventory");
            r.2
        })
        .collect();
    assert_eq!(kept, ["sha256-4", "sha256-5", "sha256-6"]);
}
