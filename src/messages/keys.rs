//! Codes of key import and sealing errors, field-reading errors and key warnings, with
//! their texts, read by developers and merchants.

codes! {
    /// A private key was pasted where the public key belongs.
    PRIVATE_KEY_PASTED: Error,
        "This is a PRIVATE key. Never put it in a web page. Treat it as leaked: ask its holder (your processor) for a new key pair, and paste only the PUBLIC key here.",
        "Ini kunci PRIVAT. Jangan pernah menaruhnya di halaman web. Anggap sudah bocor: minta pemegangnya (pemroses pembayaran Anda) membuat pasangan kunci baru, dan tempel hanya kunci PUBLIK di sini.";
    /// The RSA modulus is shorter than 2048 bits.
    WEAK_KEY: Error,
        "This RSA key is shorter than 2048 bits and is not safe. Ask your payment processor for a key of 2048 bits or more.",
        "Kunci RSA ini lebih pendek dari 2048 bit dan tidak aman. Mintalah kunci 2048 bit atau lebih kepada pemroses pembayaran Anda.";
    /// The RSA modulus is longer than cardseal accepts (8192 bits).
    KEY_TOO_LARGE: Error,
        "This RSA key is over 8192 bits, too long for cardseal. Use a 2048-, 3072- or 4096-bit key.",
        "Kunci RSA ini lebih dari 8192 bit, terlalu panjang untuk cardseal. Gunakan kunci 2048, 3072, atau 4096 bit.";
    /// The RSA public exponent is not 65537.
    UNSUPPORTED_EXPONENT: Error,
        "This RSA key's public exponent is not 65537: generate the key with 65537, every common tool's default.",
        "Eksponen publik kunci RSA ini bukan 65537: buat kunci dengan 65537, bawaan semua alat umum.";
    /// Not an RSA key (EC, Ed25519, …), or RSA restricted to signatures.
    UNSUPPORTED_KEY_TYPE: Error,
        "This is not an RSA encryption key (perhaps EC, Ed25519 or RSA-PSS). cardseal needs an RSA public key of 2048 bits or more.",
        "Ini bukan kunci enkripsi RSA (mungkin EC, Ed25519, atau RSA-PSS). cardseal memerlukan kunci publik RSA 2048 bit atau lebih.";
    /// The key is marked for another use or algorithm than RSA-OAEP-256 encryption.
    WRONG_KEY_USE: Error,
        "This key is marked for another use (such as signing) or algorithm. Use your processor's key for RSA-OAEP-256 encryption.",
        "Kunci ini ditandai untuk penggunaan (misalnya tanda tangan) atau algoritma lain. Gunakan kunci pemroses pembayaran untuk enkripsi RSA-OAEP-256.";
    /// Not a key in any supported form, or damaged.
    INVALID_KEY: Error,
        "This text is not a public key cardseal can read, or it is incomplete. Paste the whole key: a PEM block, a JWK or JWKS, a certificate, or base64 DER.",
        "Teks ini bukan kunci publik yang dapat dibaca cardseal, atau tidak lengkap. Tempel seluruh kunci: blok PEM, JWK atau JWKS, sertifikat, atau DER base64.";
    /// The key is not the one the page pinned: its thumbprint is not the `kid` option
    /// (raised by the JS entry).
    KEY_NOT_PINNED: Error,
        "Not the pinned key (another kid): serve your processor's key, or update the pin.",
        "Bukan kunci yang di-pin (kid lain): sajikan kunci pemroses Anda, atau perbarui pin.";
    /// One or more fields failed validation; nothing was sealed. Read by developers, in
    /// the browser and on servers (the form binding marks the fields itself).
    INVALID_FIELDS: Error,
        "Some payment details are not valid: see fields for each one's code.",
        "Beberapa data pembayaran tidak valid: lihat fields untuk kode masing-masing.";
    /// `attach()` was given something that is not a `<form>` (raised by the JS binding).
    INVALID_FORM: Error,
        "attach() takes a <form> element: pass the checkout form itself.",
        "attach() memerlukan elemen <form>: berikan formulir checkout itu sendiri.";
    /// A `data-cardseal` attribute whose value is not in the field table (raised by the
    /// JS binding, at `attach()`, with the attribute in the message).
    UNKNOWN_FORM_FIELD: Error,
        "A data-cardseal value in this form names no cardseal field: correct or remove it.",
        "Sebuah nilai data-cardseal di formulir ini bukan nama kolom cardseal: perbaiki atau hapus.";
    /// The package was used before its wasm was loaded (raised by the JS entry, which
    /// carries the English text too: it has no wasm to ask yet).
    NOT_READY: Error,
        "cardseal is not loaded yet: await CardSeal.create(key) or init() first.",
        "cardseal belum dimuat: panggil dulu await CardSeal.create(key) atau init().";
    /// A sealer used after `free()` (raised by the JS entry).
    FREED: Error,
        "This sealer was freed: create a new CardSeal.",
        "Sealer ini sudah di-free: buat CardSeal baru.";
    /// An argument missing or of the wrong type, e.g. a key that is undefined, empty, or
    /// neither text nor a JWK object (raised by the JS entry, with the argument in the
    /// message: `(key: undefined)`).
    INVALID_ARGUMENT: Error,
        "An argument is missing or of the wrong type: check what you pass (see index.d.ts).",
        "Sebuah argumen tidak ada atau bertipe salah: periksa yang Anda berikan (lihat index.d.ts).";
    /// `init()` could not load a `cardseal_bg.wasm` matching the sha384 built into the
    /// package (raised by the JS entry, which carries the English text too).
    INTEGRITY: Error,
        "cardseal_bg.wasm did not load, or is not this version's: serve it unmodified. See the console.",
        "cardseal_bg.wasm gagal dimuat atau bukan milik versi ini: sajikan tanpa diubah. Lihat konsol.";
    /// There was nothing to seal.
    NO_FIELDS: Error,
        "There is nothing to seal: give at least one field.",
        "Tidak ada yang dapat dienkripsi: isi setidaknya satu kolom.";
    /// The platform's random number generator failed.
    RNG_FAILED: Error,
        "The browser could not provide secure random numbers. Reload the page or use an up-to-date browser.",
        "Peramban tidak dapat menyediakan angka acak yang aman. Muat ulang halaman atau gunakan peramban terbaru.";
    /// A field name that is not in the field table (a typo such as `cardNumber`).
    UNKNOWN_FIELD: Field,
        "cardseal does not know this field name: use one of CardFields (index.d.ts).",
        "cardseal tidak mengenal nama kolom ini: pakai salah satu dari CardFields (index.d.ts).";
    /// A field value of the wrong type (a number for the card number, an object, …).
    INVALID_TYPE: Field,
        "This field must be given as text.",
        "Kolom ini harus diisi sebagai teks.";
    /// Warning: the certificate has expired.
    CERT_EXPIRED: Warning,
        "This key's certificate has expired. The key still works; ask your processor if it is still current.",
        "Sertifikat kunci ini sudah kedaluwarsa. Kunci masih dapat dipakai; tanyakan ke pemroses pembayaran apakah masih berlaku.";
    /// Warning: the certificate is not valid yet.
    CERT_NOT_YET_VALID: Warning,
        "This key's certificate is not valid yet. Check this device's date, or ask your processor for the current key.",
        "Sertifikat kunci ini belum berlaku. Periksa tanggal perangkat ini, atau minta kunci yang berlaku ke pemroses pembayaran.";
    /// Warning: a PEM with literal `\n` escapes (an environment variable's form), read
    /// as line breaks (by the JS entry).
    ESCAPED_NEWLINES: Warning,
        "This PEM had literal \\n escapes; they were read as line breaks.",
        "PEM ini berisi \\n literal; dibaca sebagai baris baru.";
    /// Warning: the retired Adyen `10001|…` key form.
    LEGACY_FORMAT: Warning,
        "This key is in the retired Adyen CSE form. It works, but ask your processor for it as a PEM or JWK.",
        "Kunci ini dalam format lama Adyen CSE. Kunci dapat dipakai, tetapi mintalah versi PEM atau JWK-nya ke pemroses pembayaran.";
    /// Warning: a JWK whose own `kid` is not its RFC 7638 thumbprint. The JWE carries the
    /// thumbprint; the JWK's `kid` is only reported.
    KID_NOT_THUMBPRINT: Warning,
        "This JWK's own kid is not its thumbprint and is ignored: JWEs carry the thumbprint. Pin that.",
        "kid bawaan JWK ini bukan thumbprint-nya dan diabaikan: JWE membawa thumbprint. Pin thumbprint itu.";
}
