//! Base64 (RFC 4648 §4) and base64url (§5) without a general-purpose dependency.
//!
//! Encoding is always base64url without padding (JOSE). Decoding is used on pasted key
//! material, so it accepts both alphabets, optional `=` padding and ASCII white space, but
//! refuses anything else.

use alloc::vec::Vec;

const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends the base64url (no padding) encoding of `data` to `out`.
pub fn encode_url_into(data: &[u8], out: &mut Vec<u8>) {
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(URL[((n >> (18 - 6 * i)) & 63) as usize]);
        }
    }
}

/// The base64url (no padding) encoding of `data`.
pub fn encode_url(data: &[u8]) -> alloc::string::String {
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4);
    encode_url_into(data, &mut out);
    // Only ASCII from the alphabet above was pushed.
    out.into_iter().map(char::from).collect()
}

fn value(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    } as u32)
}

/// Decodes lenient base64: either alphabet, optional padding, white space ignored.
/// Returns `None` on any other character, on a misplaced `=`, or on a length that
/// cannot come from an encoder.
pub fn decode_lenient(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 3);
    let mut acc: u32 = 0;
    let mut n = 0usize;
    let mut pad = 0usize;
    for &c in text {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == b'=' {
            pad += 1;
            continue;
        }
        if pad > 0 {
            return None;
        }
        acc = (acc << 6) | value(c)?;
        n += 1;
        if n == 4 {
            out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
            acc = 0;
            n = 0;
        }
    }
    match n {
        0 => {}
        2 => out.push((acc >> 4) as u8),
        3 => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
        _ => return None,
    }
    if pad > 2 || (pad > 0 && !(n + pad).is_multiple_of(4)) {
        return None;
    }
    Some(out)
}

/// Decodes strict base64url as JOSE requires: URL alphabet only, no padding, no white
/// space, and no non-zero trailing bits.
pub fn decode_url_strict(text: &[u8]) -> Option<Vec<u8>> {
    if text
        .iter()
        .any(|&c| !(c.is_ascii_alphanumeric() || c == b'-' || c == b'_'))
    {
        return None;
    }
    let out = decode_lenient(text)?;
    // Re-encoding must give the same text, which refuses non-canonical trailing bits.
    let mut again = Vec::with_capacity(text.len());
    encode_url_into(&out, &mut again);
    (again == text).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        let cases: [(&[u8], &str); 7] = [
            (b"", ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (b"fooba", "Zm9vYmE"),
            (b"foobar", "Zm9vYmFy"),
        ];
        for (raw, enc) in cases {
            assert_eq!(encode_url(raw), enc);
            assert_eq!(decode_url_strict(enc.as_bytes()).unwrap(), raw);
            assert_eq!(decode_lenient(enc.as_bytes()).unwrap(), raw);
        }
        assert_eq!(decode_lenient(b"Zm9vYg==").unwrap(), b"foob");
        assert_eq!(decode_lenient(b"Zm9v\r\n  YmE=").unwrap(), b"fooba");
    }

    #[test]
    fn url_alphabet_and_refusals() {
        assert_eq!(encode_url(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode_lenient(b"+/8=").unwrap(), [0xfb, 0xff]);
        assert!(decode_url_strict(b"Zg==").is_none());
        assert!(decode_url_strict(b"Zh").is_none(), "non-zero trailing bits");
        assert!(decode_url_strict(b"Z").is_none());
        assert!(decode_lenient(b"Zm9v!").is_none());
        assert!(decode_lenient(b"Zg=a").is_none());
        assert!(decode_lenient(b"Zg===").is_none());
        assert!(decode_lenient("Zmé9v".as_bytes()).is_none());
    }
}
