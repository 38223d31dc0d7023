# The demo shop end to end (issue 6), in headless Chromium and headless Firefox ESR,
# driven over W3C WebDriver by the repository's one helper (scripts/webdriver.mjs), against
# the shop and the processor, which the tests start themselves on free ports with a fresh
# key pair and data dir. The suites are listed once, in tests/e2e/suites.mjs (checkout.mjs,
# with the key setup page's tests, setup.mjs, in the same session; layout, inpage (the
# README's page: safe before bound, no layout shift), frame, tamper, pins); chromium.test.mjs and firefox.test.mjs run them all, each in its own process, side
# by side; shop.test.mjs needs no browser. Each test's line
# names the browser and its version. Screenshots go to target/e2e-artifacts/.
# tamper.mjs (both browsers) serves every module and the wasm of every demo page tampered,
# through the proxy, and sees each refused (issue 19 item 2).
# BROWSER=chromium|firefox runs one browser's suite.

TESTS += test-e2e
.PHONY: test-e2e

E2E_BIN_DIR = $(abspath $(or $(CARGO_TARGET_DIR),target))/debug
E2E_TESTS = $(if $(BROWSER),tests/e2e/$(BROWSER).test.mjs,tests/e2e/)

# cargo only rebuilds what changed; pkg/ is the published package the page loads.
test-e2e: pkg setup-browsers ## the demo shop and processor end to end in Chromium and Firefox, both modes
	cargo build --quiet -p cardseal-cli --bin cardseal -p cardseal-demo --bin cardseal-demo
	CARDSEAL_BIN=$(E2E_BIN_DIR)/cardseal CARDSEAL_DEMO_BIN=$(E2E_BIN_DIR)/cardseal-demo \
	  node --test --test-reporter=spec --test-concurrency=2 $(E2E_TESTS)
