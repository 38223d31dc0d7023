#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm → wasm-bindgen --target web →
# wasm-opt -Oz → package files from pkg-template/ → rolldown → terser on every .js →
# integrity.json (SRI sha384). It only builds, bundles and copies: its Node steps are
# scripts/*.mjs (minify-imports, inline-wasm, minify, integrity).
#
# `scripts/build-pkg.sh --control` builds the memory suite's control package instead, into
# target/pkg-control: the same package with the shadow-stack wipe left out (feature
# control-no-stack-wipe). It is never published; it proves the memory scan finds secrets.
set -euo pipefail
cd "$(dirname "$0")/.."
target=wasm32-unknown-unknown
tdir=${CARGO_TARGET_DIR:-target}
out=pkg features=() patches=()
if [[ ${1:-} == --control ]]; then
  out=$tdir/pkg-control features=(--features control-no-stack-wipe)
elif [[ ${1:-} == --upstream-preview ]]; then
  # scripts/upstream-preview.sh: the package built against the crate sources in $2, each
  # a locked crate with a change proposed upstream applied (docs/upstream/). Never shipped.
  out=$tdir/pkg-upstream
  for src in "$2"/*/; do
    name=$(basename "$src")
    patches+=(--config "patch.crates-io.$name.path=\"$(cd "$src" && pwd)\"")
  done
fi

# no_std (see Cargo.toml's `std` feature); short source paths in the panic locations.
# The crypto crates' portable backends for a 32-bit target: 32-bit limbs (crypto-bigint,
# and faster than 64-bit on wasm32) and the compact soft AES and SHA-256 (smaller).
registry=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ 2>/dev/null | head -1)
rustlib="$(rustc --print sysroot)/lib/rustlib/src/rust"
crypto_cfg='--cfg cpubits="32" --cfg aes_backend_soft="compact" --cfg sha2_backend_soft="compact"'
# A 64 KiB shadow stack instead of rustc's 1 MiB: the deepest call, importing an 8192-bit
# key, uses about 27 KB (a seal 3 KB), and every export that reads a secret wipes the whole
# stack (cardseal_alloc::stack), so its size is what each call pays. tests/node/stack.test.mjs
# seals the largest form with the largest key within it; an overflow traps.
stack='-C link-arg=-zstack-size=65536'
RUSTFLAGS="$crypto_cfg $stack --remap-path-prefix=${registry%/}=crates --remap-path-prefix=$PWD=cardseal --remap-path-prefix=$rustlib=rust" \
  cargo build ${patches[@]+"${patches[@]}"} --release -p cardseal --target $target --no-default-features ${features[@]+"${features[@]}"} --quiet
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen "$tdir/$target/release/cardseal.wasm" --target web --out-dir "$out" --out-name cardseal
# The passes and features are in scripts/wasm-opt.flags (shared with scripts/bench-profile.mjs).
mapfile -t wasm_opt < <(grep -v -e '^#' -e '^$' scripts/wasm-opt.flags)
node_modules/.bin/wasm-opt "$out/cardseal_bg.wasm" -o "$out/cardseal_bg.wasm" "${wasm_opt[@]}" --strip-debug --strip-producers --strip-target-features
# Short import names in the wasm and the glue (the hashed ones do not compress).
node scripts/minify-imports.mjs "$out"

# The package's sources beside the glue, at the paths they import each other by
# (pkg-template/cardseal.js is only the glue's stand-in and is not copied). The JS error
# class reaches wasm-bindgen as a snippet, which it copies under a hashed folder: the glue
# is pointed at ./error.js instead, the one copy the sources import too. The wasm's
# sha384 is written into the runtime, for init()'s fetch(url, { integrity }).
glue_error="'./error.js'"
sed -i -E "s#'\./snippets/[^']+/pkg-template/error\.js'#$glue_error#" "$out/cardseal.js"
grep -q "from $glue_error" "$out/cardseal.js"
rm -rf "$out/snippets"
cp pkg-template/index.js pkg-template/attach.js pkg-template/error.js pkg-template/ready.js "$out/"
wasm_sri="sha384-$(openssl dgst -sha384 -binary "$out/cardseal_bg.wasm" | base64 -w0)"
sed -e "s#__WASM_INTEGRITY__#$wasm_sri#" pkg-template/runtime.js > "$out/runtime.js"
grep -q "$wasm_sri" "$out/runtime.js"
# The Node entry (node.mjs, the "node" export condition): the same modules, with the wasm
# inside as base64 (no path to resolve, which bundled server code gets wrong),
# instantiated on first use. No page loads it, so neither integrity.json nor make size
# (*.js and *.wasm) counts it. The base64 goes in after bundling (below), on a line of
# its own.
cp pkg-template/node.js "$out/node-entry.js"

# One self-contained ES module for the browser: the glue, the binding, the error class and
# the entry, bundled by rolldown into index.js, so that one SRI hash covers all the
# JavaScript that runs (and one gzip stream is ~600 B smaller than four). The separate
# modules are kept for the tests that call the raw wasm-bindgen exports, outside the
# package, in $tdir/pkg-modules/ (the real build only).
if [[ $out == pkg ]]; then
  rm -rf "$tdir/pkg-modules" && mkdir -p "$tdir/pkg-modules"
  cp "$out"/{index,runtime,attach,error,ready,cardseal}.js "$tdir/pkg-modules/"
fi
node_modules/.bin/rolldown "$out/index.js" --format esm --file "$out/bundle.js" --log-level warn
node_modules/.bin/rolldown "$out/node-entry.js" --format esm --file "$out/node.mjs" --log-level warn
rm -f "$out"/{index,runtime,attach,error,ready,node-entry,cardseal}.js "$out/cardseal.d.ts"
mv "$out/bundle.js" "$out/index.js"
# node.mjs stays unminified, with the wasm's base64 alone on its line.
node scripts/inline-wasm.mjs "$out"
# The secure-fields loader (cardseal/frame, issue 15): plain JS, no wasm, its own entry
# for the shop's page in frame mode; the in-page page never downloads it. One module with
# the frame protocol bundled in (what it uses of it: tree-shaken). The protocol module
# itself ships beside it for the frame page on the key holder's origin, which imports it.
node_modules/.bin/rolldown pkg-template/frame.js --format esm --file "$out/frame.js" --log-level warn
cp pkg-template/frame-protocol.js "$out/"

cp pkg-template/index.d.ts pkg-template/frame.d.ts pkg-template/README.md "$out/"
version=$(awk -F'"' '/^version = / {print $2; exit}' Cargo.toml)
sed "s/__VERSION__/$version/" pkg-template/package.json > "$out/package.json"
rm -f "$out/.gitignore"

# Minify what a page downloads (the bundle and the loader; the sources are in the repo,
# the glue is generated), not node.mjs (above).
node scripts/minify.mjs "$out"
# Subresource-integrity hashes of every file a page or bundler loads.
node scripts/integrity.mjs "$out"
echo "$out/ built: $(du -sb "$out/cardseal_bg.wasm" | cut -f1) bytes of wasm" >&2
