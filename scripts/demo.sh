#!/usr/bin/env bash
# `make demo`: the demo shop on 127.0.0.1:$PORT (default 8080) and the payment processor
# on 127.0.0.1:$PROCESSOR_PORT (default PORT+1). The key pair is made on first run into
# .demo/keys/ (git-ignored); the shop gets only the public key. Ctrl-C stops them all.
# `make demo` has already built pkg/.
#
# PROCESSORS=N (default 1) starts N processors on PROCESSOR_PORT, PROCESSOR_PORT+1, …,
# sharing one replay guard in a redis-server on 127.0.0.1:$REDIS_PORT (default PORT+100;
# its append-only file in .demo/redis/); the shop's relays take turns across them.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8080}
PROCESSOR_PORT=${PROCESSOR_PORT:-$((PORT + 1))}
PROCESSORS=${PROCESSORS:-1}
REDIS_PORT=${REDIS_PORT:-$((PORT + 100))}
tdir=${CARGO_TARGET_DIR:-target}
if ! [[ $PROCESSORS =~ ^[1-9][0-9]?$ ]]; then
  echo "demo: PROCESSORS must be a number from 1 to 99" >&2
  exit 2
fi

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

store=()
if ((PROCESSORS > 1)); then
  scripts/setup.sh redis
  mkdir -p .demo/redis
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly yes \
    --dir "$PWD/.demo/redis" --daemonize no --loglevel warning &
  pids+=($!)
  store=(--replay-store "redis://127.0.0.1:$REDIS_PORT")
fi
addrs=()
for ((i = 0; i < PROCESSORS; i++)); do
  addr="127.0.0.1:$((PROCESSOR_PORT + i))"
  # Each processor also serves the card frame of frame mode (issue 15) on its own origin,
  # for the shop's origin only; the frame takes its key from the processor's own JWKS.
  "$tdir/debug/cardseal-demo" processor --listen "$addr" \
    --private-key .demo/keys/private.pem ${store[@]+"${store[@]}"} \
    --frame www/frame --pkg pkg --public-key .demo/keys/public.jwk \
    --frame-jwks /.well-known/jwks.json \
    --frame-origins "http://127.0.0.1:$PORT" --holder "Demo Processor" &
  pids+=($!)
  addrs+=("$addr")
done
"$tdir/debug/cardseal-demo" shop --listen "127.0.0.1:$PORT" \
  --processor "$(IFS=,; echo "${addrs[*]}")" --data .demo --www www --pkg pkg \
  --public-key .demo/keys/public.jwk --frame-url "http://127.0.0.1:$PROCESSOR_PORT/frame/" &
pids+=($!)

echo "demo: open http://127.0.0.1:$PORT/ — test cards: 4242 4242 4242 4242 (approved),"
echo "      4000 0000 0000 0002 (declined); any future expiry, any CVC. Orders: /orders"
echo "      Merchants: check a processor's public key at http://127.0.0.1:$PORT/setup"
echo "      Frame mode (the card fields in the processor's iframe): http://127.0.0.1:$PORT/?mode=frame"
if ((PROCESSORS > 1)); then
  echo "demo: $PROCESSORS processors (${addrs[*]}) share the Redis on 127.0.0.1:$REDIS_PORT."
fi
echo "demo: Ctrl-C stops the shop, the processors and Redis."
# Any service exiting ends the demo.
wait -n "${pids[@]}"
