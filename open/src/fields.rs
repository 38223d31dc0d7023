//! The opened plaintext: the fields of DESIGN §2, typed as sealed. Dropping them
//! zeroizes them; `Debug` names only which fields are present.

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The fields of one opened JWE. Only those that were sealed are `Some`.
#[derive(Default, PartialEq, Eq, Deserialize, Serialize, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    /// card number, digits only
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// expiry month, 1–12
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exp_month: Option<u8>,
    /// expiry year, four digits
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exp_year: Option<u16>,
    /// card security code
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvc: Option<String>,
    /// cardholder name
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// email address
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// phone number (E.164)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// postal address
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
}

/// A postal address.
#[derive(Default, PartialEq, Eq, Deserialize, Serialize, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// street line 1
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line1: Option<String>,
    /// street line 2
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// city
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// region, state or province
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// postal code
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country code
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl Fields {
    /// The names of the fields present, in DESIGN §2 order.
    pub fn present(&self) -> Vec<&'static str> {
        [
            ("number", self.number.is_some()),
            ("exp_month", self.exp_month.is_some()),
            ("exp_year", self.exp_year.is_some()),
            ("cvc", self.cvc.is_some()),
            ("name", self.name.is_some()),
            ("email", self.email.is_some()),
            ("phone", self.phone.is_some()),
            ("address", self.address.is_some()),
        ]
        .into_iter()
        .filter_map(|(n, p)| p.then_some(n))
        .collect()
    }
}

/// Names the present fields, never their values.
impl core::fmt::Debug for Fields {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("Fields").field(&self.present()).finish()
    }
}

/// Redacted, like [`Fields`].
impl core::fmt::Debug for Address {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Address(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_types_and_names() {
        let f: Fields = serde_json::from_str(
            r#"{"number":"4111111111111111","exp_month":12,"exp_year":2034,"address":{"country":"ID"}}"#,
        )
        .unwrap();
        assert_eq!(f.exp_month, Some(12));
        assert_eq!(f.address.as_ref().unwrap().country.as_deref(), Some("ID"));
        assert_eq!(
            format!("{f:?}"),
            r#"Fields(["number", "exp_month", "exp_year", "address"])"#
        );
        for bad in [
            r#"{"exp_month":"12"}"#,
            r#"{"number":4111}"#,
            r#"{"extra":"x"}"#,
            r#"{"cvc":"1","cvc":"2"}"#,
            r#"{"address":{"planet":"Mars"}}"#,
            r#"{"exp_month":300}"#,
            r#"[]"#,
        ] {
            assert!(serde_json::from_str::<Fields>(bad).is_err(), "{bad}");
        }
    }
}
