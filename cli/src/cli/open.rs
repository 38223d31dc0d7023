//! `cardseal open`: one JWE per stdin line, one JSON result per stdout line.

use super::{err, print_json, read_key_file, read_line, CliError, Line};
use cardseal_open::{MemoryReplayStore, Opener, PrivateKey, ReplayStore, MAX_JWE_LEN};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;
use zeroize::Zeroizing;

#[derive(Serialize)]
struct Success<'a> {
    ok: bool,
    fields: serde_json::Value,
    kid: &'a str,
    iat: u64,
}

#[derive(Serialize)]
struct Refused {
    ok: bool,
    code: &'static str,
}

/// The replay store: in memory, or the Redis at `url` shared with other processes.
fn store(url: Option<&str>) -> Result<Box<dyn ReplayStore>, CliError> {
    let Some(url) = url else {
        return Ok(Box::new(MemoryReplayStore::new()));
    };
    #[cfg(feature = "redis")]
    {
        let store = cardseal_open::RedisReplayStore::new(url)
            .map_err(|e| err(format!("--replay-store: {e}")))?;
        Ok(Box::new(store))
    }
    #[cfg(not(feature = "redis"))]
    {
        let _ = url;
        Err(err(
            "--replay-store: this cardseal was built without the `redis` feature",
        ))
    }
}

/// Runs `open`.
pub fn run(
    key_files: &[PathBuf],
    max_age: u64,
    replay_store: Option<&str>,
    allow_world_readable: bool,
) -> Result<ExitCode, CliError> {
    let mut keys = Vec::with_capacity(key_files.len());
    for path in key_files {
        let text = read_key_file(path, allow_world_readable)?;
        keys.push(PrivateKey::import(&text).map_err(|e| err(format!("{}: {e}", path.display())))?);
    }
    let mut keys = keys.into_iter();
    let first = keys
        .next()
        .ok_or_else(|| err("open needs at least one --key"))?;
    let opener = keys
        .fold(Opener::new(first), Opener::with_key)
        .max_age(max_age)
        .with_store(store(replay_store)?);

    let mut input = std::io::stdin().lock();
    let mut buf = Zeroizing::new(Vec::with_capacity(4096));
    let mut failed = false;
    loop {
        let line =
            read_line(&mut input, MAX_JWE_LEN, &mut buf).map_err(|e| err(format!("stdin: {e}")))?;
        let result = match line {
            Line::End => break,
            Line::TooLong => Err(cardseal_open::OpenError::Malformed),
            Line::Text => {
                let text = core::str::from_utf8(&buf).map(str::trim);
                match text {
                    Ok("") => continue,
                    Ok(jwe) => opener.open_detailed(jwe, super::now()?),
                    Err(_) => Err(cardseal_open::OpenError::Malformed),
                }
            }
        };
        match result {
            Ok(o) => print_json(&Success {
                ok: true,
                fields: cardseal_open::plaintext::to_json(&o.fields),
                kid: &o.header.kid,
                iat: o.header.iat,
            })?,
            Err(e) => {
                failed = true;
                print_json(&Refused {
                    ok: false,
                    code: e.code(),
                })?
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
