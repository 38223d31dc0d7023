// cardseal: seal checkout fields in the browser with the merchant's public key.
// The package entry. Importing it touches no window or document (safe under SSR).
export { default, initSync } from "./cardseal.js";
export { CardSealError } from "__ERROR_JS__";

// Every export that reads a secret zeroes the wasm stack it used before it returns; the
// call to wipeStack after it, with no wasm frame live, zeroes the rest (README "Memory
// hygiene"), also when the export throws.
import { keyInfo as k, wipeStack as w } from "./cardseal.js";
const after = (call) => {
  try {
    return call();
  } finally {
    w();
  }
};
export const keyInfo = (text) => after(() => k(text));

// Field validation and as-you-type formatting: the `validate` and `format` namespaces over
// two wasm exports that dispatch on the validator's or formatter's name (src/wasm/validate.rs;
// tests/node/table.test.mjs checks the names agree, and with index.d.ts). Plain frozen objects, so
// importing stays free of side effects. They never throw.
import { validateField as v, formatField as f } from "./cardseal.js";
// The code table's texts and the brand table's names; they read no secret.
export { messages, brands } from "./cardseal.js";
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

// The sealer: wasm-bindgen's class plus the form binding, `sealer.attach(form, options)`
// → `{ detach() }`, plain JS in attach.js (a DOM binding in wasm cost four times the
// bytes). A subclass rather than a prototype patch: under `sideEffects: false`, Vite and
// webpack link `CardSeal` straight to cardseal.js and would drop the patch.
import { CardSeal as Sealer } from "./cardseal.js";
import { attach } from "./attach.js";
export class CardSeal extends Sealer {
  constructor(publicKey, options) {
    try {
      super(publicKey, options);
    } finally {
      w();
    }
  }
  seal(fields) {
    return after(() => super.seal(fields));
  }
  sealEach(fields) {
    return after(() => super.sealEach(fields));
  }
  attach(form, options) {
    return attach(this, form, options);
  }
}
