// cardseal for Node (the "node" export condition): the package entry with the wasm inside
// this file, instantiated synchronously on first use. No init() and no path to the wasm:
// `import { CardSeal } from "cardseal"` works in a script, a test or a server route
// (Next.js, Vite SSR), bundled or not. Importing it still does nothing: the wasm is
// decoded and compiled by the first call that needs it.
import { initSync } from "./index.js";
import { lazy } from "./ready.js";
export * from "./index.js";
export { default } from "./index.js";

// The build (scripts/build-pkg.sh) puts the wasm's base64 in place of the placeholder, on
// a line of its own, and leaves this module unminified: an error's source line, which Node
// prints above an uncaught error, is then never the wasm.
lazy(() => initSync({ module: Buffer.from("__WASM_BASE64__", "base64") }));
