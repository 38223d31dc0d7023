//! The opened plaintext: the core's field table ([`cardseal::fields`]) read strictly, as
//! sealed: only the plaintext fields, text as strings, the expiry month and year as
//! integers (kept as their decimal text), nothing unknown, no duplicate member. Dropping
//! them zeroizes them; `Debug` names only which fields are present.

pub use cardseal::fields::{Address, Fields};
use cardseal::fields::{FromJsonError, JsonInput};

/// Reads a decrypted plaintext. Any refusal is the caller's one opaque error: nothing
/// about a plaintext is told to whoever sent the JWE.
pub(crate) fn from_plaintext(plain: &[u8]) -> Result<Fields, FromJsonError> {
    let text = core::str::from_utf8(plain).map_err(|_| FromJsonError::NotAnObject)?;
    Fields::from_json(text, JsonInput::Plaintext)
}

/// The fields as the plaintext JSON they were sealed as (for the CLI's output).
pub fn to_json(fields: &Fields) -> serde_json::Value {
    // The core writes valid JSON; a parse failure would be a bug, shown as null.
    serde_json::from_slice(&fields.write_json(None)).unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_types_and_names() {
        let f = from_plaintext(
            br#"{"number":"4111111111111111","exp_month":12,"exp_year":2034,"address":{"country":"ID"}}"#,
        )
        .unwrap();
        assert_eq!(f.exp_month.as_deref(), Some("12"));
        assert_eq!(f.address.as_ref().unwrap().country.as_deref(), Some("ID"));
        assert_eq!(
            format!("{f:?}"),
            r#"Fields(["number", "exp_month", "exp_year", "address"])"#
        );
        assert_eq!(
            to_json(&f),
            serde_json::json!({"number":"4111111111111111","exp_month":12,"exp_year":2034,"address":{"country":"ID"}})
        );
        for bad in [
            &br#"{"exp_month":"12"}"#[..],
            br#"{"number":4111}"#,
            br#"{"extra":"x"}"#,
            br#"{"cvc":"1","cvc":"2"}"#,
            br#"{"address":{"planet":"Mars"}}"#,
            br#"{"exp_month":30000}"#,
            br#"{"expiry":"12/34"}"#,
            br#"[]"#,
            b"{\"name\":\"\xff\"}",
        ] {
            assert!(
                from_plaintext(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
