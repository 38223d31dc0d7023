# cardseal-open (issue 3): the processor side. Its Rust tests run in `cargo test
# --workspace` (the Redis ones need setup-redis, a prerequisite of test-rust in the
# Makefile); here are the Node interop tests and the benchmark.

TESTS += test-open
.PHONY: test-open bench-open

# The CLI the Node tests run (debug build, in cargo's target dir).
OPEN_CLI = $(abspath $(or $(CARGO_TARGET_DIR),target))/debug/cardseal

# JWEs made by `jose` and by the built npm package (pkg/) opened by the CLI, and CLI
# JWEs opened by `jose`.
test-open: pkg ## the CLI against jose and the built package: JWEs each way
	cargo build --quiet -p cardseal-cli --bin cardseal
	CARDSEAL_BIN=$(OPEN_CLI) node --test cli/tests/node/

# JWEs opened per second on one core beside `openssl speed -seconds 3 rsa2048`, with the
# in-memory replay store and with a Redis one; and the cost of hostile headers.
bench-open: setup-rust setup-redis ## JWEs opened per second, in-memory and Redis replay stores
	cargo run --quiet --profile release-native -p cardseal-open --example bench_open
