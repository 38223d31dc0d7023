#!/usr/bin/env bash
# Installs everything `make test` and `make demo` need, idempotently: a second run on a
# ready machine takes a second or two.
# Usage: scripts/setup.sh [rust|node|browsers|size|redis|nginx|audit|all]
# Each make target calls only the parts it uses: building the package needs no browser.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
say() { printf 'setup: %s\n' "$*" >&2; }
need_root() { if [[ $(id -u) != 0 ]]; then echo sudo; fi; }

rust() {
  # The toolchain rust-toolchain.toml pins, with its components and targets: rustup does
  # not install it on first use when RUSTUP_AUTO_INSTALL=0. No argument: rustup >= 1.28.
  if ! rustc --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1 ||
    ! cargo fmt --version >/dev/null 2>&1; then
    say "installing the Rust toolchain of rust-toolchain.toml"
    rustup toolchain install
  fi
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  # wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock exactly.
  local want have
  want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [[ $want != "$have" ]]; then
    say "installing wasm-bindgen-cli $want (about 2 minutes)"
    # No --locked: its lockfile pins a webpki-roots the index no longer serves.
    cargo install wasm-bindgen-cli --version "$want" --quiet
  fi
}

node() {
  # npm ci only when the lockfile changed since the last install.
  if [[ ! -f node_modules/.package-lock.json ]] || ! cmp -s package-lock.json node_modules/.cardseal-lock; then
    say "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.cardseal-lock
  fi
}

apt_install() {
  if (($#)); then
    say "apt-get install $*"
    $(need_root) apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $(need_root) apt-get install -y -qq "$@" >/dev/null
  fi
}

# The browser suites, the e2e, the bench, test-node's browser tests and the audit:
# Chromium and Firefox headless, and WebKitGTK (Safari's engine: Debian's WebKitWebDriver
# drives its MiniBrowser), which has no headless mode and runs on an Xvfb display that
# scripts/webdriver.mjs starts per session.
browsers() {
  local pkgs=()
  command -v chromium >/dev/null || pkgs+=(chromium)
  command -v chromedriver >/dev/null || pkgs+=(chromium-driver)
  command -v firefox-esr >/dev/null || pkgs+=(firefox-esr)
  command -v WebKitWebDriver >/dev/null || pkgs+=(webkit2gtk-driver)
  command -v Xvfb >/dev/null || pkgs+=(xvfb)
  apt_install ${pkgs[@]+"${pkgs[@]}"}
  if ! command -v geckodriver >/dev/null && [[ ! -x $HOME/.cargo/bin/geckodriver ]]; then
    say "installing geckodriver from crates.io (about 2 minutes)"
    cargo install geckodriver --quiet
  fi
}

# make size: brotli, beside gzip, for the package's download sizes.
size() {
  command -v brotli >/dev/null || apt_install brotli
}

# The Redis replay store's tests, `make bench-open`, `make load`, `make load-failover` and
# `PROCESSORS=2 make demo` / `REDIS=sentinel make demo`: Debian's redis-server (built with
# TLS; `redis-server CONF --sentinel` runs a sentinel, so no redis-sentinel package), and
# the openssl command, which makes the TLS test's throwaway CA (the tests start their own
# servers on free loopback ports).
redis() {
  local pkgs=()
  command -v redis-server >/dev/null || pkgs+=(redis-server)
  command -v openssl >/dev/null || pkgs+=(openssl)
  apt_install ${pkgs[@]+"${pkgs[@]}"}
}

# The card frame release's tests (the e2e suite tests/e2e/release.mjs and the README's
# processor commands, cli/tests/readme.rs): nginx serves the release with the nginx.conf
# `cardseal frame build` writes.
web() {
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || apt_install nginx-light
}

# cardseal audit's tests: nginx serves a page over HTTPS (a self-signed certificate made
# with openssl), as browsers send their CSP and integrity reports only for secure pages.
audit() {
  web
  command -v openssl >/dev/null || apt_install openssl
}

case $what in
  rust) rust ;;
  node) node ;;
  browsers) browsers ;;
  size) size ;;
  redis) redis ;;
  nginx) web ;;
  audit) audit ;;
  all) rust; node; browsers; size; redis; web; audit ;;
  *) echo "usage: $0 [rust|node|browsers|size|redis|nginx|audit|all]" >&2; exit 2 ;;
esac
