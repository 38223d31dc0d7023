//! `cardseal::json::parse` on arbitrary text, and the writer against the reader:
//! - whatever parses, printed back (strings through `write_str`, numbers as written)
//!   parses to the same value;
//! - any string written by `write_str` parses back to itself, any u64 from `write_u64`
//!   to its decimal text;
//! - `Fields::from_json` (the CLI's input, and the opener's plaintext reader): what it
//!   reads as a plaintext, written back with `write_json`, reads back the same; `Debug`
//!   of what it reads never shows a number (card number, CVC, …).
#![no_main]

use cardseal::fields::{JsonInput, FIELDS};
use cardseal::json::{self, Value};
use cardseal::Fields;
use libfuzzer_sys::fuzz_target;

fn print(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => out.extend_from_slice(n.as_bytes()),
        Value::String(s) => json::write_str(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                print(item, out);
            }
            out.push(b']');
        }
        Value::Object(members) => {
            out.push(b'{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                json::write_str(out, k);
                out.push(b':');
                print(item, out);
            }
            out.push(b'}');
        }
    }
}

/// Reads `text` as fields in `mode` and checks what was read.
fn check_fields(text: &str, mode: JsonInput) {
    let Ok(f) = Fields::from_json(text, mode) else {
        return;
    };
    let shown = format!("{f:?}");
    for row in FIELDS {
        if let Some(v) = f.get(row.name) {
            let secret = v.len() >= 3 && v.bytes().all(|b| b.is_ascii_digit());
            assert!(
                !secret || !shown.contains(v),
                "Debug shows {}: {shown}",
                row.name
            );
        }
    }
    if mode == JsonInput::Plaintext {
        let written = f.write_json(None);
        let written = core::str::from_utf8(&written).expect("UTF-8 plaintext");
        let again = Fields::from_json(written, JsonInput::Plaintext)
            .unwrap_or_else(|e| panic!("{written} does not read back: {e:?}"));
        assert_eq!(*again.write_json(None), *f.write_json(None), "{text}");
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    check_fields(&text, JsonInput::Input);
    check_fields(&text, JsonInput::Plaintext);
    if let Some(v) = json::parse(&text) {
        let mut out = Vec::new();
        print(&v, &mut out);
        let again = String::from_utf8(out).expect("printed JSON is UTF-8");
        assert_eq!(json::parse(&again).as_ref(), Some(&v), "reprinted: {again}");
    }

    let mut out = Vec::new();
    json::write_str(&mut out, &text);
    let written = String::from_utf8(out).expect("written JSON is UTF-8");
    assert_eq!(
        json::parse(&written),
        Some(Value::String(text.clone().into_owned()))
    );

    let mut n = [0u8; 8];
    for (slot, b) in n.iter_mut().zip(data) {
        *slot = *b;
    }
    let n = u64::from_le_bytes(n);
    let mut out = Vec::new();
    json::write_u64(&mut out, n);
    let written = String::from_utf8(out).expect("ASCII");
    assert_eq!(written, n.to_string());
    assert_eq!(json::parse(&written), Some(Value::Number(n.to_string())));
});
