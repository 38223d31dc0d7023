//! Card numbers: the public test card of every brand, the number table, hostile input,
//! and the brand table's documented ranges. (tests/node/brands.test.mjs checks the table
//! against credit-card-type 10.3's data.)

use super::{bad, got, Want, OK};

/// A valid number of no brand in the table.
const UNKNOWN: Want = (true, true, Some("UNKNOWN_BRAND"));
use cardseal::validate::{self, brands};

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
        ("6500520000000009", "troy"),
        ("6508370000000001", "troy"),
        ("4029180000000009", "naranja"),
        ("9360001234567892", "gpn"),
        ("936000123456789010", "gpn"),
        ("9360001234567890127", "gpn"),
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
        // credit-card-type's catch-all: every 6… number no other row claims is Maestro.
        ("6", bad("TOO_SHORT", true), Some("maestro")),
        ("62", bad("TOO_SHORT", true), Some("maestro")),
        ("620", bad("TOO_SHORT", true), Some("unionpay")),
        ("9", bad("TOO_SHORT", true), None),
        ("93", bad("TOO_SHORT", true), Some("gpn")),
        ("97", bad("TOO_SHORT", true), Some("troy")),
        ("4111 1111 1111 11", bad("TOO_SHORT", true), Some("visa")),
        ("4111-", bad("TOO_SHORT", true), Some("visa")),
        // No brand of the table: "unknown", valid at 12 to 19 digits with the Luhn check,
        // and UNKNOWN_BRAND then as a notice.
        ("0", bad("TOO_SHORT", true), Some("unknown")),
        ("1", bad("TOO_SHORT", true), Some("jcb")),
        ("19", bad("TOO_SHORT", true), Some("unknown")),
        ("99", bad("TOO_SHORT", true), Some("unknown")),
        ("7000 0000 000", bad("TOO_SHORT", true), Some("unknown")),
        ("700000000005", UNKNOWN, Some("unknown")),
        ("7000000000000005", UNKNOWN, Some("unknown")),
        ("1234 5678 9012 3452", UNKNOWN, Some("unknown")),
        ("9999999999999999998", UNKNOWN, Some("unknown")),
        ("0000000000000000", UNKNOWN, Some("unknown")),
        (
            "7000000000000000",
            bad("LUHN_FAILED", true),
            Some("unknown"),
        ),
        (
            "7000000000000000000",
            bad("LUHN_FAILED", false),
            Some("unknown"),
        ),
        (
            "70000000000000000000",
            bad("TOO_LONG", false),
            Some("unknown"),
        ),
        // GPN: 16, 18 or 19 digits.
        ("9360 0012 3456 7892", OK, Some("gpn")),
        ("93600012345678902", bad("TOO_SHORT", true), Some("gpn")),
        ("936000123456789", bad("TOO_SHORT", true), Some("gpn")),
        ("9360001234567893", bad("LUHN_FAILED", true), Some("gpn")),
        (
            "9361000000000000",
            bad("LUHN_FAILED", true),
            Some("unknown"),
        ),
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
        ("2220", Some("unknown")),
        ("2221", Some("mastercard")),
        ("2720", Some("mastercard")),
        ("2721", Some("unknown")),
        ("2199", Some("unknown")),
        ("2200", Some("mir")),
        ("2204", Some("mir")),
        ("2205", Some("unknown")),
        ("34", Some("american-express")),
        ("35", Some("unknown")),
        ("37", Some("american-express")),
        ("300", Some("diners-club")),
        ("305", Some("diners-club")),
        ("306", Some("unknown")),
        ("3095", Some("diners-club")),
        ("36", Some("diners-club")),
        ("38", Some("diners-club")),
        ("39", Some("diners-club")),
        ("6011", Some("discover")),
        ("6012", Some("maestro")),
        ("643", Some("maestro")),
        ("644", Some("discover")),
        ("649", Some("discover")),
        ("65", Some("discover")),
        ("3527", Some("unknown")),
        ("3528", Some("jcb")),
        ("3589", Some("jcb")),
        ("3590", Some("unknown")),
        ("2131", Some("jcb")),
        ("1800", Some("jcb")),
        ("620", Some("unionpay")),
        ("62183", Some("maestro")),
        ("62184", Some("unionpay")),
        ("6271", Some("maestro")),
        ("6290", Some("maestro")),
        ("6293", Some("maestro")),
        ("622126", Some("unionpay")),
        ("626", Some("unionpay")),
        ("627780", Some("elo")),
        ("627781", Some("unionpay")),
        ("8171", Some("unionpay")),
        ("8172", Some("unknown")),
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
        ("606984", Some("maestro")),
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
        ("9793", Some("unknown")),
        ("9359", Some("unknown")),
        ("9360", Some("gpn")),
        ("93609999", Some("gpn")),
        ("9361", Some("unknown")),
        ("650051", Some("elo")),
        ("650052", Some("troy")),
        ("650053", Some("discover")),
        ("650922", Some("elo")),
        ("650923", Some("troy")),
        ("650924", Some("elo")),
        ("65083700", Some("troy")),
        ("65083705", Some("discover")),
        ("65878311", Some("troy")),
        ("65878312", Some("discover")),
        ("402918", Some("naranja")),
        ("527572", Some("naranja")),
        ("589562", Some("naranja")),
        ("589563", Some("maestro")),
        ("61", Some("maestro")),
        ("69", Some("maestro")),
        ("7", Some("unknown")),
        ("0", Some("unknown")),
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
        "naranja",
        "gpn",
    ];
    assert_eq!(brands::BRANDS.len(), ids.len());
    for id in ids {
        assert!(brands::by_id(id).is_some(), "{id}");
    }
    assert!(!brands::by_id("unionpay").is_some_and(|b| b.luhn));
    // "unknown" is no row: brands() does not list it, and its CVC is 3 or 4 digits.
    assert!(brands::by_id("unknown").is_none());
    assert_eq!(brands::UNKNOWN.id, "unknown");
    assert_eq!(
        brands::by_id("american-express").map(|b| b.code_len),
        Some(4)
    );
}
