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
