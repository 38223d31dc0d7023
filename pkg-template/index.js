// cardseal: seal checkout fields in the browser with the merchant's public key.
// The package entry (browsers and bundlers; node.mjs is this module with the wasm inside,
// for Node). Importing it touches no window or document (safe under SSR). The runtime
// (loading, guards, wipes, the static exports) is runtime.js; here the sealer class.
import { CardSeal as Sealer, deferWipe as dw, messages as m, wipeStack as w } from "./cardseal.js";
import init, { after, escaped, fail, keyText, live } from "./runtime.js";
import { attach } from "./attach.js";
export { default, initSync, keyInfo, validate, format, messages, brands, CardSealError } from "./runtime.js";

// The sealer: wasm-bindgen's class plus the form binding, `sealer.attach(form, options)`
// → `{ detach() }`, plain JS in attach.js (a DOM binding in wasm cost four times the
// bytes), and the checks above. A subclass rather than a prototype patch: under
// `sideEffects: false`, Vite and webpack link `CardSeal` straight to cardseal.js and
// would drop the patch.
export class CardSeal extends Sealer {
  /** Loads the wasm if need be (once), then imports the key. */
  static async create(key, options) {
    await init();
    return new this(key, options);
  }
  /** create, then attach. When either fails, the form stays inert (a submit does not
   * post), its `[data-cardseal-unavailable]` element is shown, `cardseal:error` fires on
   * it with the error, and the promise rejects with it. */
  static async attach(form, key, options) {
    try {
      return (await this.create(key, options)).attach(form, options);
    } catch (e) {
      form.addEventListener("submit", (e) => e.preventDefault());
      form.querySelector("[data-cardseal-unavailable]")?.removeAttribute("hidden");
      form.dispatchEvent(new CustomEvent("cardseal:error", { bubbles: true, detail: e }));
      throw e;
    }
  }
  constructor(key, options) {
    const locale = options?.locale;
    key = keyText(key, locale);
    if (options != null && typeof options != "object") fail("INVALID_ARGUMENT", locale, " (options)");
    try {
      dw();
      super(key, options);
    } finally {
      w();
    }
    // The page's pin: a key of another thumbprint (a changed key setting, an injected
    // key) does not seal.
    if (options?.kid && options.kid != super.kid) {
      super.free();
      fail("KEY_NOT_PINNED", locale);
    }
    // For the form binding's live checks; the seal reads it in the core.
    this.defaultCountry = options?.defaultCountry ?? null;
    if (escaped) console.warn("cardseal: " + m(locale).ESCAPED_NEWLINES);
  }
  get kid() {
    return live(this) && super.kid;
  }
  get locale() {
    return live(this) && super.locale;
  }
  seal(fields) {
    live(this);
    return after(() => super.seal(fields));
  }
  sealEach(fields) {
    live(this);
    return after(() => super.sealEach(fields));
  }
  attach(form, options) {
    live(this);
    return attach(this, form, options);
  }
  /** Frees the wasm side now; again, does nothing. */
  free() {
    if (this.__wbg_ptr) super.free();
  }
  // `using sealer = …` frees it at the end of the block; after free(), too, without error.
  [Symbol.dispose]() {
    this.free();
  }
}
