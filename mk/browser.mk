# The browser suites (issue 5): tests/web*.rs run by wasm-bindgen-test-runner in headless
# Chromium and headless Firefox (scripts/setup.sh installs both and their drivers).

TESTS += test-browser
.PHONY: test-browser

CHROMEDRIVER ?= /usr/bin/chromedriver
GECKODRIVER ?= $(shell command -v geckodriver || echo $(HOME)/.cargo/bin/geckodriver)
# Each browser's "Name/major" as its user agent shows it; the suites assert they run in it.
BROWSER_TEST = cargo test -p cardseal --target $(WASM_TARGET) --test web --test web_memory

test-browser: setup
	@echo "test-browser: $$(chromium --version) with $$($(CHROMEDRIVER) --version | cut -d' ' -f1-2)"
	CHROMEDRIVER=$(CHROMEDRIVER) \
	  CARDSEAL_BROWSER=Chrome/$$(chromium --version | grep -o '[0-9]\+' | head -1) $(BROWSER_TEST)
	@echo "test-browser: $$(firefox-esr --version) with $$($(GECKODRIVER) --version | head -1)"
	GECKODRIVER=$(GECKODRIVER) \
	  CARDSEAL_BROWSER=Firefox/$$(firefox-esr --version | grep -o '[0-9]\+' | head -1) $(BROWSER_TEST)
