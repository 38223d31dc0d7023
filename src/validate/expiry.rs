//! Card expiry dates. A card is valid through the last day of its expiry month, UTC;
//! a date more than 20 years ahead is refused. The clock (`now`, Unix seconds) is
//! passed in.

use super::{
    Validation, EMPTY, EXPIRED, INCOMPLETE, INVALID_CHARACTERS, INVALID_FORMAT, MONTH_OUT_OF_RANGE,
    YEAR_OUT_OF_RANGE,
};

/// How far ahead an expiry date may be, in months.
const MAX_AHEAD_MONTHS: i64 = 20 * 12;

/// Validates an expiry date such as `MM/YY`, `MM / YY`, `MM/YYYY`, `MM-YY`, `MMYY` or
/// `MMYYYY`. A one-digit month is accepted before a separator (`1/27`).
pub fn expiry(value: &str, now: u64) -> Validation {
    match checked(value, now) {
        Ok(_) => Validation::VALID,
        Err(v) => v,
    }
}

/// Validates an expiry date given as a separate month (`1`–`12`, one or two digits)
/// and year (two or four digits).
pub fn expiry_parts(month: &str, year: &str, now: u64) -> Validation {
    match checked_parts(month, year, now) {
        Ok(_) => Validation::VALID,
        Err(v) => v,
    }
}

/// [`expiry`], giving the month and four-digit year when valid.
pub(crate) fn checked(value: &str, now: u64) -> Result<(u8, u16), Validation> {
    let s = value.trim();
    if s.is_empty() {
        return Err(Validation::invalid(EMPTY, true));
    }
    if s.len() > 32 {
        return Err(Validation::invalid(INVALID_FORMAT, false));
    }
    // Up to two runs of digits, split by separators.
    let mut groups: [&str; 2] = ["", ""];
    let mut found = 0;
    let mut sep_after_first = false;
    let mut start = None;
    let b = s.as_bytes();
    for i in 0..=b.len() {
        let c = b.get(i).copied();
        match c {
            Some(b'0'..=b'9') => {
                if start.is_none() {
                    if found == 2 {
                        return Err(Validation::invalid(INVALID_FORMAT, false));
                    }
                    start = Some(i);
                }
                continue;
            }
            None | Some(b'/' | b'-' | b' ' | b'.') => {}
            Some(_) => return Err(Validation::invalid(INVALID_CHARACTERS, false)),
        }
        if let Some(st) = start.take() {
            groups[found] = s.get(st..i).unwrap_or("");
            found += 1;
        }
        if c.is_some() && found == 1 {
            sep_after_first = true;
        }
    }
    match (found, sep_after_first) {
        (0, _) => Err(Validation::invalid(INVALID_FORMAT, false)),
        // Digits only: MM, MMYY, MMYYYY, or the start of one.
        (1, false) => {
            let g = groups[0];
            match g.len() {
                1 => Err(Validation::invalid(INCOMPLETE, true)),
                2 => month_only(g),
                3..=6 => {
                    let (m, y) = g.split_at_checked(2).unwrap_or((g, ""));
                    check(m, y, now)
                }
                _ => Err(Validation::invalid(INVALID_FORMAT, false)),
            }
        }
        (1, true) => month_only(groups[0]),
        _ => check(groups[0], groups[1], now),
    }
}

/// [`expiry_parts`], giving the month and four-digit year when valid.
pub(crate) fn checked_parts(month: &str, year: &str, now: u64) -> Result<(u8, u16), Validation> {
    let (m, y) = (month.trim(), year.trim());
    if m.is_empty() && y.is_empty() {
        return Err(Validation::invalid(EMPTY, true));
    }
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if !digits(m) || !digits(y) {
        return Err(Validation::invalid(INVALID_CHARACTERS, false));
    }
    if y.is_empty() {
        return month_only(m);
    }
    check(m, y, now)
}

/// A month with no year yet.
fn month_only(m: &str) -> Result<(u8, u16), Validation> {
    month(m)?;
    Err(Validation::invalid(INCOMPLETE, true))
}

fn month(m: &str) -> Result<i64, Validation> {
    if m.is_empty() || m.len() > 2 {
        return Err(Validation::invalid(INVALID_FORMAT, false));
    }
    let v = num(m);
    if (1..=12).contains(&v) {
        Ok(v)
    } else {
        Err(Validation::invalid(MONTH_OUT_OF_RANGE, false))
    }
}

/// Checks month digits `m` and year digits `y` (1–4 digits; 1 and 3 are partial).
fn check(m: &str, y: &str, now: u64) -> Result<(u8, u16), Validation> {
    let month = month(m)?;
    if y.is_empty() || y.len() > 4 {
        return Err(Validation::invalid(INVALID_FORMAT, false));
    }
    let (cy, cm) = crate::date::year_month(now);
    let cur = cy * 12 + cm;
    let in_window = |year: i64| {
        let ahead = year * 12 + month - cur;
        (0..=MAX_AHEAD_MONTHS).contains(&ahead)
    };
    // Could the digits typed so far still become a valid year?
    let completable = |as_two_digits: bool| {
        (cy..=cy + 20).any(|year| {
            let p = num(y);
            let four = year < 10_000 && year / 10i64.pow(4 - y.len() as u32) == p;
            let two = as_two_digits && (year % 100) / 10i64.pow(2 - y.len() as u32) == p;
            in_window(year) && (four || two)
        })
    };
    let year = match y.len() {
        2 => two_digit_year(num(y), cy),
        4 => num(y),
        _ => {
            if completable(y.len() < 2) {
                return Err(Validation::invalid(INCOMPLETE, true));
            }
            // The earliest year the digits can become tells which way they miss.
            let earliest = if y.len() < 2 {
                two_digit_year(num(y) * 10, cy)
            } else {
                num(y) * 10
            };
            let code = if earliest < cy {
                EXPIRED
            } else {
                YEAR_OUT_OF_RANGE
            };
            return Err(Validation::invalid(code, false));
        }
    };
    let ahead = year * 12 + month - cur;
    let code = if ahead < 0 {
        EXPIRED
    } else if ahead > MAX_AHEAD_MONTHS {
        YEAR_OUT_OF_RANGE
    } else {
        return match (u8::try_from(month), u16::try_from(year)) {
            (Ok(m), Ok(y)) => Ok((m, y)),
            _ => Err(Validation::invalid(YEAR_OUT_OF_RANGE, false)),
        };
    };
    // "20" may be the start of "2031".
    Err(Validation::invalid(
        code,
        y.len() == 2 && completable(false),
    ))
}

/// A two-digit year, read in the century that puts it nearest to now: `47` in 2026 is
/// 2047 (too far ahead), `99` is 1999 (expired), `05` in 2095 is 2105.
fn two_digit_year(yy: i64, cy: i64) -> i64 {
    let y = cy - cy % 100 + yy;
    if y > cy + 50 {
        y - 100
    } else if y < cy - 49 {
        y + 100
    } else {
        y
    }
}

/// The value of a short run of ASCII digits.
fn num(s: &str) -> i64 {
    s.bytes()
        .fold(0, |a, b| a * 10 + i64::from(b.wrapping_sub(b'0') % 10))
}
