//! Sealing refuses what it should: malformed fields field by field, hostile values
//! without a panic, and a failing RNG as an error.

use super::*;
use cardseal::{validate, Address, Error};

#[test]
fn malformed_fields_are_refused_with_per_field_codes() {
    let s = sealer();
    let bad = Fields::new()
        .number("4111 1111 1111 111x")
        .expiry("13/2a")
        .cvc("");
    match s.seal(&bad, &mut rng(11), NOW) {
        Err(Error::InvalidFields(list)) => {
            let fields: Vec<&str> = list.iter().map(|(f, _)| *f).collect();
            assert!(
                fields.contains(&"number") && fields.contains(&"expiry") && fields.contains(&"cvc"),
                "{list:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        s.seal(&Fields::new(), &mut rng(12), NOW).unwrap_err(),
        Error::NoFields
    );
    assert_eq!(
        s.seal_each(&Fields::new(), &mut rng(12), NOW).unwrap_err(),
        Error::NoFields
    );
}

/// Hostile values never panic, and each is either sealed, only when every field passes
/// its validator, into JWEs that open, or refused field by field with the validator's
/// code, alike by `seal` and `seal_each`.
#[test]
fn hostile_field_values_never_panic() {
    let s = sealer();
    let long = "9".repeat(1 << 20);
    let values = [
        "",
        " ",
        "\u{0}",
        "\u{ffff}",
        "٤١١١١١١١١١١١١١١١",
        "💳💳💳",
        "\u{202e}4111",
        &long,
        "4111111111111111\n",
        "\\\"",
        "0/0",
        "00/00",
        "\u{fffd}\u{fffd}",
        "éé",
        "ééé",
        "1/",
        "/1",
        "12/",
        "99999999",
    ];
    let codes: Vec<&str> = validate::codes().collect();
    for v in values {
        let label: String = v.chars().take(24).collect();
        let f = Fields::new()
            .number(v)
            .expiry(v)
            .cvc(v)
            .name(v)
            .email(v)
            .phone(v)
            .address(Address::new().line1(v).country(v).postal_code(v));
        // What the validators say of the fields that do not depend on another one.
        let number = validate::number(v);
        let mut want: Vec<(&str, &str)> = [
            ("number", number),
            ("expiry", validate::expiry(v, NOW)),
            ("cvc", validate::cvc(v, number.brand)),
            ("name", validate::name(v)),
            ("email", validate::email(v)),
        ]
        .into_iter()
        .filter(|(_, check)| !check.valid)
        .map(|(field, check)| (field, check.code.unwrap()))
        .collect();
        want.sort_unstable();
        let whole = s.seal(&f, &mut rng(13), NOW);
        let each = s.seal_each(&f, &mut rng(13), NOW);
        match (&whole, &each) {
            // Refused: by both, alike, field by field, with codes of the table.
            (Err(Error::InvalidFields(a)), Err(Error::InvalidFields(b))) => {
                assert_eq!(a, b, "{label:?}: seal and seal_each refuse alike");
                assert!(
                    a.iter().all(|(_, code)| codes.contains(code)),
                    "{label:?}: {a:?}"
                );
                let mut named: Vec<(&str, &str)> = a
                    .iter()
                    .filter(|(field, _)| is_checked(field))
                    .copied()
                    .collect();
                named.sort_unstable();
                assert_eq!(named, want, "{label:?}");
            }
            // Sealed: only when every field passes, and then every JWE opens.
            (Ok(w), Ok(e)) => {
                assert!(want.is_empty(), "{label:?} sealed although {want:?}");
                assert!(open(&w.jwe).is_ok(), "{label:?}");
                assert!(e.jwes.iter().all(|(_, jwe)| open(jwe).is_ok()), "{label:?}");
            }
            other => panic!("{label:?}: {other:?}"),
        }

        // The expiry given as month and year apart.
        let f = Fields::new().exp_month(v).exp_year(v);
        let parts = validate::expiry_parts(v, v, NOW);
        match s.seal(&f, &mut rng(13), NOW) {
            Err(Error::InvalidFields(list)) => {
                assert_eq!(list, [("expiry", parts.code.unwrap())], "{label:?}");
            }
            Ok(sealed) => {
                assert!(parts.valid, "{label:?}");
                assert!(open(&sealed.jwe).is_ok(), "{label:?}");
            }
            Err(e) => panic!("{label:?}: {e:?}"),
        }
    }
}

/// The fields `hostile_field_values_never_panic` predicts from a validator alone.
fn is_checked(field: &str) -> bool {
    ["number", "expiry", "cvc", "name", "email"].contains(&field)
}

#[test]
fn a_failing_rng_is_an_error_not_a_panic() {
    /// Serves `ok` draws, then fails: the content key, the IV, the jti, the OAEP seed.
    struct Broken {
        ok: usize,
    }
    impl rand_chacha::rand_core::RngCore for Broken {
        fn next_u32(&mut self) -> u32 {
            0
        }
        fn next_u64(&mut self) -> u64 {
            0
        }
        fn fill_bytes(&mut self, _: &mut [u8]) {}
        fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), rand_chacha::rand_core::Error> {
            if self.ok == 0 {
                let code = std::num::NonZeroU32::new(rand_chacha::rand_core::Error::CUSTOM_START);
                return Err(code.unwrap().into());
            }
            self.ok -= 1;
            d.fill(7);
            Ok(())
        }
    }
    impl rand_chacha::rand_core::CryptoRng for Broken {}
    for ok in 0..4 {
        assert_eq!(
            sealer().seal(&card(), &mut Broken { ok }, NOW).unwrap_err(),
            Error::RngFailed,
            "RNG failing after {ok} draws"
        );
    }
}

/// Fields whose reader refused a name (a typo such as `nmae`, a wrong type) are never
/// sealed, and the refusal hides no other field's error: `INVALID_FIELDS` lists them all,
/// for the reader to report with the names it refused.
#[test]
fn a_refused_name_never_hides_the_other_fields_errors() {
    use cardseal::fields::Value;
    let mut f = Fields::new().number("4111 1111 1111 1112").cvc("12");
    assert!(!f.refused());
    assert_eq!(
        f.set("nmae", Value::Text("Budi".into())),
        Err("UNKNOWN_FIELD")
    );
    assert!(f.refused());
    let want = [("number", "LUHN_FAILED"), ("cvc", "TOO_SHORT")];
    for sealed in [
        sealer().seal(&f, &mut rng(14), NOW).map(|_| ()),
        sealer().seal_each(&f, &mut rng(14), NOW).map(|_| ()),
    ] {
        assert_eq!(sealed, Err(Error::InvalidFields(want.to_vec())));
    }
    // Every other field valid: refused all the same, with no field error of its own.
    let mut f = card();
    assert_eq!(f.set("exp_month", Value::Other), Err("INVALID_TYPE"));
    assert_eq!(
        sealer().seal(&f, &mut rng(15), NOW).unwrap_err(),
        Error::InvalidFields(vec![])
    );
    // Only a refused name: refused, not "nothing to seal".
    let mut f = Fields::new();
    let _ = f.set("nmae", Value::Text("Budi".into()));
    assert_eq!(
        sealer().seal(&f, &mut rng(16), NOW).unwrap_err(),
        Error::InvalidFields(vec![])
    );
}
