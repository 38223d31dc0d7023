//! The README's "Auditing the payment page (PCI DSS 6.4.3, 11.6.1)" section is run: its
//! four commands against a local fixture page (the example URL and addresses swapped for
//! the test's), the policy `csp` prints served back to the page (every script still
//! runs), and its cron line, which mails the report when a script changed. Its claims
//! that code can check are checked too: the finding kinds and the test card.

// Test code: a failure here is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/audit_site.rs"]
mod audit_site;

use audit_site::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const TITLE: &str = "## Auditing the payment page (PCI DSS 6.4.3, 11.6.1)\n";

fn section() -> String {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .unwrap();
    let start = readme
        .find(TITLE)
        .expect("the README has the audit section");
    let rest = &readme[start + TITLE.len()..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].to_owned()
}

/// The lines of the section's first ```LANG block.
fn block(text: &str, lang: &str) -> Vec<String> {
    let open = format!("```{lang}\n");
    let start = text
        .find(&open)
        .unwrap_or_else(|| panic!("no ```{lang} block"))
        + open.len();
    text[start..start + text[start..].find("```").unwrap()]
        .lines()
        .map(str::to_owned)
        .collect()
}

fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_cardseal"))
        .parent()
        .unwrap()
        .to_owned()
}

fn sh(line: &str, cwd: &Path, extra_path: Option<&Path>) -> Output {
    let mut path = bin_dir().display().to_string();
    if let Some(p) = extra_path {
        path = format!("{}:{path}", p.display());
    }
    path = format!("{path}:{}", std::env::var("PATH").unwrap_or_default());
    Command::new("/bin/sh")
        .args(["-c", line])
        .current_dir(cwd)
        .env("PATH", path)
        .output()
        .unwrap()
}

const PAGE: &str = r#"<!doctype html><html><head><meta charset="utf-8">
<script>window.shop = { currency: "IDR" };</script>
<script src="/lib.js"></script>
<script type="module" src="/app.js"></script>
</head><body><form><input data-cardseal="number" autocomplete="cc-number"><input data-cardseal="cvc" autocomplete="cc-csc"></form></body></html>"#;

#[test]
#[ignore = "needs Chromium: run by `make test-audit`"]
fn the_readme_commands_and_cron_line_run() {
    let text = section();
    let site = Site::start();
    site.page("/checkout", &[], PAGE);
    site.page("/lib.js", &[], "window.lib = 1;");
    site.page("/app.js", &[], "import \"./deep.js\";");
    site.page("/deep.js", &[], "window.deep = 1;");
    let dir = TempDir::new("readme");
    let collector_port = free_port();
    let hook = TcpListener::bind("127.0.0.1:0").unwrap();
    let commands: Vec<String> = block(&text, "sh")
        .into_iter()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            l.replace("https://shop.example/checkout", &site.url("/checkout"))
                .replace("127.0.0.1:8790", &format!("127.0.0.1:{collector_port}"))
                .replace(
                    "http://127.0.0.1:9000/alerts",
                    &format!("http://{}/alerts", hook.local_addr().unwrap()),
                )
        })
        .collect();
    assert_eq!(commands.len(), 4, "{commands:?}");
    let [snapshot, check, csp, collect] = [0, 1, 2, 3].map(|i| commands[i].clone());
    assert!(
        snapshot.starts_with("cardseal audit snapshot ")
            && check.starts_with("cardseal audit check ")
    );
    assert!(
        csp.starts_with("cardseal audit csp ") && collect.starts_with("cardseal audit collect ")
    );

    let o = sh(&snapshot, &dir.0, None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let inv = std::fs::read_to_string(dir.path("inventory.toml")).unwrap();
    assert!(
        inv.contains("/deep.js") && inv.contains("#inline-1"),
        "{inv}"
    );
    let o = sh(&check, &dir.0, None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("clean"));
    validate_reports(&[dir.path("report.json")]);

    // The policy `csp` prints, served back: every script of the inventory still runs.
    let o = sh(&csp, &dir.0, None);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    let header = |name: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("no {name} in\n{out}"))
            .to_owned()
    };
    let policy = header("Content-Security-Policy");
    assert!(
        policy.contains("'report-sha256'") && policy.contains("report-to cardseal"),
        "{policy}"
    );
    assert!(
        policy.contains("'wasm-unsafe-eval'") && policy.contains(&site.url("/deep.js")),
        "{policy}"
    );
    assert!(
        out.contains("<script type=\"importmap\">{\"integrity\":{"),
        "{out}"
    );
    let endpoints = header("Reporting-Endpoints");
    assert_eq!(
        endpoints,
        "cardseal=\"https://shop.example/cardseal-reports\""
    );
    site.page(
        "/checkout",
        &[
            ("Content-Security-Policy", &policy),
            ("Reporting-Endpoints", &endpoints),
        ],
        PAGE,
    );
    let o = sh(&check, &dir.0, None);
    let (kinds, _) = kinds(&dir.path("report.json"));
    assert_eq!(
        kinds,
        ["csp_changed", "header_changed"],
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    site.page("/checkout", &[], PAGE);

    // The collector starts where the README says and takes a report.
    let mut c = Command::new("/bin/sh")
        .args(["-c", &format!("exec {collect}")])
        .current_dir(&dir.0)
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin_dir().display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut err = BufReader::new(c.stderr.take().unwrap());
    err.read_line(&mut first).unwrap();
    assert!(
        first.contains(&format!("listening on http://127.0.0.1:{collector_port}")),
        "{first}"
    );
    let mut s = TcpStream::connect(("127.0.0.1", collector_port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let body = r#"[{"type":"csp-hash","url":"https://shop.example/checkout","body":{"documentURL":"https://shop.example/checkout","hash":"sha256-x","subresourceURL":"https://shop.example/x.js"}}]"#;
    write!(s, "POST /r HTTP/1.1\r\nContent-Type: application/reports+json\r\nContent-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 204"), "{answer}");
    let mut alert = String::new();
    err.read_line(&mut alert).unwrap();
    assert!(
        alert.contains("ALERT") && alert.contains("sha256-x"),
        "{alert}"
    );
    let _ = c.kill();
    let _ = c.wait();
    assert!(dir.path("reports.sqlite").exists());

    // The cron line: quiet while clean; mails the report (exit 1) once a script changed.
    let cron = block(&text, "cron");
    assert_eq!(cron.len(), 1);
    let fields: Vec<&str> = cron[0].splitn(6, ' ').collect();
    assert_eq!(fields.len(), 6);
    for f in &fields[..5] {
        assert!(*f == "*" || f.parse::<u32>().is_ok(), "{f}");
    }
    let job = fields[5].replace("cd /srv/cardseal-audit", &format!("cd {}", dir.0.display()));
    let fake = dir.path("bin");
    std::fs::create_dir_all(&fake).unwrap();
    let mail = fake.join("mail");
    std::fs::write(
        &mail,
        format!(
            "#!/bin/sh\necho \"$@\" > {0}/mail-args\ncat > {0}/mail-body\n",
            dir.0.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&mail, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    assert!(sh(&job, &dir.0, Some(&fake)).status.success());
    assert!(!dir.path("mail-args").exists(), "no mail while clean");
    site.page("/lib.js", &[], "window.lib = 2;");
    let _ = sh(&job, &dir.0, Some(&fake));
    let args = std::fs::read_to_string(dir.path("mail-args")).unwrap();
    assert_eq!(
        args.trim(),
        "-s cardseal audit: exit 1 security@shop.example"
    );
    let mailed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path("mail-body")).unwrap()).unwrap();
    assert_eq!(mailed["findings"][0]["kind"], "script_changed");
}

#[test]
fn the_readme_names_every_finding_and_the_test_card() {
    let text = section();
    for (kind, _, _) in cardseal_audit::messages::FINDINGS {
        if kind != "unknown_script_reported" {
            assert!(
                text.contains(&format!("`{kind}`")),
                "the README does not name {kind}"
            );
        }
    }
    let card = cardseal_audit::capture::TEST_CARD;
    let spaced: Vec<&str> = (0..4).map(|i| &card[i * 4..i * 4 + 4]).collect();
    assert!(text.contains(&spaced.join(" ")));
    assert!(text.contains("exit 0 clean, 1 changed, 2 could not check"));
    assert_eq!(
        (
            cardseal_audit::report::EXIT_CLEAN,
            cardseal_audit::report::EXIT_CHANGED,
            cardseal_audit::report::EXIT_ERROR
        ),
        (0, 1, 2)
    );
}
