#!/usr/bin/env bash
# Times `followup` on stores of N processes (about 3 % open, the rest closed long ago; see
# bench/fixture.py), loaded with `followup import`, against the floor of reading and writing the
# store's bytes (examples/floor.rs) and against Taskwarrior's `task next` on the same tasks, in
# one hyperfine run per N; measures the peak memory of `due`; prints the medians, then the
# performance goals with their ratios. It asserts nothing.
#
#   bench/run.sh                      # N = 500, 10 000 and 100 000
#   SIZES="500 10000" bench/run.sh    # a shorter run
#
# Environment: SIZES, NOW (the moment followup runs at), SEED (the fixture's), KEEP=1 (keep the
# work folder). The store is every *.json file directly in the data folder.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SIZES=${SIZES:-"500 10000 100000"} NOW=${NOW:-2026-11-20T09:00:00+00:00} SEED=${SEED:-1}
TASK_MAX_N=10000

say() { printf '%s\n' "$*" >&2; }
# Installs a Debian package when the command it provides is missing.
need() {
    command -v "$1" >/dev/null 2>&1 && return
    say "installing $2 from Debian's packages"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$2" >&2 ||
        { "${sudo[@]}" apt-get update >&2 &&
            "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$2" >&2; }
}
need hyperfine hyperfine
need /usr/bin/time time
need task taskwarrior || say "no Taskwarrior: no task next"

cargo build --release --bin followup --example floor >&2
BIN=$PWD/target/release/followup FLOOR=$PWD/target/release/examples/floor
WORK=$(mktemp -d "${TMPDIR:-/tmp}/followup-bench.XXXXXX")
trap '[ "${KEEP:-}" = 1 ] && say "work folder kept: $WORK" || rm -rf "$WORK"' EXIT
export FOLLOWUP_NOW=$NOW FOLLOWUP_CONFIG=/nonexistent TZ=UTC NO_COLOR=1
unset VISUAL EDITOR
FACTS=$WORK/facts.tsv  # N, name, value (seconds for times)
: >"$FACTS"
fact() { printf '%s\t%s\t%s\n' "$@" >>"$FACTS"; }
clock() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(clock)" 'BEGIN { printf "%.2f", b - a }'; }

for n in $SIZES; do
    say ""
    say "=== N = $n"
    d=$WORK/$n data=$WORK/$n/data copy=$WORK/$n/copy
    mkdir -p "$d" && mkdir -m 700 "$data"
    t=$(clock)
    python3 bench/fixture.py "$n" "$NOW" "$SEED" "$d/fixture.json" "$d/tasks.json"
    say "fixture written in $(since "$t") s"
    t=$(clock)
    "$BIN" --dir "$data" import --format json "$d/fixture.json" >&2
    imported=$(since "$t")
    fact "$n" import "$imported"
    say "imported in $imported s"
    export FOLLOWUP_DIR=$data
    "$FLOOR" "$data"  # the store is valid JSON, and one followup reads
    "$BIN" list >/dev/null
    fact "$n" size "$(stat -c %s "$data"/*.json | awk '{ s += $1 } END { print s }')"
    fact "$n" open "$("$BIN" due --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["open_processes"])')"
    # A fresh copy of the data folder, on disk before the timing starts.
    printf 'rm -rf "$2" && cp -a "$1" "$2" && sync "$2" "$2"/*.json\n' >"$d/fresh.sh"
    fresh="bash '$d/fresh.sh' '$data' '$copy'"
    cmds=(-n due "'$BIN' due" -n "due --json" "'$BIN' due --json" -n list "'$BIN' list"
        -n add "'$BIN' add --dir '$copy' --company X --role Y --at '2026-11-19 10:00'"
        --command-name=--version "'$BIN' --version" -n "read floor" "'$FLOOR' '$data'"
        -n "write floor" "'$FLOOR' --write '$copy'")
    prep=(--prepare true --prepare true --prepare true --prepare "$fresh" --prepare true
        --prepare true --prepare "$fresh")
    if command -v task >/dev/null && [ "$n" -le "$TASK_MAX_N" ]; then
        export TASKDATA=$d/task TASKRC=$d/taskrc
        mkdir "$TASKDATA"
        printf '%s\n' confirmation=off hooks=off verbose=nothing defaultwidth=250 detection=off \
            color=off >"$TASKRC"
        t=$(clock)
        task import "$d/tasks.json" >/dev/null
        say "Taskwarrior: $n tasks imported in $(since "$t") s"
        task next >/dev/null  # moves the completed tasks out of pending.data, as long ago
        cmds+=(-n "task next" "task next") prep+=(--prepare true)
    fi
    runs=(--warmup 2)
    [ "$n" -lt 50000 ] || runs=(--warmup 1 --min-runs 5)
    hyperfine -N --style basic "${runs[@]}" "${prep[@]}" --export-json "$d/times.json" \
        "${cmds[@]}" >&2
    python3 -c 'import json, sys
for r in json.load(open(sys.argv[2]))["results"]:
    print(sys.argv[1], r["command"], r["median"], sep="\t")' "$n" "$d/times.json" >>"$FACTS"
    /usr/bin/time -f %M -o "$d/rss" "$BIN" due >/dev/null
    fact "$n" rss "$(cat "$d/rss")"
    unset FOLLOWUP_DIR TASKDATA TASKRC
    [ "${KEEP:-}" = 1 ] || rm -rf "$data" "$copy" "$d/task" "$d"/*.json
done

say ""
python3 - "$FACTS" $SIZES <<'PY'
import sys

facts = {}
for line in open(sys.argv[1], encoding="utf-8"):
    n, name, value = line.rstrip("\n").split("\t")
    facts[int(n), name] = float(value)
sizes = [int(s) for s in sys.argv[2:]]
get = lambda n, name: facts.get((n, name))
MIB = 1024 * 1024


def ms(s):
    return "-" if s is None else f"{s * 1000:.1f}" if s < 10 else f"{s * 1000:.0f}"


def show(rows):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))))


timed = ["due", "due --json", "list", "add", "--version", "read floor", "write floor", "task next"]
print("Medians of whole runs in ms (hyperfine); store: every *.json file; RSS: peak of due")
print()
rows = [["N", "store", "open", "import s"] + timed + ["RSS due"]]
for n in sizes:
    size, rss, imp, open_ = get(n, "size"), get(n, "rss"), get(n, "import"), get(n, "open")
    rows.append([str(n), "-" if size is None else f"{size / MIB:.1f} MiB",
                 "-" if open_ is None else f"{open_:.0f}", "-" if imp is None else f"{imp:.2f}"]
                + [ms(get(n, c)) for c in timed] + ["-" if rss is None else f"{rss / 1024:.1f} MiB"])
show(rows)


def ratio(a, b):
    return None if a is None or b is None else a / b


goals = [
    ("N=500: due / --version", ratio(get(500, "due"), get(500, "--version")), 2.0),
    ("N=500: add / write floor", ratio(get(500, "add"), get(500, "write floor")), 3),
    ("N=10000: due / read floor", ratio(get(10000, "due"), get(10000, "read floor")), 0.5),
    ("N=10000: due / task next", ratio(get(10000, "due"), get(10000, "task next")), 0.1),
    ("N=10000: add / write floor", ratio(get(10000, "add"), get(10000, "write floor")), 1),
    ("due at 100000 / at 10000", ratio(get(100000, "due"), get(10000, "due")), 12),
    ("N=10000: peak RSS of due, MiB", ratio(get(10000, "rss"), 1024), 32),
]
print()
print("Goals")
print()
show([[name, "-" if v is None else f"{v:.2f}", f"<= {limit:g}",
       "not measured" if v is None else "PASS (met)" if v <= limit else "FAIL (not met)"]
      for name, v, limit in goals])
PY
