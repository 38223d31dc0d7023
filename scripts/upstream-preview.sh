#!/usr/bin/env bash
# The package as it would be with the changes we propose upstream (docs/upstream/*.diff;
# the issue texts are in BENCHMARKS.md): an experiment, never shipped, which keeps the
# figures of those texts reproducible. Each diff's first line names the crate and the
# version it was written against, which must be the one in Cargo.lock.
#
#   scripts/upstream-preview.sh [--test|--bench] copies the locked sources of each crate
#       into target/upstream-src/, applies its diff (fails if one does not apply), builds
#       the package against them into target/pkg-upstream (scripts/build-pkg.sh
#       --upstream-preview; Cargo.lock is put back after), prints its size
#       (scripts/size.sh) and runs the jose interop tests on it. --test (make test) also
#       fails when the preview is over the 64 KiB target, which the README says these
#       changes reach; --bench times pkg/ and it, one after the other (bench-seal.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
tdir=${CARGO_TARGET_DIR:-target}
src=$tdir/upstream-src
mode=${1:-build}

# Each diff's first line: "crate: NAME VERSION". The locked crates' sources are where cargo
# unpacks them (cargo fetch: quick when they are there).
mapfile -t diffs < <(ls docs/upstream/*.diff)
cargo fetch --quiet
registry=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ | head -1)
rm -rf "$src" && mkdir -p "$src"
for diff in "${diffs[@]}"; do
  read -r _ name version < "$diff"
  locked=$(awk -v n="$name" '$0 == "name = \"" n "\"" { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
  if ! grep -qxF "$version" <<<"$locked"; then
    echo "upstream-preview: $diff is against $name $version, Cargo.lock has ${locked:-none}: write it again" >&2
    exit 1
  fi
  if [[ ! -d $registry$name-$version ]]; then
    echo "upstream-preview: no source of $name $version under $registry" >&2
    exit 1
  fi
  cp -r "$registry$name-$version" "$src/$name"
  chmod -R u+w "$src/$name"
  patch --quiet --forward -p1 -d "$src/$name" < "$diff" || {
    echo "upstream-preview: $diff does not apply to $name $version" >&2
    exit 1
  }
done
cp Cargo.lock "$tdir/Cargo.lock.upstream-preview"
trap 'cp "$tdir/Cargo.lock.upstream-preview" Cargo.lock' EXIT
scripts/build-pkg.sh --upstream-preview "$src" | tail -1
cp "$tdir/Cargo.lock.upstream-preview" Cargo.lock
size=$(PKG_DIR=$tdir/pkg-upstream scripts/size.sh | grep '^size: [0-9]* bytes gzip')
echo "upstream-preview: $size"
interop=$(PKG_DIR=$tdir/pkg-upstream node --test tests/node/interop.test.mjs) || {
  echo "$interop" >&2
  echo "upstream-preview: the jose interop tests fail on $tdir/pkg-upstream" >&2
  exit 1
}
echo "upstream-preview: jose interop on $tdir/pkg-upstream:" $(grep -E '^# (pass|fail)' <<<"$interop")
if [[ $mode == --test && $size != *"within the 64 KiB target"* ]]; then
  echo "upstream-preview: even with the upstream changes the package is over the 64 KiB target" >&2
  exit 1
fi
if [[ $mode == --bench ]]; then
  for pkg in pkg "$tdir/pkg-upstream"; do
    echo "upstream-preview: make bench on $pkg"
    PKG_DIR=$pkg node scripts/bench-seal.mjs | sed -n '/^medians/,$p'
  done
fi
