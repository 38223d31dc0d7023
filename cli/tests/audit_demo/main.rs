//! `cardseal audit` against the running demo (the shop and the processor, started here on
//! free loopback ports from a copy of www/), in both modes: a snapshot, then `check` is
//! clean (cardseal's own files match pkg/integrity.json); with one module changed on disk
//! (and the shop restarted, as it reads its files at start), `check` reports exactly
//! that module. Needs pkg/ and the demo binary: `make test-audit` builds both.

// Test code: a failure here is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/audit_site.rs"]
mod audit_site;

use audit_site::*;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn from_env(var: &str, default: PathBuf) -> PathBuf {
    let p = std::env::var_os(var).map(PathBuf::from).unwrap_or(default);
    assert!(
        p.exists(),
        "{} is missing: run `make test-audit` (it builds pkg/ and the demo)",
        p.display()
    );
    p
}

fn start(bin: &Path, args: &[String], port: u16) -> Proc {
    let child = Command::new(bin)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let s = Proc(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{} did not start", args[0]);
        std::thread::sleep(Duration::from_millis(50));
    }
    s
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let name = e.file_name();
        if name == "server" {
            continue;
        }
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(&name));
        } else {
            std::fs::copy(e.path(), to.join(&name)).unwrap();
        }
    }
}

/// Checks `inventory`; returns the finding kinds with their subjects, and the report.
fn check(inventory: &Path, report: &Path, integrity: &Path) -> Vec<(String, String)> {
    let o = cardseal(&[
        "audit",
        "check",
        "--inventory",
        inventory.to_str().unwrap(),
        "--json",
        report.to_str().unwrap(),
        "--integrity",
        integrity.to_str().unwrap(),
    ]);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    let found: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_owned(),
                f["subject"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        o.status.code(),
        Some(if found.is_empty() { 0 } else { 1 }),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    found
}

#[test]
#[ignore = "needs pkg/ and the demo binary: run by `make test-audit`"]
fn the_demo_is_clean_then_one_changed_module_is_reported_in_both_modes() {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or(root().join("target"));
    let demo = from_env("CARDSEAL_DEMO_BIN", target.join("debug/cardseal-demo"));
    let pkg = from_env("CARDSEAL_PKG", root().join("pkg"));
    let integrity = pkg.join("integrity.json");
    let dir = TempDir::new("demo");
    let www = dir.path("www");
    copy_dir(&root().join("www"), &www);
    let keys = dir.path("keys");
    assert!(cardseal(&["keygen", "--out", keys.to_str().unwrap()])
        .status
        .success());
    // The processor's API (authorize) listens apart from its frame, behind a key.
    let api_key = dir.path("api-key");
    std::fs::write(&api_key, "audit-test-api-key-0123456789abcdef\n").unwrap();
    std::fs::set_permissions(
        &api_key,
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    let (sp, pp, ap) = (free_port(), free_port(), free_port());
    let (shop_url, processor_url) = (
        format!("http://127.0.0.1:{sp}"),
        format!("http://127.0.0.1:{pp}"),
    );
    let s = |p: &Path| p.to_str().unwrap().to_owned();
    // The card frame's release configuration, as scripts/demo.sh writes it.
    let frame_config = dir.path("frame-release.toml");
    std::fs::write(
        &frame_config,
        format!(
            "holder = \"Demo Processor\"\npackage = {:?}\n[key]\nfile = {:?}\n\
             jwks = \"/.well-known/jwks.json\"\n[[merchant]]\nid = \"shop\"\n\
             origins = [{shop_url:?}]\n",
            s(&pkg),
            s(&keys.join("public.jwk")),
        ),
    )
    .unwrap();
    let processor_args: Vec<String> = [
        "processor",
        "--listen",
        &format!("127.0.0.1:{pp}"),
        "--api-listen",
        &format!("127.0.0.1:{ap}"),
        "--api-key-file",
        &s(&api_key),
        "--private-key",
        &s(&keys.join("private.pem")),
        "--frame-config",
        &s(&frame_config),
    ]
    .map(str::to_owned)
    .to_vec();
    let shop_args: Vec<String> = [
        "shop",
        "--listen",
        &format!("127.0.0.1:{sp}"),
        "--processor",
        &format!("127.0.0.1:{ap}"),
        "--processor-key-file",
        &s(&api_key),
        "--data",
        &s(&dir.path("data")),
        "--www",
        &s(&www),
        "--pkg",
        &s(&pkg),
        "--public-key",
        &s(&keys.join("public.jwk")),
        "--frame-url",
        &format!("{processor_url}/frame/shop/"),
    ]
    .map(str::to_owned)
    .to_vec();
    let _processor = start(&demo, &processor_args, pp);
    let mut shop = start(&demo, &shop_args, sp);

    let pages = [
        ("in-page", format!("{shop_url}/")),
        ("frame", format!("{shop_url}/?mode=frame")),
    ];
    let mut reports = Vec::new();
    for (mode, url) in &pages {
        let inv = dir.path(&format!("{mode}.toml"));
        let report = dir.path(&format!("{mode}-snapshot.json"));
        let o = cardseal(&[
            "audit",
            "snapshot",
            url,
            "--out",
            &s(&inv),
            "--json",
            &s(&report),
            "--integrity",
            &s(&integrity),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{mode}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
        let text = std::fs::read_to_string(&inv).unwrap();
        assert!(text.contains(&format!("mode = \"{mode}\"")), "{text}");
        assert!(text.contains("/static/i18n.js"), "{text}");
        if *mode == "frame" {
            assert!(
                text.contains(&format!("holder = \"{processor_url}\"")),
                "{text}"
            );
        } else {
            assert!(
                text.contains("/pkg/index.js")
                    && text.contains("kind = \"wasm\"")
                    && text.contains("kind = \"importmap\""),
                "{text}"
            );
        }
        reports.push(report);
        let report = dir.path(&format!("{mode}-clean.json"));
        assert_eq!(check(&inv, &report, &integrity), [], "{mode}");
        reports.push(report);
        if *mode == "in-page" {
            // A package file that is not the one published: caught against integrity.json.
            let mut table: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&std::fs::read_to_string(&integrity).unwrap()).unwrap();
            table.insert(
                "index.js".into(),
                cardseal_audit::hash::sha384(b"not the package").into(),
            );
            let other = dir.path("other-integrity.json");
            std::fs::write(&other, serde_json::to_string(&table).unwrap()).unwrap();
            let report = dir.path("in-page-integrity.json");
            assert_eq!(
                check(&inv, &report, &other),
                [(
                    "cardseal_file_mismatch".to_owned(),
                    format!("{shop_url}/pkg/index.js")
                )]
            );
            reports.push(report);
        }
    }

    // One module changed on disk; the shop reads its files (and their SRI) at start.
    let module = www.join("i18n.js");
    let mut text = std::fs::read_to_string(&module).unwrap();
    text.push_str("\n// changed\n");
    std::fs::write(&module, text).unwrap();
    drop(shop);
    shop = start(&demo, &shop_args, sp);
    for (mode, _) in &pages {
        let report = dir.path(&format!("{mode}-changed.json"));
        let found = check(&dir.path(&format!("{mode}.toml")), &report, &integrity);
        assert_eq!(
            found,
            [(
                "script_changed".to_owned(),
                format!("{shop_url}/static/i18n.js")
            )],
            "{mode}: {}",
            std::fs::read_to_string(&report).unwrap()
        );
        reports.push(report);
    }
    drop(shop);
    validate_reports(&reports);
}
