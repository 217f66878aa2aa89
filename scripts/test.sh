#!/usr/bin/env bash
# The whole test suite. The README points here and .ci/run runs exactly this.
# Needs only the Rust toolchain (cargo, rustfmt, clippy); the corpus tests use
# ../shared/corpus (or $DECKTYPE_CORPUS) and skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

corpus="${DECKTYPE_CORPUS:-../shared/corpus}"
if [ -f "$corpus/hedgedoc-structure.json" ]; then
  echo "corpus: $corpus (corpus tests run)"
else
  echo "corpus: not found at $corpus (corpus tests will SKIP; set DECKTYPE_CORPUS)"
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
