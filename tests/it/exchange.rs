//! Export and import: the calendar read back by a third-party iCalendar parser, spreadsheet and
//! JSON round trips, hand-made spreadsheets, and bad files refused with the store unchanged.

use crate::common::*;
use chrono::{DateTime, FixedOffset};
use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::BufReader;
use std::os::unix::fs::PermissionsExt;

const NOW: &str = "2026-11-20 09:00";
const NOW_RFC3339: &str = "2026-11-20T09:00:00+01:00";
/// After the last interview of [`full_story`].
const LATER: &str = "2026-12-03 10:00";

const LONG_INSTRUCTIONS: &str = "écrire à Sam, la recruteuse, pas avant jeudi; mention the \
     caching design and the migration story, and ask about the on-call rota 😀";

/// Three processes: a panel at Acme with a stated timeline and long instructions, a round at
/// Beta with nobody named, and a rejection at Initech.
fn three_processes() -> TestEnv {
    let env = TestEnv::new();
    env.ok(
        "2026-11-19 16:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Backend Engineer",
            "--at",
            "today 14:30",
            "--round",
            "phone screen",
            "-i",
            "Jane Doe <jane@acme.test>, Head of Platform",
            "-i",
            "Bob Smith",
            "--timeline",
            "end of next week",
            "--instructions",
            LONG_INSTRUCTIONS,
        ],
    );
    env.ok(
        "2026-11-16 12:00",
        &["add", "-c", "Beta", "-r", "SRE", "--at", "today 10:00"],
    );
    env.ok(
        "2026-11-10 12:00",
        &[
            "add",
            "-c",
            "Initech",
            "-r",
            "Platform Lead",
            "--at",
            "today 10:00",
            "-i",
            "Jérôme Dupont",
        ],
    );
    env.ok(
        "2026-11-17 10:00",
        &["log-reply", "initech", "--kind", "rejection"],
    );
    env
}

/// Parses a calendar with the `ical` crate; exactly one calendar.
fn parse_calendar(text: &str) -> IcalCalendar {
    let mut calendars: Vec<IcalCalendar> = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .map(|c| c.expect("the calendar parses"))
        .collect();
    assert_eq!(calendars.len(), 1, "{text}");
    calendars.pop().unwrap()
}

/// The value of a property of a parsed component, when there is exactly one.
fn value<'a>(properties: &'a [ical::property::Property], name: &str) -> &'a str {
    let found: Vec<&ical::property::Property> =
        properties.iter().filter(|p| p.name == name).collect();
    assert_eq!(found.len(), 1, "one {name} in {properties:?}");
    found[0].value.as_deref().unwrap_or("")
}

fn params(property: &ical::property::Property) -> Vec<(String, Vec<String>)> {
    property.params.clone().unwrap_or_default()
}

/// The events by UID.
fn events_by_uid(calendar: &IcalCalendar) -> BTreeMap<String, &IcalEvent> {
    let mut events = BTreeMap::new();
    for event in &calendar.events {
        let uid = value(&event.properties, "UID").to_string();
        assert!(
            events.insert(uid.clone(), event).is_none(),
            "UID {uid} is not unique"
        );
    }
    events
}

/// The UID of the one event whose summary starts with `summary`, late or not.
fn uid_of(events: &BTreeMap<String, &IcalEvent>, summary: &str) -> String {
    let found: Vec<&String> = events
        .iter()
        .filter(|(_, e)| {
            let shown = value(&e.properties, "SUMMARY");
            shown.trim_start_matches("late: ").starts_with(summary)
        })
        .map(|(uid, _)| uid)
        .collect();
    assert_eq!(found.len(), 1, "{summary:?}: {found:?}");
    found[0].clone()
}

/// The summary an action's event has: "thank-you to Jane Doe · Acme (Backend Engineer)".
fn summary(action: &Value) -> String {
    let name = action["action"].as_str().unwrap();
    let what = match action["person"].as_str() {
        Some(person) => format!("{name} to {person}"),
        None if name == "thank-you" => format!("{name} (no interviewer named)"),
        None => name.to_string(),
    };
    format!(
        "{what} · {} ({})",
        action["company"].as_str().unwrap(),
        action["role"].as_str().unwrap()
    )
}

/// The local (Paris, winter) date of an RFC 3339 time, as iCalendar writes a date.
fn local_day(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&FixedOffset::east_opt(3600).unwrap())
        .format("%Y%m%d")
        .to_string()
}

/// The day after a date written as iCalendar writes one.
fn next_day(day: &str) -> String {
    (chrono::NaiveDate::parse_from_str(day, "%Y%m%d").unwrap() + chrono::Duration::days(1))
        .format("%Y%m%d")
        .to_string()
}

/// Undoes RFC 5545 line folding and TEXT escaping.
fn unfold(text: &str) -> String {
    text.replace("\r\n ", "")
}

fn unescape(text: &str) -> String {
    text.replace("\\n", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

#[test]
fn the_calendar_is_read_by_a_third_party_parser_with_one_event_per_action() {
    let env = three_processes();
    let text = env.ok(NOW, &["export", "--format", "ics"]);
    let calendar = parse_calendar(&text);
    assert_eq!(value(&calendar.properties, "VERSION"), "2.0");
    assert!(value(&calendar.properties, "PRODID").contains("followup"));

    // Every planned action, and nothing else: `due` over ten years lists them all.
    let due = env.due(NOW, 3660);
    let actions = due["actions"].as_array().unwrap();
    assert_eq!(calendar.events.len(), actions.len(), "{text}");
    let by_summary: BTreeMap<&str, &IcalEvent> = calendar
        .events
        .iter()
        .map(|e| (value(&e.properties, "SUMMARY"), e))
        .collect();
    assert_eq!(by_summary.len(), actions.len(), "summaries are distinct");
    for action in actions {
        let late = action["status"] == "overdue";
        let summary = match late {
            true => format!("late: {}", summary(action)),
            false => summary(action),
        };
        let event = by_summary
            .get(summary.as_str())
            .unwrap_or_else(|| panic!("no event {summary:?} in {text}"));
        let start = event
            .properties
            .iter()
            .find(|p| p.name == "DTSTART")
            .unwrap();
        assert_eq!(
            params(start),
            [("VALUE".to_string(), vec!["DATE".to_string()])]
        );
        assert_eq!(
            start.value.as_deref().unwrap(),
            local_day(action["from"].as_str().unwrap()),
            "{summary}"
        );
        assert_eq!(value(&event.properties, "DTSTAMP"), "20261120T080000Z");
        let description = unescape(value(&event.properties, "DESCRIPTION"));
        assert!(
            description.starts_with(action["reason"].as_str().unwrap()),
            "{description}"
        );
        assert!(
            description.contains(&format!("followup done {} ", action["process"])),
            "{description}"
        );
        // It ends the day after its deadline (iCalendar's end is exclusive), or after today
        // while it is late.
        let last = match (late, action["by"].as_str()) {
            (true, _) | (false, None) => local_day(NOW_RFC3339).max(start.value.clone().unwrap()),
            (false, Some(by)) => local_day(by),
        };
        let end = value(&event.properties, "DTEND");
        assert_eq!(end, next_day(&last), "{summary}");
        // A reminder at 09:00 the day it opens, and one on its last day when that is another.
        let alarm = &event.alarms[0].properties;
        assert_eq!(value(alarm, "ACTION"), "DISPLAY");
        assert_eq!(value(alarm, "TRIGGER"), "PT9H");
        let days_apart = last != start.value.clone().unwrap();
        let expected = usize::from(action["by"].is_string() && days_apart) + 1;
        assert_eq!(event.alarms.len(), expected, "{summary}");
        if expected == 2 {
            let trigger = value(&event.alarms[1].properties, "TRIGGER");
            let days = (chrono::NaiveDate::parse_from_str(&last, "%Y%m%d").unwrap()
                - chrono::NaiveDate::parse_from_str(start.value.as_deref().unwrap(), "%Y%m%d")
                    .unwrap())
            .num_days();
            // 09:00 of the last day, or an hour before a deadline earlier in its morning.
            assert!(
                trigger.starts_with(&format!("P{days}DT")),
                "{summary}: {trigger}"
            );
            if late {
                assert_eq!(trigger, format!("P{days}DT9H"), "this morning: {summary}");
            }
        }
    }

    let uids = events_by_uid(&calendar);
    for uid in uids.keys() {
        assert!(
            uid.ends_with("@followup")
                && uid
                    .trim_end_matches("@followup")
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{uid}"
        );
    }
    let jane = uids[&uid_of(&uids, "thank-you to Jane Doe")];
    assert_eq!(
        value(&jane.properties, "SUMMARY"),
        "thank-you to Jane Doe · Acme (Backend Engineer)"
    );
    assert_eq!(value(&jane.properties, "DTSTART"), "20261119");
    // Interviewed on the 19th, 48 hours to thank: the 19th to the 21st, the end exclusive.
    assert_eq!(value(&jane.properties, "DTEND"), "20261122");
    assert!(
        unescape(value(&jane.properties, "DESCRIPTION"))
            .contains("followup done 1 thank-you --to 'Jane Doe'")
    );
    // A UID names the process, the action, what it hangs on and, for a person, whom, by ids.
    let store = env.store();
    let (acme, initech) = (&store["processes"][0], &store["processes"][2]);
    let id = |v: &Value| v.as_str().unwrap().to_string();
    assert_eq!(
        uid_of(&uids, "thank-you to Jane Doe"),
        format!(
            "{}-thank-you-round-{}-{}@followup",
            id(&acme["uid"]),
            id(&acme["rounds"][0]["uid"]),
            id(&acme["rounds"][0]["interviewers"][0]["uid"])
        )
    );
    assert_eq!(
        uid_of(&uids, "reply-graciously"),
        format!(
            "{}-reply-graciously-reply-{}@followup",
            id(&initech["uid"]),
            id(&initech["replies"][0]["uid"])
        )
    );
}

#[test]
fn calendar_lines_end_in_crlf_and_long_ones_are_folded() {
    let env = three_processes();
    let text = env.ok(NOW, &["export", "--format", "ics"]);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    let mut folded = 0;
    for line in text.split_inclusive('\n') {
        assert!(line.ends_with("\r\n"), "{line:?}");
        assert!(line.len() <= 75 + 2, "{} octets: {line:?}", line.len() - 2);
        folded += usize::from(line.starts_with(' '));
    }
    assert!(folded > 0, "long lines are folded");
    // The follow-up carries the employer's instructions whole, however it was folded.
    let unfolded = unfold(&text);
    let description = unfolded
        .split("\r\n")
        .filter(|l| l.starts_with("DESCRIPTION:") && l.contains("Their instructions"))
        .map(|l| unescape(l.trim_start_matches("DESCRIPTION:")))
        .next()
        .expect("the follow-up's description");
    assert!(
        description.contains(&format!("Their instructions: {LONG_INSTRUCTIONS}")),
        "{description}"
    );
    let calendar = parse_calendar(&text);
    let parsed = calendar
        .events
        .iter()
        .map(|e| unescape(value(&e.properties, "DESCRIPTION")))
        .find(|d| d.contains("Their instructions"))
        .unwrap();
    assert_eq!(
        parsed, description,
        "the third-party parser unfolds it the same"
    );
}

#[test]
fn uids_stay_the_same_when_time_passes_and_actions_move() {
    let env = three_processes();
    let first = env.ok(NOW, &["export", "--format", "ics"]);
    assert_eq!(
        first,
        env.ok(NOW, &["export", "--format", "ics"]),
        "the same moment gives the same file"
    );
    let before = parse_calendar(&first);
    let before = events_by_uid(&before);

    env.ok(
        "2026-11-20 10:00",
        &["done", "acme", "thank-you", "--to", "jane"],
    );
    env.ok(
        "2026-11-20 10:00",
        &["snooze", "beta", "follow-up", "--until", "2026-12-07"],
    );
    let second = env.ok("2026-11-23 09:00", &["export", "--format", "ics"]);
    let after = parse_calendar(&second);
    let after = events_by_uid(&after);

    let gone: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    let new: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert!(gone.is_empty(), "what is done stays, cancelled: {gone:?}");
    let cancelled: Vec<&String> = after
        .iter()
        .filter(|(_, e)| value(&e.properties, "STATUS") == "CANCELLED")
        .map(|(uid, _)| uid)
        .collect();
    let jane = uid_of(&before, "thank-you to Jane Doe");
    assert_eq!(cancelled, [&jane], "done");
    assert!(
        after[&jane].alarms.is_empty(),
        "no reminder for what is done"
    );
    assert!(
        new.is_empty(),
        "no event is duplicated under a new UID: {new:?}"
    );
    let start = |events: &BTreeMap<String, &IcalEvent>, uid: &str| {
        value(&events[uid].properties, "DTSTART").to_string()
    };
    let follow_up = uid_of(&before, "follow-up · Beta");
    let follow_up = follow_up.as_str();
    assert_eq!(start(&before, follow_up), "20261130");
    assert_eq!(start(&after, follow_up), "20261207", "snoozed, same UID");
    let sequence = |events: &BTreeMap<String, &IcalEvent>| {
        value(&events[follow_up].properties, "SEQUENCE")
            .parse::<u64>()
            .unwrap()
    };
    assert!(sequence(&after) > sequence(&before), "a newer revision");
}

#[test]
fn days_keeps_the_actions_that_start_soon() {
    let env = three_processes();
    for days in [0, 3, 20] {
        let text = env.ok(
            NOW,
            &["export", "--format", "ics", "--days", &days.to_string()],
        );
        let due = env.due(NOW, days);
        assert_eq!(
            parse_calendar(&text).events.len(),
            due["actions"].as_array().unwrap().len(),
            "--days {days}"
        );
    }
    let all = parse_calendar(&env.ok(NOW, &["export", "--format", "ics"]));
    let soon = parse_calendar(&env.ok(NOW, &["export", "--format", "ics", "--days", "3"]));
    assert!(soon.events.len() < all.events.len());
    let err = env.refused(
        env.at(NOW)
            .args(["export", "--format", "csv", "--days", "3"]),
        2,
    );
    assert!(err.contains("--days goes with --format ics"), "{err}");
}

#[test]
fn an_empty_store_is_an_empty_calendar_and_nothing_is_created() {
    let env = TestEnv::new();
    let text = env.ok(NOW, &["export", "--format", "ics"]);
    assert!(parse_calendar(&text).events.is_empty());
    let csv = env.ok(NOW, &["export", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 1, "a header alone: {csv}");
    assert!(!env.data_dir().exists(), "export reads, it creates nothing");
}

#[test]
fn output_goes_to_a_file_written_whole() {
    let env = three_processes();
    let stdout = env.ok(NOW, &["export", "--format", "ics"]);
    let out = env.root.path().join("exports");
    fs::create_dir(&out).unwrap();
    let path = out.join("plan.ics");
    let said = env.ok(
        NOW,
        &[
            "export",
            "--format",
            "ics",
            "--output",
            path.to_str().unwrap(),
        ],
    );
    let events = parse_calendar(&stdout).events.len();
    assert_eq!(
        said,
        format!("Wrote {events} events to {}.\n", path.display())
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), stdout);
    assert_eq!(mode(&path), 0o600, "private, as the store is");
    let names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["plan.ics"], "no temporary file left");

    // A replaced file keeps its permissions.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    env.ok(
        NOW,
        &["export", "--format", "csv", "-o", path.to_str().unwrap()],
    );
    assert_eq!(mode(&path), 0o644);
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .starts_with("id,company,role,")
    );

    // Into a folder that is not there: an error, and no file.
    let missing = out.join("nowhere").join("plan.ics");
    let err = env.refused(
        env.at(NOW).args([
            "export",
            "--format",
            "json",
            "--output",
            missing.to_str().unwrap(),
        ]),
        1,
    );
    assert!(err.contains("could not write"), "{err}");
    assert!(!missing.parent().unwrap().exists());
}

/// A store with everything a spreadsheet row holds: several rounds, panels, debriefs with
/// separators and quotes in them, replies with timelines and notes, closed processes.
fn full_story() -> TestEnv {
    let env = three_processes();
    env.ok(
        "2026-11-19 17:00",
        &[
            "edit",
            "acme",
            "--notes",
            "went well; they liked the \"migration\" story",
            "--question",
            "why Rust; why now?",
            "--highlight",
            "Jane: the caching design",
            "--highlight",
            "the \"on-call\" rota",
            "--stumped",
            "consistent hashing",
            "--red-flag",
            "on-call every other week",
        ],
    );
    env.ok("2026-11-19 17:05", &["note", "acme", "second line"]);
    env.ok(
        "2026-11-25 11:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "update",
            "--timeline",
            "by Dec 4",
            "--note",
            "still interviewing; \"soon\"",
        ],
    );
    env.ok(
        "2026-11-26 11:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "next-round",
            "--next-interview",
            "2026-12-02 10:00",
        ],
    );
    env.ok(
        "2026-12-02 12:00",
        &[
            "add",
            "-c",
            "acme",
            "-r",
            "backend engineer",
            "--at",
            "today 10:00",
            "--round",
            "onsite",
            "-i",
            "Ann Lee <ann@acme.test>",
        ],
    );
    env.ok(
        "2026-12-03 09:00",
        &["close", "beta", "--outcome", "withdrawn"],
    );
    env
}

#[test]
fn csv_export_import_export_gives_the_same_file() {
    let env = full_story();
    let first = env.ok(NOW, &["export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(first.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, crate::common::CSV_COLUMNS);
    let rows: Vec<BTreeMap<String, String>> = reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 4, "{first}");
    let acme = &rows[0];
    assert_eq!(acme["round"], "1");
    assert_eq!(acme["date"], "2026-11-19T14:30:00+01:00");
    assert_eq!(
        acme["interviewers"],
        "Jane Doe <jane@acme.test>, Head of Platform; Bob Smith"
    );
    assert_eq!(
        (acme["timeline"].as_str(), acme["timeline_date"].as_str()),
        ("end of next week", "2026-11-27")
    );
    assert_eq!(acme["status"], "open");
    assert_eq!(
        acme["replies"],
        "update 2026-11-25T11:00:00+01:00 timeline=\"by Dec 4\" timeline_date=2026-12-04 \
         note=\"still interviewing; \\\"soon\\\"\"; \
         next-round 2026-11-26T11:00:00+01:00 next_interview=2026-12-02T10:00:00+01:00"
    );
    assert_eq!(
        acme["notes"],
        "went well; they liked the \"migration\" story\nsecond line"
    );
    assert_eq!(acme["questions"], "\"why Rust; why now?\"");
    assert_eq!(
        acme["highlights"],
        "Jane: the caching design; the \"on-call\" rota"
    );
    assert_eq!(rows[1]["round"], "2");
    assert_eq!(rows[1]["label"], "onsite");
    assert_eq!(
        (rows[2]["company"].as_str(), rows[2]["status"].as_str()),
        ("Beta", "withdrawn")
    );
    assert_eq!(rows[2]["closed"], "2026-12-03T09:00:00+01:00");
    assert_eq!(rows[3]["status"], "rejected");
    assert_eq!(rows[3]["replies"], "rejection 2026-11-17T10:00:00+01:00");

    let path = env.root.path().join("interviews.csv");
    fs::write(&path, &first).unwrap();
    let other = TestEnv::new();
    let said = other.ok(
        LATER,
        &["import", "--format", "csv", path.to_str().unwrap()],
    );
    // What is past in the plan is history: set aside, not asked for again.
    assert_eq!(
        said,
        "Imported 3 processes (4 rounds).\nSet aside as history, their time past when imported: \
         2 thank-yous, 1 review-debrief, 2 connects, 1 reply-graciously (dismissed; \
         `followup show ID` lists them).\n"
    );
    assert_eq!(other.ok(NOW, &["export", "--format", "csv"]), first);
    // The plan comes back with the records (but not what was already done about it).
    assert_eq!(
        without_uids(&other.show(NOW, "1")["process"]["replies"]),
        without_uids(&env.show(NOW, "1")["process"]["replies"])
    );

    // Again: nothing new, and the store is not even rewritten.
    let before = other.store_snapshot();
    let said = other.ok(
        LATER,
        &["import", "--format", "csv", path.to_str().unwrap()],
    );
    assert_eq!(
        said,
        "Nothing imported: the 3 processes in the file are already recorded: \
         #1 Acme · Backend Engineer, #2 Beta · SRE, #3 Initech · Platform Lead.\n"
    );
    assert!(before == other.store_snapshot());
}

#[test]
fn json_export_import_export_gives_the_same_file_and_a_second_import_adds_nothing() {
    let env = full_story();
    env.ok("2026-12-03 09:05", &["rm", "beta", "--yes"]);
    // Nothing left to do for Initech: the store archives it.
    env.ok("2026-12-03 09:06", &["done", "initech", "reply-graciously"]);
    env.ok("2026-12-03 09:07", &["dismiss", "initech", "stay-in-touch"]);
    let first = env.ok(NOW, &["export", "--format", "json"]);
    let exported: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(exported["version"], json!(5));
    assert_eq!(exported["next_id"], json!(4));
    assert!(!first.contains("checksum") && !first.contains("archived"));
    // Every record of the store and its archive, in one list in the order of the ids.
    let (store, archive) = (env.store(), env.archive());
    let mut recorded: Vec<Value> = [&store["processes"], &archive["processes"]]
        .into_iter()
        .flat_map(|list| list.as_array().unwrap().clone())
        .collect();
    recorded.sort_by_key(|p| p["id"].as_u64());
    assert!(
        !archive["processes"].as_array().unwrap().is_empty(),
        "{archive}"
    );
    assert_eq!(exported["processes"], Value::Array(recorded));

    let path = env.root.path().join("backup.json");
    fs::write(&path, &first).unwrap();
    let other = TestEnv::new();
    let said = other.ok(
        LATER,
        &["import", "--format", "json", path.to_str().unwrap()],
    );
    assert_eq!(said, "Imported 2 processes (3 rounds).\n");
    assert_eq!(other.ok(NOW, &["export", "--format", "json"]), first);
    let ids: Vec<u64> = other
        .json(NOW, &["list", "--all", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [1, 3], "ids kept");

    for target in [&env, &other] {
        let before = target.store_snapshot();
        let said = target.ok(
            LATER,
            &["import", "--format", "json", path.to_str().unwrap()],
        );
        assert_eq!(
            said,
            "Nothing imported: the 2 processes in the file are already recorded: \
             #1 Acme · Backend Engineer, #3 Initech · Platform Lead.\n"
        );
        assert!(before == target.store_snapshot(), "not rewritten");
    }
}

#[test]
fn json_import_into_a_busy_store_renumbers_taken_ids_and_can_be_undone() {
    let source = three_processes();
    let path = source.root.path().join("backup.json");
    fs::write(&path, source.ok(NOW, &["export", "--format", "json"])).unwrap();

    let env = TestEnv::new();
    env.ok(
        "2026-11-18 12:00",
        &["add", "-c", "Zeta", "-r", "Dev", "--at", "today 10:00"],
    );
    env.ok(
        "2026-11-18 12:00",
        &["add", "-c", "Eta", "-r", "Dev", "--at", "today 11:00"],
    );
    let before = env.store_bytes().unwrap();
    let said = env.ok(NOW, &["import", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(
        said,
        "Imported 3 processes (3 rounds).\nIds already taken were replaced: #1 is now #4, #2 is now #5.\n"
    );
    let store = env.store();
    let ids: BTreeSet<u64> = store["processes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, BTreeSet::from([1, 2, 3, 4, 5]));
    assert_eq!(store["next_id"], json!(6));
    let acme = env.show(NOW, "acme");
    assert_eq!(acme["process"]["id"], json!(4));
    assert_eq!(
        acme["process"]["rounds"][0]["interviewers"][0]["name"],
        json!("Jane Doe")
    );

    env.ok(NOW, &["undo"]);
    assert_eq!(
        env.store_bytes().unwrap(),
        before,
        "undo puts the store back"
    );
}

#[test]
fn a_hand_made_spreadsheet_with_aliases_becomes_processes_and_rounds() {
    let env = TestEnv::new();
    let path = env.root.path().join("jobs.csv");
    fs::write(
        &path,
        "Company,Position,Interview Date,Interviewer,Status,Salary\n\
         Acme,Backend Engineer,2026-11-10 10:00,Jane Doe <jane@acme.test>,,50k\n\
         Beta,SRE,2026-11-12,,,\n\
         ACME,backend engineer,2026-11-17 14:30,\"Bob Smith, CTO; Ann Lee\",interviewing,\n",
    )
    .unwrap();
    let out = env
        .at(NOW)
        .args(["import", "--format", "csv", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Imported 2 processes (3 rounds).\nSet aside as history, their time past when imported: \
         4 thank-yous, 3 debriefs, 3 connects (dismissed; `followup show ID` lists them).\n"
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "warning: column not imported: \"Salary\"\n"
    );
    let acme = &env.show(NOW, "acme")["process"];
    assert_eq!(acme["id"], json!(1));
    assert_eq!(acme["company"], json!("Acme"));
    let rounds = acme["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    assert_eq!(rounds[0]["at"], json!("2026-11-10T10:00:00+01:00"));
    assert_eq!(rounds[1]["at"], json!("2026-11-17T14:30:00+01:00"));
    assert_eq!(
        without_uids(&rounds[1]["interviewers"]),
        json!([{"name": "Bob Smith", "title": "CTO"}, {"name": "Ann Lee"}])
    );
    let beta = &env.show(NOW, "beta")["process"];
    assert_eq!(beta["rounds"][0]["at"], json!("2026-11-12T00:00:00+01:00"));
    // The imported rounds are planned like recorded ones, but for what is past: their
    // thank-you windows closed before the import, so only the follow-ups are ahead.
    let due = env.due(NOW, 30);
    action(&due, 1, "follow-up", None);
    action(&due, 2, "follow-up", None);
    assert_eq!(due["actions"].as_array().unwrap().len(), 2, "{due:#}");
}

#[test]
fn a_bad_row_is_named_by_its_line_and_nothing_is_written() {
    let env = three_processes();
    let path = env.root.path().join("jobs.csv");
    fs::write(
        &path,
        "company,role,date,notes\n\
         Acme,Backend,2026-11-10,\"two\nlines\"\n\
         Beta,SRE,fridy,\n\
         Gamma,PM,2026-11-11,\n",
    )
    .unwrap();
    let err = env.refused(
        env.at(NOW)
            .args(["import", "--format", "csv", path.to_str().unwrap()]),
        2,
    );
    assert!(
        err.starts_with(
            "followup: line 4: could not read date \"fridy\": did you mean \"friday\"? use "
        ),
        "{err}"
    );
    assert_eq!(
        env.json(NOW, &["list", "--all", "--json"])
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // On a fresh machine, not even the data folder is created.
    let fresh = TestEnv::new();
    for (text, says) in [
        (
            "company,role,date\nAcme,Dev,2026-11-10\n,Dev,2026-11-11\n",
            "line 3: no company",
        ),
        (
            "company,role,date,timeline\nAcme,Dev,2026-11-10,someday\n",
            "line 2: could not read timeline \"someday\"",
        ),
        (
            "company,role,date,contact\nAcme,Dev,2026-11-10,Sam <sam at acme>\n",
            "line 2: contact \"Sam <sam at acme>\": \"sam at acme\" is not an email address",
        ),
        (
            "company,role,date,replies\nAcme,Dev,2026-11-10,maybe 2026-11-12\n",
            "line 2: replies: unknown reply kind \"maybe\"",
        ),
    ] {
        fs::write(&path, text).unwrap();
        let err = fresh.refused(
            fresh
                .at(NOW)
                .args(["import", "--format", "csv", path.to_str().unwrap()]),
            2,
        );
        assert!(err.contains(says), "{text:?}: {err}");
        assert!(!fresh.data_dir().exists());
    }
}

#[test]
fn missing_columns_are_named() {
    let env = three_processes();
    let path = env.root.path().join("jobs.csv");
    fs::write(&path, "Company,Salary\nAcme,50k\n").unwrap();
    let err = env.refused(
        env.at(NOW)
            .args(["import", "--format", "csv", path.to_str().unwrap()]),
        2,
    );
    assert!(
        err.contains("missing column: role") && err.contains("found \"Company\", \"Salary\""),
        "{err}"
    );
}

#[test]
fn a_damaged_or_newer_json_file_is_refused_naming_it() {
    let env = three_processes();
    let path = env.root.path().join("backup.json");
    let good = env.ok(NOW, &["export", "--format", "json"]);
    for (bytes, says) in [
        (good[..good.len() / 2].to_string(), "is damaged"),
        (
            good.replacen("\"version\": 5", "\"version\": 6", 1),
            "newer followup (format version 6",
        ),
        (
            "company,role,date\n".to_string(),
            "not a followup JSON export",
        ),
    ] {
        fs::write(&path, bytes).unwrap();
        let err = env.refused(
            env.at(NOW)
                .args(["import", "--format", "json", path.to_str().unwrap()]),
            2,
        );
        assert!(
            err.contains(path.to_str().unwrap()) && err.contains(says),
            "{err}"
        );
    }
    let err = env.refused(
        env.at(NOW)
            .args(["import", "--format", "json", "no-such-file.json"]),
        2,
    );
    assert!(err.contains("no file no-such-file.json"), "{err}");
}

/// A JSON export of one process with `fields` (company, role, ...) as given.
fn one_process(fields: Value) -> String {
    let mut process = json!({
        "id": 1,
        "company": "Acme",
        "role": "Dev",
        "created": "2026-11-10T09:00:00+01:00",
        "rounds": [{
            "at": "2026-11-12T10:00:00+01:00",
            "interviewers": [{"name": "Jane Doe", "email": "jane@acme.test"}],
            "debrief": {}
        }],
        "replies": [],
        "marks": []
    });
    merge(&mut process, fields);
    json!({"version": 3, "next_id": 2, "processes": [process]}).to_string()
}

/// Writes `with` into `value`, objects key by key, arrays item by item.
fn merge(value: &mut Value, with: Value) {
    match (value, with) {
        (Value::Object(map), Value::Object(with)) => {
            for (key, with) in with {
                merge(map.entry(key).or_insert(Value::Null), with);
            }
        }
        (Value::Array(items), Value::Array(with)) => {
            for (index, with) in with.into_iter().enumerate() {
                match items.get_mut(index) {
                    Some(item) => merge(item, with),
                    None => items.push(with),
                }
            }
        }
        (value, with) => *value = with,
    }
}

/// Imports `text` as a file of `format` and returns the command's output.
fn import(env: &TestEnv, format: &str, text: &str) -> String {
    let path = env.root.path().join(format!("import.{format}"));
    fs::write(&path, text).unwrap();
    env.ok(NOW, &["import", "--format", format, path.to_str().unwrap()])
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_neutralised_and_read_back() {
    // Each way a cell can start that a spreadsheet runs, and the `'` that guards them.
    let source = TestEnv::new();
    import(
        &source,
        "json",
        &one_process(json!({
            "company": "=HYPERLINK(\"http://evil.test\",\"click\")",
            "role": "+33 1 23 45 67",
            "rounds": [{
                "label": "-2+3",
                "interviewers": [{"name": "@SUM(A1:A9)"}],
                "instructions": "\tcall Sam",
                "debrief": {
                    "notes": "\rcmd|' /C calc'!A0",
                    "answers": "'quoted",
                    "feelings": "'=both",
                    "want_it": "yes",
                    "questions": ["=1+1", "why?"]
                }
            }]
        })),
    );
    let exported = source.ok(NOW, &["export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(exported.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let cell = |name: &str| &rows[0][header.iter().position(|h| h == name).unwrap()];
    for (name, written) in [
        ("company", "'=HYPERLINK(\"http://evil.test\",\"click\")"),
        ("role", "'+33 1 23 45 67"),
        ("label", "'-2+3"),
        ("interviewers", "'@SUM(A1:A9) <jane@acme.test>"),
        ("instructions", "'\tcall Sam"),
        ("notes", "'\rcmd|' /C calc'!A0"),
        ("answers", "''quoted"),
        ("feelings", "''=both"),
        ("want_it", "yes"),
        ("questions", "'=1+1; why?"),
    ] {
        assert_eq!(cell(name), written, "{name}");
    }
    for value in rows[0].iter() {
        assert!(
            !value.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{value:?}"
        );
    }

    let copy = TestEnv::new();
    assert_eq!(
        import(&copy, "csv", &exported),
        "Imported 1 process (1 round).\nSet aside as history, their time past when imported: \
         1 thank-you, 1 review-debrief, 1 connect (dismissed; `followup show ID` lists them).\n"
    );
    let processes = |env: &TestEnv| without_uids(&env.store()["processes"][0]);
    let (original, read_back) = (processes(&source), processes(&copy));
    for key in ["company", "role", "rounds", "replies"] {
        assert_eq!(read_back[key], original[key], "{key}");
    }
    assert_eq!(copy.ok(NOW, &["export", "--format", "csv"]), exported);
}

#[test]
fn every_import_refuses_what_add_refuses_and_changes_nothing() {
    let env = TestEnv::new();
    env.add(NOW, &["-c", "Zeta", "-r", "Dev", "--at", "yesterday 10:00"]);
    let path = env.root.path().join("bad.json");
    let refuse = |format: &str, path: &std::path::Path| {
        env.refused(
            env.at(NOW)
                .args(["import", "--format", format, path.to_str().unwrap()]),
            2,
        )
    };
    let person = |name: &str, email: &str| json!({"rounds": [{"interviewers": [{"name": name, "email": email}]}]});
    for (fields, says) in [
        (
            person("Jane", "a@x.test, b@y.test"),
            "\"a@x.test, b@y.test\" is not an email address",
        ),
        (
            person("Jane", "a@x.test\nBcc: b@y.test"),
            "\"a@x.test\\nBcc: b@y.test\" is not an email address",
        ),
        (
            person("Jane", "a@x.test>,b@y.test"),
            "\"a@x.test>,b@y.test\" is not an email address",
        ),
        (person("Jane", "jane"), "\"jane\" is not an email address"),
        (person(" ", "jane@acme.test"), "has no name"),
        (json!({"company": ""}), "the company \"\" is empty"),
        (
            json!({"contact": {"name": "Sam", "email": "sam at acme"}}),
            "contact \"Sam <sam at acme>\": \"sam at acme\" is not an email address",
        ),
        (
            json!({"applied": "1826-11-10T09:00:00+01:00"}),
            "the date 1826-11-10T09:00:00+01:00 is too far",
        ),
        (json!({"role": " "}), "the role \" \" is empty"),
        (
            json!({"rounds": [{"at": "2226-11-12T10:00:00+01:00"}]}),
            "round 1: the date 2226-11-12T10:00:00+01:00 is too far from today",
        ),
        (
            json!({"rounds": [{"at": "2027-12-01T10:00:00+01:00"}]}),
            "round 1: the interview on 2027-12-01T10:00:00+01:00 is more than 366 days ahead",
        ),
        (
            json!({"created": "1826-11-10T09:00:00+01:00"}),
            "the date 1826-11-10T09:00:00+01:00 is too far",
        ),
        (
            json!({"replies": [{"at": "2026-11-13T10:00:00+01:00", "kind": "next-round",
                                "next_interview": "2226-12-01T10:00:00+01:00"}]}),
            "the date 2226-12-01T10:00:00+01:00 is too far",
        ),
    ] {
        // The bad process second: a file is imported whole or not at all.
        let good: Value = serde_json::from_str(&one_process(json!({}))).unwrap();
        let mut file: Value = serde_json::from_str(&one_process(fields)).unwrap();
        let mut bad = file["processes"][0].take();
        bad["id"] = json!(2);
        file["processes"] = json!([good["processes"][0], bad]);
        fs::write(&path, file.to_string()).unwrap();
        let err = refuse("json", &path);
        assert!(
            err.contains(&format!("{}: process #2 ", path.display()))
                && err.contains(says)
                && err.ends_with("; nothing was imported"),
            "{says}: {err}"
        );
    }

    let path = env.root.path().join("bad.csv");
    for (row, says) in [
        (
            "Acme,Dev,2026-11-12,\"Jane <a@x.test, b@y.test>\"",
            "line 3: interviewer \"Jane <a@x.test, b@y.test>\": \"a@x.test, b@y.test\" is not an email address",
        ),
        (
            "Acme,Dev,2026-11-12,\"Jane <a@x.test>,b@y.test>\"",
            "\"a@x.test>,b@y.test\" is not an email address",
        ),
        (
            "Acme,Dev,2027-12-01 10:00,Jane",
            "line 3: the interview on 2027-12-01T10:00:00+01:00 is more than 366 days ahead",
        ),
        (
            "Acme,Dev,2226-11-12,Jane",
            "line 3: date \"2226-11-12\" is 2226-11-12, too far",
        ),
        (" ,Dev,2026-11-12,Jane", "line 3: no company"),
        (
            "Acme,Dev,2026-11-12,<jane@acme.test>",
            "line 3: interviewer \"<jane@acme.test>\" has no name",
        ),
    ] {
        fs::write(
            &path,
            format!("company,role,date,interviewers\nBeta,Dev,2026-11-12,Bob\n{row}\n"),
        )
        .unwrap();
        let err = refuse("csv", &path);
        assert!(
            err.contains(says) && err.ends_with("nothing was imported"),
            "{row}: {err}"
        );
    }

    // The command line refuses the same address.
    let err = env.refused(
        env.at(NOW).args([
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "yesterday",
            "-i",
            "Jane <a@x.test>,b@y.test>",
        ]),
        2,
    );
    assert!(err.contains("is not an email address"), "{err}");
}

#[test]
fn a_draft_from_an_imported_process_goes_to_its_one_recipient() {
    let env = TestEnv::new();
    env.write_config("[user]\nname = \"Alex\"\nemail = \"alex@example.test\"\n");
    import(
        &env,
        "json",
        &one_process(json!({"rounds": [{"at": "2026-11-19T14:30:00+01:00"}]})),
    );
    let path = env.root.path().join("thanks.eml");
    env.ok(
        NOW,
        &["draft", "1", "thank-you", "--eml", path.to_str().unwrap()],
    );
    let bytes = fs::read(&path).unwrap();
    let message = mail_parser::MessageParser::default()
        .parse(&bytes)
        .expect("a message");
    let to: Vec<(Option<&str>, Option<&str>)> = message
        .to()
        .expect("a To header")
        .iter()
        .map(|a| (a.name(), a.address()))
        .collect();
    assert_eq!(to, [(Some("Jane Doe"), Some("jane@acme.test"))]);
    assert!(message.cc().is_none() && message.bcc().is_none());
}
