# cardseal — the two commands are `make demo` and `make test`; see README.md.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PORT ?= 8080
export CARGO_TERM_COLOR ?= never
WASM_TARGET := wasm32-unknown-unknown

# Test targets that mk/*.mk fragments add to `make test`.
TESTS :=
include $(sort $(wildcard mk/*.mk))

.PHONY: setup test lint test-rust test-node pkg size bench demo

setup:
	scripts/setup.sh all

lint: setup
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p cardseal --target $(WASM_TARGET) --all-targets -- -D warnings
	cargo clippy -p cardseal -p cardseal-alloc --target $(WASM_TARGET) --no-default-features -- -D warnings

test-rust: setup
	cargo test --workspace

pkg: setup
	scripts/build-pkg.sh

test-node: pkg
	node --test tests/node/

size: pkg
	scripts/size.sh

# Sealing speed in Node, headless Chromium and headless Firefox ESR, each against its own
# WebCrypto doing the same work (medians of batches), side by side; prints figures, asserts
# none. BROWSER=chromium|firefox|none limits the browsers.
bench: pkg
	node scripts/bench-seal.mjs $(if $(BROWSER),--browser $(BROWSER))

test: setup lint test-rust test-node $(TESTS)
	@echo "make test: all passed"

demo: pkg
	scripts/demo.sh
