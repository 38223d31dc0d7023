// Shortens the wasm's import names, in the wasm and in wasm-bindgen's glue alike:
//   node scripts/minify-imports.mjs DIR   (DIR/cardseal_bg.wasm and DIR/cardseal.js)
// wasm-bindgen names every import `__wbg_<name>_<16 hex digits>` under the module
// "./cardseal_bg.js": about 40 bytes each, ~30 of them, written twice (the wasm's import
// section, the glue's imports object), and the hashes do not compress. Renamed to `a`, `b`,
// … under the module "w", the page downloads about 0.7 KB gzip less. Only the import
// section changes (names only: every index stays); the glue's keys are renamed to match,
// and the build fails if the two do not agree one for one.
import { readFileSync, writeFileSync } from "node:fs";

const dir = process.argv[2];
const wasmPath = `${dir}/cardseal_bg.wasm`;
const gluePath = `${dir}/cardseal.js`;
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, "utf8");
const MODULE = "./cardseal_bg.js";

const die = (msg) => {
  console.error(`minify-imports: ${msg}`);
  process.exit(1);
};

/** An unsigned LEB128 at `at`: [value, next offset]. */
function leb(buf, at) {
  let v = 0;
  let shift = 0;
  for (;;) {
    const b = buf[at++];
    v += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [v, at];
  }
}
function uleb(v) {
  const out = [];
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}
const name = (s) => Buffer.concat([uleb(Buffer.byteLength(s)), Buffer.from(s)]);

/** Short names: a…z, A…Z, then two letters. */
const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const short = (i) => (i < LETTERS.length ? LETTERS[i] : LETTERS[Math.floor(i / LETTERS.length) - 1] + LETTERS[i % LETTERS.length]);

if (wasm.readUInt32LE(0) !== 0x6d736100) die(`${wasmPath} is not a wasm module`);
let at = 8;
const parts = [wasm.subarray(0, 8)];
const renamed = new Map();
while (at < wasm.length) {
  const id = wasm[at];
  const [size, body] = leb(wasm, at + 1);
  const end = body + size;
  if (id !== 2) {
    parts.push(wasm.subarray(at, end));
    at = end;
    continue;
  }
  // The import section: module name, field name, kind and its description, each kept but
  // the names.
  let [count, p] = leb(wasm, body);
  const out = [uleb(count)];
  while (count--) {
    const [mlen, m0] = leb(wasm, p);
    const module = wasm.subarray(m0, m0 + mlen).toString();
    const [flen, f0] = leb(wasm, m0 + mlen);
    const field = wasm.subarray(f0, f0 + flen).toString();
    p = f0 + flen;
    const kind = wasm[p++];
    if (kind === 0x00) p = leb(wasm, p)[1]; // function: type index
    else if (kind === 0x03) p += 2; // global: value type, mutability
    else die(`import ${module}.${field} of kind ${kind}: not handled`);
    const desc = wasm.subarray(f0 + flen, p);
    if (module !== MODULE) die(`import from ${module}, not ${MODULE}`);
    if (!renamed.has(field)) renamed.set(field, short(renamed.size));
    out.push(name("w"), name(renamed.get(field)), desc);
  }
  if (p !== end) die("the import section did not end where its size says");
  const content = Buffer.concat(out);
  parts.push(Buffer.from([2]), uleb(content.length), content);
  at = end;
}
if (!renamed.size) die("no imports found");

// The glue: `"./cardseal_bg.js": import0` and the keys of the imports object.
const moduleRef = `"${MODULE}": import0`;
if (glue.split(moduleRef).length !== 2) die(`the glue does not name ${MODULE} once`);
glue = glue.replace(moduleRef, `"w": import0`);
for (const [from, to] of renamed) {
  const key = new RegExp(`^(\\s+)${from}(: function)`, "m");
  if (!key.test(glue) || glue.split(from).length !== 2) die(`the glue does not define ${from} once`);
  glue = glue.replace(key, `$1${to}$2`);
}
writeFileSync(wasmPath, Buffer.concat(parts));
writeFileSync(gluePath, glue);
console.error(`minify-imports: ${renamed.size} imports renamed`);
