//! Expiry dates: the combined field, month boundaries, and month and year given apart.

use super::{at, bad, got, Want, NOW, OK};
use cardseal::validate;

#[test]
fn expiry_table() {
    let cases: &[(&str, Want)] = &[
        ("", bad("EMPTY", true)),
        ("  ", bad("EMPTY", true)),
        ("11/26", OK),
        ("11 / 26", OK),
        (" 11/2026 ", OK),
        ("1126", OK),
        ("112026", OK),
        ("11-26", OK),
        ("1/27", OK),
        ("12 / 30", OK),
        ("11/46", OK),
        ("12/46", bad("YEAR_OUT_OF_RANGE", false)),
        ("12/47", bad("YEAR_OUT_OF_RANGE", false)),
        ("12/76", bad("YEAR_OUT_OF_RANGE", false)),
        ("12/77", bad("EXPIRED", false)),
        ("10/26", bad("EXPIRED", false)),
        ("01/2000", bad("EXPIRED", false)),
        ("12/99", bad("EXPIRED", false)),
        ("00/30", bad("MONTH_OUT_OF_RANGE", false)),
        ("13/30", bad("MONTH_OUT_OF_RANGE", false)),
        ("13", bad("MONTH_OUT_OF_RANGE", false)),
        // Partial input.
        ("0", bad("INCOMPLETE", true)),
        ("1", bad("INCOMPLETE", true)),
        ("2", bad("INCOMPLETE", true)),
        ("12", bad("INCOMPLETE", true)),
        ("12/", bad("INCOMPLETE", true)),
        ("12 / ", bad("INCOMPLETE", true)),
        ("12/2", bad("INCOMPLETE", true)),
        ("12/3", bad("INCOMPLETE", true)),
        ("12/1", bad("EXPIRED", false)),
        ("12/202", bad("INCOMPLETE", true)),
        ("12/205", bad("YEAR_OUT_OF_RANGE", false)),
        ("12/201", bad("EXPIRED", false)),
        ("123", bad("INCOMPLETE", true)),
        // "20" is past as 2020, but may become 2030.
        ("12/20", bad("EXPIRED", true)),
        // Garbage.
        ("12/26/1", bad("INVALID_FORMAT", false)),
        ("123/26", bad("INVALID_FORMAT", false)),
        ("12/20266", bad("INVALID_FORMAT", false)),
        ("1226261", bad("INVALID_FORMAT", false)),
        ("/", bad("INVALID_FORMAT", false)),
        ("ab/cd", bad("INVALID_CHARACTERS", false)),
        (
            "\u{0661}\u{0662}/\u{0662}\u{0669}",
            bad("INVALID_CHARACTERS", false),
        ),
        ("12/٢٩", bad("INVALID_CHARACTERS", false)),
        ("12/26 🎉", bad("INVALID_CHARACTERS", false)),
    ];
    for &(e, want) in cases {
        assert_eq!(got(validate::expiry(e, NOW)), want, "{e:?}");
    }
    let long = "1".repeat(100_000);
    assert_eq!(
        got(validate::expiry(&long, NOW)),
        bad("INVALID_FORMAT", false)
    );
}

#[test]
fn expiry_at_month_boundaries() {
    // Valid through the last second of the expiry month, UTC.
    let last = at(2026, 12, 1) - 1;
    assert_eq!(got(validate::expiry("11/26", last)), OK);
    assert_eq!(
        got(validate::expiry("11/26", last + 1)),
        bad("EXPIRED", false)
    );
    assert_eq!(got(validate::expiry("11/26", at(2026, 11, 1))), OK);
    assert_eq!(
        got(validate::expiry("10/26", at(2026, 11, 1))),
        bad("EXPIRED", false)
    );
    assert_eq!(got(validate::expiry("10/26", at(2026, 11, 1) - 1)), OK);
    // Across the year boundary.
    assert_eq!(
        got(validate::expiry("12/26", at(2026, 12, 31) + 86_399)),
        OK
    );
    assert_eq!(
        got(validate::expiry("12/26", at(2027, 1, 1))),
        bad("EXPIRED", false)
    );
    assert_eq!(got(validate::expiry("01/27", at(2027, 1, 1))), OK);
    // Leap day.
    assert_eq!(got(validate::expiry("02/28", at(2028, 2, 29) + 86_399)), OK);
    assert_eq!(
        got(validate::expiry("02/28", at(2028, 3, 1))),
        bad("EXPIRED", false)
    );
    // Exactly 20 years ahead is allowed; a month more is not.
    assert_eq!(got(validate::expiry("01/2047", at(2027, 1, 15))), OK);
    assert_eq!(
        got(validate::expiry("02/2047", at(2027, 1, 15))),
        bad("YEAR_OUT_OF_RANGE", false)
    );
    // Two-digit years near a century boundary.
    assert_eq!(got(validate::expiry("01/05", at(2095, 6, 1))), OK);
    // The clock at its limits never panics.
    for now in [0, 1, u64::MAX, u64::MAX / 2, i64::MAX as u64] {
        let _ = validate::expiry("12/30", now);
        let _ = validate::expiry("1", now);
        let _ = validate::expiry("12/3", now);
        let _ = validate::expiry_parts("12", "2030", now);
    }
}

#[test]
fn expiry_parts_table() {
    let cases: &[(&str, &str, Want)] = &[
        ("11", "2026", OK),
        ("11", "26", OK),
        ("1", "27", OK),
        (" 03 ", " 2030 ", OK),
        ("", "", bad("EMPTY", true)),
        ("12", "", bad("INCOMPLETE", true)),
        ("13", "2030", bad("MONTH_OUT_OF_RANGE", false)),
        ("0", "2030", bad("MONTH_OUT_OF_RANGE", false)),
        ("10", "2026", bad("EXPIRED", false)),
        ("12", "20300", bad("INVALID_FORMAT", false)),
        ("", "2030", bad("INVALID_FORMAT", false)),
        ("1a", "2030", bad("INVALID_CHARACTERS", false)),
        ("12", "٢٠٣٠", bad("INVALID_CHARACTERS", false)),
    ];
    for &(m, y, want) in cases {
        assert_eq!(got(validate::expiry_parts(m, y, NOW)), want, "{m:?} {y:?}");
    }
}
