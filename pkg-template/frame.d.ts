// cardseal/frame: the secure-fields loader. No wasm; the card inputs live in the key
// holder's iframe and never enter the page's JavaScript realm.

import type { CardAddress } from "./index.js";

/** A card field inside the frame. */
export type FrameField = "number" | "expiry" | "cvc" | "name";

/** The allow-listed style the frame applies with CSSOM (anything else is dropped). */
export interface FrameStyle {
  color?: string;
  backgroundColor?: string;
  borderColor?: string;
  errorColor?: string;
  focusColor?: string;
  /** e.g. "16px", "1rem". */
  fontSize?: string;
  fontFamily?: "system-ui" | "sans-serif" | "serif" | "monospace" | "Arial" | "Helvetica"
    | "Georgia" | "Verdana" | "Tahoma" | "Roboto" | "Inter";
  /** One to four lengths, e.g. "8px 12px". */
  padding?: string;
}

export interface MountOptions {
  /** The key holder's frame page (https, or loopback in development). */
  frameUrl: string | URL;
  /** "en" (default) or "id". */
  locale?: string;
  style?: FrameStyle;
  /** The iframe's accessible title. Default "Card details". */
  title?: string;
  /** Milliseconds seal() waits for the frame. Default 30000. */
  timeout?: number;
}

/** What a "change" event reports for one field: its state, never its value. */
export interface FieldChange {
  field: FrameField;
  brand: string | null;
  valid: boolean;
  potentiallyValid: boolean;
  empty: boolean;
  focused: boolean;
  code: string | null;
  message: string | null;
}

/** The shop's own contact fields, sealed with the card into the same JWE. */
export interface FrameContact {
  name?: string;
  email?: string;
  phone?: string;
  address?: CardAddress;
}

export interface FrameSealed {
  /** Compact JWE (RSA-OAEP-256 + A256GCM) only the holder can open. */
  jwe: string;
  /** The key id the frame sealed for (the holder's, never the page's choice). */
  kid: string;
  /** Non-secret summary (brand, last four, expiry), as in-page sealing gives it. */
  summary: Record<string, unknown>;
}

export interface FrameReady {
  kid: string;
  holder: string;
}

export type CardFieldsErrorCode = "not_ready" | "destroyed" | "timeout" | "bad_contact" | (string & {});

export declare class CardFieldsError extends Error {
  readonly code: CardFieldsErrorCode;
}

export interface CardFields {
  /** Resolves once the frame has answered the handshake (and loaded its key). If the
   * frame cannot load its key, it never resolves and an "error" event is emitted. */
  readonly ready: Promise<FrameReady>;
  /** Messages ignored: wrong shape, too large, wrong version, or not over the channel. */
  readonly ignored: number;
  readonly kid: string | null;
  readonly holder: string | null;
  readonly iframe: HTMLIFrameElement;
  on(event: "change", listener: (change: FieldChange) => void): () => void;
  on(event: "ready", listener: (ready: FrameReady) => void): () => void;
  on(event: "error", listener: (error: CardFieldsError) => void): () => void;
  /** Seals the card fields and `contact` into one JWE inside the frame. */
  seal(contact?: FrameContact): Promise<FrameSealed>;
  /** Switches the frame's labels and messages ("en" or "id"); what is typed stays. */
  setLocale(locale: string): void;
  focus(field?: FrameField): void;
  /** Closes the channel, removes the iframe, rejects pending seals. */
  destroy(): void;
}

export declare function mountCardFields(container: Element, options: MountOptions): CardFields;

/** The allow-listed subset of a style object (what the loader passes to the frame). */
export declare function cleanStyle(style: unknown): FrameStyle;

/** Whether a frame→page message is well formed for this version (shape and size). */
export declare function validMessage(message: unknown): boolean;
