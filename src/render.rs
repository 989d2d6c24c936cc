//! Turning plain values into text for people and JSON for programs. Deciding happens elsewhere.

use crate::model::{ActionKind, Process, Time};
use crate::rules::{self, Action, Edge, Status};
use chrono::{DateTime, Datelike, Local, SecondsFormat};
use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};

/// Stored text made safe for a terminal: control characters (escape sequences among them) are
/// shown escaped instead of being passed raw.
pub fn clean(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() || is_bidi_control(c);
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if unsafe_char(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Bidirectional overrides and isolates can make text display in another order than stored.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
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

/// A moment in words, in the local zone: "Sat 21 Nov 14:30"; the start of a day shows as the day
/// alone.
pub fn moment(at: &Time, now: &DateTime<Local>) -> String {
    rules::show_time(&at.with_timezone(&Local), now.year(), Edge::Start)
}

/// A deadline in words: the end of a day shows as the day alone.
pub fn deadline(at: &Time, now: &DateTime<Local>) -> String {
    rules::show_time(&at.with_timezone(&Local), now.year(), Edge::End)
}

/// When an action can be done, in words.
pub fn window(action: &Action, now: &DateTime<Local>) -> String {
    match (action.status, &action.by) {
        (Status::Upcoming, Some(by)) => {
            format!(
                "from {} to {}",
                moment(&action.from, now),
                deadline(by, now)
            )
        }
        (Status::Upcoming, None) => format!("from {}", moment(&action.from, now)),
        (_, Some(by)) => format!("by {}", deadline(by, now)),
        (_, None) => format!("since {}", moment(&action.from, now)),
    }
}

/// One action as the `due --json` contract has it.
#[derive(Debug, Serialize)]
pub struct ActionJson<'a> {
    pub process: u32,
    pub company: &'a str,
    pub role: &'a str,
    pub action: ActionKind,
    pub person: Option<&'a str>,
    pub from: String,
    pub by: Option<String>,
    pub status: Status,
    pub reason: &'a str,
    pub instructions: Option<&'a str>,
}

pub fn rfc3339(at: &Time) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, false)
}

pub fn action_json<'a>(action: &'a Action, process: &'a Process) -> ActionJson<'a> {
    ActionJson {
        process: action.process,
        company: &process.company,
        role: &process.role,
        action: action.kind(),
        person: action.to.as_deref(),
        from: rfc3339(&action.from),
        by: action.by.as_ref().map(rfc3339),
        status: action.status,
        reason: &action.reason,
        instructions: action.instructions.as_deref(),
    }
}

/// Writes a value as pretty JSON followed by a newline.
pub fn json<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
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
        writeln!(out, "           {}", clean(&action.reason))?;
        if let Some(instructions) = &action.instructions {
            writeln!(
                out,
                "           their instructions: {}",
                clean(instructions)
            )?;
        }
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

/// How far an action of this status, open from `from` until `by`, is, in words: "5 h left",
/// "2 days late", "in 3 days".
pub fn relative(status: Status, from: Time, by: Option<Time>, now: &DateTime<Local>) -> String {
    let now = now.fixed_offset();
    match status {
        Status::Overdue => {
            let by = by.unwrap_or(from);
            format!("{} late", span(now - by))
        }
        Status::Due => match by {
            Some(by) => format!("{} left", span(by - now)),
            None => "no deadline".to_string(),
        },
        Status::Upcoming => format!("in {}", span(from - now)),
    }
}

/// A duration in the largest unit that reads well: "40 min", "5 h", "3 days".
fn span(duration: chrono::Duration) -> String {
    let minutes = duration.num_minutes().max(0);
    match minutes {
        0..60 => format!("{} min", minutes.max(1)),
        60..2880 => format!("{} h", minutes / 60),
        _ => {
            let days = minutes / (24 * 60);
            format!("{days} days")
        }
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

/// Quotes a word for a POSIX shell when it needs it.
fn shell_quote(word: &str) -> String {
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

    fn paint<'a>(&self, style: anstyle::Style, text: &'a str) -> Cow<'a, str> {
        if self.on {
            Cow::Owned(format!("{style}{text}{style:#}"))
        } else {
            Cow::Borrowed(text)
        }
    }

    fn color(status: Status) -> anstyle::AnsiColor {
        match status {
            Status::Overdue => anstyle::AnsiColor::Red,
            Status::Due => anstyle::AnsiColor::Yellow,
            Status::Upcoming => anstyle::AnsiColor::Cyan,
        }
    }

    pub fn heading<'a>(&self, status: Status, text: &'a str) -> Cow<'a, str> {
        let style = anstyle::Style::new()
            .bold()
            .fg_color(Some(Self::color(status).into()));
        self.paint(style, text)
    }

    pub fn status<'a>(&self, status: Status, text: &'a str) -> Cow<'a, str> {
        self.paint(
            anstyle::Style::new().fg_color(Some(Self::color(status).into())),
            text,
        )
    }

    pub fn strong<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.paint(anstyle::Style::new().bold(), text)
    }

    pub fn dim<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.paint(anstyle::Style::new().dimmed(), text)
    }

    pub fn good<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.paint(
            anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Green.into())),
            text,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_well() {
        assert_eq!(span(chrono::Duration::seconds(20)), "1 min");
        assert_eq!(span(chrono::Duration::minutes(59)), "59 min");
        assert_eq!(span(chrono::Duration::minutes(5 * 60 + 10)), "5 h");
        assert_eq!(span(chrono::Duration::hours(47)), "47 h");
        assert_eq!(span(chrono::Duration::hours(49)), "2 days");
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
