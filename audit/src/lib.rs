//! # cardseal-audit
//!
//! `cardseal audit`: the payment page's scripts and security-impacting headers as a real
//! browser receives them (headless Chromium over the DevTools protocol, never a re-fetch),
//! against a reviewed inventory. PCI DSS v4.0.1 6.4.3 (script inventory, authorization,
//! integrity) and 11.6.1 (change and tamper detection). The `cardseal` binary (crate
//! `cardseal-cli`) only wires [`Command`] to [`run`].
//!
//! - `snapshot URL… --out inventory.toml`: capture and write the inventory to review;
//! - `check --inventory inventory.toml [--json report.json]`: capture again and diff;
//!   exit 0 clean, 1 findings, 2 could not check;
//! - `csp --inventory …`: the strict headers and import map to deploy;
//! - `collect --inventory … --db reports.sqlite --listen ADDR`: receive browsers' CSP,
//!   script-hash and Integrity-Policy reports and flag unknown scripts.

pub mod capture;
pub mod cdp;
pub mod check;
pub mod collect;
pub mod csp;
pub mod deploy;
pub mod hash;
pub mod headers;
pub mod inventory;
pub mod messages;
pub mod report;

use capture::{Options, PageCapture};
use check::Findings;
use inventory::Inventory;
use messages::Lang;
use report::{PageSummary, Problem, Report, EXIT_ERROR};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// How the browser is started and how long a page may take.
#[derive(Clone, Debug, clap::Args)]
pub struct BrowserArgs {
    /// the Chromium binary (default: $CARDSEAL_CHROMIUM, then /usr/bin/chromium…)
    #[arg(long, value_name = "PATH")]
    pub chromium: Option<PathBuf>,
    /// one more Chromium switch (repeatable), e.g.
    /// --chromium-arg=--ignore-certificate-errors-spki-list=HASH
    #[arg(
        long = "chromium-arg",
        value_name = "SWITCH",
        allow_hyphen_values = true
    )]
    pub chromium_args: Vec<String>,
    /// quiet time after load (no new script, request or frame) before the page counts as
    /// settled; raise it for tag managers that inject late
    #[arg(long, default_value_t = 1000, value_name = "MS")]
    pub settle_ms: u64,
    /// the most one page may take, in seconds
    #[arg(long, default_value_t = 30, value_name = "S")]
    pub timeout: u64,
    /// do not type the test card into the card inputs
    #[arg(long)]
    pub no_card: bool,
    /// cardseal's integrity.json (from the npm package): its files must match
    #[arg(long, value_name = "FILE")]
    pub integrity: Option<PathBuf>,
    /// where the page serves the package's files: a script whose URL path ends with this
    /// plus a file of integrity.json is that file
    #[arg(long, default_value = "/pkg/", value_name = "PATH")]
    pub pkg_path: String,
    /// language of the summary and the findings' messages
    #[arg(long, value_enum, default_value = "en")]
    pub lang: Lang,
}

/// `cardseal audit …`.
#[derive(Clone, Debug, clap::Subcommand)]
pub enum Command {
    /// Capture the pages in headless Chromium and write the inventory to review.
    Snapshot {
        /// the payment page (and the pages that lead to it)
        #[arg(required = true)]
        urls: Vec<String>,
        /// the inventory file to write (the 6.4.3 fields of an existing one are kept)
        #[arg(long)]
        out: PathBuf,
        /// frame mode: the origin of the key holder's frame (detected when the card
        /// inputs are all in one cross-origin frame)
        #[arg(long, value_name = "ORIGIN")]
        holder: Option<String>,
        /// write the JSON report here too (`-` for stdout)
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// how the browser runs
        #[command(flatten)]
        browser: BrowserArgs,
    },
    /// Capture again and report every difference from the inventory. Exit 0 clean,
    /// 1 findings, 2 could not check.
    Check {
        /// the reviewed inventory
        #[arg(long)]
        inventory: PathBuf,
        /// the pages to check (default: every page of the inventory)
        urls: Vec<String>,
        /// write the JSON report here (`-` for stdout; the summary then goes to stderr)
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// how the browser runs
        #[command(flatten)]
        browser: BrowserArgs,
    },
    /// Print the strict headers (CSP, Reporting-Endpoints, Integrity-Policy) and the
    /// import map with integrity for the inventory.
    Csp {
        /// the reviewed inventory
        #[arg(long)]
        inventory: PathBuf,
        /// where browsers send reports (the collector's URL); adds 'report-sha256',
        /// Reporting-Endpoints and Integrity-Policy-Report-Only
        #[arg(long, value_name = "URL")]
        report_to: Option<String>,
    },
    /// Receive browsers' CSP, script-hash and Integrity-Policy reports into SQLite and
    /// flag every script not in the inventory.
    Collect(collect::CollectArgs),
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn options(b: &BrowserArgs) -> Result<Options, String> {
    Ok(Options {
        chromium: cdp::chromium_path(b.chromium.as_deref()).map_err(|e| e.0)?,
        chromium_args: b.chromium_args.clone(),
        settle: Duration::from_millis(b.settle_ms),
        timeout: Duration::from_secs(b.timeout.max(1)),
        type_card: !b.no_card,
    })
}

fn load_integrity(path: Option<&Path>) -> Result<BTreeMap<String, String>, String> {
    let Some(path) = path else {
        return Ok(BTreeMap::new());
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|_| format!("{}: not an integrity.json (file → sha384)", path.display()))
}

/// Captures every URL in one browser; a page that fails is an error entry, not an abort.
fn capture_all(urls: &[String], o: &Options, report: &mut Report) -> Vec<PageCapture> {
    let mut out = Vec::new();
    let mut browser = match cdp::Browser::launch(&o.chromium, &o.chromium_args) {
        Ok(b) => b,
        Err(e) => {
            report.errors.push(Problem {
                page: None,
                message: e.0,
            });
            return out;
        }
    };
    for u in urls {
        match capture::capture(&mut browser, u, o) {
            Ok(p) => {
                report.pages.push(PageSummary {
                    url: p.url.clone(),
                    scripts: p.scripts.len(),
                    frames: p.frames.len(),
                    card_inputs: p.card_inputs.len(),
                    typed_card: p.typed,
                });
                out.push(p);
            }
            Err(e) => report.errors.push(Problem {
                page: Some(u.clone()),
                message: e.0,
            }),
        }
    }
    out
}

fn new_report(command: &'static str, inventory: &Path) -> Report {
    Report {
        schema: report::SCHEMA,
        tool: format!("cardseal {}", env!("CARGO_PKG_VERSION")),
        command,
        inventory: inventory.display().to_string(),
        started_at: now(),
        status: "error",
        exit_code: EXIT_ERROR,
        pages: Vec::new(),
        findings: Vec::new(),
        unreviewed: 0,
        errors: Vec::new(),
    }
}

/// Prints the summary and writes the JSON report; returns the exit code.
fn emit(mut report: Report, json: Option<&Path>, lang: Lang) -> ExitCode {
    report.finish();
    let text = report.summary(lang);
    let to_stdout = json.is_some_and(|p| p.as_os_str() == "-");
    // A closed stdout or stderr (a pipe into `head`) is no reason to panic.
    let _ = if to_stdout {
        std::io::stderr().write_all(text.as_bytes())
    } else {
        std::io::stdout().write_all(text.as_bytes())
    };
    if let Some(path) = json {
        let body = serde_json::to_string_pretty(&report).unwrap_or_default() + "\n";
        if to_stdout {
            let _ = std::io::stdout().write_all(body.as_bytes());
        } else if let Err(e) = std::fs::write(path, body) {
            let _ = writeln!(std::io::stderr(), "cardseal: {}: {e}", path.display());
            return ExitCode::from(EXIT_ERROR);
        }
    }
    ExitCode::from(report.exit_code)
}

/// The frame mode and holder the captures show: card inputs all in one origin other than
/// the page's mean frame mode.
fn detect_mode(pages: &[PageCapture], holder: Option<String>) -> (String, Option<String>) {
    if holder.is_some() {
        return ("frame".into(), holder);
    }
    let mut origins: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.card_inputs.iter().map(|i| i.origin.as_str()))
        .collect();
    origins.sort_unstable();
    origins.dedup();
    match origins.as_slice() {
        [one] if pages.iter().all(|p| !p.url.starts_with(&format!("{one}/"))) => {
            ("frame".into(), Some((*one).to_owned()))
        }
        _ => ("in-page".into(), None),
    }
}

/// Runs one `cardseal audit` command.
pub fn run(cmd: Command) -> ExitCode {
    match cmd {
        Command::Snapshot {
            urls,
            out,
            holder,
            json,
            browser,
        } => {
            let mut report = new_report("snapshot", &out);
            let lang = browser.lang;
            let integrity = load_integrity(browser.integrity.as_deref());
            let o = options(&browser);
            let (o, integrity) = match (o, integrity) {
                (Ok(o), Ok(i)) => (o, i),
                (Err(e), _) | (_, Err(e)) => {
                    report.errors.push(Problem {
                        page: None,
                        message: e,
                    });
                    return emit(report, json.as_deref(), lang);
                }
            };
            // A reviewed file is never overwritten by one that lost its review.
            let previous = if out.exists() {
                match Inventory::load(&out) {
                    Ok(inv) => Some(inv),
                    Err(e) => {
                        report.errors.push(Problem {
                            page: None,
                            message: format!("{e}; not overwriting it (move it away first)"),
                        });
                        return emit(report, json.as_deref(), lang);
                    }
                }
            } else {
                None
            };
            let pages = capture_all(&urls, &o, &mut report);
            if !report.errors.is_empty() {
                return emit(report, json.as_deref(), lang);
            }
            let (mode, holder) = detect_mode(&pages, holder);
            let inv = Inventory::from_captures(&pages, mode, holder, previous.as_ref());
            for p in &pages {
                let mut f = Findings::new(lang, &p.url);
                check::page_rules(&mut f, p, &inv.mode, inv.holder.as_deref());
                check::integrity_rules(&mut f, p, &integrity, &browser.pkg_path);
                report.findings.extend(f.list);
            }
            report.unreviewed = inv.scripts.iter().filter(|e| !e.reviewed()).count();
            match inv.to_toml().and_then(|t| {
                std::fs::write(&out, t).map_err(|e| format!("{}: {e}", out.display()))
            }) {
                Ok(()) => {}
                Err(e) => report.errors.push(Problem {
                    page: None,
                    message: e,
                }),
            }
            emit(report, json.as_deref(), lang)
        }
        Command::Check {
            inventory,
            urls,
            json,
            browser,
        } => {
            let mut report = new_report("check", &inventory);
            let lang = browser.lang;
            let inv = match Inventory::load(&inventory) {
                Ok(i) => i,
                Err(e) => {
                    report.errors.push(Problem {
                        page: None,
                        message: e,
                    });
                    return emit(report, json.as_deref(), lang);
                }
            };
            report.unreviewed = inv.scripts.iter().filter(|e| !e.reviewed()).count();
            let urls: Vec<String> = if urls.is_empty() {
                inv.pages.iter().map(|p| p.url.clone()).collect()
            } else {
                urls
            };
            if urls.is_empty() {
                report.errors.push(Problem {
                    page: None,
                    message:
                        "the inventory lists no page: run `cardseal audit snapshot URL…` first"
                            .into(),
                });
            }
            for u in &urls {
                if !inv.pages.iter().any(|p| p.url == *u) {
                    report.errors.push(Problem {
                        page: Some(u.clone()),
                        message: "not in the inventory: snapshot it first".into(),
                    });
                }
            }
            let integrity = load_integrity(browser.integrity.as_deref());
            let (o, integrity) = match (options(&browser), integrity) {
                (Ok(o), Ok(i)) if report.errors.is_empty() => (o, i),
                (Err(e), _) | (_, Err(e)) => {
                    report.errors.push(Problem {
                        page: None,
                        message: e,
                    });
                    return emit(report, json.as_deref(), lang);
                }
                _ => return emit(report, json.as_deref(), lang),
            };
            let pages = capture_all(&urls, &o, &mut report);
            for p in &pages {
                report.findings.extend(check::check_page(&inv, p, lang));
                let mut f = Findings::new(lang, &p.url);
                check::integrity_rules(&mut f, p, &integrity, &browser.pkg_path);
                report.findings.extend(f.list);
            }
            emit(report, json.as_deref(), lang)
        }
        Command::Csp {
            inventory,
            report_to,
        } => match Inventory::load(&inventory) {
            Ok(inv) => {
                let _ = std::io::stdout()
                    .write_all(deploy::headers(&inv, report_to.as_deref()).as_bytes());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("cardseal: {e}");
                ExitCode::from(EXIT_ERROR)
            }
        },
        Command::Collect(args) => match collect::serve(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("cardseal: {e}");
                ExitCode::from(EXIT_ERROR)
            }
        },
    }
}
