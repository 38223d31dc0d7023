// Shared set-up for the Node tests: load the built package from pkg/ (or $PKG_DIR, another
// build: scripts/upstream-preview.sh runs the interop tests on its package) the way a
// Node 20 user does (initSync with the wasm bytes), and read the test keys.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = fileURLToPath(new URL("../../", import.meta.url));
const pkgDir = resolve(root, process.env.PKG_DIR ?? "pkg");
export const cardseal = await import(pathToFileURL(`${pkgDir}/index.js`).href);
cardseal.initSync({ module: readFileSync(`${pkgDir}/cardseal_bg.wasm`) });

export const key = (name) => readFileSync(`${root}tests/keys/${name}`, "utf8");
