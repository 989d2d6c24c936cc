//! The records as a spreadsheet: one CSV row per interview round, written out and read back,
//! from our own exports or from a spreadsheet made by hand.
//!
//! A cell a spreadsheet would run as a formula (one starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) is written with a `'` before it, as OWASP advises, and so is one starting
//! with `'`; reading takes off a `'` followed by one of these, and only that.

use super::Incoming;
use crate::dates;
use crate::dates::DateOrder;
use crate::error::usage;
use crate::model::{Closure, Debrief, Interviewer, Outcome, Process, Reply, Round, Time, Timeline};
use crate::policy::Workweek;
use crate::render;
use crate::store::Data;
use chrono::{DateTime, NaiveDate, TimeZone};
use serde::Deserialize;
use serde::de::value::StrDeserializer;
use serde::de::{DeserializeOwned, IntoDeserializer};
use std::collections::HashMap;

/// Each column's header, in the order written, and the other headers read for it (lowercased,
/// with `_` and `-` as spaces).
const COLUMNS: [(&str, &str); 21] = [
    ("id", "#, process, process id"),
    (
        "company",
        "employer, organization, organisation, company name",
    ),
    ("role", "position, job, job title, title"),
    ("round", "round number, round no"),
    (
        "date",
        "interview date, when, interviewed, interview time, date time, datetime",
    ),
    (
        "label",
        "round label, round type, interview type, type, stage",
    ),
    ("interviewers", "interviewer, with, people, panel"),
    ("timeline", "decision timeline, stated timeline, they said"),
    ("timeline_date", "decision date"),
    ("status", "outcome, result, state"),
    (
        "closed",
        "closed at, closed on, closed date, outcome date, ended, end date",
    ),
    ("replies", "reply, responses"),
    ("instructions", "follow up instructions, how to follow up"),
    ("notes", "note, debrief, debrief notes, comments"),
    ("answers", "how i answered"),
    ("feelings", "impressions"),
    ("want_it", "do i want it, want the job"),
    ("questions", "questions asked"),
    ("highlights", "highlight"),
    ("stumped", "stumped on"),
    ("red_flags", "red flag, concerns"),
];

/// The column a header names.
fn column(header: &str) -> Option<&'static str> {
    let wanted = header
        .to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    COLUMNS
        .iter()
        .find(|(name, aliases)| {
            name.replace('_', " ") == wanted || aliases.split(", ").any(|a| a == wanted)
        })
        .map(|(name, _)| *name)
}

/// One row read, a cell per column (empty for a missing one), trimmed and without the `'` that
/// [`guard`] adds.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Cells {
    id: String,
    company: String,
    role: String,
    round: String,
    date: String,
    label: String,
    interviewers: String,
    timeline: String,
    timeline_date: String,
    status: String,
    closed: String,
    replies: String,
    instructions: String,
    notes: String,
    answers: String,
    feelings: String,
    want_it: String,
    questions: String,
    highlights: String,
    stumped: String,
    red_flags: String,
}

/// Whether a cell starting with `c` is written with a `'` before it.
fn guarded(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r' | '\'')
}

/// A cell as written: one a spreadsheet would take for a formula, or that starts with `'`, has
/// a `'` before it.
fn guard(cell: &str) -> String {
    if cell.starts_with(guarded) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A cell as read: without the `'` that [`guard`] adds.
fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(guarded) => rest,
        _ => cell,
    }
}

/// A spreadsheet and how many rows it holds.
pub struct Sheet {
    pub bytes: Vec<u8>,
    pub rows: usize,
}

/// The records as a spreadsheet: a header, then one row per interview round, processes in the
/// order stored. What belongs to a process (its status, when it closed) is on each of its rows;
/// each reply is on the row of the latest round before it.
pub fn csv(data: &Data) -> Sheet {
    const MEMORY: &str = "writing to memory succeeds";
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(COLUMNS.map(|(name, _)| name))
        .expect(MEMORY);
    let mut rows = 0;
    for row in data.processes.iter().flat_map(process_rows) {
        writer
            .write_record(row.map(|cell| guard(&cell)))
            .expect(MEMORY);
        rows += 1;
    }
    Sheet {
        bytes: writer.into_inner().expect(MEMORY),
        rows,
    }
}

/// A process's rows without its id: what the same rows imported twice have in common.
pub(super) fn rows_without_id(process: &Process) -> Vec<Vec<String>> {
    process_rows(process)
        .into_iter()
        .map(|row| row[1..].to_vec())
        .collect()
}

/// The cells of one process's rows, in [`COLUMNS`] order.
fn process_rows(process: &Process) -> Vec<[String; COLUMNS.len()]> {
    let status = match &process.closed {
        Some(closure) => closure.outcome.to_string(),
        None => "open".to_string(),
    };
    let closed = process.closed.as_ref().map(|c| render::rfc3339(&c.at));
    process
        .rounds
        .iter()
        .zip(replies_by_round(process))
        .enumerate()
        .map(|(index, (round, replies))| {
            let interviewers: Vec<String> =
                round.interviewers.iter().map(|i| i.to_string()).collect();
            let replies: Vec<String> = replies.into_iter().map(reply_text).collect();
            let timeline = round.timeline.as_ref();
            let debrief = &round.debrief;
            [
                process.id.to_string(),
                process.company.clone(),
                process.role.clone(),
                (index + 1).to_string(),
                render::rfc3339(&round.at),
                round.label.clone().unwrap_or_default(),
                join_list(&interviewers),
                timeline.map(|t| t.text.clone()).unwrap_or_default(),
                timeline
                    .and_then(|t| t.date)
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                status.clone(),
                closed.clone().unwrap_or_default(),
                replies.join("; "),
                round.instructions.clone().unwrap_or_default(),
                debrief.notes.clone(),
                debrief.answers.clone(),
                debrief.feelings.clone(),
                debrief.want_it.clone(),
                join_list(&debrief.questions),
                join_list(&debrief.highlights),
                join_list(&debrief.stumped),
                join_list(&debrief.red_flags),
            ]
        })
        .collect()
}

/// Each round's replies, in the order stored: a reply goes with the latest round at or before it
/// (a reply before every round goes with the earliest).
fn replies_by_round(process: &Process) -> Vec<Vec<&Reply>> {
    let mut groups: Vec<Vec<&Reply>> = vec![Vec::new(); process.rounds.len()];
    let rounds = || process.rounds.iter().enumerate();
    for reply in &process.replies {
        let before = rounds()
            .filter(|(_, round)| round.at <= reply.at)
            .max_by_key(|(index, round)| (round.at, *index));
        let earliest = || rounds().min_by_key(|(index, round)| (round.at, *index));
        if let Some((index, _)) = before.or_else(earliest) {
            groups[index].push(reply);
        }
    }
    groups
}

/// Items joined by `; `. An item that holds `;` or `"`, is empty, or starts or ends with a space
/// is written as a JSON string, so that it reads back as it is.
fn join_list<S: AsRef<str>>(items: &[S]) -> String {
    let needs_quotes = |item: &str| {
        let quotes = item.matches('"').count();
        item.is_empty()
            || item.trim() != item
            || item.contains(';')
            || (quotes > 0 && (quotes % 2 == 1 || item.contains('\\') || item.starts_with('"')))
    };
    items
        .iter()
        .map(|item| match item.as_ref() {
            item if needs_quotes(item) => json_string(item),
            item => item.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

/// Splits a cell on the `;` outside double quotes. Inside quotes a backslash escapes the next
/// character, as in JSON.
fn split_list(text: &str) -> Result<Vec<&str>, String> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                items.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if quoted {
        return Err(format!(
            "a double quote is not closed in {text:?}: write a text that holds \";\" or '\"' as a JSON string, such as \"a; b\""
        ));
    }
    items.push(&text[start..]);
    Ok(items)
}

/// The items of a list cell: separated by `;`, trimmed, empty ones dropped; an item written as a
/// JSON string is taken as it is.
fn read_list(text: &str) -> Result<Vec<String>, String> {
    Ok(split_list(text)?
        .into_iter()
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| serde_json::from_str(item).unwrap_or_else(|_| item.to_string()))
        .collect())
}

/// A reply in words: `update 2026-11-25T10:00:00+01:00 timeline="by December 4"
/// timeline_date=2026-12-04 note="still interviewing"`.
fn reply_text(reply: &Reply) -> String {
    let mut text = format!("{} {}", reply.kind, render::rfc3339(&reply.at));
    if let Some(timeline) = &reply.timeline {
        text.push_str(&format!(" timeline={}", json_string(&timeline.text)));
        if let Some(date) = timeline.date {
            text.push_str(&format!(" timeline_date={}", date.format("%Y-%m-%d")));
        }
    }
    if let Some(next) = &reply.next_interview {
        text.push_str(&format!(" next_interview={}", render::rfc3339(next)));
    }
    if let Some(note) = &reply.note {
        text.push_str(&format!(" note={}", json_string(note)));
    }
    text
}

const REPLY_FORM: &str = "write KIND DATE [timeline=\"...\"] [next_interview=DATE] [note=\"...\"], \
     such as: update 2026-11-25 note=\"still interviewing\"";

/// Reads a reply written as [`reply_text`] writes it. The date may be anything [`dates::parse_when`]
/// reads, spaces included (`offer 2026-11-25 14:30 note="50k"`).
fn read_reply<Tz: TimeZone>(
    text: &str,
    now: &DateTime<Tz>,
    week: Workweek<'_>,
    order: Option<DateOrder>,
) -> Result<Reply, String> {
    let mut words = Vec::new();
    let mut pairs = Vec::new();
    for token in reply_tokens(text)? {
        match token {
            (word, None) if pairs.is_empty() => words.push(word),
            (word, None) => {
                return Err(format!(
                    "reply {text:?}: {word:?} comes after key=value: {REPLY_FORM}"
                ));
            }
            (key, Some(value)) => pairs.push((key, value)),
        }
    }
    let Some((kind, when)) = words.split_first() else {
        return Err(format!("empty reply: {REPLY_FORM}"));
    };
    let kind = by_name(&kind.to_lowercase().replace('_', "-")).ok_or_else(|| {
        format!(
            "unknown reply kind {kind:?}: use update, next-round, offer, rejection or request; {REPLY_FORM}"
        )
    })?;
    if when.is_empty() {
        return Err(format!("reply {text:?} has no date: {REPLY_FORM}"));
    }
    let at = read_when(&when.join(" "), now, order)?;
    let (mut note, mut timeline, mut timeline_date, mut next_interview) = (None, None, None, None);
    for (key, value) in pairs {
        match key.to_lowercase().replace('-', "_").as_str() {
            "note" => note = Some(value),
            "timeline" => timeline = Some(value),
            "timeline_date" => timeline_date = Some(value),
            "next_interview" | "next" => next_interview = Some(read_when(&value, now, order)?),
            _ => {
                return Err(format!(
                    "reply {text:?}: unknown key {key:?}: use timeline, timeline_date, next_interview or note"
                ));
            }
        }
    }
    Ok(Reply {
        from: None,
        uid: Default::default(),
        at,
        kind,
        note,
        timeline: read_timeline(
            timeline.as_deref(),
            timeline_date.as_deref(),
            &at,
            week,
            order,
        )?,
        next_interview,
    })
}

/// The variant of a kebab-case serde enum (`next-round`, `no-response`) named `name`: the names
/// the store uses and the records show.
fn by_name<T: DeserializeOwned>(name: &str) -> Option<T> {
    let name: StrDeserializer<'_, serde::de::value::Error> = name.into_deserializer();
    T::deserialize(name).ok()
}

/// Splits a reply into words and `key=value` pairs; a value (or a word) may be a JSON string.
fn reply_tokens(text: &str) -> Result<Vec<(String, Option<String>)>, String> {
    let mut tokens = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        if rest.starts_with('"') {
            let (value, after) = json_prefix(rest, text)?;
            tokens.push((value, None));
            rest = after.trim_start();
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '"')
            .unwrap_or(rest.len());
        let (word, mut after) = rest.split_at(end);
        if let Some(value) = after.strip_prefix('=')
            && !word.is_empty()
        {
            let value = if value.starts_with('"') {
                let (value, tail) = json_prefix(value, text)?;
                after = tail;
                value
            } else {
                let end = value.find(char::is_whitespace).unwrap_or(value.len());
                after = &value[end..];
                value[..end].to_string()
            };
            tokens.push((word.to_string(), Some(value)));
        } else if after.starts_with(['"', '=']) {
            return Err(format!(
                "reply {text:?}: unexpected {:?} after {word:?}: {REPLY_FORM}",
                &after[..1]
            ));
        } else {
            tokens.push((word.to_string(), None));
        }
        rest = after.trim_start();
    }
    Ok(tokens)
}

/// Reads the JSON string `text` starts with; returns it and what follows.
fn json_prefix<'a>(text: &'a str, whole: &str) -> Result<(String, &'a str), String> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<String>();
    match stream.next() {
        Some(Ok(value)) => Ok((value, &text[stream.byte_offset()..])),
        Some(Err(err)) if !err.is_eof() => {
            Err(format!("{whole:?}: not a valid quoted text: {err}"))
        }
        _ => Err(format!("a double quote is not closed in {whole:?}")),
    }
}

/// Reads a date against `now`, refusing dates more than a hundred years away.
fn read_when<Tz: TimeZone>(
    text: &str,
    now: &DateTime<Tz>,
    order: Option<DateOrder>,
) -> Result<Time, String> {
    let at = dates::parse_when_in(text, now, order).map_err(|err| err.to_string())?;
    if dates::too_far(&at, now) {
        return Err(format!(
            "date {text:?} is {}, too far from today: give a date within a hundred years",
            at.format("%Y-%m-%d")
        ));
    }
    Ok(at)
}

/// An employer's timeline from its words and, if given, its date (`2026-12-04`, or anything a
/// timeline may be, read against `given`); without a date, the words are read against `given`.
/// Business days and weeks are `week`'s.
fn read_timeline(
    text: Option<&str>,
    date: Option<&str>,
    given: &Time,
    week: Workweek<'_>,
    order: Option<DateOrder>,
) -> Result<Option<Timeline>, String> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    let Some(words) = text.or(date.map(str::trim).filter(|d| !d.is_empty())) else {
        return Ok(None);
    };
    let date = date.map(str::trim).filter(|d| !d.is_empty());
    let resolve =
        |text| dates::parse_timeline_in(text, given, week, order).map_err(|err| err.to_string());
    let date = match date {
        None => resolve(words)?,
        Some(date) => match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => resolve(date)?,
        },
    };
    Ok(Some(Timeline {
        text: words.to_string(),
        date,
    }))
}

fn read_outcome(text: &str) -> Result<Option<Outcome>, String> {
    let wanted = text
        .to_lowercase()
        .split(['_', ' ', '-'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if matches!(
        wanted.as_str(),
        "" | "open" | "active" | "in-progress" | "interviewing" | "pending" | "waiting"
    ) {
        return Ok(None);
    }
    by_name(&wanted).map(Some).ok_or_else(|| {
        format!(
            "unknown status {text:?}: use open, accepted, declined, withdrawn, no-response or rejected"
        )
    })
}

/// One row read.
struct Row {
    line: u64,
    id: Option<u32>,
    company: String,
    role: String,
    number: Option<u32>,
    round: Round,
    outcome: Option<Outcome>,
    closed: Option<Time>,
    replies: Vec<Reply>,
}

/// The line a record starts on, from its offset, which may fall on the line break before it;
/// `feeds` are where the file's line feeds are. (The csv crate's own line count is off after
/// CRLF endings and blank lines.)
fn line_at(bytes: &[u8], feeds: &[usize], offset: u64) -> u64 {
    let mut start = usize::try_from(offset).map_or(bytes.len(), |o| o.min(bytes.len()));
    while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
        start += 1;
    }
    1 + feeds.partition_point(|feed| *feed < start) as u64
}

/// A bad row: its line and what is wrong.
type Bad = (u64, String);

/// Reads a spreadsheet: a header naming at least company, role and date columns (in any case,
/// with aliases such as "position" or "interview date"), then one row per interview. Rows with
/// the same id, or without ids the same company and role (in any case), are the rounds of one
/// process. Every bad row is an error that names its line; none is skipped. Stated timelines
/// count business days and weeks with `week`, the user's working week.
pub fn read_csv<Tz: TimeZone>(
    bytes: &[u8],
    now: &DateTime<Tz>,
    week: Workweek<'_>,
    order: Option<DateOrder>,
) -> anyhow::Result<Incoming> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(bytes))
        .flexible(true)
        .from_reader(bytes);
    let failed = |err: csv::Error, line: u64| match err.kind() {
        csv::ErrorKind::Utf8 { .. } => usage(format!(
            "line {line}: not UTF-8 text: save the spreadsheet as \"CSV UTF-8\""
        )),
        _ => usage(format!("could not read the spreadsheet: {err}")),
    };
    let headers = reader.headers().map_err(|err| failed(err, 1))?.clone();
    // The headers as the columns they name; those of no column are empty, and not read.
    let mut columns = csv::StringRecord::new();
    let mut ignored_columns = Vec::new();
    for header in &headers {
        let name = column(header);
        if let Some(name) = name
            && let Some(first) = columns.iter().position(|c| c == name)
        {
            return Err(usage(format!(
                "columns {:?} and {header:?} both give the {name}: keep one",
                &headers[first]
            )));
        }
        if name.is_none() && !header.trim().is_empty() {
            ignored_columns.push(header.trim().to_string());
        }
        columns.push_field(name.unwrap_or(""));
    }
    let has = |name: &str| columns.iter().any(|c| c == name);
    let missing: Vec<&str> = ["company", "role", "date"]
        .into_iter()
        .filter(|name| !has(name))
        .collect();
    if !missing.is_empty() {
        let mut found: Vec<String> = headers
            .iter()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(|h| format!("{h:?}"))
            .collect();
        if found.is_empty() {
            found.push("none".into());
        }
        return Err(usage(format!(
            "missing column{}: {} (a spreadsheet needs company, role and date columns; found {})",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            found.join(", ")
        )));
    }

    let feeds: Vec<usize> = (0..bytes.len()).filter(|i| bytes[*i] == b'\n').collect();
    let line_of =
        |position: Option<&csv::Position>| position.map_or(0, |p| line_at(bytes, &feeds, p.byte()));
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| {
            let line = line_of(err.position());
            failed(err, line)
        })?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = line_of(record.position());
        let cells: csv::StringRecord = (0..columns.len())
            .map(|i| unguard(record.get(i).unwrap_or("").trim()))
            .collect();
        let cells: Cells = cells
            .deserialize(Some(&columns))
            .expect("every cell is text");
        match read_row(&cells, has("label"), now, week, order) {
            Ok(row) => rows.push(Row { line, ..row }),
            Err(message) => bad.push((line, message)),
        }
    }
    let processes = group(rows, now, &mut bad);
    if let Some((line, message)) = bad.first() {
        let more = match &bad[1..] {
            [] => String::new(),
            rest => {
                let s = if rest.len() == 1 { "" } else { "s" };
                let lines: Vec<String> = rest.iter().map(|(line, _)| line.to_string()).collect();
                format!(
                    " (and {} more bad row{s}: line{s} {})",
                    rest.len(),
                    lines.join(", ")
                )
            }
        };
        return Err(usage(format!(
            "line {line}: {message}{more}; nothing was imported"
        )));
    }
    Ok(Incoming {
        processes,
        ignored_columns,
        next_id: None,
    })
}

/// The separator of a spreadsheet: the most frequent of `,`, `;` and tab outside quotes on its
/// first line (spreadsheets in some languages write `;`).
fn delimiter(bytes: &[u8]) -> u8 {
    let mut quoted = false;
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    for &b in bytes {
        quoted ^= b == b'"';
        if !quoted && matches!(b, b'\n' | b'\r') {
            break;
        }
        for (sep, count) in &mut counts {
            *count += usize::from(!quoted && b == *sep);
        }
    }
    counts
        .iter()
        .rev()
        .max_by_key(|(_, count)| *count)
        .filter(|(_, count)| *count > 0)
        .map_or(b',', |(sep, _)| *sep)
}

/// Reads one row's cells.
fn read_row<Tz: TimeZone>(
    cells: &Cells,
    has_label: bool,
    now: &DateTime<Tz>,
    week: Workweek<'_>,
    order: Option<DateOrder>,
) -> Result<Row, String> {
    let optional = |text: &str| Some(text.to_string()).filter(|t| !t.is_empty());
    let required = |name: &str, text: &str| {
        optional(text)
            .ok_or_else(|| format!("no {name}: each row needs a company, a role and a date"))
    };
    let company = required("company", &cells.company)?;
    let role = required("role", &cells.role)?;
    let at = read_when(&required("date", &cells.date)?, now, order)?;
    let id = match cells.id.as_str() {
        "" => None,
        id => Some(
            id.trim_start_matches('#')
                .parse::<u32>()
                .ok()
                .filter(|id| *id > 0)
                .ok_or_else(|| {
                    format!("id {id:?} is not a process id: give a whole number such as 3, or leave it empty")
                })?,
        ),
    };
    let mut label = optional(&cells.label);
    let number = match cells.round.as_str() {
        "" => None,
        round => match round.parse::<u32>() {
            Ok(n) if n > 0 => Some(n),
            _ if !has_label && round.parse::<i64>().is_err() => {
                // A round column of words, with no label column, is the label.
                label = Some(round.to_string());
                None
            }
            _ => {
                return Err(format!(
                    "round {round:?} is not a round number: give 1, 2, 3... or leave it empty"
                ));
            }
        },
    };
    let list = |name: &str, text: &str| read_list(text).map_err(|err| format!("{name}: {err}"));
    let interviewers = list("interviewers", &cells.interviewers)?
        .iter()
        .map(|text| Interviewer::parse(text))
        .collect::<Result<Vec<_>, String>>()?;
    let timeline = read_timeline(
        Some(&cells.timeline),
        Some(&cells.timeline_date),
        &at,
        week,
        order,
    )?;
    let outcome = read_outcome(&cells.status)?;
    let closed = match optional(&cells.closed) {
        None => None,
        Some(closed) if outcome.is_none() => {
            return Err(format!(
                "closed {closed:?} but the status is open: give the status it closed with (accepted, declined, withdrawn, no-response, rejected)"
            ));
        }
        Some(closed) => Some(read_when(&closed, now, order)?),
    };
    let replies = split_list(&cells.replies)
        .and_then(|replies| {
            replies
                .into_iter()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(|r| read_reply(r, now, week, order))
                .collect()
        })
        .map_err(|err| format!("replies: {err}"))?;
    let round = Round {
        cancelled: false,
        uid: Default::default(),
        at,
        label,
        interviewers,
        timeline,
        instructions: optional(&cells.instructions),
        debrief: Debrief {
            notes: cells.notes.clone(),
            questions: list("questions", &cells.questions)?,
            highlights: list("highlights", &cells.highlights)?,
            stumped: list("stumped", &cells.stumped)?,
            red_flags: list("red_flags", &cells.red_flags)?,
            answers: cells.answers.clone(),
            feelings: cells.feelings.clone(),
            want_it: cells.want_it.clone(),
        },
    };
    super::check_round(&round, now)?;
    Ok(Row {
        line: 0,
        id,
        company,
        role,
        number,
        round,
        outcome,
        closed,
        replies,
    })
}

/// Gathers rows into processes, in the order they first appear.
fn group<Tz: TimeZone>(
    rows: Vec<Row>,
    now: &DateTime<Tz>,
    bad: &mut Vec<Bad>,
) -> Vec<(Option<u32>, Process)> {
    let mut processes: Vec<Vec<Row>> = Vec::new();
    // By id, or without one (ids are never 0) by company and role in any case.
    let mut index: HashMap<(u32, (String, String)), usize> = HashMap::new();
    let names = |row: &Row| (row.company.to_lowercase(), row.role.to_lowercase());
    for row in rows {
        let key = match row.id {
            Some(id) => (id, Default::default()),
            None => (0, names(&row)),
        };
        match index.get(&key) {
            Some(&i) if row.id.is_some() && names(&processes[i][0]) != names(&row) => {
                let first = &processes[i][0];
                bad.push((
                    row.line,
                    format!(
                        "id {} is {} ({}) on line {}, not {} ({}): give each process its own id",
                        key.0, first.company, first.role, first.line, row.company, row.role
                    ),
                ));
            }
            Some(&i) => processes[i].push(row),
            None => {
                index.insert(key, processes.len());
                processes.push(vec![row]);
            }
        }
    }
    processes
        .into_iter()
        .filter_map(|rows| build_process(rows, now, bad))
        .collect()
}

fn build_process<Tz: TimeZone>(
    mut rows: Vec<Row>,
    now: &DateTime<Tz>,
    bad: &mut Vec<Bad>,
) -> Option<(Option<u32>, Process)> {
    // The names as the first row has them.
    let (id, company, role) = (rows[0].id, rows[0].company.clone(), rows[0].role.clone());
    let name = format!("{company} ({role})");
    // Rounds by their number when every row has one, else by date.
    if rows.iter().all(|r| r.number.is_some()) {
        rows.sort_by_key(|r| r.number);
        if let Some(pair) = rows
            .windows(2)
            .find(|pair| pair[0].number == pair[1].number)
        {
            let message = format!(
                "round {} of {name} is also on line {}",
                pair[1].number.unwrap_or_default(),
                pair[0].line
            );
            bad.push((pair[1].line, message));
            return None;
        }
    } else {
        rows.sort_by_key(|r| r.round.at);
    }
    // The first row with a status gives it; a date may come from a later row.
    let mut closure: Option<(u64, Outcome, Option<Time>)> = None;
    for row in &rows {
        let Some(outcome) = row.outcome else { continue };
        let Some((line, first, closed)) = closure else {
            closure = Some((row.line, outcome, row.closed));
            continue;
        };
        if first != outcome || (row.closed.is_some() && closed.is_some() && closed != row.closed) {
            let said = |o: Outcome, c: Option<Time>| match c {
                Some(at) => format!("{o} on {}", render::rfc3339(&at)),
                None => o.to_string(),
            };
            let message = format!(
                "{name} is {} here but {} on line {line}",
                said(outcome, row.closed),
                said(first, closed)
            );
            bad.push((row.line, message));
            return None;
        }
        closure = Some((line, first, closed.or(row.closed)));
    }
    let (rounds, replies): (Vec<Round>, Vec<Vec<Reply>>) =
        rows.into_iter().map(|row| (row.round, row.replies)).unzip();
    let replies = replies.concat();
    // Without a date, it closed with the last thing recorded.
    let last = rounds
        .iter()
        .map(|r| r.at)
        .chain(replies.iter().map(|r| r.at))
        .max();
    let closed = closure.map(|(_, outcome, closed)| Closure {
        outcome,
        at: closed
            .or(last)
            .expect("a process read from rows has a round"),
    });
    let process = Process {
        applied: None,
        link: None,
        contact: None,
        external_ref: None,
        uid: Default::default(),
        id: id.unwrap_or(0),
        company,
        role,
        created: now.fixed_offset(),
        rounds,
        replies,
        marks: Vec::new(),
        closed,
    };
    Some((id, process))
}

#[cfg(test)]
mod tests {
    use super::super::tests::fixtures::*;
    use super::super::{Same, merge};
    use super::*;
    use crate::model::ReplyKind;

    #[test]
    fn bad_rows_are_named_by_their_real_line() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-20T09:00:00+01:00").unwrap();
        for text in [
            "Company,Position,Interview date\r\nAcme,Dev,2026-11-02\r\nBeta,Dev,bad\r\n",
            "Company,Position,Interview date\nAcme,Dev,2026-11-02\n\nBeta,Dev,bad\n",
        ] {
            let err = read_csv(text.as_bytes(), &now, MON_FRI, None)
                .unwrap_err()
                .to_string();
            let expected = if text.contains('\r') {
                "line 3:"
            } else {
                "line 4:"
            };
            assert!(err.starts_with(expected), "{text:?}: {err}");
        }
        let line = |bytes: &[u8], offset| {
            let feeds: Vec<usize> = (0..bytes.len()).filter(|i| bytes[*i] == b'\n').collect();
            line_at(bytes, &feeds, offset)
        };
        assert_eq!(line(b"a\nb\n", 2), 2);
        assert_eq!(line(b"a\r\nb", 1), 2);
        assert_eq!(
            [0, 1, 2, 6, 8, 9, 99].map(|offset| line(b"a\n\nb\r\nc\nd", offset)),
            [1, 3, 3, 4, 5, 5, 5]
        );
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_guarded_and_read_back() {
        for (cell, written) in [
            ("=1+2", "'=1+2"),
            ("+33 1 23", "'+33 1 23"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=1+2", "''=1+2"),
            ("'", "''"),
            ("'tis", "''tis"),
            ("a=1", "a=1"),
            ("", ""),
        ] {
            assert_eq!(guard(cell), written);
            assert_eq!(unguard(written), cell);
        }
        // A `'` typed in a spreadsheet before anything else stays.
        assert_eq!(unguard("'tis"), "'tis");
    }

    #[test]
    fn lists_keep_odd_items_whole() {
        let items = [
            "plain",
            "a; b",
            "the \"caching\" design",
            "6\" screen",
            "\"quoted\"",
            " padded ",
            "",
            "back\\slash \"x\"",
            "two\nlines",
        ];
        let joined = join_list(&items);
        assert!(joined.starts_with("plain; \"a; b\"; the \"caching\" design; "));
        assert_eq!(read_list(&joined).unwrap(), items);
        assert_eq!(
            read_list(" a ;b;; c").unwrap(),
            ["a", "b", "c"],
            "hand-written lists are trimmed"
        );
        assert!(read_list("a \"b; c").unwrap_err().contains("not closed"));
    }

    #[test]
    fn replies_read_back() {
        let reply = Reply {
            from: None,
            uid: Default::default(),
            at: t("2026-11-25T10:00:00+01:00"),
            kind: ReplyKind::Update,
            note: Some("still \"interviewing\"; call Sam".into()),
            timeline: Some(Timeline {
                text: "by December 4".into(),
                date: Some(NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()),
            }),
            next_interview: None,
        };
        let text = reply_text(&reply);
        assert_eq!(
            text,
            r#"update 2026-11-25T10:00:00+01:00 timeline="by December 4" timeline_date=2026-12-04 note="still \"interviewing\"; call Sam""#
        );
        assert_eq!(read_reply(&text, &now(), MON_FRI, None).unwrap(), reply);
        // By hand: a date with a space, a bare value, a timeline read against the reply.
        let hand = read_reply(
            "Next_Round 2026-11-25 14:30 next=2026-12-01",
            &now(),
            MON_FRI,
            None,
        )
        .unwrap();
        assert_eq!(hand.kind, ReplyKind::NextRound);
        assert_eq!(hand.at, t("2026-11-25T14:30:00+01:00"));
        assert_eq!(hand.next_interview, Some(t("2026-12-01T00:00:00+01:00")));
        let offer = read_reply(
            "offer 2026-11-25 timeline=\"two weeks\"",
            &now(),
            MON_FRI,
            None,
        )
        .unwrap();
        assert_eq!(
            offer.timeline.unwrap().date,
            NaiveDate::from_ymd_opt(2026, 12, 9)
        );
        for (bad, says) in [
            ("maybe 2026-11-25", "unknown reply kind"),
            ("update", "has no date"),
            ("update fridy", "could not read date \"fridy\""),
            ("update 2026-11-25 mood=good", "unknown key"),
            ("update 2026-11-25 note=\"open", "not closed"),
            (
                "update 2026-11-25 note=\"a\\qb\"",
                "not a valid quoted text",
            ),
            ("update 2026-11-25 note=x later", "comes after"),
        ] {
            let err = read_reply(bad, &now(), MON_FRI, None).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    fn import(text: &str) -> anyhow::Result<Vec<Process>> {
        let incoming = read_csv(text.as_bytes(), &now(), MON_FRI, None)?;
        let mut d = Data::default();
        merge(&mut d, incoming, Same::Rows).unwrap();
        Ok(d.processes)
    }

    fn message(result: anyhow::Result<Vec<Process>>) -> String {
        format!("{:#}", result.unwrap_err())
    }

    #[test]
    fn a_hand_made_spreadsheet_is_read_with_aliases() {
        let processes = import(
            "\u{feff}Company;Position;Interview Date;Round;Interviewers;Outcome;Salary\n\
             Acme;Backend;2026-11-12 10:00;onsite;Jane Doe <jane@acme.test>, CTO; \n\
             Beta;SRE;2026-11-01;;;no response;\n\
             ACME;backend;2026-11-10;phone screen;\"Bob; Ann\";;50k\n",
        )
        .unwrap();
        assert_eq!(processes.len(), 2);
        let acme = &processes[0];
        assert_eq!((acme.id, acme.company.as_str()), (1, "Acme"));
        assert_eq!(acme.rounds.len(), 2);
        assert_eq!(acme.rounds[0].at, t("2026-11-10T00:00:00+01:00"), "by date");
        assert_eq!(acme.rounds[0].label.as_deref(), Some("phone screen"));
        let names: Vec<&str> = acme.rounds[0]
            .interviewers
            .iter()
            .map(|i| i.name.as_str())
            .collect();
        assert_eq!(names, ["Bob", "Ann"]);
        assert_eq!(
            acme.rounds[1].interviewers[0].email.as_deref(),
            Some("jane@acme.test")
        );
        let beta = &processes[1];
        let closed = beta.closed.as_ref().unwrap();
        assert_eq!(closed.outcome, Outcome::NoResponse);
        assert_eq!(closed.at, t("2026-11-01T00:00:00+01:00"), "the last event");
        let incoming = read_csv(b"company,role,date,salary\n", &now(), MON_FRI, None).unwrap();
        assert_eq!(incoming.ignored_columns, ["salary"]);
    }

    #[test]
    fn imported_timelines_count_the_users_business_days() {
        // an interview on wednesday 25 november, a reply on thursday 26
        let text = "company,role,date,timeline,replies\n\
                    Acme,Dev,2026-11-25 10:00,2 business days,\
                    \"update 2026-11-26 timeline=\"\"1 business day\"\"\"\n";
        let stated = |week| {
            let later = t("2026-11-30T09:00:00+01:00");
            let incoming = read_csv(text.as_bytes(), &later, week, None).unwrap();
            let process = &incoming.processes[0].1;
            let date =
                |timeline: &Option<Timeline>| timeline.as_ref().unwrap().date.unwrap().to_string();
            [
                date(&process.rounds[0].timeline),
                date(&process.replies[0].timeline),
            ]
        };
        // monday to friday: thursday and friday; friday
        assert_eq!(stated(MON_FRI), ["2026-11-27", "2026-11-27"]);
        // sunday to thursday: thursday and sunday; sunday
        let sun_thu = [
            chrono::Weekday::Sun,
            chrono::Weekday::Mon,
            chrono::Weekday::Tue,
            chrono::Weekday::Wed,
            chrono::Weekday::Thu,
        ];
        let week = Workweek {
            working_days: &sun_thu,
            holidays: &[],
        };
        assert_eq!(stated(week), ["2026-11-29", "2026-11-29"]);
    }

    #[test]
    fn bad_rows_are_named_by_line() {
        let err = message(import(
            "company,role,date,notes\n\
             Acme,Backend,2026-11-10,\"two\nlines\"\n\
             Acme,Backend,2026-11-12,\n\
             Beta,SRE,fridy,\n\
             ,SRE,2026-11-12,\n",
        ));
        assert!(
            err.starts_with("line 5: could not read date \"fridy\": did you mean \"friday\"? use "),
            "{err}"
        );
        assert!(err.contains("(and 1 more bad row: line 6)"), "{err}");
        for (text, says) in [
            ("company,role,date\nAcme,,2026-11-10\n", "line 2: no role"),
            (
                "company,role,date,timeline\nAcme,Dev,2026-11-10,someday\n",
                "line 2: could not read timeline \"someday\"",
            ),
            (
                "company,role,date,status\nAcme,Dev,2026-11-10,hired\n",
                "line 2: unknown status \"hired\"",
            ),
            (
                "company,role,date,interviewers\nAcme,Dev,2026-11-10,<x@y.test>\n",
                "line 2: interviewer \"<x@y.test>\" has no name",
            ),
            (
                "company,role,date,status\nAcme,Dev,2026-11-10,accepted\nAcme,Dev,2026-11-12,declined\n",
                "line 3: Acme (Dev) is declined here but accepted on line 2",
            ),
            (
                "id,company,role,date\n1,Acme,Dev,2026-11-10\n1,Beta,Dev,2026-11-12\n",
                "line 3: id 1 is Acme (Dev) on line 2, not Beta (Dev)",
            ),
            (
                "company,role,date,round\nAcme,Dev,2026-11-10,1\nAcme,Dev,2026-11-12,1\n",
                "line 3: round 1 of Acme (Dev) is also on line 2",
            ),
            (
                "company,role,date\nAcme,Dev,2226-11-10\n",
                "line 2: date \"2226-11-10\" is 2226-11-10, too far from today",
            ),
            (
                "company,role,date,closed\nAcme,Dev,2026-11-10,2026-11-12\n",
                "line 2: closed \"2026-11-12\" but the status is open",
            ),
            (
                "name,when\nAcme,2026-11-10\n",
                "missing columns: company, role",
            ),
            ("", "missing columns: company, role, date"),
            (
                "company,role,position,date\n",
                "columns \"role\" and \"position\" both give the role",
            ),
        ] {
            let err = message(import(text));
            assert!(err.contains(says), "{text:?}: {err}");
        }
        let err = message(import("company,role,date\nAcme,Dev,\u{0}\n").map(|_| vec![]));
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn a_spreadsheet_not_in_utf8_is_refused_with_its_line() {
        let err = format!(
            "{:#}",
            read_csv(
                b"company,role,date\nSoci\xe9t\xe9,Dev,2026-11-10\n",
                &now(),
                MON_FRI,
                None
            )
            .unwrap_err()
        );
        assert!(err.contains("line 2: not UTF-8"), "{err}");
    }

    #[test]
    fn delimiter_is_guessed_from_the_header() {
        assert_eq!(delimiter(b"a,b,c\n1;2;3;4;5"), b',');
        assert_eq!(delimiter(b"a;b;\"c,d,e\"\n"), b';');
        assert_eq!(delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(delimiter(b"company"), b',');
    }

    mod round_trip {
        use super::*;
        use crate::store::VERSION;
        use chrono::{Duration, FixedOffset};
        use proptest::prelude::*;

        /// Whole seconds within fifty years of now, in any offset.
        fn time() -> impl Strategy<Value = Time> {
            (0i64..3_155_760_000, -14 * 4..=14 * 4).prop_map(|(secs, quarters)| {
                FixedOffset::east_opt(quarters * 900)
                    .unwrap()
                    .timestamp_opt(secs + 205_000_000, 0)
                    .unwrap()
            })
        }

        /// Whole seconds from fifty years before now to now: when an interview may have been.
        fn past() -> impl Strategy<Value = Time> {
            (205_000_000..=now().timestamp(), -14 * 4..=14 * 4).prop_map(|(secs, quarters)| {
                FixedOffset::east_opt(quarters * 900)
                    .unwrap()
                    .timestamp_opt(secs, 0)
                    .unwrap()
            })
        }

        fn date() -> impl Strategy<Value = NaiveDate> {
            (0i64..60_000)
                .prop_map(|d| NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + Duration::days(d))
        }

        /// Text as commands store it: trimmed; some starts as a formula would.
        fn text() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<String>(),
                "[a-zA-Z ;,\"\\\\\n\té😀<>@]{0,24}",
                "[=+@'-][a-z =+@'-]{0,6}",
            ]
            .prop_map(|s| s.trim().to_string())
        }

        fn some_text() -> impl Strategy<Value = String> {
            text().prop_filter("not empty", |s| !s.is_empty())
        }

        /// Text for a cell of its own, which may also start with a tab or a carriage return.
        fn cell_text() -> impl Strategy<Value = String> {
            prop_oneof![text(), "[\t\r]['=a-z]{0,4}[a-z]"]
        }

        fn some_cell_text() -> impl Strategy<Value = String> {
            prop_oneof![some_text(), "[\t\r]['=a-z]{0,4}[a-z]"]
        }

        fn texts() -> impl Strategy<Value = Vec<String>> {
            prop::collection::vec(some_text(), 0..3)
        }

        fn timeline() -> impl Strategy<Value = Option<Timeline>> {
            prop::option::of((some_text(), date()).prop_map(|(text, date)| Timeline {
                text,
                date: Some(date),
            }))
        }

        fn interviewer() -> impl Strategy<Value = Interviewer> {
            (
                "[A-Za-zé][A-Za-z .'é;\"-]{0,8}[a-z]",
                prop::option::of("[a-z]{1,5}@[a-z]{1,5}\\.test"),
                prop::option::of("[A-Za-z][A-Za-z ,;\"&]{0,10}[a-z]"),
            )
                .prop_map(|(name, email, title)| Interviewer {
                    uid: Default::default(),
                    name,
                    email,
                    title,
                })
        }

        fn round() -> impl Strategy<Value = Round> {
            (
                past(),
                prop::option::of(some_cell_text()),
                prop::collection::vec(interviewer(), 0..3),
                timeline(),
                prop::option::of(some_cell_text()),
                (cell_text(), texts(), texts(), texts(), texts()),
                (cell_text(), cell_text(), cell_text()),
            )
                .prop_map(|(at, label, interviewers, timeline, instructions, d, e)| {
                    Round {
                        cancelled: false,
                        uid: Default::default(),
                        at,
                        label,
                        interviewers,
                        timeline,
                        instructions,
                        debrief: Debrief {
                            notes: d.0,
                            questions: d.1,
                            highlights: d.2,
                            stumped: d.3,
                            red_flags: d.4,
                            answers: e.0,
                            feelings: e.1,
                            want_it: e.2,
                        },
                    }
                })
        }

        fn reply() -> impl Strategy<Value = Reply> {
            let kinds = [
                ReplyKind::Update,
                ReplyKind::NextRound,
                ReplyKind::Offer,
                ReplyKind::Rejection,
                ReplyKind::Request,
            ];
            (
                time(),
                0usize..5,
                prop::option::of(any::<String>()),
                timeline(),
                prop::option::of(time()),
            )
                .prop_map(move |(at, kind, note, timeline, next_interview)| Reply {
                    from: None,
                    uid: Default::default(),
                    at,
                    kind: kinds[kind],
                    note,
                    timeline,
                    next_interview,
                })
        }

        fn process() -> impl Strategy<Value = Process> {
            (
                some_cell_text(),
                some_cell_text(),
                prop::collection::vec(round(), 1..4),
                prop::collection::vec(reply(), 0..4),
                prop::option::of((0usize..5, time())),
            )
                .prop_map(|(company, role, rounds, replies, closed)| Process {
                    applied: None,
                    contact: None,
                    external_ref: None,
                    link: None,
                    uid: Default::default(),
                    id: 0,
                    company,
                    role,
                    created: now(),
                    rounds,
                    replies,
                    marks: vec![],
                    closed: closed.map(|(o, at)| Closure {
                        outcome: [
                            Outcome::Accepted,
                            Outcome::Declined,
                            Outcome::Withdrawn,
                            Outcome::NoResponse,
                            Outcome::Rejected,
                        ][o],
                        at,
                    }),
                })
        }

        proptest! {
            /// Whatever the text, a list cell reads back as the items written.
            #[test]
            fn lists_read_back(items in prop::collection::vec(
                prop_oneof![any::<String>(), "[a-z ;\"\\\\\n]{0,8}"], 0..5)) {
                prop_assert_eq!(read_list(&join_list(&items)).unwrap(), items);
            }

            /// Whatever the note, a reply reads back as written.
            #[test]
            fn replies_read_back(reply in reply()) {
                prop_assert_eq!(read_reply(&reply_text(&reply), &now(), MON_FRI, None).unwrap(), reply);
            }

            /// Export, import into an empty store, export: the same bytes.
            #[test]
            fn csv_export_import_export_is_the_same_file(
                mut processes in prop::collection::vec(process(), 0..4),
                gap in 0u32..3,
            ) {
                for (i, p) in processes.iter_mut().enumerate() {
                    p.id = i as u32 * (gap + 1) + 1;
                }
                let data = Data { version: VERSION, next_id: 99, processes };
                let first = csv(&data).bytes;
                let incoming = read_csv(&first, &now(), MON_FRI, None).unwrap();
                let mut fresh = Data::default();
                merge(&mut fresh, incoming, Same::Rows).unwrap();
                let second = csv(&fresh).bytes;
                prop_assert_eq!(
                    String::from_utf8(second).unwrap(),
                    String::from_utf8(first).unwrap()
                );
            }
        }
    }
}
