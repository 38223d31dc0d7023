//! Field validation. Validators never fail: they return a [`Validation`] that says
//! whether the input is valid, could still become valid as the shopper types, and why
//! not.

pub mod brands;
