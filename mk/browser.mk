# The browser suites (tests/browser/): scripts/browser-test.mjs serves the built package
# (pkg/) and the test pages, and drives headless Chromium and headless Firefox ESR over
# W3C WebDriver (scripts/setup.sh installs both and their drivers). Each test's line names
# the browser and the version its session reports; BROWSER=chromium|firefox runs one.

TESTS += test-browser
.PHONY: test-browser

CHROMEDRIVER ?= /usr/bin/chromedriver
GECKODRIVER ?= $(shell command -v geckodriver || echo $(HOME)/.cargo/bin/geckodriver)

test-browser: pkg pkg-control setup-browsers ## the package in headless Chromium and Firefox: form binding, memory residue and its control
	@echo "test-browser: $$(chromium --version 2>/dev/null) with $$($(CHROMEDRIVER) --version | cut -d' ' -f1-2)"
	@echo "test-browser: $$(firefox-esr --version) with $$($(GECKODRIVER) --version | head -1)"
	CHROMEDRIVER=$(CHROMEDRIVER) GECKODRIVER=$(GECKODRIVER) \
	  node scripts/browser-test.mjs $(if $(BROWSER),--browser $(BROWSER))
