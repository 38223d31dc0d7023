// The key setup page: a merchant pastes their processor's public key and sees, at once
// and in this browser only, what cardseal makes of it (the package's keyInfo): the
// format, the size, the kid (the key's RFC 7638 thumbprint; a JWK's own kid is shown
// apart, as not pinning) and any warnings, or the refusal with the package's message;
// then the exact snippet for the checkout page: the README's page and checkout.js (the
// server puts the very files in, examples/html), filled in with this key, its kid and the
// package's hashes. There is no form and no request: the key
// goes nowhere (the CSP's connect-src is 'self', and this script never calls fetch after
// loading the wasm). A private key is emptied from the page as soon as it is recognised.
// Runs under `require-trusted-types-for 'script'`: text goes in with textContent only.
import init, { keyInfo, messages, CardSealError } from "/pkg/index.js";

// The page's own words. Every message about the key itself is the package's.
const TEXT = {
  en: {
    title: "Check your processor's key",
    intro: "Paste the public key your payment processor gave you: a PEM block, a certificate, a JWK or JWKS, base64 DER, or an Adyen 10001|… key. This page checks it in this browser, and tells you what to put into your checkout page.",
    local: "Nothing you paste here leaves this page: it is not sent to Toko Senja or to anyone else.",
    "key-label": "Public key",
    "key-hint": "Never paste a private key here, or anywhere on a web page.",
    "load-error": "The key check could not start. Reload the page.",
    format: "Format", bits: "Size", kid: "Key id (kid): its RFC 7638 thumbprint",
    "jwk-kid": "The JWK's own kid: ignored, it does not pin",
    warnings: "Warnings",
    "snippet-title": "Paste into your checkout page",
    "snippet-head": "In the page's head: the import map that pins the package by its hash, and the tags that load it, each with its hash. Serve the package's files under /cardseal/ and your module at /checkout.js, and allow the import map in your CSP by its sha256.",
    "snippet-html": "The form, with the key: its fields have no name, Pay starts disabled, and every field's message has its place.",
    "snippet-js": "checkout.js: it seals only with this key. A page served with any other key (a changed setting, an injected tag) does not seal.",
    "snippet-server": "On your server, accept only JWEs whose protected header has this kid, the key's thumbprint:",
    ok: "This key can be used.",
    "ok-warnings": "This key can be used. Read the warnings first.",
    refused: "This key cannot be used.",
    private: "This is a private key.",
    cleared: "It has been removed from this page, and it was not sent anywhere.",
    size: (n) => `${n} bits`,
    formats: {
      "spki-pem": "PEM public key (BEGIN PUBLIC KEY)",
      "pkcs1-pem": "PEM RSA public key (BEGIN RSA PUBLIC KEY)",
      "x509-pem": "X.509 certificate (PEM)",
      jwk: "JSON Web Key (JWK)",
      jwks: "JSON Web Key Set (JWKS)",
      "base64-der": "Public key, base64 DER",
      "adyen-cse": "Adyen CSE key (10001|…)",
    },
  },
  id: {
    title: "Periksa kunci pemroses pembayaran Anda",
    intro: "Tempel kunci publik yang diberikan pemroses pembayaran Anda: blok PEM, sertifikat, JWK atau JWKS, DER base64, atau kunci Adyen 10001|…. Halaman ini memeriksanya di browser ini, dan memberi tahu apa yang perlu dipasang di halaman checkout Anda.",
    local: "Apa pun yang Anda tempel di sini tidak keluar dari halaman ini: tidak dikirim ke Toko Senja atau ke siapa pun.",
    "key-label": "Kunci publik",
    "key-hint": "Jangan pernah menempel kunci privat di sini, atau di halaman web mana pun.",
    "load-error": "Pemeriksaan kunci tidak dapat dimulai. Muat ulang halaman.",
    format: "Format", bits: "Ukuran", kid: "ID kunci (kid): thumbprint RFC 7638-nya",
    "jwk-kid": "kid bawaan JWK: diabaikan, tidak dipakai untuk pin",
    warnings: "Peringatan",
    "snippet-title": "Tempel ke halaman checkout Anda",
    "snippet-head": "Di bagian head halaman: import map yang mengunci paket dengan hash-nya, dan tag yang memuatnya, masing-masing dengan hash-nya. Sajikan berkas paket di /cardseal/ dan modul Anda di /checkout.js, dan izinkan import map di CSP Anda dengan sha256-nya.",
    "snippet-html": "Formulir, dengan kuncinya: kolomnya tanpa name, tombol Bayar mulai dalam keadaan nonaktif, dan setiap pesan kolom sudah punya tempat.",
    "snippet-js": "checkout.js: hanya menyegel dengan kunci ini. Halaman yang memuat kunci lain (pengaturan yang berubah, tag yang disisipkan) tidak menyegel.",
    "snippet-server": "Di server Anda, terima hanya JWE yang header terlindungnya memuat kid ini, thumbprint kunci:",
    ok: "Kunci ini dapat dipakai.",
    "ok-warnings": "Kunci ini dapat dipakai. Baca dulu peringatannya.",
    refused: "Kunci ini tidak dapat dipakai.",
    private: "Ini kunci privat.",
    cleared: "Kunci sudah dihapus dari halaman ini, dan tidak dikirim ke mana pun.",
    size: (n) => `${n} bit`,
    formats: {
      "spki-pem": "Kunci publik PEM (BEGIN PUBLIC KEY)",
      "pkcs1-pem": "Kunci publik RSA PEM (BEGIN RSA PUBLIC KEY)",
      "x509-pem": "Sertifikat X.509 (PEM)",
      jwk: "JSON Web Key (JWK)",
      jwks: "JSON Web Key Set (JWKS)",
      "base64-der": "Kunci publik, DER base64",
      "adyen-cse": "Kunci Adyen CSE (10001|…)",
    },
  },
};

const $ = (id) => document.getElementById(id);
const keyInput = $("key");
const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;

let locale = "en";
// What the last check found: { info, key } for a usable key (the public key, trimmed,
// kept for the snippet), { code, cleared } for a refusal, null for an empty field.
let found = null;

/** Reads the field with the package: never throws for a bad key, only shows it. */
function check() {
  const text = keyInput.value;
  if (!text.trim()) {
    found = null;
  } else {
    try {
      found = { info: keyInfo(text), key: text.trim() };
    } catch (e) {
      if (!(e instanceof CardSealError)) throw e;
      // A private key does not stay on the page, not even in the field.
      const cleared = e.code === "PRIVATE_KEY_PASTED";
      if (cleared) keyInput.value = "";
      found = { code: e.code, cleared };
    }
  }
  show();
}

/** Shows what was found, in the page's language. */
function show() {
  const info = found?.info;
  const warnings = info?.warnings ?? [];
  $("result").hidden = !found;
  $("result").classList.toggle("loud", Boolean(found?.cleared));
  $("result").classList.toggle("refused", Boolean(found?.code));
  $("facts").hidden = !info;
  $("snippet").hidden = !info;
  $("refusal").hidden = !found?.code;
  $("warnings-box").hidden = warnings.length === 0;
  // The snippet is filled in after its hashes (snippet()): never the last key's meanwhile.
  for (const id of ["snippet-head", "snippet-html", "snippet-js"]) $(id).textContent = "";
  if (!found) return;
  const t = TEXT[locale];
  const text = messages(locale);
  $("warnings").replaceChildren(...warnings.map((code) => {
    const li = document.createElement("li");
    li.textContent = text[code] ?? code;
    return li;
  }));
  if (found.code) {
    $("verdict").textContent = found.cleared ? t.private : t.refused;
    $("refusal").textContent = found.cleared ? `${text[found.code]} ${t.cleared}` : text[found.code];
    for (const id of ["format", "bits", "kid", "jwk-kid", "snippet-kid"]) {
      $(id).textContent = "";
    }
    return;
  }
  $("verdict").textContent = warnings.length ? t["ok-warnings"] : t.ok;
  $("format").textContent = t.formats[info.format] ?? info.format;
  $("bits").textContent = t.size(info.bits);
  $("kid").textContent = info.kid;
  // A JWK's own kid that is not the thumbprint: shown, so the merchant sees it is not
  // the one to pin (the warning KID_NOT_THUMBPRINT says so too).
  const own = info.jwkKid !== null && info.jwkKid !== info.kid;
  $("jwk-kid-label").hidden = $("jwk-kid").hidden = !own;
  $("jwk-kid").textContent = own ? info.jwkKid : "";
  $("snippet-kid").textContent = info.kid;
  snippet(found);
}

/** Text for a double-quoted HTML attribute (line breaks stay: a PEM keeps its lines). */
const attr = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The `alg` SRI or CSP source of `text`: `sha384-…`, `sha256-…`. */
async function hash(alg, text) {
  const digest = await crypto.subtle.digest(alg.replace("sha", "SHA-"), new TextEncoder().encode(text));
  return `${alg}-${btoa(String.fromCharCode(...new Uint8Array(digest)))}`;
}

/**
 * The snippet for `found`: the README's page (its head tags and its form) and checkout.js,
 * from the templates the server put in, with the key (as pasted, a JWK or JWKS on one
 * line, a PEM with its line breaks), its kid (the thumbprint the package computed, never
 * a JWK's own kid), the package's hashes, and checkout.js's own. Computed after the
 * hashes, unless the field changed meanwhile.
 */
async function snippet(shown) {
  let key = shown.key;
  if (shown.info.format === "jwk" || shown.info.format === "jwks") {
    try {
      key = JSON.stringify(JSON.parse(key));
    } catch {
      // As pasted, then.
    }
  }
  const page = meta("cardseal-snippet-page");
  const js = meta("cardseal-snippet-js").replace("{{kid}}", () => JSON.stringify(shown.info.kid).slice(1, -1));
  const importmap = JSON.stringify({
    imports: { cardseal: "/cardseal/index.js" },
    integrity: { "/cardseal/index.js": meta("cardseal-js-integrity") },
  });
  const head = /<script type="importmap">[^]*?<script type="module"[^>]*><\/script>/.exec(page)[0]
    .replace("{{importmap}}", importmap)
    .replace("{{sri:index.js}}", meta("cardseal-js-integrity"))
    .replace("{{sri:cardseal_bg.wasm}}", meta("cardseal-wasm-integrity"))
    .replace("{{sri:checkout.js}}", await hash("sha384", js));
  const csp = `<!-- Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval' '${await hash("sha256", importmap)}'; … -->`;
  if (found !== shown) return;
  $("snippet-head").textContent = `${head}\n${csp}`;
  $("snippet-html").textContent = /<form[^]*?<\/form>/.exec(page)[0].replace("{{key}}", () => attr(key));
  $("snippet-js").textContent = js;
}

function setLanguage(to) {
  locale = to;
  document.documentElement.lang = locale;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = TEXT[locale][el.dataset.i18n];
  for (const b of document.querySelectorAll("[data-lang]")) {
    b.setAttribute("aria-pressed", String(b.dataset.lang === locale));
  }
  show();
}

for (const b of document.querySelectorAll("[data-lang]")) {
  b.addEventListener("click", () => setLanguage(b.dataset.lang));
}
keyInput.addEventListener("input", check);

try {
  // The wasm is fetched with its SRI hash too, not only the script tags.
  await init({ module_or_path: fetch("/pkg/cardseal_bg.wasm", { integrity: meta("cardseal-wasm-integrity") }) });
  keyInput.disabled = false;
  check();
} catch (e) {
  $("load-error").hidden = false;
  throw e;
}
