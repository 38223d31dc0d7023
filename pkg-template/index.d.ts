// Self-contained: wasm-bindgen's cardseal.d.ts is not referenced, so a strict project
// without `skipLibCheck` never type-checks it (it needs lib esnext for Symbol.dispose).
// It compiles without the DOM lib too (a Node project): the few browser types it names
// are declared structurally here, or, for `HTMLFormElement` and `CustomEvent`, as empty
// global interfaces that the DOM lib's declarations merge into when it is there.

/** Bytes: an `ArrayBuffer`, a typed array or a `DataView` (the DOM's `BufferSource`). */
export type WasmBytes = ArrayBuffer | ArrayBufferView;
/** A compiled `WebAssembly.Module` (an empty interface, as in the DOM lib). */
export interface WasmModule {}
/** Where the wasm comes from: by default `cardseal_bg.wasm` next to this module, fetched
 * with its sha384. A URL (string or `URL`) or a `Request` is fetched with that integrity
 * too; bytes, a `Response` or a compiled module are used as they are. */
export type InitInput = string | { readonly href: string } | { readonly url: string } | WasmBytes | WasmModule;
/** The wasm bytes or a compiled module, for `initSync` (e.g. a worker). */
export type SyncInitInput = WasmBytes | WasmModule;
/** The instance's exports; `memory` is the only one for users (e.g. memory audits). */
export interface InitOutput {
  readonly memory: { readonly buffer: ArrayBuffer };
}
/** Loads and instantiates the wasm, once (later calls give the same promise; after a
 * failure, the next call tries again). A wasm that does not match the sha384 built into
 * the package, or that does not load, rejects with `CardSealError` `INTEGRITY`. In Node
 * (the `node` export condition) the wasm is inside the package and this resolves at once.
 * `CardSeal.create` calls it for you. */
export default function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<InitOutput>;
/** Instantiates the wasm synchronously from its bytes or module (workers). */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/** A JWK of the merchant's RSA public key, given as an object. */
export interface PublicJwk {
  kty: string;
  n?: string;
  e?: string;
  kid?: string;
  use?: string;
  alg?: string;
  key_ops?: string[];
  [member: string]: unknown;
}
/** The merchant's public key: text (PEM, certificate, JWK or JWKS JSON, base64 DER,
 * Adyen `10001|…`; a PEM with literal `\n` escapes, as environment variables hold it, is
 * read with line breaks, with the warning `ESCAPED_NEWLINES`), or a JWK or JWKS object. */
export type PublicKeyInput = string | PublicJwk | { keys: PublicJwk[] };

/** Options of `new CardSeal(publicKeyText, options)`. */
export interface CardSealOptions {
  /** language of error messages: "en" (default) or "id"; a tag such as "id-ID" or
   * `navigator.language` works, anything not Indonesian is English */
  locale?: string;
  /** ISO 3166-1 alpha-2 country, e.g. "ID": a national phone number ("0812-3456-7890")
   * is read in it when the fields give no address country, and sealed in E.164
   * ("+6281234567890"); the form binding checks the phone the same way. Without it (or
   * with a value that is not a country code) a phone needs "+" and its country code. */
  defaultCountry?: string | null;
}

/** Seals checkout fields with a merchant's public key. */
export class CardSeal {
  /** Loads the wasm if it is not loaded yet (once, however often it is called), then
   * imports the key: the one call a page needs. */
  static create(publicKey: PublicKeyInput, options?: CardSealOptions): Promise<CardSeal>;
  /** Imports the merchant's public key (PEM, certificate, JWK, JWKS, base64 DER, or
   * Adyen `10001|…`). Throws `CardSealError`, e.g. `PRIVATE_KEY_PASTED`, `WEAK_KEY`;
   * `NOT_READY` before `init()` (browsers; in Node the wasm loads itself);
   * `INVALID_ARGUMENT` for a key that is undefined, empty (an unset environment
   * variable), or neither text nor an object: the message ends `(key: undefined)`. */
  constructor(publicKey: PublicKeyInput, options?: CardSealOptions);
  /** The key id every JWE of this sealer carries: the key's RFC 7638 thumbprint, never
   * a JWK's own `kid`. */
  readonly kid: string;
  /** The locale of error messages. */
  readonly locale: "en" | "id";
  /** The `defaultCountry` option, or null. */
  readonly defaultCountry: string | null;
  /** One JWE holding all given fields. Throws `CardSealError` `INVALID_FIELDS` with
   * `fields` when a field is invalid. */
  seal(fields: CardFields): Sealed;
  /** One JWE per given field: `{ number: jwe, cvc: jwe, … }`. */
  sealEach(fields: CardFields): Record<string, string>;
  /** Validates and formats the form's `data-cardseal` fields as the shopper types, and
   * on submit posts only the JWE. Throws `CardSealError` `INVALID_FORM` when `form` is
   * not a `<form>`, and `UNKNOWN_FORM_FIELD` (naming the attribute) when a
   * `data-cardseal` value is not a field cardseal knows. A form that is bound already
   * gives its binding back (never a second one): `detach()` it first to bind it anew. */
  attach(form: HTMLFormElement, options?: AttachOptions): Binding;
  /** Frees the wasm side now (it is freed with the object otherwise); again, does
   * nothing. Any other call on a freed sealer throws `CardSealError` `FREED`. */
  free(): void;
}

/** What kind of key `key` is, without sealing; throws `CardSealError` like `CardSeal`. */
export function keyInfo(key: PublicKeyInput): KeyInfo;

// The unions below are the package's tables (the code table, src/messages/; the field
// table, src/fields/; the brand table, src/validate/brands.rs) as types.
// tests/node/table.test.mjs checks them against the wasm exports: a row added in Rust
// fails the tests until it is added here.

/** The code of a thrown `CardSealError`. */
export type CardSealErrorCode =
  | "PRIVATE_KEY_PASTED"
  | "WEAK_KEY"
  | "KEY_TOO_LARGE"
  | "UNSUPPORTED_EXPONENT"
  | "UNSUPPORTED_KEY_TYPE"
  | "WRONG_KEY_USE"
  | "INVALID_KEY"
  | "INVALID_FIELDS"
  | "INVALID_FORM"
  | "UNKNOWN_FORM_FIELD"
  | "NO_FIELDS"
  | "RNG_FAILED"
  | "NOT_READY"
  | "FREED"
  | "INVALID_ARGUMENT"
  | "INTEGRITY";

/** A field's code: from a validator (`Validation.code`), or why `seal` refused a field
 * (`CardSealError.fields`). */
export type FieldCode =
  | "UNKNOWN_FIELD"
  | "INVALID_TYPE"
  | "EMPTY"
  | "INVALID_CHARACTERS"
  | "TOO_SHORT"
  | "TOO_LONG"
  | "UNKNOWN_BRAND"
  | "LUHN_FAILED"
  | "INCOMPLETE"
  | "INVALID_FORMAT"
  | "MONTH_OUT_OF_RANGE"
  | "EXPIRED"
  | "YEAR_OUT_OF_RANGE"
  | "INVALID_NAME"
  | "INVALID_EMAIL"
  | "MISSING_COUNTRY_CODE"
  | "INVALID_COUNTRY_CODE"
  | "INVALID_COUNTRY"
  | "INVALID_POSTAL_CODE";

/** A key warning (`keyInfo().warnings`). */
export type KeyWarningCode = "CERT_EXPIRED" | "CERT_NOT_YET_VALID" | "ESCAPED_NEWLINES" | "LEGACY_FORMAT" | "KID_NOT_THUMBPRINT";

/** A card brand's id: one of `brands()`, which gives each one's display name, or
 * `"unknown"` for a number of no brand cardseal recognises (valid when its length, 12–19
 * digits, and Luhn check are: the processor decides whether it takes the card). */
export type CardBrand =
  | "visa"
  | "mastercard"
  | "american-express"
  | "diners-club"
  | "discover"
  | "jcb"
  | "unionpay"
  | "maestro"
  | "mir"
  | "elo"
  | "hiper"
  | "hipercard"
  | "troy"
  | "verve"
  | "rupay"
  | "naranja"
  | "gpn"
  | "unknown";

/** Every cardseal failure. `code` is stable; `message` is in the sealer's locale. */
export class CardSealError extends Error {
  readonly name: "CardSealError";
  /** e.g. "PRIVATE_KEY_PASTED", "WEAK_KEY", "INVALID_KEY", "INVALID_FIELDS" */
  readonly code: CardSealErrorCode;
  /** for INVALID_FIELDS: field name → reason code, e.g. { number: "LUHN_FAILED",
   * "address.city": "EMPTY" }; a name `seal` does not know is given with UNKNOWN_FIELD */
  readonly fields?: Record<string, FieldCode>;
}

/** The fields `seal` and `sealEach` accept. Give the ones the processor needs. */
export interface CardFields {
  /** card number; spaces and dashes are allowed */
  number?: string;
  /** "MM/YY", "MM / YYYY", "MMYY", …; or give exp_month and exp_year */
  expiry?: string;
  /** expiry month, 1–12 */
  exp_month?: string | number;
  /** expiry year, 2 or 4 digits */
  exp_year?: string | number;
  /** card security code */
  cvc?: string;
  /** cardholder name */
  name?: string;
  email?: string;
  phone?: string;
  address?: CardAddress;
}

/** A postal address: `CardFields.address`. */
export interface CardAddress {
  line1?: string;
  line2?: string;
  city?: string;
  /** region, state or province */
  region?: string;
  postal_code?: string;
  /** ISO 3166-1 alpha-2 country code */
  country?: string;
}

/** Safe to store and show to shop staff: never the full number, never the CVC. */
export interface Summary {
  brand: CardBrand | null;
  last4: string | null;
  exp_month: number | null;
  exp_year: number | null;
}

export interface Sealed { jwe: string; kid: string; summary: Summary; }

export interface KeyInfo {
  /** the key id every JWE sealed to this key carries: always the key's RFC 7638 SHA-256
   * thumbprint (base64url, 43 characters), computed by cardseal. Pin this. */
  kid: string;
  /** the JWK's own `kid` member, or null: only reported, never put in a JWE (when it
   * differs from `kid`, `warnings` holds `KID_NOT_THUMBPRINT`) */
  jwkKid: string | null;
  bits: number;
  format: "spki-pem" | "pkcs1-pem" | "x509-pem" | "jwk" | "jwks" | "base64-der" | "adyen-cse";
  warnings: KeyWarningCode[];
}

/** The outcome of validating one field. `code` is null when valid, but for the notice
 * "UNKNOWN_BRAND" on a valid card number of a brand cardseal does not recognise. */
export interface Validation {
  valid: boolean;
  /** valid, or could still become valid as the shopper types on */
  potentiallyValid: boolean;
  /** e.g. "LUHN_FAILED", "TOO_SHORT", "EXPIRED"; see messages() */
  code: FieldCode | null;
}

export interface NumberValidation extends Validation {
  /** "visa", "mastercard", "american-express", "gpn", …, once known; "unknown" for a
   * number of no brand cardseal recognises (then `code` is "UNKNOWN_BRAND" when valid) */
  brand: CardBrand | null;
}

export interface PhoneValidation extends Validation {
  /** the number in E.164 form when valid, e.g. "+6281234567890" */
  e164: string | null;
}

export interface AddressValidation extends Validation {
  /** the first invalid member, e.g. "postal_code" */
  field: keyof CardAddress | null;
  fields: Record<keyof CardAddress, Validation>;
}

/** Field validators. Once the wasm is loaded they never throw (before, `NOT_READY`). */
export const validate: {
  number(value: string): NumberValidation;
  /** "MM/YY", "MM / YYYY", "MMYY", … or { month, year }; now: Date or ms, default Date.now() */
  expiry(value: string | { month: string | number; year: string | number }, now?: Date | number): Validation;
  /** brand as reported by validate.number; without it 3 or 4 digits pass */
  cvc(value: string, brand?: CardBrand | null): Validation;
  name(value: string): Validation;
  email(value: string): Validation;
  /** defaultCountry: ISO 3166-1 alpha-2, for national numbers such as "0812-3456-7890",
   * "(021) 555 1234" or, in Indonesia, "62812…" without the plus */
  phone(value: string, defaultCountry?: string | null): PhoneValidation;
  address(value: CardAddress): AddressValidation;
};

/** As-you-type formatting. */
export const format: {
  /** "4111 1111 1111 1111", "3782 822463 10005" */
  number(raw: string): string;
  /** "MM / YY" */
  expiry(raw: string): string;
  /** Where the caret belongs in newValue after reformatting oldValue (UTF-16 positions). */
  caret(oldValue: string, newValue: string, caret: number): number;
};

/** Every code of the code table → its text in `locale` ("en" or "id"; default "en"). */
export function messages(locale?: string): Record<string, string>;

/** A card brand of the brand table: its id, the name shoppers know it by and its
 * security code's length. */
export interface BrandInfo {
  /** e.g. "american-express"; never "unknown" */
  id: Exclude<CardBrand, "unknown">;
  /** e.g. "American Express" */
  name: string;
  /** how many digits its security code has, e.g. 4 for American Express */
  cvc: number;
}

/** Every card brand cardseal recognises, in table order; e.g. to show the brand of
 * `cardseal:brand` as `brands().find((b) => b.id === brand)?.name`. */
export function brands(): BrandInfo[];

/** Options of `sealer.attach(form, options)`. */
export interface AttachOptions {
  /** name of the hidden input with the JWE, and prefix of the others; default "cardseal" */
  hiddenInputName?: string;
  /** one JWE per field, in inputs `cardseal_number`, `cardseal_cvc`, …; default false */
  perField?: boolean;
}

/** A form bound by `sealer.attach`. */
export interface Binding {
  /** Removes every listener and element the binding added and restores the attributes
   * it changed, except the `name`s it stripped from sealed fields. Again, does nothing. */
  detach(): void;
}

/** `detail` of the cancelable `cardseal:sealed` event; cancel it to post it yourself. */
export interface SealedDetail {
  /** the JWE, or with `perField` one per field: `{ number: jwe, cvc: jwe, … }` */
  jwe: string | Record<string, string>;
  kid: string;
  summary: Summary;
}

/** `detail` of `cardseal:invalid`: field → reason code, and the error code. */
export interface InvalidDetail {
  fields: Record<string, FieldCode>;
  code: CardSealErrorCode;
}

/** `detail` of `cardseal:brand`, dispatched when the number's brand changes. */
export interface BrandDetail { brand: CardBrand | null; }

declare global {
  // Empty here: without the DOM lib (Node) they keep this file compiling; with it, the
  // DOM's declarations merge in.
  interface HTMLFormElement {}
  interface CustomEvent<T = any> {
    readonly detail: T;
  }
  interface HTMLElementEventMap {
    "cardseal:sealed": CustomEvent<SealedDetail>;
    "cardseal:invalid": CustomEvent<InvalidDetail>;
    "cardseal:brand": CustomEvent<BrandDetail>;
  }
}
