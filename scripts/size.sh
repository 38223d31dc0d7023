#!/usr/bin/env bash
# Prints raw, gzip -9 and brotli -q 11 bytes of every file a page downloads from the
# package (pkg/, or $PKG_DIR), one total per page:
#   - in-page mode (the checkout page): the wasm and every .js module but the loader.
#     Fails when its gzip total is over the ceiling (issue 10): 72 KiB = 73,728 bytes.
#     The target is 64 KiB = 65,536.
#   - frame mode, the shop's page (issue 15): the loader frame.js alone, no wasm. Fails
#     over its own budget of 3 KB = 3,000 bytes gzip. (The frame page itself, on the key
#     holder's origin, downloads the in-page files above and the protocol module,
#     frame-protocol.js, which the loader has bundled in.)
set -euo pipefail
cd "${PKG_DIR:-$(dirname "$0")/../pkg}"
CEILING=$((72 * 1024))
TARGET=$((64 * 1024))
LOADER_BUDGET=3000
LOADER=frame.js
# The frame protocol: bundled into the loader; the frame page (the key holder's origin)
# imports it as a module of its own. Neither the in-page nor the shop's page loads it.
PROTOCOL=frame-protocol.js
command -v brotli >/dev/null || { echo "size: brotli is missing (scripts/setup.sh size installs it)" >&2; exit 1; }
row() { printf '%-52s %9d %9d %9d\n' "$@"; }
# Sums the files on stdin into tr/tg/tb, printing a row for each.
count() {
  tr=0; tg=0; tb=0
  while read -r f; do
    r=$(wc -c <"$f"); g=$(gzip -9 -n -c "$f" | wc -c); b=$(brotli -c -q 11 "$f" | wc -c)
    row "$f" "$r" "$g" "$b"
    tr=$((tr + r)); tg=$((tg + g)); tb=$((tb + b))
  done
}
printf '%-52s %9s %9s %9s\n' file raw gzip-9 brotli
count < <(find . \( -name '*.wasm' -o -name '*.js' \) ! -path "./$LOADER" ! -path "./$PROTOCOL" | sed 's#^\./##' | sort)
row TOTAL "$tr" "$tg" "$tb"
page=$tg
loader=0
if [[ -f $LOADER ]]; then
  echo
  printf '%-52s %9s %9s %9s\n' "frame mode, the shop's page (cardseal/frame)" raw gzip-9 brotli
  count <<<"$LOADER"
  row "LOADER TOTAL" "$tr" "$tg" "$tb"
  loader=$tg
  echo
fi
status=0
if ((page > CEILING)); then
  echo "size: OVER THE CEILING: $page bytes gzip > $CEILING (72 KiB)" >&2
  status=1
elif ((page > TARGET)); then
  echo "size: $page bytes gzip: under the 72 KiB ceiling ($CEILING), $((page - TARGET)) bytes over the 64 KiB target ($TARGET)"
else
  echo "size: $page bytes gzip: within the 64 KiB target ($TARGET; $((page * 100 / TARGET))%)"
fi
if [[ -f $LOADER ]]; then
  if ((loader > LOADER_BUDGET)); then
    echo "size: loader OVER ITS BUDGET: $loader bytes gzip > $LOADER_BUDGET (3 KB)" >&2
    status=1
  else
    echo "size: loader $loader bytes gzip: within its 3 KB budget ($LOADER_BUDGET; $((loader * 100 / LOADER_BUDGET))%)"
  fi
fi
exit $status
