//! The one table of codes: every error, field and warning code is defined once, by the
//! `codes!` rows in `keys.rs` and `field_codes.rs`, with its English (`en`) and Indonesian
//! (`id`) text. The code constants, `Error::code()`, the lists by [`Kind`], the
//! completeness test and, through `codes()` in the wasm layer, the TypeScript union
//! `CardSealErrorCode` all come from those rows.

/// Defines code constants (`pub const EMPTY: &str = "EMPTY"`) and the `ROWS` of a part of
/// the table, from rows `CODE: Kind, "English", "Indonesian";`.
macro_rules! codes {
    ($( $(#[$doc:meta])* $code:ident: $kind:ident, $en:literal, $id:literal; )*) => {
        $( $(#[$doc])* pub const $code: &str = stringify!($code); )*

        /// This part of the table.
        pub(crate) const ROWS: &[super::Row] = &[
            $( super::Row { code: $code, kind: super::Kind::$kind, en: $en, id: $id }, )*
        ];
    };
}

pub mod field_codes;
pub mod keys;

pub use field_codes::*;
pub use keys::*;

/// A message locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// English
    #[default]
    En,
    /// Bahasa Indonesia
    Id,
}

impl Locale {
    /// Parses a BCP 47 tag loosely: `id`, `id-ID`, `in` give Indonesian; anything else
    /// gives English.
    pub fn parse(tag: &str) -> Locale {
        let lang = tag.split(['-', '_']).next().unwrap_or("");
        if lang.eq_ignore_ascii_case("id") || lang.eq_ignore_ascii_case("in") {
            Locale::Id
        } else {
            Locale::En
        }
    }

    /// The locale's tag: `en` or `id`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Id => "id",
        }
    }
}

/// What a code is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A thrown error: key import, sealing, misuse (`CardSealError.code`).
    Error,
    /// A field's code: from a validator, or from reading the fields (in
    /// `CardSealError.fields`).
    Field,
    /// A key warning (`keyInfo().warnings`).
    Warning,
}

/// One row of the table.
#[derive(Debug)]
pub(crate) struct Row {
    code: &'static str,
    kind: Kind,
    en: &'static str,
    id: &'static str,
}

fn rows() -> impl Iterator<Item = &'static Row> {
    keys::ROWS.iter().chain(field_codes::ROWS)
}

/// Every code that has a message.
pub fn codes() -> impl Iterator<Item = &'static str> {
    rows().map(|r| r.code)
}

/// The codes of one kind.
pub fn codes_of(kind: Kind) -> impl Iterator<Item = &'static str> {
    rows().filter(move |r| r.kind == kind).map(|r| r.code)
}

/// The text for `code` in `locale`. An unknown code gives a generic text rather than
/// failing, so a newer code never breaks an older page.
pub fn message(code: &str, locale: Locale) -> &'static str {
    let row = rows().find(|r| r.code == code);
    match (row, locale) {
        (Some(r), Locale::En) => r.en,
        (Some(r), Locale::Id) => r.id,
        (None, Locale::En) => "Something went wrong. Please check your details.",
        (None, Locale::Id) => "Terjadi kesalahan. Silakan periksa data Anda.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_both_texts() {
        for r in rows() {
            assert!(!r.en.is_empty() && !r.id.is_empty(), "{}", r.code);
            assert_ne!(
                r.en, r.id,
                "{}: Indonesian text is a copy of English",
                r.code
            );
        }
        for kind in [Kind::Error, Kind::Field, Kind::Warning] {
            assert!(codes_of(kind).count() > 1, "{kind:?}");
        }
    }

    #[test]
    fn every_error_has_a_code_in_the_table() {
        use crate::Error;
        let errors = [
            Error::PrivateKeyPasted,
            Error::WeakKey,
            Error::KeyTooLarge,
            Error::UnsupportedExponent,
            Error::UnsupportedKeyType,
            Error::WrongKeyUse,
            Error::InvalidKey,
            Error::InvalidFields(alloc::vec::Vec::new()),
            Error::NoFields,
            Error::RngFailed,
        ];
        for e in &errors {
            assert!(codes_of(Kind::Error).any(|c| c == e.code()), "{e:?}");
        }
    }

    #[test]
    fn no_duplicate_codes() {
        let all: alloc::vec::Vec<_> = codes().collect();
        for (i, c) in all.iter().enumerate() {
            assert!(!all[i + 1..].contains(c), "duplicate {c}");
        }
    }

    #[test]
    fn locale_parse() {
        assert_eq!(Locale::parse("id-ID"), Locale::Id);
        assert_eq!(Locale::parse("ID"), Locale::Id);
        assert_eq!(Locale::parse("en-GB"), Locale::En);
        assert_eq!(Locale::parse(""), Locale::En);
        assert_eq!(
            message("NOPE", Locale::Id),
            "Terjadi kesalahan. Silakan periksa data Anda."
        );
    }
}
