//! PEM (RFC 7468) blocks, read leniently: CRLF or LF, indented lines, blank lines around,
//! RFC 1421 headers, several blocks (a certificate chain).

use alloc::vec::Vec;

/// One PEM block: its label and decoded bytes (`None` when the body is not base64 or the
/// END line is missing).
pub struct Block<'a> {
    /// e.g. `PUBLIC KEY`
    pub label: &'a str,
    /// the DER bytes
    pub der: Option<Vec<u8>>,
}

/// All blocks found in `text`, in order.
pub fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
        else {
            continue;
        };
        let mut body = Vec::new();
        let mut ended = false;
        for l in lines.by_ref() {
            if let Some(end) = l
                .strip_prefix("-----END ")
                .and_then(|l| l.strip_suffix("-----"))
            {
                ended = end == label;
                break;
            }
            // RFC 1421 headers (`Proc-Type: …`) are skipped.
            if !l.contains(':') {
                body.extend_from_slice(l.as_bytes());
            }
        }
        let der = if ended {
            crate::b64::decode_lenient(&body).filter(|d| !d.is_empty())
        } else {
            None
        };
        out.push(Block { label, der });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_blocks() {
        let text = "\r\n\n   -----BEGIN PUBLIC KEY-----\r\n   Zm9v\r\n   YmFy\r\n  -----END PUBLIC KEY-----\r\n\n-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\nZm9v\n-----END X-----\n-----BEGIN CUT-----\nZm9v\n";
        let b = blocks(text);
        assert_eq!(b.len(), 3);
        assert_eq!(b[0].label, "PUBLIC KEY");
        assert_eq!(b[0].der.as_deref(), Some(&b"foobar"[..]));
        assert_eq!(b[1].der.as_deref(), Some(&b"foo"[..]));
        assert_eq!(b[2].label, "CUT");
        assert!(b[2].der.is_none(), "no END line");
        assert!(blocks("-----BEGIN A-----\nZm9v\n-----END B-----")
            .pop()
            .unwrap()
            .der
            .is_none());
    }
}
