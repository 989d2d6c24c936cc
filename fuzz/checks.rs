//! The checks every fuzz target makes, shared with `tests/fuzz_corpus.rs`, which replays the
//! committed corpus through them on stable Rust. Each panics when an input breaks a promise.

#![allow(dead_code)]

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Weekday};
use followup::dates::{ParseError, What, parse_instant, parse_timeline, parse_when};
use followup::policy::Workweek;
use followup::store::{Data, VERSION};
use std::path::Path;

// The store loader: any bytes; it never panics, a refusal names the file, and a store it
// accepts is written back to bytes that load as the same store and are written the same way.

const STORE_PATH: &str = "/fuzz/data/store.json";

pub fn check_store(bytes: &[u8]) {
    let path = Path::new(STORE_PATH);
    let data = match Data::from_bytes(bytes, path) {
        Ok(data) => data,
        Err(err) => {
            let message = format!("{err:#}");
            assert!(
                message.contains(STORE_PATH),
                "the refusal names no path: {message}"
            );
            return;
        }
    };
    let written = data.to_bytes();
    let again = match Data::from_bytes(&written, path) {
        Ok(again) => again,
        Err(err) => panic!(
            "a store that loaded does not load once written back: {err:#}\nwritten: {}",
            String::from_utf8_lossy(&written)
        ),
    };
    assert_eq!(again.version, VERSION, "written in an older format");
    assert_eq!(
        (again.next_id, &again.processes),
        (data.next_id, &data.processes),
        "the store changed on its way through the file"
    );
    assert!(
        again.to_bytes() == written,
        "the store is written differently the second time:\nfirst: {}\nsecond: {}",
        String::from_utf8_lossy(&written),
        String::from_utf8_lossy(&again.to_bytes())
    );
}

// The date, timeline and instant parsers, against fixed moments and a moment taken from the
// input: they never panic, what they accept lies in years 1 to 9999 and reads back the same,
// and what they refuse gives a one-line message about that very input.

const FIXED: &[&str] = &[
    "2026-11-22T10:00:00+01:00",
    "2026-11-25T09:15:00-05:00",
    "2026-11-27T23:59:59+14:00",
    "2024-02-29T00:30:00-12:00",
    "2026-12-31T12:00:00+05:45",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59+00:00",
];

fn nows() -> Vec<DateTime<FixedOffset>> {
    let mut nows: Vec<_> = FIXED
        .iter()
        .map(|text| DateTime::parse_from_rfc3339(text).expect("a fixed moment"))
        .collect();
    let utc = FixedOffset::east_opt(0).expect("UTC");
    nows.extend(utc.from_local_datetime(&NaiveDateTime::MIN).single());
    nows.extend(utc.from_local_datetime(&NaiveDateTime::MAX).single());
    nows
}

fn derived_now(bytes: &[u8]) -> Option<(DateTime<FixedOffset>, &[u8])> {
    let (head, rest) = bytes.split_at_checked(10)?;
    let low = NaiveDateTime::MIN.and_utc().timestamp();
    let high = NaiveDateTime::MAX.and_utc().timestamp();
    let span = u64::try_from(high - low).ok()? + 1;
    let pick = u64::from_le_bytes(head[..8].try_into().ok()?) % span;
    let seconds = low.checked_add(i64::try_from(pick).ok()?)?;
    let local = DateTime::from_timestamp(seconds, 0)?.naive_utc();
    let minutes = i32::from(i16::from_le_bytes([head[8], head[9]])) % (24 * 60);
    let now = FixedOffset::east_opt(minutes * 60)?
        .from_local_datetime(&local)
        .single()?;
    Some((now, rest))
}

fn in_range(date: NaiveDate) -> bool {
    (1..=9999).contains(&date.year())
}

fn check_moment(moment: DateTime<FixedOffset>, input: &str, now: &DateTime<FixedOffset>) {
    let local = moment.naive_utc().checked_add_offset(*moment.offset());
    assert!(
        local.is_some_and(|local| in_range(local.date())),
        "{input:?} at {now:?} gave {moment:?}, outside years 1 to 9999"
    );
    let text = moment.to_rfc3339();
    let again = parse_when(&text, now);
    assert_eq!(
        again,
        Ok(moment),
        "{input:?} at {now:?}: {text:?} reads back differently"
    );
    assert_eq!(again.map(|m| *m.offset()), Ok(*moment.offset()));
    assert_eq!(
        parse_instant(&text, now.offset()),
        Ok(moment),
        "{input:?} at {now:?}: {text:?} reads back differently as an instant"
    );
}

fn check_error(err: ParseError, input: &str, kind: What) {
    assert_eq!(err.kind, kind);
    assert_eq!(err.input, input);
    let message = err.to_string();
    assert!(!message.contains('\n'), "not one line: {message}");
}

fn check_text(input: &str, now: &DateTime<FixedOffset>) {
    match parse_when(input, now) {
        Ok(moment) => check_moment(moment, input, now),
        Err(err) => check_error(err, input, What::Date),
    }
    // the default week, and a Sunday-to-Thursday one with holidays about the fixed moments
    let holidays = [(2026, 11, 26), (2026, 12, 31), (9999, 12, 30)]
        .map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("a valid date"));
    let weeks = [
        Workweek::MONDAY_TO_FRIDAY,
        Workweek {
            working_days: &[
                Weekday::Sun,
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
            ],
            holidays: &holidays,
        },
    ];
    for week in weeks {
        match parse_timeline(input, now, week) {
            Ok(Some(date)) => {
                assert!(
                    in_range(date),
                    "timeline {input:?} at {now:?} gave {date}, outside years 1 to 9999"
                );
                // a timeline before the day it was said is refused
                assert!(
                    date >= now.date_naive(),
                    "timeline {input:?} at {now:?} gave {date}, before it was said"
                );
            }
            // words with no date in them
            Ok(None) => {}
            Err(err) => check_error(err, input, What::Timeline),
        }
    }
    match parse_instant(input, now.offset()) {
        Ok(moment) => check_moment(moment, input, now),
        Err(err) => check_error(err, input, What::Instant),
    }
}

pub fn check_dates(bytes: &[u8]) {
    let input = String::from_utf8_lossy(bytes);
    for now in nows() {
        check_text(&input, &now);
    }
    if let Some((now, rest)) = derived_now(bytes) {
        check_text(&String::from_utf8_lossy(rest), &now);
    }
}

/// The spreadsheet import: it never panics, and what it reads has a company, a role and rounds,
/// and passes the checks of the command line.
pub fn check_csv(bytes: &[u8]) {
    let now = DateTime::parse_from_rfc3339("2026-11-20T09:00:00+01:00").unwrap();
    if let Ok(incoming) =
        followup::exchange::read_csv(bytes, &now, Workweek::MONDAY_TO_FRIDAY, None)
    {
        for (_, process) in &incoming.processes {
            assert!(!process.company.trim().is_empty() && !process.role.trim().is_empty());
            assert!(!process.rounds.is_empty());
            assert_eq!(followup::exchange::check(process, &now), Ok(()));
        }
    }
}
