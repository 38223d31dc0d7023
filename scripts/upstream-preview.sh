#!/usr/bin/env bash
# The package as it would be with the changes we propose upstream (docs/upstream/*.diff;
# the issue texts are in BENCHMARKS.md): an experiment, never shipped, which keeps the
# figures of those texts reproducible. Each diff's first line names the crate and the
# version it was written against, which must be the one in Cargo.lock.
#
#   scripts/upstream-preview.sh --check   each diff applies to the locked sources (lint)
#   scripts/upstream-preview.sh [--bench] copies the locked sources of each crate into
#       target/upstream-src/, applies its diff, builds the package against them into
#       target/pkg-upstream (scripts/build-pkg.sh --upstream-preview; Cargo.lock is put
#       back after), prints its size (scripts/size.sh), runs the jose interop tests on it,
#       and with --bench times pkg/ and it, one after the other (scripts/bench-seal.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
tdir=${CARGO_TARGET_DIR:-target}
registry=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ 2>/dev/null | head -1)
src=$tdir/upstream-src
mode=${1:-build}

# crate, version, diff: one line each, from the diffs' first lines ("crate: NAME VERSION").
mapfile -t diffs < <(ls docs/upstream/*.diff)
rm -rf "$src" && mkdir -p "$src"
for diff in "${diffs[@]}"; do
  read -r _ name version < "$diff"
  locked=$(awk -v n="$name" '$0 == "name = \"" n "\"" { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
  if [[ $locked != "$version" ]]; then
    echo "upstream-preview: $diff is against $name $version, Cargo.lock has ${locked:-none}: write it again" >&2
    exit 1
  fi
  if [[ ! -d $registry$name-$version ]]; then
    echo "upstream-preview: no source of $name $version under $registry (cargo fetch)" >&2
    exit 1
  fi
  cp -r "$registry$name-$version" "$src/$name"
  chmod -R u+w "$src/$name"
  patch --quiet --forward -p1 -d "$src/$name" < "$diff" || {
    echo "upstream-preview: $diff does not apply to $name $version" >&2
    exit 1
  }
done
if [[ $mode == --check ]]; then
  echo "upstream-preview: ${#diffs[@]} diffs apply to the locked crates"
  rm -rf "$src"
  exit 0
fi

cp Cargo.lock "$tdir/Cargo.lock.upstream-preview"
trap 'cp "$tdir/Cargo.lock.upstream-preview" Cargo.lock' EXIT
scripts/build-pkg.sh --upstream-preview "$src" | tail -1
cp "$tdir/Cargo.lock.upstream-preview" Cargo.lock
echo "== size of $tdir/pkg-upstream"
PKG_DIR=$tdir/pkg-upstream scripts/size.sh | grep '^size: [0-9]* bytes gzip'
echo "== jose interop on $tdir/pkg-upstream"
PKG_DIR=$tdir/pkg-upstream node --test tests/node/interop.test.mjs | grep -E '^# (pass|fail)'
if [[ $mode == --bench ]]; then
  for pkg in pkg "$tdir/pkg-upstream"; do
    echo "== make bench on $pkg"
    PKG_DIR=$pkg node scripts/bench-seal.mjs | sed -n '/^medians/,$p'
  done
fi
