#!/usr/bin/env bash
# Benchmark of the PDF export (issue 6). Not a test: it prints times and peak
# memory for BENCHMARKS.md.
#
#   scripts/bench-pdf.sh [CORPUS] [DECK]
#
# 1. pdf_bench --only deck: one deck (default 20240418.md) in one process,
#    cold (typst's caches cleared, fonts loaded), warm, images aside.
# 2. pdf_bench --only corpus: the 41 decks in one process, 1 and 2 threads,
#    five runs each; each part in a fresh process, so its peak RSS is its own.
# 3. The CLI on the deck, five runs: wall time and peak RSS of the process.
# 4. marp-cli and decktape on the same deck when they are on PATH (npm).
# 5. images_bench (issue 19): the deck and the corpus with `--images
#    original` and `prepared` (no cache, empty cache, warm cache), and the
#    CLI with a warm --image-cache.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus}"
deck="${2:-20240418.md}"
cargo build --release -p decktype -p decktype-export-pdf --locked -q --bin decktype \
  --example pdf_bench --example images_bench
target="${CARGO_TARGET_DIR:-target}/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "PDF benchmark, $(nproc) cores, $(date -u +%F)"
for part in deck corpus; do
  /usr/bin/time -f "peak RSS of the process: %M KiB" "$target/examples/pdf_bench" "$corpus" "$deck" --only "$part"
done
src="$corpus/scs-community-call/$deck"
"$target/examples/images_bench" "$corpus/scs-community-call" "$deck"
for images in original prepared; do
  echo "decktype export --to pdf $deck --images $images (whole process, 5 runs, warm --image-cache):"
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f "  %e s wall, %U s user, %M KiB peak RSS" "$target/decktype" export "$src" --to pdf \
      -o "$work/out.pdf" -q --images "$images" --image-cache "$work/cache"
  done
  echo "  $(stat -c %s "$work/out.pdf") bytes of PDF"
done
if command -v marp >/dev/null; then
  # The deck names its images by their HedgeDoc upload URLs, which decktype
  # resolves to the files next to the deck; marp gets the same local files
  # (with the URLs, Chromium waits on a network it cannot reach: 1.7-7 s).
  sed 's#https://input\.scs\.community/uploads/##g' "$src" > "$work/deck.md"
  cp "$corpus"/scs-community-call/*.png "$corpus"/scs-community-call/*.jpg "$work/" 2>/dev/null || true
  echo "marp-cli, the same deck with its images as local files (5 runs):"
  for _ in 1 2 3 4 5; do
    if /usr/bin/time -f "  %e s wall, %M KiB peak RSS (node)" -o "$work/t" marp --pdf --allow-local-files "$work/deck.md" -o "$work/marp.pdf" >/dev/null 2>&1; then
      cat "$work/t"
    else
      echo "  marp failed"
    fi
  done
fi
