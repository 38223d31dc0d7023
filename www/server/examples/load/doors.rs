//! The demo's doors, as the load passes them: the shop's API key for the processors and
//! the staff password (random, in files only their owner may read), and one CSRF token
//! pair for every checkout (its cookie with each post, its value in each body), as one
//! browser holding the shop's page would send them.

use crate::http;
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// The secrets and the token.
pub struct Doors {
    /// `--api-key-file` and `--processor-key-file`
    pub api_key_file: PathBuf,
    /// `Authorization` for the processors' API
    pub bearer: String,
    /// `--staff-password-file`
    pub staff_file: PathBuf,
    staff_password: String,
    /// the CSRF token, posted as `csrf_token`
    pub csrf: String,
    /// the `Cookie` header that carries it
    pub csrf_cookie: String,
}

/// 32 random bytes, base64url.
fn random() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| format!("/dev/urandom: {e}"))?;
    Ok(cardseal::b64::encode_url(&bytes))
}

/// Writes `value` to a new file at `path`, mode 0600.
fn write(path: &Path, value: &str) -> Result<(), String> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .and_then(|mut f| f.write_all(value.as_bytes()))
        .map_err(|e| format!("{}: {e}", path.display()))
}

impl Doors {
    /// Makes the secrets in `work`.
    pub fn new(work: &Path) -> Result<Doors, String> {
        let (api_key, staff_password, csrf) = (random()?, random()?, random()?);
        let api_key_file = work.join("api-key");
        let staff_file = work.join("staff-password");
        write(&api_key_file, &api_key)?;
        write(&staff_file, &staff_password)?;
        Ok(Doors {
            api_key_file,
            bearer: format!("Bearer {api_key}"),
            staff_file,
            staff_password,
            csrf_cookie: format!("toko_csrf={csrf}"),
            csrf,
        })
    }

    /// Logs in at the shop's `/login`: the session cookie to send to `/orders`.
    pub async fn staff_login(&self, shop: &str) -> Result<String, String> {
        let form = format!("password={}", self.staff_password).into_bytes();
        match http::post_for_cookie(shop, "/login", form).await {
            (303, Some(cookie)) => Ok(cookie),
            (status, _) => Err(format!("POST /login answered {status}")),
        }
    }
}
