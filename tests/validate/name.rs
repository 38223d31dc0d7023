//! The cardholder's name.

use super::{bad, got, Want, OK};
use cardseal::validate;

#[test]
fn name_table() {
    let long = "a".repeat(65);
    let cases: &[(&str, Want)] = &[
        ("Jane Doe", OK),
        ("  Jane Doe  ", OK),
        ("O'Brien", OK),
        ("Anne-Marie St. John", OK),
        ("D\u{2019}Angelo", OK),
        ("Budi", OK),
        ("Siti Nurhaliza binti Tarudin", OK),
        ("José Núñez", OK),
        ("Jose\u{0301}", OK),
        ("Владимир Путин", OK),
        ("李小龍", OK),
        ("محمد", OK),
        ("สมชาย ใจดี", OK),
        ("Al", OK),
        (&long[..64], OK),
        ("", bad("EMPTY", true)),
        ("   ", bad("EMPTY", true)),
        ("J", bad("TOO_SHORT", true)),
        (&long, bad("TOO_LONG", false)),
        ("Jane 2", bad("INVALID_CHARACTERS", false)),
        ("R2D2", bad("INVALID_CHARACTERS", false)),
        ("Jane ٣", bad("INVALID_CHARACTERS", false)),
        ("Jane_Doe", bad("INVALID_CHARACTERS", false)),
        ("Jane 😀", bad("INVALID_CHARACTERS", false)),
        ("Jane\nDoe", bad("INVALID_CHARACTERS", false)),
        ("--", bad("INVALID_NAME", false)),
        ("' .", bad("INVALID_NAME", false)),
    ];
    for &(n, want) in cases {
        assert_eq!(got(validate::name(n)), want, "{n:?}");
    }
    assert_eq!(
        got(validate::name(&"ä".repeat(1 << 20))),
        bad("TOO_LONG", false)
    );
}
