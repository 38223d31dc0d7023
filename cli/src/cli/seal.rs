//! `cardseal seal`: the same Rust core as the browser, from the command line.

use super::{err, print_json, read_key_file, CliError};
use cardseal::fields::{Fields, FromJsonError, JsonInput};
use serde_json::{json, Map, Value};
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use zeroize::Zeroizing;

/// Fields JSON on stdin larger than this is refused.
const MAX_INPUT: usize = 64 * 1024;

fn summary(s: &cardseal::Summary) -> Value {
    json!({
        "brand": s.brand,
        "last4": s.last4,
        "exp_month": s.exp_month,
        "exp_year": s.exp_year,
    })
}

/// A one-line description of a sealing error, with the field codes.
fn describe(e: &cardseal::Error) -> String {
    let mut s = e.to_string();
    if let cardseal::Error::InvalidFields(fields) = e {
        let list: Vec<String> = fields.iter().map(|(f, c)| format!("{f}: {c}")).collect();
        s.push_str(" (");
        s.push_str(&list.join(", "));
        s.push(')');
    }
    s
}

/// Why the fields JSON was refused, by name and code only: never a value, which may be a
/// card number.
fn input_error(e: &FromJsonError) -> String {
    match e {
        FromJsonError::NotAnObject => "stdin: not one JSON object of fields".to_owned(),
        FromJsonError::Refused(list) => {
            let list: Vec<String> = list.iter().map(|(f, c)| format!("{f}: {c}")).collect();
            format!(
                "stdin: fields refused for an unknown name or a wrong type ({}): text as strings, exp_month and exp_year also as numbers, address as an object",
                list.join(", ")
            )
        }
    }
}

/// Runs `seal`.
pub fn run(key_file: &Path, per_field: bool) -> Result<ExitCode, CliError> {
    let text = read_key_file(key_file, true)?;
    let key = cardseal::PublicKey::import(&text)
        .map_err(|e| err(format!("{}: {e}", key_file.display())))?;
    let sealer = cardseal::Sealer::new(key);

    let mut raw = Zeroizing::new(Vec::new());
    std::io::stdin()
        .lock()
        .take(MAX_INPUT as u64 + 1)
        .read_to_end(&mut raw)
        .map_err(|e| err(format!("stdin: {e}")))?;
    if raw.len() > MAX_INPUT {
        return Err(err("stdin: fields JSON larger than 64 KiB"));
    }
    let text = core::str::from_utf8(&raw).map_err(|_| err("stdin: fields JSON is not UTF-8"))?;
    let fields = Fields::from_json(text, JsonInput::Input).map_err(|e| err(input_error(&e)))?;

    let mut rng = rand_core::OsRng;
    let now = super::now()?;
    let out = if per_field {
        let sealed = sealer
            .seal_each(&fields, &mut rng, now)
            .map_err(|e| err(describe(&e)))?;
        let jwes: Map<String, Value> = sealed
            .jwes
            .into_iter()
            .map(|(name, jwe)| (name.to_owned(), Value::String(jwe)))
            .collect();
        json!({ "jwe": jwes, "kid": sealed.kid, "summary": summary(&sealed.summary) })
    } else {
        let sealed = sealer
            .seal(&fields, &mut rng, now)
            .map_err(|e| err(describe(&e)))?;
        json!({ "jwe": sealed.jwe, "kid": sealed.kid, "summary": summary(&sealed.summary) })
    };
    print_json(&out)?;
    Ok(ExitCode::SUCCESS)
}
