//! The checkout post as the shop reads it: the JWE, its cleartext summary, the language,
//! and the shipping address. The address is the `address` group of the core's field table
//! ([`cardseal::fields::FIELDS`]): the shop needs it to deliver, so the page posts it in
//! plain, each member under its `data-cardseal` attribute with `_` for `-`
//! (`address_line1`, `postal_code`, …), and the order stores it under its member names
//! (`line1`, `postal_code`, …). Every other row, the card and the contact (name, email,
//! phone), is sealed in the JWE for the processor alone: those inputs have no `name` and
//! never post, and a name of theirs in a post is not read.

use crate::html::Lang;
use cardseal::fields::{Field, FIELDS};
use serde::Deserialize;
use std::collections::HashMap;

/// The longest address value kept.
const MAX_TEXT: usize = 200;

/// The compact JWE of the card and the contact.
const JWE: &str = "cardseal";
/// The brand and last four digits the page read before sealing (a fallback summary).
const BRAND: &str = "cardseal_brand";
const LAST4: &str = "cardseal_last4";
/// The page's language, `en` or `id`.
const LANG: &str = "lang";
/// The CSRF token, the cookie's value (see `shop::doors`).
const CSRF: &str = crate::shop::doors::CSRF_FIELD;

/// The table's group the page posts in plain: the shipping address.
const SHIPPING: &str = "address";

/// The fields the shop keeps: the rows of the shipping address, in table order.
fn address_rows() -> impl Iterator<Item = &'static Field> {
    FIELDS.iter().filter(|f| f.group() == SHIPPING)
}

/// An address row's name in the post: its `data-cardseal` attribute with `_` for `-`.
fn form_name(row: &Field) -> String {
    row.attr.replace('-', "_")
}

/// Whether the shop reads the posted name `name`; every other name is ignored.
fn is_read(name: &str) -> bool {
    [JWE, BRAND, LAST4, LANG, CSRF].contains(&name) || address_rows().any(|r| form_name(r) == name)
}

/// A checkout post: the values of the names the shop reads, each posted at most once.
pub(super) struct CheckoutForm {
    values: HashMap<String, String>,
}

impl CheckoutForm {
    /// Reads an `application/x-www-form-urlencoded` body. Names the shop does not read
    /// are ignored; one it reads, posted twice, makes the form unreadable.
    pub(super) fn parse(body: &[u8]) -> Option<Self> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
        let mut values = HashMap::new();
        for (name, value) in pairs {
            if is_read(&name) && values.insert(name, value).is_some() {
                return None;
            }
        }
        Some(CheckoutForm { values })
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// The page's language.
    pub(super) fn lang(&self) -> Lang {
        Lang::from_code(self.get(LANG))
    }

    /// The CSRF token posted with the form.
    pub(super) fn csrf_token(&self) -> Option<&str> {
        self.get(CSRF)
    }

    /// The sealed card, when posted and not empty.
    pub(super) fn jwe(&self) -> Option<&str> {
        self.get(JWE).filter(|j| !j.is_empty())
    }

    /// The brand the page posted.
    pub(super) fn brand(&self) -> Option<&str> {
        self.get(BRAND)
    }

    /// The last four digits the page posted.
    pub(super) fn last4(&self) -> Option<&str> {
        self.get(LAST4)
    }

    /// The shipping address as the order stores it: a JSON object of the non-empty
    /// values by member name, in table order; `None` when one is too long.
    pub(super) fn shipping_address(&self) -> Option<String> {
        let texts: Vec<(&str, Option<&str>)> = address_rows()
            .map(|r| (r.member(), self.get(&form_name(r))))
            .collect();
        if texts
            .iter()
            .any(|(_, v)| v.is_some_and(|v| v.chars().count() > MAX_TEXT))
        {
            return None;
        }
        let address: serde_json::Map<String, serde_json::Value> = texts
            .into_iter()
            .filter_map(|(k, v)| {
                v.filter(|v| !v.is_empty())
                    .map(|v| (k.to_owned(), serde_json::Value::from(v)))
            })
            .collect();
        Some(serde_json::Value::Object(address).to_string())
    }
}

/// The members of the JWE's protected header the shop stores.
#[derive(Deserialize)]
pub(super) struct JweHeader {
    pub kid: String,
    pub jti: String,
}

/// Reads `kid` and `jti` from a compact JWE's header, refusing anything not shaped like
/// one. The shop cannot (and need not) check more: only the processor can open it.
pub(super) fn jwe_header(jwe: &str) -> Option<JweHeader> {
    let parts: Vec<&str> = jwe.split('.').collect();
    let b64url = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if parts.len() != 5 || parts.iter().any(|p| p.is_empty() || !b64url(p)) {
        return None;
    }
    let bytes = cardseal::b64::decode_url_strict(parts[0].as_bytes())?;
    let h: JweHeader = serde_json::from_slice(&bytes).ok()?;
    let kid_ok =
        !h.kid.is_empty() && h.kid.len() <= 128 && h.kid.bytes().all(|b| b.is_ascii_graphic());
    (kid_ok && h.jti.len() == 22 && b64url(&h.jti)).then_some(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwe_header_reads_kid_and_jti_and_refuses_garble() {
        let h = cardseal::b64::encode_url(br#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"k1","cty":"cardseal+json","iat":1,"jti":"AAAAAAAAAAAAAAAAAAAAAA"}"#);
        let jwe = format!("{h}.a.b.c.d");
        let got = jwe_header(&jwe).unwrap();
        assert_eq!(
            (got.kid.as_str(), got.jti.as_str()),
            ("k1", "AAAAAAAAAAAAAAAAAAAAAA")
        );
        for bad in [
            "",
            "a.b.c.d",
            &format!("{h}.a.b.c"),
            &format!("{h}..b.c.d"),
            &format!("{h}.a.b.c.d="),
        ] {
            assert!(jwe_header(bad).is_none(), "{bad}");
        }
        let short = cardseal::b64::encode_url(br#"{"kid":"k","jti":"short"}"#);
        assert!(jwe_header(&format!("{short}.a.b.c.d")).is_none());
    }

    #[test]
    fn the_shop_reads_the_address_rows_of_the_table_and_no_other() {
        // www/index.html posts these names; the order stores these members.
        let rows: Vec<(String, &str)> =
            address_rows().map(|r| (form_name(r), r.member())).collect();
        assert_eq!(
            rows,
            [
                ("address_line1", "line1"),
                ("address_line2", "line2"),
                ("city", "city"),
                ("region", "region"),
                ("postal_code", "postal_code"),
                ("country", "country"),
            ]
            .map(|(f, m)| (f.to_owned(), m))
        );
        // The card and the contact are sealed: not one of their names is read from a post.
        for row in FIELDS.iter().filter(|f| f.group() != SHIPPING) {
            for name in [row.attr, row.name, &form_name(row)] {
                assert!(!is_read(name), "{name}");
            }
        }
    }

    #[test]
    fn the_form_reads_its_names_once_and_keeps_the_address_as_json() {
        let form = CheckoutForm::parse(
            b"cardseal=a.b.c.d.e&lang=id&address_line1=Jl.+Merdeka+10&address_line2=\
              &postal_code=10110&country=ID&cardseal_brand=visa&cardseal_last4=1111&other=x&other=y",
        )
        .unwrap();
        assert_eq!(form.jwe(), Some("a.b.c.d.e"));
        assert!(form.lang() == Lang::Id);
        assert_eq!((form.brand(), form.last4()), (Some("visa"), Some("1111")));
        assert_eq!(
            form.shipping_address().unwrap(),
            r#"{"country":"ID","line1":"Jl. Merdeka 10","postal_code":"10110"}"#
        );
        // Nothing posted: no JWE, English, an empty address.
        let empty = CheckoutForm::parse(b"").unwrap();
        assert_eq!(
            (empty.jwe(), empty.shipping_address().unwrap()),
            (None, "{}".into())
        );
        assert!(empty.lang() == Lang::En);
        assert_eq!(CheckoutForm::parse(b"cardseal=").unwrap().jwe(), None);
        // A name the shop reads, posted twice: unreadable.
        assert!(CheckoutForm::parse(b"city=a&city=b").is_none());
        assert!(CheckoutForm::parse(b"cardseal=a&cardseal=b").is_none());
        // A value over the limit (in characters, not bytes).
        let long = |n: usize| CheckoutForm::parse(format!("region={}", "é".repeat(n)).as_bytes());
        assert!(long(200).unwrap().shipping_address().is_some());
        assert!(long(201).unwrap().shipping_address().is_none());
    }

    #[test]
    fn a_contact_posted_in_plain_is_neither_read_nor_kept() {
        // A page whose binding failed, or a hand-made post: the contact and the card are
        // not the shop's to keep, whatever names they come under (twice included).
        let form = CheckoutForm::parse(
            b"cardseal=a.b.c.d.e&name=Budi&email=budi%40example.com&email=x&phone=%2B6281255550100\
              &number=4242424242424242&cvc=123&city=Bandung",
        )
        .unwrap();
        assert_eq!(form.shipping_address().unwrap(), r#"{"city":"Bandung"}"#);
    }
}
