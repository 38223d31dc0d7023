//! `cardseal audit collect`: receives real browsers' reports (Reporting API
//! `application/reports+json`: `csp-hash`, `csp-violation`, `integrity-violation`; and the
//! legacy `application/csp-report`), stores them in SQLite and flags every script that is
//! not in the inventory (a log line, and a webhook). Bounded: request size, requests per
//! client per minute, reports per request, and rows kept.

use crate::inventory::Inventory;
use crate::messages::{finding, Lang};
use rusqlite::{params, Connection};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::io::{Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};
use std::time::{Duration, Instant};

/// A line on stderr; a closed stderr is no reason to stop collecting (eprintln! would
/// panic).
macro_rules! log {
    ($($t:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

/// The largest request head (request line and headers).
const MAX_HEAD: usize = 8 << 10;
/// Reports read from one request.
const MAX_REPORTS_PER_REQUEST: usize = 100;
/// Bytes of one report's JSON that are stored.
const MAX_STORED_BODY: usize = 8 << 10;
/// Clients tracked for the rate limit (the table is cleared when full).
const MAX_CLIENTS: usize = 10_000;
/// Distinct unknown scripts alerted on (each once).
const MAX_ALERTS: usize = 10_000;
/// Time a client has to send its request, and a webhook to answer.
const IO_TIMEOUT: Duration = Duration::from_secs(5);

/// `cardseal audit collect …`.
#[derive(Clone, Debug, clap::Args)]
pub struct CollectArgs {
    /// the reviewed inventory: script hashes and URLs not in it are flagged
    #[arg(long)]
    pub inventory: PathBuf,
    /// the SQLite database (created if missing)
    #[arg(long)]
    pub db: PathBuf,
    /// address to listen on (put it behind your TLS proxy; port 0 picks one)
    #[arg(long, default_value = "127.0.0.1:8790")]
    pub listen: String,
    /// http:// URL to POST a JSON alert to for every unknown script (once each)
    #[arg(long, value_name = "URL")]
    pub webhook: Option<String>,
    /// largest request body accepted, in bytes
    #[arg(long, default_value_t = 64 << 10, value_name = "BYTES")]
    pub max_body: usize,
    /// requests accepted per client address per minute
    #[arg(long, default_value_t = 120, value_name = "N")]
    pub rate: u32,
    /// reports kept in the database (the oldest go first)
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    pub max_reports: u64,
    /// language of the alert lines
    #[arg(long, value_enum, default_value = "en")]
    pub lang: Lang,
}

/// One report, normalised.
#[derive(Debug, PartialEq)]
pub struct Row {
    /// `csp-hash`, `csp-violation`, `integrity-violation`, …
    pub kind: String,
    /// The page.
    pub document: String,
    /// The script (subresource or blocked URL).
    pub script: String,
    /// `sha256-…` for csp-hash reports.
    pub hash: String,
    /// The report's JSON.
    pub body: String,
}

/// Reads the reports out of a request body.
pub fn parse_reports(content_type: &str, body: &[u8]) -> Result<Vec<Row>, &'static str> {
    let v: Value = serde_json::from_slice(body).map_err(|_| "not JSON")?;
    let ct = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let list: Vec<Value> = match (ct.as_str(), v) {
        ("application/csp-report", Value::Object(mut m)) => {
            let r = m.remove("csp-report").ok_or("no csp-report")?;
            vec![
                json!({"type": "csp-violation", "url": r["document-uri"], "body": {
                "documentURL": r["document-uri"], "blockedURL": r["blocked-uri"],
                "effectiveDirective": r["effective-directive"]}}),
            ]
        }
        ("application/reports+json" | "application/json", Value::Array(a)) => a,
        ("application/reports+json" | "application/json", o @ Value::Object(_)) => vec![o],
        _ => return Err("unsupported content type"),
    };
    let str_of = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    Ok(list
        .into_iter()
        .take(MAX_REPORTS_PER_REQUEST)
        .map(|r| {
            let b = &r["body"];
            let mut text = r.to_string();
            text.truncate(MAX_STORED_BODY);
            Row {
                kind: str_of(&r["type"]),
                document: {
                    let d = str_of(&b["documentURL"]);
                    if d.is_empty() {
                        str_of(&r["url"])
                    } else {
                        d
                    }
                },
                script: {
                    let s = str_of(&b["subresourceURL"]);
                    if s.is_empty() {
                        str_of(&b["blockedURL"])
                    } else {
                        s
                    }
                },
                hash: str_of(&b["hash"]),
                body: text,
            }
        })
        .collect())
}

/// Whether `row` is a script the inventory does not know.
pub fn unknown(inv: &Inventory, row: &Row) -> bool {
    match row.kind.as_str() {
        "csp-hash" => !inv.scripts.iter().any(|e| e.script.sha256 == row.hash),
        "integrity-violation" => {
            !row.script.is_empty() && !inv.scripts.iter().any(|e| e.script.location == row.script)
        }
        "csp-violation" => {
            let d = row.body.contains("\"script-src");
            d && !inv.scripts.iter().any(|e| e.script.location == row.script)
        }
        _ => false,
    }
}

fn open_db(path: &std::path::Path) -> Result<Connection, String> {
    let db = Connection::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    db.execute_batch(
        "CREATE TABLE IF NOT EXISTS reports (
            id INTEGER PRIMARY KEY,
            received_at INTEGER NOT NULL,
            type TEXT NOT NULL,
            document_url TEXT NOT NULL,
            script_url TEXT NOT NULL,
            hash TEXT NOT NULL,
            unknown INTEGER NOT NULL,
            body TEXT NOT NULL
        );",
    )
    .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(db)
}

struct Limits {
    clients: HashMap<IpAddr, (Instant, u32)>,
    alerted: BTreeSet<String>,
    /// Alerts for the webhook thread (bounded; a full queue drops the POST, never the
    /// log line or the stored report).
    webhook: Option<SyncSender<Value>>,
}

/// Webhook alerts waiting to be posted.
const WEBHOOK_QUEUE: usize = 64;

fn respond(s: &mut TcpStream, status: &str) {
    let _ = write!(
        s,
        "HTTP/1.1 {status}\r\nAccess-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: POST\r\n\
         Access-Control-Allow-Headers: content-type\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

/// Posts `alert` to an `http://HOST:PORT/PATH` webhook; the answer is not waited for long.
fn post_webhook(url: &str, alert: &Value) -> Result<(), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or("the webhook must be an http:// URL")?;
    let (host, path) = rest
        .split_once('/')
        .map(|(h, p)| (h, format!("/{p}")))
        .unwrap_or((rest, "/".into()));
    let addr = std::net::ToSocketAddrs::to_socket_addrs(&host)
        .map_err(|e| e.to_string())?
        .next()
        .ok_or("webhook host not found")?;
    let mut s = TcpStream::connect_timeout(&addr, IO_TIMEOUT).map_err(|e| e.to_string())?;
    s.set_write_timeout(Some(IO_TIMEOUT))
        .map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(IO_TIMEOUT))
        .map_err(|e| e.to_string())?;
    let body = alert.to_string();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut first = [0u8; 12];
    let _ = s.read(&mut first);
    Ok(())
}

fn handle(
    mut s: TcpStream,
    args: &CollectArgs,
    inv: &Inventory,
    db: &Connection,
    limits: &mut Limits,
) {
    let _ = s.set_read_timeout(Some(IO_TIMEOUT));
    let _ = s.set_write_timeout(Some(IO_TIMEOUT));
    let ip = match s.peer_addr() {
        Ok(a) => a.ip(),
        Err(_) => return,
    };
    // The head, bounded.
    let mut buf = Vec::with_capacity(1024);
    let head_end = loop {
        let mut chunk = [0u8; 1024];
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > MAX_HEAD {
            return respond(&mut s, "431 Request Header Fields Too Large");
        }
    };
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut req = httparse::Request::new(&mut headers);
    if !matches!(
        req.parse(&buf[..head_end]),
        Ok(httparse::Status::Complete(_))
    ) {
        return respond(&mut s, "400 Bad Request");
    }
    let method = req.method.unwrap_or_default().to_owned();
    let header = |name: &str| {
        req.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .and_then(|h| std::str::from_utf8(h.value).ok())
            .map(str::to_owned)
    };
    let content_type = header("content-type").unwrap_or_default();
    let length = header("content-length");
    if method == "OPTIONS" {
        return respond(&mut s, "204 No Content");
    }
    if method != "POST" {
        return respond(&mut s, "405 Method Not Allowed");
    }
    // Rate, per client address per minute.
    if limits.clients.len() >= MAX_CLIENTS {
        limits.clients.clear();
    }
    let now = Instant::now();
    let slot = limits.clients.entry(ip).or_insert((now, 0));
    if now.duration_since(slot.0) >= Duration::from_secs(60) {
        *slot = (now, 0);
    }
    slot.1 += 1;
    if slot.1 > args.rate {
        return respond(&mut s, "429 Too Many Requests");
    }
    let Some(length) = length.and_then(|l| l.trim().parse::<usize>().ok()) else {
        return respond(&mut s, "411 Length Required");
    };
    if length > args.max_body {
        return respond(&mut s, "413 Content Too Large");
    }
    let mut body = buf[head_end..].to_vec();
    body.truncate(length);
    if body.len() < length {
        let mut rest = vec![0u8; length - body.len()];
        if s.read_exact(&mut rest).is_err() {
            return respond(&mut s, "400 Bad Request");
        }
        body.extend_from_slice(&rest);
    }
    let rows = match parse_reports(&content_type, &body) {
        Ok(r) => r,
        Err(_) => return respond(&mut s, "400 Bad Request"),
    };
    let received = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut alerts = Vec::new();
    for r in &rows {
        let unknown = unknown(inv, r);
        let stored = db.execute(
            "INSERT INTO reports (received_at, type, document_url, script_url, hash, unknown, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![received, r.kind, r.document, r.script, r.hash, unknown, r.body],
        );
        if let Err(e) = stored {
            log!("cardseal audit collect: cannot store a report: {e}");
        }
        let key = format!("{} {} {}", r.document, r.script, r.hash);
        if unknown && limits.alerted.len() < MAX_ALERTS && limits.alerted.insert(key) {
            let what = if r.hash.is_empty() {
                r.script.clone()
            } else {
                format!("{} ({})", r.hash, r.script)
            };
            let message = finding("unknown_script_reported", args.lang, &[&what]);
            log!("cardseal audit collect: ALERT {message} on {}", r.document);
            alerts.push(
                json!({"kind": "unknown_script_reported", "message": message,
                "document": r.document, "script": r.script, "hash": r.hash, "report": r.kind}),
            );
        }
    }
    let cap = i64::try_from(args.max_reports).unwrap_or(i64::MAX);
    let _ = db.execute(
        "DELETE FROM reports WHERE id <= (SELECT MAX(id) FROM reports) - ?1",
        params![cap],
    );
    respond(&mut s, "204 No Content");
    if let Some(tx) = &limits.webhook {
        for a in alerts {
            if let Err(TrySendError::Full(_)) = tx.try_send(a) {
                log!("cardseal audit collect: webhook queue full, an alert was not posted (it is in this log and the database)");
            }
        }
    }
}

/// Listens until killed; one request at a time, each bounded in size and time.
pub fn serve(args: &CollectArgs) -> Result<(), String> {
    let inv = Inventory::load(&args.inventory)?;
    let db = open_db(&args.db)?;
    let listener =
        TcpListener::bind(&args.listen).map_err(|e| format!("--listen {}: {e}", args.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    log!("cardseal audit collect: listening on http://{addr}");
    let webhook = args.webhook.clone().map(|url| {
        let (tx, rx) = sync_channel::<Value>(WEBHOOK_QUEUE);
        std::thread::spawn(move || {
            for alert in rx {
                if let Err(e) = post_webhook(&url, &alert) {
                    log!("cardseal audit collect: webhook {url}: {e}");
                }
            }
        });
        tx
    });
    let mut limits = Limits {
        clients: HashMap::new(),
        alerted: BTreeSet::new(),
        webhook,
    };
    for s in listener.incoming().flatten() {
        handle(s, args, &inv, &db, &mut limits);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_reporting_api_and_legacy_reports() {
        let r = parse_reports(
            "application/reports+json",
            br#"[{"type":"csp-hash","url":"https://s/p","body":{"destination":"script","documentURL":"https://s/p","hash":"sha256-x","subresourceURL":"https://s/a.js","type":"subresource"}}]"#,
        )
        .unwrap_or_default();
        assert_eq!(r.len(), 1);
        assert_eq!(
            (r[0].kind.as_str(), r[0].hash.as_str(), r[0].script.as_str()),
            ("csp-hash", "sha256-x", "https://s/a.js")
        );
        let l = parse_reports(
            "application/csp-report",
            br#"{"csp-report":{"document-uri":"https://s/p","blocked-uri":"https://e/x.js","effective-directive":"script-src-elem"}}"#,
        )
        .unwrap_or_default();
        assert_eq!(l[0].script, "https://e/x.js");
        assert!(parse_reports("text/plain", b"[]").is_err());
        assert!(parse_reports("application/reports+json", b"{").is_err());
    }
}
