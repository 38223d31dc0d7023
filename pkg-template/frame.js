// cardseal/frame: the loader for secure-fields mode (issue 15). It runs in the shop's
// page, holds no wasm and never sees a card value: it creates the key holder's iframe,
// hands it one end of a MessageChannel (the handshake, posted to the frame's origin
// only), and from then on talks over that port. Every message carries a version and is
// checked for shape and size; anything else is ignored and counted (`fields.ignored`).

const V = 1;
const MAX = 65536; // bytes of JSON a single message may hold (a JWE is ~2-4 KB)
const FIELDS = ["number", "expiry", "cvc", "name"];
const CODE = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const FONTS = ["system-ui", "sans-serif", "serif", "monospace", "Arial", "Helvetica", "Georgia", "Verdana", "Tahoma", "Roboto", "Inter"];
const COLOUR = /^(#[0-9a-f]{3,8}|rgba?\([\d.,%\s]{5,40}\)|[a-z]{3,20})$/i;
const LEN = /^\d{1,2}(\.\d{1,2})?(px|rem|em)$/;
const STYLE = {
  color: COLOUR, backgroundColor: COLOUR, borderColor: COLOUR, errorColor: COLOUR, focusColor: COLOUR,
  fontSize: LEN, padding: /^(\d{1,2}(\.\d{1,2})?(px|rem|em)( |$)){1,4}$/,
  fontFamily: (v) => FONTS.includes(v),
};

/** The allow-listed subset of `style` (unknown keys and values that do not match are
 * dropped, never passed on as CSS text; their keys go into `refused` if given). The frame
 * checks again and applies its legibility floor (opacity, contrast, font size). */
export function cleanStyle(style, refused = []) {
  const out = {};
  for (const [k, v] of Object.entries(style || {})) {
    const rule = STYLE[k];
    if (rule && typeof v == "string" && (typeof rule == "function" ? rule(v) : rule.test(v))) out[k] = v;
    else refused.push(k);
  }
  return out;
}

const str = (v, n) => typeof v == "string" && v.length <= n;
const bool = (v) => typeof v == "boolean";
const KEYS = {
  ready: ["v", "t", "kid", "holder", "checks", "refused"],
  change: ["v", "t", "field", "state"],
  warning: ["v", "t", "code"],
  resize: ["v", "t", "height"],
  sealed: ["v", "t", "id", "jwe", "kid", "summary"],
  // `fields` (optional: frames before it send none): each failing field and its code.
  failed: ["v", "t", "id", "code", "message", "fields?"],
};
const STATE = ["brand", "valid", "complete", "empty"];
const codes = (a) => Array.isArray(a) && a.length <= 20 && a.every((c) => str(c, 40));
// Exactly `keys`, of which those ending in "?" may be absent.
const same = (o, keys) => {
  const k = Object.keys(o);
  return keys.every((x) => x.endsWith("?") || k.includes(x)) && k.every((x) => keys.includes(x) || keys.includes(x + "?"));
};
// `{ phone: "MISSING_COUNTRY_CODE", "address.city": … }`: field names and codes.
const named = (f) => !!f && typeof f == "object" && !Array.isArray(f) && Object.keys(f).length <= 20 &&
  Object.entries(f).every(([k, c]) => /^[a-z][a-z0-9_.]{0,39}$/.test(k) && str(c, 40) && CODE.test(c));

/** Whether `m` is a well-formed frame→page message of this version (shape and size). */
export function validMessage(m) {
  if (!m || typeof m != "object" || Array.isArray(m) || m.v !== V || !Object.hasOwn(KEYS, m.t)) return false;
  if (!same(m, KEYS[m.t])) return false;
  let size;
  try { size = JSON.stringify(m).length; } catch { return false; }
  if (size > MAX) return false;
  const s = m.state;
  switch (m.t) {
    case "ready": return str(m.kid, 200) && str(m.holder, 200) && codes(m.checks) && codes(m.refused);
    case "warning": return str(m.code, 40) && CODE.test(m.code);
    case "resize": return Number.isFinite(m.height) && m.height >= 0 && m.height <= 4000;
    case "change":
      return FIELDS.includes(m.field) && !!s && typeof s == "object" && same(s, STATE) &&
        (s.brand === null || str(s.brand, 20)) && bool(s.valid) && bool(s.complete) && bool(s.empty);
    case "sealed":
      return Number.isInteger(m.id) && str(m.jwe, MAX) && /^[\w-]+(\.[\w-]*){4}$/.test(m.jwe) &&
        str(m.kid, 200) && !!m.summary && typeof m.summary == "object" && !Array.isArray(m.summary);
    case "failed":
      return Number.isInteger(m.id) && str(m.code, 40) && CODE.test(m.code) && str(m.message, 300) &&
        (m.fields == null || named(m.fields));
  }
}

/** The error `seal()` rejects with: `code` as the frame gave it, or the loader's own
 * (`not_ready`, `destroyed`, `timeout`, `bad_contact`); `fields` names each failing field
 * with its code (`INVALID_FIELDS`), else null. */
export class CardFieldsError extends Error {
  constructor(code, message, fields = null) {
    super(message);
    this.name = "CardFieldsError";
    this.code = code;
    this.fields = fields;
  }
}

// The loader's own messages, in the mount's locale (the frame's come in its locale).
const TEXT = {
  en: {
    not_ready: "The card form is still loading. Please try again in a moment.",
    destroyed: "The card form was closed. Please reload the page.",
    timeout: "The card form did not answer. Please try again.",
    bad_contact: ": text of at most 200 characters expected",
  },
  id: {
    not_ready: "Formulir kartu masih dimuat. Silakan coba lagi sebentar lagi.",
    destroyed: "Formulir kartu sudah ditutup. Silakan muat ulang halaman.",
    timeout: "Formulir kartu tidak menjawab. Silakan coba lagi.",
    bad_contact: ": harus teks, paling banyak 200 karakter",
  },
};

const CONTACT = ["name", "email", "phone", "address"];
const ADDRESS = ["line1", "line2", "city", "region", "postal_code", "country"];

/** Mounts the key holder's card fields into `container`. See frame.d.ts. */
export function mountCardFields(container, { frameUrl, locale: locale0 = "en", style, title = "Card details", timeout = 30000, defaultCountry } = {}) {
  const url = new URL(frameUrl, location.href);
  if (url.protocol != "https:" && !/^(localhost|127\.0\.0\.1|\[::1\])$/.test(url.hostname))
    throw new TypeError("cardseal/frame: frameUrl must be https (or loopback)");
  const origin = url.origin;
  let locale = String(locale0).slice(0, 10);
  const iframe = document.createElement("iframe");
  iframe.src = url.href;
  iframe.title = title;
  iframe.setAttribute("allow", "");
  iframe.setAttribute("referrerpolicy", "origin");
  // Resized by the frame's "resize" messages; CSSOM, never CSS text. Nothing here can make
  // it invisible: the page's style reaches only the frame's allow-list.
  Object.assign(iframe.style, { border: "0", width: "100%", height: "0", display: "block", colorScheme: "normal", opacity: "1" });
  const listeners = { change: new Set(), ready: new Set(), error: new Set(), warning: new Set() };
  const refused = [];
  const clean = cleanStyle(style, refused);
  const pending = new Map();
  const channel = new MessageChannel();
  const port = channel.port1;
  let nextId = 1, ready = false, dead = false, markReady, greeted;
  const readyPromise = new Promise((r) => (markReady = r));
  const error = (code, pre = "") => new CardFieldsError(code, pre + (TEXT[locale.slice(0, 2)] || TEXT.en)[code]);
  const emit = (ev, arg) => listeners[ev].forEach((fn) => { try { fn(arg); } catch (e) { setTimeout(() => { throw e; }); } });

  const fields = {
    ignored: 0,
    kid: null,
    holder: null,
    checks: [],
    refused,
    state: {},
    get complete() {
      return FIELDS.every((f) => fields.state[f]?.valid);
    },
    ready: readyPromise,
    iframe,
    on(ev, fn) {
      if (!listeners[ev] || typeof fn != "function") throw new TypeError("cardseal/frame: on(\"change\"|\"ready\"|\"error\"|\"warning\", fn)");
      listeners[ev].add(fn);
      return () => listeners[ev].delete(fn);
    },
    seal(contact = {}) {
      if (dead) return Promise.reject(error("destroyed"));
      if (!ready) return Promise.reject(error("not_ready"));
      const c = {};
      for (const k of CONTACT) {
        const v = contact[k];
        if (v == null) continue;
        const a = k == "address" && v && typeof v == "object" ? Object.entries(v) : null;
        if (a ? !a.every(([f, x]) => ADDRESS.includes(f) && str(x, 200)) : !str(v, 200))
          return Promise.reject(error("bad_contact", "contact." + k));
        c[k] = a ? Object.fromEntries(a) : v;
      }
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => settle(id, null, error("timeout")), timeout);
        pending.set(id, { resolve, reject, timer });
        port.postMessage({ v: V, t: "seal", id, contact: c });
      });
    },
    /** Switches the frame's words and messages ("en" or "id"); the card stays typed. */
    setLocale(to) {
      locale = String(to).slice(0, 10);
      if (ready && !dead) port.postMessage({ v: V, t: "locale", locale });
    },
    focus(field = "number") {
      if (ready && FIELDS.includes(field)) port.postMessage({ v: V, t: "focus", field });
    },
    destroy() {
      if (dead) return;
      dead = true;
      port.close();
      removeEventListener("message", stray);
      iframe.remove();
      for (const id of [...pending.keys()]) settle(id, null, error("destroyed"));
      for (const s of Object.values(listeners)) s.clear();
    },
  };

  function settle(id, value, error) {
    const p = pending.get(id);
    if (!p) return false;
    pending.delete(id);
    clearTimeout(p.timer);
    error ? p.reject(error) : p.resolve(value);
    return true;
  }

  port.onmessage = (e) => {
    const m = e.data;
    // Before "ready", only its size and a frame-level failure (the shopper must see why).
    if (dead || !validMessage(m) || (!ready && !(m.t == "ready" || m.t == "resize" || (m.t == "failed" && !m.id)))) return void fields.ignored++;
    switch (m.t) {
      case "ready":
        if (ready) return void fields.ignored++;
        ready = true;
        fields.kid = m.kid;
        fields.holder = m.holder;
        fields.checks = m.checks;
        refused.push(...m.refused);
        // A setLocale() between the hello and now.
        if (locale !== greeted) port.postMessage({ v: V, t: "locale", locale });
        markReady({ kid: m.kid, holder: m.holder });
        return emit("ready", { kid: m.kid, holder: m.holder });
      case "resize":
        iframe.style.height = Math.ceil(m.height) + "px";
        return;
      case "change":
        fields.state[m.field] = { ...m.state };
        return emit("change", { field: m.field, ...m.state });
      case "warning":
        return emit("warning", { code: m.code });
      case "sealed":
        if (!settle(m.id, { jwe: m.jwe, kid: m.kid, summary: m.summary })) fields.ignored++;
        return;
      case "failed": {
        // id 0: the frame itself failed (its key could not be loaded), no seal asked.
        const err = new CardFieldsError(m.code, m.message, m.fields ?? null);
        if (m.id && !settle(m.id, null, err)) fields.ignored++;
        emit("error", err);
      }
    }
  };
  port.onmessageerror = () => fields.ignored++;

  // After the handshake the frame speaks only over the port; a window message that claims
  // to come from it is counted and dropped, as is anything else addressed to the loader.
  function stray(e) {
    if (e.source === iframe.contentWindow) fields.ignored++;
  }
  addEventListener("message", stray);

  // The handshake: the port goes to the frame's origin only (postMessage's targetOrigin);
  // a navigated or substituted frame gets nothing.
  iframe.addEventListener("load", function hello() {
    iframe.removeEventListener("load", hello);
    if (dead) return;
    iframe.contentWindow.postMessage(
      // The default country goes only when given: a frame of before it takes no such key.
      { v: V, t: "hello", locale: (greeted = locale), style: clean, ...(defaultCountry && { country: String(defaultCountry).slice(0, 10) }) },
      origin,
      [channel.port2],
    );
  });
  container.appendChild(iframe);
  return fields;
}
