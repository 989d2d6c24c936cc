#!/usr/bin/env bash
# Runs every durability test of followup in release mode (the slow ones and those in a real
# terminal included), then prints the figures the tests reported (the lines starting with "figure:").
# Exits with the status of the test run.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
start=$(date +%s)
cargo test --release --test it -- durability:: terminal:: --include-ignored --nocapture --test-threads=1 2>&1 \
  | tee "$log" || status=$?
elapsed=$(($(date +%s) - start))

echo
echo "== followup durability figures ($(git rev-parse --short HEAD 2>/dev/null || echo 'no git'), release, ${elapsed} s) =="
# With --nocapture a figure may follow "test NAME ... " on the same line.
grep -o 'figure: .*' "$log" | sed 's/^figure: /  /' || echo "  (no figures: did the build fail?)"
echo
echo "== results =="
# A test's result ends its "test NAME ... " line, or comes alone on a later line.
awk '/^test .* \.\.\. / { name = $2; if ($NF == "ok" || $NF == "FAILED") { print "  " name ": " $NF; name = "" }; next }
     name != "" && /^(ok|FAILED)$/ { print "  " name ": " $0; name = "" }' "$log"
grep -E '^test result:' "$log" | sed 's/^/  /' || true
exit "$status"
