//! Phone numbers and their E.164 form.

use super::{bad, got, Want, OK};
use cardseal::validate;

#[test]
fn phone_table() {
    let cases: &[(&str, Option<&str>, Result<&str, Want>)] = &[
        // Indonesian numbers as Indonesians write them (issue 12), with the country
        // given as the default or the address's.
        ("0812-3456-7890", Some("ID"), Ok("+6281234567890")),
        ("0812 3456 7890", Some("id"), Ok("+6281234567890")),
        ("(0812) 3456 7890", Some("ID"), Ok("+6281234567890")),
        ("6281234567890", Some("ID"), Ok("+6281234567890")),
        ("62 812-3456-7890", Some("ID"), Ok("+6281234567890")),
        ("+62 812 3456 7890", Some("ID"), Ok("+6281234567890")),
        ("+6281234567890", Some("ID"), Ok("+6281234567890")),
        ("+62 (0)812 3456 7890", Some("ID"), Ok("+6281234567890")),
        ("62 0812 3456 7890", Some("ID"), Ok("+6281234567890")),
        ("021 555 1234", Some("ID"), Ok("+62215551234")),
        ("(021) 555 1234", Some("ID"), Ok("+62215551234")),
        ("+62 21 555 1234", None, Ok("+62215551234")),
        ("0361 234567", Some("ID"), Ok("+62361234567")),
        // Mobile: 8[1-35-9] and 7 to 10 more digits (9 to 12 in all).
        ("0812 345 678", Some("ID"), Ok("+62812345678")),
        ("0812 3456 7", Some("ID"), Err(bad("TOO_SHORT", true))),
        ("0812 3456 7890 1", Some("ID"), Ok("+62812345678901")),
        ("0812 3456 7890 12", Some("ID"), Err(bad("TOO_LONG", false))),
        ("+62 812 3456 7890 1", None, Ok("+62812345678901")),
        ("+62 812 3456 7890 12", None, Err(bad("TOO_LONG", false))),
        ("+62 812 345 67", None, Err(bad("TOO_SHORT", true))),
        ("6281234567", Some("ID"), Err(bad("TOO_SHORT", true))),
        // Fixed lines: 7 to 11 digits after the 0.
        ("021 55512", Some("ID"), Ok("+622155512")),
        ("021 5551", Some("ID"), Err(bad("TOO_SHORT", true))),
        ("021 5555 5555 5", Some("ID"), Ok("+6221555555555")),
        ("021 5555 5555 55", Some("ID"), Err(bad("TOO_LONG", false))),
        // While typing.
        ("0", Some("ID"), Err(bad("TOO_SHORT", true))),
        ("6", Some("ID"), Err(bad("TOO_SHORT", true))),
        ("62", Some("ID"), Err(bad("TOO_SHORT", true))),
        ("+62 0", None, Err(bad("TOO_SHORT", true))),
        // 62 is Indonesia's code only with ID.
        ("62 812 3456", Some("MY"), Ok("+60628123456")),
        ("+62 812-3456-7890", None, Ok("+6281234567890")),
        ("+62 (812) 3456.7890", Some("US"), Ok("+6281234567890")),
        ("812 3456 7890", Some("ID"), Ok("+6281234567890")),
        ("(415) 555-0100", Some("US"), Ok("+14155550100")),
        ("1 415 555 0100", Some("US"), Ok("+14155550100")),
        ("020 7946 0958", Some("GB"), Ok("+442079460958")),
        ("06 1234 5678", Some("IT"), Ok("+390612345678")),
        // The Vatican shares Italy's code and San Marino keeps its 0 too.
        ("06 6988 1234", Some("va"), Ok("+390669881234")),
        ("0549 123456", Some("SM"), Ok("+3780549123456")),
        // A default country that is none places nothing.
        (
            "0812-3456-7890",
            Some("ZZ"),
            Err(bad("MISSING_COUNTRY_CODE", false)),
        ),
        (
            "0812-3456-7890",
            Some("IDN"),
            Err(bad("MISSING_COUNTRY_CODE", false)),
        ),
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
