//! Bounded parsing before authentication (issue 14): a protected header over
//! `MAX_HEADER_LEN` and a JWE over `MAX_JWE_LEN` are `MALFORMED` before any JSON parsing,
//! the JSON reader caps members and depth, and hostile headers within the limits are
//! refused before the replay store and RSA are reached. (How long the worst of them
//! takes is measured by `make bench-open`, recorded in BENCHMARKS.md.)

// Test code: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;

use cardseal::b64::encode_url;
use cardseal::json::{MAX_DEPTH, MAX_MEMBERS};
use cardseal_open::{
    OpenError, Opener, ReplayStore, StoreUnavailable, MAX_HEADER_LEN, MAX_JWE_LEN,
};
use common::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts how many JWEs got past parsing, the profile, the kid and freshness to the
/// replay check (the step just before RSA).
#[derive(Default)]
struct Counting(AtomicUsize);

impl ReplayStore for Counting {
    fn seen(&self, _: &str, _: u64) -> Result<bool, StoreUnavailable> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(false)
    }
    fn record(&self, _: &str, _: u64, _: u64) -> Result<bool, StoreUnavailable> {
        Ok(true)
    }
}

fn opener() -> Opener<Counting> {
    Opener::new(private("rsa2048-private-pkcs8.pem")).with_store(Counting::default())
}

fn code<T>(r: Result<T, OpenError>) -> &'static str {
    r.map(|_| "OK").unwrap_or_else(|e| e.code())
}

/// A genuine cardseal header (seed 1) with `extra` members spliced in after `{`.
fn header_with(extra: &str) -> String {
    header(&kid2048(), NOW, 1).replacen('{', &format!("{{{extra}"), 1)
}

/// A genuine header padded with a `pad` member to exactly `len` bytes.
fn header_of_len(len: usize) -> String {
    let base = header_with(r#""pad":"","#);
    assert!(base.len() <= len);
    header_with(&format!(r#""pad":"{}","#, "x".repeat(len - base.len())))
}

fn jwe_with_header(h: &str) -> String {
    hand_made(h, &[5; 32], br#"{"cvc":"123"}"#)
}

#[test]
fn a_header_over_1_kib_is_malformed_before_parsing() {
    let o = opener();
    let at_limit = jwe_with_header(&header_of_len(MAX_HEADER_LEN));
    assert_eq!(code(o.open(&at_limit, NOW)), "OK", "1 KiB exactly opens");
    let over = jwe_with_header(&header_of_len(MAX_HEADER_LEN + 1));
    assert_eq!(code(o.open(&over, NOW)), "MALFORMED");
    // The review's header: 6,144 members, 49 KB. Refused on length alone.
    let members: String = (0..6144).map(|i| format!(r#""m{i}":0,"#)).collect();
    let huge = jwe_with_header(&header_with(&members));
    assert!(huge.len() > 49_000);
    assert_eq!(code(o.open(&huge, NOW)), "MALFORMED");
    // 1,000 members (9 KB): within the whole-JWE limit, refused on the header's length.
    let members: String = (0..1000).map(|i| format!(r#""m{i}":0,"#)).collect();
    let long = jwe_with_header(&header_with(&members));
    assert!(long.len() <= MAX_JWE_LEN);
    assert_eq!(code(o.open(&long, NOW)), "MALFORMED");
    assert_eq!(o.store().0.load(Ordering::SeqCst), 1, "only the 1 KiB one");
}

#[test]
fn a_jwe_over_16_kib_is_malformed_and_real_ones_fit_with_room() {
    let o = opener();
    let jwe = sealed(2, NOW);
    let padded = format!("{jwe}{}", "A".repeat(MAX_JWE_LEN + 1 - jwe.len()));
    assert_eq!(padded.len(), MAX_JWE_LEN + 1);
    assert_eq!(code(o.open(&padded, NOW)), "MALFORMED");

    // The largest real JWE: whole-form, every field at its longest in multi-byte
    // characters where allowed, to the largest test key (4096 bits).
    let line = "é".repeat(100);
    let fields = cardseal::Fields::default()
        .number("4111 1111 1111 1111")
        .expiry("12/34")
        .cvc("123")
        .name("é".repeat(64))
        .email(format!(
            "{}@{}.{}.{}.com",
            "a".repeat(64),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(57)
        ))
        .phone("+491512345678901");
    let mut fields = fields;
    fields.address = Some(
        cardseal::fields::Address::default()
            .line1(line.clone())
            .line2(line.clone())
            .city(line.clone())
            .region(line)
            .postal_code("AB-1234 5678")
            .country("AR"),
    );
    let largest = seal_to("rsa4096-spki.pem", &fields, 3, NOW);
    // An 8192-bit key (the largest the core imports) adds 512 bytes of encrypted key,
    // 683 in base64url.
    let worst = largest.len() + 683;
    eprintln!(
        "largest real JWE: {} bytes; {worst} with an 8192-bit key",
        largest.len()
    );
    assert!(
        worst * 2 < MAX_JWE_LEN,
        "{worst} bytes: 16 KiB should leave room to spare"
    );
    let o4096 = Opener::new(private("rsa4096-private-pkcs8.pem"));
    assert_eq!(code(o4096.open(&largest, NOW)), "OK");
}

/// Hostile headers within 1 KiB: each is refused by the parser's caps or the profile,
/// before the replay store (and so before any RSA work).
#[test]
fn hostile_headers_within_the_limits_stop_before_the_store() {
    let o = opener();
    // Members up to the cap parse (and are ignored); one more is malformed.
    let members = |n: usize| -> String { (0..n).map(|i| format!(r#""x{i}":0,"#)).collect() };
    let profile = 6;
    let full = jwe_with_header(&header_with(&members(MAX_MEMBERS - profile)));
    assert_eq!(code(o.open(&full, NOW)), "OK");
    let over = jwe_with_header(&header_with(&members(MAX_MEMBERS - profile + 1)));
    assert_eq!(code(o.open(&over, NOW)), "MALFORMED");
    let seen_before = o.store().0.load(Ordering::SeqCst);

    let nest = |d: usize| "[".repeat(d) + &"]".repeat(d);
    let hostile = [
        // nesting one deeper than the cap
        header_with(&format!(r#""n":{},"#, nest(MAX_DEPTH))),
        // the most members of near-identical long names that fit in 1 KiB
        header_with(
            &(0..24)
                .map(|i| format!(r#""{}{i:02}":0,"#, "a".repeat(24)))
                .collect::<String>(),
        )
        .replace(r#""alg":"RSA-OAEP-256""#, r#""alg":"none""#),
        // a string of escapes as the kid
        header_with("").replace(
            &format!(r#""kid":"{}""#, kid2048()),
            &format!(r#""kid":"{}""#, r"\u00e9".repeat(140)),
        ),
        // a duplicate member at the end of a full object
        header_with(&format!("{}\"x0\":1,", members(MAX_MEMBERS - profile - 1))),
        // an array of many items
        header_with(&format!(r#""a":[{}0],"#, "0,".repeat(370)))
            .replace(r#""cty":"cardseal+json""#, r#""cty":"x""#),
    ];
    for h in &hostile {
        assert!(h.len() <= MAX_HEADER_LEN, "{} bytes", h.len());
        let r = o.open(&jwe_with_header(h), NOW);
        assert!(
            matches!(
                r,
                Err(OpenError::Malformed | OpenError::UnsupportedHeader | OpenError::UnknownKid)
            ),
            "{h}: {}",
            code(r)
        );
    }
    assert_eq!(o.store().0.load(Ordering::SeqCst), seen_before);
    // The same header bytes as base64url, not JSON: refused as malformed too.
    let not_json = format!("{}.{}", encode_url(b"{]"), full.split_once('.').unwrap().1);
    assert_eq!(code(o.open(&not_json, NOW)), "MALFORMED");
}
