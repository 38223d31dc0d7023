# The load and fault tests (issue 14 part 5, issue 25), run by hand, never by `make test`:
#   make load [LOAD_COUNT=20000] [LOAD_CONCURRENCY=32] [LOAD_SECONDS=600]
#             [LOAD_REPLAYS=1000] [LOAD_OUTAGE_SECONDS=3]
#   make load-failover [the same]
# www/server/examples/load/ starts a redis-server (a password generated for the run, an
# ACL user for the processors), two processors sharing it and the shop on free loopback
# ports, posts LOAD_COUNT checkouts sealed ahead of time by the Rust core, kills Redis for
# LOAD_OUTAGE_SECONDS at 45 % and stops one processor at 70 %, then prints throughput,
# p50/p99 latency and the counts (lost and approved twice must be 0); it exits non-zero if
# a check fails. `make load-failover` runs Redis as a primary, two replicas and three
# sentinels instead (`redis+sentinel://…?replicas=1`) and kills the primary for good at
# 45 %: it reports the refused window in seconds and the replays refused across the
# failover. Release builds (`release-native`). The short failover is in `make test`
# (open/tests/failover/).

.PHONY: load load-failover

LOAD_COUNT ?= 20000
LOAD_CONCURRENCY ?= 32
LOAD_SECONDS ?= 600
LOAD_REPLAYS ?= 1000
LOAD_OUTAGE_SECONDS ?= 3
LOAD_BIN_DIR = $(abspath $(or $(CARGO_TARGET_DIR),target))/release-native
LOAD_RUN = cargo build --quiet --profile release-native -p cardseal-demo --bin cardseal-demo --example load && \
  LOAD_COUNT=$(LOAD_COUNT) LOAD_CONCURRENCY=$(LOAD_CONCURRENCY) LOAD_SECONDS=$(LOAD_SECONDS) \
  LOAD_REPLAYS=$(LOAD_REPLAYS) LOAD_OUTAGE_SECONDS=$(LOAD_OUTAGE_SECONDS)

load: pkg setup-redis ## the demo under load and faults, one Redis (by hand)
	$(LOAD_RUN) LOAD_REDIS=one $(LOAD_BIN_DIR)/examples/load $(LOAD_BIN_DIR)/cardseal-demo

load-failover: pkg setup-redis ## the same on Redis Sentinel, the primary killed mid-run (by hand)
	$(LOAD_RUN) LOAD_REDIS=sentinel $(LOAD_BIN_DIR)/examples/load $(LOAD_BIN_DIR)/cardseal-demo
