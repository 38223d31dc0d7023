# The browser suites (tests/browser/): scripts/browser-test.mjs serves the built package
# (pkg/) and the test pages, and drives headless Chromium, headless Firefox ESR and
# WebKitGTK (Safari's engine; MiniBrowser under Xvfb, as it has no headless mode) over W3C
# WebDriver (scripts/setup.sh installs the three and their drivers). Each test's line names
# the browser and the version its session reports; BROWSER=chromium|firefox|webkit runs one.

TESTS += test-browser
.PHONY: test-browser

CHROMEDRIVER ?= /usr/bin/chromedriver
GECKODRIVER ?= $(shell command -v geckodriver || echo $(HOME)/.cargo/bin/geckodriver)

test-browser: pkg pkg-control setup-browsers ## the package in Chromium, Firefox and WebKitGTK: form binding, memory residue and its control
	@if [[ -z "$(BROWSER)" || "$(BROWSER)" == chromium ]]; then echo "test-browser: $$(chromium --version 2>/dev/null) with $$($(CHROMEDRIVER) --version | cut -d' ' -f1-2)"; fi
	@if [[ -z "$(BROWSER)" || "$(BROWSER)" == firefox ]]; then echo "test-browser: $$(firefox-esr --version) with $$($(GECKODRIVER) --version | head -1)"; fi
	@if [[ -z "$(BROWSER)" || "$(BROWSER)" == webkit ]]; then echo "test-browser: WebKitGTK $$(dpkg-query -W -f='$${Version}' libwebkit2gtk-4.1-0) with WebKitWebDriver, under Xvfb $$(dpkg-query -W -f='$${Version}' xvfb)"; fi
	CHROMEDRIVER=$(CHROMEDRIVER) GECKODRIVER=$(GECKODRIVER) \
	  node scripts/browser-test.mjs $(if $(BROWSER),--browser $(BROWSER))
