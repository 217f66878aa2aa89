#!/usr/bin/env bash
# Finds or installs decktype for the GitHub Action (action.yml at the
# repository root). Bash 3.2 (macOS) and later; Linux and macOS runners.
#
#   install.sh          resolve: use DECKTYPE_BIN, a decktype of the wanted
#                       version on PATH, or the release binary for this
#                       runner (checksum verified); when there is none, write
#                       need-build=true, cache-dir and cache-key to
#                       $GITHUB_OUTPUT for the cache step and `install.sh build`.
#   install.sh build    build the light decktype (no PDF export) from the
#                       action's own checkout with cargo into cache-dir,
#                       unless the cache step restored it there.
#
# Writes `bin=<path of decktype>` to $GITHUB_OUTPUT when it has one.
#
# Environment (action.yml maps these):
#   INPUT_VERSION      a release tag (v0.1.0), `latest`, or empty: the
#                      action's own ref (ACTION_REF; none for a local
#                      action: its source is built)
#   ACTION_REF         github.action_ref (a tag, a branch or a commit)
#   ACTION_REPOSITORY  github.action_repository (owner/name)
#   GITHUB_ACTION_PATH the action's checkout (the source for a build)
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_SERVER_URL
#   DECKTYPE_BIN       use this decktype, install nothing
set -euo pipefail

say() { printf '%s\n' "$*" >&2; }
fail() {
  printf '::error title=decktype action::%s\n' "$*"
  exit 2
}
output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  fi
  say "$1=$2"
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# The release archives' target triples for this runner, most portable first
# (the release workflow names archives decktype-<tag>-<target>.tar.gz).
targets() {
  case "${RUNNER_OS:-$(uname -s)}/${RUNNER_ARCH:-$(uname -m)}" in
    Linux/X64 | Linux/x86_64) echo "x86_64-unknown-linux-musl x86_64-unknown-linux-gnu" ;;
    Linux/ARM64 | Linux/aarch64) echo "aarch64-unknown-linux-musl aarch64-unknown-linux-gnu" ;;
    macOS/ARM64 | Darwin/arm64) echo "aarch64-apple-darwin" ;;
    macOS/X64 | Darwin/x86_64) echo "x86_64-apple-darwin" ;;
    *) echo "" ;;
  esac
}

# A release tag: v1.2.3 or 1.2.3, optionally with a pre-release suffix.
is_release_tag() {
  case "$1" in
    v[0-9]*.[0-9]*.[0-9]* | [0-9]*.[0-9]*.[0-9]*) return 0 ;;
    *) return 1 ;;
  esac
}

case "${RUNNER_OS:-$(uname -s)}" in
  Windows | MINGW* | MSYS* | CYGWIN*)
    fail "Windows runners are not supported; run the check on ubuntu-latest or macos-latest" ;;
esac

# github.action_ref and github.action_repository are empty inside some
# composite actions on some runner versions: the runner's variables, then
# the action's folder (<runner>/_actions/<owner>/<repo>/<ref>) tell them too.
ref=${ACTION_REF:-${GITHUB_ACTION_REF:-}}
repo=${ACTION_REPOSITORY:-${GITHUB_ACTION_REPOSITORY:-}}
case "${GITHUB_ACTION_PATH:-}" in
  */_actions/*/*/*)
    rest=${GITHUB_ACTION_PATH##*/_actions/}
    owner=${rest%%/*}
    rest=${rest#*/}
    name=${rest%%/*}
    [ -n "$repo" ] || repo="$owner/$name"
    [ -n "$ref" ] || ref=${rest#*/}
    ;;
esac
repo=${repo:-decktype/decktype}
server=${GITHUB_SERVER_URL:-https://github.com}
version=${INPUT_VERSION:-}
[ -n "$version" ] || version=$ref
# A local action (uses: ./) has no ref: build its own source.
[ -n "$version" ] || version=source
temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
cache_dir="${HOME:-$temp}/.cache/decktype-action/$(printf '%s' "$version" | tr -c 'A-Za-z0-9._-' '_')"

if [ "${1:-}" = build ]; then
  bin="$cache_dir/bin/decktype"
  if [ -x "$bin" ]; then
    say "decktype: using the build restored from the cache: $bin"
  else
    src=${GITHUB_ACTION_PATH:-}
    [ -f "$src/crates/cli/Cargo.toml" ] || fail "no decktype source at GITHUB_ACTION_PATH='$src' to build from"
    command -v cargo >/dev/null 2>&1 ||
      fail "no release binary of decktype $version for this runner, and no cargo to build one (add dtolnay/rust-toolchain before this action)"
    say "decktype: building $version from source (light build, no PDF export); cached for the next runs"
    CARGO_TARGET_DIR="$temp/decktype-target" cargo install --locked --no-default-features \
      --path "$src/crates/cli" --root "$cache_dir" >&2 || fail "cargo install of decktype failed"
  fi
  "$bin" --version >&2 || fail "the decktype built at $bin does not run"
  output bin "$bin"
  exit 0
fi

if [ -n "${DECKTYPE_BIN:-}" ]; then
  [ -x "$DECKTYPE_BIN" ] || fail "DECKTYPE_BIN='$DECKTYPE_BIN' is not an executable"
  output bin "$DECKTYPE_BIN"
  exit 0
fi

if [ "$version" = latest ]; then
  # The latest release's page redirects to .../releases/tag/<tag>.
  location=$(curl -fsSI --retry 3 "$server/$repo/releases/latest" 2>/dev/null |
    tr -d '\r' | sed -n 's/^[Ll]ocation: .*\/releases\/tag\/\(.*\)$/\1/p' | tail -n 1) || location=
  if [ -n "$location" ]; then
    version=$location
    say "decktype: latest release is $version"
  else
    say "decktype: could not find the latest release of $repo; building the action's own source"
  fi
fi

if is_release_tag "$version" && command -v decktype >/dev/null 2>&1; then
  have=$(decktype --version 2>/dev/null | sed -n 's/^decktype //p')
  if [ "v${have#v}" = "v${version#v}" ]; then
    bin=$(command -v decktype)
    say "decktype: using $bin ($have) from PATH"
    output bin "$bin"
    exit 0
  fi
fi

if is_release_tag "$version"; then
  dest="$temp/decktype-$version"
  for target in $(targets); do
    name="decktype-$version-$target.tar.gz"
    url="$server/$repo/releases/download/$version/$name"
    mkdir -p "$dest"
    if ! curl -fsSL --retry 3 -o "$dest/$name" "$url" 2>/dev/null; then
      say "decktype: no $name in release $version"
      continue
    fi
    curl -fsSL --retry 3 -o "$dest/$name.sha256" "$url.sha256" ||
      fail "release $version has $name but no $name.sha256 to verify it"
    want=$(cut -d' ' -f1 <"$dest/$name.sha256" | tr -d '\r\n' | tr 'A-F' 'a-f')
    got=$(sha256 "$dest/$name")
    [ "$want" = "$got" ] || fail "checksum mismatch for $name: expected $want, got $got"
    tar -xzf "$dest/$name" -C "$dest"
    bin=$(find "$dest" -type f -name decktype | head -n 1)
    [ -n "$bin" ] || fail "$name has no decktype binary"
    chmod +x "$bin"
    "$bin" --version >&2 || fail "the released decktype ($target) does not run on this runner"
    output bin "$bin"
    exit 0
  done
  say "decktype: no release binary of $version for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}; building from source"
fi

# No binary: the cache step and `install.sh build` take over. The key covers
# the source, so a branch that moves gets a new build.
src=${GITHUB_ACTION_PATH:-.}
source_hash=$(
  cd "$src" &&
    find Cargo.lock Cargo.toml crates fixtures/templates schemas -type f \
      -not -path '*/tests/*' -not -name '*.snap' -print0 2>/dev/null |
    LC_ALL=C sort -z | xargs -0 shasum -a 256 | shasum -a 256 | cut -d' ' -f1
) || source_hash=unknown
output need-build true
output cache-dir "$cache_dir"
output cache-key "decktype-${RUNNER_OS:-os}-${RUNNER_ARCH:-arch}-$version-${source_hash:-unknown}"
