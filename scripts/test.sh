#!/usr/bin/env bash
# The whole test suite. The README points here and .ci/run runs exactly this.
# Needs the Rust toolchain (cargo, rustfmt, clippy). The HTML browser tests need
# Chromium and the PDF tests read PDFs back with poppler's pdftotext: both are
# installed here with apt-get (Debian's `chromium`, `poppler-utils`) when
# missing, and then required; so are the CJK and Devanagari fonts the PDF
# script tests use (`fonts-noto-cjk`, `fonts-lohit-deva`;
# DECKTYPE_REQUIRE_FONTS). The corpus tests use ../shared/corpus (or
# $DECKTYPE_CORPUS) and skip with a message when it is absent.
#
# Nothing may skip where it is required: with DECKTYPE_REQUIRE_CORPUS=1,
# DECKTYPE_REQUIRE_BROWSER=1 or DECKTYPE_REQUIRE_POPPLER=1 (CI sets all
# three, see .ci/run) a missing input fails this script or the test that
# needs it. Every skip is collected in a log and printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
# Nothing in the suite reads standard input; cargo's `rustc -` probe does,
# and a non-empty stdin (a CI runner's log, a terminal) breaks it.
exec < /dev/null

step() { printf '\n==> %s\n' "$*"; }
require() { [ "${!1:-}" = 1 ]; }

corpus="${DECKTYPE_CORPUS:-../shared/corpus}"
# The tests run in each crate's folder: a relative path is made absolute.
case "$corpus" in /*) ;; *) corpus="$(pwd)/$corpus" ;; esac
export DECKTYPE_CORPUS="$corpus"
if [ -f "$corpus/hedgedoc-structure.json" ]; then
  echo "corpus: $corpus (corpus tests run)"
  export DECKTYPE_REQUIRE_CORPUS=1
elif require DECKTYPE_REQUIRE_CORPUS; then
  echo "error: DECKTYPE_REQUIRE_CORPUS=1 but no corpus at $corpus" >&2
  exit 1
else
  echo "corpus: not found at $corpus (corpus tests will SKIP; set DECKTYPE_CORPUS)"
fi
skip_log="$(pwd)/target/decktype-skips.log"
mkdir -p target
: > "$skip_log"
export DECKTYPE_SKIP_LOG="$skip_log"

find_chromium() {
  if [ -n "${DECKTYPE_CHROMIUM:-}" ]; then echo "$DECKTYPE_CHROMIUM"; return; fi
  command -v chromium || command -v chromium-browser || command -v google-chrome || true
}
missing=()
[ -z "$(find_chromium)" ] && missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
# The PDF's every-script test needs the machine's CJK and Devanagari fonts.
# Not fonts-noto-core: its Egyptian hieroglyphs would give U+13000, the
# character the DT061 fixtures rely on no font having, a glyph.
has_font() { command -v fc-list >/dev/null && [ -n "$(fc-list ":lang=$1" family)" ]; }
command -v fc-list >/dev/null || missing+=(fontconfig)
has_font zh || missing+=(fonts-noto-cjk)
has_font hi || missing+=(fonts-lohit-deva)
# The HedgeDoc oracle test runs HedgeDoc's JavaScript stack in Node.
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null; then
  step "installing ${missing[*]} for the browser and PDF tests (apt-get)"
  sudo_cmd=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then sudo_cmd="sudo"; fi
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"; } \
    || echo "warning: could not install ${missing[*]}"
fi
if command -v pdftotext >/dev/null; then
  echo "poppler: $(command -v pdftotext) (PDF read-back tests run)"
  export DECKTYPE_REQUIRE_POPPLER=1
elif require DECKTYPE_REQUIRE_POPPLER; then
  echo "error: DECKTYPE_REQUIRE_POPPLER=1 but poppler-utils could not be installed" >&2
  exit 1
else
  echo "poppler: not found (PDF read-back tests will SKIP; install poppler-utils)"
fi
if has_font zh && has_font hi; then
  echo "fonts: CJK and Devanagari found (PDF script tests run)"
  export DECKTYPE_REQUIRE_FONTS=1
elif require DECKTYPE_REQUIRE_FONTS; then
  echo "error: DECKTYPE_REQUIRE_FONTS=1 but fonts-noto-cjk and fonts-lohit-deva could not be installed" >&2
  exit 1
else
  echo "fonts: no CJK or Devanagari font (PDF script tests will SKIP; install fonts-noto-cjk and fonts-lohit-deva)"
fi
if [ -n "$(find_chromium)" ]; then
  echo "chromium: $(find_chromium) (browser tests run)"
  export DECKTYPE_REQUIRE_BROWSER=1
elif require DECKTYPE_REQUIRE_BROWSER; then
  echo "error: DECKTYPE_REQUIRE_BROWSER=1 but chromium could not be installed" >&2
  exit 1
else
  echo "chromium: not found (browser tests will SKIP; install Debian's chromium or set DECKTYPE_CHROMIUM)"
fi

# pre-commit (crates/cli/tests/pre_commit.rs: `pre-commit try-repo` installs
# the hooks with cargo, as a deck repository's pre-commit would): from PATH,
# else installed from PyPI into a virtual environment under target/.
if ! command -v pre-commit >/dev/null; then
  venv="$(pwd)/target/pre-commit-venv"
  if [ ! -x "$venv/bin/pre-commit" ]; then
    if ! python3 -m venv "$venv" >/dev/null 2>&1 && command -v apt-get >/dev/null; then
      step "installing python3 and python3-venv for the pre-commit test (apt-get)"
      sudo_cmd=""
      if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then sudo_cmd="sudo"; fi
      { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3 python3-venv; } \
        || echo "warning: could not install python3-venv"
      rm -rf "$venv"
      python3 -m venv "$venv" >/dev/null 2>&1 || true
    fi
    [ -x "$venv/bin/pip" ] && "$venv/bin/pip" install --quiet --disable-pip-version-check pre-commit \
      || echo "warning: could not install pre-commit"
  fi
  [ -x "$venv/bin/pre-commit" ] && export PATH="$venv/bin:$PATH"
fi
if command -v pre-commit >/dev/null; then
  echo "pre-commit: $(command -v pre-commit) (pre-commit hook test runs)"
  export DECKTYPE_REQUIRE_PRECOMMIT=1
elif require DECKTYPE_REQUIRE_PRECOMMIT; then
  echo "error: DECKTYPE_REQUIRE_PRECOMMIT=1 but pre-commit could not be installed" >&2
  exit 1
else
  echo "pre-commit: not found (pre-commit hook test will SKIP; pip install pre-commit)"
fi

# The HedgeDoc oracle (crates/export-html/tests/oracle.rs) renders decks with
# HedgeDoc's own JavaScript stack in Node; its packages are pinned in
# tests/oracle/package-lock.json. Without Node the oracle test skips.
if command -v node >/dev/null && command -v npm >/dev/null; then
  if npm ci --prefix tests/oracle --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null; then
    echo "node: $(command -v node) $(node --version) (HedgeDoc oracle test runs)"
    export DECKTYPE_REQUIRE_ORACLE=1
  elif require DECKTYPE_REQUIRE_ORACLE; then
    echo "error: DECKTYPE_REQUIRE_ORACLE=1 but npm ci --prefix tests/oracle failed" >&2
    exit 1
  else
    echo "node: npm ci --prefix tests/oracle failed (HedgeDoc oracle test will SKIP)"
  fi
elif require DECKTYPE_REQUIRE_ORACLE; then
  echo "error: DECKTYPE_REQUIRE_ORACLE=1 but node/npm not found" >&2
  exit 1
else
  echo "node: not found (HedgeDoc oracle test will SKIP; install Node.js and npm)"
fi

step "format"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "light build (no PDF)"
# `cargo install decktype --no-default-features`: check, parse, JSON and HTML
# without typst. The workspace build above has every feature on, so the
# binary's `#[cfg(feature = "pdf")]` gates are only compiled the other way here.
cargo clippy -p decktype --no-default-features --all-targets --locked -- -D warnings
# The image resolver without the `fetch` feature downloads nothing (a small
# crate: seconds). The light binary itself is built and run by the pre-commit
# test (crates/cli/tests/pre_commit.rs): the PDF and --fetch-images refused.
cargo test -p decktype-assets --no-default-features --lib --locked

step "publish dry run (leaf crates)"
# The crates with no workspace dependency are packaged and built as crates.io
# would (in target/package): the others need theirs published first, so only
# these can be verified before a release. --allow-dirty: a working tree with
# changes runs the suite too (CI's fresh clone is clean).
cargo publish --dry-run --locked --allow-dirty \
  -p decktype-model -p decktype-sanitize -p decktype-theme -p decktype-assets \
  -p decktype-images

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked

step "tests (built with the minimum supported Rust version)"
# rust-version in Cargo.toml is what decktype promises to build with (typst
# sets the floor). The tests are built with that toolchain, installed with
# rustup when it can be downloaded: their build compiles every library,
# binary, test and example, so it is also the MSRV check, where a separate
# `cargo check` with it compiled the workspace once more (3 minutes of a
# 33-minute run on a fast machine). clippy and the docs above use the
# current toolchain, so both compilers see every line. Where the MSRV
# cannot be installed the tests are built with the current toolchain, and
# the skipped check is logged.
# Not the root package (decktype-hook: the light command line for pre-commit,
# no tests of its own): in a workspace build its features unify with the
# full binary's, so it would be one more debug binary linking typst. The
# pre-commit test builds and runs it as pre-commit does.
msrv="$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' Cargo.toml)"
toolchain=()
if rustup toolchain install "$msrv" --profile minimal >/dev/null 2>&1; then
  echo "tests: built with Rust $msrv (rust-version), as the MSRV check"
  toolchain=(+"$msrv")
else
  echo "SKIPPED msrv: rustup could not install Rust $msrv; the MSRV build was not checked, the tests use $(rustc --version)" | tee -a "$skip_log"
fi
cargo "${toolchain[@]}" test --workspace --exclude decktype-hook --locked

step "fuzz (60 s per target)"
# scripts/fuzz.sh builds every fuzz target with nightly's libFuzzer
# instrumentation (no cargo-fuzz needed) and runs each for 60 s on a copy of
# its seeds; a crash fails the suite. Without nightly it is skipped, and
# logged; DECKTYPE_REQUIRE_FUZZ=1 makes that an error. Every target runs:
# pdf_view links typst, which the fuzz crate builds unoptimised (the target
# never runs typst's layout), so its build costs minutes, not the 20+ of an
# optimised instrumented typst; check_fix runs again since issue 18 (its old
# finds are regression tests in crates/check/tests/fix_safety.rs).
if rustup run nightly rustc --version >/dev/null 2>&1; then
  bash scripts/fuzz.sh 60
elif require DECKTYPE_REQUIRE_FUZZ; then
  echo "error: DECKTYPE_REQUIRE_FUZZ=1 but the nightly toolchain is not installed" >&2
  exit 1
else
  echo "SKIPPED fuzz: no nightly toolchain (rustup toolchain install nightly); the fuzz targets were not built or run" | tee -a "$skip_log"
fi

if [ -s "$skip_log" ]; then
  step "skipped tests ($(wc -l < "$skip_log"))"
  cat "$skip_log"
fi

step "all green"
