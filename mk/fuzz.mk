# Fuzzing (issue 10): cargo-fuzz targets in fuzz/ (its own workspace, nightly, ASan):
# key_import, der, json, base64, validators, open. `make fuzz` runs each for
# FUZZ_SECONDS (default 60) one after the other and prints execs, coverage and the
# result per target; FUZZ_TARGETS picks targets, FUZZ_ARGS adds libFuzzer flags, e.g.
#   make fuzz FUZZ_TARGETS="key_import der" FUZZ_ARGS=-runs=1000000 FUZZ_SECONDS=3600
# Crash inputs land in fuzz/artifacts/TARGET/ (git-ignored). Not part of `make test`;
# `make fuzz-check`, which only type-checks the targets, is.

.PHONY: fuzz fuzz-check fuzz-tools

FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= key_import der json base64 validators open
FUZZ_ARGS ?=

fuzz-tools:
	@cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz
	@rustup run nightly rustc --version >/dev/null || { echo "fuzz: needs the nightly toolchain (rustup toolchain install nightly)"; exit 1; }

fuzz: fuzz-tools ## run each fuzz target for FUZZ_SECONDS (by hand, nightly)
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS="$(FUZZ_TARGETS)" FUZZ_ARGS="$(FUZZ_ARGS)" fuzz/run.sh

# Type-checks every target against the current crates (no sanitizer build, no run), with
# the pinned stable toolchain, in its own target dir: part of `make test`, so that an API
# change cannot rot the targets (it happened three times in one day). About 2 min cold,
# a second warm.
TESTS += fuzz-check
fuzz-check: setup-rust ## type-check the fuzz targets against the current crates
	@[ fuzz/Cargo.lock -nt Cargo.lock ] || cp Cargo.lock fuzz/Cargo.lock
	CARGO_TARGET_DIR=$(abspath $(or $(CARGO_TARGET_DIR),target))/fuzz-check \
	  cargo check --quiet --manifest-path fuzz/Cargo.toml --bins
