//! Messages: every code has its own text in both locales.

use cardseal::messages::{self, Locale};
use cardseal::validate;

#[test]
fn messages_complete_in_both_locales() {
    let generic_en = messages::message("NO-SUCH-CODE", Locale::En);
    let generic_id = messages::message("NO-SUCH-CODE", Locale::Id);
    for code in validate::codes() {
        let en = messages::message(code, Locale::En);
        let id = messages::message(code, Locale::Id);
        assert!(!en.is_empty() && !id.is_empty(), "{code}");
        assert_ne!(en, generic_en, "{code} has no English message");
        assert_ne!(id, generic_id, "{code} has no Indonesian message");
        assert_ne!(en, id, "{code}: Indonesian text is a copy of English");
    }
    // No two codes share a text, in either locale.
    let all: Vec<&str> = validate::codes().collect();
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            for l in [Locale::En, Locale::Id] {
                assert_ne!(
                    messages::message(a, l),
                    messages::message(b, l),
                    "{a} / {b}"
                );
            }
        }
    }
    assert_eq!(
        messages::message("LUHN_FAILED", Locale::Id),
        "Nomor kartu tidak valid. Silakan periksa kembali."
    );
}
