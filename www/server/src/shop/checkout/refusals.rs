//! The checkout's refusals: each one's status and page, in English and Indonesian, and
//! the answer that logs the reason (never the request) and shows the page.

use crate::html::{self, Lang};
use crate::shop::Shop;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// A refusal answer with its page.
pub(super) struct Refusal {
    status: StatusCode,
    title: (&'static str, &'static str),
    explain: (&'static str, &'static str),
}

pub(super) const CROSS_ORIGIN: Refusal = Refusal {
    status: StatusCode::FORBIDDEN,
    title: ("Order refused", "Pesanan ditolak"),
    explain: (
        "This order was not sent from Toko Senja's own checkout page, so it was refused: nothing was charged or stored. If you meant to order, open the checkout at Toko Senja and pay there.",
        "Pesanan ini tidak dikirim dari halaman pembayaran Toko Senja sendiri, jadi ditolak: tidak ada yang ditagih atau disimpan. Jika Anda memang ingin memesan, buka halaman pembayaran Toko Senja dan bayar di sana.",
    ),
};
pub(super) const NO_TOKEN: Refusal = Refusal {
    status: StatusCode::FORBIDDEN,
    title: ("Checkout page expired", "Halaman pembayaran kedaluwarsa"),
    explain: (
        "This order did not come with the checkout page this browser last opened (or cookies are off for Toko Senja), so it was refused: nothing was charged or stored. Reload the checkout and pay again, with cookies allowed for Toko Senja.",
        "Pesanan ini tidak datang dari halaman pembayaran yang terakhir dibuka di peramban ini (atau cookie dimatikan untuk Toko Senja), jadi ditolak: tidak ada yang ditagih atau disimpan. Muat ulang halaman pembayaran dan bayar lagi, dengan cookie diizinkan untuk Toko Senja.",
    ),
};
pub(super) const MISSING: Refusal = Refusal {
    status: StatusCode::BAD_REQUEST,
    title: ("Payment details missing", "Data pembayaran tidak ada"),
    explain: (
        "The order arrived without its sealed card details, so nothing was charged or stored. Go back and submit the form again with JavaScript enabled.",
        "Pesanan tiba tanpa data kartu yang tersegel, jadi tidak ada yang ditagih atau disimpan. Kembali dan kirim formulir lagi dengan JavaScript aktif.",
    ),
};
pub(super) const GARBLED: Refusal = Refusal {
    status: StatusCode::BAD_REQUEST,
    title: ("Payment details unreadable", "Data pembayaran tidak terbaca"),
    explain: (
        "The sealed card details were damaged on the way, so nothing was charged or stored. Go back and enter your card again.",
        "Data kartu yang tersegel rusak di perjalanan, jadi tidak ada yang ditagih atau disimpan. Kembali dan masukkan kartu Anda lagi.",
    ),
};
pub(super) const TOO_LARGE: Refusal = Refusal {
    status: StatusCode::PAYLOAD_TOO_LARGE,
    title: ("Order too large", "Pesanan terlalu besar"),
    explain: (
        "The form sent far more data than a checkout needs, so it was refused and nothing was stored.",
        "Formulir mengirim data jauh lebih banyak dari yang dibutuhkan, jadi ditolak dan tidak ada yang disimpan.",
    ),
};
pub(super) const WRONG_KEY: Refusal = Refusal {
    status: StatusCode::UNPROCESSABLE_ENTITY,
    title: ("Sealed for the wrong key", "Disegel untuk kunci yang salah"),
    explain: (
        "Your card details were sealed for a key that is not our payment processor's, so they were not sent anywhere, and nothing was charged or stored. Reload the checkout and try again; if this happens again, please tell us: the checkout page may have been tampered with.",
        "Data kartu Anda disegel untuk kunci yang bukan milik pemroses pembayaran kami, jadi tidak dikirim ke mana pun, dan tidak ada yang ditagih atau disimpan. Muat ulang halaman pembayaran dan coba lagi; jika terjadi lagi, beri tahu kami: halaman pembayaran mungkin telah diubah orang lain.",
    ),
};
pub(super) const REPLAYED: Refusal = Refusal {
    status: StatusCode::CONFLICT,
    title: ("Already submitted", "Sudah dikirim"),
    explain: (
        "These sealed card details were already used for an order, so they were refused and you were not charged again. Check your orders, or enter your card again for a new order.",
        "Data kartu tersegel ini sudah dipakai untuk sebuah pesanan, jadi ditolak dan Anda tidak ditagih lagi. Periksa pesanan Anda, atau masukkan kartu lagi untuk pesanan baru.",
    ),
};
pub(super) const EXPIRED: Refusal = Refusal {
    status: StatusCode::UNPROCESSABLE_ENTITY,
    title: ("Payment form expired", "Formulir pembayaran kedaluwarsa"),
    explain: (
        "The payment processor could not accept these sealed card details (they were too old or not meant for it). Nothing was charged or stored. Reload the checkout and try again.",
        "Pemroses pembayaran tidak dapat menerima data kartu tersegel ini (terlalu lama atau bukan untuknya). Tidak ada yang ditagih atau disimpan. Muat ulang halaman dan coba lagi.",
    ),
};
pub(super) const FAILED: Refusal = Refusal {
    status: StatusCode::SERVICE_UNAVAILABLE,
    title: ("Payment not completed", "Pembayaran belum selesai"),
    explain: (
        "The payment processor did not give a decision, so this order was not approved. It is kept as failed, and nothing is charged for it without the processor's confirmation. Please try again in a minute.",
        "Pemroses pembayaran tidak memberi keputusan, jadi pesanan ini tidak disetujui. Pesanan disimpan sebagai gagal, dan tidak ada yang ditagih tanpa konfirmasi pemroses. Silakan coba lagi sebentar lagi.",
    ),
};
pub(super) const BAD_FORM: Refusal = Refusal {
    status: StatusCode::BAD_REQUEST,
    title: ("Order form unreadable", "Formulir pesanan tidak terbaca"),
    explain: (
        "The order form could not be read (a value is missing or too long). Nothing was charged or stored. Go back and check the form.",
        "Formulir pesanan tidak dapat dibaca (ada nilai yang kosong atau terlalu panjang). Tidak ada yang ditagih atau disimpan. Kembali dan periksa formulir.",
    ),
};

pub(super) fn refuse(shop: &Shop, lang: Lang, r: &Refusal, why: &str) -> Response {
    eprintln!("shop: refused a checkout ({}): {why}", r.status.as_u16());
    let page = html::refusal(
        lang,
        &shop.style_sri,
        lang.t(r.title.0, r.title.1),
        lang.t(r.explain.0, r.explain.1),
    );
    (r.status, Html(page)).into_response()
}
