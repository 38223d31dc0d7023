# cardseal — the two commands are `make demo` and `make test`; see README.md.
#
# `make test` runs its phases one after the other: lint, test-rust, test-node and size
# (below), then the TESTS that the fragments in mk/ add (one file a part, included in
# file-name order). `make help` prints the phases in the order they run, each with what
# it checks (the `##` note on its rule line) and what it needs (its prerequisites, read
# from make's own database); `make PHASE` runs one. The setup targets, which install what
# a phase needs (scripts/setup.sh, idempotent), are all here, with the prerequisites
# that tie a phase to them.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PORT ?= 8080
export CARGO_TERM_COLOR ?= never
WASM_TARGET := wasm32-unknown-unknown

# Test targets that mk/*.mk fragments add to `make test`.
TESTS :=
include $(sort $(wildcard mk/*.mk))

# The phases of `make test`, in the order it runs them.
PHASES = lint test-rust test-node size $(TESTS)

.PHONY: help pkg-control setup setup-rust setup-node setup-browsers setup-size setup-redis setup-nginx setup-audit test lint test-rust test-node pkg size bench demo

# Each target installs only what it uses (scripts/setup.sh is idempotent and quick when
# everything is there): building the package needs no browser.
setup: ## all of the setup targets below
	scripts/setup.sh all
setup-rust: ## the pinned Rust toolchain, the wasm32 target, wasm-bindgen-cli
	scripts/setup.sh rust
setup-node: ## the Node dev dependencies (npm ci)
	scripts/setup.sh node
setup-browsers: ## chromium, chromium-driver, firefox-esr, webkit2gtk-driver, xvfb (Debian), geckodriver (crates.io)
	scripts/setup.sh browsers
setup-size: ## brotli
	scripts/setup.sh size
# The Redis replay store's tests in `cargo test --workspace` start their own redis-server
# on a free loopback port, and so do `make bench-open` and `make load`.
setup-redis: ## redis-server and openssl (Debian)
	scripts/setup.sh redis
# The audit's tests serve pages over HTTPS with nginx and a self-signed certificate.
# The frame release's tests serve it with nginx.
setup-nginx: ## nginx-light (Debian)
	scripts/setup.sh nginx
setup-audit: ## nginx-light and openssl (Debian)
	scripts/setup.sh audit

lint: setup-rust ## cargo fmt --check; clippy -D warnings, native and wasm32 (std and no_std)
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p cardseal --target $(WASM_TARGET) --all-targets -- -D warnings
	cargo clippy -p cardseal -p cardseal-alloc --target $(WASM_TARGET) --no-default-features -- -D warnings

test-rust: setup-rust setup-redis setup-nginx ## cargo test --workspace: every crate's unit and integration tests, Redis ones included
	cargo test --workspace

pkg: setup-rust setup-node ## the npm package in pkg/ (scripts/build-pkg.sh)
	scripts/build-pkg.sh

# The memory suite's control: the package without the shadow-stack wipe (never shipped).
pkg-control: setup-rust setup-node ## the residue suite's control package in target/pkg-control
	scripts/build-pkg.sh --control

test-node: pkg setup-browsers ## the package in Node 20 (tests/node/): jose interop, types, bundlers, SSR, tables, docs
	node --test tests/node/

# Download sizes of the package; fails over the 72 KiB gzip ceiling (part of make test).
size: pkg setup-size ## the package's download sizes; fails over the 72 KiB gzip ceiling
	scripts/size.sh

# Sealing speed in Node, headless Chromium, headless Firefox ESR and WebKitGTK (under Xvfb),
# each against its own WebCrypto doing the same work (medians of batches), side by side;
# prints figures, asserts none. BROWSER=chromium|firefox|webkit|none limits the browsers.
bench: pkg setup-browsers ## sealing speed in Node, Chromium, Firefox and WebKitGTK against WebCrypto
	node scripts/bench-seal.mjs $(if $(BROWSER),--browser $(BROWSER))

test: $(PHASES)
	@echo "make test: all passed"

demo: pkg ## the demo shop and processor on http://127.0.0.1:8080 (PORT=…)
	scripts/demo.sh

# The `##` notes of the rule lines in the Makefile and mk/*.mk, and each phase's
# prerequisites from `make -p` (the database make itself runs from). Fails if a phase has
# no note, so a fragment cannot add a phase that `make help` does not explain.
HELP_NOTES = grep -h -E '^[a-zA-Z0-9_.-]+:[^=]*\#\# ' $(MAKEFILE_LIST) | sed -E 's/^([^:]+):[^\#]*\#\# */\1\t/'
help: ## this list
	@notes=$$($(HELP_NOTES)); \
	db=$$($(MAKE) --no-print-directory -p -n -R -r .help-nothing 2>/dev/null || true); \
	note() { awk -F'\t' -v t="$$1" '$$1 == t { print $$2; exit }' <<<"$$notes"; }; \
	needs() { awk -v t="$$1:" '$$1 == t { $$1 = ""; sub(/^ +/, ""); print; exit }' <<<"$$db"; }; \
	echo "make test runs these phases, in this order (make PHASE runs one):"; \
	for p in $(PHASES); do \
	  n=$$(note $$p); [[ -n $$n ]] || { echo "make help: the phase $$p has no ## note on its rule line" >&2; exit 1; }; \
	  printf '  %-17s %s\n  %-17s needs: %s\n' "$$p" "$$n" "" "$$(needs $$p)"; \
	done; \
	echo "Setup (scripts/setup.sh; each phase needs only its own):"; \
	while IFS=$$'\t' read -r t n; do [[ $$t == setup* ]] && printf '  %-17s %s\n' "$$t" "$$n"; done <<<"$$notes"; \
	echo "Other targets:"; \
	while IFS=$$'\t' read -r t n; do \
	  [[ $$t == setup* || " $(PHASES) " == *" $$t "* ]] || printf '  %-17s %s\n' "$$t" "$$n"; \
	done <<<"$$notes"
.help-nothing:
