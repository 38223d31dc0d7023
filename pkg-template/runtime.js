// The package's runtime over wasm-bindgen's glue (./cardseal.js): loading the wasm once
// (init, initSync), the guards every export passes (NOT_READY, INTEGRITY,
// INVALID_ARGUMENT), the stack wipe after each call that reads a secret, and the static
// exports (keyInfo, validate, format, messages, brands). The entry (index.js) adds the
// sealer class and the form binding (attach.js) on top, and attach.js calls these: so the
// imports run one way, index.js → attach.js → runtime.js → cardseal.js, with no cycle.
// Importing it touches no window or document (safe under SSR).
//
// Before the wasm is loaded every call throws CardSealError NOT_READY, except the static
// data a framework's first render reads (`brands()` gives [], `messages()` {}); a freed
// sealer throws FREED; a key of the wrong type INVALID_ARGUMENT: never a raw TypeError
// from wasm-bindgen's glue.
import {
  initSync as initSync0,
  keyInfo as k,
  wipeStack as w,
  deferWipe as dw,
  validateField as v,
  formatField as f,
  messages as m,
  brands as b,
} from "./cardseal.js";
import { CardSealError } from "./error.js";
import { load } from "./ready.js";
export { CardSealError };

// The sha384 of cardseal_bg.wasm, written in by the build (scripts/build-pkg.sh): init()
// fetches the wasm with it, so a tampered wasm never runs.
const INTEGRITY = "__WASM_INTEGRITY__";

// The English texts of the two codes thrown while there is no wasm to ask for the code
// table's (which has them too, with Indonesian; tests/node/ready.test.mjs checks they agree).
const TEXT = {
  NOT_READY: "cardseal is not loaded yet: await CardSeal.create(key) or init() first.",
  INTEGRITY: "cardseal_bg.wasm did not load, or is not this version's: serve it unmodified. See the console.",
};

// The wasm's exports once loaded; init()'s promise.
let ready;
let loading;

/** Throws CardSealError `code`, with the code table's text in `locale` and then `why`. */
export const fail = (code, locale, why = "") => {
  throw new CardSealError(code, (ready ? m(locale)[code] : TEXT[code]) + why);
};

/** The wasm's exports, if loaded. The Node entry loads it here, on first use. */
const got = () => ready || (ready = load?.());
/** The wasm's exports; NOT_READY before init. */
const need = () => got() || fail("NOT_READY");

/** Loads the wasm, once: `init()` fetches `cardseal_bg.wasm` next to this module with its
 * sha384 (a tampered or missing file is INTEGRITY); a URL, a `Request`, bytes, a `Response`
 * or a compiled module may be given instead (bytes and Responses are not hash-checked). */
export default function init(input) {
  return (loading ||= start(input).catch((e) => {
    loading = 0;
    throw e;
  }));
}

async function start(input) {
  if (got()) return ready;
  input = await (input?.module_or_path ?? input ?? new URL("cardseal_bg.wasm", import.meta.url));
  try {
    if (typeof input == "string" || input instanceof URL || input instanceof Request) {
      input = await fetch(input, { integrity: INTEGRITY });
    }
    // Compiled here, then instantiated with the glue's imports by initSync: the glue's own
    // async loader (and its fallbacks' texts) stays out of the bundle.
    if (input instanceof Response) input = await input.arrayBuffer();
    return (ready = initSync0({ module: input instanceof WebAssembly.Module ? input : await WebAssembly.compile(input) }));
  } catch {
    // A failed fetch (a 404, a hash mismatch), bytes that are no wasm, or a CSP without
    // 'wasm-unsafe-eval', which refuses to compile any.
    fail("INTEGRITY");
  }
}

/** Instantiates the wasm synchronously from its bytes or compiled module (workers). */
export const initSync = (module) => (ready = initSync0(module));

// Every export that reads a secret zeroes the wasm stack it used before it returns, unless
// told (deferWipe) that the caller does it: here the call to wipeStack after it, with no
// wasm frame live, zeroes the whole stack once (docs/DESIGN.md §2), also when the
// export throws.
export const after = (call) => {
  need();
  try {
    dw();
    return call();
  } finally {
    w();
  }
};

// Set by keyText when it read a PEM's literal "\n" escapes as line breaks.
export let escaped;

/** The key as the wasm reads it: a JWK or JWKS object as JSON; a PEM with literal "\n"
 * escapes (an environment variable's form) with line breaks; else (missing, empty, of
 * another type) INVALID_ARGUMENT. */
export const keyText = (key, locale) => {
  need();
  escaped = 0;
  try {
    if (key && typeof key == "object") key = JSON.stringify(key);
  } catch {}
  // An unset environment variable is `undefined`, an empty one "": name the argument.
  if (typeof key != "string" || !key.trim())
    fail("INVALID_ARGUMENT", locale, ` (key: ${key === null ? key : typeof key == "string" ? "empty" : typeof key})`);
  if (/-----BEGIN[^]*\\n/.test(key)) {
    escaped = 1;
    key = key.replace(/(\\r)?\\n/g, "\n");
  }
  return key;
};

export const keyInfo = (key) => {
  const info = after(() => k(keyText(key)));
  if (escaped) info.warnings.push("ESCAPED_NEWLINES");
  return info;
};

// Field validation and as-you-type formatting: the `validate` and `format` namespaces over
// two wasm exports that dispatch on the validator's or formatter's name (src/wasm/validate.rs;
// tests/node/table.test.mjs checks the names agree, and with index.d.ts). Plain frozen objects, so
// importing stays free of side effects. Once loaded, they never throw.
const s = (x) => (x == null ? "" : String(x));

export const validate = /* @__PURE__ */ Object.freeze({
  number: (value) => after(() => v("number", s(value))),
  expiry: (value, now) => after(() => v("expiry", value !== null && typeof value === "object" ? value : s(value), now)),
  cvc: (value, brand) => after(() => v("cvc", s(value), brand)),
  name: (value) => after(() => v("name", s(value))),
  email: (value) => after(() => v("email", s(value))),
  phone: (value, defaultCountry) => after(() => v("phone", s(value), defaultCountry)),
  address: (value) => after(() => v("address", value !== null && typeof value === "object" ? value : {})),
});

export const format = /* @__PURE__ */ Object.freeze({
  number: (raw) => after(() => f("number", s(raw), "", 0)),
  expiry: (raw) => after(() => f("expiry", s(raw), "", 0)),
  caret: (oldValue, newValue, caret) => after(() => f("caret", s(oldValue), s(newValue), Number(caret) >>> 0)),
});

// The code table's texts and the brand table's names; they read no secret. Before the
// wasm is loaded, {} and [] (a framework renders before init): never NOT_READY.
export const messages = (locale) => (got() ? m(locale) : {});
export const brands = () => (got() ? b() : []);

/** FREED unless `sealer` still holds its wasm side. */
export const live = (sealer) => sealer.__wbg_ptr || fail("FREED");

