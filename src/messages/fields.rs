//! Texts for field validation codes, read by shoppers while they type. Short, and they
//! say what to do.

use super::Row;

pub(crate) const ROWS: &[Row] = &[
    ("EMPTY", "This field is required.", "Kolom ini wajib diisi."),
    (
        "INVALID_CHARACTERS",
        "This field contains characters that are not allowed.",
        "Kolom ini berisi karakter yang tidak diperbolehkan.",
    ),
    (
        "TOO_SHORT",
        "This is too short. Please complete it.",
        "Isian ini terlalu pendek. Silakan lengkapi.",
    ),
    (
        "TOO_LONG",
        "This is too long. Please check it.",
        "Isian ini terlalu panjang. Silakan periksa kembali.",
    ),
    (
        "UNKNOWN_BRAND",
        "This card number is not from a card type we accept.",
        "Nomor kartu ini bukan dari jenis kartu yang kami terima.",
    ),
    (
        "LUHN_FAILED",
        "The card number is not valid. Please check it for typos.",
        "Nomor kartu tidak valid. Silakan periksa kembali.",
    ),
    (
        "INCOMPLETE",
        "Please enter the full expiry date (MM/YY).",
        "Silakan masukkan tanggal kedaluwarsa lengkap (BB/TT).",
    ),
    (
        "INVALID_FORMAT",
        "Enter the expiry date as MM/YY.",
        "Masukkan tanggal kedaluwarsa dengan format BB/TT.",
    ),
    (
        "MONTH_OUT_OF_RANGE",
        "The expiry month must be between 01 and 12.",
        "Bulan kedaluwarsa harus antara 01 dan 12.",
    ),
    (
        "EXPIRED",
        "This card has expired.",
        "Kartu ini sudah kedaluwarsa.",
    ),
    (
        "YEAR_OUT_OF_RANGE",
        "The expiry year is too far in the future. Please check it.",
        "Tahun kedaluwarsa terlalu jauh ke depan. Silakan periksa kembali.",
    ),
    (
        "INVALID_NAME",
        "Enter the name as it appears on the card.",
        "Masukkan nama seperti yang tertera pada kartu.",
    ),
    (
        "INVALID_EMAIL",
        "Enter a valid email address, such as name@example.com.",
        "Masukkan alamat email yang valid, misalnya nama@contoh.com.",
    ),
    (
        "MISSING_COUNTRY_CODE",
        "Start the phone number with + and the country code, such as +62.",
        "Awali nomor telepon dengan + dan kode negara, misalnya +62.",
    ),
    (
        "INVALID_COUNTRY_CODE",
        "The country code of this phone number is not valid.",
        "Kode negara pada nomor telepon ini tidak valid.",
    ),
    (
        "INVALID_COUNTRY",
        "Choose a valid country.",
        "Pilih negara yang valid.",
    ),
    (
        "INVALID_POSTAL_CODE",
        "The postal code is not valid for this country.",
        "Kode pos tidak valid untuk negara ini.",
    ),
];
