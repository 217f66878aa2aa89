#!/usr/bin/env bash
# The whole test suite. The README points here and .ci/run runs exactly this.
# Needs the Rust toolchain (cargo, rustfmt, clippy). The HTML browser tests need
# Chromium: installed here with apt-get (Debian's `chromium`) when missing, and
# then required. The corpus tests use ../shared/corpus (or $DECKTYPE_CORPUS) and
# skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

corpus="${DECKTYPE_CORPUS:-../shared/corpus}"
if [ -f "$corpus/hedgedoc-structure.json" ]; then
  echo "corpus: $corpus (corpus tests run)"
else
  echo "corpus: not found at $corpus (corpus tests will SKIP; set DECKTYPE_CORPUS)"
fi

find_chromium() {
  if [ -n "${DECKTYPE_CHROMIUM:-}" ]; then echo "$DECKTYPE_CHROMIUM"; return; fi
  command -v chromium || command -v chromium-browser || command -v google-chrome || true
}
if [ -z "$(find_chromium)" ] && command -v apt-get >/dev/null; then
  step "installing Chromium for the browser tests (apt-get install chromium)"
  sudo_cmd=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then sudo_cmd="sudo"; fi
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium; } \
    || echo "warning: could not install chromium; the browser tests will SKIP"
fi
if [ -n "$(find_chromium)" ]; then
  echo "chromium: $(find_chromium) (browser tests run)"
  export DECKTYPE_REQUIRE_BROWSER=1
else
  echo "chromium: not found (browser tests will SKIP; install Debian's chromium or set DECKTYPE_CHROMIUM)"
fi

step "format"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked

step "tests"
cargo test --workspace --locked

step "fuzz target builds"
# CI only builds the fuzz target (running it needs nightly and cargo-fuzz).
cargo build --manifest-path fuzz/Cargo.toml --locked

step "all green"
