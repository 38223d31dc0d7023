//! The field table's JSON: the plaintext writer and the reader of untyped JSON input.

use super::{field, is_group, Fields, Plain, Value, FIELDS, UNKNOWN_FIELD};
use alloc::{string::String, vec::Vec};
use zeroize::Zeroizing;

impl Fields {
    /// Writes the plaintext JSON of the [`Plain`] fields given, or only of the top-level
    /// member `only` (a group whole), as sealed: strings as JSON strings, [`Plain::Int`]
    /// fields as integers. The buffer is allocated once,
    /// large enough for the worst case of escaping, so no reallocation leaves a copy
    /// behind.
    pub fn write_json(&self, only: Option<&str>) -> Zeroizing<Vec<u8>> {
        let len: usize = FIELDS
            .iter()
            .filter_map(|f| (f.get)(self))
            .map(String::len)
            .sum();
        let mut out = Zeroizing::new(Vec::with_capacity(len * 6 + 32 * FIELDS.len() + 8));
        out.push(b'{');
        let mut open_group: Option<&str> = None;
        let mut first = true;
        for f in FIELDS {
            let Some(v) = (f.get)(self) else { continue };
            if f.plain == Plain::Input || only.is_some_and(|o| o != f.group()) {
                continue;
            }
            let nested = f.group() != f.name;
            if open_group.is_some() && open_group != Some(f.group()) {
                out.push(b'}');
                open_group = None;
            }
            if nested && open_group.is_none() {
                if !first {
                    out.push(b',');
                }
                crate::json::write_str(&mut out, f.group());
                out.extend_from_slice(b":{");
                open_group = Some(f.group());
                first = true;
            }
            if !first {
                out.push(b',');
            }
            first = false;
            crate::json::write_str(&mut out, f.member());
            out.push(b':');
            // An integer field's text is its decimal digits once normalised; anything else
            // stays a string, which an opener refuses, rather than becoming a wrong number.
            let digits = v.trim_start_matches('0');
            match f.plain {
                Plain::Int if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => out
                    .extend_from_slice(if digits.is_empty() {
                        b"0"
                    } else {
                        digits.as_bytes()
                    }),
                _ => crate::json::write_str(&mut out, v),
            }
        }
        if open_group.is_some() {
            out.push(b'}');
        }
        out.push(b'}');
        out
    }
}

/// What [`Fields::from_json`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonInput {
    /// Fields as given (the CLI's input): the rules of [`Fields::set`].
    Input,
    /// A sealed plaintext: only [`Plain`] fields, text as JSON strings and integers as
    /// JSON numbers, no `null`.
    Plaintext,
}

/// Why [`Fields::from_json`] refused a text.
#[derive(Debug, PartialEq, Eq)]
pub enum FromJsonError {
    /// Not one JSON object (or a duplicate member, or nesting too deep).
    NotAnObject,
    /// These names, with their codes ([`UNKNOWN_FIELD`], [`INVALID_TYPE`]). Names only:
    /// no value is ever echoed.
    Refused(Vec<(String, &'static str)>),
}

impl Fields {
    /// Reads a JSON object of fields, groups as nested objects, through [`Fields::set`]:
    /// the one reader of the CLI's input and of `cardseal-open`'s plaintexts.
    pub fn from_json(text: &str, mode: JsonInput) -> Result<Fields, FromJsonError> {
        use crate::json::Value as J;
        let Some(J::Object(members)) = crate::json::parse(text) else {
            return Err(FromJsonError::NotAnObject);
        };
        let mut f = Fields::default();
        let mut refused = Vec::new();
        let mut put = |f: &mut Fields, name: String, v: J| {
            let typed = field(&name).map(|r| r.plain);
            let value = match (v, mode, typed) {
                (J::Null, JsonInput::Input, _) => Value::Absent,
                (J::String(s), JsonInput::Input, _)
                | (J::String(s), JsonInput::Plaintext, Some(Plain::Text)) => Value::Text(s),
                (J::Number(n), JsonInput::Input, _)
                | (J::Number(n), JsonInput::Plaintext, Some(Plain::Int)) => {
                    n.parse::<f64>().map_or(Value::Other, Value::Number)
                }
                (_, JsonInput::Plaintext, None | Some(Plain::Input)) => {
                    refused.push((name, UNKNOWN_FIELD));
                    return;
                }
                _ => Value::Other,
            };
            if let Err(code) = f.set(&name, value) {
                refused.push((name, code));
            }
        };
        for (k, v) in members {
            match v {
                J::Object(inner) if is_group(&k) => {
                    for (m, v) in inner {
                        let mut name = String::with_capacity(k.len() + m.len() + 1);
                        name.push_str(&k);
                        name.push('.');
                        name.push_str(&m);
                        put(&mut f, name, v);
                    }
                }
                v => put(&mut f, k, v),
            }
        }
        if refused.is_empty() {
            Ok(f)
        } else {
            Err(FromJsonError::Refused(refused))
        }
    }
}
