//! Phone numbers and their E.164 form.

use super::{bad, got, Want, OK};
use cardseal::validate;

#[test]
fn phone_table() {
    let cases: &[(&str, Option<&str>, Result<&str, Want>)] = &[
        ("0812-3456-7890", Some("ID"), Ok("+6281234567890")),
        ("0812 3456 7890", Some("id"), Ok("+6281234567890")),
        ("+62 812-3456-7890", None, Ok("+6281234567890")),
        ("+62 (812) 3456.7890", Some("US"), Ok("+6281234567890")),
        ("812 3456 7890", Some("ID"), Ok("+6281234567890")),
        ("(415) 555-0100", Some("US"), Ok("+14155550100")),
        ("1 415 555 0100", Some("US"), Ok("+14155550100")),
        ("020 7946 0958", Some("GB"), Ok("+442079460958")),
        ("06 1234 5678", Some("IT"), Ok("+390612345678")),
        ("8 912 345-67-89", Some("RU"), Ok("+79123456789")),
        ("+44 20 7946 0958", Some("ID"), Ok("+442079460958")),
        ("+683 4002", None, Ok("+6834002")),
        ("", Some("ID"), Err(bad("EMPTY", true))),
        ("+", None, Err(bad("TOO_SHORT", true))),
        ("+6", None, Err(bad("TOO_SHORT", true))),
        ("+62", None, Err(bad("TOO_SHORT", true))),
        ("+62 812", None, Err(bad("TOO_SHORT", true))),
        ("0812", Some("ID"), Err(bad("TOO_SHORT", true))),
        ("+0812", None, Err(bad("INVALID_COUNTRY_CODE", false))),
        (
            "+999 1234 5678",
            None,
            Err(bad("INVALID_COUNTRY_CODE", false)),
        ),
        (
            "0812-3456-7890",
            None,
            Err(bad("MISSING_COUNTRY_CODE", false)),
        ),
        (
            "0812-3456-7890",
            Some("XX"),
            Err(bad("MISSING_COUNTRY_CODE", false)),
        ),
        (
            "0062 812 3456 7890",
            Some("ID"),
            Err(bad("MISSING_COUNTRY_CODE", false)),
        ),
        ("+62 812 3456 7890 1234", None, Err(bad("TOO_LONG", false))),
        (
            "0812 3456 7890 1234",
            Some("ID"),
            Err(bad("TOO_LONG", false)),
        ),
        (
            "+62 812 3456 789x",
            None,
            Err(bad("INVALID_CHARACTERS", false)),
        ),
        (
            "+62 812 ٣٤٥٦ 7890",
            None,
            Err(bad("INVALID_CHARACTERS", false)),
        ),
        (
            "++62 812 3456 7890",
            None,
            Err(bad("INVALID_CHARACTERS", false)),
        ),
        ("62+ 812", None, Err(bad("INVALID_CHARACTERS", false))),
        ("📞", None, Err(bad("INVALID_CHARACTERS", false))),
    ];
    for &(p, country, want) in cases {
        let v = validate::phone(p, country);
        match want {
            Ok(e164) => {
                assert_eq!(got(v), OK, "{p:?}");
                assert_eq!(
                    validate::phone::to_e164(p, country).ok().as_deref(),
                    Some(e164),
                    "{p:?}"
                );
            }
            Err(w) => {
                assert_eq!(got(v), w, "{p:?} {country:?}");
                assert!(validate::phone::to_e164(p, country).is_err());
            }
        }
    }
    assert_eq!(
        got(validate::phone(&"1".repeat(100_000), None)),
        bad("TOO_LONG", false)
    );
}
