#!/usr/bin/env bash
# Prints raw, gzip -9 and brotli bytes of every file a page downloads from pkg/
# (or from $PKG_DIR).
set -euo pipefail
cd "${PKG_DIR:-$(dirname "$0")/../pkg}"
printf '%-52s %9s %9s %9s\n' file raw gzip-9 brotli
tr=0; tg=0; tb=0
while read -r f; do
  r=$(wc -c <"$f"); g=$(gzip -9 -c "$f" | wc -c); b=$(brotli -c -q 11 "$f" | wc -c)
  printf '%-52s %9d %9d %9d\n' "$f" "$r" "$g" "$b"
  tr=$((tr + r)); tg=$((tg + g)); tb=$((tb + b))
done < <(find . -name '*.wasm' -o -name '*.js' | sed 's#^\./##' | sort)
printf '%-52s %9d %9d %9d\n' TOTAL "$tr" "$tg" "$tb"
budget=$((48 * 1024))
if ((tg > budget)); then
  echo "OVER BUDGET: $tg bytes gzip > $budget (48 KB)"
else
  echo "within budget: $tg of $budget bytes gzip ($((tg * 100 / budget))%)"
fi
