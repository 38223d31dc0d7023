#!/usr/bin/env bash
# `make demo`: the demo shop on 127.0.0.1:$PORT (default 8080) and the payment processor
# on 127.0.0.1:$PROCESSOR_PORT (default PORT+1). The key pair is made on first run into
# .demo/keys/ (git-ignored); the shop gets only the public key. Ctrl-C stops both.
# `make demo` has already built pkg/.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8080}
PROCESSOR_PORT=${PROCESSOR_PORT:-$((PORT + 1))}
tdir=${CARGO_TARGET_DIR:-target}

cargo build --quiet -p cardseal-open --bin cardseal -p cardseal-demo --bin cardseal-demo
if [[ ! -f .demo/keys/private.pem ]]; then
  "$tdir/debug/cardseal" keygen --out .demo/keys >/dev/null
  echo "demo: made a new processor key pair in .demo/keys/"
fi

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

"$tdir/debug/cardseal-demo" processor --listen "127.0.0.1:$PROCESSOR_PORT" \
  --private-key .demo/keys/private.pem &
pids+=($!)
"$tdir/debug/cardseal-demo" shop --listen "127.0.0.1:$PORT" \
  --processor "127.0.0.1:$PROCESSOR_PORT" --data .demo --www www --pkg pkg \
  --public-key .demo/keys/public.jwk &
pids+=($!)

echo "demo: open http://127.0.0.1:$PORT/ — test cards: 4242 4242 4242 4242 (approved),"
echo "      4000 0000 0000 0002 (declined); any future expiry, any CVC. Orders: /orders"
echo "demo: Ctrl-C stops the shop and the processor."
# Either service exiting ends the demo.
wait -n "${pids[@]}"
