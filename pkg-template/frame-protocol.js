// The frame protocol of secure-fields mode, defined once (issue 21 item 4): the messages
// between the loader (cardseal/frame, in the shop's page) and the card frame (frame/, on
// the key holder's origin), their version and limits, the field lists, the style
// allow-list with its legibility floor, the warning codes, and the frame's codes with
// their en/id texts. Both sides import it: the package build bundles it into the loader
// (frame.js), and the frame page imports it as /pkg/frame-protocol.js (pinned by its
// import map). frame.d.ts is checked against it (tests/node/frame-protocol.test.mjs).
// Tree-shaking keeps what each side uses: the frame's texts never reach the shop's page.

/** The protocol version every message carries (`v`). */
export const V = 1;
/** Bytes of JSON a page→frame message may hold. */
export const MAX_IN = 8192;
/** Bytes of JSON a frame→page message may hold (a JWE is ~2-4 KB). */
export const MAX_OUT = 65536;
/** Characters of one contact value (a name, an email, an address line…). */
export const TEXT_MAX = 200;
/** Characters of a code (and of a style key the frame reports as refused). */
export const CODE_MAX = 40;

/** The card fields the frame holds. */
export const FIELDS = ["number", "expiry", "cvc", "name"];
/** The page's contact fields, sealed with the card (the field table's names; checked
 * against the package's fieldTable() by tests/node/frame-protocol.test.mjs). */
export const CONTACT = ["name", "email", "phone", "address"];
export const ADDRESS = ["line1", "line2", "city", "region", "postal_code", "country"];

/** What the frame warns the shopper and the page of (the `warning` message). */
export const WARNINGS = ["FOCUS_TAKEN", "FRAME_OBSCURED"];
/** The frame's colour schemes: "auto" follows the browser's prefers-color-scheme. */
export const THEMES = ["light", "dark", "auto"];

export const FONTS = ["system-ui", "sans-serif", "serif", "monospace", "Arial", "Helvetica", "Georgia", "Verdana", "Tahoma", "Roboto", "Inter"];
const COLOUR = /^(#[0-9a-f]{3,8}|rgba?\([\d.,%\s]{5,40}\)|[a-z]{3,20})$/i;
const LEN = /^\d{1,2}(\.\d{1,2})?(px|rem|em)$/;
/**
 * The style allow-list: each key and the pattern its value must match. The frame sets
 * each as the custom property of its name (`--color`, `--borderRadius`, … in frame.css)
 * with CSSOM, never as CSS text. `dark` holds the colours for the dark scheme (its keys
 * are the colour keys).
 */
export const STYLE = {
  color: COLOUR, backgroundColor: COLOUR, borderColor: COLOUR, errorColor: COLOUR, focusColor: COLOUR, placeholderColor: COLOUR,
  fontSize: LEN, fontFamily: { test: (v) => FONTS.includes(v) }, padding: /^(\d{1,2}(\.\d{1,2})?(px|rem|em)( |$)){1,4}$/, borderRadius: LEN,
};
/** Whether a style key takes a colour (and so may also be given under `dark`). */
export const isColour = (k) => STYLE[k] == COLOUR;
/**
 * The legibility floor (issue 19), kept by the frame in each scheme: colours opaque and
 * never a keyword that takes its value from elsewhere; the WCAG 2 contrast of each colour
 * against that scheme's background at least this (text 4.5:1, the focus ring and the
 * inputs' border 3:1, WCAG 1.4.11); the font at least MIN_FONT px.
 */
export const FLOOR = { color: 4.5, errorColor: 4.5, placeholderColor: 4.5, focusColor: 3, borderColor: 3 };
export const MIN_FONT = 14;

/** The allow-listed subset of `style` (keys and values that do not match are dropped,
 * never passed on as CSS text; their keys, `dark.`-prefixed under `dark`, are pushed to
 * `refused`). The frame checks again and applies its legibility floor. */
export function cleanStyle(style, refused = [], pre = "") {
  const out = {};
  for (const [k, v] of Object.entries(style || {})) {
    if (k == "dark" && !pre && v && typeof v == "object") out.dark = cleanStyle(v, refused, "dark.");
    else if (STYLE[k] && (!pre || isColour(k)) && typeof v == "string" && STYLE[k].test(v)) out[k] = v;
    else refused.push(pre + k);
  }
  return out;
}

const str = (v, n = TEXT_MAX) => typeof v == "string" && v.length <= n;
// Messages cross a MessageChannel (structured clone): an object is a plain one there.
const plain = (o) => !!o && typeof o == "object" && !Array.isArray(o);
const size = (m) => {
  try { return JSON.stringify(m).length; } catch { return Infinity; }
};
/** The contact a page may pass to seal(): the CONTACT fields, an address of ADDRESS
 * members, each value text of at most TEXT_MAX characters. */
export const contactOk = (c) => plain(c) && Object.entries(c).every(([k, v]) => CONTACT.includes(k) &&
  (k == "address" ? plain(v) && Object.entries(v).every(([f, x]) => ADDRESS.includes(f) && str(x)) : str(v)));

// Each message's keys; "?" marks one that may be absent (a frame or loader of before it
// sends none, and the other side must still understand it).
const IN = {
  hello: ["v", "t", "locale", "style", "country?", "theme?"],
  seal: ["v", "t", "id", "contact"],
  focus: ["v", "t", "field"],
  locale: ["v", "t", "locale"],
};
const OUT = {
  ready: ["v", "t", "kid", "holder", "checks", "refused"],
  change: ["v", "t", "field", "state"],
  warning: ["v", "t", "code"],
  resize: ["v", "t", "height"],
  sealed: ["v", "t", "id", "jwe", "kid", "summary"],
  failed: ["v", "t", "id", "code", "message", "fields?"],
};
/** Exactly `keys`, of which those ending in "?" may be absent. */
const same = (o, keys) => {
  const k = Object.keys(o);
  return keys.every((x) => x.endsWith("?") || k.includes(x)) && k.every((x) => keys.includes(x) || keys.includes(x + "?"));
};
const CODE = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const code = (c) => str(c, CODE_MAX) && CODE.test(c);
const codes = (a) => Array.isArray(a) && a.length <= 20 && a.every((c) => str(c, CODE_MAX));
// `{ phone: "MISSING_COUNTRY_CODE", "address.city": … }`: field names and codes.
const named = (f) => plain(f) && Object.keys(f).length <= 20 && Object.entries(f).every(([k, c]) => /^[a-z][a-z0-9_.]{0,39}$/.test(k) && code(c));
const STATE = ["brand", "valid", "complete", "empty"];
const bool = (v) => typeof v == "boolean";

/** Whether `m` is a well-formed page→frame message of this version (shape and size). */
export function validRequest(m) {
  if (!plain(m) || m.v !== V || !Object.hasOwn(IN, m.t) || !same(m, IN[m.t]) || size(m) > MAX_IN) return false;
  switch (m.t) {
    case "hello": return str(m.locale, 10) && plain(m.style) && (m.country == null || str(m.country, 10)) && (m.theme == null || str(m.theme, 10));
    case "seal": return Number.isInteger(m.id) && contactOk(m.contact);
    case "focus": return FIELDS.includes(m.field);
    case "locale": return str(m.locale, 10);
  }
}

/** Whether `m` is a well-formed frame→page message of this version (shape and size). */
export function validMessage(m) {
  if (!plain(m) || m.v !== V || !Object.hasOwn(OUT, m.t) || !same(m, OUT[m.t]) || size(m) > MAX_OUT) return false;
  const s = m.state;
  switch (m.t) {
    case "ready": return str(m.kid) && str(m.holder) && codes(m.checks) && codes(m.refused);
    case "warning": return code(m.code);
    case "resize": return Number.isFinite(m.height) && m.height >= 0 && m.height <= 4000;
    case "change":
      return FIELDS.includes(m.field) && plain(s) && same(s, STATE) &&
        (s.brand === null || str(s.brand, 20)) && bool(s.valid) && bool(s.complete) && bool(s.empty);
    case "sealed":
      return Number.isInteger(m.id) && str(m.jwe, MAX_OUT) && /^[\w-]+(\.[\w-]*){4}$/.test(m.jwe) && str(m.kid) && plain(m.summary);
    case "failed":
      return Number.isInteger(m.id) && code(m.code) && str(m.message, 300) && (m.fields == null || named(m.fields));
  }
}

// The frame's codes, with their texts in English and Indonesian: the table of frame mode
// (docs/DESIGN.md §3), beside the package's own (`messages()`, from Rust), whose codes it
// must not reuse (tests/node/frame-protocol.test.mjs). In two parts by who raises them, so
// that the shop's page downloads only the loader's. A refusal of fields (INVALID_FIELDS)
// and a key error keep the package's own code and text.

/** The loader's own codes (`CardFieldsError.code`), in the mount's locale. */
export const LOADER_CODES = {
  en: {
    FRAME_NOT_READY: "The card form is still loading. Try again in a moment.",
    FRAME_CLOSED: "The card form was closed. Reload the page.",
    FRAME_TIMEOUT: "The card form did not answer. Try again.",
    // After the field's name: "contact.email: text of …".
    INVALID_CONTACT: `: text of at most ${TEXT_MAX} characters expected`,
  },
  id: {
    FRAME_NOT_READY: "Formulir kartu masih dimuat. Coba lagi sebentar lagi.",
    FRAME_CLOSED: "Formulir kartu sudah ditutup. Muat ulang halaman.",
    FRAME_TIMEOUT: "Formulir kartu tidak menjawab. Coba lagi.",
    INVALID_CONTACT: `: harus teks, paling banyak ${TEXT_MAX} karakter`,
  },
};

/** The frame's codes: its failures (the `failed` message) and its warnings (shown to the
 * shopper in the frame; the page hears the code). */
export const FRAME_CODES = {
  en: {
    KEY_UNAVAILABLE: "Card payment is unavailable right now: the payment processor's key could not be loaded. Nothing was sent. Please try again later.",
    SEAL_FAILED: "The card could not be sealed. Nothing was sent. Please try again.",
    FOCUS_TAKEN: "Careful: this page moved your cursor out of the card form. Type your card details only into the fields below; if the cursor jumps away again, do not pay on this page.",
    FRAME_OBSCURED: "Careful: something on this page is covering the card form. Do not type your card details into anything laid over it; if this stays, do not pay on this page.",
  },
  id: {
    KEY_UNAVAILABLE: "Pembayaran kartu sedang tidak tersedia: kunci pemroses pembayaran tidak dapat dimuat. Tidak ada yang terkirim. Silakan coba lagi nanti.",
    SEAL_FAILED: "Kartu tidak dapat disegel. Tidak ada yang terkirim. Silakan coba lagi.",
    FOCUS_TAKEN: "Hati-hati: halaman ini memindahkan kursor Anda keluar dari formulir kartu. Ketik data kartu hanya di kolom di bawah ini; jika kursor berpindah lagi, jangan membayar di halaman ini.",
    FRAME_OBSCURED: "Hati-hati: ada sesuatu di halaman ini yang menutupi formulir kartu. Jangan ketik data kartu pada apa pun yang diletakkan di atasnya; jika peringatan ini tetap ada, jangan membayar di halaman ini.",
  },
};
