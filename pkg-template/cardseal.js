// A stand-in for wasm-bindgen's generated glue. The build (scripts/build-pkg.sh) writes
// the real cardseal.js at this path in pkg/, beside the sources that import it, and never
// ships this file. It is here so that an editor, grep or a drawing of the imports can
// follow attach.js → runtime.js → cardseal.js → error.js without a build: it exports the
// glue's names, each failing if called, and tests/node/package.test.mjs checks they are
// exactly the generated glue's.
import { CardSealError } from "./error.js";

const unbuilt = () => {
  throw new CardSealError("NOT_READY", "pkg-template/cardseal.js is a stand-in: run make pkg");
};

export class CardSeal {
  constructor() {
    unbuilt();
  }
}
export {
  unbuilt as brands,
  unbuilt as codes,
  unbuilt as default,
  unbuilt as deferWipe,
  unbuilt as fieldTable,
  unbuilt as formatField,
  unbuilt as initSync,
  unbuilt as keyInfo,
  unbuilt as messages,
  unbuilt as validateField,
  unbuilt as wipeStack,
};
