// Puts the wasm into the Node entry, as base64 on a line of its own:
//   node scripts/inline-wasm.mjs DIR   (DIR/node.mjs and DIR/cardseal_bg.wasm)
// node.mjs stays unminified, and the base64 sits alone on its line: Node prints the
// source line an uncaught error was thrown from, which is then one readable line of the
// entry, never the 200 KB of wasm (tests/node/node-errors.test.mjs).
import { readFileSync, writeFileSync } from "node:fs";

const dir = process.argv[2];
const file = `${dir}/node.mjs`;
const MARK = '"__WASM_BASE64__"';
const js = readFileSync(file, "utf8");
const at = js.indexOf(MARK);
if (at < 0 || js.indexOf("__WASM_BASE64__", at + MARK.length) >= 0) {
  console.error('inline-wasm: node.mjs has not exactly one "__WASM_BASE64__"');
  process.exit(1);
}
const b64 = readFileSync(`${dir}/cardseal_bg.wasm`).toString("base64");
writeFileSync(file, js.slice(0, at) + "`\n" + b64 + "\n`" + js.slice(at + MARK.length));
