// Writes DIR/integrity.json: the subresource-integrity hash (sha384) of every file a page
// or a bundler loads (.js and .wasm, not node.mjs, which only Node loads).
//   node scripts/integrity.mjs DIR
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const dir = process.argv[2];
const files = [];
const walk = (d) =>
  readdirSync(d).forEach((f) => {
    const p = join(d, f);
    statSync(p).isDirectory() ? walk(p) : /\.(js|wasm)$/.test(f) && files.push(p);
  });
walk(dir);
const out = {};
for (const f of files.sort())
  out[relative(dir, f)] = "sha384-" + createHash("sha384").update(readFileSync(f)).digest("base64");
writeFileSync(join(dir, "integrity.json"), JSON.stringify(out, null, 2) + "\n");
