#!/usr/bin/env bash
# Prints raw, gzip -9 and brotli -q 11 bytes of every file a page downloads from the
# package (pkg/, or $PKG_DIR): the wasm and every .js module. Fails when the gzip total is
# over the ceiling (issue 10): 72 KiB = 73,728 bytes. The target is 64 KiB = 65,536.
set -euo pipefail
cd "${PKG_DIR:-$(dirname "$0")/../pkg}"
CEILING=$((72 * 1024))
TARGET=$((64 * 1024))
command -v brotli >/dev/null || { echo "size: brotli is missing (scripts/setup.sh size installs it)" >&2; exit 1; }
printf '%-52s %9s %9s %9s\n' file raw gzip-9 brotli
tr=0; tg=0; tb=0
while read -r f; do
  r=$(wc -c <"$f"); g=$(gzip -9 -n -c "$f" | wc -c); b=$(brotli -c -q 11 "$f" | wc -c)
  printf '%-52s %9d %9d %9d\n' "$f" "$r" "$g" "$b"
  tr=$((tr + r)); tg=$((tg + g)); tb=$((tb + b))
done < <(find . \( -name '*.wasm' -o -name '*.js' \) | sed 's#^\./##' | sort)
printf '%-52s %9d %9d %9d\n' TOTAL "$tr" "$tg" "$tb"
if ((tg > CEILING)); then
  echo "size: OVER THE CEILING: $tg bytes gzip > $CEILING (72 KiB)" >&2
  exit 1
fi
if ((tg > TARGET)); then
  echo "size: $tg bytes gzip: under the 72 KiB ceiling ($CEILING), $((tg - TARGET)) bytes over the 64 KiB target ($TARGET)"
else
  echo "size: $tg bytes gzip: within the 64 KiB target ($TARGET; $((tg * 100 / TARGET))%)"
fi
