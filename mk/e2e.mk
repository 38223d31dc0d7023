# The demo shop end to end (issue 6), in headless Chromium, headless Firefox ESR and
# WebKitGTK (Safari's engine: MiniBrowser under Xvfb),
# driven over W3C WebDriver by the repository's one helper (scripts/webdriver.mjs), against
# the shop and the processor, which the tests start themselves on free ports with a fresh
# key pair and data dir. The suites are listed once, in tests/e2e/suites.mjs (checkout.mjs,
# with the key setup page's tests, setup.mjs, in the same session; layout, frame, tamper,
# pins); chromium.test.mjs, firefox.test.mjs and webkit.test.mjs run them all, each in its
# own process, two side by side; shop.test.mjs needs no browser. Each test's line
# names the browser and its version. Screenshots go to target/e2e-artifacts/.
# frame-layout.mjs lays the card frame out at 320, 360, 414, 768 and 1280 px, in en and id,
# before and after a failed submit, asserts its geometry (nothing scrolls, nothing outside
# or cut, the height holds) and runs axe-core in it, light and dark; its screenshots go to
# target/e2e-artifacts/frame-layout/<browser>/.
# tamper.mjs (every browser) serves every module and the wasm of every demo page tampered,
# through the proxy, and sees each refused (issue 19 item 2).
# release.mjs builds a frame release with `cardseal frame build` (two merchants) and serves
# it with a real nginx and the release's nginx.conf on a free port (issue 21 item 1); then
# cli/tests/readme runs the README's frame release commands and its server block (nginx).
# BROWSER=chromium|firefox|webkit runs one browser's suite.

TESTS += test-e2e
.PHONY: test-e2e

E2E_BIN_DIR = $(abspath $(or $(CARGO_TARGET_DIR),target))/debug
E2E_TESTS = $(if $(BROWSER),tests/e2e/$(BROWSER).test.mjs,tests/e2e/)

# cargo only rebuilds what changed; pkg/ is the published package the page loads.
test-e2e: pkg setup-browsers setup-nginx ## the demo shop and processor end to end in Chromium, Firefox and WebKitGTK, both modes; the frame release under nginx; the card frame's layout and axe (screenshots in target/e2e-artifacts/)
	cargo build --quiet -p cardseal-cli --bin cardseal -p cardseal-demo --bin cardseal-demo
	CARDSEAL_BIN=$(E2E_BIN_DIR)/cardseal CARDSEAL_DEMO_BIN=$(E2E_BIN_DIR)/cardseal-demo \
	  node --test --test-reporter=spec --test-concurrency=2 $(E2E_TESTS)
	cargo test --quiet -p cardseal-cli --test readme -- --ignored
