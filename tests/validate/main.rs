//! Table-driven tests of the field validators, formatting helpers and messages,
//! through the public API.

use cardseal::messages::{self, Locale};
use cardseal::validate::{self, brands, format, Validation};
use cardseal::Address;

/// 2026-11-22T00:00:00Z.
const NOW: u64 = 20_779 * 86_400;

/// Unix seconds of a UTC date.
fn at(y: i64, m: i64, d: i64) -> u64 {
    (cardseal::key::days_from_civil(y, m, d) * 86_400) as u64
}

/// `(valid, potentially_valid, code)`
type Want = (bool, bool, Option<&'static str>);

fn got(v: Validation) -> Want {
    (v.valid, v.potentially_valid, v.code)
}

const OK: Want = (true, true, None);
fn bad(code: &'static str, pv: bool) -> Want {
    (false, pv, Some(code))
}

#[test]
fn number_public_test_cards_of_every_brand() {
    let cards = [
        ("4111111111111111", "visa"),
        ("4242 4242 4242 4242", "visa"),
        ("4012-8888-8888-1881", "visa"),
        ("4222222222222", "visa"),
        ("5555555555554444", "mastercard"),
        ("5105105105105100", "mastercard"),
        ("2223003122003222", "mastercard"),
        ("2221000000000009", "mastercard"),
        ("378282246310005", "american-express"),
        ("3714 496353 98431", "american-express"),
        ("30569309025904", "diners-club"),
        ("38520000023237", "diners-club"),
        ("36227206271667", "diners-club"),
        ("3056930009020004", "diners-club"),
        ("6011111111111117", "discover"),
        ("6011000990139424", "discover"),
        ("6445644564456445", "discover"),
        ("3530111333300000", "jcb"),
        ("3566002020360505", "jcb"),
        ("6200000000000005", "unionpay"),
        ("6205500000000000004", "unionpay"),
        ("8171999927660000", "unionpay"),
        ("6304000000000000", "maestro"),
        ("6759649826438453", "maestro"),
        ("5018000000000009", "maestro"),
        ("2200000000000004", "mir"),
        ("6362970000457013", "elo"),
        ("5066991111111118", "elo"),
        ("4011780000000006", "elo"),
        ("6370950000000005", "hiper"),
        ("6373742300000000", "hiper"),
        ("6062826786276634", "hipercard"),
        ("3841000000000007", "hipercard"),
        ("9792000000000003", "troy"),
        ("5061020000000000003", "verve"),
        ("6080010000000009", "rupay"),
        ("6522000000000006", "rupay"),
    ];
    for (n, brand) in cards {
        let v = validate::number(n);
        assert_eq!(got(v), OK, "{n}");
        assert_eq!(v.brand, Some(brand), "{n}");
    }
}

#[test]
fn number_table() {
    let cases: &[(&str, Want, Option<&str>)] = &[
        // Empty and white space.
        ("", bad("EMPTY", true), None),
        ("   ", bad("EMPTY", true), None),
        (" 4111 1111 1111 1111\n", OK, Some("visa")),
        // Partial input: brand from the first digit on, once it is known.
        ("4", bad("TOO_SHORT", true), Some("visa")),
        ("411", bad("TOO_SHORT", true), Some("visa")),
        ("2", bad("TOO_SHORT", true), None),
        ("22", bad("TOO_SHORT", true), None),
        ("222", bad("TOO_SHORT", true), Some("mastercard")),
        ("220", bad("TOO_SHORT", true), Some("mir")),
        ("3", bad("TOO_SHORT", true), None),
        ("37", bad("TOO_SHORT", true), Some("american-express")),
        ("6", bad("TOO_SHORT", true), None),
        ("62", bad("TOO_SHORT", true), None),
        ("620", bad("TOO_SHORT", true), Some("unionpay")),
        ("9", bad("TOO_SHORT", true), Some("troy")),
        ("4111 1111 1111 11", bad("TOO_SHORT", true), Some("visa")),
        ("4111-", bad("TOO_SHORT", true), Some("visa")),
        // Impossible prefixes.
        ("0", bad("UNKNOWN_BRAND", false), None),
        ("1", bad("TOO_SHORT", true), Some("jcb")),
        ("19", bad("UNKNOWN_BRAND", false), None),
        ("99", bad("UNKNOWN_BRAND", false), None),
        ("7000000000000000", bad("UNKNOWN_BRAND", false), None),
        // Characters.
        ("41x", bad("INVALID_CHARACTERS", false), None),
        (
            "4111.1111.1111.1111",
            bad("INVALID_CHARACTERS", false),
            None,
        ),
        ("4111\t1111", bad("INVALID_CHARACTERS", false), None),
        (
            "\u{0664}\u{0661}\u{0661}\u{0661}",
            bad("INVALID_CHARACTERS", false),
            None,
        ),
        (
            "\u{FF14}111111111111111",
            bad("INVALID_CHARACTERS", false),
            None,
        ),
        (
            "4111 1111 1111 1111 \u{1F4B3}",
            bad("INVALID_CHARACTERS", false),
            None,
        ),
        ("4111\u{0}", bad("INVALID_CHARACTERS", false), None),
        // Luhn, and lengths.
        ("4111111111111112", bad("LUHN_FAILED", true), Some("visa")),
        (
            "5555555555554445",
            bad("LUHN_FAILED", false),
            Some("mastercard"),
        ),
        (
            "378282246310006",
            bad("LUHN_FAILED", false),
            Some("american-express"),
        ),
        ("6200000000000001", OK, Some("unionpay")),
        ("41111111111111", bad("TOO_SHORT", true), Some("visa")),
        (
            "55555555555544440",
            bad("TOO_LONG", false),
            Some("mastercard"),
        ),
        (
            "3782822463100050",
            bad("TOO_LONG", false),
            Some("american-express"),
        ),
        ("41111111111111111111", bad("TOO_LONG", false), Some("visa")),
    ];
    for &(n, want, brand) in cases {
        let v = validate::number(n);
        assert_eq!((got(v), v.brand), (want, brand), "{n:?}");
    }
}

#[test]
fn number_survives_hostile_input() {
    let huge = "4".repeat(1 << 20);
    assert_eq!(got(validate::number(&huge)), bad("TOO_LONG", false));
    let spaces = " ".repeat(5000) + "4111111111111111";
    assert_eq!(got(validate::number(&spaces)), OK);
    let dashes = "-".repeat(2000);
    assert_eq!(got(validate::number(&dashes)), bad("TOO_LONG", false));
    for s in [
        "\u{FFFF}",
        "\u{10FFFF}",
        "٤١١١ ١١١١",
        "💳💳",
        "-",
        " - ",
        "\u{200B}4",
    ] {
        let v = validate::number(s);
        assert!(!v.valid, "{s:?}");
    }
}

#[test]
fn brand_table_matches_documented_ranges() {
    // Representative prefixes at each range edge (and just outside it).
    let edges: &[(&str, Option<&str>)] = &[
        ("4", Some("visa")),
        ("49", Some("visa")),
        ("51", Some("mastercard")),
        ("55", Some("mastercard")),
        ("2220", None),
        ("2221", Some("mastercard")),
        ("2720", Some("mastercard")),
        ("2721", None),
        ("2199", None),
        ("2200", Some("mir")),
        ("2204", Some("mir")),
        ("2205", None),
        ("34", Some("american-express")),
        ("35", None),
        ("37", Some("american-express")),
        ("300", Some("diners-club")),
        ("305", Some("diners-club")),
        ("306", None),
        ("3095", Some("diners-club")),
        ("36", Some("diners-club")),
        ("38", Some("diners-club")),
        ("39", Some("diners-club")),
        ("6011", Some("discover")),
        ("6012", None),
        ("643", None),
        ("644", Some("discover")),
        ("649", Some("discover")),
        ("65", Some("discover")),
        ("3527", None),
        ("3528", Some("jcb")),
        ("3589", Some("jcb")),
        ("3590", None),
        ("2131", Some("jcb")),
        ("1800", Some("jcb")),
        ("620", Some("unionpay")),
        ("62183", None),
        ("62184", Some("unionpay")),
        ("6271", None),
        ("6290", None),
        ("6293", None),
        ("622126", Some("unionpay")),
        ("626", Some("unionpay")),
        ("627780", Some("elo")),
        ("627781", Some("unionpay")),
        ("8171", Some("unionpay")),
        ("8172", None),
        ("493698", Some("maestro")),
        ("500000", Some("maestro")),
        ("504174", Some("maestro")),
        ("504175", Some("elo")),
        ("504176", Some("maestro")),
        ("506098", Some("maestro")),
        ("506099", Some("verve")),
        ("506198", Some("verve")),
        ("506199", Some("maestro")),
        ("506698", Some("maestro")),
        ("506699", Some("elo")),
        ("506778", Some("elo")),
        ("506779", Some("maestro")),
        ("507864", Some("maestro")),
        ("507865", Some("verve")),
        ("507964", Some("verve")),
        ("507965", Some("maestro")),
        ("508499", Some("maestro")),
        ("508500", Some("rupay")),
        ("508999", Some("rupay")),
        ("509000", Some("elo")),
        ("509999", Some("elo")),
        ("56", Some("maestro")),
        ("59", Some("maestro")),
        ("63", Some("maestro")),
        ("67", Some("maestro")),
        ("401177", Some("visa")),
        ("401178", Some("elo")),
        ("401179", Some("elo")),
        ("401180", Some("visa")),
        ("438935", Some("elo")),
        ("636368", Some("elo")),
        ("650001", Some("discover")),
        ("650002", Some("verve")),
        ("650027", Some("verve")),
        ("650031", Some("elo")),
        ("650034", Some("discover")),
        ("655058", Some("elo")),
        ("652149", Some("discover")),
        ("652150", Some("rupay")),
        ("653149", Some("rupay")),
        ("653150", Some("discover")),
        ("606984", None),
        ("606985", Some("rupay")),
        ("607984", Some("rupay")),
        ("608001", Some("rupay")),
        ("608500", Some("rupay")),
        ("606282", Some("hipercard")),
        ("384100", Some("hipercard")),
        ("384101", Some("diners-club")),
        ("637095", Some("hiper")),
        ("63737423", Some("hiper")),
        ("63737424", Some("maestro")),
        ("9792", Some("troy")),
        ("9793", None),
    ];
    for &(prefix, want) in edges {
        // Padded to a full length, the prefix must decide the brand on its own.
        let full = format!("{prefix:0<16}");
        assert_eq!(brands::detect(&full).map(|b| b.id), want, "{prefix}");
    }
    // Every brand id of the issue is in the table, once.
    let ids = [
        "visa",
        "mastercard",
        "american-express",
        "diners-club",
        "discover",
        "jcb",
        "unionpay",
        "maestro",
        "mir",
        "elo",
        "hiper",
        "hipercard",
        "troy",
        "verve",
        "rupay",
    ];
    assert_eq!(brands::BRANDS.len(), ids.len());
    for id in ids {
        assert!(brands::by_id(id).is_some(), "{id}");
    }
    assert!(!brands::by_id("unionpay").is_some_and(|b| b.luhn));
    assert_eq!(
        brands::by_id("american-express").map(|b| b.code_len),
        Some(4)
    );
}

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

#[test]
fn messages_complete_in_both_locales() {
    let generic_en = messages::message("NO-SUCH-CODE", Locale::En);
    let generic_id = messages::message("NO-SUCH-CODE", Locale::Id);
    for code in validate::codes() {
        let en = messages::message(code, Locale::En);
        let id = messages::message(code, Locale::Id);
        assert!(!en.is_empty() && !id.is_empty(), "{code}");
        assert_ne!(en, generic_en, "{code} has no English message");
        assert_ne!(id, generic_id, "{code} has no Indonesian message");
        assert_ne!(en, id, "{code}: Indonesian text is a copy of English");
    }
    // No two codes share a text, in either locale.
    let all: Vec<&str> = validate::codes().collect();
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            for l in [Locale::En, Locale::Id] {
                assert_ne!(
                    messages::message(a, l),
                    messages::message(b, l),
                    "{a} / {b}"
                );
            }
        }
    }
    assert_eq!(
        messages::message("LUHN_FAILED", Locale::Id),
        "Nomor kartu tidak valid. Silakan periksa kembali."
    );
}
