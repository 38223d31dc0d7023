//! Postal addresses and the postal code of each country.

use super::{bad, Want, OK};
use cardseal::validate;
use cardseal::Address;

fn addr(parts: [&str; 6]) -> Address {
    let o = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Address {
        line1: o(parts[0]),
        line2: o(parts[1]),
        city: o(parts[2]),
        region: o(parts[3]),
        postal_code: o(parts[4]),
        country: o(parts[5]),
    }
}

#[test]
fn address_table() {
    let cases: &[([&str; 6], Want, Option<&str>)] = &[
        (
            [
                "Jl. Sudirman No. 1",
                "",
                "Jakarta",
                "DKI Jakarta",
                "10220",
                "ID",
            ],
            OK,
            None,
        ),
        (
            ["Jl. Sudirman No. 1", "", "Jakarta", "", "", "id"],
            OK,
            None,
        ),
        (
            [
                "1 Main St",
                "Apt 2",
                "Springfield",
                "IL",
                "62704-1234",
                "US",
            ],
            OK,
            None,
        ),
        (
            ["10 Downing St", "", "London", "", "sw1a 2aa", "GB"],
            OK,
            None,
        ),
        (["1 Rue X", "", "Paris", "", "75001", "FR"], OK, None),
        (
            ["Somewhere 1", "", "Wellington", "", "6011", "NZ"],
            OK,
            None,
        ),
        (["Somewhere 1", "", "Kathmandu", "", "", "NP"], OK, None),
        (
            ["", "", "Jakarta", "", "", "ID"],
            bad("EMPTY", true),
            Some("line1"),
        ),
        (
            ["Jl. X", "", "", "", "", "ID"],
            bad("EMPTY", true),
            Some("city"),
        ),
        (
            ["Jl. X", "", "Jakarta", "", "", ""],
            bad("EMPTY", true),
            Some("country"),
        ),
        (
            ["Jl. X", "", "Jakarta", "", "", "IDN"],
            bad("INVALID_COUNTRY", false),
            Some("country"),
        ),
        (
            ["Jl. X", "", "Jakarta", "", "", "ZZ"],
            bad("INVALID_COUNTRY", false),
            Some("country"),
        ),
        (
            ["Jl. X", "", "Jakarta", "", "", "I"],
            bad("INVALID_COUNTRY", true),
            Some("country"),
        ),
        (
            ["Jl. X", "", "Jakarta", "", "1022", "ID"],
            bad("INVALID_POSTAL_CODE", true),
            Some("postal_code"),
        ),
        (
            ["Jl. X", "", "Jakarta", "", "102201", "ID"],
            bad("INVALID_POSTAL_CODE", false),
            Some("postal_code"),
        ),
        (
            ["Jl. X\u{0}", "", "Jakarta", "", "", "ID"],
            bad("INVALID_CHARACTERS", false),
            Some("line1"),
        ),
    ];
    for (parts, want, field) in cases {
        let v = validate::address(&addr(*parts));
        assert_eq!(
            ((v.valid, v.potentially_valid, v.code), v.field),
            (*want, *field),
            "{parts:?}"
        );
    }
    let long = "x".repeat(101);
    let v = validate::address(&addr([&long, "", "Jakarta", "", "", "ID"]));
    assert_eq!((v.code, v.field), (Some("TOO_LONG"), Some("line1")));
    let v = validate::address(&Address::default());
    assert_eq!(v.field, Some("line1"));
    assert!(v.potentially_valid);
}

#[test]
fn postal_codes_per_country() {
    use validate::address::{normalize_postal_code, postal_code};
    let ok: &[(&str, &str, &str)] = &[
        ("ID", "10220", "10220"),
        ("ID", "99351", "99351"),
        ("ID", "40 115", "40115"),
        ("US", "62704", "62704"),
        ("US", "627041234", "62704-1234"),
        ("US", "62704 - 1234", "62704-1234"),
        ("GB", "sw1a2aa", "SW1A 2AA"),
        ("GB", "M1 1AE", "M1 1AE"),
        ("GB", "B33 8TH", "B33 8TH"),
        ("GB", "CR2 6XH", "CR2 6XH"),
        ("GB", "DN55 1PT", "DN55 1PT"),
        ("GB", "W1A 0AX", "W1A 0AX"),
        ("GB", "EC1A 1BB", "EC1A 1BB"),
        ("GB", "GIR 0AA", "GIR 0AA"),
        ("CA", "k1a0b1", "K1A 0B1"),
        ("CA", "K1A 0B1", "K1A 0B1"),
        ("DE", "10115", "10115"),
        ("FR", "75008", "75008"),
        ("NL", "1012ab", "1012 AB"),
        ("AU", "2000", "2000"),
        ("JP", "1000001", "100-0001"),
        ("JP", "100-0001", "100-0001"),
        ("SG", "018956", "018956"),
        ("MY", "50450", "50450"),
        ("IN", "110 001", "110001"),
        ("BR", "01310100", "01310-100"),
        ("BR", "01310-100", "01310-100"),
        ("NZ", "6011", "6011"),
        ("SE", "113 51", "113 51"),
        ("IE", "d02 x285", "D02 X285"),
        ("", "ab-12", "AB-12"),
    ];
    for &(c, input, want) in ok {
        let c = (!c.is_empty()).then_some(c);
        assert!(postal_code(input, c).valid, "{c:?} {input}");
        assert_eq!(
            normalize_postal_code(input, c).ok().as_deref(),
            Some(want),
            "{c:?} {input}"
        );
    }
    let bad_codes: &[(&str, &str)] = &[
        ("ID", "1022A"),
        ("ID", "01022"),
        ("ID", "00000"),
        ("IN", "011000"),
        ("NL", "0123 AB"),
        ("US", "6270"),
        ("US", "6270412"),
        ("GB", "SW1A"),
        ("GB", "1SW 2AA"),
        ("CA", "K1A 0B"),
        ("CA", "111 111"),
        ("DE", "1011"),
        ("NL", "1012 A1"),
        ("AU", "20000"),
        ("JP", "100-001"),
        ("SG", "01895"),
        ("MY", "5045"),
        ("IN", "11000"),
        ("BR", "0131010"),
        ("SE", "113_51"),
        ("NZ", "1234567890123"),
        ("NZ", "١٢٣٤"),
        ("NZ", "--"),
    ];
    for &(c, input) in bad_codes {
        let v = postal_code(input, Some(c));
        assert_eq!(v.code, Some("INVALID_POSTAL_CODE"), "{c} {input}");
        assert!(normalize_postal_code(input, Some(c)).is_err());
    }
    assert!(postal_code("", Some("ID")).valid);
}
