//! A small, strict JSON reader for pasted JWKs, and a string writer for the JWE header
//! and plaintext. A general JSON library would cost several KB of wasm for the few
//! shapes cardseal reads and writes.

use alloc::{string::String, vec::Vec};

/// Values nested in more containers than this are refused, so hostile input cannot
/// exhaust the stack. The deepest real input, a JWKS key's `x5c` strings, is in 4.
pub const MAX_DEPTH: usize = 8;
/// An object with more members than this is refused. The largest real object, a private
/// RSA JWK with every standard member, has 19. The cap keeps the duplicate-member check
/// (each name against the names before it) linear in the input: at most
/// `MAX_MEMBERS - 1` comparisons per member, never `n²/2` for an `n`-member object.
pub const MAX_MEMBERS: usize = 32;

/// A parsed JSON value. Numbers keep their source text: a JWK holds none that matter.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// a number, as written
    Number(String),
    /// a string, unescaped
    String(String),
    /// an array
    Array(Vec<Value>),
    /// an object, members in source order (duplicates are refused)
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `name` of an object.
    pub fn get(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string content, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

/// Parses one JSON text. Returns `None` for anything that is not exactly one valid value
/// (surrounding white space allowed), for duplicate member names, for an object of more
/// than [`MAX_MEMBERS`] members and for nesting deeper than [`MAX_DEPTH`].
pub fn parse(text: &str) -> Option<Value> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let v = p.value(0)?;
    p.ws();
    (p.i == p.s.len()).then_some(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while matches!(self.s.get(self.i), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.s.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    fn lit(&mut self, word: &[u8], v: Value) -> Option<Value> {
        self.s.get(self.i..)?.starts_with(word).then(|| {
            self.i += word.len();
            v
        })
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth >= MAX_DEPTH {
            return None;
        }
        self.ws();
        match *self.s.get(self.i)? {
            b'{' => {
                self.i += 1;
                let mut members: Vec<(String, Value)> = Vec::new();
                if self.eat(b'}').is_some() {
                    return Some(Value::Object(members));
                }
                loop {
                    self.ws();
                    let k = self.string()?;
                    if members.len() == MAX_MEMBERS || members.iter().any(|(m, _)| *m == k) {
                        return None;
                    }
                    self.eat(b':')?;
                    let v = self.value(depth + 1)?;
                    members.push((k, v));
                    if self.eat(b',').is_none() {
                        self.eat(b'}')?;
                        return Some(Value::Object(members));
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                if self.eat(b']').is_some() {
                    return Some(Value::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b',').is_none() {
                        self.eat(b']')?;
                        return Some(Value::Array(items));
                    }
                }
            }
            b'"' => self.string().map(Value::String),
            b't' => self.lit(b"true", Value::Bool(true)),
            b'f' => self.lit(b"false", Value::Bool(false)),
            b'n' => self.lit(b"null", Value::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let s = p.i;
            while matches!(p.s.get(p.i), Some(b'0'..=b'9')) {
                p.i += 1;
            }
            p.i > s
        };
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        if self.s.get(self.i) == Some(&b'0') {
            self.i += 1;
        } else if !digits(self) {
            return None;
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !digits(self) {
                return None;
            }
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        let text = core::str::from_utf8(self.s.get(start..self.i)?).ok()?;
        Some(Value::Number(text.into()))
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.i..self.i + 4)?;
        self.i += 4;
        let mut v = 0;
        for &c in h {
            v = v * 16 + (c as char).to_digit(16)?;
        }
        Some(v)
    }

    fn string(&mut self) -> Option<String> {
        if self.s.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let c = *self.s.get(self.i)?;
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = *self.s.get(self.i)?;
                    self.i += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let cp = if (0xD800..0xDC00).contains(&hi) {
                                if self.s.get(self.i..self.i + 2) != Some(b"\\u") {
                                    return None;
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return None;
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(cp)?
                        }
                        _ => return None,
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => return None,
                _ => out.push(c),
            }
        }
    }
}

/// Appends `s` to `out` as a JSON string literal, quotes included.
///
/// `out` should have room reserved (at most `6 * s.len() + 2` bytes) when it holds
/// secrets, so that no reallocation leaves an unzeroed copy behind.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    for &b in s.as_bytes() {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0..=0x1f | 0x7f => {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[(b >> 4) as usize]);
                out.push(HEX[(b & 15) as usize]);
            }
            _ => out.push(b),
        }
    }
    out.push(b'"');
}

/// Appends the decimal form of `n` to `out`.
pub fn write_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_jwk_shapes() {
        let v = parse(r#" {"kty":"RSA","n":"AQ\u0041B","keys":[1,-2.5e3,true,null,{}]} "#).unwrap();
        assert_eq!(v.get("kty").and_then(Value::as_str), Some("RSA"));
        assert_eq!(v.get("n").and_then(Value::as_str), Some("AQAB"));
        assert!(matches!(v.get("keys"), Some(Value::Array(a)) if a.len() == 5));
        assert_eq!(parse(r#""\ud83d\ude00""#), Some(Value::String("😀".into())));
    }

    #[test]
    fn refuses_bad_json() {
        for bad in [
            "",
            "{",
            "{}x",
            r#"{"a":1,"a":2}"#,
            r#"{"a":01}"#,
            r#""\x""#,
            "[1,]",
            "{'a':1}",
            "\"\u{1}\"",
            r#""\ud800""#,
            "tru",
            "1.",
            "-",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(parse(&deep), None);
    }

    /// The bounds that keep hostile input cheap: work per member is at most
    /// `MAX_MEMBERS - 1` name comparisons, and the recursion at most `MAX_DEPTH` deep.
    #[test]
    fn caps_members_and_depth() {
        let object = |n: usize| {
            let members: Vec<_> = (0..n).map(|i| alloc::format!("\"m{i}\":{i}")).collect();
            alloc::format!("{{{}}}", members.join(","))
        };
        assert!(
            matches!(parse(&object(MAX_MEMBERS)), Some(Value::Object(m)) if m.len() == MAX_MEMBERS)
        );
        assert_eq!(parse(&object(MAX_MEMBERS + 1)), None);
        assert_eq!(parse(&object(6_144)), None);
        // Each object is capped on its own: many full objects in an array are fine.
        let many = alloc::format!("[{}]", vec![object(MAX_MEMBERS); 100].join(","));
        assert!(parse(&many).is_some());

        let nested = |d: usize| "[".repeat(d) + &"]".repeat(d);
        assert!(parse(&nested(MAX_DEPTH)).is_some());
        assert_eq!(parse(&nested(MAX_DEPTH + 1)), None);
        let jwks = r#"{"keys":[{"kty":"RSA","x5c":["MIIB"]}]}"#;
        assert!(
            parse(jwks).is_some(),
            "a JWKS key's x5c is within the depth"
        );
    }

    #[test]
    fn writes_escaped() {
        let mut out = Vec::new();
        write_str(&mut out, "a\"b\\c\n\u{1}é");
        assert_eq!(out, "\"a\\\"b\\\\c\\n\\u0001é\"".as_bytes());
        let mut n = Vec::new();
        write_u64(&mut n, 0);
        n.push(b' ');
        write_u64(&mut n, 1_790_000_000);
        assert_eq!(n, b"0 1790000000");
    }
}
