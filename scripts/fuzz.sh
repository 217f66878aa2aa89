#!/usr/bin/env bash
# Builds the fuzz targets (fuzz/fuzz_targets/*.rs) with libFuzzer's
# instrumentation and runs each for SECONDS on a copy of its committed seeds
# (fuzz/seeds/<target>/, which stay unchanged). Fails when a target finds a
# crash, a timeout or an out-of-memory input; the input is kept in
# target/fuzz/artifacts/<target>/ and the log in target/fuzz/logs/.
#
#   scripts/fuzz.sh SECONDS [TARGET...]     (default: every target)
#
# Needs the nightly toolchain (`-Cpasses=sancov-module`), not cargo-fuzz: the
# flags are the ones `cargo fuzz build --sanitizer none` passes (sancov with
# inline 8-bit counters, PC table, compare tracing and stack depth;
# `--cfg fuzzing`) plus debug assertions and overflow checks (`cargo fuzz
# build -a`). No AddressSanitizer: every decktype crate forbids unsafe code,
# and ASan doubles the build. Build scripts and proc macros are not
# instrumented (`--target` is given, as cargo-fuzz does).
#
# Environment: DECKTYPE_FUZZ_JOBS (targets run at once, default 2),
# DECKTYPE_FUZZ_KEEP_CORPUS=1 (grow target/fuzz/corpus/<target> across runs
# instead of starting from the seeds).
#
# Reproduce a crash: target/fuzz/<host>/release/<target> <artifact>
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}"
shift
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in fuzz/fuzz_targets/*.rs; do targets+=("$(basename "$f" .rs)"); done
fi
jobs="${DECKTYPE_FUZZ_JOBS:-2}"

host="$(rustc +nightly -vV | sed -n 's/^host: //p')"
out=target/fuzz
export RUSTFLAGS="-Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
-Cllvm-args=-sanitizer-coverage-stack-depth \
--cfg fuzzing -Cdebug-assertions -Coverflow-checks"

bins=()
for t in "${targets[@]}"; do
  bins+=(--bin "$t")
  # pdf_view links typst (decktype-export-pdf): behind the `pdf` feature.
  if [ "$t" = pdf_view ]; then bins+=(--features pdf); fi
done
start=$(date +%s)
cargo +nightly build --manifest-path fuzz/Cargo.toml --locked --release \
  --target "$host" --target-dir "$out" "${bins[@]}"
echo "fuzz: built ${#targets[@]} targets in $(($(date +%s) - start)) s"

mkdir -p "$out/logs"
run() {
  local t="$1" corpus="$out/corpus/$1" artifacts="$out/artifacts/$1/"
  local dict="fuzz/$t.dict"
  [ -f "$dict" ] || dict=fuzz/parse_to_json.dict
  if [ "${DECKTYPE_FUZZ_KEEP_CORPUS:-}" != 1 ]; then rm -rf "$corpus"; fi
  mkdir -p "$corpus" "$artifacts"
  cp fuzz/seeds/"$t"/* "$corpus"/
  # -max_len: the largest seed deck is ~8 KB. -timeout: an input that takes
  # 30 s is a find (the CI machine is shared, so not less).
  "$out/$host/release/$t" -max_total_time="$seconds" -max_len=16384 \
    -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts" -dict="$dict" "$corpus" \
    > "$out/logs/$t.log" 2>&1
}

failed=()
pids=()
names=()
report() {
  local t="$1" rc="$2" log="$out/logs/$1.log"
  local done
  done="$(grep -E '^#[0-9]+ +DONE' "$log" | tail -1 || true)"
  if [ "$rc" = 0 ]; then
    echo "fuzz: $t ok: ${done:-$(grep -E '^#[0-9]+' "$log" | tail -1)}"
  else
    echo "fuzz: $t FAILED (exit $rc); log $log, input in $out/artifacts/$t/:"
    grep -E -A40 '^==[0-9]+== ERROR|panicked at|^thread .* panicked|Test unit written' "$log" | head -80 || tail -40 "$log"
    failed+=("$t")
  fi
}
for t in "${targets[@]}"; do
  if [ ! -d "fuzz/seeds/$t" ]; then
    echo "fuzz: no seeds in fuzz/seeds/$t" >&2
    failed+=("$t")
    continue
  fi
  run "$t" &
  pids+=($!)
  names+=("$t")
  if [ ${#pids[@]} -ge "$jobs" ]; then
    rc=0; wait "${pids[0]}" || rc=$?
    report "${names[0]}" "$rc"
    pids=("${pids[@]:1}"); names=("${names[@]:1}")
  fi
done
for i in "${!pids[@]}"; do
  rc=0; wait "${pids[$i]}" || rc=$?
  report "${names[$i]}" "$rc"
done
echo "fuzz: ${#targets[@]} targets, $seconds s each, $(($(date +%s) - start)) s in all"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
