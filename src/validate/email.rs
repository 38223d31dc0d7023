//! Email addresses, as the WHATWG HTML spec's "valid email address" for
//! `<input type=email>`, plus at least one dot in the domain.

use super::{Validation, EMPTY, INVALID_EMAIL, TOO_LONG};

/// The most characters an address has (the SMTP forward-path limit, RFC 5321 §4.5.3.1.3).
pub const MAX_LEN: usize = 254;

/// Validates an email address. White space around it is ignored, as browsers do.
pub fn email(value: &str) -> Validation {
    let s = value.trim();
    if s.is_empty() {
        return Validation::invalid(EMPTY, true);
    }
    if s.len() > MAX_LEN {
        return Validation::invalid(TOO_LONG, false);
    }
    let (local, domain) = match s.split_once('@') {
        Some((l, d)) => (l, Some(d)),
        None => (s, None),
    };
    if !local.bytes().all(local_char) {
        return Validation::invalid(INVALID_EMAIL, false);
    }
    let Some(domain) = domain else {
        return Validation::invalid(INVALID_EMAIL, true);
    };
    if local.is_empty() {
        return Validation::invalid(INVALID_EMAIL, false);
    }
    // Labels: 1–63 of [A-Za-z0-9-], not starting or ending with '-'. While typing, the
    // last label may be empty or end with '-'.
    let mut labels = 0;
    let mut complete = true;
    let mut parts = domain.split('.').peekable();
    while let Some(label) = parts.next() {
        let last = parts.peek().is_none();
        let ok_chars = label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !ok_chars || label.len() > 63 || label.starts_with('-') {
            return Validation::invalid(INVALID_EMAIL, false);
        }
        if label.is_empty() || label.ends_with('-') {
            if !last {
                return Validation::invalid(INVALID_EMAIL, false);
            }
            complete = false;
        }
        labels += 1;
    }
    if complete && labels >= 2 {
        Validation::VALID
    } else {
        Validation::invalid(INVALID_EMAIL, true)
    }
}

/// WHATWG's local-part characters.
fn local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b)
}
