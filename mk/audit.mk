# cardseal audit (issue 22): snapshot, check, csp and collect in real headless Chromium
# (driven over its DevTools pipe) against local fixture pages on loopback, the report
# collector with real Chromium reports over HTTPS (nginx, self-signed), the demo shop and
# processor in both modes, and the README section's commands and cron line. These tests
# need Chromium, nginx, pkg/ and the demo binary, so `cargo test --workspace` skips them
# (#[ignore]) and they run here; the audit's unit tests run in `cargo test --workspace`.

TESTS += test-audit
.PHONY: test-audit

AUDIT_BIN_DIR = $(abspath $(or $(CARGO_TARGET_DIR),target))/debug

test-audit: pkg setup-browsers setup-audit ## cardseal audit in real Chromium against fixture pages, nginx over HTTPS and the demo
	cargo build --quiet -p cardseal-demo --bin cardseal-demo
	CARDSEAL_DEMO_BIN=$(AUDIT_BIN_DIR)/cardseal-demo CARDSEAL_PKG=$(CURDIR)/pkg \
	  cargo test --quiet -p cardseal-cli --test audit_fixtures --test audit_collect \
	  --test audit_demo --test audit_readme -- --ignored --test-threads=2
