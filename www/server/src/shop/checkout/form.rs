//! The checkout post as the shop reads it: the JWE, its cleartext summary, the language,
//! and the contact and shipping details. Those are the rows of the core's field table
//! ([`cardseal::fields::FIELDS`]) that are not card data, each posted under its
//! `data-cardseal` attribute with `_` for `-` (`address_line1`, `postal_code`, …) and
//! stored under its member name (`line1`, `postal_code`, …). The sensitive inputs have no
//! `name` and never post.

use crate::html::Lang;
use cardseal::fields::{Field, Rule, FIELDS};
use serde::Deserialize;
use std::collections::HashMap;

/// The longest contact or address value kept.
const MAX_TEXT: usize = 200;

/// The compact JWE of the card.
const JWE: &str = "cardseal";
/// The brand and last four digits the page read before sealing (a fallback summary).
const BRAND: &str = "cardseal_brand";
const LAST4: &str = "cardseal_last4";
/// The page's language, `en` or `id`.
const LANG: &str = "lang";

/// The contact fields the shop keeps: every row that is not card data, in table order.
fn contact_rows() -> impl Iterator<Item = &'static Field> {
    FIELDS.iter().filter(|f| {
        !matches!(
            f.rule,
            Rule::Number | Rule::Expiry | Rule::ExpiryPart | Rule::Cvc
        )
    })
}

/// A contact row's name in the post: its `data-cardseal` attribute with `_` for `-`.
fn form_name(row: &Field) -> String {
    row.attr.replace('-', "_")
}

/// Whether the shop reads the posted name `name`; every other name is ignored.
fn is_read(name: &str) -> bool {
    [JWE, BRAND, LAST4, LANG].contains(&name) || contact_rows().any(|r| form_name(r) == name)
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

    /// The contact and shipping details as the order stores them: a JSON object of the
    /// non-empty values by member name, in table order; `None` when one is too long.
    pub(super) fn contact(&self) -> Option<String> {
        let texts: Vec<(&str, Option<&str>)> = contact_rows()
            .map(|r| (r.member, self.get(&form_name(r))))
            .collect();
        if texts
            .iter()
            .any(|(_, v)| v.is_some_and(|v| v.chars().count() > MAX_TEXT))
        {
            return None;
        }
        let contact: serde_json::Map<String, serde_json::Value> = texts
            .into_iter()
            .filter_map(|(k, v)| {
                v.filter(|v| !v.is_empty())
                    .map(|v| (k.to_owned(), serde_json::Value::from(v)))
            })
            .collect();
        Some(serde_json::Value::Object(contact).to_string())
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
    fn the_contact_fields_are_the_table_rows_that_are_not_card_data() {
        // www/index.html posts these names; the order stores these members.
        let rows: Vec<(String, &str)> = contact_rows().map(|r| (form_name(r), r.member)).collect();
        assert_eq!(
            rows,
            [
                ("name", "name"),
                ("email", "email"),
                ("phone", "phone"),
                ("address_line1", "line1"),
                ("address_line2", "line2"),
                ("city", "city"),
                ("region", "region"),
                ("postal_code", "postal_code"),
                ("country", "country"),
            ]
            .map(|(f, m)| (f.to_owned(), m))
        );
    }

    #[test]
    fn the_form_reads_its_names_once_and_keeps_the_contact_as_json() {
        let form = CheckoutForm::parse(
            b"cardseal=a.b.c.d.e&lang=id&name=Budi&email=&address_line1=Jl.+Merdeka+10\
              &postal_code=10110&country=ID&cardseal_brand=visa&cardseal_last4=1111&other=x&other=y",
        )
        .unwrap();
        assert_eq!(form.jwe(), Some("a.b.c.d.e"));
        assert!(form.lang() == Lang::Id);
        assert_eq!((form.brand(), form.last4()), (Some("visa"), Some("1111")));
        assert_eq!(
            form.contact().unwrap(),
            r#"{"country":"ID","line1":"Jl. Merdeka 10","name":"Budi","postal_code":"10110"}"#
        );
        // Nothing posted: no JWE, English, an empty contact.
        let empty = CheckoutForm::parse(b"").unwrap();
        assert_eq!((empty.jwe(), empty.contact().unwrap()), (None, "{}".into()));
        assert!(empty.lang() == Lang::En);
        assert_eq!(CheckoutForm::parse(b"cardseal=").unwrap().jwe(), None);
        // A name the shop reads, posted twice: unreadable.
        assert!(CheckoutForm::parse(b"city=a&city=b").is_none());
        assert!(CheckoutForm::parse(b"cardseal=a&cardseal=b").is_none());
        // A value over the limit (in characters, not bytes).
        let long = |n: usize| CheckoutForm::parse(format!("region={}", "é".repeat(n)).as_bytes());
        assert!(long(200).unwrap().contact().is_some());
        assert!(long(201).unwrap().contact().is_none());
    }
}
