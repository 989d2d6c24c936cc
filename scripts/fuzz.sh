#!/usr/bin/env bash
# Runs each fuzz target for a while and prints how many inputs it tried and any crash.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS is per target (default 60); the targets default to all of fuzz/fuzz_targets/.
# cargo-fuzz needs nightly features: on a stable toolchain they are unlocked with
# RUSTC_BOOTSTRAP=1. FUZZ_SANITIZER picks the sanitizer (default none: the code is safe Rust, and
# without one the fuzzer runs several times faster; try address for AddressSanitizer).
# Each run starts from the committed corpus, fuzz/corpus/<target>/, and keeps what it finds in
# fuzz/target/corpus/<target>/ (not committed). To add the inputs that reach new code to the
# committed corpus, which `tests/it/fuzz_corpus.rs` replays on every `cargo test`:
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none TARGET fuzz/corpus/TARGET \
#     fuzz/target/corpus/TARGET -- -merge=1
# A crash is saved in fuzz/artifacts/<target>/.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
sanitizer=${FUZZ_SANITIZER:-none}
export RUSTC_BOOTSTRAP=1

if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2
  exit 2
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz"
  cargo install cargo-fuzz --locked || exit 1
fi

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
failed=0
for target in "${targets[@]}"; do
  echo "== $target: ${seconds}s (sanitizer: $sanitizer)"
  work="fuzz/target/corpus/$target"
  mkdir -p "$work" "fuzz/corpus/$target"
  log="$logs/$target.log"
  cargo fuzz run -s "$sanitizer" "$target" "$work" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1
  status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  echo "executions: ${runs:-unknown} (${speed:-?}/s)"
  echo "corpus: $(find "fuzz/corpus/$target" -type f | wc -l) committed, $(find "$work" -type f | wc -l) found in $work"
  if [ "$status" -ne 0 ]; then
    failed=1
    echo "FAILED (exit $status):"
    # The panic and its message, or else the sanitizer's or libFuzzer's report.
    panic=$(awk '/panicked at/ { p = 1 } p && /^(stack backtrace|note:)/ { exit } p' "$log")
    if [ -n "$panic" ]; then
      echo "$panic" | head -40
    else
      grep -E -A8 "^==[0-9]+== ?ERROR|^ERROR: " "$log" | head -40
    fi
    artifacts=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log")
    if [ -z "$artifacts" ]; then
      tail -30 "$log"
    fi
    for artifact in $artifacts; do
      echo "input $artifact, in hex:"
      od -An -v -tx1 "$artifact" | tr -d ' \n'
      echo
      echo "replay: RUSTC_BOOTSTRAP=1 cargo fuzz run -s $sanitizer $target $artifact"
    done
  else
    echo "no crash"
  fi
done
exit "$failed"
