// Minifies every .js under DIR with terser:   node scripts/minify.mjs DIR
// Run on what a page downloads (the bundle and the loader), never on node.mjs (see
// scripts/inline-wasm.mjs). Class names stay readable in stack traces; /* @__PURE__ */
// marks stay for tree-shaking. The bundler turns `class CardSealError` into
// `var CardSealError = class …`, whose name is the variable's: that variable keeps its
// name (an error is `CardSealError: …`, not `e: …`, in a console).
import { minify } from "terser";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const walk = (d) =>
  readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? walk(p) : /\.js$/.test(f) ? [p] : [];
  });
for (const f of walk(process.argv[2])) {
  const out = await minify(readFileSync(f, "utf8"), {
    module: true,
    ecma: 2020,
    keep_classnames: true,
    mangle: { reserved: ["CardSealError"] },
    compress: { passes: 2 },
    format: { comments: false, preserve_annotations: true },
  });
  writeFileSync(f, out.code + "\n");
}
