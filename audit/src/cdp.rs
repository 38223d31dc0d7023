//! A small synchronous Chrome DevTools Protocol client over Chromium's
//! `--remote-debugging-pipe` (NUL-terminated JSON on the child's fds 3 and 4), with
//! flattened sessions. No WebSocket, no async runtime: a reader thread and a channel.

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The largest message read from the browser (a big script's source fits).
const MAX_MESSAGE: u64 = 64 << 20;

/// How long one command may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(20);

/// Where to find Chromium when none is given.
const CANDIDATES: [&str; 4] = [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
];

/// A failure to drive the browser (the audit then could not check).
#[derive(Debug)]
pub struct CdpError(pub String);

impl core::fmt::Display for CdpError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err(msg: impl Into<String>) -> CdpError {
    CdpError(msg.into())
}

/// One headless Chromium, killed (by its own pid) and its profile removed when dropped.
pub struct Browser {
    child: Child,
    input: ChildStdin,
    messages: Receiver<Value>,
    events: VecDeque<Value>,
    next_id: u64,
    profile: PathBuf,
}

/// The Chromium binary: `explicit`, else `$CARDSEAL_CHROMIUM`, else a usual path.
pub fn chromium_path(explicit: Option<&Path>) -> Result<PathBuf, CdpError> {
    if let Some(p) = explicit {
        return Ok(p.to_owned());
    }
    if let Some(p) = std::env::var_os("CARDSEAL_CHROMIUM") {
        return Ok(PathBuf::from(p));
    }
    CANDIDATES
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .ok_or_else(|| {
            err("no Chromium found: install chromium or pass --chromium PATH (or set CARDSEAL_CHROMIUM)")
        })
}

impl Browser {
    /// Starts headless Chromium with the debugging pipe. `extra` are more switches
    /// (for example `--ignore-certificate-errors-spki-list=…`).
    pub fn launch(binary: &Path, extra: &[String]) -> Result<Browser, CdpError> {
        static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let profile = std::env::temp_dir().join(format!(
            "cardseal-audit-{}-{n}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::create_dir_all(&profile)
            .map_err(|e| err(format!("{}: {e}", profile.display())))?;
        // The pipe is the child's fds 3 (commands in) and 4 (messages out); the shell
        // moves our stdin/stdout pipes there, so no unsafe pre_exec is needed.
        let mut child = Command::new("/bin/sh")
            .arg("-c")
            .arg("exec \"$0\" \"$@\" 3<&0 4>&1 0</dev/null 1>/dev/null")
            .arg(binary)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--mute-audio",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| err(format!("{}: cannot start: {e}", binary.display())))?;
        let (input, output) = match (child.stdin.take(), child.stdout.take()) {
            (Some(i), Some(o)) => (i, o),
            _ => {
                let _ = child.kill();
                return Err(err("cannot talk to the browser"));
            }
        };
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(output);
            loop {
                let mut buf = Vec::new();
                match (&mut r).take(MAX_MESSAGE).read_until(0, &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                if buf.last() == Some(&0) {
                    buf.pop();
                }
                if let Ok(v) = serde_json::from_slice::<Value>(&buf) {
                    if tx.send(v).is_err() {
                        break;
                    }
                }
            }
        });
        let mut b = Browser {
            child,
            input,
            messages: rx,
            events: VecDeque::new(),
            next_id: 0,
            profile,
        };
        b.call(None, "Browser.getVersion", json!({}))?;
        Ok(b)
    }

    /// Sends a command (to a session, or to the browser) and waits for its result;
    /// events that arrive meanwhile are kept for [`Browser::next_event`].
    pub fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, CdpError> {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).map_err(|e| err(e.to_string()))?;
        bytes.push(0);
        self.input
            .write_all(&bytes)
            .and_then(|()| self.input.flush())
            .map_err(|_| err("the browser went away"))?;
        let deadline = Instant::now() + CALL_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(v) if v.get("id").and_then(Value::as_u64) == Some(id) => {
                    if let Some(e) = v.get("error") {
                        let m = e.get("message").and_then(Value::as_str).unwrap_or("error");
                        return Err(err(format!("{method}: {m}")));
                    }
                    return Ok(v.get("result").cloned().unwrap_or(Value::Null));
                }
                Ok(v) if v.get("method").is_some() => self.events.push_back(v),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {
                    return Err(err(format!("{method}: the browser did not answer in time")))
                }
                Err(RecvTimeoutError::Disconnected) => return Err(err("the browser went away")),
            }
        }
    }

    /// The next event, waiting at most `wait`.
    pub fn next_event(&mut self, wait: Duration) -> Option<Value> {
        if let Some(e) = self.events.pop_front() {
            return Some(e);
        }
        match self.messages.recv_timeout(wait) {
            Ok(v) if v.get("method").is_some() => Some(v),
            _ => None,
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.call(None, "Browser.close", json!({}));
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
