export { default, initSync, CardSeal, keyInfo } from "./cardseal.js";
export type { InitInput, InitOutput, SyncInitInput } from "./cardseal.js";

/** Every cardseal failure. `code` is stable; `message` is in the sealer's locale. */
export class CardSealError extends Error {
  readonly name: "CardSealError";
  /** e.g. "PRIVATE_KEY_PASTED", "WEAK_KEY", "INVALID_KEY", "INVALID_FIELDS" */
  readonly code: string;
  /** for INVALID_FIELDS: field name → reason code, e.g. { number: "LUHN_FAILED" } */
  readonly fields?: Record<string, string>;
}

/** The fields `seal` and `sealEach` accept. Give the ones the processor needs. */
export interface CardFields {
  number?: string;
  /** "MM/YY", "MM / YYYY", "MMYY", …; or give exp_month and exp_year */
  expiry?: string;
  exp_month?: string | number;
  exp_year?: string | number;
  cvc?: string;
  name?: string;
  email?: string;
  phone?: string;
  address?: {
    line1?: string; line2?: string; city?: string; region?: string;
    postal_code?: string; country?: string;
  };
}

/** Safe to store and show to shop staff: never the full number, never the CVC. */
export interface Summary {
  brand: string | null;
  last4: string | null;
  exp_month: number | null;
  exp_year: number | null;
}

export interface Sealed { jwe: string; kid: string; summary: Summary; }

export interface KeyInfo {
  kid: string;
  thumbprint: string;
  bits: number;
  format: "spki-pem" | "pkcs1-pem" | "x509-pem" | "jwk" | "jwks" | "base64-der" | "adyen-cse";
  /** e.g. "CERT_EXPIRED", "CERT_NOT_YET_VALID", "LEGACY_FORMAT" */
  warnings: string[];
}
