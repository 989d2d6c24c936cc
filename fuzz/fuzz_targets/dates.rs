//! Any text given to the date, timeline and instant parsers, against a few fixed moments, and
//! what follows the first ten bytes against a moment taken from those bytes: they never panic, what they accept lies in years 1 to
//! 9999 and reads back the same from its RFC 3339 text, and what they refuse gives a one-line
//! message about that very input.
//!
//! The same checks replay this target's corpus in `tests/fuzz_corpus.rs`.

#![no_main]

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use followup::dates::{ParseError, What, parse_instant, parse_timeline, parse_when};
use libfuzzer_sys::fuzz_target;

/// Moments the input is read against: ordinary days in several zones, a leap day, the ends of
/// the years the parsers accept and the ends of what a stored time can be.
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

/// A moment anywhere a stored time can be, with a whole-minute offset, from the first ten bytes;
/// and the bytes after them.
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

fn check(input: &str, now: &DateTime<FixedOffset>) {
    match parse_when(input, now) {
        Ok(moment) => check_moment(moment, input, now),
        Err(err) => check_error(err, input, What::Date),
    }
    match parse_timeline(input, now) {
        Ok(date) => assert!(
            in_range(date),
            "timeline {input:?} at {now:?} gave {date}, outside years 1 to 9999"
        ),
        Err(err) => check_error(err, input, What::Timeline),
    }
    match parse_instant(input, now.offset()) {
        Ok(moment) => check_moment(moment, input, now),
        Err(err) => check_error(err, input, What::Instant),
    }
}

fuzz_target!(|bytes: &[u8]| {
    let input = String::from_utf8_lossy(bytes);
    for now in nows() {
        check(&input, &now);
    }
    if let Some((now, rest)) = derived_now(bytes) {
        check(&String::from_utf8_lossy(rest), &now);
    }
});
