//! The protected header of profile "cardseal v1", checked strictly.

use crate::OpenError;
use cardseal::json::Value;
use cardseal::seal::header::{ALG, CTY, ENC};

/// The members of a cardseal v1 header that the opener uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// the key id: the RFC 7638 thumbprint of the key it was sealed to
    pub kid: String,
    /// when it was sealed, Unix seconds
    pub iat: u64,
    /// 128 random bits, base64url (22 characters)
    pub jti: String,
}

/// Parses and checks a decoded header. A header that is not one JSON object (duplicate
/// members included) is [`OpenError::Malformed`]; one outside the profile is
/// [`OpenError::UnsupportedHeader`].
pub fn parse(bytes: &[u8]) -> Result<Header, OpenError> {
    let text = core::str::from_utf8(bytes).map_err(|_| OpenError::Malformed)?;
    let v = cardseal::json::parse(text).ok_or(OpenError::Malformed)?;
    if !matches!(v, Value::Object(_)) {
        return Err(OpenError::Malformed);
    }
    let is = |name: &str, want: &str| v.get(name).and_then(Value::as_str) == Some(want);
    if !is("alg", ALG) || !is("enc", ENC) || !is("cty", CTY) {
        return Err(OpenError::UnsupportedHeader);
    }
    if v.get("crit").is_some() || v.get("zip").is_some() {
        return Err(OpenError::UnsupportedHeader);
    }
    let kid = match v.get("kid").and_then(Value::as_str) {
        Some(k) if !k.is_empty() => k.to_owned(),
        _ => return Err(OpenError::UnsupportedHeader),
    };
    let iat = match v.get("iat") {
        Some(Value::Number(n)) if is_plain_integer(n) => {
            n.parse::<u64>().map_err(|_| OpenError::UnsupportedHeader)?
        }
        _ => return Err(OpenError::UnsupportedHeader),
    };
    let jti = match v.get("jti").and_then(Value::as_str) {
        Some(j) if j.len() == 22 && cardseal::b64::decode_url_strict(j.as_bytes()).is_some() => {
            j.to_owned()
        }
        _ => return Err(OpenError::UnsupportedHeader),
    };
    Ok(Header { kid, iat, jti })
}

/// Digits only, no sign, fraction or exponent, no leading zero.
fn is_plain_integer(n: &str) -> bool {
    !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
        && (n == "0" || !n.starts_with('0'))
        && n.len() <= 19
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"k","cty":"cardseal+json","iat":1790000000,"jti":"AAAAAAAAAAAAAAAAAAAAAA"}"#;

    fn with(from: &str, to: &str) -> Result<Header, OpenError> {
        assert!(OK.contains(from), "{from}");
        parse(OK.replace(from, to).as_bytes())
    }

    #[test]
    fn accepts_the_profile() {
        let h = parse(OK.as_bytes()).unwrap();
        assert_eq!((h.kid.as_str(), h.iat), ("k", 1_790_000_000));
        // Member order and extra members such as `typ` do not matter.
        assert!(parse(
            br#"{"typ":"JWE","jti":"AAAAAAAAAAAAAAAAAAAAAA","iat":5,"cty":"cardseal+json","kid":"k","enc":"A256GCM","alg":"RSA-OAEP-256"}"#
        )
        .is_ok());
    }

    #[test]
    fn refuses_outside_the_profile() {
        use OpenError::*;
        let cases = [
            (r#""RSA-OAEP-256""#, r#""RSA-OAEP""#, UnsupportedHeader),
            (r#""A256GCM""#, r#""A128GCM""#, UnsupportedHeader),
            (r#""cardseal+json""#, r#""json""#, UnsupportedHeader),
            (r#""kid":"k""#, r#""kid":"""#, UnsupportedHeader),
            (r#""kid":"k""#, r#""kid":7"#, UnsupportedHeader),
            ("1790000000", "1790000000.5", UnsupportedHeader),
            ("1790000000", "-1", UnsupportedHeader),
            ("1790000000", "1e9", UnsupportedHeader),
            ("1790000000", r#""1790000000""#, UnsupportedHeader),
            ("1790000000", "99999999999999999999", UnsupportedHeader),
            ("AAAAAAAAAAAAAAAAAAAAAA", "AAAA", UnsupportedHeader),
            (
                "AAAAAAAAAAAAAAAAAAAAAA",
                "AAAAAAAAAAAAAAAAAAAAA+",
                UnsupportedHeader,
            ),
            ("{", r#"{"crit":["exp"],"#, UnsupportedHeader),
            ("{", r#"{"zip":"DEF","#, UnsupportedHeader),
            ("{", r#"{"alg":"RSA-OAEP-256","#, Malformed),
            ("}", "", Malformed),
        ];
        for (from, to, want) in cases {
            assert_eq!(with(from, to), Err(want), "{from} -> {to}");
        }
        assert_eq!(parse(b"[]"), Err(Malformed));
        assert_eq!(parse(&[0xff, 0xfe]), Err(Malformed));
    }
}
