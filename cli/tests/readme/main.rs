//! The processor's first hour (issue 23 item 9), from the READMEs as written: every
//! ```sh block after a `<!-- run by cli/tests/readme/ -->` line in README.md and
//! open/README.md is run. The install line, `cargo install --locked --path cli`, installs
//! into a scratch `--root` (never the machine's `~/.cargo`), and the installed binary
//! answers; the other commands run verbatim, one by one, in an empty directory with the
//! built `cardseal` first on the PATH, and what they leave is checked: the key pair, the
//! thumbprint, a JWE that the private key opens to the test card.

// Test code: a failure here is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MARK: &str = "<!-- run by cli/tests/readme/ -->\n```sh\n";
const INSTALL: &str = "cargo install --locked --path cli";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The command lines of the marked blocks of both READMEs, comments and blank lines left
/// out (a `#` comment after a command is the shell's to skip).
fn commands() -> Vec<String> {
    let mut out = Vec::new();
    for readme in ["README.md", "open/README.md"] {
        let text = std::fs::read_to_string(repo().join(readme)).unwrap();
        // A block still marked with the file this test was before it became a directory
        // would be skipped silently.
        assert!(
            !text.contains("run by cli/tests/readme.rs"),
            "{readme}: mark blocks {MARK:?}"
        );
        let blocks: Vec<&str> = text.split(MARK).skip(1).collect();
        assert!(!blocks.is_empty(), "{readme}: no block marked {MARK:?}");
        for block in blocks {
            let body = &block[..block.find("```").expect("the block ends")];
            out.extend(
                body.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_owned),
            );
        }
    }
    out
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cardseal-readme-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn sh(line: &str, cwd: &Path, path_first: &Path) -> Output {
    let path = format!(
        "{}:{}",
        path_first.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("/bin/sh")
        .args(["-c", line])
        .current_dir(cwd)
        .env("PATH", path)
        .output()
        .unwrap()
}

fn ok(line: &str, out: &Output) -> String {
    assert!(
        out.status.success(),
        "{line}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn the_install_line_installs_the_cli_into_a_scratch_root() {
    let lines = commands();
    let install: Vec<&String> = lines.iter().filter(|l| l.starts_with("cargo ")).collect();
    assert!(!install.is_empty(), "the READMEs have an install line");
    for line in &install {
        assert_eq!(
            line.as_str(),
            INSTALL,
            "every install line is the one tested"
        );
    }
    let root = scratch("root");
    // The line as written, from a clone's top directory, into the scratch root; its own
    // target directory, so the install never waits on the lock of the build running this
    // test (and keeps its build for the next run).
    let line = format!("{INSTALL} --root {}", root.display());
    let out = Command::new("/bin/sh")
        .args(["-c", &line])
        .current_dir(repo())
        .env(
            "CARGO_TARGET_DIR",
            repo().join("target").join("readme-install"),
        )
        .output()
        .unwrap();
    ok(&line, &out);
    let bin = root.join("bin").join("cardseal");
    assert!(bin.is_file(), "{} installed", bin.display());
    let help = ok(
        "cardseal --help",
        &Command::new(&bin).arg("--help").output().unwrap(),
    );
    for command in ["keygen", "key-info", "seal", "open"] {
        assert!(help.contains(command), "{command} in:\n{help}");
    }
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn the_processor_commands_run_as_written() {
    let lines: Vec<String> = commands()
        .into_iter()
        .filter(|l| !l.starts_with("cargo "))
        .collect();
    for command in ["keygen", "key-info", "seal", "open"] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("cardseal {command} "))),
            "the first hour shows `cardseal {command}`: {lines:?}"
        );
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_cardseal")).parent().unwrap();
    let dir = scratch("first-hour");
    let mut outputs = Vec::new();
    for line in &lines {
        outputs.push(ok(line, &sh(line, &dir, bin)));
    }

    // keygen: the key pair, the private key 0600; key-info: its thumbprint.
    let at = |cmd: &str| {
        let i = lines
            .iter()
            .position(|l| l.starts_with(&format!("cardseal {cmd} ")))
            .unwrap();
        serde_json::from_str::<Value>(outputs[i].trim()).unwrap()
    };
    let keygen = at("keygen");
    for f in ["keys/private.pem", "keys/public.pem", "keys/public.jwk"] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("keys/private.pem"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let info = at("key-info");
    assert_eq!(info["kid"], keygen["kid"]);
    assert_eq!(info["private"], false);

    // seal left one JWE in jwes.txt; open opened it to the test card.
    let jwes = std::fs::read_to_string(dir.join("jwes.txt")).unwrap();
    assert_eq!(jwes.lines().count(), 1);
    assert_eq!(jwes.trim().split('.').count(), 5, "{jwes}");
    let opened = at("open");
    assert_eq!(opened["ok"], true, "{opened}");
    assert_eq!(opened["kid"], keygen["kid"]);
    assert_eq!(
        opened["fields"],
        serde_json::json!({ "number": "4111111111111111", "exp_month": 12, "exp_year": 2034, "cvc": "123" })
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The frame release's block (README.md, "Deploying the frame"), as one script: it holds
/// a heredoc.
const FRAME_MARK: &str = "<!-- the frame release, run by cli/tests/readme/ -->\n```sh\n";
/// The server block that includes the release's nginx.conf.
const NGINX_MARK: &str =
    "<!-- the frame release's server block, checked with nginx by cli/tests/readme/ -->\n```nginx\n";

/// The code block after `mark` in README.md.
fn block(mark: &str) -> String {
    let text = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let rest = text
        .split(mark)
        .nth(1)
        .unwrap_or_else(|| panic!("README.md: no block marked {mark:?}"));
    rest[..rest.find("```").expect("the block ends")].to_owned()
}

/// `GET path` on 127.0.0.1:port: (status, headers lower-cased, body).
fn get(port: u16, path: &str) -> (u16, Vec<(String, String)>, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: pay.example\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
        .collect();
    (status, headers, body.to_owned())
}

/// nginx, stopped on drop: SIGTERM, so the master stops its workers too (SIGKILL would
/// leave them running).
struct Nginx(std::process::Child);
impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.0.id().to_string()).status();
        let _ = self.0.wait();
    }
}

#[test]
#[ignore = "needs pkg/ (the npm package) and nginx: run by `make test-e2e`"]
fn the_processor_deploys_the_frame_as_written() {
    let script = block(FRAME_MARK);
    assert!(
        script.contains("cardseal frame build --config frame.toml --out dist/"),
        "{script}"
    );
    let bin = Path::new(env!("CARGO_BIN_EXE_cardseal")).parent().unwrap();
    let dir = scratch("frame-release");
    // `npm install cardseal` (the README's prose) as it leaves the package: the built one.
    let pkg = std::env::var_os("CARDSEAL_PKG").map_or(repo().join("pkg"), PathBuf::from);
    assert!(
        pkg.join("integrity.json").is_file(),
        "{}: build the package first (make pkg)",
        pkg.display()
    );
    std::fs::create_dir_all(dir.join("node_modules")).unwrap();
    std::os::unix::fs::symlink(
        pkg.canonicalize().unwrap(),
        dir.join("node_modules/cardseal"),
    )
    .unwrap();
    let out = ok(
        "the frame release block",
        &sh(&format!("set -e\n{script}"), &dir, bin),
    );
    let built: Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    let info = ok(
        "key-info",
        &sh("cardseal key-info keys/public.pem", &dir, bin),
    );
    let kid = serde_json::from_str::<Value>(info.trim()).unwrap()["kid"].clone();
    assert_eq!(built["kid"], kid);
    assert_eq!(
        built["frames"],
        serde_json::json!({ "toko-a": "/frame/toko-a/", "toko-b": "/frame/toko-b/" })
    );
    for f in [
        "frame/toko-a/index.html",
        "frame/toko-b/index.html",
        "frame/frame.js",
        "pkg/cardseal_bg.wasm",
        "key.html",
        ".well-known/jwks.json",
        "nginx.conf",
        "_headers",
    ] {
        assert!(dir.join("dist").join(f).is_file(), "dist/{f}");
    }

    // The server block as written, on a loopback port and over plain HTTP (no certificate
    // here), its root the release just built; nginx -t, then served.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = block(NGINX_MARK);
    assert!(
        server.contains("listen 443 ssl;") && server.contains("/srv/pay/dist"),
        "{server}"
    );
    let server: String = server
        .lines()
        .filter(|l| !l.trim_start().starts_with("ssl_certificate"))
        .map(|l| l.replace("listen 443 ssl;", &format!("listen 127.0.0.1:{port};")) + "\n")
        .collect::<String>()
        .replace("/srv/pay/dist", dir.join("dist").to_str().unwrap());
    let ngx = dir.join("nginx");
    std::fs::create_dir_all(&ngx).unwrap();
    let d = ngx.display();
    let conf = format!(
        "daemon off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n\
         access_log off;\nclient_body_temp_path {d}/body;\nproxy_temp_path {d}/proxy;\n\
         fastcgi_temp_path {d}/fastcgi;\nuwsgi_temp_path {d}/uwsgi;\nscgi_temp_path {d}/scgi;\n\
         {server}}}\n"
    );
    std::fs::write(ngx.join("nginx.conf"), conf).unwrap();
    let nginx = if Path::new("/usr/sbin/nginx").exists() {
        "/usr/sbin/nginx"
    } else {
        "nginx"
    };
    let args = [
        "-p",
        &d.to_string(),
        "-e",
        &format!("{d}/error.log"),
        "-c",
        &format!("{d}/nginx.conf"),
    ]
    .map(|a| a.to_owned());
    let test = Command::new(nginx).args(&args).arg("-t").output().unwrap();
    assert!(
        test.status.success(),
        "nginx -t: {}",
        String::from_utf8_lossy(&test.stderr)
    );
    let _running = Nginx(Command::new(nginx).args(&args).spawn().unwrap());
    let mut up = false;
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            up = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(up, "nginx answers on {port}");
    let header = |h: &[(String, String)], name: &str| {
        h.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    for (path, origins) in [
        ("/frame/toko-a/", "https://toko-a.example"),
        (
            "/frame/toko-b/",
            "https://toko-b.example https://www.toko-b.example",
        ),
    ] {
        let (status, h, body) = get(port, path);
        assert_eq!(status, 200, "{path}");
        assert!(
            header(&h, "content-security-policy").contains(&format!("frame-ancestors {origins};")),
            "{h:?}"
        );
        assert_eq!(header(&h, "x-content-type-options"), "nosniff");
        assert_eq!(header(&h, "cache-control"), "no-store");
        assert!(body.contains(&format!(
            "<meta name=\"cardseal-origins\" content=\"{origins}\">"
        )));
        assert!(body.contains("<meta name=\"cardseal-jwks\" content=\"/.well-known/jwks.json\">"));
        assert!(body.contains("<meta name=\"cardseal-locale\" content=\"id\">"));
    }
    let (status, h, jwks) = get(port, "/.well-known/jwks.json");
    assert_eq!(
        (status, header(&h, "content-type").as_str()),
        (200, "application/json")
    );
    assert_eq!(
        serde_json::from_str::<Value>(&jwks).unwrap()["keys"][0]["kid"],
        kid
    );
    assert_eq!(get(port, "/key").0, 200);
    for path in ["/nginx.conf", "/_headers", "/frame/toko-c/", "/"] {
        assert_eq!(get(port, path).0, 404, "{path}");
    }
    drop(_running);
    std::fs::remove_dir_all(&dir).unwrap();
}
