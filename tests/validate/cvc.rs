//! Security codes, per brand.

use super::{bad, got, Want, OK};
use cardseal::validate;

#[test]
fn cvc_table() {
    let cases: &[(&str, Option<&str>, Want)] = &[
        ("123", Some("visa"), OK),
        ("1234", Some("american-express"), OK),
        ("123", None, OK),
        ("1234", None, OK),
        (" 123 ", Some("mastercard"), OK),
        ("123", Some("no-such-brand"), OK),
        ("", None, bad("EMPTY", true)),
        ("1", Some("visa"), bad("TOO_SHORT", true)),
        ("12", None, bad("TOO_SHORT", true)),
        ("123", Some("american-express"), bad("TOO_SHORT", true)),
        ("1234", Some("visa"), bad("TOO_LONG", false)),
        ("12345", None, bad("TOO_LONG", false)),
        ("12a", None, bad("INVALID_CHARACTERS", false)),
        ("1 23", None, bad("INVALID_CHARACTERS", false)),
        ("١٢٣", None, bad("INVALID_CHARACTERS", false)),
        ("🔒🔒🔒", None, bad("INVALID_CHARACTERS", false)),
    ];
    for &(c, brand, want) in cases {
        assert_eq!(got(validate::cvc(c, brand)), want, "{c:?} {brand:?}");
    }
    assert_eq!(
        got(validate::cvc(&"1".repeat(100_000), None)),
        bad("TOO_LONG", false)
    );
}
