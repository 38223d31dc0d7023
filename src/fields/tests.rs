//! Unit tests of the field table.

use super::*;
use alloc::string::ToString;

#[test]
fn names_are_unique_and_groups_derive_from_them() {
    for (i, f) in FIELDS.iter().enumerate() {
        assert!(!FIELDS[..i].iter().any(|p| p.name == f.name), "{}", f.name);
        assert!(!FIELDS[..i].iter().any(|p| p.attr == f.attr), "{}", f.attr);
        assert!(field(f.name).is_some());
    }
    assert!(is_group("address") && !is_group("number") && !is_group("nope"));
    let members: Vec<&str> = plaintext_members().collect();
    assert_eq!(
        members,
        [
            "number",
            "exp_month",
            "exp_year",
            "cvc",
            "name",
            "email",
            "phone",
            "address"
        ]
    );
}

#[test]
fn set_holds_the_rules_for_untyped_input() {
    let mut f = Fields::new();
    assert_eq!(f.set("number", Value::Text("4111".into())), Ok(()));
    assert_eq!(f.set("cvc", Value::Text(String::new())), Ok(()));
    assert_eq!(
        f.cvc.as_deref(),
        Some(""),
        "an empty string is given, not absent"
    );
    assert_eq!(f.set("exp_month", Value::Number(12.0)), Ok(()));
    assert_eq!(f.exp_month.as_deref(), Some("12"));
    assert_eq!(f.set("exp_year", Value::Number(2034.5)), Err(INVALID_TYPE));
    assert_eq!(
        f.set("exp_year", Value::Number(10_000.0)),
        Err(INVALID_TYPE)
    );
    assert_eq!(f.set("number", Value::Number(4111.0)), Err(INVALID_TYPE));
    assert_eq!(f.set("name", Value::Other), Err(INVALID_TYPE));
    assert_eq!(
        f.set("cardNumber", Value::Text("4111".into())),
        Err(UNKNOWN_FIELD)
    );
    assert_eq!(
        f.set("address.planet", Value::Text("Mars".into())),
        Err(UNKNOWN_FIELD)
    );
    assert_eq!(
        f.set("address", Value::Text("Jl. X".into())),
        Err(INVALID_TYPE)
    );
    assert_eq!(f.set("address", Value::Absent), Ok(()));
    assert_eq!(f.set("email", Value::Absent), Ok(()));
    assert!(f.email.is_none());
    assert_eq!(f.set("address.city", Value::Text("Bandung".into())), Ok(()));
    assert_eq!(f.get("address.city"), Some("Bandung"));
    assert_eq!(
        f.address.as_ref().and_then(|a| a.get("city")),
        Some("Bandung")
    );
    assert_eq!(f.present(), ["number", "exp_month", "cvc", "address"]);
}

#[test]
fn from_json_reads_input_and_plaintexts() {
    let f = Fields::from_json(
        r#"{"number":"4111","exp_month":12,"exp_year":"2034","address":{"city":"Bandung"},"email":null}"#,
        JsonInput::Input,
    )
    .unwrap_or_default();
    assert_eq!(f.present(), ["number", "exp_month", "exp_year", "address"]);
    assert_eq!(f.get("exp_month"), Some("12"));
    let refused = |text: &str, mode| match Fields::from_json(text, mode) {
        Err(FromJsonError::Refused(r)) => r,
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(
        refused(r#"{"ssn":"1","cvc":1,"address":"x"}"#, JsonInput::Input),
        [
            ("ssn".into(), UNKNOWN_FIELD),
            ("cvc".into(), INVALID_TYPE),
            ("address".into(), INVALID_TYPE)
        ]
    );
    // Plaintexts are strictly typed and hold no input-only field.
    let p = JsonInput::Plaintext;
    assert!(Fields::from_json(r#"{"exp_month":12,"address":{"country":"ID"}}"#, p).is_ok());
    for (text, name, code) in [
        (r#"{"exp_month":"12"}"#, "exp_month", INVALID_TYPE),
        (r#"{"number":4111}"#, "number", INVALID_TYPE),
        (r#"{"cvc":null}"#, "cvc", INVALID_TYPE),
        (r#"{"expiry":"12/34"}"#, "expiry", UNKNOWN_FIELD),
        (
            r#"{"address":{"planet":"Mars"}}"#,
            "address.planet",
            UNKNOWN_FIELD,
        ),
        (r#"{"exp_month":300.5}"#, "exp_month", INVALID_TYPE),
    ] {
        assert_eq!(refused(text, p), [(name.into(), code)], "{text}");
    }
    for text in [r#"[]"#, r#"{"cvc":"1","cvc":"2"}"#, "", "{"] {
        assert_eq!(
            Fields::from_json(text, p).err(),
            Some(FromJsonError::NotAnObject)
        );
    }
}

#[test]
fn json_follows_the_table() {
    let f = Fields::new()
        .number("4111")
        .expiry("ignored: input only")
        .exp_month("07")
        .cvc("1\"2")
        .address(Address::new().city("Bandung").country("ID"));
    let json = String::from_utf8(f.write_json(None).to_vec()).unwrap_or_default();
    assert_eq!(
        json,
        r#"{"number":"4111","exp_month":7,"cvc":"1\"2","address":{"city":"Bandung","country":"ID"}}"#
    );
    let only = String::from_utf8(f.write_json(Some("address")).to_vec()).unwrap_or_default();
    assert_eq!(only, r#"{"address":{"city":"Bandung","country":"ID"}}"#);
    let none = Fields::new().write_json(None);
    assert_eq!(none.as_slice(), b"{}");
    assert_eq!(
        format!("{f:?}").to_string(),
        r#"Fields(["number", "expiry", "exp_month", "cvc", "address"])"#
    );
    let mut bad = Fields::new();
    bad.exp_year = Some("20x4".into());
    let json = String::from_utf8(bad.write_json(None).to_vec()).unwrap_or_default();
    assert_eq!(json, r#"{"exp_year":"20x4"}"#, "never a wrong number");
}
