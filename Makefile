# cardseal — the two commands are `make demo` and `make test`; see README.md.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PORT ?= 8080
export CARGO_TERM_COLOR ?= never
WASM_TARGET := wasm32-unknown-unknown

# Test targets that mk/*.mk fragments add to `make test`.
TESTS :=
include $(sort $(wildcard mk/*.mk))

.PHONY: pkg-control setup setup-rust setup-node setup-browsers setup-size test lint test-rust test-node pkg size bench demo

# Each target installs only what it uses (scripts/setup.sh is idempotent and quick when
# everything is there): building the package needs no browser.
setup:
	scripts/setup.sh all
setup-rust:
	scripts/setup.sh rust
setup-node:
	scripts/setup.sh node
setup-browsers:
	scripts/setup.sh browsers
setup-size:
	scripts/setup.sh size

lint: setup-rust
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p cardseal --target $(WASM_TARGET) --all-targets -- -D warnings
	cargo clippy -p cardseal -p cardseal-alloc --target $(WASM_TARGET) --no-default-features -- -D warnings

test-rust: setup-rust
	cargo test --workspace

pkg: setup-rust setup-node
	scripts/build-pkg.sh

# The memory suite's control: the package without the shadow-stack wipe (never shipped).
pkg-control: setup-rust setup-node
	scripts/build-pkg.sh --control

test-node: pkg setup-browsers
	node --test tests/node/

# Download sizes of the package; fails over the 72 KiB gzip ceiling (part of make test).
size: pkg setup-size
	scripts/size.sh

# Sealing speed in Node, headless Chromium and headless Firefox ESR, each against its own
# WebCrypto doing the same work (medians of batches), side by side; prints figures, asserts
# none. BROWSER=chromium|firefox|none limits the browsers.
bench: pkg setup-browsers
	node scripts/bench-seal.mjs $(if $(BROWSER),--browser $(BROWSER))

test: lint test-rust test-node size $(TESTS)
	@echo "make test: all passed"

demo: pkg
	scripts/demo.sh
