//! The plan as iCalendar (RFC 5545): one all-day event per planned action, spanning the days it
//! can be done, and kept true from one export (or push) to the next by a [`State`] of what each
//! event last said.
//!
//! Pure: the caller reads and writes the state; here are only values in and text out.

use crate::model::{ActionKey, Anchor, Process, Time};
use crate::policy::Policy;
use crate::render::{self, Edge, clean};
use crate::rules::{self, Action, Status};
use crate::store::Data;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How long an event whose action is done, dismissed or moot stays in the calendar as
/// cancelled, so that a calendar importing the file again removes it.
pub const KEEP_CANCELLED_DAYS: i64 = 30;

/// The hour of the morning reminders: the day an action opens, and its last day.
const ALARM_HOUR: u32 = 9;

/// A calendar file and how many events it holds.
pub struct Calendar {
    pub text: String,
    pub events: usize,
}

/// What the calendar last said about each event, so that SEQUENCE rises exactly when an event's
/// content changes, and an event whose action went away is kept as cancelled. Also what a
/// CalDAV server holds of each, by collection URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub version: u32,
    /// Each event by UID.
    #[serde(default)]
    pub events: BTreeMap<String, EventState>,
    /// Each collection pushed to, by URL: its resources by event UID.
    #[serde(default)]
    pub pushed: BTreeMap<String, BTreeMap<String, Pushed>>,
}

impl Default for State {
    fn default() -> State {
        State {
            version: State::VERSION,
            events: BTreeMap::new(),
            pushed: BTreeMap::new(),
        }
    }
}

/// One event as the calendar last said it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventState {
    /// Its revision: 0, then one more at each change of `lines`.
    pub sequence: u32,
    /// When `lines` last changed: the event's DTSTAMP.
    pub changed: DateTime<Utc>,
    /// Its content lines, unfolded, but for UID, DTSTAMP and SEQUENCE.
    pub lines: Vec<String>,
    /// When its action stopped being planned: the event is then cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gone: Option<DateTime<Utc>>,
}

/// One event as a CalDAV server holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pushed {
    /// The resource's URL.
    pub href: String,
    /// Its ETag when we last wrote it, if the server said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The event's SEQUENCE it holds.
    pub sequence: u32,
}

/// One planned action's event, before it meets the state.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub uid: String,
    pub from: Time,
    pub lines: Vec<String>,
}

impl State {
    pub const VERSION: u32 = 1;

    /// Brings the state to the plan at `now`: a new event starts at SEQUENCE 0, a changed one
    /// goes one up and is stamped `now`, one no longer planned is cancelled (one up, stamped),
    /// and one cancelled for [`KEEP_CANCELLED_DAYS`] is forgotten.
    pub fn sync<Tz: TimeZone>(&mut self, planned: &[Planned], now: &DateTime<Tz>) {
        let now = now.with_timezone(&Utc);
        for event in planned {
            match self.events.get_mut(&event.uid) {
                Some(known) if known.lines == event.lines => {}
                Some(known) => {
                    known.sequence = known.sequence.saturating_add(1);
                    known.changed = now;
                    known.lines.clone_from(&event.lines);
                    known.gone = None;
                }
                None => {
                    self.events.insert(
                        event.uid.clone(),
                        EventState {
                            sequence: 0,
                            changed: now,
                            lines: event.lines.clone(),
                            gone: None,
                        },
                    );
                }
            }
        }
        let planned: std::collections::HashSet<&str> =
            planned.iter().map(|e| e.uid.as_str()).collect();
        self.events.retain(|uid, known| {
            if planned.contains(uid.as_str()) {
                return true;
            }
            match known.gone {
                Some(gone) => now - gone < Duration::days(KEEP_CANCELLED_DAYS),
                None => {
                    known.lines = cancelled(&known.lines);
                    known.sequence = known.sequence.saturating_add(1);
                    known.changed = now;
                    known.gone = Some(now);
                    true
                }
            }
        });
    }

    /// The event of `uid` as a VEVENT, lines unfolded.
    fn vevent(&self, uid: &str) -> Vec<String> {
        let event = &self.events[uid];
        let mut lines = vec![
            "BEGIN:VEVENT".to_string(),
            format!("UID:{uid}"),
            format!("DTSTAMP:{}", event.changed.format("%Y%m%dT%H%M%SZ")),
            format!("SEQUENCE:{}", event.sequence),
        ];
        lines.extend(event.lines.iter().cloned());
        lines.push("END:VEVENT".to_string());
        lines
    }

    /// The event of `uid` alone in a calendar object, as a CalDAV resource holds it.
    pub fn resource(&self, uid: &str) -> String {
        wrap(self.vevent(uid))
    }
}

/// An event's lines as cancelled: its status says so and its reminders are gone.
fn cancelled(lines: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut in_alarm = false;
    for line in lines {
        match line.as_str() {
            "BEGIN:VALARM" => in_alarm = true,
            "END:VALARM" => in_alarm = false,
            _ if in_alarm => {}
            _ if line.starts_with("STATUS:") => out.push("STATUS:CANCELLED".to_string()),
            _ => out.push(line.clone()),
        }
    }
    out
}

/// Lines in a VCALENDAR, folded, each ending in CRLF. No METHOD: the file is a calendar to
/// import or subscribe to, not an iTIP message (which would need an ORGANIZER).
fn wrap(events: Vec<String>) -> String {
    let mut text = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        concat!(
            "PRODID:-//followup//followup ",
            env!("CARGO_PKG_VERSION"),
            "//EN"
        ),
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:followup",
    ] {
        fold(line, &mut text);
    }
    for line in &events {
        fold(line, &mut text);
    }
    fold("END:VCALENDAR", &mut text);
    text
}

/// Each planned action's event at `now`: an all-day event from the local day its window opens
/// to its last day, stretched to today while it is overdue (or open with no end), so that what
/// can be done today is on today's page; a reminder at 09:00 the day it opens, and another the
/// morning of its last day (earlier when the deadline is in the morning).
pub fn planned<Tz: TimeZone>(data: &Data, policy: &Policy, now: &DateTime<Tz>) -> Vec<Planned> {
    let tz = now.timezone();
    let today = now.date_naive();
    let mut events = Vec::new();
    for action in rules::plan(&data.processes, policy, now) {
        let Some(process) = data.process(action.process) else {
            continue;
        };
        let uid = event_uid(process, &action.key);
        let first = action.from.with_timezone(&tz).date_naive();
        let deadline = action.by.map(|by| by.with_timezone(&tz).naive_local());
        // The last day is the last one with time left: a deadline at 00:00 ends the day before.
        let mut last = deadline
            .map_or(first, |by| (by - Duration::nanoseconds(1)).date())
            .max(first);
        if action.status == Status::Overdue || deadline.is_none() {
            last = last.max(today);
        }
        let lines = event_lines(&action, process, now, first, last, deadline);
        events.push(Planned {
            uid,
            from: action.from,
            lines,
        });
    }
    events
}

/// An event's content lines, unfolded.
fn event_lines<Tz: TimeZone>(
    action: &Action,
    process: &Process,
    now: &DateTime<Tz>,
    first: NaiveDate,
    last: NaiveDate,
    deadline: Option<NaiveDateTime>,
) -> Vec<String> {
    let overdue = action.status == Status::Overdue;
    let what = format!(
        "{} · {} ({})",
        render::title(action),
        clean(&process.company),
        clean(&process.role)
    );
    let summary = if overdue {
        format!("late: {what}")
    } else {
        what.clone()
    };
    let show = |at: &Time, edge| render::show_time(at, now, edge);
    let mut description = vec![text_lines(&render::reason(action, now))];
    if let Some(instructions) = &action.instructions {
        description.push(format!("Their instructions: {}", text_lines(instructions)));
    }
    let from = show(&action.from, Edge::Start);
    let late = if overdue { ": late since then" } else { "" };
    description.push(match &action.by {
        Some(by) => format!("From {from} to {}{late}.", show(by, Edge::End)),
        None => format!("From {from}, no deadline."),
    });
    description.push(format!(
        "Once done: {}",
        clean(&render::done_command(action))
    ));
    let end = last.succ_opt().unwrap_or(last);
    let mut lines = vec![
        format!("DTSTART;VALUE=DATE:{}", first.format("%Y%m%d")),
        format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")),
        format!("SUMMARY:{}", text(&summary)),
        format!("DESCRIPTION:{}", text(&description.join("\n"))),
        "STATUS:CONFIRMED".to_string(),
        "TRANSP:TRANSPARENT".to_string(),
    ];
    // Relative to the event's dates, which are the user's local days: 09:00 wherever they are;
    // for a window that closes before 09:00 on its first day, an hour before it closes (not
    // before it opens).
    let midnight = first.and_time(NaiveTime::MIN);
    let at_hour = |day: NaiveDate| day.and_hms_opt(ALARM_HOUR, 0, 0).expect("a time of day");
    let opens = action.from.with_timezone(&now.timezone()).naive_local();
    let first_at = match deadline.filter(|_| !overdue) {
        Some(by) if by <= at_hour(first) => (by - Duration::hours(1)).max(opens).max(midnight),
        _ => at_hour(first),
    };
    alarm(&mut lines, &trigger(first_at - midnight), &summary);
    // The morning of the last day, or an hour before a deadline earlier than that (the
    // evening before, for one just after midnight): never at or after the deadline. None when
    // that is not after the first reminder.
    let second = action.by.map(|_| {
        let morning = at_hour(last);
        match deadline.filter(|_| !overdue) {
            Some(by) => morning.min(by - Duration::hours(1)),
            None => morning,
        }
    });
    if let Some(at) = second.filter(|at| *at > first_at) {
        let trigger = trigger(at - midnight);
        let label = if overdue {
            summary.clone()
        } else {
            format!("last day: {what}")
        };
        alarm(&mut lines, &trigger, &label);
    }
    lines
}

/// The trigger of a reminder `since` the start of the event's first day, as calendars best
/// understand it: so many days, then the time of day (`PT9H`, `P2DT7H30M`, `P1D`).
fn trigger(since: Duration) -> String {
    let days = since.num_days();
    let minutes = since.num_minutes() - days * 24 * 60;
    let time = match (minutes / 60, minutes % 60) {
        (0, 0) => String::new(),
        (hours, 0) => format!("T{hours}H"),
        (hours, minutes) => format!("T{hours}H{minutes}M"),
    };
    let day = match (days, time.is_empty()) {
        (0, false) => String::new(),
        _ => format!("{days}D"),
    };
    format!("TRIGGER;RELATED=START:P{day}{time}")
}

/// A reminder that shows `summary`.
fn alarm(lines: &mut Vec<String>, trigger: &str, summary: &str) {
    lines.extend([
        "BEGIN:VALARM".to_string(),
        "ACTION:DISPLAY".to_string(),
        format!("DESCRIPTION:{}", text(summary)),
        trigger.to_string(),
        "END:VALARM".to_string(),
    ]);
}

/// The plan as a calendar file, after bringing `state` to it (see [`State::sync`]): each
/// planned event, and each cancelled one still kept. With `days`, only the planned actions
/// whose window opens within that many days of `now` (overdue and due ones included); the
/// cancelled ones all the same.
///
/// Each event's UID names its action (process, action, round or reply, person, which one of a
/// repeated action), so a calendar that imports the file again updates the events it knows
/// instead of adding them twice, even when an action moved (a snooze, a new timeline).
pub fn calendar<Tz: TimeZone>(
    data: &Data,
    policy: &Policy,
    now: &DateTime<Tz>,
    days: Option<u32>,
    state: &mut State,
) -> Calendar {
    let planned = planned(data, policy, now);
    state.sync(&planned, now);
    let horizon = days.map(|days| now.fixed_offset() + Duration::days(i64::from(days)));
    let mut uids: Vec<&str> = planned
        .iter()
        .filter(|e| horizon.is_none_or(|horizon| e.from <= horizon))
        .map(|e| e.uid.as_str())
        .collect();
    uids.extend(
        state
            .events
            .iter()
            .filter(|(_, e)| e.gone.is_some())
            .map(|(uid, _)| uid.as_str()),
    );
    // By first day, then UID: the same plan gives the same bytes.
    uids.sort_by_key(|uid| (state.events[*uid].lines.first().cloned(), *uid));
    let count = uids.len();
    let events = uids.iter().flat_map(|uid| state.vevent(uid)).collect();
    Calendar {
        text: wrap(events),
        events: count,
    }
}

/// A TEXT value (RFC 5545, 3.3.11): backslashes, semicolons, commas and line breaks escaped.
fn text(value: &str) -> String {
    // The backslashes first, so that those the others bring are not escaped again.
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\r', "")
        .replace('\n', "\\n")
}

/// Writes a content line folded at 75 octets (RFC 5545, 3.1), ending in CRLF. A fold goes back a
/// few characters rather than fall next to a space.
fn fold(line: &str, out: &mut String) {
    let mut rest = line;
    // A continuation line starts with a space, which counts.
    let mut limit = 75;
    while rest.len() > limit {
        let spaced = |at: usize| {
            rest[..at].ends_with(char::is_whitespace) || rest[at..].starts_with(char::is_whitespace)
        };
        let cuts = || (0..=limit).rev().filter(|at| rest.is_char_boundary(*at));
        let longest = cuts().next().expect("0 is a char boundary");
        // The longest cut next to no space, going back at most half the line.
        let cut = cuts()
            .find(|at| *at <= limit / 2 || !spaced(*at))
            .filter(|at| !spaced(*at))
            .unwrap_or(longest);
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = 74;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// Calendar text: line breaks kept (iCalendar escapes them), other control characters shown
/// escaped.
fn text_lines(text: &str) -> String {
    text.lines().map(clean).collect::<Vec<_>>().join("\n")
}

/// One UID per action, from the ids of what it hangs on, which never change: editing a name or
/// adding a round keeps every event's UID.
pub(crate) fn event_uid(process: &Process, key: &ActionKey) -> String {
    let mut uid = format!("{}-{}", process.uid, key.action);
    match key.anchor {
        Anchor::Round(round) => uid.push_str(&format!("-round-{round}")),
        Anchor::Reply(reply) => uid.push_str(&format!("-reply-{reply}")),
        Anchor::Process => {}
    }
    if let Some(person) = key.person {
        uid.push_str(&format!("-{person}"));
    }
    if key.seq > 0 {
        uid.push_str(&format!("-{}", key.seq));
    }
    format!("{uid}@followup")
}

#[cfg(test)]
mod tests {
    use super::super::tests::fixtures::*;
    use super::*;
    use crate::model::{ActionKey, ActionKind, Mark, MarkState, Timeline};
    use chrono::FixedOffset;
    use proptest::prelude::*;
    use std::collections::HashSet;

    /// The calendar's events as (UID, DTSTART, SUMMARY), unfolded.
    fn events(text: &str) -> Vec<(String, String, String)> {
        let unfolded = text.replace("\r\n ", "");
        let mut found = Vec::new();
        let mut current: Option<(String, String, String)> = None;
        let mut in_alarm = false;
        for line in unfolded.split("\r\n") {
            match line {
                "BEGIN:VEVENT" => current = Some(Default::default()),
                "BEGIN:VALARM" => in_alarm = true,
                "END:VALARM" => in_alarm = false,
                "END:VEVENT" => found.push(current.take().unwrap()),
                _ if in_alarm => {}
                _ => {
                    if let Some(event) = &mut current {
                        if let Some(uid) = line.strip_prefix("UID:") {
                            event.0 = uid.to_string();
                        } else if let Some(day) = line.strip_prefix("DTSTART;VALUE=DATE:") {
                            event.1 = day.to_string();
                        } else if let Some(summary) = line.strip_prefix("SUMMARY:") {
                            event.2 = summary.to_string();
                        }
                    }
                }
            }
        }
        found
    }

    #[test]
    fn one_event_per_person_on_the_local_day_its_window_opens() {
        // 23:30 UTC is half past midnight the next day in Paris.
        let d = data(vec![process(
            1,
            "Acme",
            vec![round("2026-11-18T23:30:00+00:00", &["Jane Doe", "Bob"])],
        )]);
        let cal = calendar(&d, &Policy::default(), &now(), None, &mut State::default());
        let events = events(&cal.text);
        assert_eq!(cal.events, events.len());
        let thanks: Vec<_> = events
            .iter()
            .filter(|e| e.0.contains("-thank-you-round-"))
            .collect();
        assert_eq!(thanks.len(), 2, "{events:?}");
        assert!(thanks.iter().all(|e| e.1 == "20261119"), "{thanks:?}");
        assert!(
            events
                .iter()
                .any(|e| e.0.ends_with("@followup")
                    && e.2 == "thank-you to Jane Doe · Acme (Engineer)"),
            "{events:?}"
        );
        assert!(cal.text.contains("TRIGGER;RELATED=START:PT9H\r\n"));
        assert!(
            cal.text
                .replace("\r\n ", "")
                .contains("followup done 1 thank-you --to 'Jane Doe'"),
            "{}",
            cal.text
        );
    }

    #[test]
    fn lines_end_in_crlf_and_are_folded_at_75_octets() {
        let mut long = round("2026-11-19T14:30:00+01:00", &["Jérôme Dupont"]);
        long.instructions = Some("écrire à Sam, la recruteuse; ".repeat(8));
        long.timeline = Some(Timeline {
            text: "two weeks".into(),
            date: Some(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()),
        });
        let d = data(vec![process(1, "Acme", vec![long])]);
        let text = calendar(&d, &Policy::default(), &now(), None, &mut State::default()).text;
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        for line in text.split_inclusive('\n') {
            assert!(line.ends_with("\r\n"), "{line:?}");
            assert!(line.len() <= 77, "{} octets: {line:?}", line.len() - 2);
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(
            unfolded.contains(&"écrire à Sam\\, la recruteuse\\; ".repeat(8)),
            "{unfolded}"
        );
        // No clock but `now`: the same plan gives the same bytes.
        assert_eq!(
            text,
            calendar(&d, &Policy::default(), &now(), None, &mut State::default()).text
        );
    }

    #[test]
    fn uids_are_stable_across_days_and_snoozes() {
        let mut p = process(
            3,
            "Acme",
            vec![round("2026-11-02T10:00:00+01:00", &["Jane"])],
        );
        let d = data(vec![p.clone()]);
        let before =
            events(&calendar(&d, &Policy::default(), &now(), None, &mut State::default()).text);
        let later = t("2026-11-23T09:00:00+01:00");
        let after =
            events(&calendar(&d, &Policy::default(), &later, None, &mut State::default()).text);
        let uids =
            |e: &[(String, String, String)]| e.iter().map(|e| e.0.clone()).collect::<HashSet<_>>();
        assert_eq!(uids(&before).len(), before.len(), "unique: {before:?}");
        assert_eq!(uids(&before), uids(&after));
        let follow_up = |e: &(String, String, String)| {
            e.0.contains("-follow-up-round-") && e.0.ends_with("-1@followup")
        };
        let day =
            |e: &[(String, String, String)]| e.iter().find(|e| follow_up(e)).unwrap().1.clone();
        assert_eq!(day(&before), "20261116");
        p = d.processes[0].clone();
        p.marks.push(Mark {
            key: ActionKey {
                action: ActionKind::FollowUp,
                anchor: Anchor::Round(p.rounds[0].uid),
                person: None,
                seq: 1,
            },
            state: MarkState::Snoozed {
                until: t("2026-11-25T00:00:00+01:00"),
            },
        });
        let snoozed = events(
            &calendar(
                &data(vec![p]),
                &Policy::default(),
                &now(),
                None,
                &mut State::default(),
            )
            .text,
        );
        assert_eq!(uids(&snoozed), uids(&before));
        assert_eq!(day(&snoozed), "20261125");
    }

    #[test]
    fn days_keeps_what_starts_soon() {
        let d = data(vec![process(
            1,
            "Acme",
            vec![round("2026-11-19T14:30:00+01:00", &[])],
        )]);
        let all =
            events(&calendar(&d, &Policy::default(), &now(), None, &mut State::default()).text);
        let soon = events(
            &calendar(
                &d,
                &Policy::default(),
                &now(),
                Some(1),
                &mut State::default(),
            )
            .text,
        );
        assert!(soon.len() < all.len(), "{soon:?} / {all:?}");
        assert!(soon.iter().all(|e| e.1.as_str() <= "20261121"), "{soon:?}");
        assert!(soon.iter().any(|e| e.0.contains("-thank-you-round-")));
    }

    #[test]
    fn names_that_read_alike_still_get_their_own_uid() {
        let d = data(vec![process(
            1,
            "Acme",
            vec![round(
                "2026-11-19T14:30:00+01:00",
                &["Jane Doe", "jane doe"],
            )],
        )]);
        let events =
            events(&calendar(&d, &Policy::default(), &now(), None, &mut State::default()).text);
        let thanks: HashSet<&str> = events
            .iter()
            .filter(|e| e.0.contains("-thank-you-"))
            .map(|e| e.0.as_str())
            .collect();
        assert_eq!(thanks.len(), 2, "{events:?}");
    }

    #[test]
    fn fixed_offsets_other_than_paris_work_too() {
        let tokyo = FixedOffset::east_opt(9 * 3600)
            .unwrap()
            .from_utc_datetime(&now().naive_utc());
        let d = data(vec![process(
            1,
            "Acme",
            vec![round("2026-11-19T20:00:00+01:00", &[])],
        )]);
        let events =
            events(&calendar(&d, &Policy::default(), &tokyo, None, &mut State::default()).text);
        let thanks = events
            .iter()
            .find(|e| e.0.contains("-thank-you-round-"))
            .unwrap();
        assert_eq!(
            thanks.1, "20261120",
            "20:00 in Paris is the next day in Tokyo"
        );
    }

    /// The (SEQUENCE, STATUS, DTSTART, DTEND) of the event of a UID containing `part`.
    fn revision(text: &str, part: &str) -> (u32, String, String, String) {
        let unfolded = text.replace("\r\n ", "");
        let event = unfolded
            .split("BEGIN:VEVENT")
            .find(|e| e.lines().any(|l| l.starts_with("UID:") && l.contains(part)))
            .unwrap_or_else(|| panic!("no event {part} in {text}"));
        let field = |name: &str| {
            event
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .unwrap_or_default()
                .to_string()
        };
        (
            field("SEQUENCE:").parse().unwrap(),
            field("STATUS:"),
            field("DTSTART;VALUE=DATE:"),
            field("DTEND;VALUE=DATE:"),
        )
    }

    #[test]
    fn a_deadline_at_midnight_ends_the_event_the_day_before() {
        // Thu 19 Nov 00:00: thanks by Sat 21 Nov 00:00, so Thu and Fri, not Saturday.
        let d = data(vec![process(
            1,
            "Midco",
            vec![round("2026-11-19T00:00:00+01:00", &["Zed"])],
        )]);
        let text = calendar(
            &d,
            &Policy::default(),
            &t("2026-11-20T09:00:00+01:00"),
            None,
            &mut State::default(),
        )
        .text;
        let (_, _, start, end) = revision(&text, "-thank-you-round-");
        assert_eq!((start.as_str(), end.as_str()), ("20261119", "20261121"));
        assert!(text.contains("to Sat 21 Nov 00:00"), "{text}");
    }

    #[test]
    fn sequence_rises_exactly_when_an_event_changes() {
        let mut p = process(
            1,
            "Acme",
            vec![round("2026-11-19T14:30:00+01:00", &["Jane"])],
        );
        let mut state = State::default();
        let export = |p: &Process, state: &mut State, at: &str| {
            calendar(
                &data(vec![p.clone()]),
                &Policy::default(),
                &t(at),
                None,
                state,
            )
            .text
        };
        let first = export(&p, &mut state, "2026-11-20T09:00:00+01:00");
        assert_eq!(revision(&first, "-debrief-").0, 0);
        // Nothing changed: the same bytes and revision, half a minute later.
        let again = export(&p, &mut state, "2026-11-20T09:00:30+01:00");
        assert_eq!(first, again);
        // Two changes in one minute: two revisions, stamped then.
        p.company = "Acme Corp".into();
        let renamed = export(&p, &mut state, "2026-11-20T09:00:40+01:00");
        p.role = "Staff Engineer".into();
        let twice = export(&p, &mut state, "2026-11-20T09:00:50+01:00");
        assert_eq!(revision(&renamed, "-debrief-").0, 1);
        assert_eq!(revision(&twice, "-debrief-").0, 2);
        assert!(twice.contains("DTSTAMP:20261120T080050Z"), "{twice}");
    }

    #[test]
    fn what_is_overdue_is_on_today_and_what_goes_away_is_cancelled_for_30_days() {
        let p = process(
            1,
            "Acme",
            vec![round("2026-11-16T10:00:00+01:00", &["Jane"])],
        );
        let d = data(vec![p.clone()]);
        let mut state = State::default();
        let at = |text: &str| t(text);
        // The debrief was due by the 17th: on the 20th it spans the 16th to today.
        let text = calendar(
            &d,
            &Policy::default(),
            &at("2026-11-20T09:00:00+01:00"),
            None,
            &mut state,
        )
        .text;
        let (seq, status, start, end) = revision(&text, "-debrief-");
        assert_eq!(
            (seq, status.as_str(), start.as_str(), end.as_str()),
            (0, "CONFIRMED", "20261116", "20261121")
        );
        assert!(
            text.replace("\r\n ", "")
                .contains("SUMMARY:late: debrief · Acme"),
            "{text}"
        );
        // The connect is open until the 23rd: it spans its window.
        let (_, _, start, end) = revision(&text, "-connect-");
        assert_eq!((start.as_str(), end.as_str()), ("20261116", "20261124"));
        // A day later the late one reaches the new day: a new revision.
        let text = calendar(
            &d,
            &Policy::default(),
            &at("2026-11-21T09:00:00+01:00"),
            None,
            &mut state,
        )
        .text;
        assert_eq!(revision(&text, "-debrief-").0, 1);
        assert_eq!(revision(&text, "-debrief-").3, "20261122");
        // Done: cancelled under the same UID, one revision up, no reminder left.
        let mut done = p.clone();
        done.closed = Some(crate::model::Closure {
            at: at("2026-11-21T10:00:00+01:00"),
            outcome: crate::model::Outcome::Withdrawn,
        });
        let d = data(vec![done]);
        let text = calendar(
            &d,
            &Policy::default(),
            &at("2026-11-21T10:00:00+01:00"),
            None,
            &mut state,
        )
        .text;
        let (seq, status, ..) = revision(&text, "-debrief-");
        assert_eq!((seq, status.as_str()), (2, "CANCELLED"));
        assert!(!text.contains("BEGIN:VALARM"), "{text}");
        let kept = calendar(
            &d,
            &Policy::default(),
            &at("2026-12-20T09:00:00+01:00"),
            None,
            &mut state,
        );
        assert_eq!(
            revision(&kept.text, "-debrief-").0,
            2,
            "unchanged while kept"
        );
        let gone = calendar(
            &d,
            &Policy::default(),
            &at("2026-12-21T10:00:00+01:00"),
            None,
            &mut state,
        );
        assert_eq!(gone.events, 0, "{}", gone.text);
        assert!(state.events.is_empty());
    }

    #[test]
    fn the_last_day_is_reminded_in_its_morning_or_an_hour_before_an_early_deadline() {
        let at = |when: &str| {
            let d = data(vec![process(1, "Acme", vec![round(when, &["Jane"])])]);
            let text = calendar(
                &d,
                &Policy::default(),
                &t("2026-11-16T20:00:00+01:00"),
                None,
                &mut State::default(),
            )
            .text;
            let unfolded = text.replace("\r\n ", "");
            let event = unfolded
                .split("BEGIN:VEVENT")
                .find(|e| e.contains("-thank-you-round-"))
                .unwrap()
                .to_string();
            event
                .lines()
                .filter_map(|l| l.strip_prefix("TRIGGER;RELATED=START:"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        // Thanks within 48 hours of 14:30 on the 16th: the 16th to the 18th.
        assert_eq!(at("2026-11-16T14:30:00+01:00"), ["PT9H", "P2DT9H"]);
        // Of 08:30: by 08:30 on the 18th, so reminded at 07:30 that day.
        assert_eq!(at("2026-11-16T08:30:00+01:00"), ["PT9H", "P2DT7H30M"]);
        // Of 00:30: by 00:30 on the 18th, reminded at 23:30 the evening before, not at 00:00.
        assert_eq!(at("2026-11-16T00:30:00+01:00"), ["PT9H", "P1DT23H30M"]);
        // Of 00:00: by 00:00 on the 18th, so the 17th is the last day, reminded at 09:00.
        assert_eq!(at("2026-11-16T00:00:00+01:00"), ["PT9H", "P1DT9H"]);
        // Of 01:00: reminded at 00:00 on the 18th, an hour before.
        assert_eq!(at("2026-11-16T01:00:00+01:00"), ["PT9H", "P2D"]);
    }

    #[test]
    fn a_window_closing_before_nine_is_reminded_before_it_closes() {
        // Thanks within 2 hours of 06:00: by 08:00 on the same day, so reminded at 07:00.
        let policy = Policy {
            thank_you_recommended_hours: 1,
            thank_you_latest_hours: 2,
            ..Policy::default()
        };
        let d = data(vec![process(
            1,
            "Acme",
            vec![round("2026-11-16T06:00:00+01:00", &["Jane"])],
        )]);
        let text = calendar(
            &d,
            &policy,
            &t("2026-11-16T06:10:00+01:00"),
            None,
            &mut State::default(),
        )
        .text
        .replace("\r\n ", "");
        let event = text
            .split("BEGIN:VEVENT")
            .find(|e| e.contains("-thank-you-round-"))
            .unwrap();
        let triggers: Vec<&str> = event
            .lines()
            .filter_map(|l| l.strip_prefix("TRIGGER;RELATED=START:"))
            .collect();
        assert_eq!(triggers, ["PT7H"], "{event}");
        assert_eq!(trigger(Duration::zero()), "TRIGGER;RELATED=START:P0D");
    }

    proptest! {
        /// Folded lines are at most 75 octets and unfold to the line; with words between
        /// single spaces, no fold falls next to a space.
        #[test]
        fn folding_is_undone_by_unfolding(
            line in "[a-zé😀 ]{0,300}",
            words in "[a-zé]{1,9}( [a-zé]{1,9}){0,40}",
        ) {
            for (line, spaced) in [(&line, true), (&words, false)] {
                let mut out = String::new();
                fold(line, &mut out);
                let body = out.strip_suffix("\r\n").unwrap();
                for physical in body.split("\r\n") {
                    prop_assert!(physical.len() <= 75, "{physical:?}");
                }
                prop_assert_eq!(&body.replace("\r\n ", ""), line);
                if !spaced {
                    prop_assert!(!body.contains(" \r\n") && !body.contains("\r\n  "), "{body:?}");
                }
            }
        }
    }
}
