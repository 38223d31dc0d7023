//! `cardseal keygen`: a fresh RSA key pair for the processor.

use super::{err, print_json, CliError};
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeySize, PrivateDecryptingKey};
use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::process::ExitCode;

/// Modulus lengths offered.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Bits {
    /// 2048 bits
    #[value(name = "2048")]
    B2048,
    /// 3072 bits
    #[value(name = "3072")]
    B3072,
    /// 4096 bits
    #[value(name = "4096")]
    B4096,
}

/// Writes `bytes` to a new file with `mode`; an existing file is an error.
fn create(path: &Path, mode: u32, bytes: &[u8]) -> Result<(), CliError> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(|e| err(format!("{}: {e}", path.display())))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| err(format!("{}: {e}", path.display())))
}

/// Runs `keygen`.
pub fn run(out: &Path, bits: Bits) -> Result<ExitCode, CliError> {
    let names = ["private.pem", "public.pem", "public.jwk"].map(|n| out.join(n));
    if let Some(existing) = names.iter().find(|p| p.exists()) {
        return Err(err(format!(
            "{} already exists; keygen never overwrites a key",
            existing.display()
        )));
    }
    std::fs::create_dir_all(out).map_err(|e| err(format!("{}: {e}", out.display())))?;

    let size = match bits {
        Bits::B2048 => KeySize::Rsa2048,
        Bits::B3072 => KeySize::Rsa3072,
        Bits::B4096 => KeySize::Rsa4096,
    };
    let key = PrivateDecryptingKey::generate(size).map_err(|_| err("key generation failed"))?;
    let pkcs8 = key.as_der().map_err(|_| err("key encoding failed"))?;
    let spki = key
        .public_key()
        .as_der()
        .map_err(|_| err("key encoding failed"))?;
    // The kid is the thumbprint as the sealing side computes it, and the JWK is the one
    // the frame release publishes (cardseal::PublicKey::jwk).
    let checked = cardseal::PublicKey::import(&cardseal::b64::encode_url(spki.as_ref()))
        .map_err(|e| err(e.code()))?;
    let jwk: serde_json::Value = serde_json::from_str(&checked.jwk()).map_err(err)?;
    let mut jwk_text = serde_json::to_string_pretty(&jwk).map_err(err)?;
    jwk_text.push('\n');

    create(
        &names[0],
        0o600,
        cardseal_open::pem::encode("PRIVATE KEY", pkcs8.as_ref()).as_bytes(),
    )?;
    create(
        &names[1],
        0o644,
        cardseal_open::pem::encode("PUBLIC KEY", spki.as_ref()).as_bytes(),
    )?;
    create(&names[2], 0o644, jwk_text.as_bytes())?;
    print_json(&serde_json::json!({
        "kid": checked.thumbprint(),
        "bits": checked.bits(),
        "private": names[0],
        "public": names[1],
        "jwk": names[2],
    }))?;
    Ok(ExitCode::SUCCESS)
}
