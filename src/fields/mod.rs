//! The one table of checkout fields (docs/DESIGN.md §3; the plaintext they make:
//! docs/FORMAT.md §4). Every field is written once, in the `table!` call below, and every
//! layer derives from it: [`Fields`] and [`Address`], their builders, the plaintext JSON
//! ([`Fields::write_json`]), the rules for reading untyped input ([`Fields::set`]:
//! unknown names, wrong types), the wasm layer and the JS form binding (through the
//! `fieldTable()` export), the CLI and `cardseal-open`.
//!
//! Each [`Rule`] has one home, rule.rs: its check, its normalisation for sealing and the
//! `validate.*` validator that checks it.
//!
//! Adding a field is adding a row here (and its messages, if it brings new codes).
//! Members of the address are named `address.<member>`; the dot is the nesting in JS
//! objects and in the plaintext.

mod json;
pub(crate) mod rule;

pub use json::{FromJsonError, JsonInput};
pub use rule::Context;

use alloc::{string::String, vec::Vec};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// How a field is written in the plaintext JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plain {
    /// A JSON string.
    Text,
    /// A JSON integer: the expiry month and year.
    Int,
    /// Not in the plaintext: `expiry` is read and sealed as `exp_month` and `exp_year`.
    Input,
}

/// One checkout field: a row of [`FIELDS`].
#[derive(Clone, Copy)]
pub struct Field {
    /// The name in `seal({…})`, in the CLI's input, in field errors and, for [`Plain`]
    /// fields, the JSON path in the plaintext: `number`, `exp_month`, `address.city`.
    pub name: &'static str,
    /// How it is written in the plaintext; a [`Plain::Int`] field takes a number as well
    /// as a string.
    pub plain: Plain,
    /// The form binding's `data-cardseal` attribute value.
    pub attr: &'static str,
    /// The HTML `autocomplete` token the binding sets when the shop left it out.
    pub autocomplete: &'static str,
    /// The `inputmode` the binding sets, `""` for none.
    pub inputmode: &'static str,
    /// How it is checked and normalised before sealing ([`Rule::check`],
    /// [`Rule::normalize`]).
    pub rule: Rule,
    group: &'static str,
    member: &'static str,
    get: fn(&Fields) -> Option<&String>,
    slot: fn(&mut Fields) -> &mut Option<String>,
}

impl core::fmt::Debug for Field {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name)
    }
}

impl Field {
    /// The top-level member it belongs to: `address` for `address.city`, else its name.
    pub fn group(&self) -> &'static str {
        self.group
    }

    /// Its name inside its group: `city` for `address.city`, else its name.
    pub fn member(&self) -> &'static str {
        self.member
    }
}

/// How a field is checked and normalised before sealing: one [`Rule::check`] and one
/// [`Rule::normalize`] per rule (src/fields/rule.rs), over [`crate::validate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// [`crate::validate::number`]; sealed as its digits.
    Number,
    /// [`crate::validate::expiry`] of `expiry`, or of the parts; sealed as the parts.
    Expiry,
    /// A part of the expiry, checked with it.
    ExpiryPart,
    /// [`crate::validate::cvc`] for the number's brand.
    Cvc,
    /// [`crate::validate::name`].
    Name,
    /// [`crate::validate::email`].
    Email,
    /// [`crate::validate::phone`]; sealed in E.164, a national number read in the
    /// address's country.
    Phone,
    /// A line of text, at most 100 characters, no control characters.
    Line {
        /// Whether it must be given (within its group).
        required: bool,
    },
    /// The address's postal code, in its country's national form.
    PostalCode,
    /// An ISO 3166-1 alpha-2 country code, sealed in upper case.
    Country,
}
/// An untyped input value, as JS or JSON gives it.
#[derive(Debug, PartialEq)]
pub enum Value {
    /// `undefined`, `null`: the field is not given.
    Absent,
    /// A string (the empty string included: it is given, and empty).
    Text(String),
    /// A number.
    Number(f64),
    /// Anything else: a boolean, an object, an array.
    Other,
}

pub use crate::messages::{INVALID_TYPE, UNKNOWN_FIELD};

macro_rules! table {
    (
        top {
            $( $f:ident { plain: $plain:ident, rule: $rule:expr, attr: $attr:literal,
                autocomplete: $ac:literal, inputmode: $im:literal, doc: $doc:literal } )*
        }
        address {
            $( $a:ident { plain: $aplain:ident, rule: $arule:expr, attr: $aattr:literal,
                autocomplete: $aac:literal, inputmode: $aim:literal, doc: $adoc:literal } )*
        }
    ) => {
        /// Checkout fields as typed. Every field is optional; give the ones the processor
        /// needs. Dropping a `Fields` zeroizes it; `Debug` names the fields given, never
        /// their values.
        #[derive(Default, Clone, Zeroize, ZeroizeOnDrop)]
        pub struct Fields {
            $( #[doc = $doc] pub $f: Option<String>, )*
            /// postal address
            pub address: Option<Address>,
            /// Set by [`Fields::set`] when it refused a name: fields read from input with
            /// an unknown name or a wrong type are never sealed (`INVALID_FIELDS`), and
            /// their other fields' errors are still reported with the refusal.
            #[zeroize(skip)]
            refused: bool,
        }

        /// A postal address.
        #[derive(Default, Clone, Zeroize, ZeroizeOnDrop)]
        pub struct Address {
            $( #[doc = $adoc] pub $a: Option<String>, )*
        }

        /// Every field, in plaintext order (docs/FORMAT.md §4). Every field is
        /// sensitive: the form binding empties each input once the form is sealed.
        pub const FIELDS: &[Field] = &[
            $( Field {
                name: stringify!($f), plain: Plain::$plain, attr: $attr,
                autocomplete: $ac, inputmode: $im, rule: $rule,
                group: stringify!($f), member: stringify!($f),
                get: |f| f.$f.as_ref(),
                slot: |f| &mut f.$f,
            }, )*
            $( Field {
                name: concat!("address.", stringify!($a)), plain: Plain::$aplain,
                attr: $aattr, autocomplete: $aac, inputmode: $aim,
                rule: $arule, group: "address", member: stringify!($a),
                get: |f| f.address.as_ref().and_then(|a| a.$a.as_ref()),
                slot: |f| &mut f.address.get_or_insert_with(Address::default).$a,
            }, )*
        ];

        impl Fields {
            $(
                #[doc = concat!("Sets `", stringify!($f), "`.")]
                #[must_use]
                pub fn $f(mut self, value: impl Into<String>) -> Self {
                    self.$f = Some(value.into());
                    self
                }
            )*
        }

        impl Address {
            /// The value of `member` (`city`, …), if given.
            pub fn get(&self, member: &str) -> Option<&str> {
                match member {
                    $( stringify!($a) => self.$a.as_deref(), )*
                    _ => None,
                }
            }

            $(
                #[doc = concat!("Sets `", stringify!($a), "`.")]
                #[must_use]
                pub fn $a(mut self, value: impl Into<String>) -> Self {
                    self.$a = Some(value.into());
                    self
                }
            )*
        }
    };
}

table! {
    top {
        number { plain: Text, rule: Rule::Number, attr: "number",
            autocomplete: "cc-number", inputmode: "numeric",
            doc: "card number; spaces and dashes are allowed" }
        expiry { plain: Input, rule: Rule::Expiry, attr: "expiry",
            autocomplete: "cc-exp", inputmode: "numeric",
            doc: "`MM/YY`, `MM / YYYY`, `MMYY`, …; or give `exp_month` and `exp_year`" }
        exp_month { plain: Int, rule: Rule::ExpiryPart, attr: "exp-month",
            autocomplete: "cc-exp-month", inputmode: "numeric", doc: "expiry month, 1–12" }
        exp_year { plain: Int, rule: Rule::ExpiryPart, attr: "exp-year",
            autocomplete: "cc-exp-year", inputmode: "numeric", doc: "expiry year, 2 or 4 digits" }
        cvc { plain: Text, rule: Rule::Cvc, attr: "cvc",
            autocomplete: "cc-csc", inputmode: "numeric", doc: "card security code" }
        name { plain: Text, rule: Rule::Name, attr: "name",
            autocomplete: "cc-name", inputmode: "", doc: "cardholder name" }
        email { plain: Text, rule: Rule::Email, attr: "email",
            autocomplete: "email", inputmode: "email", doc: "email address" }
        phone { plain: Text, rule: Rule::Phone, attr: "phone",
            autocomplete: "tel", inputmode: "tel", doc: "phone number" }
    }
    address {
        line1 { plain: Text, rule: Rule::Line { required: true }, attr: "address-line1",
            autocomplete: "address-line1", inputmode: "", doc: "street line 1" }
        line2 { plain: Text, rule: Rule::Line { required: false }, attr: "address-line2",
            autocomplete: "address-line2", inputmode: "", doc: "street line 2" }
        city { plain: Text, rule: Rule::Line { required: true }, attr: "city",
            autocomplete: "address-level2", inputmode: "", doc: "city" }
        region { plain: Text, rule: Rule::Line { required: false }, attr: "region",
            autocomplete: "address-level1", inputmode: "", doc: "region, state or province" }
        postal_code { plain: Text, rule: Rule::PostalCode, attr: "postal-code",
            autocomplete: "postal-code", inputmode: "", doc: "postal code" }
        country { plain: Text, rule: Rule::Country, attr: "country",
            autocomplete: "country", inputmode: "", doc: "ISO 3166-1 alpha-2 country code" }
    }
}

/// The row named `name`.
pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

/// Whether `name` is a group of fields, such as `address` (a nested object in JS, in
/// the CLI's input and in the plaintext).
pub fn is_group(name: &str) -> bool {
    FIELDS.iter().any(|f| f.group() == name && f.name != name)
}

/// The top-level plaintext members, in order, each once: `number`, `exp_month`, …,
/// `address`. Per-field sealing makes one JWE of each.
pub fn plaintext_members() -> impl Iterator<Item = &'static str> {
    FIELDS
        .iter()
        .enumerate()
        .filter(|(i, f)| {
            f.plain != Plain::Input && !FIELDS[..*i].iter().any(|p| p.group() == f.group())
        })
        .map(|(_, f)| f.group())
}

impl Fields {
    /// No fields; add them with the setters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `address`.
    #[must_use]
    pub fn address(mut self, value: Address) -> Self {
        self.address = Some(value);
        self
    }

    /// The value of the field named `name` (`address.city` for a member), if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        field(name).and_then(|f| (f.get)(self)).map(String::as_str)
    }

    /// Sets the field named `name` from an untyped value: the one place of the rules for
    /// input from JS and JSON. A string is taken as it is (`""` included); a number only
    /// for a field that takes one, as an integer 0–9999; `Absent` leaves the field
    /// unset. Errors: [`UNKNOWN_FIELD`] for a name not in [`FIELDS`] (a typo such as
    /// `cardNumber` is caught, not dropped), [`INVALID_TYPE`] for any other value, and
    /// for a group name (`address`), whose members are set one by one
    /// (`address.city`): a group given as a value is of the wrong type. A refusal is
    /// remembered ([`Fields::refused`]): such fields are never sealed.
    pub fn set(&mut self, name: &str, value: Value) -> Result<(), &'static str> {
        let r = self.set_value(name, value);
        self.refused |= r.is_err();
        r
    }

    /// Whether [`Fields::set`] refused a name: then sealing refuses these fields, with
    /// every other field's error (the reader adds the refused names).
    pub fn refused(&self) -> bool {
        self.refused
    }

    fn set_value(&mut self, name: &str, value: Value) -> Result<(), &'static str> {
        let Some(f) = field(name) else {
            return Err(match (is_group(name), value) {
                (true, Value::Absent) => return Ok(()),
                (true, _) => INVALID_TYPE,
                (false, _) => UNKNOWN_FIELD,
            });
        };
        let v = match value {
            Value::Absent => return Ok(()),
            Value::Text(s) => s,
            Value::Number(n)
                if f.plain == Plain::Int
                    && (0.0..=9999.0).contains(&n)
                    && n == (n as u64) as f64 =>
            {
                let mut digits = Vec::with_capacity(4);
                crate::json::write_u64(&mut digits, n as u64);
                digits.into_iter().map(char::from).collect()
            }
            Value::Number(_) | Value::Other => return Err(INVALID_TYPE),
        };
        *(f.slot)(self) = Some(v);
        Ok(())
    }

    /// The names of the top-level members given (`address` for any address member), in
    /// table order.
    pub fn present(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for f in FIELDS {
            let given = if f.group() == f.name {
                (f.get)(self).is_some()
            } else {
                self.address.is_some()
            };
            if given && !out.contains(&f.group()) {
                out.push(f.group());
            }
        }
        out
    }
}

impl Address {
    /// An empty address; add parts with the setters.
    pub fn new() -> Self {
        Self::default()
    }
}

/// Names the fields given, never their values.
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
mod tests;
