//! The subcommands, one file each, and what they share.

pub mod frame;
pub mod key_info;
pub mod keygen;
pub mod open;
pub mod seal;

use std::io::{BufRead, Write};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};
use zeroize::Zeroizing;

/// A one-line error for stderr.
#[derive(Debug)]
pub struct CliError(pub String);

impl core::fmt::Display for CliError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // One line, whatever the cause said.
        f.write_str(&self.0.replace(['\n', '\r'], " "))
    }
}

/// Builds a [`CliError`] from anything printable.
pub fn err(msg: impl core::fmt::Display) -> CliError {
    CliError(msg.to_string())
}

/// Reads a key file with [`cardseal_open::read_key_file`]: bounded, wiped after use, and
/// a private key that every user may read refused unless `allow_world_readable` (`open`'s
/// `--allow-world-readable-key`). `key-info` and `seal` only inspect or refuse a private
/// key, so they pass `true`.
pub fn read_key_file(
    path: &Path,
    allow_world_readable: bool,
) -> Result<Zeroizing<String>, CliError> {
    cardseal_open::read_key_file(path, allow_world_readable).map_err(err)
}

/// Seconds since the Unix epoch.
pub fn now() -> Result<u64, CliError> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| err("the system clock is before 1970"))
}

/// Writes one JSON value and a newline to stdout.
pub fn print_json(v: &impl serde::Serialize) -> Result<(), CliError> {
    let mut buf = Zeroizing::new(Vec::with_capacity(512));
    serde_json::to_writer(&mut *buf, v).map_err(err)?;
    buf.push(b'\n');
    let mut out = std::io::stdout().lock();
    out.write_all(&buf)
        .and_then(|_| out.flush())
        .map_err(|e| err(format!("stdout: {e}")))
}

/// One line read by [`read_line`].
pub enum Line {
    /// the line without its end-of-line characters
    Text,
    /// longer than the limit; the rest was skipped
    TooLong,
    /// end of input
    End,
}

/// Reads one line of at most `max` bytes into `buf` (cleared first). A longer line is
/// skipped to its end without being held in memory.
pub fn read_line(input: &mut impl BufRead, max: usize, buf: &mut Vec<u8>) -> std::io::Result<Line> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            if buf.len() + take > max {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        input.consume(take + usize::from(done));
        if done {
            break;
        }
    }
    if !any {
        return Ok(Line::End);
    }
    while buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(if too_long { Line::TooLong } else { Line::Text })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_limit() {
        let mut input = std::io::BufReader::with_capacity(4, &b"ab\r\n0123456789\nlast"[..]);
        let mut buf = Vec::new();
        assert!(matches!(
            read_line(&mut input, 5, &mut buf).unwrap(),
            Line::Text
        ));
        assert_eq!(buf, b"ab");
        assert!(matches!(
            read_line(&mut input, 5, &mut buf).unwrap(),
            Line::TooLong
        ));
        assert!(matches!(
            read_line(&mut input, 5, &mut buf).unwrap(),
            Line::Text
        ));
        assert_eq!(buf, b"last");
        assert!(matches!(
            read_line(&mut input, 5, &mut buf).unwrap(),
            Line::End
        ));
    }
}
