#!/usr/bin/env bash
# Times `followup` on stores of N processes, against the physical floor and against
# Taskwarrior, and checks the performance goals.
#
#   bench/run.sh                      # N = 200, 10 000 and 100 000
#   SIZES="200 10000" bench/run.sh    # other sizes
#
# For each N it generates a store with `examples/fixture.rs` (processes of 1-4 rounds, 1-3
# interviewers, a debrief, 0-3 replies, marks, open and closed ones, dates over the year before
# NOW), prints its size and the size of its head (the processes in play, all that `due` decodes;
# it still reads the whole file for the checksum), and times whole processes with hyperfine
# (median of the runs):
#
#   due, due --json, list   read-only commands on the store; `due` answers from its cache, as
#                           after any change made with followup (here written by the first
#                           run); `due --json` and `list` always read the store
#   due, cold               `due` without its cache, removed before each run, as after an edit
#                           by hand, a change of settings or time zone, or a new year: it reads
#                           the store, plans and writes the cache
#   add                     `add --company X --role Y` on a fresh copy of the store each run
#                           (the copy is made and synced to disk outside the timing); it also
#                           keeps the previous version in backups/ and writes due's cache, as
#                           every change does
#   --version               start-up alone: no store, no config
#   floor                   `examples/floor.rs`: read the file and check it is valid JSON
#                           (serde's IgnoredAny), nothing else
#   write floor             `floor --write`: the same, then write the same bytes back to a temp
#                           file in the same folder, fsync, rename over the store, fsync the
#                           folder (on the same fresh copy as add)
#   task next               Taskwarrior's report on N equivalent tasks, when `task` is installed
#                           (one task per process: pending if open, completed if closed, the
#                           debrief notes and replies as annotations), at N <= TASK_MAX_N
#
# and the peak memory (maximum resident set size, from /usr/bin/time -v) of due (cached and
# cold), add and floor.
# Then it prints the table of medians and the goals of the performance issue with PASS/FAIL.
#
# Every `followup` run has FOLLOWUP_DIR set to the store's folder, FOLLOWUP_NOW fixed,
# FOLLOWUP_CONFIG=/nonexistent (the default rules), TZ=UTC and NO_COLOR=1; output goes to
# /dev/null. Commands are started without a shell (hyperfine -N), so that start-up time is the
# program's own; hyperfine splits each command into words as a shell would, so paths are quoted.
#
# The figures are noisy on a busy machine: compare ratios within one run of the script rather
# than absolute times across runs.
#
# Environment:
#   SIZES        the store sizes (default "200 10000 100000")
#   NOW          the moment the store is generated around and followup runs at
#                (default 2026-11-20T09:00:00+00:00)
#   SEED         the fixture's seed (default 1)
#   WARMUP, MIN_RUNS          hyperfine's warm-up runs and least number of runs (default 3, 20)
#   LARGE_N, LARGE_RUNS       from N = LARGE_N (default 50000) on: 1 warm-up and at least
#                             LARGE_RUNS runs (default 10), as each run takes seconds
#   TASK_MAX_N   the largest N at which Taskwarrior is timed (default 10000)
#   KEEP=1       keep the work folder (fixtures, hyperfine's JSON exports) and print its path
#
# Needs cargo, python3, hyperfine (>= 1.13 for -N) and GNU time; the last two are installed from
# Debian's packages when missing (with sudo when not root).

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

SIZES=${SIZES:-"200 10000 100000"}
NOW=${NOW:-2026-11-20T09:00:00+00:00}
SEED=${SEED:-1}
WARMUP=${WARMUP:-3}
MIN_RUNS=${MIN_RUNS:-20}
LARGE_N=${LARGE_N:-50000}
LARGE_RUNS=${LARGE_RUNS:-10}
TASK_MAX_N=${TASK_MAX_N:-10000}

say() { printf '%s\n' "$*" >&2; }

# Installs a Debian package when the command it provides is missing.
need() {
    local command=$1 package=$2
    if command -v "$command" >/dev/null 2>&1; then
        return
    fi
    say "installing $package from Debian's packages"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$package"; then
        "${sudo[@]}" apt-get update
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$package"
    fi
}

need hyperfine hyperfine
need /usr/bin/time time
for tool in cargo python3; do
    command -v "$tool" >/dev/null || { say "bench: $tool is needed"; exit 1; }
done

say "building (release)"
cargo build --release --bins --examples
ROOT=$(pwd)
BIN=$ROOT/target/release/followup
FIXTURE=$ROOT/target/release/examples/fixture
FLOOR=$ROOT/target/release/examples/floor

WORK=$(mktemp -d "${TMPDIR:-/tmp}/followup-bench.XXXXXX")
cleanup() {
    if [ "${KEEP:-}" = 1 ]; then
        say "work folder kept: $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

export FOLLOWUP_NOW=$NOW FOLLOWUP_CONFIG=/nonexistent TZ=UTC NO_COLOR=1
unset FOLLOWUP_DIR VISUAL EDITOR

HAVE_TASK=0
if command -v task >/dev/null 2>&1; then
    HAVE_TASK=1
else
    say "task (Taskwarrior) is not installed: no comparison with it (apt-get install taskwarrior)"
fi

# One line per measurement: N, name, median, mean, stddev, min, max (seconds).
RESULTS=$WORK/results.tsv
# N, name, value.
FACTS=$WORK/facts.tsv
: >"$RESULTS"
: >"$FACTS"

# Runs hyperfine with the given options and commands, then appends the measurements to RESULTS.
# The names given with -n become the names in the table.
time_it() {
    local n=$1 export=$2
    shift 2
    local runs=(--warmup "$WARMUP" --min-runs "$MIN_RUNS")
    if [ "$n" -ge "$LARGE_N" ]; then
        runs=(--warmup 1 --min-runs "$LARGE_RUNS")
    fi
    hyperfine -N --style basic "${runs[@]}" --export-json "$export" "$@" >&2
    python3 - "$n" "$export" >>"$RESULTS" <<'PY'
import json, sys
n, path = sys.argv[1], sys.argv[2]
for r in json.load(open(path))["results"]:
    print("\t".join([n, r["command"]] + [repr(r[k]) for k in ("median", "mean", "stddev", "min", "max")]))
PY
}

# Peak resident memory of one run, in KiB.
peak_rss() {
    local report=$WORK/time.txt
    /usr/bin/time -v -o "$report" "$@" >/dev/null
    awk -F': ' '/Maximum resident set size/ {print $2}' "$report"
}

for n in $SIZES; do
    say ""
    say "=== N = $n"
    dir=$WORK/n$n
    mkdir -p "$dir/data"
    chmod 700 "$dir/data"
    fixture=$dir/fixture.json
    start=$(date +%s.%N)
    "$FIXTURE" "$n" "$NOW" "$SEED" --output "$fixture"
    end=$(date +%s.%N)
    size=$(stat -c %s "$fixture")
    say "store: $size bytes, generated in $(python3 -c "print(f'{$end - $start:.1f}')") s"
    printf '%s\tsize\t%s\n' "$n" "$size" >>"$FACTS"
    # The head `due` decodes: the processes in play, whose length the store's head line states.
    head=$(sed -n '3s/.*"bytes:0*\([0-9][0-9]*\).*/\1/p' "$fixture")
    printf '%s\thead\t%s\n' "$n" "${head:-0}" >>"$FACTS"
    cp "$fixture" "$dir/data/store.json"

    # The store must be one followup reads: a failure here stops the script.
    export FOLLOWUP_DIR=$dir/data
    "$FLOOR" "$dir/data/store.json"
    "$BIN" list >/dev/null
    "$BIN" due --json >"$dir/due.json"
    "$BIN" due >"$dir/due.txt"
    python3 - "$n" "$dir/due.json" "$dir/due.txt" >>"$FACTS" <<'PY'
import json, sys
n, path, text = sys.argv[1:]
due = json.load(open(path))
print(f"{n}\topen\t{due['open_processes']}")
print(f"{n}\tactions\t{len(due['actions'])}")
print(f"{n}\tdue_lines\t{sum(1 for _ in open(text, encoding='utf-8'))}")
PY

    # Read-only commands, start-up and the read floor, on the same store.
    time_it "$n" "$dir/read.json" \
        -n "due" "'$BIN' due" \
        -n "due --json" "'$BIN' due --json" \
        -n "list" "'$BIN' list" \
        -n "version" "'$BIN' --version" \
        -n "floor" "'$FLOOR' '$dir/data/store.json'"

    # `due` with no cache to answer from: it reads the store, plans, then writes one.
    time_it "$n" "$dir/cold.json" \
        --prepare "rm -f '$dir/data/due.cache'" \
        -n "due, cold" "'$BIN' due"

    # Changes, each run on a fresh copy synced to disk before the timing starts.
    fresh=$dir/fresh.sh
    cat >"$fresh" <<EOF
set -e
rm -rf '$dir/write'
mkdir -m 700 '$dir/write'
cp '$fixture' '$dir/write/store.json'
sync '$dir/write/store.json' '$dir/write'
EOF
    FOLLOWUP_DIR=$dir/write time_it "$n" "$dir/write.json" \
        --prepare "bash '$fresh'" \
        -n "add" "'$BIN' add --company X --role Y" \
        -n "write floor" "'$FLOOR' --write '$dir/write/store.json'"

    printf '%s\trss due\t%s\n' "$n" "$(peak_rss "$BIN" due)" >>"$FACTS"
    rm -f "$dir/data/due.cache"
    printf '%s\trss due, cold\t%s\n' "$n" "$(peak_rss "$BIN" due)" >>"$FACTS"
    printf '%s\trss floor\t%s\n' "$n" "$(peak_rss "$FLOOR" "$dir/data/store.json")" >>"$FACTS"
    bash "$fresh"
    printf '%s\trss add\t%s\n' "$n" \
        "$(FOLLOWUP_DIR=$dir/write peak_rss "$BIN" add --company X --role Y)" >>"$FACTS"

    if [ "$HAVE_TASK" = 1 ] && [ "$n" -le "$TASK_MAX_N" ]; then
        # The same processes as Taskwarrior tasks, imported in one go.
        export TASKDATA=$dir/task TASKRC=$dir/taskrc
        mkdir -p "$TASKDATA"
        : >"$TASKRC"
        python3 - "$fixture" "$dir/tasks.json" <<'PY'
import json, random, re, sys, uuid
from datetime import datetime, timedelta, timezone

store = json.load(open(sys.argv[1], encoding="utf-8"))
rng = random.Random(1)

def stamp(moment):
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")

def at(text):
    return datetime.fromisoformat(text)

tasks = []
for p in store["processes"] + store.get("archived", []):
    last = max([at(r["at"]) for r in p["rounds"]] or [at(p["created"])])
    annotations = []
    for r in p["rounds"]:
        notes = r.get("debrief", {}).get("notes")
        if notes:
            annotations.append((at(r["at"]), notes))
    for r in p["replies"]:
        annotations.append((at(r["at"]), f"{r['kind']}: {r.get('note') or ''}".strip()))
    task = {
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "description": f"follow up: {p['company']} · {p['role']}",
        "entry": stamp(at(p["created"])),
        "project": "jobs." + re.sub(r"[^a-z0-9]+", "-", p["company"].lower()).strip("-"),
        "tags": ["interview"] + (["final"] if len(p["rounds"]) >= 3 else []),
        "due": stamp(last + timedelta(days=14)),
        # Annotations are keyed by their time: keep them one second apart at least.
        "annotations": [
            {"entry": stamp(moment + timedelta(seconds=i)), "description": text}
            for i, (moment, text) in enumerate(sorted(annotations, key=lambda a: a[0]))
        ],
    }
    closed = p.get("closed")
    if closed:
        task["status"] = "completed"
        task["end"] = stamp(at(closed["at"]))
    else:
        task["status"] = "pending"
    tasks.append(task)
json.dump(tasks, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
        rc=(rc.confirmation=off rc.hooks=off rc.verbose=nothing rc.defaultwidth=250
            rc.detection=off rc.color=off)
        start=$(date +%s.%N)
        task "${rc[@]}" import "$dir/tasks.json" >/dev/null
        end=$(date +%s.%N)
        say "Taskwarrior: $n tasks imported in $(python3 -c "print(f'{$end - $start:.1f}')") s"
        # The first report moves the completed tasks out of pending.data, as it would have
        # long ago in a real task list.
        task "${rc[@]}" next >/dev/null
        time_it "$n" "$dir/task.json" -n "task next" "task ${rc[*]} next"
        unset TASKDATA TASKRC
    fi
    unset FOLLOWUP_DIR
    # The large fixtures take room: keep only what is needed.
    if [ "${KEEP:-}" != 1 ]; then
        rm -rf "$dir/write" "$dir/data" "$dir/task" "$fixture"
    fi
done

say ""
python3 - "$RESULTS" "$FACTS" "$SIZES" <<'PY'
import sys

results_path, facts_path, sizes = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3].split()]
median = {}
for line in open(results_path):
    n, name, med, *_ = line.rstrip("\n").split("\t")
    median[(int(n), name)] = float(med)
facts = {}
for line in open(facts_path):
    n, name, value = line.rstrip("\n").split("\t")
    facts[(int(n), name)] = int(value)

MIB = 1024 * 1024

def ms(seconds):
    return "-" if seconds is None else (f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}")

def size(n, what="size"):
    b = facts.get((n, what))
    if b is None:
        return "-"
    return f"{b / MIB:.1f} MiB" if b >= MIB else f"{b / 1024:.0f} KiB"

commands = ["due", "due, cold", "due --json", "list", "add", "version", "floor", "write floor", "task next"]
print("Median wall time of a whole process, in ms (hyperfine); peak RSS in MiB (/usr/bin/time -v)")
print()
head = ["N", "store", "in play", "open", "due lines"] + [c.replace("version", "--version") for c in commands] + ["RSS due", "RSS due, cold", "RSS add", "RSS floor"]
rows = []
for n in sizes:
    row = [f"{n}", size(n), size(n, "head"), str(facts.get((n, "open"), "-")), str(facts.get((n, "due_lines"), "-"))]
    row += [ms(median.get((n, c))) for c in commands]
    for what in ("rss due", "rss due, cold", "rss add", "rss floor"):
        kb = facts.get((n, what))
        row.append("-" if kb is None else f"{kb / 1024:.1f}")
    rows.append(row)
widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
for r in [head] + rows:
    print("  ".join(cell.rjust(w) for cell, w in zip(r, widths)))

def ratio(a, b):
    return None if a is None or b is None else a / b

print()
print("Ratios")
print()
head = ["N", "due/--version", "cold/--version", "due/floor", "cold/floor", "due --json/floor",
        "list/floor", "add/write floor", "due/task next", "cold/task next"]
rows = []
for n in sizes:
    m = lambda c: median.get((n, c))
    values = [
        ratio(m("due"), m("version")),
        ratio(m("due, cold"), m("version")),
        ratio(m("due"), m("floor")),
        ratio(m("due, cold"), m("floor")),
        ratio(m("due --json"), m("floor")),
        ratio(m("list"), m("floor")),
        ratio(m("add"), m("write floor")),
        ratio(m("due"), m("task next")),
        ratio(m("due, cold"), m("task next")),
    ]
    rows.append([str(n)] + ["-" if v is None else f"{v:.2f}" for v in values])
widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
for r in [head] + rows:
    print("  ".join(cell.rjust(w) for cell, w in zip(r, widths)))

print()
print("Goals")
print()
goals = []

def goal(name, value, limit, shown=None, missing="not measured"):
    if value is None:
        goals.append((name, "-", f"<= {limit:g}", f"SKIP ({missing})"))
    else:
        goals.append((name, shown or f"{value:.2f}", f"<= {limit:g}", "PASS" if value <= limit else "FAIL"))

m = lambda n, c: median.get((n, c))
# Each goal about `due` is checked on the usual run (answered from the cache every change
# writes) and without the cache ("cold": after an edit by hand, new settings or a new year).
for due in ("due", "due, cold"):
    goal(f"N=200: {due} / --version", ratio(m(200, due), m(200, "version")), 1.5,
         missing="N=200 not in SIZES")
for due in ("due", "due, cold"):
    goal(f"N=10000: {due} / floor", ratio(m(10000, due), m(10000, "floor")), 2,
         missing="N=10000 not in SIZES")
goal("N=10000: add / write floor", ratio(m(10000, "add"), m(10000, "write floor")), 3,
     missing="N=10000 not in SIZES")
for due in ("due", "due, cold"):
    rss, file_size = facts.get((10000, f"rss {due}")), facts.get((10000, "size"))
    name = f"N=10000: peak RSS of {due} / (4 x file + 8 MiB)"
    if rss is not None and file_size is not None:
        budget = 4 * file_size + 8 * MIB
        goal(name, rss * 1024 / budget, 1,
             shown=f"{rss / 1024:.0f} MiB of {budget / MIB:.0f} MiB ({rss * 1024 / budget:.2f})")
    else:
        goal(name, None, 1, missing="N=10000 not in SIZES")
for due in ("due", "due, cold"):
    goal(f"growth: {due}(100000) / {due}(10000)", ratio(m(100000, due), m(10000, due)), 12,
         missing="N=100000 or N=10000 not in SIZES")
for due in ("due", "due, cold"):
    goal(f"N=10000: {due} / task next", ratio(m(10000, due), m(10000, "task next")), 0.1,
         missing="Taskwarrior not installed, or N=10000 not in SIZES")
widths = [max(len(g[i]) for g in goals) for i in range(4)]
for g in goals:
    print(f"  {g[0].ljust(widths[0])}  {g[1].rjust(widths[1])}  {g[2].ljust(widths[2])}  {g[3]}")
PY
