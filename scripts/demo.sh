#!/usr/bin/env bash
# `make demo`: the demo shop on 127.0.0.1:$PORT (default 8080) and the payment processor:
# its card frame on 127.0.0.1:$PROCESSOR_PORT (default PORT+1), its API on
# 127.0.0.1:$API_PORT (default PORT+200), for the shop alone. Made on first run into the
# git-ignored .demo/, each readable by its owner only: the processor's key pair
# (.demo/keys/; the shop gets only the public key), the shop's API key for the processor
# (.demo/api-key) and the staff password for /orders (.demo/staff-password, printed once).
# Ctrl-C stops them all. `make demo` has already built pkg/.
#
# PROCESSORS=N (default 1) starts N processors on PROCESSOR_PORT, PROCESSOR_PORT+1, …,
# sharing one replay guard in Redis; the shop's relays take turns across them.
# REDIS=one (the default with PROCESSORS > 1) is one redis-server; REDIS=sentinel (with 2
# processors unless PROCESSORS says otherwise) is a primary, two replicas and three
# sentinels, the processors using redis+sentinel://…?replicas=1: kill the primary and
# watch the checkouts fail closed for a few seconds, then go on. Either way on free
# loopback ports, with passwords generated for the run and an ACL user for the processors
# (open/examples/redis_topology.rs, the configuration the tests use); the URL, which holds
# the password, goes to the processors in their environment (.demo/redis/url, mode 0600).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8080}
PROCESSOR_PORT=${PROCESSOR_PORT:-$((PORT + 1))}
REDIS=${REDIS:-}
if [[ $REDIS == sentinel ]]; then PROCESSORS=${PROCESSORS:-2}; fi
PROCESSORS=${PROCESSORS:-1}
API_PORT=${API_PORT:-$((PORT + 200))}
tdir=${CARGO_TARGET_DIR:-target}
if ! [[ $PROCESSORS =~ ^[1-9][0-9]?$ ]]; then
  echo "demo: PROCESSORS must be a number from 1 to 99" >&2
  exit 2
fi
if [[ -z $REDIS ]]; then
  if ((PROCESSORS > 1)); then REDIS=one; else REDIS=none; fi
fi
if ! [[ $REDIS =~ ^(none|one|sentinel)$ ]]; then
  echo "demo: REDIS must be none, one or sentinel" >&2
  exit 2
fi

cargo build --quiet -p cardseal-cli --bin cardseal -p cardseal-demo --bin cardseal-demo
if [[ $REDIS != none ]]; then
  cargo build --quiet -p cardseal-open --example redis_topology
fi
if [[ ! -f .demo/keys/private.pem ]]; then
  "$tdir/debug/cardseal" keygen --out .demo/keys >/dev/null
  echo "demo: made a new processor key pair in .demo/keys/"
fi
# A secret: 32 random bytes, base64url, in a file only its owner may read.
secret() { (umask 077 && head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$1"); }
if [[ ! -f .demo/api-key ]]; then
  secret .demo/api-key
  echo "demo: made the shop's API key for the processor in .demo/api-key"
fi
if [[ ! -f .demo/staff-password ]]; then
  secret .demo/staff-password
  echo "demo: the staff password for /orders, shown this once: $(cat .demo/staff-password)"
  echo "      (it stays in .demo/staff-password)"
fi

pids=()
redis_pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}" ${redis_pids[@]+"${redis_pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

store=
if [[ $REDIS != none ]]; then
  scripts/setup.sh redis
  # Each run's configurations and append-only files, under .demo/redis/ (git-ignored).
  rm -rf .demo/redis && mkdir -p .demo/redis
  # The servers are not this shell's children: they are stopped by pid, and one dying
  # (a killed primary) does not end the demo.
  while read -r _ pid; do redis_pids+=("$pid"); done \
    < <(TMPDIR="$PWD/.demo/redis" "$tdir/debug/examples/redis_topology" "$REDIS" .demo/redis/url)
  store=$(<.demo/redis/url)
fi
# The shop pins the processor's key by its thumbprint, computed from the processor's own
# private key (not read from the key setting), so a changed key setting is refused too.
pin=$("$tdir/debug/cardseal" key-info .demo/keys/private.pem | sed -n 's/.*"kid":"\([A-Za-z0-9_-]\{43\}\)".*/\1/p')
# The card frame's release configuration (what a processor gives `cardseal frame build`;
# the processor builds the same release at start-up): the shop's origin may embed it, and
# the frame takes its key from the processor's own JWKS, pinned by its thumbprint.
cat >.demo/frame.toml <<EOF
holder = "Demo Processor"
package = "../pkg"
[key]
file = "keys/public.jwk"
jwks = "/.well-known/jwks.json"
[[merchant]]
id = "shop"
origins = ["http://127.0.0.1:$PORT"]
EOF
addrs=()
for ((i = 0; i < PROCESSORS; i++)); do
  addr="127.0.0.1:$((API_PORT + i))"
  # Each processor serves its API to the shop (with the API key) on one listener, and the
  # card frame of frame mode (issue 15) on another, its public origin, for the shop's
  # origin only; the frame takes its key from the processor's own JWKS.
  CARDSEAL_REPLAY_STORE=$store "$tdir/debug/cardseal-demo" processor --api-listen "$addr" \
    --api-key-file .demo/api-key --listen "127.0.0.1:$((PROCESSOR_PORT + i))" \
    --private-key .demo/keys/private.pem --frame-config .demo/frame.toml &
  pids+=($!)
  addrs+=("$addr")
done
"$tdir/debug/cardseal-demo" shop --listen "127.0.0.1:$PORT" \
  --processor "$(IFS=,; echo "${addrs[*]}")" --processor-key-file .demo/api-key \
  --staff-password-file .demo/staff-password --data .demo --www www --pkg pkg \
  --public-key .demo/keys/public.jwk --pin-kid "$pin" --frame-url "http://127.0.0.1:$PROCESSOR_PORT/frame/shop/" &
pids+=($!)

echo "demo: open http://127.0.0.1:$PORT/ — test cards: 4242 4242 4242 4242 (approved),"
echo "      4000 0000 0000 0002 (declined); any future expiry, any CVC."
echo "      Orders (staff login, the password in .demo/staff-password): http://127.0.0.1:$PORT/orders"
echo "      Merchants: check a processor's public key at http://127.0.0.1:$PORT/setup"
echo "      Frame mode (the card fields in the processor's iframe): http://127.0.0.1:$PORT/?mode=frame"
if [[ $REDIS != none ]]; then
  echo "demo: $PROCESSORS processors (APIs ${addrs[*]}) share one replay guard in Redis ($REDIS)."
fi
echo "demo: Ctrl-C stops the shop, the processors and Redis."
# Any service exiting ends the demo.
wait -n "${pids[@]}"
