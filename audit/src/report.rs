//! The JSON report (schema: audit/report.schema.json, `schema` = [`SCHEMA`]) and the
//! human summary, with the exit codes a cron job or CI acts on.

use crate::check::Finding;
use crate::messages::{status, Lang};
use serde::Serialize;

/// The report's schema identifier; bumped on any incompatible change.
pub const SCHEMA: &str = "https://cardseal.invalid/schema/audit-report-1.json";

/// Exit code: every page matches the inventory.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings (a change, or something that must not be).
pub const EXIT_CHANGED: u8 = 1;
/// Exit code: could not check (browser, page, inventory or arguments).
pub const EXIT_ERROR: u8 = 2;

/// One page checked.
#[derive(Clone, Debug, Serialize)]
pub struct PageSummary {
    /// Its URL.
    pub url: String,
    /// Scripts that ran.
    pub scripts: usize,
    /// Frames.
    pub frames: usize,
    /// Card inputs found.
    pub card_inputs: usize,
    /// Whether the test card was typed.
    pub typed_card: bool,
}

/// Something that kept a page from being checked.
#[derive(Clone, Debug, Serialize)]
pub struct Problem {
    /// The page, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// What happened.
    pub message: String,
}

/// The whole report.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// [`SCHEMA`].
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    /// `cardseal VERSION`.
    pub tool: String,
    /// The command: `check` or `snapshot`.
    pub command: &'static str,
    /// The inventory file.
    pub inventory: String,
    /// Unix seconds when the check started.
    pub started_at: u64,
    /// `clean`, `changed` or `error`.
    pub status: &'static str,
    /// The process's exit code (0, 1, 2).
    pub exit_code: u8,
    /// The pages captured.
    pub pages: Vec<PageSummary>,
    /// Every finding.
    pub findings: Vec<Finding>,
    /// Inventory entries still missing their 6.4.3 fields.
    pub unreviewed: usize,
    /// Why a page could not be checked.
    pub errors: Vec<Problem>,
}

impl Report {
    /// Sets status and exit code from the findings and errors.
    pub fn finish(&mut self) {
        let (s, c) = if !self.errors.is_empty() {
            ("error", EXIT_ERROR)
        } else if !self.findings.is_empty() {
            ("changed", EXIT_CHANGED)
        } else {
            ("clean", EXIT_CLEAN)
        };
        self.status = s;
        self.exit_code = c;
    }

    /// The human summary.
    pub fn summary(&self, lang: Lang) -> String {
        let mut out = String::new();
        for p in &self.pages {
            out.push_str(&format!(
                "{}: {} scripts, {} frames, {} card inputs{}\n",
                p.url,
                p.scripts,
                p.frames,
                p.card_inputs,
                if p.typed_card {
                    ", test card typed"
                } else {
                    ""
                }
            ));
        }
        for f in &self.findings {
            out.push_str(&format!("  [{}] {}\n", f.kind, f.message));
        }
        for e in &self.errors {
            out.push_str(&format!(
                "  {}\n",
                status(
                    "error",
                    lang,
                    &[&match &e.page {
                        Some(p) => format!("{p}: {}", e.message),
                        None => e.message.clone(),
                    }]
                )
            ));
        }
        if self.unreviewed > 0 {
            out.push_str(&status("unreviewed", lang, &[&self.unreviewed.to_string()]));
            out.push('\n');
        }
        let line = match self.status {
            "clean" => status("clean", lang, &[]),
            "changed" => status("changed", lang, &[&self.findings.len().to_string()]),
            _ => status(
                "error",
                lang,
                &[self
                    .errors
                    .first()
                    .map(|e| e.message.as_str())
                    .unwrap_or("")],
            ),
        };
        out.push_str(&format!("cardseal audit {}: {line}\n", self.command));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema file and the code say the same: its id, the finding kinds, the exit
    /// codes.
    #[test]
    fn the_schema_matches_the_code() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../report.schema.json")).unwrap_or_default();
        assert_eq!(schema["$id"], SCHEMA);
        assert_eq!(schema["properties"]["$schema"]["const"], SCHEMA);
        let kinds: Vec<&str> = schema["properties"]["findings"]["items"]["properties"]["kind"]
            ["enum"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let ours: Vec<&str> = crate::messages::FINDINGS.iter().map(|f| f.0).collect();
        assert_eq!(kinds, ours);
        assert_eq!(
            schema["properties"]["exit_code"]["enum"],
            serde_json::json!([EXIT_CLEAN, EXIT_CHANGED, EXIT_ERROR])
        );
    }
}
