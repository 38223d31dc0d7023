//! `Debug` of the browser-side `Fields` never prints the card number or the CVC.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic

use cardseal::{Address, Fields};

#[test]
fn debug_names_fields_but_never_prints_values() {
    let fields = Fields::new()
        .number("4111 1111 1111 1111")
        .expiry("12/34")
        .cvc("737")
        .name("Budi Santoso")
        .address(Address::new().line1("Jl. Merdeka 17").country("ID"));
    let debug = format!("{fields:?}");
    let pretty = format!("{fields:#?}");
    for text in [&debug, &pretty] {
        for secret in ["4111", "1111", "737", "12/34", "Budi", "Merdeka"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    assert_eq!(
        debug,
        r#"Fields(["number", "expiry", "cvc", "name", "address"])"#
    );
    assert_eq!(format!("{:?}", Fields::new()), "Fields([])");
    assert_eq!(
        format!("{:?}", Address::new().city("Bandung")),
        "Address(..)"
    );
}
