#!/usr/bin/env bash
# Benchmark of `decktype build` (issue 7): the corpus folder, and copies of
# it (10x, 100x), to JSON+HTML+PDF. Not a test: it prints times and peak
# memory for BENCHMARKS.md.
#
#   scripts/bench-build.sh [CORPUS] [SCALES...]
#
# CORPUS defaults to ../shared/corpus; SCALES to "1 10". Each scale N builds
# a folder with N copies of scs-community-call/ (hard links, so no disk is
# used for the inputs) twice: a clean build, then a build with no change.
# A scale written as `Nt` (e.g. `100t`) copies only the decks, not their
# images (the exports show placeholders): 100 copies with images would need
# about 16 GB of output.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus}"
shift || true
scales=("${@:-1 10}")
[ $# -eq 0 ] && scales=(1 10)
cargo build --release -p decktype --locked -q
bin="${CARGO_TARGET_DIR:-target}/release/decktype"
src="$corpus/scs-community-call"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "decktype build benchmark, $(nproc) cores, $(date -u +%F)"
for scale in "${scales[@]}"; do
  n="${scale%t}"
  dir="$work/in-$scale"
  mkdir -p "$dir"
  for i in $(seq -w 1 "$n"); do
    mkdir "$dir/copy-$i"
    if [ "$scale" = "$n" ]; then
      cp -al "$src"/. "$dir/copy-$i/"
    else
      cp -al "$src"/*.md "$dir/copy-$i/"
    fi
  done
  decks=$(find "$dir" -name '*.md' | wc -l)
  sync
  /usr/bin/time -f "%e %M" -o "$work/t1" "$bin" build "$dir" -o "$work/site" -q 2>"$work/log1" || true
  /usr/bin/time -f "%e %M" -o "$work/t2" "$bin" build "$dir" -o "$work/site" -q 2>"$work/log2" || true
  read -r t1 m1 <"$work/t1"
  read -r t2 m2 <"$work/t2"
  size=$(du -sh "$work/site" | cut -f1)
  printf 'scale %-5s %5d decks: clean build %7.2f s (%.1f ms/deck), peak %4d MiB, site %s; no-change build %.2f s\n' \
    "$scale" "$decks" "$t1" "$(echo "$t1*1000/$decks" | bc -l)" "$((m1 / 1024))" "$size" "$t2"
  tail -n 1 "$work/log1"
  rm -rf "$work/site" "$dir"
done
