//! Table-driven tests of the field validators, formatting helpers and messages,
//! through the public API: one file per field, plus the formatting helpers and the
//! messages. The helpers every file shares are here.

mod address;
mod cvc;
mod email;
mod expiry;
mod format;
mod messages;
mod name;
mod number;
mod phone;

use cardseal::validate::Validation;

/// 2026-11-22T00:00:00Z.
const NOW: u64 = 20_779 * 86_400;

/// Unix seconds of a UTC date.
fn at(y: i64, m: i64, d: i64) -> u64 {
    (cardseal::date::days_from_civil(y, m, d) * 86_400) as u64
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
