//! Turning plain values into text for people and JSON for programs. Deciding happens elsewhere.

use crate::model::{ActionKind, Process, Time};
use crate::rules::{
    Action, Expired, FoldedThanks, FollowUpAfter, Interview, Pester, PesterWarning, Reason, Status,
    WaitStart,
};
use anstyle::{AnsiColor, Style};
use chrono::{DateTime, Datelike, Local, NaiveDate, NaiveTime, SecondsFormat, TimeZone, Timelike};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Stored text made safe for a terminal: control characters (escape sequences among them) are
/// shown escaped instead of being passed raw.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.contains(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut clean = String::with_capacity(text.len());
    for c in text.chars() {
        if unsafe_char(c) {
            clean.extend(c.escape_unicode());
        } else {
            clean.push(c);
        }
    }
    Cow::Owned(clean)
}

/// Whether a terminal could act on `c` (controls, escape sequences among them), or show the text
/// around it in another order than stored or on other lines (bidirectional marks, overrides and
/// isolates, line and paragraph separators).
pub fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{61c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// A file's text made safe for a terminal: `clean` for every line, keeping its line ends and
/// tabs.
pub fn clean_lines(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line
            .strip_suffix("\r\n")
            .or_else(|| line.strip_suffix('\n'))
            .unwrap_or(line);
        let parts: Vec<Cow<'_, str>> = body.split('\t').map(clean).collect();
        shown.push_str(&parts.join("\t"));
        shown.push_str(&line[body.len()..]);
    }
    shown
}

/// JSON with the characters `unsafe_char` finds written as `\uXXXX` escapes, which serde_json
/// leaves raw but for C0 controls: the same value for a JSON reader, safe on a terminal.
pub fn escape_json(json: String) -> String {
    if !json.contains(|c| unsafe_char(c) && c != '\n') {
        return json;
    }
    // Outside strings, serde_json writes printable ASCII and newlines only; inside them, it
    // escapes the other C0 controls itself.
    json.chars()
        .fold(String::with_capacity(json.len()), |mut out, c| {
            if unsafe_char(c) && c != '\n' {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            } else {
                out.push(c);
            }
            out
        })
}

/// An action in words: "thank-you to Jane Doe".
pub fn title(action: &Action) -> String {
    match &action.to {
        Some(person) => format!("{} to {}", action.kind(), clean(person)),
        None if action.kind() == ActionKind::ThankYou => {
            format!("{} (no interviewer named)", action.kind())
        }
        None => action.kind().to_string(),
    }
}

/// Actions of one kind for several people in words: "thank-you to Jane Doe, Bob Li and Ann Wu".
/// With one action, its [`title`].
pub fn group_title(actions: &[&Action]) -> String {
    let names: Vec<&str> = actions.iter().filter_map(|a| a.to.as_deref()).collect();
    match actions {
        [first, _, ..] if names.len() == actions.len() => {
            format!("{} to {}", first.kind(), names_and(&names))
        }
        [first, ..] => title(first),
        [] => String::new(),
    }
}

/// Names in words, cleaned for a terminal: "Jane Doe", "Jane Doe and Bob Li", "Jane Doe, Bob Li
/// and Ann Wu".
fn names_and(names: &[impl AsRef<str>]) -> String {
    let names: Vec<Cow<'_, str>> = names.iter().map(|n| clean(n.as_ref())).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// What expired, in words: "expired: thank-you to Jane Doe, on Thu 26 Nov".
pub fn expired<Tz: TimeZone>(expired: &Expired, now: &DateTime<Tz>) -> String {
    format!(
        "expired: {}, on {}",
        title(&expired.action),
        day(&expired.at, now)
    )
}

/// A moment in words, in `now`'s zone: "Sat 21 Nov 14:30", with the year when it is not `now`'s;
/// the start of a day shows as the day alone.
pub fn moment<Tz: TimeZone>(at: &Time, now: &DateTime<Tz>) -> String {
    show_time(at, now, Edge::Start)
}

/// A deadline in words: the end of a day shows as the day alone.
pub fn deadline<Tz: TimeZone>(at: &Time, now: &DateTime<Tz>) -> String {
    show_time(at, now, Edge::End)
}

/// The day of a moment in words: "Fri 13 Nov".
pub fn day<Tz: TimeZone>(at: &Time, now: &DateTime<Tz>) -> String {
    date(at.with_timezone(&now.timezone()).date_naive(), now)
}

/// Which end of a window a moment is: a window opening at midnight, or closing a second before
/// it, is shown as the day alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

pub fn show_time<Tz: TimeZone>(at: &Time, now: &DateTime<Tz>, edge: Edge) -> String {
    let local = at.with_timezone(&now.timezone());
    let time = local.time();
    let whole_day = match edge {
        Edge::Start => time == NaiveTime::MIN,
        Edge::End => (time.hour(), time.minute(), time.second()) == (23, 59, 59),
    };
    let mut text = date(local.date_naive(), now);
    if !whole_day {
        let _ = write!(text, " {:02}:{:02}", time.hour(), time.minute());
    }
    text
}

/// A day in words: "Fri 13 Nov", with the year when it is not `now`'s.
pub fn date<Tz: TimeZone>(date: NaiveDate, now: &DateTime<Tz>) -> String {
    if date.year() == now.year() {
        date.format("%a %-d %b").to_string()
    } else {
        date.format("%a %-d %b %Y").to_string()
    }
}

/// What the silence after the last try means, for the move-on reasons.
const MOVE_ON: &str = "take the silence as an answer and put your energy elsewhere";

/// Why an action is planned, in words, with its dates in `now`'s zone.
pub fn reason<Tz: TimeZone>(action: &Action, now: &DateTime<Tz>) -> String {
    let day = |at: &Time| day(at, now);
    let held = |i: &Interview| {
        let what = i.label.as_deref().unwrap_or("interview");
        format!("{what} on {}", moment(&i.at, now))
    };
    let mut text = match &action.reason {
        Reason::ThankYou {
            interview,
            best_within_hours,
            best_by,
            latest_hours,
        } => format!(
            "{}; best within {best_within_hours} h (by {}), {latest_hours} h at most",
            held(interview),
            deadline(best_by, now)
        ),
        Reason::Connect {
            interview,
            within_days,
        } => format!(
            "{}; invite them to connect on your professional network with a personal note, within {within_days} days (draft writes the note)",
            held(interview)
        ),
        Reason::Debrief { interview } => format!(
            "{}; write down what was asked and how it went while it is fresh",
            held(interview)
        ),
        Reason::ReviewDebrief {
            interview,
            after_days,
        } => format!(
            "{}; with {after_days} days' distance, pick what to improve and decide whether you want this job",
            held(interview)
        ),
        Reason::Withdraw {
            accepted,
            within_business_days,
        } => format!(
            "you accepted an offer elsewhere on {}: tell them within {within_business_days} business days, don't ghost them",
            day(accepted)
        ),
        Reason::Respond {
            offer,
            on,
            note,
            their_deadline,
            within_business_days: days,
        } => {
            let what = if *offer {
                "they made an offer"
            } else {
                "they asked for something"
            };
            let note = note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            let within = format!("within {}", count(*days as usize, "business day"));
            let next = match (offer, their_deadline) {
                (true, Some(text)) => {
                    format!(
                        "thank them {within} and say you will answer by their deadline, {text:?}"
                    )
                }
                (true, None) => format!("thank them {within} and say by when you will answer"),
                (false, Some(text)) => {
                    format!("answer {within}, or by their deadline, {text:?}, if sooner")
                }
                (false, None) => format!("answer {within}"),
            };
            format!("{what} on {}{note}; {next}", day(on))
        }
        Reason::PrepRound { interview, stumped } => {
            let what = match &interview.label {
                Some(label) => format!("next interview ({label})"),
                None => "next interview".to_string(),
            };
            let revisit = if stumped.is_empty() {
                "revisit your debriefs and weak points".to_string()
            } else {
                format!("revisit what stumped you: {}", stumped.join("; "))
            };
            format!("{what} on {}; {revisit}", moment(&interview.at, now))
        }
        Reason::Decide {
            offer,
            deadline,
            business_days,
        } => {
            let days = count(*business_days as usize, "business day");
            let answer = match deadline {
                Some((text, by)) => format!(
                    "and want your answer by {text:?}, which is {}; decide from {days} before it",
                    date(*by, now)
                ),
                None => format!("with no deadline; give your answer within {days}"),
            };
            format!("they made an offer on {} {answer}", day(offer))
        }
        Reason::Expedite {
            process,
            company,
            offer,
            deadline: (text, by),
        } => format!(
            "you have an offer from #{process} {company} (on {}) with a deadline, {text:?}, which is {}: tell them politely, in case they want to move faster",
            day(offer),
            date(*by, now)
        ),
        Reason::Decline {
            declined,
            within_business_days,
        } => format!(
            "you declined their offer on {}: say no graciously within {}, and leave the door open",
            day(declined),
            count(*within_business_days as usize, "business day")
        ),
        Reason::ApplicationMoveOn {
            applied,
            follow_up,
            days,
        } => {
            let silence = match follow_up {
                Some(sent) => format!("nor to your follow-up of {}", day(sent)),
                None => "and no follow-up sent in its window".to_string(),
            };
            format!(
                "no answer to your application of {} {silence}; {days} days on, {MOVE_ON}",
                day(applied)
            )
        }
        Reason::FollowUp { after, number, of } => {
            let after = match after {
                FollowUpAfter::Stated {
                    text,
                    date: stated,
                    business_days,
                } => format!(
                    "they said {text:?}, which is {}; {business_days} business days later",
                    date(*stated, now)
                ),
                FollowUpAfter::Unstated { since, days, words } => {
                    let since = match since {
                        WaitStart::Interview(i) => held(i),
                        WaitStart::Update(at) => format!("their update on {}", day(at)),
                        WaitStart::AnsweredRequest(at) => {
                            format!("your answer to their request on {}", day(at))
                        }
                        WaitStart::InvitationWithoutDate(at) => format!(
                            "their invitation to a next round on {} set no date",
                            day(at)
                        ),
                        WaitStart::Application(at) => {
                            format!("your application on {}", day(at))
                        }
                    };
                    let given = match words {
                        Some(words) => format!("they said {words:?}, which names no date"),
                        None => "no decision date given".to_string(),
                    };
                    format!("{given} ({since}); {days} days later")
                }
                FollowUpAfter::Unanswered { sent, days } => format!(
                    "no reply to your follow-up of {}; {days} days later",
                    day(sent)
                ),
                FollowUpAfter::Application { applied, days } => format!(
                    "no answer to your application of {}; {days} days later",
                    day(applied)
                ),
            };
            format!("{after} (follow-up {number} of {of})")
        }
        Reason::MoveOn { follow_ups, last } => format!(
            "{follow_ups} follow-ups unanswered, the last on {}: {MOVE_ON}",
            day(last)
        ),
        Reason::MoveOnAfterWindow { since, closed } => format!(
            "no answer since {}, and the time for a follow-up ended on {}: {MOVE_ON}",
            day(since),
            day(closed)
        ),
        Reason::ReplyGraciously { rejected } => format!(
            "they said no on {}; thank them and leave the door open",
            day(rejected)
        ),
        Reason::StayInTouch { days, since, first } => format!(
            "{days} days since {} on {}; share something useful and say you are still interested",
            if *first { "their no" } else { "your last note" },
            day(since)
        ),
    };
    match &action.folded_thanks {
        Some(FoldedThanks::Interview { interview, to }) => {
            let to = match to.as_slice() {
                [] => "thank-you".to_string(),
                [_] => format!("thank-you to {}", names_and(to)),
                _ => format!("thank-yous to {}", names_and(to)),
            };
            let _ = write!(
                text,
                "; the {to} for the {} expired unsent: thank them in this note",
                held(interview)
            );
        }
        Some(FoldedThanks::Rejection { rejected }) => {
            let _ = write!(
                text,
                "; your reply to their no of {} expired unsent: thank them in this note",
                day(rejected)
            );
        }
        None => {}
    }
    if let Some(until) = &action.snoozed {
        let _ = write!(text, "; snoozed until {}", moment(until, now));
    }
    text
}

/// A number of things: "1 round", "3 rounds", "2 processes".
pub fn count(n: usize, noun: &str) -> String {
    match (n, noun) {
        (1, _) => format!("1 {noun}"),
        (_, "process") => format!("{n} processes"),
        (_, "reply") => format!("{n} replies"),
        _ => format!("{n} {noun}s"),
    }
}

/// A pester warning in words.
pub fn pester<Tz: TimeZone>(warning: &PesterWarning, now: &DateTime<Tz>) -> String {
    let mut text = match &warning.pester {
        Pester::Early { kind, from } => format!(
            "this {kind} was planned from {}: sending it early can read as pestering.",
            moment(from, now)
        ),
        Pester::Often {
            kind,
            previous,
            days,
        } => format!(
            "your previous {kind} went out on {}, less than {days} days ago: more often can read as pestering.",
            moment(previous, now)
        ),
    };
    if let Some((said, stated)) = &warning.stated {
        let _ = write!(
            text,
            " They said {said:?}, which is {}.",
            date(*stated, now)
        );
    }
    text
}

/// When an action can be done, in words.
pub fn window(action: &Action, now: &DateTime<Local>) -> String {
    let from = moment(&action.from, now);
    match (action.status, &action.by) {
        (Status::Upcoming, Some(by)) => format!("from {from} to {}", deadline(by, now)),
        (Status::Upcoming, None) => format!("from {from}"),
        (_, Some(by)) => format!("by {}", deadline(by, now)),
        (_, None) => format!("since {from}"),
    }
}

/// One action as the `due --json` contract has it.
#[derive(Debug, Serialize)]
pub struct ActionJson<'a> {
    /// The action's stable name: its calendar event's UID, the same from run to run.
    pub id: String,
    pub process: u32,
    pub company: &'a str,
    pub role: &'a str,
    pub action: ActionKind,
    pub person: Option<&'a str>,
    pub from: String,
    pub by: Option<String>,
    /// The recommended time before `by`: a thank-you's 24 h mark; null for other actions.
    pub target: Option<String>,
    pub status: Status,
    pub reason: String,
    pub instructions: Option<&'a str>,
    /// The command line that marks it done, ready to paste; `--id` names this action among
    /// others of its kind.
    pub done: String,
}

pub fn rfc3339(at: &Time) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, false)
}

pub fn action_json<'a, Tz: TimeZone>(
    action: &'a Action,
    process: &'a Process,
    now: &DateTime<Tz>,
) -> ActionJson<'a> {
    ActionJson {
        id: crate::exchange::event_uid(process, &action.key),
        process: action.process,
        company: &process.company,
        role: &process.role,
        action: action.kind(),
        person: action.to.as_deref(),
        from: rfc3339(&action.from),
        by: action.by.as_ref().map(rfc3339),
        target: action.target().as_ref().map(rfc3339),
        status: action.status,
        reason: reason(action, now),
        instructions: action.instructions.as_deref(),
        done: format!(
            "{} --id {}",
            done_command(action),
            shell_quote(&crate::exchange::event_uid(process, &action.key))
        ),
    }
}

/// Writes a value as pretty JSON followed by a newline.
pub fn json<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    writeln!(out, "{}", escape_json(text))
}

/// The plan of one process, one action per line with its reason beneath.
pub fn plan(out: &mut dyn Write, actions: &[Action], now: &DateTime<Local>) -> io::Result<()> {
    if actions.is_empty() {
        return writeln!(out, "  nothing planned");
    }
    for action in actions {
        writeln!(
            out,
            "  {:<8} {}, {}",
            action.status.to_string(),
            title(action),
            window(action, now)
        )?;
        details(out, "           ", action, now)?;
    }
    Ok(())
}

/// The lines beneath an action: why it is planned, then the employer's instructions.
pub fn details(
    out: &mut dyn Write,
    indent: &str,
    action: &Action,
    now: &DateTime<Local>,
) -> io::Result<()> {
    writeln!(out, "{indent}{}", clean(&reason(action, now)))?;
    if let Some(instructions) = &action.instructions {
        writeln!(out, "{indent}their instructions: {}", clean(instructions))?;
    }
    Ok(())
}

/// A process in a few words: "#1 Acme · Backend Engineer".
pub fn process_name(process: &Process) -> String {
    format!(
        "#{} {} · {}",
        process.id,
        clean(&process.company),
        clean(&process.role)
    )
}

/// How far an action is, in words: "5 h left", "2 days late", "in 3 days". A due thank-you
/// counts to its recommended time, then to its limit: "2 h to the 24 h mark", then "late for
/// 24 h; 20 h to the 48 h limit".
pub fn relative(action: &Action, now: &DateTime<Local>) -> String {
    let (from, by, now) = (action.from, action.by, now.fixed_offset());
    if let (
        Status::Due,
        Some(by),
        Reason::ThankYou {
            best_within_hours,
            best_by,
            latest_hours,
            ..
        },
    ) = (action.status, by, &action.reason)
    {
        return if now < *best_by {
            format!(
                "{} to the {best_within_hours} h mark",
                span(&now, best_by, &Local)
            )
        } else {
            format!(
                "late for {best_within_hours} h; {} to the {latest_hours} h limit",
                span(&now, &by, &Local)
            )
        };
    }
    match action.status {
        Status::Overdue => format!("{} late", span(&by.unwrap_or(from), &now, &Local)),
        Status::Due => match by {
            Some(by) => format!("{} left", span(&now, &by, &Local)),
            None => "no deadline".to_string(),
        },
        Status::Upcoming => format!("in {}", span(&now, &from, &Local)),
    }
}

/// The time from `start` to `end` in the largest unit that reads well: "40 min", "5 h",
/// "3 days". Days are counted on the local clock, so a clock change in between adds no day.
fn span<Tz: TimeZone>(start: &Time, end: &Time, zone: &Tz) -> String {
    let minutes = (*end - *start).num_minutes().max(0);
    let local = |at: &Time| at.with_timezone(zone).naive_local();
    match minutes {
        0..60 => format!("{} min", minutes.max(1)),
        60..2880 => format!("{} h", minutes / 60),
        _ => format!("{} days", (local(end) - local(start)).num_days()),
    }
}

/// The exact command that marks an action done.
pub fn done_command(action: &Action) -> String {
    let mut command = format!("followup done {} {}", action.process, action.kind());
    if let Some(person) = &action.to {
        command.push_str(" --to ");
        command.push_str(&shell_quote(person));
    }
    command
}

/// The command `due` suggests for an action: the one that does the work (`followup debrief N`
/// writes the debrief), else the one that marks it done. `done N debrief` is still accepted.
pub fn hint_command(action: &Action) -> String {
    match action.kind() {
        ActionKind::Debrief => format!("followup debrief {}", action.process),
        _ => done_command(action),
    }
}

/// Quotes a word for a POSIX shell when it needs it.
pub fn shell_quote(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./@,+".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Colour for the eye, only when asked for: `Paint::new(false)` leaves text as it is.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    on: bool,
}

impl Paint {
    pub fn new(on: bool) -> Paint {
        Paint { on }
    }

    fn paint<'a>(&self, style: Style, text: &'a str) -> Cow<'a, str> {
        if self.on {
            Cow::Owned(format!("{style}{text}{style:#}"))
        } else {
            Cow::Borrowed(text)
        }
    }

    pub fn heading<'a>(&self, status: Status, text: &'a str) -> Cow<'a, str> {
        self.paint(status_color(status).bold(), text)
    }

    pub fn status<'a>(&self, status: Status, text: &'a str) -> Cow<'a, str> {
        self.paint(status_color(status), text)
    }

    pub fn strong<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.paint(Style::new().bold(), text)
    }

    pub fn dim<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.paint(Style::new().dimmed(), text)
    }

    pub fn good<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.paint(AnsiColor::Green.on_default(), text)
    }
}

fn status_color(status: Status) -> Style {
    match status {
        Status::Overdue => AnsiColor::Red,
        Status::Due => AnsiColor::Yellow,
        Status::Upcoming => AnsiColor::Cyan,
    }
    .on_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_text_keeps_its_line_ends_and_tabs_and_loses_escapes() {
        assert_eq!(
            clean_lines("a\tb\u{1b}[31m\r\nc\rd\ne\r"),
            "a\tb\\u{1b}[31m\r\nc\\u{d}d\ne\\u{d}"
        );
        assert_eq!(clean_lines(""), "");
    }

    #[test]
    fn moments_read_as_people_write_them() {
        let t = |text: &str| chrono::DateTime::parse_from_rfc3339(text).unwrap();
        let now = t("2026-11-20T09:00:00+01:00");
        let show = |text: &str, edge| show_time(&t(&format!("{text}+01:00")), &now, edge);
        assert_eq!(show("2026-11-13T14:05:00", Edge::Start), "Fri 13 Nov 14:05");
        assert_eq!(show("2026-11-13T00:00:00", Edge::Start), "Fri 13 Nov");
        assert_eq!(show("2026-11-13T00:00:00", Edge::End), "Fri 13 Nov 00:00");
        assert_eq!(show("2027-01-04T23:59:59", Edge::End), "Mon 4 Jan 2027");
        // In the zone of `now`: 23:30 in Paris is the next day in Tokyo.
        let tokyo = now.with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).unwrap());
        assert_eq!(
            show_time(&t("2026-11-13T23:30:00+01:00"), &tokyo, Edge::Start),
            "Sat 14 Nov 07:30"
        );
        let feb = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
        assert_eq!(date(feb, &now), "Sun 1 Feb");
    }

    #[test]
    fn spans_read_well() {
        let t = |text: &str| chrono::DateTime::parse_from_rfc3339(text).unwrap();
        let start = t("2026-11-20T09:00:00+01:00");
        let after = |minutes| start + chrono::Duration::minutes(minutes);
        let utc = chrono::Utc;
        assert_eq!(span(&start, &after(0), &utc), "1 min");
        assert_eq!(span(&start, &after(59), &utc), "59 min");
        assert_eq!(span(&start, &after(5 * 60 + 10), &utc), "5 h");
        assert_eq!(span(&start, &after(47 * 60), &utc), "47 h");
        assert_eq!(span(&start, &after(49 * 60), &utc), "2 days");
    }

    #[test]
    fn commands_are_quoted_for_the_shell() {
        assert_eq!(shell_quote("jane"), "jane");
        assert_eq!(shell_quote("Jane Doe"), "'Jane Doe'");
        assert_eq!(shell_quote("O'Brien"), "'O'\\''Brien'");
        assert_eq!(shell_quote("$(rm -rf)"), "'$(rm -rf)'");
    }

    #[test]
    fn paint_off_leaves_text_alone_and_on_wraps_it() {
        assert_eq!(
            Paint::new(false).heading(Status::Overdue, "Overdue"),
            "Overdue"
        );
        let on = Paint::new(true).heading(Status::Overdue, "Overdue");
        assert!(
            on.starts_with("\u{1b}[") && on.contains("Overdue") && on.ends_with("\u{1b}[0m"),
            "{on:?}"
        );
    }
}
