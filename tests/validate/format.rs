//! The formatting helpers: number and expiry as typed, and the caret after reformatting.

use cardseal::validate::format;

#[test]
fn format_number() {
    let cases = [
        ("4111111111111111", "4111 1111 1111 1111"),
        ("4111 1111 1111 1111", "4111 1111 1111 1111"),
        ("4111-1111-1111-1111", "4111 1111 1111 1111"),
        ("378282246310005", "3782 822463 10005"),
        ("3782822463100059999", "3782 822463 10005"),
        ("30569309025904", "3056 930902 5904"),
        ("41111", "4111 1"),
        ("4111", "4111"),
        ("", ""),
        ("abc", ""),
        ("4a1b1c1", "4111"),
        ("41111111111111111111111", "4111 1111 1111 1111111"),
        ("٤١١١", ""),
    ];
    for (raw, want) in cases {
        assert_eq!(format::number(raw).as_str(), want, "{raw:?}");
    }
    assert_eq!(format::number(&"4".repeat(1 << 20)).len(), 19 + 3);
}

#[test]
fn format_expiry() {
    let cases = [
        ("", ""),
        ("1", "1"),
        ("0", "0"),
        ("2", "02 / "),
        ("12", "12 / "),
        ("13", "01 / 3"),
        ("1/", "01 / "),
        ("122", "12 / 2"),
        ("1226", "12 / 26"),
        ("12 / 26", "12 / 26"),
        ("12/2026", "12 / 2026"),
        ("12 / 2026999", "12 / 2026"),
        // Backspace into the separator removes it.
        ("12 /", "12"),
        ("12 ", "12"),
        ("12 / ", "12 / "),
        ("12/", "12 / "),
        // A one-digit month ended by a separator, pasted or autofilled, keeps its date
        // (found by the `validators` fuzz target: "1/27" became "12 / 7").
        ("1/27", "01 / 27"),
        ("1 / 27", "01 / 27"),
        ("1-2027", "01 / 2027"),
        ("1 / 2", "01 / 2"),
        ("ab", ""),
        ("٠١", ""),
    ];
    for (raw, want) in cases {
        assert_eq!(format::expiry(raw), want, "{raw:?}");
    }
}

#[test]
fn caret_after_reformatting() {
    // (old value, caret in it, reformatted value, expected caret)
    let cases = [
        // Typing at the end stays at the end.
        ("41111", 5, "4111 1", 6),
        ("12", 2, "12 / ", 5),
        // Typing in the middle keeps the caret after the typed digit.
        ("4111 21111 1111", 6, "4111 2111 1111 1", 6),
        ("41112 1111", 5, "4111 2111 1", 6),
        // Deleting in the middle.
        ("4111 111 1111", 6, "4111 1111 111", 6),
        ("411 1111 1111", 2, "4111 1111 111", 2),
        ("41111111", 4, "4111 1111", 4),
        // Pasting in the middle.
        ("4111 2222333 1111", 12, "4111 2222 3331 111", 13),
        // At the start.
        ("4111 1111", 0, "4111 1111", 0),
        // Out-of-range caret, non-ASCII before it (UTF-16 positions).
        ("4111", 99, "4111", 4),
        ("😀4111 1", 3, "4111 1", 1),
    ];
    for (old, caret, new, want) in cases {
        assert_eq!(format::caret(old, new, caret), want, "{old:?} {caret}");
    }
}
