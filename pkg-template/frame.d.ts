// cardseal/frame: the secure-fields loader. No wasm; the card inputs live in the key
// holder's iframe and never enter the page's JavaScript realm.

import type { CardAddress } from "./index.js";

/** A card field inside the frame. */
export type FrameField = "number" | "expiry" | "cvc" | "name";

/**
 * The colours of a frame style. Each is kept above the legibility floor in its scheme,
 * against that scheme's background: opaque (no `transparent`, `inherit`, `currentcolor`
 * or alpha below 1); `color`, `errorColor` and `placeholderColor` at least 4.5:1 and
 * `focusColor` and `borderColor` 3:1 (WCAG 2: 1.4.3, 1.4.11). A background that would
 * leave one of the frame's own colours below that is refused too, so a dark
 * `backgroundColor` brings its own colours. A refused value is never applied: the frame
 * keeps its own, and the key is listed in `CardFields.refused`.
 */
export interface FrameColours {
  color?: string;
  backgroundColor?: string;
  borderColor?: string;
  errorColor?: string;
  focusColor?: string;
  placeholderColor?: string;
}

/**
 * The allow-listed style the frame applies with CSSOM (anything else is dropped). The
 * top-level colours are the light scheme's, `dark`'s the dark scheme's (refused ones are
 * reported as `dark.color`, …); sizes apply to both. `fontSize` at least 14px. The key
 * line and the frame's warnings take no style.
 */
export interface FrameStyle extends FrameColours {
  /** e.g. "16px", "1rem". */
  fontSize?: string;
  fontFamily?: "system-ui" | "sans-serif" | "serif" | "monospace" | "Arial" | "Helvetica"
    | "Georgia" | "Verdana" | "Tahoma" | "Roboto" | "Inter";
  /** One to four lengths, e.g. "8px 12px". */
  padding?: string;
  /** The inputs' corner radius, e.g. "6px", "0". */
  borderRadius?: string;
  /** The colours of the dark scheme (shown when `theme` is "dark", or "auto" and the
   * shopper's browser prefers dark). */
  dark?: FrameColours;
}

/** The frame's colour scheme: "auto" (the default) follows the shopper's browser
 * (`prefers-color-scheme`). */
export type FrameTheme = "light" | "dark" | "auto";

export interface MountOptions {
  /** The key holder's frame page (https, or loopback in development). */
  frameUrl: string | URL;
  /** "en" (default) or "id". */
  locale?: string;
  style?: FrameStyle;
  /** Light, dark, or (default) as the shopper's browser prefers. */
  theme?: FrameTheme;
  /** The iframe's accessible title. Default "Card details". */
  title?: string;
  /** Milliseconds seal() waits for the frame. Default 30000. */
  timeout?: number;
  /** ISO 3166-1 alpha-2 country, e.g. "ID": the frame reads a national `contact.phone`
   * ("0812-3456-7890") in it when the contact gives no address country, and seals it in
   * E.164 ("+6281234567890"). Without it a phone needs "+" and its country code. */
  defaultCountry?: string;
}

/**
 * What a "change" event reports for one field: its state, never its value, and only when
 * that state changes (the brand with the number field), never once per keystroke.
 */
export interface FieldChange {
  field: FrameField;
  /** The number's brand, e.g. "visa", as soon as its first digits tell. */
  brand: string | null;
  /** Only once complete: the page never learns the checks of a part-typed number. */
  valid: boolean;
  /** The shopper left the field with a value, or typed all it takes (for the number, a
   * length its brand takes of at least 16 digits, or the brand's longest). */
  complete: boolean;
  empty: boolean;
}

/**
 * What the frame noticed of the page around it, shown to the shopper in the frame as a
 * warning too (English or Indonesian). A page's monitoring should log these:
 * - `FOCUS_TAKEN`: a card field had the focus, and it left the frame within a second
 *   (or mid-typing) with no Tab or click in the frame, e.g. moved to a page input;
 * - `FRAME_OBSCURED`: a card field or the key line, wholly in view and once seen
 *   uncovered, is covered or made invisible for half a second (only where the browser
 *   tells: Chromium's IntersectionObserver v2; see `CardFields.checks`).
 */
export type FrameWarningCode = "FOCUS_TAKEN" | "FRAME_OBSCURED";

export interface FrameWarning {
  code: FrameWarningCode;
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

/**
 * The codes of frame mode's own table (the protocol module, with en/id texts): the
 * loader's (`FRAME_NOT_READY`: seal() before "ready"; `FRAME_CLOSED`: after destroy();
 * `FRAME_TIMEOUT`: no answer within `timeout`; `INVALID_CONTACT`: a contact value that is
 * not text of at most 200 characters) and the frame's (`KEY_UNAVAILABLE`: it could not
 * load its key, an "error" event; `SEAL_FAILED`: sealing failed unexpectedly); beside them
 * a refusal keeps the package's own code, e.g. `INVALID_FIELDS` (see `CardSealErrorCode`).
 */
export type FrameErrorCode = "FRAME_NOT_READY" | "FRAME_CLOSED" | "FRAME_TIMEOUT" | "INVALID_CONTACT" | "KEY_UNAVAILABLE" | "SEAL_FAILED";

export type CardFieldsErrorCode = FrameErrorCode | (string & {});

export declare class CardFieldsError extends Error {
  readonly code: CardFieldsErrorCode;
  /** With `INVALID_FIELDS`: each failing field, the frame's and the contact's, with its
   * code, e.g. `{ phone: "MISSING_COUNTRY_CODE" }` (the `message` is theirs, in the
   * locale); else null. */
  readonly fields: Record<string, string> | null;
}

export interface CardFields {
  /** Resolves once the frame has answered the handshake (and loaded its key). If the
   * frame cannot load its key, it never resolves and an "error" event is emitted. */
  readonly ready: Promise<FrameReady>;
  /** Messages ignored: wrong shape, too large, wrong version, or not over the channel. */
  readonly ignored: number;
  readonly kid: string | null;
  readonly holder: string | null;
  /** The warnings this frame can raise in this browser (set when ready): FRAME_OBSCURED
   * only where the browser reports covering (Chromium), not in Firefox or Safari. */
  readonly checks: readonly FrameWarningCode[];
  /** Style keys refused by the loader (not allow-listed, or a value that does not match)
   * or, once ready, by the frame (under its legibility floor); the dark scheme's as
   * `dark.color`, … */
  readonly refused: readonly string[];
  readonly iframe: HTMLIFrameElement;
  on(event: "change", listener: (change: FieldChange) => void): () => void;
  on(event: "warning", listener: (warning: FrameWarning) => void): () => void;
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

/** The allow-listed subset of a style object (what the loader passes to the frame); the
 * keys it drops are pushed to `refused` when given. */
export declare function cleanStyle(style: unknown, refused?: string[]): FrameStyle;

/** Whether a frame→page message is well formed for this version (shape and size). */
export declare function validMessage(message: unknown): boolean;
