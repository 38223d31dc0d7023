//! `cardseal frame build`: the card frame's release, from `frame.toml`
//! ([`cardseal_frame::Config`]), written by [`cardseal_frame::Release::write`].

use super::{err, print_json, CliError};
use std::path::Path;
use std::process::ExitCode;

/// Runs `frame build`.
pub fn build(config: &Path, out: &Path) -> Result<ExitCode, CliError> {
    let shown = config.display();
    let text = std::fs::read_to_string(config).map_err(|e| err(format!("{shown}: {e}")))?;
    let base = config.parent().unwrap_or(Path::new("."));
    let release = cardseal_frame::Config::from_toml(&text, base)
        .and_then(|c| cardseal_frame::build(&c))
        .map_err(|e| err(format!("{shown}: {e}")))?;
    // Into a new or empty directory only: a file left from an older release (a merchant
    // since removed) would otherwise stay where a static host serves it.
    if std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some()) {
        return Err(err(format!(
            "{}: not empty; build into a new or empty directory",
            out.display()
        )));
    }
    release.write(out).map_err(err)?;
    let frames: serde_json::Map<String, serde_json::Value> = release
        .frames
        .iter()
        .map(|(id, url)| (id.clone(), url.clone().into()))
        .collect();
    print_json(&serde_json::json!({
        "kid": release.kid,
        "frames": frames,
        "files": release.files.len() + 2,
    }))?;
    Ok(ExitCode::SUCCESS)
}
