// cardseal: seal checkout fields in the browser with the merchant's public key.
// The package entry. Importing it touches no window or document (safe under SSR).
export { default, initSync, CardSeal, keyInfo } from "./cardseal.js";
export { CardSealError } from "__ERROR_JS__";
