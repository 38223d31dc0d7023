//! The diff of a fresh capture against the inventory: scripts added, removed, changed;
//! header and CSP changes (nonces ignored); frames; card inputs where they must not be;
//! the typed test card sent anywhere; cardseal's own files against `integrity.json`.

use crate::capture::{PageCapture, Script};
use crate::csp;
use crate::inventory::{Entry, Inventory};
use crate::messages::{finding, Lang};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One finding of the JSON report (schema: audit/report.schema.json).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Finding {
    /// The stable kind (messages::FINDINGS).
    pub kind: &'static str,
    /// The page it was found on.
    pub page: String,
    /// What to read, in the chosen language.
    pub message: String,
    /// The script's location, the frame's URL or the header's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// What the inventory has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// What the browser received.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
}

/// Builds findings for one page in one language.
pub struct Findings {
    lang: Lang,
    page: String,
    /// The findings so far.
    pub list: Vec<Finding>,
}

impl Findings {
    /// An empty list for `page`.
    pub fn new(lang: Lang, page: &str) -> Findings {
        Findings {
            lang,
            page: page.to_owned(),
            list: Vec::new(),
        }
    }

    fn push(
        &mut self,
        kind: &'static str,
        args: &[&str],
        subject: Option<&str>,
        expected: Option<&str>,
        found: Option<&str>,
    ) {
        self.list.push(Finding {
            kind,
            page: self.page.clone(),
            message: finding(kind, self.lang, args),
            subject: subject.map(str::to_owned),
            expected: expected.map(str::to_owned),
            found: found.map(str::to_owned),
        });
    }
}

/// What needs no baseline: card inputs where they must not be, and the test card sent.
pub fn page_rules(f: &mut Findings, page: &PageCapture, mode: &str, holder: Option<&str>) {
    for i in &page.card_inputs {
        if mode == "frame" && Some(i.origin.as_str()) != holder {
            f.push(
                "card_input_outside_frame",
                &[&i.field, &i.origin],
                Some(&i.field),
                holder,
                Some(&i.origin),
            );
        } else if mode == "in-page" {
            if let Some(name) = &i.name {
                f.push(
                    "card_input_named",
                    &[&i.field],
                    Some(&i.field),
                    None,
                    Some(name),
                );
            }
        }
    }
    for l in &page.leaks {
        f.push(
            "card_sent",
            &[&l.url],
            Some(&l.url),
            None,
            Some(&l.carried_in),
        );
    }
}

/// cardseal's own files (`integrity.json`: file → sha384), served under `pkg_path`
/// (e.g. `/pkg/`), against what ran.
pub fn integrity_rules(
    f: &mut Findings,
    page: &PageCapture,
    integrity: &BTreeMap<String, String>,
    pkg_path: &str,
) {
    for s in &page.scripts {
        let path = s.location.split(['?', '#']).next().unwrap_or_default();
        for (file, want) in integrity {
            if path.ends_with(&format!("{pkg_path}{file}")) && *want != s.sha384 {
                f.push(
                    "cardseal_file_mismatch",
                    &[&s.location],
                    Some(&s.location),
                    Some(want),
                    Some(&s.sha384),
                );
            }
        }
    }
}

/// Hash sources (`'sha384-…'`, `'sha256-…'`) of scripts, by the script's location: a
/// script whose content changed changes its hash in the policy too, and that is one
/// finding (the script's), not also a CSP change. A hash of no known script stays.
type HashNames = BTreeMap<String, String>;

fn hash_names<'a>(scripts: impl Iterator<Item = &'a Script>) -> HashNames {
    let mut m = HashNames::new();
    for s in scripts {
        for h in [&s.sha384, &s.sha256] {
            m.insert(format!("'{h}'"), format!("'script:{}'", s.location));
        }
    }
    m
}

fn name_hashes(policy: Option<&String>, names: &HashNames) -> Option<String> {
    policy.map(|p| {
        p.split_ascii_whitespace()
            .map(|t| {
                let (core, semi) = t.strip_suffix(';').map_or((t, ""), |c| (c, ";"));
                names
                    .get(core)
                    .map_or_else(|| t.to_owned(), |n| format!("{n}{semi}"))
            })
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn header_rules(
    f: &mut Findings,
    subject: &str,
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
    hashes: (&HashNames, &HashNames),
) {
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for name in names {
        let (b, a) = (before.get(name), after.get(name));
        if name == "content-security-policy" || name == "content-security-policy-report-only" {
            let enforced = name == "content-security-policy";
            let (nb, na) = (name_hashes(b, hashes.0), name_hashes(a, hashes.1));
            for c in csp::diff(nb.as_deref(), na.as_deref()) {
                let kind = if c.loosened && enforced {
                    "csp_loosened"
                } else {
                    "csp_changed"
                };
                let what = if subject.is_empty() {
                    c.detail.clone()
                } else {
                    format!("{} (frame {subject})", c.detail)
                };
                f.push(
                    kind,
                    &[&what],
                    Some(name),
                    b.map(String::as_str),
                    a.map(String::as_str),
                );
            }
        } else if b != a {
            let what = if subject.is_empty() {
                name.clone()
            } else {
                format!("{name} (frame {subject})")
            };
            f.push(
                "header_changed",
                &[&what],
                Some(name),
                b.map(String::as_str),
                a.map(String::as_str),
            );
        }
    }
}

/// The key a frame is known by: its URL without query or fragment.
fn frame_key(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

fn script_rules(f: &mut Findings, inventory: &[&Entry], now: &[Script]) {
    let known: BTreeSet<(&str, &str)> = inventory
        .iter()
        .map(|e| (e.script.location.as_str(), e.script.identity()))
        .collect();
    let hashes: BTreeSet<&str> = inventory.iter().map(|e| e.script.identity()).collect();
    let mut matched: BTreeSet<&str> = BTreeSet::new();
    for s in now {
        if known.contains(&(s.location.as_str(), s.identity())) {
            matched.insert(&s.location);
            continue;
        }
        if let Some(old) = inventory.iter().find(|e| e.script.location == s.location) {
            matched.insert(&s.location);
            f.push(
                "script_changed",
                &[&s.location],
                Some(&s.location),
                Some(&old.script.sha384),
                Some(&s.sha384),
            );
        } else if ["inline", "eval", "handler", "importmap"].contains(&s.kind.as_str()) {
            // Code without a URL that moved place but not content is the same code.
            if !hashes.contains(s.identity()) {
                f.push(
                    "script_added",
                    &[&s.location],
                    Some(&s.location),
                    None,
                    Some(&s.sha384),
                );
            }
        } else {
            f.push(
                "script_added",
                &[&s.location],
                Some(&s.location),
                None,
                Some(&s.sha384),
            );
        }
    }
    let now_hashes: BTreeSet<&str> = now.iter().map(Script::identity).collect();
    for e in inventory {
        if !matched.contains(e.script.location.as_str())
            && !now_hashes.contains(e.script.identity())
        {
            f.push(
                "script_removed",
                &[&e.script.location],
                Some(&e.script.location),
                Some(&e.script.sha384),
                None,
            );
        }
    }
}

/// Every finding for one captured page against the inventory.
pub fn check_page(inv: &Inventory, page: &PageCapture, lang: Lang) -> Vec<Finding> {
    let mut f = Findings::new(lang, &page.url);
    let Some(known) = inv.pages.iter().find(|p| p.url == page.url) else {
        return f.list;
    };
    let entries: Vec<&Entry> = inv.scripts_of(&page.url).collect();
    script_rules(&mut f, &entries, &page.scripts);
    let names = (
        hash_names(entries.iter().map(|e| &e.script)),
        hash_names(page.scripts.iter()),
    );
    header_rules(
        &mut f,
        "",
        &known.headers,
        &page.headers,
        (&names.0, &names.1),
    );
    let before: BTreeMap<&str, _> = known
        .frames
        .iter()
        .map(|fr| (frame_key(&fr.url), fr))
        .collect();
    let after: BTreeMap<&str, _> = page
        .frames
        .iter()
        .map(|fr| (frame_key(&fr.url), fr))
        .collect();
    for (k, fr) in &after {
        match before.get(k) {
            Some(old) => header_rules(&mut f, k, &old.headers, &fr.headers, (&names.0, &names.1)),
            None => f.push("frame_added", &[k], Some(k), None, Some(&fr.origin)),
        }
    }
    for (k, fr) in &before {
        if !after.contains_key(k) {
            f.push("frame_removed", &[k], Some(k), Some(&fr.origin), None);
        }
    }
    page_rules(&mut f, page, &inv.mode, inv.holder.as_deref());
    f.list
}
