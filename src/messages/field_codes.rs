//! Codes of field validation, with their texts, read by shoppers while they type. Short,
//! and they say what to do.

codes! {
    /// Nothing was entered (potentially valid: the shopper has not started yet).
    EMPTY: Field,
        "This field is required.",
        "Kolom ini wajib diisi.";
    /// A character that the field does not allow.
    INVALID_CHARACTERS: Field,
        "This field contains characters that are not allowed.",
        "Kolom ini berisi karakter yang tidak diperbolehkan.";
    /// Too few digits or characters so far.
    TOO_SHORT: Field,
        "This is too short. Please complete it.",
        "Isian ini terlalu pendek. Silakan lengkapi.";
    /// More digits or characters than the field can have.
    TOO_LONG: Field,
        "This is too long. Please check it.",
        "Isian ini terlalu panjang. Silakan periksa kembali.";
    /// A notice on a valid card number: it starts like no card brand of the table
    /// (`brand: "unknown"`). The number is complete and passes the Luhn check; whether
    /// the card is taken is the processor's to say.
    UNKNOWN_BRAND: Field,
        "We don't know this card type, but you can still pay.",
        "Jenis kartu ini tidak kami kenali, tetapi tetap bisa dipakai.";
    /// The card number fails the Luhn check: a typo.
    LUHN_FAILED: Field,
        "The card number is not valid. Please check it for typos.",
        "Nomor kartu tidak valid. Silakan periksa kembali.";
    /// The expiry date is not finished yet.
    INCOMPLETE: Field,
        "Please enter the full expiry date (MM/YY).",
        "Silakan masukkan tanggal kedaluwarsa lengkap (BB/TT).";
    /// The expiry date is not in a form such as `MM/YY`.
    INVALID_FORMAT: Field,
        "Enter the expiry date as MM/YY.",
        "Masukkan tanggal kedaluwarsa dengan format BB/TT.";
    /// The expiry month is not 1–12.
    MONTH_OUT_OF_RANGE: Field,
        "The expiry month must be between 01 and 12.",
        "Bulan kedaluwarsa harus antara 01 dan 12.";
    /// The card has expired.
    EXPIRED: Field,
        "This card has expired.",
        "Kartu ini sudah kedaluwarsa.";
    /// The expiry date is more than 20 years ahead.
    YEAR_OUT_OF_RANGE: Field,
        "The expiry year is too far in the future. Please check it.",
        "Tahun kedaluwarsa terlalu jauh ke depan. Silakan periksa kembali.";
    /// The name has no letters.
    INVALID_NAME: Field,
        "Enter the name as it appears on the card.",
        "Masukkan nama seperti yang tertera pada kartu.";
    /// Not an email address.
    INVALID_EMAIL: Field,
        "Enter a valid email address, such as name@example.com.",
        "Masukkan alamat email yang valid, misalnya nama@contoh.com.";
    /// A national phone number without a country to place it in.
    MISSING_COUNTRY_CODE: Field,
        "Start the phone number with + and the country code, such as +62.",
        "Awali nomor telepon dengan + dan kode negara, misalnya +62.";
    /// The phone number starts with no known country calling code.
    INVALID_COUNTRY_CODE: Field,
        "The country code of this phone number is not valid.",
        "Kode negara pada nomor telepon ini tidak valid.";
    /// Not an ISO 3166-1 alpha-2 country code.
    INVALID_COUNTRY: Field,
        "Choose a valid country.",
        "Pilih negara yang valid.";
    /// Not a postal code of the address's country.
    INVALID_POSTAL_CODE: Field,
        "The postal code is not valid for this country.",
        "Kode pos tidak valid untuk negara ini.";
}
