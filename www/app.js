// The Toko Senja checkout page. It uses only cardseal's public npm API: load the wasm,
// make a sealer with the processor's public key, and `attach` it to the form, which
// validates as the shopper types and, on submit, posts only the sealed card data.
// The contact and shipping fields are the shop's own (it needs them to deliver), so they
// are ordinary named inputs, checked here; only the card fields are sealed.
// Runs under `require-trusted-types-for 'script'`: text goes in with textContent only.
import init, { CardSeal, brands } from "/pkg/index.js";

const TEXT = {
  en: {
    title: "Checkout", cart: "Your order", shipping: "Shipping", total: "Total",
    contact: "Contact", name: "Full name", "cc-name": "Name on card",
    required: "Please fill in this field.", "bad-email": "Enter an email address like name@example.com.",
    "bad-phone": "Enter a phone number with its country code, like +62 812 3456 7890.", email: "Email", phone: "Phone",
    "shipping-address": "Shipping address", line1: "Street address",
    line2: "Apartment, unit (optional)", city: "City", region: "Province",
    postal: "Postal code", country: "Country", payment: "Card", number: "Card number",
    expiry: "Expiry (MM/YY)", cvc: "Security code", pay: "Pay",
    "test-cards": "Demo: any valid test card is approved, e.g. 4242 4242 4242 4242; 4000 0000 0000 0002 is declined.",
    "load-error": "Card payment could not start. Reload the page; nothing was sent.",
    "privacy-title": "Your privacy",
    privacy: "Your card number, expiry and security code are encrypted in this browser with our payment processor's public key before anything is sent. Toko Senja's server only passes the sealed data on and never sees your card. We keep your name, email, phone and shipping address to deliver your order, plus the card brand and its last 4 digits for your receipt. Only the payment processor can read the card details.",
  },
  id: {
    title: "Pembayaran", cart: "Pesanan Anda", shipping: "Ongkos kirim", total: "Total",
    contact: "Kontak", name: "Nama lengkap", "cc-name": "Nama pada kartu",
    required: "Silakan isi kolom ini.", "bad-email": "Masukkan alamat email seperti nama@contoh.com.",
    "bad-phone": "Masukkan nomor telepon dengan kode negara, seperti +62 812 3456 7890.", email: "Email", phone: "Telepon",
    "shipping-address": "Alamat pengiriman", line1: "Alamat jalan",
    line2: "Apartemen, unit (opsional)", city: "Kota", region: "Provinsi",
    postal: "Kode pos", country: "Negara", payment: "Kartu", number: "Nomor kartu",
    expiry: "Masa berlaku (BB/TT)", cvc: "Kode keamanan", pay: "Bayar",
    "test-cards": "Demo: setiap kartu uji yang valid disetujui, mis. 4242 4242 4242 4242; 4000 0000 0000 0002 ditolak.",
    "load-error": "Pembayaran kartu tidak dapat dimulai. Muat ulang halaman; tidak ada yang terkirim.",
    "privacy-title": "Privasi Anda",
    privacy: "Nomor kartu, masa berlaku, dan kode keamanan Anda dienkripsi di browser ini dengan kunci publik pemroses pembayaran kami sebelum apa pun dikirim. Server Toko Senja hanya meneruskan data tersegel dan tidak pernah melihat kartu Anda. Kami menyimpan nama, email, telepon, dan alamat pengiriman Anda untuk mengantar pesanan, serta merek kartu dan 4 digit terakhirnya untuk tanda terima. Hanya pemroses pembayaran yang dapat membaca data kartu.",
  },
};

const form = document.getElementById("checkout");
const pay = document.getElementById("pay");
const brand = document.getElementById("brand");
const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;

let locale = "en";
let sealer = null;
let binding = null;

/** (Re)binds the form with a sealer in `locale`, so messages follow the switch. */
function bind(locale) {
  binding?.detach();
  sealer?.free();
  sealer = new CardSeal(meta("cardseal-public-key"), { locale });
  binding = sealer.attach(form, { hiddenInputName: "cardseal" });
}

function setLanguage(to) {
  locale = to;
  document.documentElement.lang = locale;
  document.getElementById("lang-field").value = locale;
  for (const el of document.querySelectorAll("[data-i18n]")) {
    el.textContent = TEXT[locale][el.dataset.i18n];
  }
  for (const b of document.querySelectorAll("[data-lang]")) {
    b.setAttribute("aria-pressed", String(b.dataset.lang === locale));
  }
  if (form.querySelector("[name][aria-invalid]")) checkContact();
  if (sealer) bind(locale);
}

/** The shop's own fields: a message under each problem, or null when all are fine. */
function checkContact() {
  let first = null;
  for (const el of form.querySelectorAll("input[name]:not([type=hidden]), select[name]")) {
    const v = el.value.trim();
    let problem = null;
    if (el.required && !v) problem = "required";
    else if (el.type === "email" && v && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) problem = "bad-email";
    else if (el.type === "tel" && v && !/^\+?[0-9 ()-]{7,20}$/.test(v)) problem = "bad-phone";
    const msg = document.getElementById(el.getAttribute("aria-describedby"));
    msg.textContent = problem ? TEXT[locale][problem] : "";
    if (problem) el.setAttribute("aria-invalid", "true");
    else el.removeAttribute("aria-invalid");
    first ??= problem ? el : null;
  }
  return first;
}

// Before the binding's own submit handler (capture runs first): a form whose shop fields
// are wrong is neither sealed nor sent.
form.addEventListener("submit", (e) => {
  const bad = checkContact();
  if (bad) {
    e.preventDefault();
    e.stopImmediatePropagation();
    bad.focus();
  }
}, true);
form.addEventListener("focusout", (e) => {
  if (e.target.name && e.target.type !== "hidden" && e.target.hasAttribute("aria-invalid")) checkContact();
});

// The brand's name as shoppers know it, from cardseal's brand table; none for a number of
// no brand of the table ("unknown", which still pays).
form.addEventListener("cardseal:brand", (e) => {
  brand.textContent = brands().find((b) => b.id === e.detail.brand)?.name ?? "";
});
form.addEventListener("cardseal:sealed", () => {
  pay.disabled = true;
  pay.setAttribute("aria-busy", "true");
});
for (const b of document.querySelectorAll("[data-lang]")) {
  b.addEventListener("click", () => setLanguage(b.dataset.lang));
}

try {
  // The wasm is fetched with its SRI hash too, not only the script tags.
  await init({ module_or_path: fetch("/pkg/cardseal_bg.wasm", { integrity: meta("cardseal-wasm-integrity") }) });
  bind(document.documentElement.lang === "id" ? "id" : "en");
  pay.disabled = false;
} catch (e) {
  document.getElementById("load-error").hidden = false;
  throw e;
}
