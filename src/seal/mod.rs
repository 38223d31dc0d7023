//! Sealing: fields in, a compact JWE of profile "cardseal v1" out (docs/FORMAT.md).

mod content;
pub mod header;
mod normalize;

use crate::fields::{plaintext_members, Fields};
use crate::{key::PublicKey, Error};
use alloc::{string::String, vec::Vec};
use rand_core::CryptoRngCore;

/// What shop staff may see and store: never the full number, never the CVC.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// card brand id, e.g. `visa`, when known
    pub brand: Option<&'static str>,
    /// the last four digits of the card number
    pub last4: Option<String>,
    /// expiry month, 1–12
    pub exp_month: Option<u8>,
    /// expiry year, four digits
    pub exp_year: Option<u16>,
}

/// A whole-form seal: one JWE holding all given fields.
#[derive(Debug, Clone)]
pub struct Sealed {
    /// the compact JWE
    pub jwe: String,
    /// the key id in its header
    pub kid: String,
    /// the cleartext summary
    pub summary: Summary,
}

/// A per-field seal: one JWE per field, plaintext `{"<field>": value}`.
#[derive(Debug, Clone)]
pub struct SealedEach {
    /// `(field name, compact JWE)` in the field table's order
    /// ([`crate::fields::plaintext_members`])
    pub jwes: Vec<(&'static str, String)>,
    /// the key id in their headers
    pub kid: String,
    /// the cleartext summary
    pub summary: Summary,
}

/// Seals fields to one merchant key. Build it once per page: key parsing is the slow
/// part.
#[derive(Debug, Clone)]
pub struct Sealer {
    key: PublicKey,
    /// The calling code of the country a national phone number is read in when the
    /// address gives none (`62` for `ID`).
    default_code: Option<u16>,
}

impl Sealer {
    /// A sealer for `key`.
    pub fn new(key: PublicKey) -> Sealer {
        Sealer {
            key,
            default_code: None,
        }
    }

    /// Reads a national phone number (`0812-3456-7890`) in `country` (ISO 3166-1
    /// alpha-2, either case) when the fields give no address country: with `ID`, it is
    /// sealed as `+6281234567890`. The address's country, when given, still comes first.
    /// A value that is not a country code reads no national number.
    pub fn with_default_country(mut self, country: Option<&str>) -> Sealer {
        self.default_code = country.and_then(crate::validate::countries::calling_code);
        self
    }

    /// The calling code of [`Sealer::with_default_country`]'s country (`62` for `ID`), if
    /// it is one.
    pub fn default_calling_code(&self) -> Option<u16> {
        self.default_code
    }

    /// The key this sealer seals to.
    pub fn key(&self) -> &PublicKey {
        &self.key
    }

    /// The key id every JWE of this sealer carries.
    pub fn kid(&self) -> &str {
        self.key.kid()
    }

    /// Seals all given fields into one JWE. `now` is Unix seconds (the `iat`).
    pub fn seal(
        &self,
        fields: &Fields,
        rng: &mut impl CryptoRngCore,
        now: u64,
    ) -> Result<Sealed, Error> {
        let n =
            normalize::normalize(fields, self.default_code, now).map_err(Error::InvalidFields)?;
        if n.fields.present().is_empty() {
            return Err(Error::NoFields);
        }
        let mut plain = n.plaintext(None);
        let jwe = content::seal_one(&self.key, &mut plain, rng, now)?;
        Ok(Sealed {
            jwe,
            kid: self.key.kid().into(),
            summary: summary(&n),
        })
    }

    /// Seals each given field into its own JWE, each with a fresh key and IV.
    pub fn seal_each(
        &self,
        fields: &Fields,
        rng: &mut impl CryptoRngCore,
        now: u64,
    ) -> Result<SealedEach, Error> {
        let n =
            normalize::normalize(fields, self.default_code, now).map_err(Error::InvalidFields)?;
        let mut jwes = Vec::new();
        let present = n.fields.present();
        for m in plaintext_members().filter(|m| present.contains(m)) {
            let mut plain = n.plaintext(Some(m));
            jwes.push((m, content::seal_one(&self.key, &mut plain, rng, now)?));
        }
        if jwes.is_empty() {
            return Err(Error::NoFields);
        }
        Ok(SealedEach {
            jwes,
            kid: self.key.kid().into(),
            summary: summary(&n),
        })
    }
}

fn summary(n: &normalize::Normalized) -> Summary {
    let number = n.fields.number.as_deref();
    Summary {
        brand: number
            .and_then(crate::validate::brands::detect)
            .map(|b| b.id),
        last4: number.and_then(|d| d.get(d.len().saturating_sub(4)..).map(String::from)),
        exp_month: n.exp.map(|e| e.0),
        exp_year: n.exp.map(|e| e.1),
    }
}
