//! One page as the browser received it: every script that ran (with its source as
//! parsed), every frame with its document's headers, the card inputs, and — after a test
//! card is typed — every request that carried the card. Captured through CDP only; no URL
//! is fetched again by anything but the browser.

use crate::cdp::{Browser, CdpError};
use crate::hash::{sha256, sha384};
use crate::headers::security_headers;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The public test card typed into the page's card inputs (Visa, Luhn-valid).
pub const TEST_CARD: &str = "4111111111111111";
const TEST_EXPIRY: &str = "12/34";
const TEST_CVC: &str = "737";

/// How a capture runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// The Chromium binary.
    pub chromium: PathBuf,
    /// More Chromium switches.
    pub chromium_args: Vec<String>,
    /// Quiet time (no new script, request or target) after which the page counts as settled.
    pub settle: Duration,
    /// The most one page may take to load and settle.
    pub timeout: Duration,
    /// Type the test card into the card inputs and watch the requests.
    pub type_card: bool,
}

/// A script that ran.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Script {
    /// Its URL, or for code without one, the document URL with `#inline-N`,
    /// `#handler-TAG-ATTR-N` or `#eval-N`.
    pub location: String,
    /// `external`, `module`, `inline`, `handler`, `eval`, `worker` or `wasm`.
    pub kind: String,
    /// `sha384-…` (base64) of the source as the browser parsed it.
    pub sha384: String,
    /// `sha256-…`: what browsers put in `csp-hash` reports.
    pub sha256: String,
    /// Whether an `integrity` attribute or import-map entry covered it.
    pub sri: bool,
    /// Who loaded it: `parser`, the URL of the script that loaded it, or the page.
    pub loaded_by: String,
    /// The origin of the frame (or worker) it ran in.
    pub frame: String,
    /// Import maps only: `sha384-…` of the map with every `integrity` value that matches
    /// the script that ran at that URL replaced by a mark, so that a module changed
    /// together with its pin is one change (the module's), not two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
}

impl Script {
    /// What the diff compares: the canonical hash where there is one.
    pub fn identity(&self) -> &str {
        self.canonical.as_deref().unwrap_or(&self.sha384)
    }
}

/// A frame (the top document is not one) and its document's security headers.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Frame {
    /// Its URL.
    pub url: String,
    /// Its origin.
    pub origin: String,
    /// Security-impacting response headers of its document.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

/// A card input found in the page or one of its frames.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct CardInput {
    /// `number`, `cvc` or `expiry`.
    pub field: String,
    /// The origin of the document it is in.
    pub origin: String,
    /// Its `name` attribute, if any (a named card input is posted by a native submit).
    pub name: Option<String>,
}

/// A request that carried the typed test card.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Leak {
    /// Where it went.
    pub url: String,
    /// `url`, `body` or `websocket`.
    pub carried_in: String,
}

/// One captured page.
#[derive(Clone, Debug, Default)]
pub struct PageCapture {
    /// The URL asked for.
    pub url: String,
    /// Security-impacting response headers of the page.
    pub headers: BTreeMap<String, String>,
    /// Its frames.
    pub frames: Vec<Frame>,
    /// Every script that ran, sorted by location.
    pub scripts: Vec<Script>,
    /// Card inputs.
    pub card_inputs: Vec<CardInput>,
    /// Whether a test card was typed.
    pub typed: bool,
    /// Requests that carried it.
    pub leaks: Vec<Leak>,
}

struct Seen {
    session: String,
    id: String,
    url: String,
    module: bool,
    context: i64,
    wasm: bool,
}

#[derive(Default)]
struct FrameInfo {
    url: String,
    origin: String,
    parent: Option<String>,
    session: String,
}

#[derive(Default)]
struct State {
    main_frame: String,
    loaded: bool,
    sessions: BTreeMap<String, String>,
    frames: BTreeMap<String, FrameInfo>,
    /// (session, context id) → (frame id, default world?)
    contexts: HashMap<(String, i64), (Option<String>, bool)>,
    scripts: Vec<Seen>,
    initiators: HashMap<String, String>,
    doc_requests: HashMap<String, String>,
    headers: HashMap<String, Vec<(String, String)>>,
    requests: Vec<(String, String, Option<String>, bool, String)>,
    ws_frames: Vec<(String, String)>,
    blocked: BTreeSet<String>,
    last_activity: Option<Instant>,
    nav_error: Option<String>,
}

fn s(v: &Value, path: &[&str]) -> String {
    let mut cur = v;
    for p in path {
        cur = &cur[*p];
    }
    cur.as_str().unwrap_or_default().to_owned()
}

/// The origin (`scheme://host[:port]`) of a URL, or the text itself when it has no
/// scheme; the one reading of an origin that capture, check and the deploy hints share.
pub(crate) fn origin_of(url: &str) -> String {
    match url.find("://") {
        Some(i) => {
            let rest = &url[i + 3..];
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            format!("{}{}", &url[..i + 3], &rest[..end])
        }
        None => url.to_owned(),
    }
}

/// The URL without its fragment.
fn no_fragment(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

fn enable(b: &mut Browser, session: &str) {
    for (m, p) in [
        ("Network.enable", json!({})),
        ("Page.enable", json!({})),
        ("Runtime.enable", json!({})),
        ("Debugger.enable", json!({})),
        (
            "Target.setAutoAttach",
            json!({"autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true}),
        ),
    ] {
        // A worker has no Page domain; what a target lacks, it lacks.
        let _ = b.call(Some(session), m, p);
    }
}

fn handle(b: &mut Browser, st: &mut State, ev: &Value) {
    let method = ev["method"].as_str().unwrap_or_default();
    let session = s(ev, &["sessionId"]);
    let p = &ev["params"];
    match method {
        "Target.attachedToTarget" => {
            let child = s(p, &["sessionId"]);
            st.sessions
                .insert(child.clone(), s(p, &["targetInfo", "type"]));
            enable(b, &child);
            let _ = b.call(Some(&child), "Runtime.runIfWaitingForDebugger", json!({}));
            st.last_activity = Some(Instant::now());
        }
        "Page.frameNavigated" => {
            let f = &p["frame"];
            let id = s(f, &["id"]);
            let parent = f["parentId"].as_str().map(str::to_owned);
            st.frames.insert(
                id,
                FrameInfo {
                    url: s(f, &["url"]),
                    origin: s(f, &["securityOrigin"]),
                    parent,
                    session,
                },
            );
        }
        "Page.frameDetached" => {
            st.frames.remove(&s(p, &["frameId"]));
        }
        "Page.loadEventFired" if st.sessions.get(&session).map(String::as_str) == Some("main") => {
            st.loaded = true;
        }
        "Runtime.executionContextCreated" => {
            let c = &p["context"];
            let id = c["id"].as_i64().unwrap_or_default();
            let frame = c["auxData"]["frameId"].as_str().map(str::to_owned);
            let default = c["auxData"]["isDefault"].as_bool().unwrap_or(true)
                && c["auxData"]["type"].as_str().unwrap_or("default") == "default";
            st.contexts.insert((session, id), (frame, default));
        }
        "Debugger.scriptParsed" => {
            st.scripts.push(Seen {
                session,
                id: s(p, &["scriptId"]),
                url: s(p, &["url"]),
                module: p["isModule"].as_bool().unwrap_or(false),
                context: p["executionContextId"].as_i64().unwrap_or_default(),
                wasm: p["scriptLanguage"].as_str() == Some("WebAssembly"),
            });
            st.last_activity = Some(Instant::now());
        }
        "Network.requestWillBeSent" => {
            let url = s(p, &["request", "url"]);
            let i = &p["initiator"];
            let by = match i["type"].as_str() {
                Some("parser") => "parser".to_owned(),
                _ => {
                    let mut stack = &i["stack"];
                    let mut from = i["url"].as_str().unwrap_or_default().to_owned();
                    while from.is_empty() && stack.is_object() {
                        from = s(&stack["callFrames"][0], &["url"]);
                        stack = &stack["parent"];
                    }
                    if from.is_empty() {
                        i["type"].as_str().unwrap_or("other").to_owned()
                    } else {
                        from
                    }
                }
            };
            st.initiators
                .entry(no_fragment(&url).to_owned())
                .or_insert(by);
            if p["type"].as_str() == Some("Document") {
                st.doc_requests
                    .insert(s(p, &["requestId"]), s(p, &["frameId"]));
            }
            let mut body = p["request"]["postData"].as_str().map(str::to_owned);
            if body.is_none() {
                if let Some(entries) = p["request"]["postDataEntries"].as_array() {
                    let mut all = String::new();
                    for e in entries {
                        if let Some(bytes) = e["bytes"].as_str() {
                            if let Ok(raw) = crate::hash::b64_decode(bytes) {
                                all.push_str(&String::from_utf8_lossy(&raw));
                            }
                        }
                    }
                    body = Some(all);
                }
            }
            let has_body = p["request"]["hasPostData"].as_bool().unwrap_or(false);
            st.requests
                .push((url, s(p, &["requestId"]), body, has_body, session));
            // What brings code keeps the page unsettled; a page that polls or beacons
            // every few hundred milliseconds must settle all the same.
            if matches!(p["type"].as_str(), Some("Script" | "Document")) {
                st.last_activity = Some(Instant::now());
            }
        }
        "Network.responseReceived" | "Network.responseReceivedExtraInfo" => {
            let id = s(p, &["requestId"]);
            let headers = if method == "Network.responseReceived" {
                &p["response"]["headers"]
            } else {
                &p["headers"]
            };
            if let Some(h) = headers.as_object() {
                let list = st.headers.entry(id).or_default();
                for (k, v) in h {
                    for line in v.as_str().unwrap_or_default().split('\n') {
                        list.push((k.to_ascii_lowercase(), line.to_owned()));
                    }
                }
            }
        }
        "Network.webSocketFrameSent" => {
            let url = st
                .requests
                .iter()
                .find(|r| r.1 == s(p, &["requestId"]))
                .map(|r| r.0.clone())
                .unwrap_or_default();
            st.ws_frames.push((url, s(p, &["response", "payloadData"])));
        }
        "Network.loadingFailed" => {
            let id = s(p, &["requestId"]);
            // Blocked by the browser (CSP, mixed content, …): it never left.
            if p["blockedReason"].is_string() {
                st.blocked.insert(id.clone());
            }
            if p["type"].as_str() == Some("Document")
                && st.doc_requests.get(&id) == Some(&st.main_frame)
            {
                st.nav_error = Some(s(p, &["errorText"]));
            }
        }
        _ => {}
    }
}

/// Pumps events until the page has loaded and nothing new happened for `settle`.
fn settle(b: &mut Browser, st: &mut State, o: &Options, deadline: Instant) -> Result<(), String> {
    st.last_activity = Some(Instant::now());
    loop {
        let now = Instant::now();
        if let Some(e) = &st.nav_error {
            return Err(format!("the page did not load: {e}"));
        }
        let quiet = st
            .last_activity
            .map(|t| now.duration_since(t) >= o.settle)
            .unwrap_or(true);
        if st.loaded && quiet {
            return Ok(());
        }
        if now >= deadline {
            return Err(if st.loaded {
                format!(
                    "the page did not settle within {} s (scripts or requests kept coming)",
                    o.timeout.as_secs()
                )
            } else {
                format!("the page did not load within {} s", o.timeout.as_secs())
            });
        }
        if let Some(ev) = b.next_event(Duration::from_millis(50)) {
            handle(b, st, &ev);
        }
    }
}

/// Frames from every target's own frame tree: a cross-site frame runs in its own process
/// (its own target), whose navigation the events may have shown before its Page domain was
/// enabled. The target that renders a frame is the one that can evaluate in it.
fn frame_trees(b: &mut Browser, st: &mut State) {
    fn walk(node: &Value, parent: Option<String>, session: &str, st: &mut State) {
        let f = &node["frame"];
        let id = s(f, &["id"]);
        let parent = f["parentId"].as_str().map(str::to_owned).or(parent);
        st.frames.insert(
            id.clone(),
            FrameInfo {
                url: s(f, &["url"]),
                origin: s(f, &["securityOrigin"]),
                parent,
                session: session.to_owned(),
            },
        );
        for c in node["childFrames"].as_array().into_iter().flatten() {
            walk(c, Some(id.clone()), session, st);
        }
    }
    let sessions: Vec<(String, String)> = st
        .sessions
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    // The main target first, so that a child target's own view of its frame wins.
    for (session, kind) in sessions
        .iter()
        .filter(|(_, k)| k == "main")
        .chain(sessions.iter().filter(|(_, k)| k == "iframe"))
    {
        let _ = kind;
        if let Ok(tree) = b.call(Some(session), "Page.getFrameTree", json!({})) {
            walk(&tree["frameTree"], None, session, st);
        }
    }
}

/// Runs `expr` in an isolated world of `frame` (the page's own scripts cannot see or
/// change it) and returns its value.
fn eval_in_frame(b: &mut Browser, st: &State, frame: &str, expr: &str) -> Option<Value> {
    let session = st.frames.get(frame)?.session.clone();
    let world = b
        .call(
            Some(&session),
            "Page.createIsolatedWorld",
            json!({"frameId": frame, "worldName": "cardseal-audit"}),
        )
        .ok()?;
    let ctx = world["executionContextId"].as_i64()?;
    let r = b
        .call(
            Some(&session),
            "Runtime.evaluate",
            json!({"expression": expr, "contextId": ctx, "returnByValue": true}),
        )
        .ok()?;
    Some(r["result"]["value"].clone())
}

/// What the page's DOM says of each frame: card inputs, inline event handlers, and the
/// URLs an integrity attribute or import-map entry covers.
fn scan() -> String {
    format!(
        r#"(() => {{
  const field = {SCAN_FIELD};
  const inputs = [];
  for (const el of document.querySelectorAll("input, textarea")) {{
    const f = field(el);
    if (f) inputs.push({{ field: f, name: el.getAttribute("name") }});
  }}
  const handlers = [];
  for (const el of document.querySelectorAll("*")) {{
    for (const a of el.attributes) {{
      if (/^on/i.test(a.name)) handlers.push({{ tag: el.localName, attr: a.name.toLowerCase(), code: a.value }});
    }}
  }}
  const sri = [];
  for (const el of document.querySelectorAll("script[src][integrity]")) sri.push(el.src);
  for (const el of document.querySelectorAll('script[type="importmap"]')) {{
    try {{
      const m = JSON.parse(el.textContent);
      for (const u of Object.keys(m.integrity || {{}})) sri.push(new URL(u, document.baseURI).href);
    }} catch (e) {{}}
  }}
  const importmaps = [...document.querySelectorAll('script[type="importmap"]')].map((el) => el.textContent);
  return {{ inputs, handlers, sri, importmaps }};
}})()"#
    )
}

fn focus_and_type(b: &mut Browser, st: &State, frame: &str, field: &str, text: &str) -> bool {
    let Some(info) = st.frames.get(frame) else {
        return false;
    };
    let session = info.session.clone();
    let find = format!(
        "[...document.querySelectorAll('input, textarea')].find((el) => ({SCAN_FIELD})(el) === {field:?})"
    );
    let focus = format!("(() => {{ const el = {find}; if (!el) return false; el.focus(); return document.activeElement === el; }})()");
    if eval_in_frame(b, st, frame, &focus).and_then(|v| v.as_bool()) != Some(true) {
        return false;
    }
    let _ = b.call(Some(&session), "Input.insertText", json!({"text": text}));
    // Keyboard input reaches a frame in another process only when that frame has focus;
    // where it did not arrive, the value is set and an input event fired, as typing does.
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let typed = format!(
        "(() => {{ const el = {find}; if (el.value.replace(/\\D/g, '') === {digits:?}) return true; \
         el.value = {text:?}; el.dispatchEvent(new InputEvent('input', {{ bubbles: true, data: {text:?}, inputType: 'insertText' }})); \
         return el.value.replace(/\\D/g, '') === {digits:?}; }})()"
    );
    eval_in_frame(b, st, frame, &typed).and_then(|v| v.as_bool()) == Some(true)
}

/// Which card field an input is (`number`, `cvc`, `expiry`) or null: its
/// `data-cardseal`, its `autocomplete` hint, or its name or id.
const SCAN_FIELD: &str = r#"((el) => {
    const d = (el.getAttribute("data-cardseal") || "").toLowerCase();
    const ac = (el.getAttribute("autocomplete") || "").toLowerCase();
    const k = ((el.getAttribute("name") || "") + " " + el.id).toLowerCase();
    if (d === "number" || ac === "cc-number" || /card.?num|cc.?num|cardnumber|pan\b/.test(k)) return "number";
    if (d === "cvc" || ac === "cc-csc" || /cvc|cvv|csc|security.?code/.test(k)) return "cvc";
    if (d === "expiry" || ac.startsWith("cc-exp") || /expir|cc.?exp/.test(k)) return "expiry";
    return null;
  })"#;

/// Whether `hay` carries the test card, plainly, spaced, percent-encoded or in base64.
pub fn carries_card(hay: &str) -> bool {
    let decoded = percent_decode(hay);
    let spaced: String = TEST_CARD
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let b64 = crate::hash::b64(TEST_CARD.as_bytes());
    let b64 = b64.trim_end_matches('=');
    let digits: String = decoded.chars().filter(char::is_ascii_digit).collect();
    [hay, decoded.as_str()].iter().any(|h| {
        h.contains(TEST_CARD)
            || h.contains(&spaced)
            || h.contains(b64)
            || h.contains(&b64.replace('+', "-").replace('/', "_"))
    }) || digits.contains(TEST_CARD) && decoded.contains(&TEST_CARD[..4])
}

fn percent_decode(s: &str) -> String {
    let hex = |c: u8| (c as char).to_digit(16).and_then(|d| u8::try_from(d).ok());
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `url` resolved against `doc` (absolute, or absolute path on `doc`'s origin).
fn resolve(doc: &str, url: &str) -> String {
    if url.contains("://") {
        url.to_owned()
    } else if url.starts_with('/') {
        format!("{}{url}", origin_of(doc))
    } else {
        let base = &doc[..doc.rfind('/').map_or(doc.len(), |i| i + 1)];
        format!("{base}{}", url.trim_start_matches("./"))
    }
}

/// The import map's canonical hash (see [`Script::canonical`]); an unparsable map is its
/// own text.
fn canonical_import_map(doc: &str, text: &str, ran: &[Script]) -> String {
    let Ok(mut map) = serde_json::from_str::<Value>(text) else {
        return sha384(text.as_bytes());
    };
    if let Some(integrity) = map.get_mut("integrity").and_then(Value::as_object_mut) {
        for (url, pin) in integrity.iter_mut() {
            let at = resolve(doc, url);
            if ran
                .iter()
                .any(|s| s.location == at && pin.as_str() == Some(s.sha384.as_str()))
            {
                *pin = Value::from("(the script that ran)");
            }
        }
    }
    sha384(map.to_string().as_bytes())
}

/// Captures `url` in a fresh tab of `b`.
pub fn capture(b: &mut Browser, url: &str, o: &Options) -> Result<PageCapture, CdpError> {
    let deadline = Instant::now() + o.timeout;
    let target = b.call(None, "Target.createTarget", json!({"url": "about:blank"}))?;
    let target_id = s(&target, &["targetId"]);
    let attached = b.call(
        None,
        "Target.attachToTarget",
        json!({"targetId": target_id, "flatten": true}),
    )?;
    let main = s(&attached, &["sessionId"]);
    let mut st = State {
        main_frame: target_id.clone(),
        ..State::default()
    };
    st.sessions.insert(main.clone(), "main".to_owned());
    enable(b, &main);
    // Scripts parsed for about:blank are not the page's.
    while let Some(ev) = b.next_event(Duration::from_millis(0)) {
        let _ = ev;
    }
    let nav = b.call(Some(&main), "Page.navigate", json!({"url": url}))?;
    if let Some(e) = nav["errorText"].as_str() {
        let _ = b.call(None, "Target.closeTarget", json!({"targetId": target_id}));
        return Err(CdpError(format!("{url}: the page did not load: {e}")));
    }
    let result = run(b, &mut st, url, o, deadline);
    let _ = b.call(None, "Target.closeTarget", json!({"targetId": target_id}));
    result.map_err(|e| CdpError(format!("{url}: {e}")))
}

fn run(
    b: &mut Browser,
    st: &mut State,
    url: &str,
    o: &Options,
    deadline: Instant,
) -> Result<PageCapture, String> {
    settle(b, st, o, deadline)?;
    frame_trees(b, st);
    let mut page = PageCapture {
        url: url.to_owned(),
        ..PageCapture::default()
    };
    let frame_ids: Vec<String> = st.frames.keys().cloned().collect();
    let mut sri: BTreeSet<String> = BTreeSet::new();
    let mut handlers: Vec<(String, String, String, String)> = Vec::new();
    let mut importmaps: Vec<(String, String)> = Vec::new();
    for id in &frame_ids {
        let Some(v) = eval_in_frame(b, st, id, &scan()) else {
            continue;
        };
        let info = &st.frames[id];
        for i in v["inputs"].as_array().into_iter().flatten() {
            page.card_inputs.push(CardInput {
                field: s(i, &["field"]),
                origin: info.origin.clone(),
                name: i["name"].as_str().map(str::to_owned),
            });
        }
        for h in v["handlers"].as_array().into_iter().flatten() {
            handlers.push((
                no_fragment(&info.url).to_owned(),
                s(h, &["tag"]),
                s(h, &["attr"]),
                s(h, &["code"]),
            ));
        }
        for m in v["importmaps"].as_array().into_iter().flatten() {
            importmaps.push((no_fragment(&info.url).to_owned(), s(m, &[])));
        }
        for u in v["sri"].as_array().into_iter().flatten() {
            sri.insert(u.as_str().unwrap_or_default().to_owned());
        }
    }
    // Type the test card where the card inputs are, then watch what leaves.
    if o.type_card {
        let mut typed = false;
        for (field, text) in [
            ("number", TEST_CARD),
            ("expiry", TEST_EXPIRY),
            ("cvc", TEST_CVC),
        ] {
            for id in &frame_ids {
                if focus_and_type(b, st, id, field, text) {
                    typed |= field == "number";
                    break;
                }
            }
        }
        if typed {
            for id in &frame_ids {
                let _ = eval_in_frame(
                    b,
                    st,
                    id,
                    "document.activeElement && document.activeElement.blur && document.activeElement.blur()",
                );
            }
            page.typed = true;
            settle(b, st, o, deadline)?;
        }
    }
    // Requests that carried the card.
    let reqs = st.requests.clone();
    for (rurl, id, body, has_body, session) in reqs {
        if st.blocked.contains(&id) {
            continue;
        }
        if carries_card(&rurl) {
            page.leaks.push(Leak {
                url: rurl.clone(),
                carried_in: "url".into(),
            });
            continue;
        }
        let body = match body {
            Some(b) => Some(b),
            None if has_body => b
                .call(
                    Some(&session),
                    "Network.getRequestPostData",
                    json!({"requestId": id}),
                )
                .ok()
                .map(|v| s(&v, &["postData"])),
            None => None,
        };
        if body.is_some_and(|b| carries_card(&b)) {
            page.leaks.push(Leak {
                url: rurl,
                carried_in: "body".into(),
            });
        }
    }
    for (wurl, payload) in &st.ws_frames {
        if carries_card(payload) {
            page.leaks.push(Leak {
                url: wurl.clone(),
                carried_in: "websocket".into(),
            });
        }
    }
    // Headers of each document.
    let mut doc_headers: HashMap<String, BTreeMap<String, String>> = HashMap::new();
    for (req, frame) in &st.doc_requests {
        if let Some(h) = st.headers.get(req) {
            doc_headers.insert(frame.clone(), security_headers(h));
        }
    }
    page.headers = doc_headers.remove(&st.main_frame).unwrap_or_default();
    for (id, info) in &st.frames {
        if info.parent.is_none() && *id == st.main_frame {
            continue;
        }
        if info.parent.is_none()
            && st.sessions.get(&info.session).map(String::as_str) == Some("main")
        {
            continue;
        }
        page.frames.push(Frame {
            url: info.url.clone(),
            origin: info.origin.clone(),
            headers: doc_headers.remove(id).unwrap_or_default(),
        });
    }
    page.frames.sort_by(|a, b| a.url.cmp(&b.url));
    // Every script's source, as parsed.
    let mut inline_n: HashMap<String, usize> = HashMap::new();
    let mut eval_n: HashMap<String, usize> = HashMap::new();
    let mut scripts = Vec::new();
    let handler_codes: BTreeSet<&str> = handlers.iter().map(|h| h.3.as_str()).collect();
    for x in st.scripts.iter() {
        let (frame_id, default) = st
            .contexts
            .get(&(x.session.clone(), x.context))
            .cloned()
            .unwrap_or((None, true));
        if !default {
            continue;
        }
        let kind_of_session = st.sessions.get(&x.session).cloned().unwrap_or_default();
        let frame = frame_id.as_ref().and_then(|f| st.frames.get(f));
        let doc_url = frame.map(|f| f.url.clone()).unwrap_or_default();
        let Ok(src) = b.call(
            Some(&x.session),
            "Debugger.getScriptSource",
            json!({"scriptId": x.id}),
        ) else {
            continue;
        };
        let bytes: Vec<u8> = if x.wasm {
            match src["bytecode"].as_str().map(crate::hash::b64_decode) {
                Some(Ok(v)) => v,
                _ => continue,
            }
        } else {
            src["scriptSource"]
                .as_str()
                .unwrap_or_default()
                .as_bytes()
                .to_vec()
        };
        let text = String::from_utf8_lossy(&bytes);
        let worker = kind_of_session.contains("worker");
        let url_nf = no_fragment(&x.url).to_owned();
        let (location, kind, frame_origin) = if worker {
            // The worker's own script and what it imported.
            (url_nf.clone(), "worker".to_owned(), origin_of(&url_nf))
        } else if x.url.is_empty() || url_nf == no_fragment(&doc_url) {
            let doc = no_fragment(&doc_url).to_owned();
            if x.url.is_empty() {
                // Code compiled at run time without a URL (eval, new Function, a
                // handler the browser compiled): handlers are listed from the DOM.
                if handler_codes
                    .iter()
                    .any(|h| !h.is_empty() && text.contains(h))
                {
                    continue;
                }
                let n = eval_n.entry(doc.clone()).or_default();
                *n += 1;
                (
                    format!("{doc}#eval-{n}"),
                    "eval".to_owned(),
                    origin_of(&doc),
                )
            } else {
                if handler_codes
                    .iter()
                    .any(|h| !h.is_empty() && text.contains(h) && text.len() < h.len() + 64)
                {
                    continue;
                }
                let n = inline_n.entry(doc.clone()).or_default();
                *n += 1;
                (
                    format!("{doc}#inline-{n}"),
                    "inline".to_owned(),
                    origin_of(&doc),
                )
            }
        } else {
            let kind = if x.wasm {
                "wasm"
            } else if x.module {
                "module"
            } else {
                "external"
            };
            (
                url_nf.clone(),
                kind.to_owned(),
                frame
                    .map(|f| f.origin.clone())
                    .unwrap_or_else(|| origin_of(&url_nf)),
            )
        };
        if location.starts_with("chrome") || location.starts_with("devtools") {
            continue;
        }
        let loaded_by = match kind.as_str() {
            "inline" => "parser".to_owned(),
            "eval" => "script".to_owned(),
            _ => st
                .initiators
                .get(&url_nf)
                .cloned()
                .unwrap_or_else(|| "parser".to_owned()),
        };
        scripts.push(Script {
            canonical: None,
            sri: sri.contains(&url_nf),
            location,
            kind,
            sha384: sha384(&bytes),
            sha256: sha256(&bytes),
            loaded_by,
            frame: frame_origin,
        });
    }
    let mut handler_n: HashMap<String, usize> = HashMap::new();
    for (doc, tag, attr, code) in handlers {
        let key = format!("{doc}#handler-{tag}-{attr}");
        let n = handler_n.entry(key.clone()).or_default();
        *n += 1;
        scripts.push(Script {
            location: format!("{key}-{n}"),
            kind: "handler".into(),
            sha384: sha384(code.as_bytes()),
            sha256: sha256(code.as_bytes()),
            sri: false,
            loaded_by: "parser".into(),
            frame: origin_of(&doc),
            canonical: None,
        });
    }
    let mut map_n: HashMap<String, usize> = HashMap::new();
    for (doc, text) in importmaps {
        let n = map_n.entry(doc.clone()).or_default();
        *n += 1;
        let canonical = canonical_import_map(&doc, &text, &scripts);
        scripts.push(Script {
            location: format!("{doc}#importmap-{n}"),
            kind: "importmap".into(),
            sha384: sha384(text.as_bytes()),
            sha256: sha256(text.as_bytes()),
            sri: false,
            loaded_by: "parser".into(),
            frame: origin_of(&doc),
            canonical: Some(canonical),
        });
    }
    // A worker's script may be parsed more than once; one entry each.
    scripts.sort_by(|a, b| (&a.location, &a.sha384).cmp(&(&b.location, &b.sha384)));
    scripts.dedup_by(|a, b| a.location == b.location && a.sha384 == b.sha384);
    page.scripts = scripts;
    page.card_inputs
        .sort_by(|a, b| (&a.origin, &a.field).cmp(&(&b.origin, &b.field)));
    page.leaks.sort_by(|a, b| a.url.cmp(&b.url));
    page.leaks.dedup();
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_card_however_it_is_dressed() {
        assert!(carries_card("https://x.test/c?n=4111111111111111"));
        assert!(carries_card("{\"n\":\"4111 1111 1111 1111\"}"));
        assert!(carries_card("n=4111%201111%201111%201111"));
        assert!(carries_card("d=NDExMTExMTExMTExMTExMQ"));
        assert!(!carries_card(
            "{\"jwe\":\"eyJhbGciOi.abc\",\"last4\":\"1111\"}"
        ));
        assert_eq!(
            origin_of("http://127.0.0.1:8080/a?b#c"),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn an_import_map_pinning_what_ran_is_the_same_map_whatever_the_pins() {
        let ran = |body: &[u8]| Script {
            location: "https://s.test/static/m.js".into(),
            kind: "module".into(),
            sha384: sha384(body),
            sha256: sha256(body),
            sri: true,
            loaded_by: "parser".into(),
            frame: "https://s.test".into(),
            canonical: None,
        };
        let map =
            |pin: &str| format!(r#"{{"imports":{{}},"integrity":{{"/static/m.js":"{pin}"}}}}"#);
        let doc = "https://s.test/checkout";
        let (a, b) = (ran(b"one"), ran(b"two"));
        let ca = canonical_import_map(doc, &map(&a.sha384), std::slice::from_ref(&a));
        assert_eq!(
            ca,
            canonical_import_map(doc, &map(&b.sha384), std::slice::from_ref(&b))
        );
        // A pin that is not what ran is a different map.
        assert_ne!(ca, canonical_import_map(doc, &map(&b.sha384), &[a]));
        assert_eq!(
            resolve("https://s.test/a/b", "./c.js"),
            "https://s.test/a/c.js"
        );
    }
}
