//! `cardseal key-info`: what a key file is, without printing any secret.

use super::{err, print_json, read_key_file, CliError};
use cardseal_open::{KeyError, PrivateKey};
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

/// Runs `key-info`.
pub fn run(file: &Path) -> Result<ExitCode, CliError> {
    let text = read_key_file(file, true)?;
    let shown = file.display();
    let info = if cardseal_open::looks_private(&text) {
        match PrivateKey::import(&text) {
            Ok(k) => json!({
                "private": true,
                "format": k.format().as_str(),
                "bits": k.bits(),
                "kid": k.kid(),
                "jwk_kid": k.jwk_kid(),
                "warnings": k.jwk_kid().filter(|&own| own != k.kid())
                    .map(|_| cardseal::messages::KID_NOT_THUMBPRINT)
                    .into_iter()
                    .collect::<Vec<_>>(),
            }),
            Err(KeyError::Encrypted) => json!({
                "private": true,
                "encrypted": true,
                "format": "encrypted-pem",
            }),
            Err(e) => return Err(err(format!("{shown}: {e}"))),
        }
    } else {
        match cardseal::PublicKey::import(&text) {
            Ok(k) => json!({
                "private": false,
                "format": k.format().as_str(),
                "bits": k.bits(),
                "kid": k.kid(),
                "jwk_kid": k.jwk_kid(),
                "warnings": k.warnings(super::now()?),
            }),
            Err(e) => return Err(err(format!("{shown}: {e}"))),
        }
    };
    print_json(&info)?;
    Ok(ExitCode::SUCCESS)
}
