//! Reading a private key file, in one place for the `cardseal` CLI and the demo processor:
//! at most [`MAX_KEY_FILE`] bytes of UTF-8, held in a buffer wiped on drop, and, on unix,
//! refused when it holds a private key that every user of the machine may read (or
//! change), as ssh refuses such a key. A clearly marked test key may still be used with
//! the flag [`ALLOW_WORLD_READABLE_FLAG`].
//!
//! The mode is read from the opened file itself, so a file swapped between the check and
//! the read is not missed. Group access is allowed (a service account's group is a
//! common, deliberate way to share a key); "others" access is not.

use crate::key::{looks_private, MAX_KEY_FILE};
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

/// The command-line flag, the same for every program, that accepts a private key file
/// other users can read (for test keys checked out from a repository).
pub const ALLOW_WORLD_READABLE_FLAG: &str = "--allow-world-readable-key";

/// Why a key file could not be used. Its [`Display`](core::fmt::Display) is one line
/// that names the file and says what to do.
#[non_exhaustive]
#[derive(Debug)]
pub enum KeyFileError {
    /// The file could not be opened or read.
    Io(String),
    /// Longer than [`MAX_KEY_FILE`].
    TooLarge,
    /// Not UTF-8 text.
    NotText,
    /// A private key whose file other users may read or change (the unix mode given).
    WorldReadable(u32),
}

impl KeyFileError {
    /// The stable code, e.g. `"KEY_FILE_WORLD_READABLE"`.
    pub fn code(&self) -> &'static str {
        match self {
            KeyFileError::Io(_) => "KEY_FILE_UNREADABLE",
            KeyFileError::TooLarge => "KEY_FILE_TOO_LARGE",
            KeyFileError::NotText => "KEY_FILE_NOT_TEXT",
            KeyFileError::WorldReadable(_) => "KEY_FILE_WORLD_READABLE",
        }
    }
}

/// A [`KeyFileError`] with the file it is about.
#[derive(Debug)]
pub struct KeyFileRefused {
    /// the file, as given
    pub path: String,
    /// why
    pub error: KeyFileError,
}

impl core::fmt::Display for KeyFileRefused {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let path = &self.path;
        match &self.error {
            KeyFileError::Io(e) => write!(f, "{path}: {e}"),
            KeyFileError::TooLarge => write!(f, "{path}: too large for a key file"),
            KeyFileError::NotText => write!(f, "{path}: not a text key file"),
            KeyFileError::WorldReadable(mode) => write!(
                f,
                "{path}: KEY_FILE_WORLD_READABLE: this file holds a private key or secret \
                 and every user of this machine may read it (mode {mode:04o}); run \
                 `chmod 600 {path}`, and treat it as leaked if others could log in (a test \
                 key may be used with {ALLOW_WORLD_READABLE_FLAG})"
            ),
        }
    }
}

impl std::error::Error for KeyFileRefused {}

/// Reads the key file at `path` into a zeroizing buffer. A file that holds a private key
/// (by [`looks_private`]) and whose mode gives "others" any access is refused unless
/// `allow_world_readable`; a public key file may be readable by anyone.
pub fn read_key_file(
    path: &Path,
    allow_world_readable: bool,
) -> Result<Zeroizing<String>, KeyFileRefused> {
    read(path, allow_world_readable, looks_private)
}

/// Reads a file that is a secret whatever it holds (an API key, a password) under the
/// same rules as [`read_key_file`]: refused when "others" have any access to it.
pub fn read_secret_file(path: &Path) -> Result<Zeroizing<String>, KeyFileRefused> {
    read(path, false, |_| true)
}

fn read(
    path: &Path,
    allow_world_readable: bool,
    is_secret: fn(&str) -> bool,
) -> Result<Zeroizing<String>, KeyFileRefused> {
    let refused = |error| KeyFileRefused {
        path: path.display().to_string(),
        error,
    };
    let file = std::fs::File::open(path).map_err(|e| refused(KeyFileError::Io(e.to_string())))?;
    let mode = others_mode(&file).map_err(|e| refused(KeyFileError::Io(e.to_string())))?;
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(MAX_KEY_FILE as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| refused(KeyFileError::Io(e.to_string())))?;
    if bytes.len() > MAX_KEY_FILE {
        return Err(refused(KeyFileError::TooLarge));
    }
    let text = core::str::from_utf8(&bytes).map_err(|_| refused(KeyFileError::NotText))?;
    if let Some(mode) = mode {
        if !allow_world_readable && is_secret(text) {
            return Err(refused(KeyFileError::WorldReadable(mode)));
        }
    }
    Ok(Zeroizing::new(text.to_owned()))
}

/// The file's permission bits when "others" have any access to it; `None` otherwise
/// (and on systems without unix modes).
#[cfg(unix)]
fn others_mode(file: &std::fs::File) -> std::io::Result<Option<u32>> {
    use std::os::unix::fs::PermissionsExt;
    let mode = file.metadata()?.permissions().mode() & 0o7777;
    Ok((mode & 0o007 != 0).then_some(mode))
}

#[cfg(not(unix))]
fn others_mode(_file: &std::fs::File) -> std::io::Result<Option<u32>> {
    Ok(None)
}

#[cfg(all(test, unix))]
mod tests {
    // Test code: a failure here is a failed test.
    #![allow(clippy::unwrap_used)]

    use super::*;
    use std::os::unix::fs::PermissionsExt;

    const PRIVATE: &str = include_str!("../../tests/keys/rsa2048-private-pkcs8.pem");
    const PUBLIC: &str = include_str!("../../tests/keys/rsa2048-spki.pem");

    #[test]
    fn a_private_key_others_can_read_is_refused_unless_allowed() {
        let dir = std::env::temp_dir().join(format!("cardseal-keyfile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let write = |name: &str, text: &str, mode: u32| {
            let p = dir.join(name);
            std::fs::write(&p, text).unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
            p
        };
        let open = write("open.pem", PRIVATE, 0o644);
        let e = read_key_file(&open, false).unwrap_err();
        assert_eq!(e.error.code(), "KEY_FILE_WORLD_READABLE");
        let line = e.to_string();
        assert!(line.contains("0644") && line.contains("chmod 600") && !line.contains('\n'));
        assert!(line.contains(ALLOW_WORLD_READABLE_FLAG), "{line}");
        assert_eq!(*read_key_file(&open, true).unwrap(), PRIVATE);
        // Writable by others is as bad; group access and 0600 are fine.
        let writable = write("writable.pem", PRIVATE, 0o602);
        assert!(read_key_file(&writable, false).is_err());
        for (name, mode) in [("own.pem", 0o600), ("group.pem", 0o640)] {
            assert_eq!(
                *read_key_file(&write(name, PRIVATE, mode), false).unwrap(),
                PRIVATE
            );
        }
        // A public key may be read by anyone.
        let public = write("public.pem", PUBLIC, 0o644);
        assert_eq!(*read_key_file(&public, false).unwrap(), PUBLIC);
        // A secret file (an API key) is refused whatever it holds.
        let token = write("token", "not a key", 0o604);
        assert!(read_secret_file(&token).is_err());
        std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(*read_secret_file(&token).unwrap(), "not a key");
        let missing = read_key_file(&dir.join("none.pem"), false).unwrap_err();
        assert_eq!(missing.error.code(), "KEY_FILE_UNREADABLE");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
