# The load and fault test (issue 14 part 5), run by hand, never by `make test`:
#   make load [LOAD_COUNT=20000] [LOAD_CONCURRENCY=32] [LOAD_SECONDS=600]
#             [LOAD_REPLAYS=1000] [LOAD_OUTAGE_SECONDS=3]
# www/server/examples/load/ starts a redis-server, two processors sharing it and the
# shop on free loopback ports, posts LOAD_COUNT checkouts sealed ahead of time by the
# Rust core, kills Redis for LOAD_OUTAGE_SECONDS at 45 % and stops one processor at
# 70 %, then prints throughput, p50/p99 latency and the counts (lost and approved twice
# must be 0); it exits non-zero if a check fails. Release builds (`release-native`).

.PHONY: load

LOAD_COUNT ?= 20000
LOAD_CONCURRENCY ?= 32
LOAD_SECONDS ?= 600
LOAD_REPLAYS ?= 1000
LOAD_OUTAGE_SECONDS ?= 3
LOAD_BIN_DIR = $(abspath $(or $(CARGO_TARGET_DIR),target))/release-native

load: pkg setup-redis
	cargo build --quiet --profile release-native -p cardseal-demo --bin cardseal-demo --example load
	LOAD_COUNT=$(LOAD_COUNT) LOAD_CONCURRENCY=$(LOAD_CONCURRENCY) LOAD_SECONDS=$(LOAD_SECONDS) \
	  LOAD_REPLAYS=$(LOAD_REPLAYS) LOAD_OUTAGE_SECONDS=$(LOAD_OUTAGE_SECONDS) \
	  $(LOAD_BIN_DIR)/examples/load $(LOAD_BIN_DIR)/cardseal-demo
