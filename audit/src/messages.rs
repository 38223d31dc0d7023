//! Every finding kind and status of the audit, defined once, with its English and
//! Indonesian text. `{0}` … are filled in from the finding.

/// (kind, English, Indonesian).
pub const FINDINGS: [(&str, &str, &str); 13] = [
    ("script_added", "a script not in the inventory ran: {0}", "skrip yang tidak ada di inventaris dijalankan: {0}"),
    ("script_removed", "a script in the inventory did not run: {0}", "skrip di inventaris tidak dijalankan: {0}"),
    ("script_changed", "a script changed: {0} (review it and snapshot again)", "skrip berubah: {0} (periksa lalu ambil snapshot lagi)"),
    ("header_changed", "the {0} header changed", "header {0} berubah"),
    ("csp_loosened", "the policy is looser: {0}", "kebijakan CSP melonggar: {0}"),
    ("csp_changed", "the policy changed: {0}", "kebijakan CSP berubah: {0}"),
    ("frame_added", "a frame not in the inventory: {0}", "frame yang tidak ada di inventaris: {0}"),
    ("frame_removed", "a frame in the inventory is gone: {0}", "frame di inventaris hilang: {0}"),
    ("card_input_outside_frame", "a card input ({0}) is outside the key holder's frame, in {1}", "input kartu ({0}) berada di luar frame pemegang kunci, di {1}"),
    ("card_input_named", "the card input ({0}) has a name, so a native submit would post it: remove the name", "input kartu ({0}) punya atribut name, sehingga submit biasa akan mengirimnya: hapus name-nya"),
    ("card_sent", "the typed test card was sent to {0}", "kartu uji yang diketik dikirim ke {0}"),
    ("cardseal_file_mismatch", "a cardseal file does not match the package's integrity.json: {0}", "berkas cardseal tidak cocok dengan integrity.json paket: {0}"),
    ("unknown_script_reported", "a browser reported a script hash not in the inventory: {0}", "browser melaporkan hash skrip yang tidak ada di inventaris: {0}"),
];

/// Status lines of the summary: (key, English, Indonesian).
pub const STATUS: [(&str, &str, &str); 4] = [
    (
        "clean",
        "clean: every script and header matches the inventory",
        "bersih: semua skrip dan header cocok dengan inventaris",
    ),
    (
        "changed",
        "{0} finding(s): review them, then fix the page or snapshot again",
        "{0} temuan: periksa, lalu perbaiki halaman atau ambil snapshot lagi",
    ),
    (
        "error",
        "could not check: {0}",
        "tidak dapat memeriksa: {0}",
    ),
    (
        "unreviewed",
        "{0} script(s) in the inventory lack owner, justification or approval",
        "{0} skrip di inventaris belum punya pemilik, alasan atau persetujuan",
    ),
];

/// A supported language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// English.
    En,
    /// Indonesian.
    Id,
}

fn fill(template: &str, args: &[&str]) -> String {
    let mut out = template.to_owned();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), a);
    }
    out
}

fn pick(table: &[(&str, &str, &str)], key: &str, lang: Lang, args: &[&str]) -> String {
    let (_, en, id) = table
        .iter()
        .find(|(k, _, _)| *k == key)
        .copied()
        .unwrap_or((key, key, key));
    fill(if lang == Lang::Id { id } else { en }, args)
}

/// The text of a finding.
pub fn finding(kind: &str, lang: Lang, args: &[&str]) -> String {
    pick(&FINDINGS, kind, lang, args)
}

/// A status line.
pub fn status(key: &str, lang: Lang, args: &[&str]) -> String {
    pick(&STATUS, key, lang, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_fills_the_same_places_in_both_languages() {
        for (k, en, id) in FINDINGS.iter().chain(STATUS.iter()) {
            for i in 0..3 {
                let p = format!("{{{i}}}");
                assert_eq!(en.contains(&p), id.contains(&p), "{k}");
            }
        }
    }
}
