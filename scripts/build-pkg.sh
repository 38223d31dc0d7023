#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm → wasm-bindgen --target web →
# wasm-opt -Oz → package files from pkg-template/ → terser on every .js → integrity.json
# (SRI sha384).
set -euo pipefail
cd "$(dirname "$0")/.."
target=wasm32-unknown-unknown
tdir=${CARGO_TARGET_DIR:-target}

# no_std (see Cargo.toml's `std` feature); short source paths in the panic locations.
registry=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ 2>/dev/null | head -1)
rustlib="$(rustc --print sysroot)/lib/rustlib/src/rust"
RUSTFLAGS="--remap-path-prefix=${registry%/}=crates --remap-path-prefix=$PWD=cardseal --remap-path-prefix=$rustlib=rust" \
  cargo build --release -p cardseal --target $target --no-default-features --quiet
rm -rf pkg && mkdir -p pkg
wasm-bindgen "$tdir/$target/release/cardseal.wasm" --target web --out-dir pkg --out-name cardseal
node_modules/.bin/wasm-opt pkg/cardseal_bg.wasm -o pkg/cardseal_bg.wasm -Oz --strip-debug --strip-producers --strip-target-features \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue --enable-mutable-globals

# The JS error class travels as a wasm-bindgen snippet under a hashed folder; the entry
# module re-exports it from there.
error_js=$(cd pkg && ls snippets/*/js/error.js)
sed "s#__ERROR_JS__#./$error_js#" pkg-template/index.js > pkg/index.js
# The form binding (sealer.attach), plain JS over the entry's exports.
cp js/attach.js pkg/attach.js
cp pkg-template/index.d.ts pkg-template/README.md pkg/
version=$(awk -F'"' '/^version = / {print $2; exit}' Cargo.toml)
sed "s/__VERSION__/$version/" pkg-template/package.json > pkg/package.json
rm -f pkg/.gitignore

# Minify what a page downloads (the glue is generated code; the sources are in the repo).
# Class names stay readable in stack traces; /* @__PURE__ */ marks stay for tree-shaking.
node --input-type=module - <<'JS'
import { minify } from "terser";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
const walk = (d) => readdirSync(d).flatMap((f) => {
  const p = join(d, f);
  return statSync(p).isDirectory() ? walk(p) : f.endsWith(".js") ? [p] : [];
});
for (const f of walk("pkg")) {
  const out = await minify(readFileSync(f, "utf8"), {
    module: true, ecma: 2020, keep_classnames: true,
    compress: { passes: 2 }, format: { comments: false, preserve_annotations: true },
  });
  writeFileSync(f, out.code + "\n");
}
JS

# Subresource-integrity hashes of every file a page or bundler loads.
node - <<'JS'
const { createHash } = require("node:crypto");
const { readFileSync, readdirSync, statSync, writeFileSync } = require("node:fs");
const { join, relative } = require("node:path");
const files = [];
const walk = (d) => readdirSync(d).forEach((f) => {
  const p = join(d, f);
  statSync(p).isDirectory() ? walk(p) : /\.(js|wasm)$/.test(f) && files.push(p);
});
walk("pkg");
const out = {};
for (const f of files.sort())
  out[relative("pkg", f)] = "sha384-" + createHash("sha384").update(readFileSync(f)).digest("base64");
writeFileSync("pkg/integrity.json", JSON.stringify(out, null, 2) + "\n");
JS
echo "pkg/ built: $(du -sb pkg/cardseal_bg.wasm | cut -f1) bytes of wasm" >&2
