//! A minimal DER reader, bound to the few structures a pasted key can be: SPKI, PKCS#1,
//! PKCS#8 (plain and encrypted) and X.509 certificates. Definite lengths only, every
//! read bounds-checked; malformed input gives `None`, never a panic.

/// ASN.1 tags used here.
pub const INTEGER: u8 = 0x02;
pub const BIT_STRING: u8 = 0x03;
pub const OCTET_STRING: u8 = 0x04;
pub const NULL: u8 = 0x05;
pub const OID: u8 = 0x06;
pub const SEQUENCE: u8 = 0x30;
pub const UTC_TIME: u8 = 0x17;
pub const GENERALIZED_TIME: u8 = 0x18;
/// `[0]` constructed, context-specific (X.509 version, OAEP hashFunc).
pub const CONTEXT_0: u8 = 0xa0;
/// `[1]` constructed, context-specific (OAEP maskGenFunc).
pub const CONTEXT_1: u8 = 0xa1;
/// `[2]` constructed, context-specific (OAEP pSourceFunc).
pub const CONTEXT_2: u8 = 0xa2;

/// A cursor over DER bytes.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader over `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }

    /// True when all bytes were read.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The tag of the next element, without reading it.
    pub fn peek_tag(&self) -> Option<u8> {
        self.data.first().copied()
    }

    /// Reads one element: `(tag, contents)`.
    pub fn any(&mut self) -> Option<(u8, &'a [u8])> {
        let (&tag, rest) = self.data.split_first()?;
        // Multi-byte tags never occur in the structures read here.
        if tag & 0x1f == 0x1f {
            return None;
        }
        let (&first, mut rest) = rest.split_first()?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 {
                return None;
            }
            let (bytes, r) = (rest.get(..n)?, rest.get(n..)?);
            rest = r;
            let len = bytes.iter().fold(0usize, |a, &b| (a << 8) | usize::from(b));
            // DER: the shortest length form.
            if len < 0x80 || bytes[0] == 0 {
                return None;
            }
            len
        };
        let contents = rest.get(..len)?;
        self.data = rest.get(len..)?;
        Some((tag, contents))
    }

    /// Reads one element that must carry `tag`.
    pub fn expect(&mut self, tag: u8) -> Option<&'a [u8]> {
        match self.any()? {
            (t, c) if t == tag => Some(c),
            _ => None,
        }
    }

    /// Reads a constructed element with `tag` and returns a reader over its contents.
    pub fn nested(&mut self, tag: u8) -> Option<Reader<'a>> {
        self.expect(tag).map(Reader::new)
    }

    /// Reads a non-negative INTEGER, returning its big-endian magnitude without leading
    /// zeros. Negative or non-minimal encodings are refused.
    pub fn unsigned(&mut self) -> Option<&'a [u8]> {
        unsigned(self.expect(INTEGER)?)
    }
}

/// The magnitude of a non-negative INTEGER's contents, without the sign byte. Negative
/// or non-minimal encodings give `None`.
pub fn unsigned(c: &[u8]) -> Option<&[u8]> {
    let (&first, rest) = c.split_first()?;
    if first & 0x80 != 0 {
        return None;
    }
    if first == 0 {
        return match rest.first() {
            None => Some(rest),
            Some(&b) if b & 0x80 == 0 => None,
            Some(_) => Some(rest),
        };
    }
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_bounds() {
        let mut r = Reader::new(&[0x30, 0x03, 0x02, 0x01, 0x05, 0x05, 0x00]);
        let mut seq = r.nested(SEQUENCE).unwrap();
        assert_eq!(seq.unsigned(), Some(&[5u8][..]));
        assert!(seq.is_empty());
        assert_eq!(r.expect(0x05), Some(&[][..]));
        assert!(r.is_empty());
        // Truncated, long-form non-minimal, indefinite, negative, padded integers.
        assert!(Reader::new(&[0x30, 0x05, 0x02]).any().is_none());
        assert!(Reader::new(&[0x30, 0x81, 0x05, 0, 0, 0, 0, 0])
            .any()
            .is_none());
        assert!(Reader::new(&[0x30, 0x80, 0, 0]).any().is_none());
        assert!(Reader::new(&[0x02, 0x01, 0x80]).unsigned().is_none());
        assert!(Reader::new(&[0x02, 0x02, 0x00, 0x05]).unsigned().is_none());
        assert_eq!(
            Reader::new(&[0x02, 0x02, 0x00, 0x80]).unsigned(),
            Some(&[0x80u8][..])
        );
        assert!(Reader::new(&[0x02, 0x00]).unsigned().is_none());
        assert!(Reader::new(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff])
            .any()
            .is_none());
    }
}
