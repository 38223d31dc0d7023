//! Builder methods for [`Fields`]: `Fields` zeroizes on drop, which rules out
//! struct-update syntax (`..Fields::default()`), so these take its place.

use super::{Address, Fields};
use alloc::string::String;

macro_rules! setters {
    ($t:ty: $($name:ident),*) => {
        impl $t {
            $(
                #[doc = concat!("Sets `", stringify!($name), "`.")]
                #[must_use]
                pub fn $name(mut self, value: impl Into<String>) -> Self {
                    self.$name = Some(value.into());
                    self
                }
            )*
        }
    };
}

setters!(Fields: number, expiry, exp_month, exp_year, cvc, name, email, phone);
setters!(Address: line1, line2, city, region, postal_code, country);

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
}

impl Address {
    /// An empty address; add parts with the setters.
    pub fn new() -> Self {
        Self::default()
    }
}
