// Shared set-up for the Node tests: load the built package from pkg/ the way a Node 20
// user does (initSync with the wasm bytes), and read the test keys.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../", import.meta.url));
export const cardseal = await import(new URL("pkg/index.js", `file://${root}`));
cardseal.initSync({ module: readFileSync(`${root}pkg/cardseal_bg.wasm`) });

export const key = (name) => readFileSync(`${root}tests/keys/${name}`, "utf8");
