//! The `cardseal` binary: keygen, key-info, seal, open and frame build, and their refusals.

// Test helpers: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn keys() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/keys")
}

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cardseal"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The binary may exit before reading its input (a bad key file): ignore EPIPE.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn stdout_json(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A failure: non-zero exit, nothing on stdout, one line on stderr containing `needle`.
fn assert_refused(o: &Output, needle: &str) {
    let err = String::from_utf8(o.stderr.clone()).unwrap();
    assert!(!o.status.success(), "{err}");
    assert!(o.stdout.is_empty());
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(
        err.starts_with("cardseal: ") && err.contains(needle),
        "{err:?}"
    );
}

/// The repository's test keys are checked out readable by every user; `open` takes them
/// only with this flag (see `a_world_readable_private_key_is_refused_unless_allowed`).
const TEST_KEY: &str = "--allow-world-readable-key";

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cardseal-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

const CARD: &str = r#"{"number":"4111 1111 1111 1111","expiry":"12/34","cvc":"123","name":"Budi","address":{"line1":"Jl. Sudirman 1","city":"Jakarta","postal_code":"10220","country":"ID"}}"#;

#[test]
fn keygen_writes_a_working_pair_and_never_overwrites() {
    let dir = tmp("keygen");
    let d = dir.to_str().unwrap();
    let o = run(&["keygen", "--out", d, "--bits", "3072"], "");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let info = &stdout_json(&o)[0];
    let mode = std::fs::metadata(dir.join("private.pem"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let jwk_text = std::fs::read_to_string(dir.join("public.jwk")).unwrap();
    let jwk: serde_json::Value = serde_json::from_str(&jwk_text).unwrap();
    assert_eq!(
        (jwk["use"].as_str(), jwk["alg"].as_str()),
        (Some("enc"), Some("RSA-OAEP-256"))
    );
    // kid = the RFC 7638 thumbprint as the browser side computes it, for all three files.
    let from_jwk = cardseal::PublicKey::import(&jwk_text).unwrap();
    assert_eq!(from_jwk.bits(), 3072);
    assert_eq!(jwk["kid"].as_str(), Some(from_jwk.thumbprint()));
    assert_eq!(info["kid"].as_str(), Some(from_jwk.thumbprint()));
    let pem = std::fs::read_to_string(dir.join("public.pem")).unwrap();
    assert_eq!(
        cardseal::PublicKey::import(&pem).unwrap().thumbprint(),
        from_jwk.thumbprint()
    );
    let private = cardseal_open::PrivateKey::import(
        &std::fs::read_to_string(dir.join("private.pem")).unwrap(),
    )
    .unwrap();
    assert_eq!(private.thumbprint(), from_jwk.thumbprint());

    // Sealed to the JWK, opened with the PEM.
    let sealed = run(
        &["seal", "--key", dir.join("public.jwk").to_str().unwrap()],
        CARD,
    );
    let jwe = stdout_json(&sealed)[0]["jwe"].as_str().unwrap().to_owned();
    let opened = run(
        &["open", "--key", dir.join("private.pem").to_str().unwrap()],
        &jwe,
    );
    assert!(opened.status.success());

    let before = std::fs::read(dir.join("private.pem")).unwrap();
    assert_refused(&run(&["keygen", "--out", d], ""), "already exists");
    assert_eq!(std::fs::read(dir.join("private.pem")).unwrap(), before);
    assert_refused(&run(&["keygen", "--out", d, "--bits", "1024"], ""), "1024");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn key_info_reports_and_keeps_secrets() {
    let k = keys();
    let info = |f: &str| {
        let o = run(&["key-info", k.join(f).to_str().unwrap()], "");
        assert!(
            o.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        (
            String::from_utf8(o.stdout.clone()).unwrap(),
            stdout_json(&o).remove(0),
        )
    };
    let (_, spki) = info("rsa2048-spki.pem");
    let thumb =
        cardseal::PublicKey::import(&std::fs::read_to_string(k.join("rsa2048.jwk")).unwrap())
            .unwrap()
            .thumbprint()
            .to_owned();
    assert_eq!(
        (
            spki["private"].as_bool(),
            spki["format"].as_str(),
            spki["bits"].as_u64()
        ),
        (Some(false), Some("spki-pem"), Some(2048))
    );
    assert_eq!(spki["kid"].as_str(), Some(thumb.as_str()));
    assert!(spki["jwk_kid"].is_null());
    // A JWK's own kid is reported beside the kid (the thumbprint), with a warning.
    let (_, own) = info("rsa2048-kid.jwk");
    assert_eq!(
        (own["kid"].as_str(), own["jwk_kid"].as_str()),
        (Some(thumb.as_str()), Some("merchant-2026-11"))
    );
    assert_eq!(own["warnings"], serde_json::json!(["KID_NOT_THUMBPRINT"]));
    assert_eq!(
        info("rsa2048-cert-expired.pem").1["warnings"][0].as_str(),
        Some("CERT_EXPIRED")
    );

    let secrets: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(k.join("rsa2048-private.jwk")).unwrap())
            .unwrap();
    for (f, format, own) in [
        ("rsa2048-private-pkcs8.pem", "pkcs8-pem", None),
        ("rsa2048-private-pkcs1.pem", "pkcs1-pem", None),
        ("rsa2048-private.jwk", "jwk", None),
        ("rsa2048-kid-private.jwk", "jwk", Some("merchant-2026-11")),
    ] {
        let (text, v) = info(f);
        assert_eq!(
            (
                v["private"].as_bool(),
                v["format"].as_str(),
                v["bits"].as_u64()
            ),
            (Some(true), Some(format), Some(2048)),
            "{f}"
        );
        assert_eq!(v["kid"].as_str(), Some(thumb.as_str()), "{f}");
        assert_eq!(v["jwk_kid"].as_str(), own, "{f}");
        let warned = own.map_or(vec![], |_| vec!["KID_NOT_THUMBPRINT"]);
        assert_eq!(v["warnings"], serde_json::json!(warned), "{f}");
        for m in ["d", "p", "q", "dp", "dq", "qi"] {
            let secret = secrets[m].as_str().unwrap();
            assert!(!text.contains(&secret[..16]), "{f} leaks {m}");
        }
    }
    let (_, enc) = info("rsa2048-private-encrypted.pem");
    assert_eq!(
        (enc["private"].as_bool(), enc["encrypted"].as_bool()),
        (Some(true), Some(true))
    );

    assert_refused(
        &run(
            &["key-info", k.join("rsa1024-spki.pem").to_str().unwrap()],
            "",
        ),
        "WEAK_KEY",
    );
    assert_refused(
        &run(
            &[
                "key-info",
                k.join("ec-p256-private-sec1.pem").to_str().unwrap(),
            ],
            "",
        ),
        "UNSUPPORTED_KEY_TYPE",
    );
    assert_refused(
        &run(&["key-info", "/nonexistent/key.pem"], ""),
        "/nonexistent/key.pem",
    );
}

#[test]
fn seal_then_open_lines_with_replay_and_rotation() {
    let k = keys();
    let kp = |f: &str| k.join(f).to_str().unwrap().to_owned();
    let s = run(&["seal", "--key", &kp("rsa2048-kid.jwk")], CARD);
    assert!(s.status.success());
    let v = &stdout_json(&s)[0];
    // The JWK's own kid is never the JWE's: the thumbprint is.
    let thumb =
        cardseal::PublicKey::import(&std::fs::read_to_string(k.join("rsa2048.jwk")).unwrap())
            .unwrap()
            .thumbprint()
            .to_owned();
    assert_eq!(v["kid"].as_str(), Some(thumb.as_str()));
    assert_eq!(v["summary"]["last4"].as_str(), Some("1111"));
    assert_eq!(v["summary"]["exp_year"].as_u64(), Some(2034));
    assert!(!String::from_utf8_lossy(&s.stdout).contains("4111111111111111"));
    let old = v["jwe"].as_str().unwrap().to_owned();
    let new = stdout_json(&run(
        &["seal", "--key", &kp("rsa3072-spki.pem")],
        r#"{"cvc":"999"}"#,
    ))[0]["jwe"]
        .as_str()
        .unwrap()
        .to_owned();

    let input = format!("{old}\n\n{new}\r\n{old}\nnot a jwe\n");
    let o = run(
        &[
            "open",
            TEST_KEY,
            "--key",
            &kp("rsa3072-private-pkcs8.pem"),
            "--key",
            &kp("rsa2048-kid-private.jwk"),
        ],
        &input,
    );
    assert_eq!(o.status.code(), Some(1), "a line failed");
    let lines = stdout_json(&o);
    assert_eq!(lines.len(), 4, "blank lines are skipped");
    assert_eq!(lines[0]["ok"].as_bool(), Some(true));
    assert_eq!(lines[0]["kid"].as_str(), Some(thumb.as_str()));
    assert!(lines[0]["iat"].as_u64().is_some());
    assert_eq!(
        lines[0]["fields"]["number"].as_str(),
        Some("4111111111111111")
    );
    assert_eq!(lines[0]["fields"]["exp_month"].as_u64(), Some(12));
    assert_eq!(
        lines[0]["fields"]["address"]["country"].as_str(),
        Some("ID")
    );
    assert_eq!(lines[1]["fields"]["cvc"].as_str(), Some("999"));
    assert_eq!(
        lines[2],
        serde_json::json!({"ok": false, "code": "REPLAYED"})
    );
    assert_eq!(
        lines[3],
        serde_json::json!({"ok": false, "code": "MALFORMED"})
    );

    // All good: exit 0.
    let fresh = stdout_json(&run(&["seal", "--key", &kp("rsa2048-spki.pem")], CARD))[0]["jwe"]
        .as_str()
        .unwrap()
        .to_owned();
    let o = run(
        &["open", TEST_KEY, "--key", &kp("rsa2048-private-pkcs1.pem")],
        &format!("{fresh}\n"),
    );
    assert!(o.status.success());
    let o = run(
        &["open", TEST_KEY, "--key", &kp("rsa2048-private-pkcs1.pem")],
        &"A".repeat(70_000),
    );
    assert_eq!(
        stdout_json(&o)[0]["code"].as_str(),
        Some("MALFORMED"),
        "an over-long line"
    );

    // --max-age: a JWE sealed 100 s ago is stale for a 60 s window, fresh for the default.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let key =
        cardseal::PublicKey::import(&std::fs::read_to_string(kp("rsa2048-spki.pem")).unwrap())
            .unwrap();
    let mut fields = cardseal::Fields::default();
    fields.cvc = Some("123".into());
    let mut rng = rand_core::OsRng;
    let old = cardseal::Sealer::new(key)
        .seal(&fields, &mut rng, now - 100)
        .unwrap()
        .jwe;
    let o = run(
        &[
            "open",
            TEST_KEY,
            "--key",
            &kp("rsa2048-private-pkcs8.pem"),
            "--max-age",
            "60",
        ],
        &old,
    );
    assert_eq!(stdout_json(&o)[0]["code"].as_str(), Some("STALE"));
    let o = run(
        &["open", TEST_KEY, "--key", &kp("rsa2048-private-pkcs8.pem")],
        &old,
    );
    assert_eq!(stdout_json(&o)[0]["ok"].as_bool(), Some(true));
}

#[test]
fn seal_per_field() {
    let k = keys();
    let o = run(
        &[
            "seal",
            "--per-field",
            "--key",
            k.join("rsa2048-spki.pem").to_str().unwrap(),
        ],
        r#"{"number":"4111111111111111","exp_month":12,"exp_year":2034,"cvc":"123"}"#,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = &stdout_json(&o)[0];
    let jwes = v["jwe"].as_object().unwrap();
    let names: Vec<&str> = jwes.keys().map(String::as_str).collect();
    assert_eq!(names, ["cvc", "exp_month", "exp_year", "number"]);
    let lines: Vec<&str> = jwes.values().map(|j| j.as_str().unwrap()).collect();
    let opened = run(
        &[
            "open",
            TEST_KEY,
            "--key",
            k.join("rsa2048-private-pkcs8.pem").to_str().unwrap(),
        ],
        &lines.join("\n"),
    );
    assert!(opened.status.success());
    let out = stdout_json(&opened);
    assert_eq!(out[0]["fields"], serde_json::json!({"cvc": "123"}));
    assert_eq!(out[1]["fields"], serde_json::json!({"exp_month": 12}));
}

#[test]
fn bad_input_is_one_line_and_non_zero() {
    let k = keys();
    let kp = |f: &str| k.join(f).to_str().unwrap().to_owned();
    assert_refused(
        &run(
            &["seal", "--key", &kp("rsa2048-spki.pem")],
            r#"{"number":"41x"}"#,
        ),
        "INVALID_FIELDS",
    );
    assert_refused(
        &run(&["seal", "--key", &kp("rsa2048-spki.pem")], "{not json"),
        "stdin",
    );
    // A wrong type is refused without echoing the value (a card number, here).
    let o = run(
        &["seal", "--key", &kp("rsa2048-spki.pem")],
        r#"{"number":4111111111111111}"#,
    );
    assert_refused(&o, "wrong type");
    assert!(!String::from_utf8_lossy(&o.stderr).contains("4111"));
    assert_refused(
        &run(
            &["seal", "--key", &kp("rsa2048-spki.pem")],
            r#"{"ssn":"1"}"#,
        ),
        "ssn",
    );
    assert_refused(
        &run(&["seal", "--key", &kp("rsa2048-spki.pem")], "{}"),
        "NO_FIELDS",
    );
    assert_refused(
        &run(&["seal", "--key", &kp("rsa2048-private-pkcs8.pem")], CARD),
        "PRIVATE_KEY_PASTED",
    );
    assert_refused(
        &run(&["open", "--key", &kp("rsa2048-spki.pem")], ""),
        "NOT_A_PRIVATE_KEY",
    );
    assert_refused(
        &run(
            &[
                "open",
                TEST_KEY,
                "--key",
                &kp("rsa2048-private-encrypted.pem"),
            ],
            "",
        ),
        "ENCRYPTED_KEY",
    );
    assert_refused(&run(&["open"], ""), "--key");
    assert_refused(&run(&["frobnicate"], ""), "frobnicate");
}

#[test]
fn a_world_readable_private_key_is_refused_unless_allowed() {
    // keygen writes the private key 0600, and open takes it as it is.
    let dir = tmp("modes");
    let d = dir.to_str().unwrap();
    assert!(run(&["keygen", "--out", d], "").status.success());
    let private = dir.join("private.pem");
    let p = private.to_str().unwrap();
    let mode = |m: u32| {
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(m)).unwrap();
    };
    let jwe = stdout_json(&run(
        &["seal", "--key", dir.join("public.jwk").to_str().unwrap()],
        CARD,
    ))[0]["jwe"]
        .as_str()
        .unwrap()
        .to_owned();
    let open = |extra: &[&str]| {
        let mut args = vec!["open", "--key", p];
        args.extend_from_slice(extra);
        run(&args, &format!("{jwe}\n"))
    };
    // Readable by every user: refused before any parsing, with one line that says what
    // to do; nothing opened, nothing printed.
    mode(0o644);
    let o = open(&[]);
    assert_refused(&o, "KEY_FILE_WORLD_READABLE");
    let line = String::from_utf8(o.stderr.clone()).unwrap();
    assert!(
        line.contains("0644")
            && line.contains(&format!("chmod 600 {p}"))
            && line.contains(cardseal_open::ALLOW_WORLD_READABLE_FLAG),
        "{line}"
    );
    // The flag the message names is the CLI's flag.
    let o = open(&[cardseal_open::ALLOW_WORLD_READABLE_FLAG]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(stdout_json(&o)[0]["ok"].as_bool(), Some(true));
    // Writable by others: refused too. Group-readable and owner-only: taken.
    mode(0o602);
    assert_refused(&open(&[]), "KEY_FILE_WORLD_READABLE");
    for m in [0o640, 0o600] {
        mode(m);
        let o = open(&[]);
        assert!(
            o.status.success(),
            "{m:o}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn frame_build_writes_a_release_and_refuses_bad_input_in_one_line() {
    let dir = tmp("frame-build");
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    // A stand-in npm package: the frame's modules, a wasm and their integrity.json.
    let sri = |path: &Path| cardseal_frame::sri::sha384(&std::fs::read(path).unwrap());
    std::fs::write(dir.join("pkg/index.js"), "export default 1;\n").unwrap();
    std::fs::write(dir.join("pkg/frame-protocol.js"), "export const V = 1;\n").unwrap();
    std::fs::write(dir.join("pkg/cardseal_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let integrity = serde_json::json!({
        "index.js": sri(&dir.join("pkg/index.js")),
        "frame-protocol.js": sri(&dir.join("pkg/frame-protocol.js")),
        "cardseal_bg.wasm": sri(&dir.join("pkg/cardseal_bg.wasm")),
    });
    std::fs::write(dir.join("pkg/integrity.json"), integrity.to_string()).unwrap();
    let key = keys().join("rsa2048-spki.pem");
    let config = |origin: &str| {
        format!(
            "holder = \"Pay Example\"\npackage = \"pkg\"\n[key]\nfile = {:?}\n\
             [[merchant]]\nid = \"shop-a\"\norigins = [{origin:?}]\n",
            key.display()
        )
    };
    let toml = dir.join("frame.toml");
    let toml_s = toml.to_str().unwrap();
    let out = dir.join("dist");
    let out_s = out.to_str().unwrap();

    std::fs::write(&toml, config("https://shop-a.example")).unwrap();
    let built = run(&["frame", "build", "--config", toml_s, "--out", out_s], "");
    assert!(built.status.success(), "{built:?}");
    let kid = stdout_json(&run(&["key-info", key.to_str().unwrap()], ""))[0]["kid"].clone();
    let printed = &stdout_json(&built)[0];
    assert_eq!(printed["kid"], kid);
    assert_eq!(
        printed["frames"],
        serde_json::json!({ "shop-a": "/frame/shop-a/" })
    );
    let page = std::fs::read_to_string(out.join("frame/shop-a/index.html")).unwrap();
    assert!(page.contains("content=\"https://shop-a.example\""));
    let nginx = std::fs::read_to_string(out.join("nginx.conf")).unwrap();
    assert!(nginx.contains("frame-ancestors https://shop-a.example;"));

    // A release never lands on an older one: a removed merchant's page would stay.
    assert_refused(
        &run(&["frame", "build", "--config", toml_s, "--out", out_s], ""),
        "not empty",
    );
    let fresh = dir.join("fresh");
    let fresh_s = fresh.to_str().unwrap();
    std::fs::write(&toml, config("https://shop-a.example/checkout")).unwrap();
    assert_refused(
        &run(
            &["frame", "build", "--config", toml_s, "--out", fresh_s],
            "",
        ),
        "is not an origin",
    );
    std::fs::write(
        &toml,
        "holder = \"x\"\npackage = \"pkg\"\n[key]\nfle = \"k\"\n",
    )
    .unwrap();
    assert_refused(
        &run(
            &["frame", "build", "--config", toml_s, "--out", fresh_s],
            "",
        ),
        "line 4",
    );
    assert_refused(
        &run(
            &[
                "frame",
                "build",
                "--config",
                "/nonexistent/frame.toml",
                "--out",
                fresh_s,
            ],
            "",
        ),
        "/nonexistent/frame.toml",
    );
    assert!(!fresh.exists(), "nothing written on a refusal");
    std::fs::remove_dir_all(&dir).unwrap();
}
