//! The plan as an iCalendar (RFC 5545) file: one all-day event per planned action.

use crate::model::{ActionKey, Anchor, Process, Time};
use crate::policy::Policy;
use crate::render::{self, Edge, clean};
use crate::rules;
use crate::store::Data;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use icalendar::{Alarm, Component, Event, EventLike, Property};

/// When each event's reminder goes off: 09:00 on its day, as an offset from the start of the day
/// (the crate would write it in seconds, PT32400S).
const ALARM: &str = "PT9H";

/// A calendar file and how many events it holds.
pub struct Calendar {
    pub text: String,
    pub events: usize,
}

/// The planned actions as an iCalendar file: one all-day event per action on the local date its
/// window opens, with the reason, the command that marks it done, and a reminder that morning.
/// With `days`, only the actions whose window opens within that many days of `now` (overdue and
/// due ones included).
///
/// Each event's UID names its action (process, action, round or reply, person, which one of a
/// repeated action), so a calendar that imports the file again updates the events it knows
/// instead of adding them twice, even when an action moved (a snooze, a new timeline).
pub fn calendar<Tz: TimeZone>(
    data: &Data,
    policy: &Policy,
    now: &DateTime<Tz>,
    days: Option<u32>,
) -> Calendar {
    let horizon = days.map(|days| now.fixed_offset() + Duration::days(i64::from(days)));
    let mut actions = rules::plan(&data.processes, policy, now);
    actions.retain(|a| horizon.is_none_or(|horizon| a.from <= horizon));
    let tz = now.timezone();
    let stamp = now.with_timezone(&Utc);
    let mut events: Vec<(NaiveDate, String, Event)> = Vec::new();
    for action in &actions {
        let Some(process) = data.process(action.process) else {
            continue;
        };
        let uid = event_uid(process, &action.key);
        let day = action.from.with_timezone(&tz).date_naive();
        let summary = format!(
            "{} · {} ({})",
            render::title(action),
            clean(&process.company),
            clean(&process.role)
        );
        let show = |at: &Time, edge| render::show_time(at, now, edge);
        let mut description = vec![text_lines(&render::reason(action, now))];
        if let Some(instructions) = &action.instructions {
            description.push(format!("Their instructions: {}", text_lines(instructions)));
        }
        description.push(match &action.by {
            Some(by) => format!(
                "From {} to {}.",
                show(&action.from, Edge::Start),
                show(by, Edge::End)
            ),
            None => format!("From {}.", show(&action.from, Edge::Start)),
        });
        description.push(format!(
            "Once done: {}",
            clean(&render::done_command(action))
        ));
        let mut alarm = Alarm::display(&summary, Duration::hours(9));
        alarm
            .append_property(
                Property::new("TRIGGER", ALARM)
                    .add_parameter("RELATED", "START")
                    .done(),
            )
            // RFC 9074 gives alarms a UID; without one the crate writes a random one.
            .uid(&format!("alarm-{uid}"));
        let event = Event::new()
            .uid(&uid)
            .timestamp(stamp)
            // Each export is a newer revision of every event: calendars that only update an
            // event whose sequence grew take the new date too.
            .sequence(u32::try_from(stamp.timestamp() / 60).unwrap_or(0))
            .starts(day)
            .ends(day.succ_opt().unwrap_or(day))
            .summary(&summary)
            .description(&description.join("\n"))
            .add_property("TRANSP", "TRANSPARENT")
            .alarm(alarm)
            .done();
        events.push((day, uid, event));
    }
    events.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut calendar = icalendar::Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new(
            "PRODID",
            concat!("-//followup//followup ", env!("CARGO_PKG_VERSION"), "//EN"),
        ))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .append_property(Property::new("X-WR-CALNAME", "followup"));
    let count = events.len();
    calendar.extend(events.into_iter().map(|(_, _, event)| event));
    Calendar {
        text: tidy(&calendar.to_string()),
        events: count,
    }
}

/// Rewrites the crate's output: without the DTSTAMP it gives alarms (stamped with the system
/// clock, where RFC 5545 gives an alarm none), and folded again so that no line ends or starts
/// next to a space, which lenient readers trim.
fn tidy(text: &str) -> String {
    let mut tidy = String::with_capacity(text.len() + text.len() / 64);
    let mut in_alarm = false;
    for line in text.replace("\r\n ", "").split_terminator("\r\n") {
        match line {
            "BEGIN:VALARM" => in_alarm = true,
            "END:VALARM" => in_alarm = false,
            _ if in_alarm && line.starts_with("DTSTAMP:") => continue,
            _ => {}
        }
        fold(line, &mut tidy);
    }
    tidy
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
        let cal = calendar(&d, &Policy::default(), &now(), None);
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
        let text = calendar(&d, &Policy::default(), &now(), None).text;
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
        assert_eq!(text, calendar(&d, &Policy::default(), &now(), None).text);
    }

    #[test]
    fn uids_are_stable_across_days_and_snoozes() {
        let mut p = process(
            3,
            "Acme",
            vec![round("2026-11-02T10:00:00+01:00", &["Jane"])],
        );
        let d = data(vec![p.clone()]);
        let before = events(&calendar(&d, &Policy::default(), &now(), None).text);
        let later = t("2026-11-23T09:00:00+01:00");
        let after = events(&calendar(&d, &Policy::default(), &later, None).text);
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
        let snoozed = events(&calendar(&data(vec![p]), &Policy::default(), &now(), None).text);
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
        let all = events(&calendar(&d, &Policy::default(), &now(), None).text);
        let soon = events(&calendar(&d, &Policy::default(), &now(), Some(1)).text);
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
        let events = events(&calendar(&d, &Policy::default(), &now(), None).text);
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
        let events = events(&calendar(&d, &Policy::default(), &tokyo, None).text);
        let thanks = events
            .iter()
            .find(|e| e.0.contains("-thank-you-round-"))
            .unwrap();
        assert_eq!(
            thanks.1, "20261120",
            "20:00 in Paris is the next day in Tokyo"
        );
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
