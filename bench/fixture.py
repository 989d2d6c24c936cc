#!/usr/bin/env python3
"""A long job search of N processes, as `followup export --format json` writes it.

    bench/fixture.py N NOW SEED OUT.json [TASKS.json]

About 3 % of the processes (the latest) are open, with rounds in the last weeks before NOW;
the others closed months before it, with nothing left to do. Each has 1-3 rounds of 1-3
interviewers with a debrief, 0-2 replies and the marks of what was done. TASKS.json gets the
same processes as Taskwarrior tasks (`task import`). The same arguments give the same bytes.
"""
import json
import random
import re
import sys
import unicodedata
import uuid
from datetime import datetime, timedelta, timezone

n, now, seed, out = int(sys.argv[1]), datetime.fromisoformat(sys.argv[2]), sys.argv[3], sys.argv[4]
rng = random.Random(f"{seed}:{n}")
TZ = timezone(timedelta(hours=1))
DAY = timedelta(days=1)
FIRST = "Jane John Amir Zoë José Mei Olga Priya Tom Ana Lars Fatou Kenji Sara".split()
LAST = "Doe Roe Martin Okafor Nguyen Schmidt Rossi García Kowalski Tanaka Silva Berg".split()
TITLES = ["Engineering Manager", "Staff Engineer", "Recruiter", "CTO", "Head of Platform", None]
COMPANIES = "Acme Globex Initech Umbrella Hooli Stark Wayne Vandelay Wonka Cyberdyne".split()
ROLES = ["Backend Engineer", "SRE", "Data Engineer", "Platform Lead", "Staff Engineer"]
LABELS = ["phone screen", "technical", "system design", "onsite", "final"]
NOTES = ["They asked about on-call and incident reviews.", "The team runs Rust and Postgres.",
         "I stumbled on the sharding question; read up on consistent hashing.",
         "Good rapport with the manager, who wants someone to own the deploy pipeline.",
         "Salary band not discussed yet.", "They liked the story about the migration."]


def stamp(t):
    return t.astimezone(TZ).isoformat(timespec="seconds")


def round_(at, company, last):
    people = []
    for _ in range(rng.randint(1, 3)):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        user = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
        person = {"name": name, "email": f"{user.replace(' ', '.')}@{company.lower()}.test"}
        if title := rng.choice(TITLES):
            person["title"] = title
        people.append(person)
    r = {"at": stamp(at), "label": rng.choice(LABELS), "interviewers": people}
    if last and rng.random() < 0.5:
        r["timeline"] = {"text": "two weeks", "date": (at + 14 * DAY).astimezone(TZ).date().isoformat()}
    r["debrief"] = {"notes": " ".join(rng.sample(NOTES, rng.randint(2, 4))),
                    "highlights": [rng.choice(NOTES)]}
    return r


def mark(action, anchor, at, person=None, state="done", seq=0):
    m = {"action": action, "anchor": anchor}
    if person:
        m["person"] = person
    if seq:
        m["seq"] = seq
    return m | {"state": state, "at": stamp(at)}


def process(i, created, is_open):
    company = rng.choice(COMPANIES)
    p = {"id": i, "company": f"{company} {i}", "role": rng.choice(ROLES), "created": stamp(created),
         "rounds": [], "replies": [], "marks": []}
    at, count = created + timedelta(hours=rng.randint(2, 48)), rng.randint(1, 3)
    if is_open:  # no round after NOW
        count = min(count, 1 + int((now - at) / (10 * DAY)))
    for k in range(1, count + 1):
        r = round_(at, company, k == count)
        p["rounds"].append(r)
        for person in r["interviewers"]:  # thank-you notes sent, the latest ones perhaps not yet
            if not is_open or k < count or rng.random() < 0.5:
                p["marks"].append(mark("thank-you", {"round": k}, at + 3 * timedelta(hours=1), person["name"]))
        if not is_open:
            p["marks"].append(mark("review-debrief", {"round": k}, at + 2 * DAY))
        if k < count:
            at += rng.randint(3, 10) * DAY
    last = at
    if is_open:
        if rng.random() < 0.4 and last + 2 * DAY < now:
            p["replies"].append({"at": stamp(last + 2 * DAY), "kind": "update", "note": "still interviewing",
                                 "timeline": {"text": "end of next week",
                                              "date": (now + 7 * DAY).astimezone(TZ).date().isoformat()}})
        return p
    for _ in range(rng.randint(0, 1)):
        p["replies"].append({"at": stamp(last + 3 * DAY), "kind": "update", "note": "a few more candidates"})
    outcome = rng.choice(["rejected", "no-response", "declined", "withdrawn"])
    end = last + rng.randint(10, 40) * DAY
    if outcome == "rejected":
        p["replies"].append({"at": stamp(end), "kind": "rejection", "note": "went with someone else"})
        reply = {"reply": len(p["replies"])}
        p["marks"] += [mark("reply-graciously", reply, end + DAY),
                       mark("stay-in-touch", reply, end + 2 * DAY, state="dismissed", seq=1)]
    p["closed"] = {"outcome": outcome, "at": stamp(end)}
    return p


opened = max(1, round(n * 0.03))
closed = n - opened
# Ids in the order of creation: the closed ones over three years, ending five months before NOW.
start, span = now - 3 * 365 * DAY, (3 * 365 - 150) * DAY
times = [start + span * (i + rng.random()) / max(closed, 1) for i in range(closed)]
times += [now - 40 * DAY + 38 * DAY * (i + rng.random()) / opened for i in range(opened)]
processes = [process(i + 1, t, i >= closed) for i, t in enumerate(times)]
with open(out, "w", encoding="utf-8") as f:
    json.dump({"version": 2, "next_id": n + 1, "processes": processes}, f, indent=2, ensure_ascii=False)
    f.write("\n")

if len(sys.argv) > 5:  # one task per process, the debriefs and replies as annotations
    def task_stamp(text):
        return datetime.fromisoformat(text).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")

    tasks = []
    for p in processes:
        notes = [(r["at"], r["debrief"]["notes"]) for r in p["rounds"]]
        notes += [(r["at"], f"{r['kind']}: {r.get('note', '')}") for r in p["replies"]]
        task = {"uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "description": f"follow up: {p['company']} · {p['role']}",
                "entry": task_stamp(p["created"]),
                "project": "jobs." + re.sub(r"[^a-z0-9]+", "-", p["company"].lower()).strip("-"),
                "tags": ["interview"] + (["final"] if len(p["rounds"]) == 3 else []),
                "due": task_stamp(stamp(datetime.fromisoformat(p["rounds"][-1]["at"]) + 14 * DAY)),
                # Annotations are keyed by their time: one second apart at least.
                "annotations": [{"entry": task_stamp(stamp(datetime.fromisoformat(at) + timedelta(seconds=k))),
                                 "description": text} for k, (at, text) in enumerate(sorted(notes))],
                "status": "completed" if "closed" in p else "pending"}
        if "closed" in p:
            task["end"] = task_stamp(p["closed"]["at"])
        tasks.append(task)
    with open(sys.argv[5], "w", encoding="utf-8") as f:
        json.dump(tasks, f, ensure_ascii=False)
