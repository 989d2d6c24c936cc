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
    match &action.key.person {
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
        person: action.key.person.as_deref(),
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
