//! Every validator in `cardseal::validate` and the as-you-type helpers in
//! `validate::format`. The first byte picks the function, the second an auxiliary
//! choice (clock, brand, country, caret); the rest is text, split at NUL bytes where a
//! function takes several strings. Besides not panicking, results must be coherent:
//! - `valid` implies `potentially_valid` and no code (but the `UNKNOWN_BRAND` notice of
//!   a valid number of no known brand); not valid means a code from
//!   the code table (`cardseal::messages`, kind `Field`); a brand is a brand id of the
//!   table, or `unknown`;
//! - a valid number has a brand, one of its lengths, and passes Luhn if the brand uses it;
//! - `phone` and `to_e164` agree, and an E.164 result validates to itself;
//! - `country`/`normalize_country` and `postal_code`/`normalize_postal_code` agree,
//!   and normalising is idempotent;
//! - `address` is the conjunction of its members;
//! - `format::number` keeps the digits (up to the brand's length) in gaps of one space
//!   and is idempotent; `format::expiry` stays within `MM / YYYY` and keeps a valid
//!   date (valid at the same clocks);
//! - `format::caret` never lands past the end of the new value.
#![no_main]

use cardseal::messages::Kind;
use cardseal::validate::{self, brands, format, phone, Validation, UNKNOWN_BRAND};
use cardseal::Address;
use cardseal_fuzz::known;
use libfuzzer_sys::fuzz_target;

const NOWS: [u64; 8] = [
    0,
    1_790_000_000,
    1_798_761_599, // 2026-12-31T23:59:59Z
    1_798_761_600, // 2027-01-01T00:00:00Z
    4_102_444_800,
    253_402_300_799, // 9999-12-31T23:59:59Z
    u32::MAX as u64,
    u64::MAX,
];

const COUNTRIES: [&str; 14] = [
    "US", "ID", "IT", "RU", "KZ", "GB", "SG", "DE", "NL", "CA", "us", "", "ZZ", " US ",
];

fn check(v: Validation) -> Validation {
    if v.valid {
        assert!(v.potentially_valid, "{v:?}");
        // The one notice a valid result carries: a number of no brand in the table.
        assert!(v.code.is_none() || v.code == Some(UNKNOWN_BRAND), "{v:?}");
    } else {
        let code = v
            .code
            .unwrap_or_else(|| panic!("invalid without a code: {v:?}"));
        assert!(known(code, Kind::Field), "{v:?}");
    }
    if let Some(b) = v.brand {
        assert!(brand(b).is_some(), "{v:?}");
    }
    v
}

/// The table row of a brand id, `unknown` included.
fn brand(id: &str) -> Option<&'static brands::Brand> {
    brands::by_id(id).or((id == brands::UNKNOWN.id).then_some(&brands::UNKNOWN))
}

fn pick<'a>(aux: u8, list: &[&'a str], other: &'a str) -> Option<&'a str> {
    let i = usize::from(aux) % (list.len() + 2);
    match i.checked_sub(2) {
        None if i == 0 => None,
        None => Some(other),
        Some(j) => Some(list[j]),
    }
}

fn check_format_number(raw: &str) {
    let f = format::number(raw);
    let digits: Vec<u8> = raw.bytes().filter(u8::is_ascii_digit).collect();
    let fd: Vec<u8> = f.bytes().filter(u8::is_ascii_digit).collect();
    assert!(
        fd.len() <= brands::MAX_LEN && digits.starts_with(&fd),
        "{raw:?} -> {f:?}"
    );
    if digits.len() <= 12 {
        // No brand is shorter than 12 digits: nothing is dropped yet.
        assert_eq!(fd, digits, "{raw:?} -> {f:?}");
    }
    assert!(f.bytes().all(|b| b.is_ascii_digit() || b == b' '), "{f:?}");
    assert!(
        !f.starts_with(' ') && !f.ends_with(' ') && !f.contains("  "),
        "{f:?}"
    );
    assert_eq!(*format::number(&f), *f, "not idempotent: {raw:?}");
}

fn check_caret(old: &str, new: &str, caret: usize) {
    let c = format::caret(old, new, caret);
    assert!(
        c <= new.encode_utf16().count(),
        "{old:?} {new:?} {caret} -> {c}"
    );
}

fuzz_target!(|data: &[u8]| {
    let (sel, aux, rest) = match data {
        [s, a, rest @ ..] => (*s, *a, rest),
        _ => return,
    };
    let text = String::from_utf8_lossy(rest);
    let mut parts = text.split('\0');
    let a = parts.next().unwrap_or("");
    let b = parts.next().unwrap_or("");
    let now = NOWS[usize::from(aux) % NOWS.len()];
    match sel % 14 {
        0 => {
            let v = check(validate::number(a));
            if v.valid {
                let brand = brand(v.brand.expect("valid number without brand")).expect("brand id");
                let n = a.bytes().filter(u8::is_ascii_digit).count();
                assert!(brand.has_len(n), "{a:?}");
                assert!(!brand.luhn || validate::number::luhn(a), "{a:?}");
                assert_eq!(
                    brands::detect(&a.trim().replace([' ', '-'], "")).map(|b| b.id),
                    v.brand
                );
            }
            check_format_number(a);
        }
        1 => {
            let v = check(validate::expiry(a, now));
            let f = format::expiry(a);
            if v.valid {
                // Reformatting a valid date keeps the date: valid at the same clocks.
                for n in NOWS {
                    let (raw, formatted) = (validate::expiry(a, n), validate::expiry(&f, n));
                    assert_eq!(raw.valid, formatted.valid, "{a:?} -> {f:?} at {n}");
                }
            }
            assert!(f.len() <= 9, "{a:?} -> {f:?}");
            assert!(
                f.bytes()
                    .all(|b| b.is_ascii_digit() || b == b' ' || b == b'/'),
                "{f:?}"
            );
        }
        2 => {
            check(validate::expiry_parts(a, b, now));
        }
        3 => {
            let ids: Vec<&str> = brands::BRANDS.iter().map(|b| b.id).collect();
            let brand = pick(aux, &ids, b);
            let v = check(validate::cvc(a, brand));
            if v.valid {
                let s = a.trim();
                assert!((3..=4).contains(&s.len()) && s.bytes().all(|c| c.is_ascii_digit()));
            }
        }
        4 => {
            let v = check(validate::name(a));
            if v.valid {
                let n = a.trim().chars().count();
                assert!((validate::name::MIN_CHARS..=validate::name::MAX_CHARS).contains(&n));
            }
        }
        5 => {
            let v = check(validate::email(a));
            if v.valid {
                let s = a.trim();
                assert!(
                    s.len() <= validate::email::MAX_LEN && s.contains('@'),
                    "{a:?}"
                );
            }
        }
        6 => {
            let country = pick(aux, &COUNTRIES, b);
            let v = check(validate::phone(a, country));
            let e = phone::to_e164(a, country);
            assert_eq!(v.valid, e.is_ok(), "{a:?} {country:?}");
            match e {
                Ok(e) => {
                    let digits = e.strip_prefix('+').expect("E.164 starts with +");
                    assert!(digits.bytes().all(|c| c.is_ascii_digit()), "{e:?}");
                    assert!(
                        (phone::MIN_DIGITS..=phone::MAX_DIGITS).contains(&digits.len()),
                        "{a:?} {country:?} -> {e:?}"
                    );
                    assert_eq!(
                        phone::to_e164(&e, None).as_deref(),
                        Ok(e.as_str()),
                        "{a:?} {country:?} -> {e:?} does not validate to itself"
                    );
                }
                Err(w) => assert_eq!(w, v),
            }
        }
        7 => {
            let mut p = text
                .split('\0')
                .map(|s| (!s.is_empty()).then(|| s.to_owned()));
            let mut addr = Address::default();
            addr.line1 = p.next().flatten();
            addr.line2 = p.next().flatten();
            addr.city = p.next().flatten();
            addr.region = p.next().flatten();
            addr.postal_code = p.next().flatten();
            addr.country = p.next().flatten();
            let r = validate::address(&addr);
            for (_, m) in &r.members {
                check(*m);
            }
            assert_eq!(r.valid, r.members.iter().all(|(_, m)| m.valid), "{r:?}");
            assert_eq!(
                r.potentially_valid,
                r.members.iter().all(|(_, m)| m.potentially_valid)
            );
            assert!(!r.valid || r.potentially_valid);
            assert_eq!(r.field.is_some(), !r.valid);
            assert_eq!(r.code.is_some(), !r.valid);
            if let Some(f) = r.field {
                let i = r.members.iter().position(|(n, _)| *n == f).expect("member");
                assert_eq!(r.code, r.members[i].1.code);
                assert!(r.members[..i].iter().all(|(_, m)| m.valid));
            }
        }
        8 => {
            let v = check(validate::address::line(a, aux & 1 == 1));
            if v.valid {
                assert!(a.trim().chars().count() <= validate::address::MAX_LINE);
            }
            let c = check(validate::address::country(a));
            match validate::address::normalize_country(a) {
                Ok(n) => {
                    assert!(c.valid);
                    assert!(
                        n.len() == 2 && n.bytes().all(|b| b.is_ascii_uppercase()),
                        "{n:?}"
                    );
                    assert_eq!(validate::address::normalize_country(&n).as_ref(), Ok(&n));
                }
                Err(w) => assert_eq!(w, c),
            }
        }
        9 => {
            let country = pick(aux, &COUNTRIES, b);
            let v = check(validate::address::postal_code(a, country));
            match validate::address::normalize_postal_code(a, country) {
                Ok(n) => {
                    assert!(v.valid);
                    assert!(
                        check(validate::address::postal_code(&n, country)).valid,
                        "{n:?}"
                    );
                    assert_eq!(
                        validate::address::normalize_postal_code(&n, country).as_ref(),
                        Ok(&n),
                        "{a:?} {country:?}"
                    );
                }
                Err(w) => assert_eq!(w, v),
            }
        }
        10 => {
            let digits: Vec<u8> = rest.iter().map(|b| b'0' + b % 10).collect();
            if let Some(b) = brands::lookup(&digits) {
                assert!(brand(b.id).is_some_and(|r| core::ptr::eq(r, b)), "{}", b.id);
            }
            let _ = brands::lookup(rest);
            let _ = brands::detect(a);
            let _ = brands::by_id(a);
            let _ = validate::number::luhn(a);
        }
        11 => check_caret(a, b, usize::from(aux)),
        12 => {
            let f = format::number(a);
            check_caret(a, &f, usize::from(aux));
        }
        _ => {
            let f = format::expiry(a);
            check_caret(a, &f, usize::from(aux));
        }
    }
});
