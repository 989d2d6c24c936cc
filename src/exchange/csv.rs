//! The records as a spreadsheet: one CSV row per interview round, written out and read back,
//! from our own exports or from a spreadsheet made by hand.

use super::Incoming;
use crate::dates;
use crate::error::usage;
use crate::model::{
    Closure, Debrief, Interviewer, Outcome, Process, Reply, ReplyKind, Round, Time, Timeline,
};
use crate::policy::Workweek;
use crate::render;
use crate::store::Data;
use chrono::{DateTime, NaiveDate, TimeZone};
use serde::de::value::StrDeserializer;
use serde::de::{DeserializeOwned, IntoDeserializer};
use std::collections::HashMap;

/// One column of the spreadsheet.
#[derive(Clone, Copy)]
enum Field {
    Id,
    Company,
    Role,
    Round,
    Date,
    Label,
    Interviewers,
    Timeline,
    TimelineDate,
    Status,
    Closed,
    Replies,
    Instructions,
    Notes,
    Answers,
    Feelings,
    WantIt,
    Questions,
    Highlights,
    Stumped,
    RedFlags,
}

impl Field {
    /// The columns, in the order they are written.
    const ALL: [Field; 21] = [
        Field::Id,
        Field::Company,
        Field::Role,
        Field::Round,
        Field::Date,
        Field::Label,
        Field::Interviewers,
        Field::Timeline,
        Field::TimelineDate,
        Field::Status,
        Field::Closed,
        Field::Replies,
        Field::Instructions,
        Field::Notes,
        Field::Answers,
        Field::Feelings,
        Field::WantIt,
        Field::Questions,
        Field::Highlights,
        Field::Stumped,
        Field::RedFlags,
    ];

    /// The header written.
    fn name(self) -> &'static str {
        match self {
            Field::TimelineDate => "timeline_date",
            Field::WantIt => "want_it",
            Field::RedFlags => "red_flags",
            _ => self.names()[0],
        }
    }

    /// The header names read for this column, once lowercased with `_` and `-` as spaces.
    fn names(self) -> &'static [&'static str] {
        match self {
            Field::Id => &["id", "#", "process", "process id"],
            Field::Company => &[
                "company",
                "employer",
                "organization",
                "organisation",
                "company name",
            ],
            Field::Role => &["role", "position", "job", "job title", "title"],
            Field::Round => &["round", "round number", "round no"],
            Field::Date => &[
                "date",
                "interview date",
                "when",
                "interviewed",
                "interview time",
                "date time",
                "datetime",
            ],
            Field::Label => &[
                "label",
                "round label",
                "round type",
                "interview type",
                "type",
                "stage",
            ],
            Field::Interviewers => &["interviewers", "interviewer", "with", "people", "panel"],
            Field::Timeline => &[
                "timeline",
                "decision timeline",
                "stated timeline",
                "they said",
            ],
            Field::TimelineDate => &["timeline date", "decision date"],
            Field::Status => &["status", "outcome", "result", "state"],
            Field::Closed => &[
                "closed",
                "closed at",
                "closed on",
                "closed date",
                "outcome date",
                "ended",
                "end date",
            ],
            Field::Replies => &["replies", "reply", "responses"],
            Field::Instructions => &["instructions", "follow up instructions", "how to follow up"],
            Field::Notes => &["notes", "note", "debrief", "debrief notes", "comments"],
            Field::Answers => &["answers", "how i answered"],
            Field::Feelings => &["feelings", "impressions"],
            Field::WantIt => &["want it", "do i want it", "want the job"],
            Field::Questions => &["questions", "questions asked"],
            Field::Highlights => &["highlights", "highlight"],
            Field::Stumped => &["stumped", "stumped on"],
            Field::RedFlags => &["red flags", "red flag", "concerns"],
        }
    }

    /// Its place in [`Field::ALL`], which lists the fields in the order they are declared.
    fn index(self) -> usize {
        self as usize
    }

    fn from_header(header: &str) -> Option<Field> {
        let wanted = header
            .to_lowercase()
            .replace(['_', '-'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        Field::ALL
            .into_iter()
            .find(|field| field.names().contains(&wanted.as_str()))
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
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(Field::ALL.map(Field::name))
        .expect("writing to memory succeeds");
    let mut rows = 0;
    for process in &data.processes {
        for row in process_rows(process) {
            writer
                .write_record(&row)
                .expect("writing to memory succeeds");
            rows += 1;
        }
    }
    Sheet {
        bytes: writer.into_inner().expect("writing to memory succeeds"),
        rows,
    }
}

/// A process's rows without its id: what the same rows imported twice have in common.
pub(super) fn rows_without_id(process: &Process) -> Vec<Vec<String>> {
    let mut rows = process_rows(process);
    for row in &mut rows {
        row.remove(Field::Id.index());
    }
    rows
}

/// The cells of one process's rows, in [`Field::ALL`] order.
fn process_rows(process: &Process) -> Vec<Vec<String>> {
    let status = match &process.closed {
        Some(closure) => closure.outcome.to_string(),
        None => "open".to_string(),
    };
    let closed = process
        .closed
        .as_ref()
        .map(|c| render::rfc3339(&c.at))
        .unwrap_or_default();
    let replies = replies_by_round(process);
    process
        .rounds
        .iter()
        .zip(replies)
        .enumerate()
        .map(|(index, (round, replies))| {
            let interviewers: Vec<String> =
                round.interviewers.iter().map(|i| i.to_string()).collect();
            let debrief = &round.debrief;
            Field::ALL
                .iter()
                .map(|field| match field {
                    Field::Id => process.id.to_string(),
                    Field::Company => process.company.clone(),
                    Field::Role => process.role.clone(),
                    Field::Round => (index + 1).to_string(),
                    Field::Date => render::rfc3339(&round.at),
                    Field::Label => round.label.clone().unwrap_or_default(),
                    Field::Interviewers => join_list(&interviewers),
                    Field::Timeline => round
                        .timeline
                        .as_ref()
                        .map(|t| t.text.clone())
                        .unwrap_or_default(),
                    Field::TimelineDate => round
                        .timeline
                        .as_ref()
                        .map(|t| t.date.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                    Field::Status => status.clone(),
                    Field::Closed => closed.clone(),
                    Field::Replies => replies
                        .iter()
                        .map(|r| reply_text(r))
                        .collect::<Vec<_>>()
                        .join("; "),
                    Field::Instructions => round.instructions.clone().unwrap_or_default(),
                    Field::Notes => debrief.notes.clone(),
                    Field::Answers => debrief.answers.clone(),
                    Field::Feelings => debrief.feelings.clone(),
                    Field::WantIt => debrief.want_it.clone(),
                    Field::Questions => join_list(&debrief.questions),
                    Field::Highlights => join_list(&debrief.highlights),
                    Field::Stumped => join_list(&debrief.stumped),
                    Field::RedFlags => join_list(&debrief.red_flags),
                })
                .collect()
        })
        .collect()
}

/// Each round's replies, in the order stored: a reply goes with the latest round at or before it
/// (a reply before every round goes with the earliest).
fn replies_by_round(process: &Process) -> Vec<Vec<&Reply>> {
    let mut groups: Vec<Vec<&Reply>> = vec![Vec::new(); process.rounds.len()];
    if groups.is_empty() {
        return groups;
    }
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
/// is written as a JSON string.
fn join_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|item| match item.as_ref() {
            item if needs_quotes(item) => json_string(item),
            item => item.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Whether a list item must be written as a JSON string to be read back as it is.
fn needs_quotes(item: &str) -> bool {
    let quotes = item.matches('"').count();
    item.is_empty()
        || item.trim() != item
        || item.contains(';')
        || (quotes > 0 && (quotes % 2 == 1 || item.contains('\\') || item.starts_with('"')))
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
        if quoted {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                quoted = false;
            }
        } else if c == '"' {
            quoted = true;
        } else if c == ';' {
            items.push(&text[start..i]);
            start = i + 1;
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
        .filter_map(|raw| {
            let item = raw.trim();
            if item.len() >= 2
                && item.starts_with('"')
                && item.ends_with('"')
                && let Ok(text) = serde_json::from_str::<String>(item)
            {
                return Some(text);
            }
            (!item.is_empty()).then(|| item.to_string())
        })
        .collect())
}

/// A reply in words: `update 2026-11-25T10:00:00+01:00 timeline="by December 4"
/// timeline_date=2026-12-04 note="still interviewing"`.
fn reply_text(reply: &Reply) -> String {
    let mut text = format!("{} {}", reply.kind, render::rfc3339(&reply.at));
    if let Some(timeline) = &reply.timeline {
        text.push_str(&format!(
            " timeline={} timeline_date={}",
            json_string(&timeline.text),
            timeline.date.format("%Y-%m-%d")
        ));
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
) -> Result<Reply, String> {
    let tokens = reply_tokens(text)?;
    let mut words = Vec::new();
    let mut pairs = Vec::new();
    for token in tokens {
        match token {
            Token::Word(word) if pairs.is_empty() => words.push(word),
            Token::Word(word) => {
                return Err(format!(
                    "reply {text:?}: {word:?} comes after key=value: {REPLY_FORM}"
                ));
            }
            Token::Pair(key, value) => pairs.push((key, value)),
        }
    }
    let Some((kind, when)) = words.split_first() else {
        return Err(format!("empty reply: {REPLY_FORM}"));
    };
    let kind = read_reply_kind(kind)?;
    if when.is_empty() {
        return Err(format!("reply {text:?} has no date: {REPLY_FORM}"));
    }
    let at = read_when(&when.join(" "), now)?;
    let mut reply = Reply {
        uid: Default::default(),
        at,
        kind,
        note: None,
        timeline: None,
        next_interview: None,
    };
    let mut timeline = None;
    let mut timeline_date = None;
    for (key, value) in pairs {
        match key.to_lowercase().replace('-', "_").as_str() {
            "note" => reply.note = Some(value),
            "timeline" => timeline = Some(value),
            "timeline_date" => timeline_date = Some(value),
            "next_interview" | "next" => reply.next_interview = Some(read_when(&value, now)?),
            _ => {
                return Err(format!(
                    "reply {text:?}: unknown key {key:?}: use timeline, timeline_date, next_interview or note"
                ));
            }
        }
    }
    reply.timeline = read_timeline(timeline.as_deref(), timeline_date.as_deref(), &at, week)?;
    Ok(reply)
}

fn read_reply_kind(word: &str) -> Result<ReplyKind, String> {
    by_name(&word.to_lowercase().replace('_', "-")).ok_or_else(|| {
        format!(
            "unknown reply kind {word:?}: use update, next-round, offer, rejection or request; {REPLY_FORM}"
        )
    })
}

/// The variant of a kebab-case serde enum (`next-round`, `no-response`) named `name`: the names
/// the store uses and the records show.
fn by_name<T: DeserializeOwned>(name: &str) -> Option<T> {
    let name: StrDeserializer<'_, serde::de::value::Error> = name.into_deserializer();
    T::deserialize(name).ok()
}

enum Token {
    Word(String),
    Pair(String, String),
}

/// Splits a reply into words and `key=value` pairs; a value (or a word) may be a JSON string.
fn reply_tokens(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        if rest.starts_with('"') {
            let (value, after) = json_prefix(rest, text)?;
            tokens.push(Token::Word(value));
            rest = after.trim_start();
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '"')
            .unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        if let Some(after) = after.strip_prefix('=')
            && !word.is_empty()
        {
            let (value, after) = if after.starts_with('"') {
                json_prefix(after, text)?
            } else {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (after[..end].to_string(), &after[end..])
            };
            tokens.push(Token::Pair(word.to_string(), value));
            rest = after.trim_start();
        } else if after.starts_with(['"', '=']) {
            return Err(format!(
                "reply {text:?}: unexpected {:?} after {word:?}: {REPLY_FORM}",
                &after[..1]
            ));
        } else {
            tokens.push(Token::Word(word.to_string()));
            rest = after.trim_start();
        }
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
fn read_when<Tz: TimeZone>(text: &str, now: &DateTime<Tz>) -> Result<Time, String> {
    let at = dates::parse_when(text, now).map_err(|err| err.to_string())?;
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
) -> Result<Option<Timeline>, String> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    let date = date.map(str::trim).filter(|d| !d.is_empty());
    let resolve =
        |text: &str| dates::parse_timeline(text, given, week).map_err(|err| err.to_string());
    Ok(match (text, date) {
        (None, None) => None,
        (Some(text), None) => Some(Timeline {
            text: text.to_string(),
            date: resolve(text)?,
        }),
        (text, Some(date)) => Some(Timeline {
            text: text.unwrap_or(date).to_string(),
            date: match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
                Ok(day) => day,
                Err(_) => resolve(date)?,
            },
        }),
    })
}

fn read_outcome(text: &str) -> Result<Option<Outcome>, String> {
    let wanted = text
        .trim()
        .to_lowercase()
        .replace(['_', ' '], "-")
        .split('-')
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
            "unknown status {:?}: use open, accepted, declined, withdrawn, no-response or rejected",
            text.trim()
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

/// A file's line numbers by byte offset: the csv crate's own line count is off after CRLF
/// endings and blank lines.
struct Lines<'a> {
    bytes: &'a [u8],
    /// Where each line feed is, so that a row's line is a binary search, not a count from the
    /// start of the file.
    feeds: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let feeds = (0..bytes.len()).filter(|i| bytes[*i] == b'\n').collect();
        Lines { bytes, feeds }
    }

    /// The line a record starts on, from its offset, which may fall on the line break before it.
    fn line_at(&self, offset: u64) -> u64 {
        let mut start =
            usize::try_from(offset).map_or(self.bytes.len(), |o| o.min(self.bytes.len()));
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        1 + self.feeds.partition_point(|feed| *feed < start) as u64
    }
}

/// A bad row: its line and what is wrong.
struct Bad {
    line: u64,
    message: String,
}

/// Reads a spreadsheet: a header naming at least company, role and date columns (in any case,
/// with aliases such as "position" or "interview date"), then one row per interview. Rows with
/// the same id, or without ids the same company and role (in any case), are the rounds of one
/// process. Every bad row is an error that names its line; none is skipped. Stated timelines
/// count business days and weeks with `week`, the user's working week.
pub fn read_csv<Tz: TimeZone>(
    bytes: &[u8],
    now: &DateTime<Tz>,
    week: Workweek<'_>,
) -> anyhow::Result<Incoming> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(bytes))
        .flexible(true)
        .from_reader(bytes);
    let not_text = |line: u64| {
        usage(format!(
            "line {line}: not UTF-8 text: save the spreadsheet as \"CSV UTF-8\""
        ))
    };
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(err) => return Err(csv_error(&err).unwrap_or_else(|| not_text(1))),
    };
    let mut columns: [Option<usize>; Field::ALL.len()] = [None; Field::ALL.len()];
    let mut ignored_columns = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        match Field::from_header(header) {
            Some(field) => {
                if let Some(first) = columns[field.index()] {
                    return Err(usage(format!(
                        "columns {:?} and {:?} both give the {}: keep one",
                        &headers[first],
                        header,
                        field.name()
                    )));
                }
                columns[field.index()] = Some(index);
            }
            None if header.trim().is_empty() => {}
            None => ignored_columns.push(header.trim().to_string()),
        }
    }
    let missing: Vec<&str> = [Field::Company, Field::Role, Field::Date]
        .into_iter()
        .filter(|f| columns[f.index()].is_none())
        .map(|f| f.name())
        .collect();
    if !missing.is_empty() {
        let found = headers
            .iter()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(|h| format!("{h:?}"))
            .collect::<Vec<_>>();
        return Err(usage(format!(
            "missing column{}: {} (a spreadsheet needs company, role and date columns; found {})",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            if found.is_empty() {
                "none".to_string()
            } else {
                found.join(", ")
            }
        )));
    }

    let lines = Lines::new(bytes);
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map_or(0, |p| lines.line_at(p.byte()));
                return Err(csv_error(&err).unwrap_or_else(|| not_text(line)));
            }
        };
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells = columns.map(|column| column.and_then(|i| record.get(i)).unwrap_or(""));
        match read_row(&cells, columns[Field::Label.index()].is_some(), now, week) {
            Ok(mut row) => {
                row.line = line;
                rows.push(row);
            }
            Err(message) => bad.push(Bad { line, message }),
        }
    }
    let processes = group(rows, now, &mut bad);
    if let Some(first) = bad.first() {
        let more = match &bad[1..] {
            [] => String::new(),
            rest => format!(
                " (and {} more bad row{}: line{} {})",
                rest.len(),
                if rest.len() == 1 { "" } else { "s" },
                if rest.len() == 1 { "" } else { "s" },
                rest.iter()
                    .map(|b| b.line.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return Err(usage(format!(
            "line {}: {}{more}; nothing was imported",
            first.line, first.message
        )));
    }
    Ok(Incoming {
        processes,
        ignored_columns,
        next_id: None,
    })
}

/// A CSV error that is not about text encoding, in words.
fn csv_error(err: &csv::Error) -> Option<anyhow::Error> {
    match err.kind() {
        csv::ErrorKind::Utf8 { .. } => None,
        _ => Some(usage(format!("could not read the spreadsheet: {err}"))),
    }
}

/// The separator of a spreadsheet: the most frequent of `,`, `;` and tab outside quotes on its
/// first line (spreadsheets in some languages write `;`).
fn delimiter(bytes: &[u8]) -> u8 {
    let mut quoted = false;
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                for (sep, count) in &mut counts {
                    if b == *sep {
                        *count += 1;
                    }
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .rev()
        .max_by_key(|(_, count)| *count)
        .filter(|(_, count)| *count > 0)
        .map_or(b',', |(sep, _)| *sep)
}

/// Reads one row's cells, in [`Field::ALL`] order (empty for a missing column).
fn read_row<Tz: TimeZone>(
    cells: &[&str; Field::ALL.len()],
    has_label: bool,
    now: &DateTime<Tz>,
    week: Workweek<'_>,
) -> Result<Row, String> {
    let cell = |field: Field| cells[field.index()];
    let text = |field| cell(field).trim();
    let optional = |field| Some(text(field).to_string()).filter(|t| !t.is_empty());
    let required = |field: Field| {
        optional(field).ok_or_else(|| {
            format!(
                "no {}: each row needs a company, a role and a date",
                field.name()
            )
        })
    };
    let company = required(Field::Company)?;
    let role = required(Field::Role)?;
    let at = read_when(&required(Field::Date)?, now)?;
    let id = match text(Field::Id) {
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
    let mut label = optional(Field::Label);
    let number = match text(Field::Round) {
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
    let interviewers = read_list(cell(Field::Interviewers))
        .map_err(|err| format!("interviewers: {err}"))?
        .iter()
        .map(|text| Interviewer::parse(text))
        .collect::<Result<Vec<_>, String>>()?;
    let timeline = read_timeline(
        Some(cell(Field::Timeline)),
        Some(cell(Field::TimelineDate)),
        &at,
        week,
    )?;
    let list =
        |field: Field| read_list(cell(field)).map_err(|err| format!("{}: {err}", field.name()));
    let outcome = read_outcome(cell(Field::Status))?;
    let closed = match optional(Field::Closed) {
        None => None,
        Some(_) if outcome.is_none() => {
            return Err(format!(
                "closed {:?} but the status is open: give the status it closed with (accepted, declined, withdrawn, no-response, rejected)",
                text(Field::Closed)
            ));
        }
        Some(closed) => Some(read_when(&closed, now)?),
    };
    let replies = split_list(cell(Field::Replies))
        .map_err(|err| format!("replies: {err}"))?
        .into_iter()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| read_reply(r, now, week).map_err(|err| format!("replies: {err}")))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Row {
        line: 0,
        id,
        company,
        role,
        number,
        round: Round {
            uid: Default::default(),
            at,
            label,
            interviewers,
            timeline,
            instructions: optional(Field::Instructions),
            debrief: Debrief {
                notes: text(Field::Notes).to_string(),
                questions: list(Field::Questions)?,
                highlights: list(Field::Highlights)?,
                stumped: list(Field::Stumped)?,
                red_flags: list(Field::RedFlags)?,
                answers: text(Field::Answers).to_string(),
                feelings: text(Field::Feelings).to_string(),
                want_it: text(Field::WantIt).to_string(),
            },
        },
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
    #[derive(PartialEq, Eq, Hash)]
    enum Key {
        Id(u32),
        Name(String, String),
    }
    let mut order: Vec<Vec<Row>> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    for row in rows {
        let key = match row.id {
            Some(id) => Key::Id(id),
            None => Key::Name(row.company.to_lowercase(), row.role.to_lowercase()),
        };
        match index.get(&key) {
            Some(&i) => {
                let first = &order[i][0];
                if row.id.is_some()
                    && (first.company.to_lowercase() != row.company.to_lowercase()
                        || first.role.to_lowercase() != row.role.to_lowercase())
                {
                    bad.push(Bad {
                        line: row.line,
                        message: format!(
                            "id {} is {} ({}) on line {}, not {} ({}): give each process its own id",
                            first.id.unwrap_or_default(),
                            first.company,
                            first.role,
                            first.line,
                            row.company,
                            row.role
                        ),
                    });
                    continue;
                }
                order[i].push(row);
            }
            None => {
                index.insert(key, order.len());
                order.push(vec![row]);
            }
        }
    }
    order
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
        for pair in rows.windows(2) {
            if pair[0].number == pair[1].number {
                bad.push(Bad {
                    line: pair[1].line,
                    message: format!(
                        "round {} of {name} is also on line {}",
                        pair[1].number.unwrap_or_default(),
                        pair[0].line
                    ),
                });
                return None;
            }
        }
    } else {
        rows.sort_by_key(|r| r.round.at);
    }
    let mut closure: Option<(u64, Outcome, Option<Time>)> = None;
    for row in &rows {
        let Some(outcome) = row.outcome else { continue };
        match &closure {
            None => closure = Some((row.line, outcome, row.closed)),
            Some((line, first, closed)) => {
                if *first != outcome
                    || (row.closed.is_some() && closed.is_some() && *closed != row.closed)
                {
                    let said = |o: &Outcome, c: &Option<Time>| match c {
                        Some(at) => format!("{o} on {}", render::rfc3339(at)),
                        None => o.to_string(),
                    };
                    bad.push(Bad {
                        line: row.line,
                        message: format!(
                            "{name} is {} here but {} on line {line}",
                            said(&outcome, &row.closed),
                            said(first, closed)
                        ),
                    });
                    return None;
                }
                if closed.is_none() {
                    closure = Some((*line, *first, row.closed));
                }
            }
        }
    }
    let mut process = Process {
        uid: Default::default(),
        id: id.unwrap_or(0),
        company,
        role,
        created: now.fixed_offset(),
        rounds: Vec::new(),
        replies: Vec::new(),
        marks: Vec::new(),
        closed: None,
    };
    for row in rows {
        process.rounds.push(row.round);
        process.replies.extend(row.replies);
    }
    if let Some((_, outcome, closed)) = closure {
        // Without a date, it closed with the last thing recorded.
        let last = process
            .rounds
            .iter()
            .map(|r| r.at)
            .chain(process.replies.iter().map(|r| r.at))
            .max()
            .expect("a process read from rows has a round");
        process.closed = Some(Closure {
            outcome,
            at: closed.unwrap_or(last),
        });
    }
    Some((id, process))
}

#[cfg(test)]
mod tests {
    use super::super::tests::fixtures::*;
    use super::super::{Same, merge};
    use super::*;

    #[test]
    fn bad_rows_are_named_by_their_real_line() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-20T09:00:00+01:00").unwrap();
        for text in [
            "Company,Position,Interview date\r\nAcme,Dev,2026-11-02\r\nBeta,Dev,bad\r\n",
            "Company,Position,Interview date\nAcme,Dev,2026-11-02\n\nBeta,Dev,bad\n",
        ] {
            let err = read_csv(text.as_bytes(), &now, MON_FRI)
                .unwrap_err()
                .to_string();
            let expected = if text.contains('\r') {
                "line 3:"
            } else {
                "line 4:"
            };
            assert!(err.starts_with(expected), "{text:?}: {err}");
        }
        assert_eq!(Lines::new(b"a\nb\n").line_at(2), 2);
        assert_eq!(Lines::new(b"a\r\nb").line_at(1), 2);
        let lines = Lines::new(b"a\n\nb\r\nc\nd");
        assert_eq!(
            [0, 1, 2, 6, 8, 9, 99].map(|offset| lines.line_at(offset)),
            [1, 3, 3, 4, 5, 5, 5]
        );
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
            uid: Default::default(),
            at: t("2026-11-25T10:00:00+01:00"),
            kind: ReplyKind::Update,
            note: Some("still \"interviewing\"; call Sam".into()),
            timeline: Some(Timeline {
                text: "by December 4".into(),
                date: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            }),
            next_interview: None,
        };
        let text = reply_text(&reply);
        assert_eq!(
            text,
            r#"update 2026-11-25T10:00:00+01:00 timeline="by December 4" timeline_date=2026-12-04 note="still \"interviewing\"; call Sam""#
        );
        assert_eq!(read_reply(&text, &now(), MON_FRI).unwrap(), reply);
        // By hand: a date with a space, a bare value, a timeline read against the reply.
        let hand = read_reply(
            "Next_Round 2026-11-25 14:30 next=2026-12-01",
            &now(),
            MON_FRI,
        )
        .unwrap();
        assert_eq!(hand.kind, ReplyKind::NextRound);
        assert_eq!(hand.at, t("2026-11-25T14:30:00+01:00"));
        assert_eq!(hand.next_interview, Some(t("2026-12-01T00:00:00+01:00")));
        let offer = read_reply("offer 2026-11-25 timeline=\"two weeks\"", &now(), MON_FRI).unwrap();
        assert_eq!(
            offer.timeline.unwrap().date,
            NaiveDate::from_ymd_opt(2026, 12, 9).unwrap()
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
            let err = read_reply(bad, &now(), MON_FRI).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    fn import(text: &str) -> anyhow::Result<Vec<Process>> {
        let incoming = read_csv(text.as_bytes(), &now(), MON_FRI)?;
        let mut d = Data::default();
        merge(&mut d, incoming, Same::Rows);
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
        let incoming = read_csv(b"company,role,date,salary\n", &now(), MON_FRI).unwrap();
        assert_eq!(incoming.ignored_columns, ["salary"]);
    }

    #[test]
    fn imported_timelines_count_the_users_business_days() {
        // an interview on wednesday 25 november, a reply on thursday 26
        let text = "company,role,date,timeline,replies\n\
                    Acme,Dev,2026-11-25 10:00,2 business days,\
                    \"update 2026-11-26 timeline=\"\"1 business day\"\"\"\n";
        let stated = |week| {
            let incoming = read_csv(text.as_bytes(), &now(), week).unwrap();
            let process = &incoming.processes[0].1;
            let date = |timeline: &Option<Timeline>| timeline.as_ref().unwrap().date.to_string();
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
            err.starts_with("line 5: could not read date \"fridy\": use "),
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
                MON_FRI
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

        fn date() -> impl Strategy<Value = NaiveDate> {
            (0i64..60_000)
                .prop_map(|d| NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + Duration::days(d))
        }

        /// Text as commands store it: trimmed.
        fn text() -> impl Strategy<Value = String> {
            prop_oneof![any::<String>(), "[a-zA-Z ;,\"\\\\\n\té😀<>@]{0,24}"]
                .prop_map(|s| s.trim().to_string())
        }

        fn some_text() -> impl Strategy<Value = String> {
            text().prop_filter("not empty", |s| !s.is_empty())
        }

        fn texts() -> impl Strategy<Value = Vec<String>> {
            prop::collection::vec(some_text(), 0..3)
        }

        fn timeline() -> impl Strategy<Value = Option<Timeline>> {
            prop::option::of((some_text(), date()).prop_map(|(text, date)| Timeline { text, date }))
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
                time(),
                prop::option::of(some_text()),
                prop::collection::vec(interviewer(), 0..3),
                timeline(),
                prop::option::of(some_text()),
                (text(), texts(), texts(), texts(), texts()),
                (text(), text(), text()),
            )
                .prop_map(|(at, label, interviewers, timeline, instructions, d, e)| {
                    Round {
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
                some_text(),
                some_text(),
                prop::collection::vec(round(), 1..4),
                prop::collection::vec(reply(), 0..4),
                prop::option::of((0usize..5, time())),
            )
                .prop_map(|(company, role, rounds, replies, closed)| Process {
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
                prop_assert_eq!(read_reply(&reply_text(&reply), &now(), MON_FRI).unwrap(), reply);
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
                let incoming = read_csv(&first, &now(), MON_FRI).unwrap();
                let mut fresh = Data::default();
                merge(&mut fresh, incoming, Same::Rows);
                let second = csv(&fresh).bytes;
                prop_assert_eq!(
                    String::from_utf8(second).unwrap(),
                    String::from_utf8(first).unwrap()
                );
            }
        }
    }
}
