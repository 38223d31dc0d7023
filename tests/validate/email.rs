//! Email addresses.

use super::{bad, got, Want, OK};
use cardseal::validate;

#[test]
fn email_table() {
    let cases: &[(&str, Want)] = &[
        ("budi@example.co.id", OK),
        (" budi@example.com ", OK),
        ("first.last+tag@sub.example.com", OK),
        ("a!#$%&'*+/=?^_`{|}~-@example.com", OK),
        ("x@a-b.io", OK),
        ("", bad("EMPTY", true)),
        ("budi", bad("INVALID_EMAIL", true)),
        ("budi@", bad("INVALID_EMAIL", true)),
        ("budi@example", bad("INVALID_EMAIL", true)),
        ("budi@example.", bad("INVALID_EMAIL", true)),
        ("budi@example.c-", bad("INVALID_EMAIL", true)),
        ("@example.com", bad("INVALID_EMAIL", false)),
        ("budi@@example.com", bad("INVALID_EMAIL", false)),
        ("budi@exa mple.com", bad("INVALID_EMAIL", false)),
        ("bu di@example.com", bad("INVALID_EMAIL", false)),
        ("budi@-example.com", bad("INVALID_EMAIL", false)),
        ("budi@example-.com", bad("INVALID_EMAIL", false)),
        ("budi@example..com", bad("INVALID_EMAIL", false)),
        ("budi@.example.com", bad("INVALID_EMAIL", false)),
        ("büdi@example.com", bad("INVALID_EMAIL", false)),
        ("budi@exämple.com", bad("INVALID_EMAIL", false)),
        ("budi@example.com\u{1F4E7}", bad("INVALID_EMAIL", false)),
        ("\"budi\"@example.com", bad("INVALID_EMAIL", false)),
    ];
    for &(e, want) in cases {
        assert_eq!(got(validate::email(e)), want, "{e:?}");
    }
    let label = "a".repeat(64);
    assert_eq!(
        got(validate::email(&format!("a@{label}.com"))),
        bad("INVALID_EMAIL", false)
    );
    let long = format!("{}@example.com", "a".repeat(250));
    assert_eq!(got(validate::email(&long)), bad("TOO_LONG", false));
}
