//! The markup a shop writes: which `data-cardseal` names exist, which autofill hints
//! and keyboards they get, and where each one's value goes in [`Fields`].

use crate::{Address, Fields};
use alloc::string::String;

/// Where a field's value goes in [`Fields`], and the name core validation reports it by.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Slot {
    Number,
    Expiry,
    ExpMonth,
    ExpYear,
    Cvc,
    Name,
    Email,
    Phone,
    /// An address member, by its index in [`crate::validate::address::MEMBERS`].
    Address(usize),
}

/// One `data-cardseal` name: its slot, `autocomplete` token and `inputmode`.
pub(crate) struct Kind {
    pub attr: &'static str,
    pub slot: Slot,
    pub autocomplete: &'static str,
    pub inputmode: Option<&'static str>,
}

/// Every field the binding knows, as data.
pub(crate) const KINDS: &[Kind] = &[
    Kind {
        attr: "number",
        slot: Slot::Number,
        autocomplete: "cc-number",
        inputmode: Some("numeric"),
    },
    Kind {
        attr: "expiry",
        slot: Slot::Expiry,
        autocomplete: "cc-exp",
        inputmode: Some("numeric"),
    },
    Kind {
        attr: "exp-month",
        slot: Slot::ExpMonth,
        autocomplete: "cc-exp-month",
        inputmode: Some("numeric"),
    },
    Kind {
        attr: "exp-year",
        slot: Slot::ExpYear,
        autocomplete: "cc-exp-year",
        inputmode: Some("numeric"),
    },
    Kind {
        attr: "cvc",
        slot: Slot::Cvc,
        autocomplete: "cc-csc",
        inputmode: Some("numeric"),
    },
    Kind {
        attr: "name",
        slot: Slot::Name,
        autocomplete: "cc-name",
        inputmode: None,
    },
    Kind {
        attr: "email",
        slot: Slot::Email,
        autocomplete: "email",
        inputmode: Some("email"),
    },
    Kind {
        attr: "phone",
        slot: Slot::Phone,
        autocomplete: "tel",
        inputmode: Some("tel"),
    },
    Kind {
        attr: "address-line1",
        slot: Slot::Address(0),
        autocomplete: "address-line1",
        inputmode: None,
    },
    Kind {
        attr: "address-line2",
        slot: Slot::Address(1),
        autocomplete: "address-line2",
        inputmode: None,
    },
    Kind {
        attr: "city",
        slot: Slot::Address(2),
        autocomplete: "address-level2",
        inputmode: None,
    },
    Kind {
        attr: "region",
        slot: Slot::Address(3),
        autocomplete: "address-level1",
        inputmode: None,
    },
    Kind {
        attr: "postal-code",
        slot: Slot::Address(4),
        autocomplete: "postal-code",
        inputmode: None,
    },
    Kind {
        attr: "country",
        slot: Slot::Address(5),
        autocomplete: "country",
        inputmode: None,
    },
];

/// The kind for a `data-cardseal` value.
pub(crate) fn kind(attr: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.attr == attr)
}

impl Slot {
    /// Whether core validation reports an error for this slot under `name`
    /// (`number`, `expiry`, `address.postal_code`, …).
    pub fn reported_as(self, name: &str) -> bool {
        match self {
            Slot::Number => name == "number",
            Slot::Expiry | Slot::ExpMonth | Slot::ExpYear => name == "expiry",
            Slot::Cvc => name == "cvc",
            Slot::Name => name == "name",
            Slot::Email => name == "email",
            Slot::Phone => name == "phone",
            Slot::Address(i) => name
                .strip_prefix("address.")
                .is_some_and(|m| crate::validate::address::MEMBERS.get(i) == Some(&m)),
        }
    }

    /// Moves `value` into its place in `f`.
    pub fn put(self, f: &mut Fields, value: String) {
        let member = match self {
            Slot::Number => &mut f.number,
            Slot::Expiry => &mut f.expiry,
            Slot::ExpMonth => &mut f.exp_month,
            Slot::ExpYear => &mut f.exp_year,
            Slot::Cvc => &mut f.cvc,
            Slot::Name => &mut f.name,
            Slot::Email => &mut f.email,
            Slot::Phone => &mut f.phone,
            Slot::Address(_) => {
                return self.put_address(f.address.get_or_insert_with(Address::default), value)
            }
        };
        *member = Some(value);
    }

    /// Moves `value` into its member of `a`; does nothing for a non-address slot.
    pub fn put_address(self, a: &mut Address, value: String) {
        let member = match self {
            Slot::Address(0) => &mut a.line1,
            Slot::Address(1) => &mut a.line2,
            Slot::Address(2) => &mut a.city,
            Slot::Address(3) => &mut a.region,
            Slot::Address(4) => &mut a.postal_code,
            Slot::Address(_) => &mut a.country,
            _ => return,
        };
        *member = Some(value);
    }
}
