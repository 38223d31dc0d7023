//! Error and validation codes mapped to short texts, in English (`en`) and Indonesian
//! (`id`). Every code has a text in both locales; a test checks it.

mod fields;
mod keys;

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

/// One row: code, English, Indonesian.
pub(crate) type Row = (&'static str, &'static str, &'static str);

fn tables() -> [&'static [Row]; 2] {
    [keys::ROWS, fields::ROWS]
}

/// Every code that has a message.
pub fn codes() -> impl Iterator<Item = &'static str> {
    tables().into_iter().flatten().map(|r| r.0)
}

/// The text for `code` in `locale`. An unknown code gives a generic text rather than
/// failing, so a newer code never breaks an older page.
pub fn message(code: &str, locale: Locale) -> &'static str {
    let row = tables().into_iter().flatten().find(|r| r.0 == code);
    match (row, locale) {
        (Some(r), Locale::En) => r.1,
        (Some(r), Locale::Id) => r.2,
        (None, Locale::En) => "Something went wrong. Please check your details.",
        (None, Locale::Id) => "Terjadi kesalahan. Silakan periksa data Anda.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_has_both_texts() {
        for code in crate::Error::CODES
            .iter()
            .chain(crate::Error::JS_FIELD_CODES)
            .chain(crate::key::WARNING_CODES)
        {
            let row = tables().into_iter().flatten().find(|r| r.0 == *code);
            let row = row.unwrap_or_else(|| panic!("no message for {code}"));
            assert!(!row.1.is_empty() && !row.2.is_empty(), "{code}");
            assert_ne!(row.1, row.2, "{code}: Indonesian text is a copy of English");
        }
    }

    #[test]
    fn every_validation_code_has_both_texts() {
        for code in crate::validate::CODES {
            let row = tables().into_iter().flatten().find(|r| r.0 == *code);
            let row = row.unwrap_or_else(|| panic!("no message for {code}"));
            assert!(!row.1.is_empty() && !row.2.is_empty(), "{code}");
            assert_ne!(row.1, row.2, "{code}: Indonesian text is a copy of English");
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
