//! `cardseal seal`: the same Rust core as the browser, from the command line.

use super::{err, print_json, read_key_file, CliError};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Fields JSON on stdin larger than this is refused.
const MAX_INPUT: usize = 64 * 1024;

/// A month or year given as a JSON number or string.
#[derive(Deserialize, Zeroize)]
#[serde(untagged)]
enum NumOrText {
    Num(u64),
    Text(String),
}

impl NumOrText {
    fn text(&self) -> String {
        match self {
            NumOrText::Num(n) => n.to_string(),
            NumOrText::Text(s) => s.clone(),
        }
    }
}

#[derive(Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
struct Input {
    number: Option<String>,
    expiry: Option<String>,
    exp_month: Option<NumOrText>,
    exp_year: Option<NumOrText>,
    cvc: Option<String>,
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    address: Option<AddressInput>,
}

#[derive(Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
struct AddressInput {
    line1: Option<String>,
    line2: Option<String>,
    city: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
    country: Option<String>,
}

impl Input {
    fn fields(&self) -> cardseal::Fields {
        cardseal::Fields {
            number: self.number.clone(),
            expiry: self.expiry.clone(),
            exp_month: self.exp_month.as_ref().map(NumOrText::text),
            exp_year: self.exp_year.as_ref().map(NumOrText::text),
            cvc: self.cvc.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            address: self.address.as_ref().map(|a| cardseal::Address {
                line1: a.line1.clone(),
                line2: a.line2.clone(),
                city: a.city.clone(),
                region: a.region.clone(),
                postal_code: a.postal_code.clone(),
                country: a.country.clone(),
            }),
        }
    }
}

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

/// Why the fields JSON was refused, without echoing any value from it: serde's "invalid
/// type" messages quote the value, which may be a card number.
fn input_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let what = if text.starts_with("unknown field") {
        // Names only: "unknown field `ssn`, expected one of …".
        text.split(" at line")
            .next()
            .unwrap_or("unknown field")
            .to_owned()
    } else if e.is_data() {
        "a member has the wrong type (strings; exp_month and exp_year may be numbers; address an object)".to_owned()
    } else {
        "not a JSON object".to_owned()
    };
    format!("stdin: {what} (line {}, column {})", e.line(), e.column())
}

/// Runs `seal`.
pub fn run(key_file: &Path, per_field: bool) -> Result<ExitCode, CliError> {
    let text = read_key_file(key_file)?;
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
    let input: Input = serde_json::from_slice(&raw).map_err(|e| err(input_error(&e)))?;
    let fields = input.fields();

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
