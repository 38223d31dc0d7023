// The package the page loads (pkg/, or $CARDSEAL_PKG), loaded in Node too: the tests
// compare the page with the package's own messages and keys, never with copies.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PKG } from "./harness.mjs";

const cardseal = await import(join(PKG, "index.js"));
cardseal.initSync({ module: readFileSync(join(PKG, "cardseal_bg.wasm")) });

export const { CardSeal, keyInfo, messages } = cardseal;
