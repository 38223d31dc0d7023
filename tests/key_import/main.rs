//! Key import: every accepted form, every refusal, and hostile input. One file per
//! theme; the helpers they share are here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic

mod accepted;
mod private;
mod refused;
mod spki;

use cardseal::{Error, KeyFormat, PublicKey};

fn key(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// RFC 7638 thumbprint of tests/keys/rsa2048.jwk, computed by jose's
/// calculateJwkThumbprint (tests/node/interop.test.mjs checks it again at test time).
const THUMBPRINT: &str = "2-3TluUwchfnEAL8pSTiXFBluHHbj15aOTCfv7dUV3g";

/// The base64 of a PEM: its lines without the armour and headers.
fn pem_body(pem: &str) -> String {
    pem.lines()
        .filter(|l| !l.starts_with("-----") && !l.contains(':'))
        .collect()
}
