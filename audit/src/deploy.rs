//! `cardseal audit csp`: the headers to deploy for an inventory, and the import map with
//! `integrity` for its module scripts.

use crate::hash::sha384;
use crate::inventory::Inventory;
use std::collections::BTreeSet;

/// The name of the reporting endpoint in `Reporting-Endpoints`.
pub const ENDPOINT: &str = "cardseal";

/// The import map for the inventory's module scripts (`None` when there are none).
pub fn import_map(inv: &Inventory) -> Option<String> {
    let modules: BTreeSet<(&str, &str)> = inv
        .scripts
        .iter()
        .filter(|e| e.script.kind == "module")
        .map(|e| (e.script.location.as_str(), e.script.sha384.as_str()))
        .collect();
    if modules.is_empty() {
        return None;
    }
    let integrity: serde_json::Map<String, serde_json::Value> = modules
        .into_iter()
        .map(|(u, h)| (u.to_owned(), serde_json::Value::from(h)))
        .collect();
    Some(serde_json::json!({ "integrity": integrity }).to_string())
}

/// The header lines (and the import map) to deploy.
pub fn headers(inv: &Inventory, report_to: Option<&str>) -> String {
    let mut script: BTreeSet<String> = BTreeSet::new();
    let mut worker: BTreeSet<String> = BTreeSet::new();
    let (mut handlers, mut wasm, mut eval) = (false, false, false);
    for e in &inv.scripts {
        let s = &e.script;
        if e.script.frame != crate::capture::origin_of(&e.page) {
            // Scripts of other origins' frames are theirs to allow.
            continue;
        }
        match s.kind.as_str() {
            "inline" => {
                script.insert(format!("'{}'", s.sha384));
            }
            "handler" => {
                handlers = true;
                script.insert(format!("'{}'", s.sha384));
            }
            "wasm" => wasm = true,
            "eval" => eval = true,
            // `csp` prints the import map to deploy, with its own hash.
            "importmap" => {}
            "worker" => {
                worker.insert(s.location.clone());
            }
            _ => {
                script.insert(s.location.clone());
            }
        }
    }
    let map = import_map(inv);
    if let Some(m) = &map {
        script.insert(format!("'{}'", sha384(m.as_bytes())));
    }
    let mut script: Vec<String> = script.into_iter().collect();
    if handlers {
        script.push("'unsafe-hashes'".into());
    }
    if wasm || inv.mode == "in-page" {
        script.push("'wasm-unsafe-eval'".into());
    }
    if report_to.is_some() {
        script.push("'report-sha256'".into());
    }
    let mut frames: BTreeSet<String> = inv.holder.iter().cloned().collect();
    for p in &inv.pages {
        for f in &p.frames {
            frames.insert(f.origin.clone());
        }
    }
    let mut connect = vec!["'self'".to_owned()];
    connect.extend(inv.holder.iter().cloned());
    let mut csp = vec![
        "default-src 'self'".to_owned(),
        format!("script-src {}", script.join(" ")),
    ];
    if !worker.is_empty() {
        csp.push(format!(
            "worker-src {}",
            worker.into_iter().collect::<Vec<_>>().join(" ")
        ));
    }
    csp.push(format!(
        "frame-src {}",
        if frames.is_empty() {
            "'none'".to_owned()
        } else {
            frames.into_iter().collect::<Vec<_>>().join(" ")
        }
    ));
    csp.push(format!("connect-src {}", connect.join(" ")));
    csp.extend(
        [
            "form-action 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
        .map(str::to_owned),
    );
    if report_to.is_some() {
        csp.push(format!("report-to {ENDPOINT}"));
    }
    let mut out = format!("Content-Security-Policy: {}\n", csp.join("; "));
    if let Some(url) = report_to {
        out.push_str(&format!("Reporting-Endpoints: {ENDPOINT}=\"{url}\"\n"));
        out.push_str(&format!(
            "Integrity-Policy-Report-Only: blocked-destinations=(script), endpoints=({ENDPOINT})\n"
        ));
    }
    if eval {
        out.push_str("# eval or new Function ran on the page: this policy does not allow it\n");
    }
    if let Some(m) = map {
        out.push_str(&format!("\n<script type=\"importmap\">{m}</script>\n"));
    }
    out
}
