// The Toko Senja checkout's own words, in English and Indonesian, for both modes (app.js
// in-page, app-frame.js in frame mode). Every message about a field's value is the
// package's (in-page) or the card frame's (frame mode).
// Runs under `require-trusted-types-for 'script'`: text goes in with textContent only.

export const TEXT = {
  en: {
    title: "Checkout", cart: "Your order", shipping: "Shipping", total: "Total",
    contact: "Contact", name: "Full name, as on your card", email: "Email", phone: "Phone",
    "contact-sealed": "Sealed with your card: only the payment processor reads these, for the card's security check and your receipt.",
    "shipping-address": "Shipping address", line1: "Street address",
    line2: "Apartment, unit (optional)", city: "City", region: "Province",
    postal: "Postal code", country: "Country", payment: "Card", number: "Card number",
    expiry: "Expiry (MM/YY)", cvc: "Security code", pay: "Pay",
    "test-cards": "Demo: any valid test card is approved, e.g. 4242 4242 4242 4242; 4000 0000 0000 0002 is declined.",
    "load-error": "Card payment could not start. Reload the page; nothing was sent.",
    "privacy-title": "Your privacy",
    privacy: "Your card (number, expiry and security code) and your contact details (name, email and phone) are encrypted in this browser with our payment processor's public key before anything is sent. Toko Senja's server only passes them on, sealed, and never sees them; the payment processor uses them for the card's security check and to send your receipt. Your shipping address is not encrypted: it is sent to Toko Senja as an ordinary form, and we keep it to deliver your order, with the card brand and its last 4 digits for your receipt.",
  },
  id: {
    title: "Pembayaran", cart: "Pesanan Anda", shipping: "Ongkos kirim", total: "Total",
    contact: "Kontak", name: "Nama lengkap, sesuai kartu", email: "Email", phone: "Telepon",
    "contact-sealed": "Disegel bersama kartu Anda: hanya pemroses pembayaran yang membacanya, untuk pemeriksaan keamanan kartu dan tanda terima Anda.",
    "shipping-address": "Alamat pengiriman", line1: "Alamat jalan",
    line2: "Apartemen, unit (opsional)", city: "Kota", region: "Provinsi",
    postal: "Kode pos", country: "Negara", payment: "Kartu", number: "Nomor kartu",
    expiry: "Masa berlaku (BB/TT)", cvc: "Kode keamanan", pay: "Bayar",
    "test-cards": "Demo: setiap kartu uji yang valid disetujui, mis. 4242 4242 4242 4242; 4000 0000 0000 0002 ditolak.",
    "load-error": "Pembayaran kartu tidak dapat dimulai. Muat ulang halaman; tidak ada yang terkirim.",
    "privacy-title": "Privasi Anda",
    privacy: "Kartu Anda (nomor, masa berlaku, dan kode keamanan) dan data kontak Anda (nama, email, dan telepon) dienkripsi di browser ini dengan kunci publik pemroses pembayaran kami sebelum apa pun dikirim. Server Toko Senja hanya meneruskannya dalam keadaan tersegel dan tidak pernah melihatnya; pemroses pembayaran memakainya untuk pemeriksaan keamanan kartu dan untuk mengirim tanda terima Anda. Alamat pengiriman Anda tidak dienkripsi: alamat dikirim ke Toko Senja sebagai formulir biasa, dan kami menyimpannya untuk mengantar pesanan, bersama merek kartu dan 4 digit terakhirnya untuk tanda terima.",
  },
};

/** Puts the page in `to` ("en" or "id"; anything else is "en"): its words, `<html lang>`,
 * the posted `lang` field and the language buttons. Gives the locale it set. */
export function setPageLanguage(to) {
  const locale = TEXT[to] ? to : "en";
  document.documentElement.lang = locale;
  document.getElementById("lang-field").value = locale;
  for (const el of document.querySelectorAll("[data-i18n]")) {
    el.textContent = TEXT[locale][el.dataset.i18n];
  }
  for (const b of document.querySelectorAll("[data-lang]")) {
    b.setAttribute("aria-pressed", String(b.dataset.lang === locale));
  }
  return locale;
}
