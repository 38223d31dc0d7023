# The demo shop end to end (issue 6): Playwright (playwright-core) drives Debian's
# Chromium against the shop and the processor, which the tests start themselves on free
# ports with a fresh key pair and data dir. Screenshots go to target/e2e-artifacts/.

TESTS += test-e2e
.PHONY: test-e2e

E2E_BIN_DIR = $(abspath $(or $(CARGO_TARGET_DIR),target))/debug

# cargo only rebuilds what changed; pkg/ is the published package the page loads.
test-e2e: pkg setup-browsers
	cargo build --quiet -p cardseal-open --bin cardseal -p cardseal-demo --bin cardseal-demo
	CARDSEAL_BIN=$(E2E_BIN_DIR)/cardseal CARDSEAL_DEMO_BIN=$(E2E_BIN_DIR)/cardseal-demo \
	  node --test --test-concurrency=1 tests/e2e/
