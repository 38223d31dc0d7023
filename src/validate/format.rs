//! As-you-type formatting: card numbers grouped by the brand's gaps, expiry dates as
//! `MM / YY`, and where the caret belongs after reformatting.

use super::brands::{self, MAX_LEN};
use super::number::digits;
use alloc::string::String;
use zeroize::Zeroizing;

/// Gaps when the brand is not known yet.
const DEFAULT_GAPS: u32 = brands::bits(&[4, 8, 12]);

/// Groups the digits of a card number by its brand's gaps, `4111 1111 1111 1111` or
/// `3782 822463 10005`; everything but ASCII digits is dropped, and so are digits
/// beyond the brand's longest length. The result is zeroized when dropped.
pub fn number(raw: &str) -> Zeroizing<String> {
    let mut lead = [0u8; 8];
    for (slot, d) in lead.iter_mut().zip(digits(raw)) {
        *slot = d;
    }
    let n = digits(raw).take(MAX_LEN).count();
    let brand = brands::lookup(lead.get(..n.min(8)).unwrap_or(&[]));
    let (max, gaps) = brand.map_or((MAX_LEN, DEFAULT_GAPS), |b| (b.max_len(), b.gaps));
    let n = n.min(max);
    let mut out = Zeroizing::new(String::with_capacity(n + gaps.count_ones() as usize));
    for (i, d) in digits(raw).take(n).enumerate() {
        if i > 0 && gaps >> i & 1 == 1 {
            out.push(' ');
        }
        out.push(char::from(d));
    }
    out
}

/// Formats an expiry date as `MM / YY` while the shopper types: a first digit of 2–9
/// becomes `0d`, `13` becomes `01 / 3`, a one-digit month ended by a separator stays
/// that month (`1/27`, pasted or autofilled, is `01 / 27`), and the ` / ` appears once
/// the month is complete. When the shopper deletes into the ` / `, it goes away with the month
/// left. Years of four digits are kept (`MM / YYYY`).
pub fn expiry(raw: &str) -> String {
    let mut d = [0u8; 6];
    let mut n = 0;
    let mut last_digit_end = 0;
    for (i, b) in raw.bytes().enumerate() {
        if b.is_ascii_digit() {
            if let Some(slot) = d.get_mut(n) {
                *slot = b;
                n += 1;
                last_digit_end = i + 1;
            }
        }
    }
    let mut out = String::with_capacity(9);
    if n == 0 {
        return out;
    }
    let tail = raw.get(last_digit_end..).unwrap_or("");
    // The first digit is followed by a separator: a one-digit month ("1/27", "1 / 2").
    let bytes = raw.as_bytes();
    let one_digit_month = bytes
        .iter()
        .position(u8::is_ascii_digit)
        .and_then(|i| bytes.get(i + 1))
        .is_some_and(|b| matches!(b, b'/' | b'-' | b' ' | b'.'));
    let (month, used): ([u8; 2], usize) = match d[0] {
        b'2'..=b'9' => ([b'0', d[0]], 1),
        b'1' if one_digit_month => ([b'0', b'1'], 1),
        b'1' if n >= 2 && d[1] > b'2' => ([b'0', b'1'], 1),
        _ if n == 1 => {
            // "1/" or "0-": a one-digit month the shopper ended with a separator.
            if tail.bytes().any(|b| matches!(b, b'/' | b'-' | b' ' | b'.')) && d[0] != b'0' {
                ([b'0', d[0]], 1)
            } else {
                out.push(char::from(d[0]));
                return out;
            }
        }
        _ => ([d[0], d[1]], 2),
    };
    out.extend(month.iter().map(|&b| char::from(b)));
    let year = d.get(used..n.min(used + 4)).unwrap_or(&[]);
    // Deleting into the separator (" /" or " " left after the month) removes it.
    let deleting = year.is_empty()
        && used == 2
        && !tail.is_empty()
        && " / ".starts_with(tail)
        && tail != " / ";
    if !deleting {
        out.push_str(" / ");
    }
    out.extend(year.iter().map(|&b| char::from(b)));
    out
}

/// Where the caret belongs after reformatting. `old` is the field's value as the
/// shopper left it (typed into, deleted from or pasted over), `caret` the caret
/// position in it, and `new` the reformatted value; positions count UTF-16 code units,
/// as the DOM's `selectionStart` does. The caret keeps the same number of letters and
/// digits before it; at the end of `old`, it stays at the end.
pub fn caret(old: &str, new: &str, caret: usize) -> usize {
    let significant = |c: char| c.is_ascii_alphanumeric();
    let mut pos = 0;
    let mut before = 0;
    let mut after = false;
    for c in old.chars() {
        if pos < caret {
            before += usize::from(significant(c));
        } else if significant(c) {
            after = true;
            break;
        }
        pos += c.len_utf16();
    }
    let end = new.encode_utf16().count();
    if !after {
        return end;
    }
    if before == 0 {
        return 0;
    }
    let mut seen = 0;
    let mut pos = 0;
    for c in new.chars() {
        pos += c.len_utf16();
        if significant(c) {
            seen += 1;
            if seen == before {
                return pos;
            }
        }
    }
    end
}

/// What a formatter of `format.*` gives.
pub enum Formatted {
    /// The value reformatted (a zeroizing buffer: it may be a card number).
    Text(Zeroizing<String>),
    /// Where the caret belongs.
    Caret(usize),
    /// No such formatter: the value is given back unchanged.
    Unchanged,
}

/// The formatter of `format.*` named `formatter`: `number(a)`, `expiry(a)`, `caret(a, b,
/// at)` (old value, new value, caret position → new position). The one dispatch the
/// wasm's `formatField` marshals to.
pub fn by_name(formatter: &str, a: &str, b: &str, at: usize) -> Formatted {
    match formatter {
        "number" => Formatted::Text(number(a)),
        "expiry" => Formatted::Text(Zeroizing::new(expiry(a))),
        "caret" => Formatted::Caret(caret(a, b, at)),
        _ => Formatted::Unchanged,
    }
}
