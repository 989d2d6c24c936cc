#!/usr/bin/env bash
# Times `followup import` of generated spreadsheets (CSV) of N and 3N rows into an empty store,
# in one hyperfine run, and prints how the time grows with the rows: linear is 3x. Two shapes:
# "mixed" (many companies, statuses, interviewers, contacts, notes, a second round on some rows)
# and "same names" (one company and role, each row its own application by its link). It prints
# a verdict for each and fails only when a command does.
#
#   bench/import.sh              # N = 10 000
#   N=2000 bench/import.sh       # a shorter run
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${N:-10000}
command -v hyperfine >/dev/null || { echo "bench/import.sh needs hyperfine (apt install hyperfine)" >&2; exit 1; }
cargo build --release --bin followup >&2
BIN=$PWD/target/release/followup
WORK=$(mktemp -d "${TMPDIR:-/tmp}/followup-import.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export FOLLOWUP_NOW=2026-11-20T09:00:00+01:00 FOLLOWUP_CONFIG=/nonexistent TZ=Europe/Paris

python3 - "$WORK" "$N" <<'PY'
import sys

work, n = sys.argv[1], int(sys.argv[2])
statuses = ["Applied", "Interviewing", "Rejected", "Offer", "Ghosted", ""]
for rows in (n, 3 * n):
    with open(f"{work}/mixed-{rows}.csv", "w") as f:
        print("Company,Role,Date Applied,Interview Date,Status,Interviewers,Contact,Notes", file=f)
        for i in range(rows):
            # two rows per company; two in three have an interview
            interview = f"2026-10-{i % 28 + 1:02d} 10:00" if i % 3 else ""
            people = "Jane Doe, VP Engineering" if i % 2 else "Bob Li and Ann Wu"
            print(f"Company {i // 2},Role {i % 7},2026-{i % 9 + 1:02d}-{i % 27 + 1:02d},"
                  f"{interview},{statuses[i % len(statuses)]},\"{people}\","
                  f"Sam Lee <sam{i}@acme.test>,\"note {i}; ok\"", file=f)
    with open(f"{work}/same-{rows}.csv", "w") as f:
        print("Company,Role,Date Applied,Interview Date,Status,Job Link", file=f)
        for i in range(rows):
            print(f"Google,Software Engineer,2026-{i % 9 + 1:02d}-{i % 27 + 1:02d},,Applied,"
                  f"https://g.co/{i}", file=f)
PY

cmds=()
for shape in mixed same; do
    for rows in "$N" $((3 * N)); do
        cmds+=(--prepare "rm -rf '$WORK/store'"
            -n "$shape $rows" "'$BIN' --dir '$WORK/store' --quiet import '$WORK/$shape-$rows.csv'")
    done
done
hyperfine -N --style basic --runs 3 --export-json "$WORK/times.json" "${cmds[@]}" >&2

python3 - "$WORK/times.json" "$N" <<'PY'
import json, sys

n = int(sys.argv[2])
median = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
print("import of a CSV into an empty store: medians of 3 runs (hyperfine)")
print()
for shape, name in (("mixed", "mixed"), ("same", "same names")):
    small, large = median[f"{shape} {n}"], median[f"{shape} {3 * n}"]
    verdict = "PASS (met)" if large / small <= 3.5 else "FAIL (not met)"
    print(f"{name:10}  {n} rows {small:.2f} s  {3 * n} rows {large:.2f} s  "
          f"growth {large / small:.2f} (linear is 3, goal <= 3.5)  {verdict}")
PY
