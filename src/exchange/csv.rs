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
use crate::model::{
    Closure, Debrief, Interviewer, Outcome, Process, Reply, ReplyKind, Round, Time, Timeline,
};
use crate::policy::Workweek;
use crate::render;
use crate::store::Data;
use chrono::{DateTime, NaiveDate, TimeZone};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Each column's header, in the order written, and the other headers read for it (lowercased,
/// with `_` and `-` as spaces).
pub(super) const COLUMNS: &[(&str, &str)] = &[
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
    ("applied", "applied on"),
    ("contact", "contact person"),
    ("link", "job link, posting"),
    ("cancelled", "canceled, called off"),
    // Another tracker's id for the process (its `id` is ours): what recognises its rows when
    // they are imported again.
    ("external_ref", "external reference, their id"),
    // The dates again as a spreadsheet reads them, in the offset recorded and without it: not
    // read back, the RFC 3339 columns are.
    ("date_local", "date local"),
    ("closed_local", "closed local"),
    ("applied_local", "applied local"),
];

/// The columns that repeat another's date as `YYYY-MM-DD HH:MM` (see [`local`]).
pub(super) fn is_local(column: &str) -> bool {
    column.ends_with("_local")
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
    applied: String,
    saved: String,
    contact: String,
    contact_email: String,
    link: String,
    cancelled: String,
    external_ref: String,
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

/// The records as a spreadsheet: a header, then one row per interview round (one for an
/// application with none yet), processes in the order stored. What belongs to a process (its
/// status, when it closed, when the user applied) is on each of its rows; each reply is on the
/// row of the latest round before it.
pub fn csv(data: &Data) -> Sheet {
    sheet(data, b',')
}

/// [`csv`] with tabs between the cells.
pub fn tsv(data: &Data) -> Sheet {
    sheet(data, b'\t')
}

fn sheet(data: &Data, delimiter: u8) -> Sheet {
    const MEMORY: &str = "writing to memory succeeds";
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    writer
        .write_record(COLUMNS.iter().map(|(name, _)| name))
        .expect(MEMORY);
    let mut rows = 0;
    for row in data.processes.iter().flat_map(process_rows) {
        writer
            .write_record(row.iter().map(|cell| guard(cell)))
            .expect(MEMORY);
        rows += 1;
    }
    Sheet {
        bytes: writer.into_inner().expect(MEMORY),
        rows,
    }
}

/// A moment as a spreadsheet reads a date and time, `2026-11-12 10:00`: the clock time of the
/// offset it was recorded in (the user's own, as at that date), without the offset, which
/// differs on each side of a change to or from summer time.
fn local(at: &Time) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// The `cancelled` cell: empty (held or ahead), or `yes` (called off).
fn read_cancelled(cell: &str) -> Result<bool, String> {
    match normal(cell).as_str() {
        "" => Ok(false),
        "cancelled" | "canceled" => Ok(true),
        _ => yes_or_no(cell).ok_or_else(|| {
            format!(
                "cancelled {:?}: leave it empty for a round held or ahead, or write yes",
                cell.trim()
            )
        }),
    }
}

/// The cells of one process's rows, in [`COLUMNS`] order.
pub(super) fn process_rows(process: &Process) -> Vec<[String; COLUMNS.len()]> {
    if process.rounds.is_empty() {
        // An application with no interview yet: its row has no round.
        let replies: Vec<&Reply> = process.replies.iter().collect();
        return vec![process_row(process, None, &replies)];
    }
    process
        .rounds
        .iter()
        .zip(replies_by_round(process))
        .enumerate()
        .map(|(index, (round, replies))| process_row(process, Some((index + 1, round)), &replies))
        .collect()
}

/// One row: what belongs to the process, and its round (numbered from 1) with the replies after
/// it, if it has one.
fn process_row(
    process: &Process,
    round: Option<(usize, &Round)>,
    replies: &[&Reply],
) -> [String; COLUMNS.len()] {
    let closed = process.closed.as_ref().map(|c| &c.at);
    let applied = process.applied.as_ref();
    let timeline = round.and_then(|(_, r)| r.timeline.as_ref());
    let debrief = |cell: fn(&Debrief) -> String| round.map(|(_, r)| cell(&r.debrief));
    let cell = |name: &str| -> Option<String> {
        match name {
            "id" => Some(process.id.to_string()),
            "company" => Some(process.company.clone()),
            "role" => Some(process.role.clone()),
            "round" => round.map(|(number, _)| number.to_string()),
            "date" => round.map(|(_, r)| render::rfc3339(&r.at)),
            "label" => round.and_then(|(_, r)| r.label.clone()),
            "interviewers" => round.map(|(_, r)| {
                let people: Vec<String> = r.interviewers.iter().map(|i| i.to_string()).collect();
                join_list(&people)
            }),
            "timeline" => timeline.map(|t| t.text.clone()),
            "timeline_date" => timeline
                .and_then(|t| t.date)
                .map(|d| d.format("%Y-%m-%d").to_string()),
            "status" => Some(match &process.closed {
                Some(closure) => closure.outcome.to_string(),
                None => "open".to_string(),
            }),
            "closed" => closed.map(render::rfc3339),
            "replies" => {
                let replies: Vec<String> = replies.iter().map(|r| reply_text(r)).collect();
                Some(replies.join("; "))
            }
            "instructions" => round.and_then(|(_, r)| r.instructions.clone()),
            "notes" => debrief(|d| d.notes.clone()),
            "answers" => debrief(|d| d.answers.clone()),
            "feelings" => debrief(|d| d.feelings.clone()),
            "want_it" => debrief(|d| d.want_it.clone()),
            "questions" => debrief(|d| join_list(&d.questions)),
            "highlights" => debrief(|d| join_list(&d.highlights)),
            "stumped" => debrief(|d| join_list(&d.stumped)),
            "red_flags" => debrief(|d| join_list(&d.red_flags)),
            "applied" => applied.map(render::rfc3339),
            "contact" => process.contact.as_ref().map(|c| c.to_string()),
            "link" => process.link.clone(),
            "cancelled" => round.filter(|(_, r)| r.cancelled).map(|_| "yes".into()),
            "external_ref" => process.external_ref.clone(),
            "date_local" => round.map(|(_, r)| local(&r.at)),
            "closed_local" => closed.map(local),
            "applied_local" => applied.map(local),
            _ => unreachable!("a column of ours: {name}"),
        }
    };
    std::array::from_fn(|i| cell(COLUMNS[i].0).unwrap_or_default())
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
    let name = kind.to_lowercase().replace('_', "-");
    let kind = *ReplyKind::ALL.iter().find(|k| k.name() == name).ok_or_else(|| {
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

/// Splits a reply into words and `key=value` pairs; a value (or a word) may be a JSON string.
fn reply_tokens(text: &str) -> Result<Vec<(String, Option<String>)>, String> {
    let mut tokens = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let quoted = rest.starts_with('"');
        let (word, after) = json_or_text(rest, text, |c| c.is_whitespace() || "=\"".contains(c))?;
        rest = match after.strip_prefix('=') {
            Some(value) if !quoted && !word.is_empty() => {
                let (value, after) = json_or_text(value, text, char::is_whitespace)?;
                tokens.push((word, Some(value)));
                after
            }
            _ if !quoted && after.starts_with(['"', '=']) => {
                return Err(format!(
                    "reply {text:?}: unexpected {:?} after {word:?}: {REPLY_FORM}",
                    &after[..1]
                ));
            }
            _ => {
                tokens.push((word, None));
                after
            }
        }
        .trim_start();
    }
    Ok(tokens)
}

/// Reads the JSON string `text` starts with, else its text up to the first character `stop`
/// says; returns it and what follows. `whole` is the reply, for an error.
fn json_or_text<'a>(
    text: &'a str,
    whole: &str,
    stop: fn(char) -> bool,
) -> Result<(String, &'a str), String> {
    if !text.starts_with('"') {
        let (word, after) = text.split_at(text.find(stop).unwrap_or(text.len()));
        return Ok((word.to_string(), after));
    }
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

/// Reads a date that is past (when you applied, when it closed): one written without a year
/// (`Dec 15`) is the latest such day up to `now`, not the nearest, which may be ahead.
fn read_past<Tz: TimeZone>(
    text: &str,
    now: &DateTime<Tz>,
    order: Option<DateOrder>,
) -> Result<Time, String> {
    let at = read_when(text, now, order)?;
    if at <= now.fixed_offset() {
        return Ok(at);
    }
    // Without a year, giving the year it was read in changes nothing; giving the one before
    // moves it back a year.
    let year = chrono::Datelike::year(&at);
    let with_year = |year: i32| dates::parse_when_in(&format!("{text} {year}"), now, order).ok();
    if with_year(year) == Some(at)
        && let Some(before) = with_year(year - 1).filter(|b| *b <= now.fixed_offset())
    {
        return Ok(before);
    }
    Ok(at)
}

/// An employer's timeline from its words and, if given, its date (`2026-12-04`, or anything a
/// timeline may be, read against `given`); without a date, the words are read against `given`.
/// Business days and weeks are `week`'s.
fn read_timeline<'a>(
    text: Option<&'a str>,
    date: Option<&'a str>,
    given: &Time,
    week: Workweek<'_>,
    order: Option<DateOrder>,
) -> Result<Option<Timeline>, String> {
    let filled = |cell: Option<&'a str>| cell.map(str::trim).filter(|c| !c.is_empty());
    let (text, date) = (filled(text), filled(date));
    let Some(words) = text.or(date) else {
        return Ok(None);
    };
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

// Reading the spreadsheets people keep.

/// The fields an import reads beyond those export writes: when you saved the job (a row with
/// only that is not applied to yet) and the contact's address.
const IMPORT_ONLY: [&str; 2] = ["saved", "contact_email"];

/// More headers people write, in English, German, French and Spanish, for the fields of
/// [`COLUMNS`] and [`IMPORT_ONLY`], written as [`normal`] makes them (lowercase, no accents,
/// punctuation as spaces). Looked at before `COLUMNS`; `ignore` leaves a column out.
const ALIASES: &[(&str, &str)] = &[
    (
        "id",
        "ref, reference, job id, job ref, application id, external id, record id, nr, nummer, \
         numero, no, n, identifiant, referencia",
    ),
    (
        "company",
        "company name, employer name, business, firm, firma, firmenname, unternehmen, \
         arbeitgeber, entreprise, societe, employeur, nom de l entreprise, empresa, compania, \
         nombre de la empresa, organizacion",
    ),
    (
        "role",
        "job position, position title, role title, job role, job name, stelle, \
         stellenbezeichnung, jobtitel, berufsbezeichnung, titre, titre du poste, \
         intitule du poste, poste, emploi, puesto, cargo, titulo del puesto, vacante, posicion, \
         rol, rolle",
    ),
    (
        "date",
        "interview, interview on, interview datetime, date of interview, interview date and time, \
         first interview date, first interview, \
         datum, vorstellungsgesprach, interviewtermin, gesprachstermin, termin, \
         date d entretien, date de l entretien, entretien, fecha, fecha de entrevista, \
         fecha entrevista, entrevista",
    ),
    (
        "applied",
        "date applied, application date, applied on, applied date, applied at, \
         date of application, date submitted, submission date, submitted on, bewerbungsdatum, \
         beworben am, datum der bewerbung, bewerbung am, bewerbung vom, date de candidature, \
         date candidature, candidature le, postule le, fecha de aplicacion, fecha de solicitud, \
         fecha de postulacion, fecha aplicacion, fecha de envio, aplicado el",
    ),
    (
        "saved",
        "saved date, date saved, saved on, saved at, date added, added on, added, \
         gespeichert am, date d enregistrement, \
         fecha de guardado",
    ),
    (
        "status",
        "stage, application status, current status, pipeline stage, progress, phase, list, \
         stand, \
         ergebnis, bewerbungsstatus, status der bewerbung, statut, etat, resultat, etape, \
         estado, resultado, etapa, fase, situacion",
    ),
    (
        "interviewers",
        "interviewer name, interviewer names, interviewed by, interviewer s, gesprachspartner, \
         intervieweur, intervieweurs, entrevistador, entrevistadores",
    ),
    (
        "contact",
        "contact person, contact name, recruiter, recruiter name, point of contact, \
         ansprechpartner, ansprechpartnerin, kontakt, kontaktperson, personne de contact, \
         contact rh, recruteur, recruteuse, persona de contacto, contacto, reclutador, \
         reclutadora",
    ),
    (
        "contact_email",
        "contact email, contact e mail, contact mail, recruiter email, recruiter e mail, email, \
         e mail, mail, e mail adresse, email adresse, kontakt e mail, email du contact, courriel, \
         adresse e mail, correo, correo electronico, email de contacto, email del contacto",
    ),
    (
        "link",
        "url, job url, job link, posting, job posting, posting url, listing, job listing, \
         website, link to posting, stellenanzeige, anzeige, link zur stelle, lien, \
         lien de l offre, annonce, enlace, url de la oferta",
    ),
    (
        "label",
        "interview round, round name, interview kind, gesprachsart, type d entretien, \
         tipo de entrevista",
    ),
    (
        "notes",
        "comment, notizen, bemerkungen, bemerkung, kommentar, anmerkungen, commentaires, \
         commentaire, remarques, notas, comentarios, observaciones",
    ),
    // "Type" is most often the kind of job (full-time, internship), not of interview.
    ("ignore", "type"),
];

/// Every field a column may give (what `--map` takes), and `ignore`.
pub fn fields() -> Vec<&'static str> {
    COLUMNS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| !is_local(name))
        .chain(IMPORT_ONLY)
        .chain(["ignore"])
        .collect()
}

/// A header as it is compared: lowercase, accents taken off, runs of anything but letters and
/// digits as one space (`Date Applied:` is `date applied`, `E-Mail` is `e mail`).
fn normal(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => folded.push('a'),
            'ç' => folded.push('c'),
            'è' | 'é' | 'ê' | 'ë' => folded.push('e'),
            'ì' | 'í' | 'î' | 'ï' => folded.push('i'),
            'ñ' => folded.push('n'),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => folded.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => folded.push('u'),
            'ß' => folded.push_str("ss"),
            c if c.is_alphanumeric() => folded.push(c),
            _ => folded.push(' '),
        }
    }
    let words: Vec<&str> = folded.split_whitespace().collect();
    if words.is_empty() {
        // `#` stays `#`.
        return text.trim().to_string();
    }
    words.join(" ")
}

/// Whether `words`, a list of [`ALIASES`], [`STAGES`] or [`TITLE_WORDS`] separated by commas,
/// holds `wanted`.
fn listed(words: &str, wanted: &str) -> bool {
    words.split(',').any(|word| word.trim() == wanted)
}

/// The field a header names: the user's `--map` first, then [`ALIASES`], then [`COLUMNS`].
fn column(header: &str, map: &[(String, &'static str)]) -> Option<&'static str> {
    let wanted = normal(header);
    if wanted.is_empty() {
        return None;
    }
    if let Some((_, field)) = map.iter().find(|(h, _)| normal(h) == wanted) {
        return Some(field);
    }
    let listed = |aliases: &str| listed(aliases, &wanted);
    ALIASES
        .iter()
        .find(|(_, aliases)| listed(aliases))
        .map(|(name, _)| *name)
        .or_else(|| {
            COLUMNS
                .iter()
                .find(|(name, aliases)| normal(name) == wanted || listed(aliases))
                .map(|(name, _)| *name)
        })
        .or_else(|| IMPORT_ONLY.into_iter().find(|name| normal(name) == wanted))
}

/// Reads `--map "Header=field"` values: the field must be one of [`fields`].
pub fn read_map(pairs: &[String]) -> Result<Vec<(String, &'static str)>, String> {
    pairs
        .iter()
        .map(|pair| {
            let Some((header, field)) = pair.split_once('=') else {
                return Err(format!(
                    "--map {pair:?}: write \"Header=field\", such as \"Job Position=role\"; the fields are {}",
                    fields().join(", ")
                ));
            };
            let wanted = normal(field).replace(' ', "_");
            let field = fields()
                .into_iter()
                .find(|f| *f == wanted)
                .ok_or_else(|| {
                    format!(
                        "--map {pair:?}: unknown field {:?}: use one of {}",
                        field.trim(),
                        fields().join(", ")
                    )
                })?;
            if header.trim().is_empty() {
                return Err(format!(
                    "--map {pair:?}: no header before \"=\": write \"Header=field\""
                ));
            }
            Ok((header.trim().to_string(), field))
        })
        .collect()
}

/// Where a process stands, as a tracker's status column says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Saved, not applied to yet: not a process.
    Saved,
    /// Applied, waiting.
    Applied,
    /// Under way (screening, interviews), or nothing said.
    Open,
    /// An offer came.
    Offer,
    Closed(Outcome),
}

/// The words of each stage, as [`normal`] writes them.
const STAGES: &[(Stage, &str)] = &[
    (
        Stage::Saved,
        "saved, wishlist, wish list, bookmarked, interested, to apply, not applied, \
         not yet applied, planned, draft, researching, applying, preparing, gespeichert, \
         merkliste, vorgemerkt, geplant, a postuler, sauvegarde, guardado, por aplicar",
    ),
    (
        Stage::Applied,
        "applied, application sent, application submitted, submitted, sent, in review, \
         under review, reviewing, pending, waiting, awaiting response, beworben, \
         bewerbung gesendet, bewerbung verschickt, versendet, gesendet, verschickt, postule, \
         candidature envoyee, envoye, envoyee, postulado, aplicado, enviado, enviada, \
         solicitud enviada, pendiente",
    ),
    (
        Stage::Open,
        "open, active, in progress, interviewing, interviewed, interview, interviews, \
         interview scheduled, screening, screen, screening call, phone screen, phone screening, \
         phone interview, recruiter call, recruiter screen, hr call, hr interview, \
         technical interview, technical, onsite, on site, final round, final interview, final, \
         first round, second round, third round, assessment, take home, coding challenge, \
         case study, in process, vorstellungsgesprach, gesprach, telefoninterview, einladung, \
         eingeladen, zweitgesprach, in bearbeitung, entretien, entretien telephonique, \
         en cours, entrevista, entrevistado, en proceso",
    ),
    (
        Stage::Offer,
        "offer, offered, offer received, offer extended, got offer, negotiating, negotiation, \
         angebot, vertragsangebot, zusage, offre, offre recue, oferta, oferta recibida",
    ),
    (
        Stage::Closed(Outcome::Accepted),
        "accepted, offer accepted, accepted offer, hired, signed, angenommen, eingestellt, \
         accepte, acceptee, offre acceptee, embauche, aceptado, aceptada, oferta aceptada, \
         contratado, contratada",
    ),
    (
        Stage::Closed(Outcome::Declined),
        "declined, offer declined, declined offer, i declined, offre declinee, decline, \
         oferta rechazada",
    ),
    (
        Stage::Closed(Outcome::Withdrawn),
        "withdrew, withdrawn, withdraw, i withdrew, application withdrawn, withdrew application, \
         not interested, no longer interested, zuruckgezogen, \
         retire, retiree, candidature retiree, desiste, retirado, retirada, desistido",
    ),
    (
        Stage::Closed(Outcome::NoResponse),
        "no response, ghosted, no reply, no answer, keine antwort, keine ruckmeldung, \
         sans reponse, pas de reponse, sin respuesta, closed, archived, archive, \
         geschlossen, archiviert, clos, ferme, archive, cerrado, archivado",
    ),
    (
        Stage::Closed(Outcome::Rejected),
        "rejected, rejection, not selected, no offer, unsuccessful, not moving forward, denied, \
         rejected after interview, rejected after screening, position filled, role filled, \
         job filled, absage, abgesagt, abgelehnt, refus, refuse, refusee, candidature refusee, rejete, rejetee, non retenu, \
         non retenue, rechazado, rechazada, no seleccionado, descartado",
    ),
];

/// The stage a status cell names; `None` for a word none of [`STAGES`] holds.
fn read_stage(text: &str) -> Option<Stage> {
    let wanted = normal(text);
    if wanted.is_empty() {
        return Some(Stage::Open);
    }
    STAGES
        .iter()
        .find(|(_, words)| listed(words, &wanted))
        .map(|(stage, _)| *stage)
}

/// Whether an `applied` cell says yes without a date (a checkbox column), or no.
fn yes_or_no(text: &str) -> Option<bool> {
    match normal(text).as_str() {
        "yes" | "y" | "true" | "x" | "ja" | "oui" | "si" | "1" => Some(true),
        "no" | "n" | "false" | "nein" | "non" | "0" => Some(false),
        _ if text.trim() == "✓" || text.trim() == "✔" => Some(true),
        _ => None,
    }
}

/// Words that make the part of an interviewer cell after a comma a title ("Jane Doe, VP
/// Engineering"), as [`normal`] writes them.
const TITLE_WORDS: &str = "engineer, engineering, manager, management, director, head, lead, \
     leader, recruiter, recruiting, recruitment, talent, sourcer, hr, people, founder, cofounder, \
     co founder, president, vp, svp, evp, avp, cto, ceo, cfo, coo, cpo, cio, ciso, md, partner, \
     principal, senior, sr, junior, jr, staff, chief, officer, executive, associate, assistant, \
     designer, design, analyst, scientist, developer, architect, consultant, specialist, \
     coordinator, administrator, owner, product, program, programme, project, sales, marketing, \
     operations, ops, team, tech, technical, hiring, intern, member, generalist, advisor, \
     of, leiter, leiterin, entwickler, entwicklerin, geschaftsfuhrer, \
     geschaftsfuhrerin, personalreferent, personalreferentin, teamleiter, teamleiterin, \
     abteilungsleiter, ingenieur, ingenieurin, directeur, directrice, responsable, \
     developpeur, chef, charge, chargee, rh, drh, gerente, jefe, jefa, director, directora, \
     desarrollador, reclutador, reclutadora, rrhh";

/// Particles of names, not titles ("Ludwig van Beethoven").
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "da", "di", "du", "le", "la", "del", "dos", "das", "bin",
    "al", "ter", "ten",
];

/// How the part of an interviewer cell after a comma reads.
#[derive(Debug, PartialEq, Eq)]
enum Part {
    Title,
    Name,
    /// One capitalised word: a first name most likely, or a title.
    Unsure,
}

fn read_part(part: &str) -> Part {
    let words: Vec<&str> = part.split_whitespace().collect();
    let titled = normal(part).split(' ').any(|w| listed(TITLE_WORDS, w));
    let acronym = words
        .iter()
        .any(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()));
    if titled || acronym {
        return Part::Title;
    }
    let capitalised = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || "-'.".contains(c))
    };
    let named = words
        .iter()
        .all(|w| capitalised(w) || PARTICLES.contains(&w.to_lowercase().as_str()));
    match words.len() {
        1 if named => Part::Unsure,
        2..=4 if named => Part::Name,
        _ => Part::Title,
    }
}

/// Splits names joined by "and", "&" or "/" (and "und", "et", "y").
fn split_names(text: &str) -> Vec<String> {
    let mut names = vec![String::new()];
    for word in text.split_whitespace() {
        let joiner = matches!(
            word.to_lowercase().as_str(),
            "and" | "&" | "/" | "und" | "et" | "y"
        );
        if joiner {
            names.push(String::new());
            continue;
        }
        for (i, piece) in word.split(['&', '/']).enumerate() {
            if i > 0 {
                names.push(String::new());
            }
            let name = names.last_mut().expect("one name at least");
            if !piece.is_empty() {
                if !name.is_empty() {
                    name.push(' ');
                }
                name.push_str(piece);
            }
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

/// The people of names joined by "and", "&" or "/" (see [`split_names`]), and whether that was
/// a guess: each capitalised words as "First Last" is sure; each one word ("Ann & Bob") is a guess; otherwise
/// ("Johnson & Johnson Recruiting", "Ann & Bob Li") the text reads as one name and is kept
/// whole, as a guess.
fn joined(part: &str) -> (Vec<String>, bool) {
    let pieces = split_names(part);
    if pieces.len() < 2 {
        return (pieces, false);
    }
    // The shape of a name, whatever its words mean ("Big Head" is someone).
    let words = |piece: &str| {
        let words: Vec<&str> = piece.split_whitespace().collect();
        let named = words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || PARTICLES.contains(&w.to_lowercase().as_str())
        });
        if named { words.len() } else { 0 }
    };
    if pieces.iter().all(|p| (2..=4).contains(&words(p))) {
        (pieces, false)
    } else if pieces.iter().all(|p| words(p) == 1) {
        (pieces, true)
    } else {
        (vec![part.to_string()], true)
    }
}

/// The people of one `;` item of an interviewer cell as people write them: several joined by
/// "and", "&", "/" or commas; a part after a comma that reads as a title is the title of the
/// person before it; `Name <email>` forms as `add --interviewer` reads them. The flag says that
/// a part was a guess.
fn split_people(item: &str) -> Result<(Vec<Interviewer>, bool), String> {
    let mut people: Vec<Interviewer> = Vec::new();
    let mut unsure = false;
    let set_title = |people: &mut Vec<Interviewer>, title: &str| {
        let title = title.trim().trim_matches(',').trim();
        if title.is_empty() {
            return;
        }
        if let Some(last) = people.last_mut() {
            last.title = Some(match last.title.take() {
                Some(was) => format!("{was}, {title}"),
                None => title.to_string(),
            });
        }
    };
    if item.contains('<') {
        // Each address closes a person; what follows it, up to the next one's name, is a title.
        let mut rest = item;
        while let Some(open) = rest.find('<') {
            let Some(close) = rest[open..].find('>').map(|c| open + c + 1) else {
                people.push(Interviewer::parse(rest)?);
                return Ok((people, unsure));
            };
            let before = &rest[..open];
            let cut = [",", " and ", "&", "/", " und ", " et ", " y "]
                .iter()
                .filter_map(|sep| before.rfind(sep).map(|at| (at, at + sep.len())))
                .max();
            let (head, name) = match cut {
                Some((at, after)) => (&before[..at], &before[after..]),
                None => ("", before),
            };
            if people.is_empty() {
                for name in split_names(head.trim().trim_end_matches(',')) {
                    people.push(Interviewer::parse(&name)?);
                }
            } else {
                set_title(&mut people, head);
            }
            people.push(Interviewer::parse(&format!(
                "{}{}",
                name.trim_start(),
                &rest[open..close]
            ))?);
            rest = &rest[close..];
        }
        set_title(&mut people, rest);
        return Ok((people, unsure));
    }
    for (index, part) in item.split(',').enumerate() {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let kind = if index == 0 || people.is_empty() {
            Part::Name
        } else {
            read_part(part)
        };
        let pieces = split_names(part);
        let title_first =
            kind == Part::Title && pieces.first().is_some_and(|p| read_part(p) == Part::Title);
        if !title_first {
            // "Bob Li and Ann Wu": people joined, no title.
            let (names, guessed) = joined(part);
            unsure |= kind == Part::Unsure || guessed;
            for name in &names {
                people.push(Interviewer::parse(name)?);
            }
        } else if pieces[1..].iter().any(|p| read_part(p) == Part::Name) {
            // "VP Engineering & Bob Li": a title, then someone else.
            set_title(&mut people, &pieces[0]);
            for piece in &pieces[1..] {
                people.push(Interviewer::parse(piece)?);
            }
        } else {
            set_title(&mut people, part);
        }
    }
    Ok((people, unsure))
}

/// The interviewers of a cell. `strict`, the cell is a list as export writes it (`Name <email>,
/// Title` items separated by `;`); else as people write them (see [`split_people`]). The flag
/// says that the reading was a guess.
fn read_people(text: &str, strict: bool) -> Result<(Vec<Interviewer>, bool), String> {
    let items = read_list(text).map_err(|err| format!("interviewers: {err}"))?;
    if strict {
        let people = items
            .iter()
            .map(|text| Interviewer::parse(text))
            .collect::<Result<_, _>>()?;
        return Ok((people, false));
    }
    let mut people = Vec::new();
    let mut unsure = false;
    for item in &items {
        let (some, guessed) = split_people(item)?;
        people.extend(some);
        unsure |= guessed;
    }
    Ok((people, unsure))
}

/// Refuses an address `add --interviewer` would not take.
fn read_email(text: &str) -> Result<String, String> {
    let bad = !text.contains('@')
        || text.contains(|c: char| c.is_whitespace() || c.is_control() || "<>,;\"".contains(c));
    if bad {
        return Err(format!(
            "contact email {text:?} is not an email address: give one address, such as sam@acme.example"
        ));
    }
    Ok(text.to_string())
}

/// A name for a contact known only by their address: `sam.lee@` is Sam Lee, else the address.
fn name_from_email(email: &str) -> String {
    let local = email.split('@').next().unwrap_or_default();
    let parts: Vec<&str> = local.split(['.', '_', '-']).collect();
    let names = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| p.len() >= 2 && p.chars().all(|c| c.is_alphabetic()));
    if !names {
        return email.to_string();
    }
    parts
        .iter()
        .map(|p| {
            let mut chars = p.chars();
            let first = chars.next().map(|c| c.to_uppercase().to_string());
            first.unwrap_or_default() + &chars.as_str().to_lowercase()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What tells rows apart: another tracker's id, our process number, else the company and role.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Ref(String),
    Id(u32),
    Names(String, String),
}

/// One row read.
struct Row {
    line: u64,
    id: Option<u32>,
    external_ref: Option<String>,
    company: String,
    role: String,
    number: Option<u32>,
    /// The interview, when the row has its date; else the row is an application.
    round: Option<Round>,
    applied: Option<Time>,
    stage: Stage,
    /// A status word none of [`STAGES`] holds, read as open.
    unknown_stage: Option<String>,
    closed: Option<Time>,
    replies: Vec<Reply>,
    contact: Option<Interviewer>,
    /// The contact is known only by an address.
    contact_by_email: bool,
    link: Option<String>,
    /// Cells left out for want of an interview date.
    dropped: Vec<&'static str>,
    /// The interviewer cell, when reading it took a guess.
    unsure: Option<String>,
    /// What reading the row chose and says, without its line.
    said: Vec<String>,
}

impl Row {
    fn key(&self) -> Key {
        match (&self.external_ref, self.id) {
            (Some(reference), _) => Key::Ref(reference.clone()),
            (None, Some(id)) => Key::Id(id),
            (None, None) => Key::Names(self.company.to_lowercase(), self.role.to_lowercase()),
        }
    }
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

/// What reading a spreadsheet needs besides its bytes.
#[derive(Debug, Clone, Copy)]
pub struct SheetOptions<'a> {
    /// The user's working week: stated timelines count its business days.
    pub week: Workweek<'a>,
    /// The order of day and month in numeric dates.
    pub order: Option<DateOrder>,
    /// Headers the user named: `--map "Header=field"` (see [`read_map`]).
    pub map: &'a [(String, &'static str)],
    /// Tab-separated, whatever the first line holds (a `.tsv` file).
    pub tabs: bool,
    /// The user's own address: a contact column holding it holds the user, not theirs.
    pub own_email: Option<&'a str>,
}

/// How many rows before the header a spreadsheet may have (a title, a blank line).
const HEADER_SEARCH_ROWS: usize = 10;

/// Reads a spreadsheet as [`read_sheet`] does, with no `--map` and the separator guessed.
pub fn read_csv<Tz: TimeZone>(
    bytes: &[u8],
    now: &DateTime<Tz>,
    week: Workweek<'_>,
    order: Option<DateOrder>,
) -> anyhow::Result<Incoming> {
    let options = SheetOptions {
        week,
        order,
        map: &[],
        tabs: false,
        own_email: None,
    };
    read_sheet(bytes, now, &options)
}

/// Reads a spreadsheet: a header naming at least company and role columns (in any case, with
/// the aliases of [`ALIASES`] and [`COLUMNS`], or as `--map` names them), after up to
/// [`HEADER_SEARCH_ROWS`] rows of titles, then one row per interview or application. Rows with
/// the same id (another tracker's, kept as the process's external reference, or a process
/// number), or without ids the same company and role (in any case) and no applied day or link
/// that differs, are one process. A row
/// without an interview date is an application. Every bad row is an error that names its line;
/// none is skipped.
pub fn read_sheet<Tz: TimeZone>(
    bytes: &[u8],
    now: &DateTime<Tz>,
    options: &SheetOptions<'_>,
) -> anyhow::Result<Incoming> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let separator = if options.tabs {
        b'\t'
    } else {
        header_delimiter(bytes, options.map).unwrap_or_else(|| delimiter(bytes))
    };
    // The csv crate takes a quote never closed as running to the end of the file: every later
    // row would vanish into one cell.
    if let Some(open) = unclosed_quote(bytes, separator) {
        let feeds: Vec<usize> = (0..bytes.len()).filter(|i| bytes[*i] == b'\n').collect();
        let line = 1 + feeds.partition_point(|feed| *feed < open);
        return Err(usage(format!(
            "line {line}: a double quote opens a cell here and is never closed, so every line after it would be read into that cell: close it, or write a quote inside a cell as \"\"; nothing was imported"
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let feeds: Vec<usize> = (0..bytes.len()).filter(|i| bytes[*i] == b'\n').collect();
    let line_of =
        |position: Option<&csv::Position>| position.map_or(1, |p| line_at(bytes, &feeds, p.byte()));
    let failed = |err: csv::Error| match err.kind() {
        csv::ErrorKind::Utf8 { .. } => usage(format!(
            "line {}: not UTF-8 text: save the spreadsheet as \"CSV UTF-8\"",
            line_of(err.position())
        )),
        _ => usage(format!("could not read the spreadsheet: {err}")),
    };
    let columns_of = |headers: &csv::StringRecord| -> Vec<Option<&'static str>> {
        headers.iter().map(|h| column(h, options.map)).collect()
    };
    let all: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().map_err(failed)?;
    // The header: the first row naming a company and a role (below titles perhaps), else the
    // first row, refused below.
    let at =
        (all.iter().take(HEADER_SEARCH_ROWS)).position(|record| is_header(record, options.map));
    let mut all = all.into_iter().skip(at.unwrap_or(0));
    let headers = all.next().unwrap_or_default();
    let all: Vec<csv::StringRecord> = all.collect();
    // The headers as the fields they name; those of no field are not read.
    let mut columns = columns_of(&headers);
    let mut ignored_columns = Vec::new();
    for (index, (header, name)) in headers.iter().zip(&columns).enumerate() {
        match name {
            Some("ignore") if !options.map.iter().any(|(h, _)| normal(h) == normal(header)) => {
                ignored_columns.push(header.trim().to_string());
            }
            Some("ignore") => {}
            Some(name) => {
                if let Some(first) = columns[..index].iter().position(|c| c == &Some(*name)) {
                    return Err(usage(format!(
                        "columns {:?} and {header:?} both give the {name}: keep one, or leave one out with --map \"{}=ignore\"",
                        &headers[first],
                        header.trim()
                    )));
                }
            }
            None if !header.trim().is_empty() => ignored_columns.push(header.trim().to_string()),
            None => {}
        }
    }
    // The headers named, for a refusal.
    let found = || {
        let found: Vec<String> = headers
            .iter()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(|h| format!("{h:?}"))
            .collect();
        found.join(", ")
    };
    for (header, field) in options.map {
        if !headers.iter().any(|h| normal(h) == normal(header)) {
            return Err(usage(format!(
                "--map \"{header}={field}\": the spreadsheet has no column {header:?}; its columns are {}",
                found()
            )));
        }
    }
    // LinkedIn's "Job Applications.csv" (known by its resume and questions columns): its
    // "Contact Email" is the address you applied with, never their contact.
    let mut sheet_warnings = Vec::new();
    let linkedin = headers
        .iter()
        .any(|h| matches!(normal(h).as_str(), "resume name" | "question and answers"));
    if linkedin && let Some(at) = columns.iter().position(|c| *c == Some("contact_email")) {
        columns[at] = None;
        sheet_warnings.push(format!(
            "a LinkedIn export: its {:?} column is the address you applied with, not taken as a contact",
            headers[at].trim()
        ));
    }
    let has = |name: &str| columns.contains(&Some(name));
    let missing: Vec<&str> = ["company", "role"]
        .into_iter()
        .filter(|name| !has(name))
        .collect();
    if !missing.is_empty() {
        let found = Some(found()).filter(|f| !f.is_empty());
        return Err(usage(format!(
            "missing column{}: {} (a spreadsheet needs company and role columns; found {}; --map \"Header=role\" names one)",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            found.as_deref().unwrap_or("none")
        )));
    }
    // A generic date column ("Date") of a row that says "applied" is when the user applied.
    let generic_date = headers.iter().zip(&columns).any(|(h, c)| {
        *c == Some("date") && matches!(normal(h).as_str(), "date" | "datum" | "fecha" | "when")
    });
    // An export of ours: every header is a field's own name.
    let ours = headers
        .iter()
        .all(|h| COLUMNS.iter().any(|(name, _)| *name == h));
    let names: csv::StringRecord = columns
        .iter()
        .map(|c| match c {
            Some("ignore") | None => "",
            Some(name) => name,
        })
        .collect();
    // Nothing says the order of day and month: the file's own dates may.
    let mut options = *options;
    if options.order.is_none() {
        let dated: Vec<usize> = (0..names.len())
            .filter(|i| matches!(&names[*i], "date" | "applied" | "closed" | "saved"))
            .collect();
        let cells = all
            .iter()
            .flat_map(|r| dated.iter().filter_map(move |i| r.get(*i).map(|c| (r, c))));
        if let Some((order, record, cell)) = order_of(cells) {
            options.order = Some(order);
            sheet_warnings.push(format!(
                "numeric dates read {}, as {cell:?} on line {} shows (--date-order {} reads them the other way)",
                if order == DateOrder::Dmy { "day first" } else { "month first" },
                line_of(record.position()),
                if order == DateOrder::Dmy { "mdy" } else { "dmy" },
            ));
        }
    }
    let options = &options;
    let context = RowContext {
        has_label: has("label"),
        has_applied: has("applied"),
        generic_date,
        ours,
        options,
    };

    let mut rows = Vec::new();
    let mut bad = Vec::new();
    // Lines with cells beyond the header's, left out.
    let mut wide = Vec::new();
    for record in all {
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = line_of(record.position());
        if record
            .iter()
            .skip(names.len())
            .any(|c| !c.trim().is_empty())
        {
            wide.push(line);
        }
        let cells: csv::StringRecord = (0..names.len())
            .map(|i| unguard(record.get(i).unwrap_or("").trim()))
            .collect();
        let cells: Cells = cells.deserialize(Some(&names)).expect("every cell is text");
        match read_row(&cells, &context, now) {
            Ok(row) => rows.push(Row { line, ..row }),
            // The import's own flag says the order too.
            Err(message) => bad.push((
                line,
                message.replacen(
                    "set date_order = ",
                    "give --date-order mdy or dmy, or set date_order = ",
                    1,
                ),
            )),
        }
    }
    let mut warnings = sheet_warnings;
    warnings.extend(row_warnings(&rows));
    if !wide.is_empty() {
        warnings.push(format!(
            "{}: more cells than the header has columns, the last ones left out (a cell holding {:?} needs double quotes around it)",
            line_list(&wide),
            char::from(separator)
        ));
    }
    let (mut processes, saved) = group(rows, now, &mut bad, &mut warnings, ours);
    if !bad.is_empty() {
        // Each bad row with its reason, so that all are fixed in one pass; on one line, as an
        // error is printed with its line breaks escaped.
        bad.sort_by_key(|(line, _)| *line);
        let mut named: Vec<String> = bad
            .iter()
            .take(NAMED_LINES)
            .map(|(line, message)| format!("line {line}: {message}"))
            .collect();
        let rest = &bad[bad.len().min(NAMED_LINES)..];
        if !rest.is_empty() {
            let s = if rest.len() == 1 { "" } else { "s" };
            let lines: Vec<u64> = rest.iter().map(|(line, _)| *line).collect();
            named.push(format!(
                "and {} more bad row{s}: {}",
                rest.len(),
                line_list(&lines)
            ));
        }
        return Err(usage(format!(
            "{}; nothing was imported",
            named.join(" | ")
        )));
    }
    warnings.extend(drop_own_contacts(&mut processes, options.own_email));
    Ok(Incoming {
        processes: processes.into_iter().map(|(id, p, _)| (id, p)).collect(),
        ignored_columns,
        next_id: None,
        warnings,
        saved,
    })
}

/// What every row's reading needs to know of the sheet.
struct RowContext<'a> {
    has_label: bool,
    has_applied: bool,
    generic_date: bool,
    ours: bool,
    options: &'a SheetOptions<'a>,
}

/// How many lines a message names before it counts the rest.
const NAMED_LINES: usize = 10;

/// Lines named in a message: `line 4`, `lines 4, 6`, and beyond [`NAMED_LINES`] `and N more`.
fn line_list(lines: &[u64]) -> String {
    let s = if lines.len() == 1 { "" } else { "s" };
    let named: Vec<String> = lines.iter().take(NAMED_LINES).map(u64::to_string).collect();
    let mut text = format!("line{s} {}", named.join(", "));
    if lines.len() > NAMED_LINES {
        text.push_str(&format!(" and {} more", lines.len() - NAMED_LINES));
    }
    text
}

/// The warnings of the rows read: unknown stages (one warning), cells of applications left out
/// (one), interviewer cells read with a guess (one each).
fn row_warnings(rows: &[Row]) -> Vec<String> {
    let mut warnings = Vec::new();
    // What `said` gives of each row, each once, and the lines of the rows that gave any.
    let gathered = |said: &dyn Fn(&Row) -> Vec<String>| {
        let mut all: Vec<String> = Vec::new();
        let mut lines = Vec::new();
        for row in rows {
            let some = said(row);
            if !some.is_empty() {
                lines.push(row.line);
            }
            for one in some {
                if !all.contains(&one) {
                    all.push(one);
                }
            }
        }
        (all, line_list(&lines))
    };
    let (unknown, lines) =
        gathered(&|row| row.unknown_stage.iter().map(|w| format!("{w:?}")).collect());
    if !unknown.is_empty() {
        warnings.push(format!(
            "status{} not known, imported as open: {} ({lines})",
            if unknown.len() == 1 { "" } else { "es" },
            unknown.join(", "),
        ));
    }
    let (dropped, lines) = gathered(&|row| row.dropped.iter().map(|d| d.to_string()).collect());
    if !dropped.is_empty() {
        warnings.push(format!(
            "no interview date on {lines}: read as applications, without their {}",
            dropped.join(", ")
        ));
    }
    for row in rows {
        for said in &row.said {
            warnings.push(format!("line {}: {said}", row.line));
        }
    }
    let guessed: Vec<&Row> = rows
        .iter()
        .filter(|r| r.unsure.is_some() && r.round.is_some())
        .collect();
    for row in guessed.iter().take(NAMED_LINES) {
        if let (Some(cell), Some(round)) = (&row.unsure, &row.round) {
            let people: Vec<String> = round
                .interviewers
                .iter()
                .map(|p| format!("{:?}", p.to_string()))
                .collect();
            warnings.push(format!(
                "line {}: interviewers {cell:?} read as {}: write \"Name, Title\" or separate people with \";\" to say otherwise",
                row.line,
                people.join(" and ")
            ));
        }
    }
    if guessed.len() > NAMED_LINES {
        warnings.push(format!(
            "and {} more interviewer cells read with a guess: {}",
            guessed.len() - NAMED_LINES,
            line_list(
                &guessed[NAMED_LINES..]
                    .iter()
                    .map(|r| r.line)
                    .collect::<Vec<_>>()
            )
        ));
    }
    warnings
}

/// Takes off the contacts that are the user: the user's own address, or one address given as
/// the only contact of three companies or more (LinkedIn's "Contact Email" is the address you
/// applied with). Returns a warning for the latter.
fn drop_own_contacts(processes: &mut [Read], own_email: Option<&str>) -> Vec<String> {
    let email_of = |process: &Process| {
        let contact = process.contact.as_ref();
        contact
            .and_then(|c| c.email.as_ref())
            .map(|e| e.to_lowercase())
    };
    // The companies of each address known alone, without a name.
    let mut companies: HashMap<String, HashSet<String>> = HashMap::new();
    for (_, process, by_email) in processes.iter() {
        if let Some(email) = email_of(process).filter(|_| *by_email) {
            let list = companies.entry(email).or_default();
            list.insert(process.company.to_lowercase());
        }
    }
    let own = own_email.map(str::to_lowercase);
    companies.retain(|email, list| list.len() >= 3 && own.as_ref() != Some(email));
    for (_, process, by_email) in processes.iter_mut() {
        if let Some(email) = email_of(process)
            && (own.as_ref() == Some(&email) || (*by_email && companies.contains_key(&email)))
        {
            process.contact = None;
        }
    }
    let mut warnings: Vec<String> = companies
        .iter()
        .map(|(email, list)| {
            format!(
                "contact email {email:?} is on the rows of {} companies: taken as yours, not as their contact",
                list.len()
            )
        })
        .collect();
    warnings.sort();
    warnings
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

/// The order of day and month that the numeric dates among `cells` show: one with a day
/// above 12 (`18/11/2026`), when none says the other order. Returns the order and the first
/// cell that shows it.
fn order_of<'a, R>(
    cells: impl Iterator<Item = (&'a R, &'a str)>,
) -> Option<(DateOrder, &'a R, &'a str)> {
    let mut shown: Option<(DateOrder, &R, &str)> = None;
    for (record, cell) in cells {
        let date = cell
            .trim()
            .split([' ', ',', 'T'])
            .next()
            .unwrap_or_default();
        let parts: Vec<&str> = date.split(['/', '.', '-']).collect();
        let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
        let Some([first, second, _]) = numbers.as_deref() else {
            continue;
        };
        if parts[0].len() > 2 {
            continue;
        }
        let order = match (*first, *second) {
            (13..=31, 1..=12) => DateOrder::Dmy,
            (1..=12, 13..=31) => DateOrder::Mdy,
            _ => continue,
        };
        match shown {
            None => shown = Some((order, record, cell)),
            Some((was, ..)) if was != order => return None,
            Some(_) => {}
        }
    }
    shown
}

/// Where a quoted cell that is never closed opens, if one is: the byte offset of its quote.
/// Read as the csv crate reads: a cell is quoted when it starts with `"`, `""` inside is a
/// quote, a `"` elsewhere in an unquoted cell is text.
fn unclosed_quote(bytes: &[u8], separator: u8) -> Option<usize> {
    let mut at_start = true;
    let mut open = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match open {
            Some(_) if b == b'"' && bytes.get(i + 1) == Some(&b'"') => i += 1,
            Some(_) if b == b'"' => open = None,
            Some(_) => {}
            None if at_start && b == b'"' => open = Some(i),
            None => {}
        }
        at_start = open.is_none() && (b == separator || b == b'\n' || b == b'\r');
        i += 1;
    }
    open
}

/// Whether a row is a header: it names a company and a role column.
fn is_header(record: &csv::StringRecord, map: &[(String, &'static str)]) -> bool {
    let columns: Vec<Option<&str>> = record.iter().map(|h| column(h, map)).collect();
    columns.contains(&Some("company")) && columns.contains(&Some("role"))
}

/// The separator of the header line, found among the first lines (below a title perhaps): the
/// one of `,`, `;` and tab that splits a line into cells naming a company and a role.
fn header_delimiter(bytes: &[u8], map: &[(String, &'static str)]) -> Option<u8> {
    for line in bytes.split(|b| *b == b'\n').take(HEADER_SEARCH_ROWS) {
        for separator in [b',', b';', b'\t'] {
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(separator)
                .has_headers(false)
                .flexible(true)
                .from_reader(line);
            if let Some(Ok(record)) = reader.records().next()
                && is_header(&record, map)
            {
                return Some(separator);
            }
        }
    }
    None
}

/// Reads one row's cells.
fn read_row<Tz: TimeZone>(
    cells: &Cells,
    context: &RowContext<'_>,
    now: &DateTime<Tz>,
) -> Result<Row, String> {
    let (week, order) = (context.options.week, context.options.order);
    let optional = |text: &str| Some(text.to_string()).filter(|t| !t.is_empty());
    let required = |name: &str, text: &str| {
        optional(text).ok_or_else(|| format!("no {name}: each row needs a company and a role"))
    };
    let company = required("company", &cells.company)?;
    let role = required("role", &cells.role)?;
    let (id, external_ref) = match cells.id.trim_start_matches('#') {
        "" => (None, None),
        digits if digits.bytes().all(|b| b.is_ascii_digit()) => {
            let id = digits.parse::<u32>().ok().filter(|id| *id > 0).ok_or_else(|| {
                format!(
                    "id {:?} is not a process id: give a whole number from 1 to {}, another tracker's id such as JOB_20261102_001, or leave it empty",
                    cells.id,
                    u32::MAX - 1
                )
            })?;
            (Some(id), None)
        }
        _ => (None, Some(cells.id.clone())),
    };
    let external_ref = optional(&cells.external_ref).or(external_ref);
    let stage = read_stage(&cells.status);
    let unknown_stage = stage.is_none().then(|| cells.status.clone());
    let mut stage = stage.unwrap_or(Stage::Open);
    // A checkbox in a date column says nothing of when.
    let dated = |text: &str| optional(text).filter(|text| yes_or_no(text).is_none());
    let mut applied = dated(&cells.applied)
        .map(|text| read_past(&text, now, order))
        .transpose()?;
    let mut at = dated(&cells.date)
        .map(|text| read_when(&text, now, order))
        .transpose()?;
    // Saved, with no status, no application and no interview: not applied to yet (LinkedIn's
    // "Saved Jobs.csv").
    let saved = !cells.saved.is_empty() && yes_or_no(&cells.saved) != Some(false);
    if saved && cells.status.is_empty() && applied.is_none() && at.is_none() {
        stage = Stage::Saved;
    }
    // A status that says more than saved, and no other date: the saved date is the start.
    if let Some(text) = dated(&cells.saved)
        && stage != Stage::Saved
        && applied.is_none()
        && at.is_none()
    {
        applied = Some(read_past(&text, now, order)?);
    }
    // In a tracker's own sheet, a "Date" with no interview in its status (applied, rejected,
    // ghosted...) is when they applied; but a row that names interviewers had an interview,
    // and its date is that interview's.
    let (interviewers, unsure) = read_people(&cells.interviewers, context.ours)?;
    let interviewing = matches!(stage, Stage::Open | Stage::Offer) || !interviewers.is_empty();
    if context.generic_date
        && !context.ours
        && !interviewing
        && applied.is_none()
        && !context.has_applied
    {
        applied = at.take();
    }
    let mut label = optional(&cells.label);
    let number = match cells.round.as_str() {
        "" => None,
        round => match round.parse::<u32>() {
            Ok(n) if n > 0 => Some(n),
            _ if !context.has_label && round.parse::<i64>().is_err() => {
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
    let closed = match optional(&cells.closed) {
        None => None,
        Some(closed) if !matches!(stage, Stage::Closed(_)) => {
            return Err(format!(
                "closed {closed:?} but the status is open: give the status it closed with (accepted, declined, withdrawn, no-response, rejected)"
            ));
        }
        Some(closed) => Some(read_past(&closed, now, order)?),
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
    let mut contact = optional(&cells.contact)
        .map(|text| {
            Interviewer::parse(&text).map_err(|err| err.replacen("interviewer", "contact", 1))
        })
        .transpose()?;
    let mut contact_by_email = false;
    let mut said = Vec::new();
    if let Some(email) = optional(&cells.contact_email) {
        let email = read_email(&email)?;
        match &mut contact {
            Some(person) if person.email.is_none() => person.email = Some(email),
            Some(Interviewer {
                email: Some(own), ..
            }) if !own.eq_ignore_ascii_case(&email) => said.push(format!(
                "contact {:?} has the address {own:?} and the contact email is {email:?}: kept {own:?}, {email:?} left out (put the one to write to in both, or leave one empty)",
                cells.contact
            )),
            Some(_) => {}
            None => {
                contact_by_email = true;
                contact = Some(Interviewer {
                    uid: Default::default(),
                    name: name_from_email(&email),
                    email: Some(email),
                    title: None,
                });
            }
        }
    }
    let link = optional(&cells.link);
    if let Some(link) = &link
        && link.contains(|c: char| c.is_whitespace() || c.is_control())
    {
        return Err(format!(
            "link {link:?} is not an address: give the posting's URL, such as https://jobs.example.com/123"
        ));
    }
    let debrief = Debrief {
        notes: cells.notes.clone(),
        questions: list("questions", &cells.questions)?,
        highlights: list("highlights", &cells.highlights)?,
        stumped: list("stumped", &cells.stumped)?,
        red_flags: list("red_flags", &cells.red_flags)?,
        answers: cells.answers.clone(),
        feelings: cells.feelings.clone(),
        want_it: cells.want_it.clone(),
    };
    let (round, dropped) = match at {
        Some(at) => {
            let round = Round {
                cancelled: read_cancelled(&cells.cancelled)?,
                uid: Default::default(),
                at,
                label,
                interviewers,
                timeline: read_timeline(
                    Some(&cells.timeline),
                    Some(&cells.timeline_date),
                    &at,
                    week,
                    order,
                )?,
                instructions: optional(&cells.instructions),
                debrief,
            };
            super::check_round(&round, now)?;
            (Some(round), Vec::new())
        }
        None => {
            let kept = [
                ("interviewers", !interviewers.is_empty()),
                ("label", label.is_some() && context.has_label),
                (
                    "timeline",
                    !cells.timeline.is_empty() || !cells.timeline_date.is_empty(),
                ),
                ("instructions", !cells.instructions.is_empty()),
                ("notes", !debrief.is_empty()),
            ];
            let dropped = kept.into_iter().filter(|(_, there)| *there);
            (None, dropped.map(|(name, _)| name).collect())
        }
    };
    if let Some(applied) = &applied {
        super::near(applied, now)?;
        if *applied > now.fixed_offset() {
            return Err(format!(
                "applied {:?} is {}, still to come: give when you applied",
                cells.applied,
                render::rfc3339(applied)
            ));
        }
    }
    Ok(Row {
        line: 0,
        id,
        external_ref,
        company,
        role,
        number,
        round,
        applied,
        stage,
        unknown_stage,
        closed,
        replies,
        contact,
        contact_by_email,
        link,
        dropped,
        unsure: unsure.then(|| cells.interviewers.clone()),
        said,
    })
}

/// A process read from rows, with the id the file gave it and whether its contact is known
/// only by an address.
type Read = (Option<u32>, Process, bool);

/// Whether a row is one already read, interview, status and all (a row pasted twice).
fn repeats(first: &Row, row: &Row) -> bool {
    row.round.is_some()
        && first.round == row.round
        && first.number == row.number
        && first.stage == row.stage
        && first.closed == row.closed
        && first.applied == row.applied
        && first.replies == row.replies
        && first.contact == row.contact
        && first.link == row.link
}

/// What the rows of a process known only by its names say of one thing (their applied day,
/// their link): nothing, one value, or several. `Any` stands for all three in [`Named`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Said {
    Any,
    Nothing,
    One(String),
    Several,
}

impl Said {
    fn and(&self, value: &Option<String>) -> Said {
        match (self, value) {
            (said, None) => said.clone(),
            (Said::Nothing, Some(value)) => Said::One(value.clone()),
            (Said::One(was), Some(value)) if was == value => self.clone(),
            _ => Said::Several,
        }
    }
}

/// The processes known only by their names, found by what their rows say of the applied day
/// and the link, so that finding a row's process costs the same however many there are.
#[derive(Default)]
struct Named {
    /// Each process under its names with its day and its link, and with `Any` for either.
    index: HashMap<(Key, Said, Said), BTreeSet<usize>>,
    said: HashMap<usize, (Said, Said)>,
}

impl Named {
    /// The process of `names` that a row with this applied day and link belongs to: the first
    /// that agrees (neither their days nor their links differ) and shares the day or the link,
    /// else the latest that agrees.
    fn find(&self, names: &Key, day: &Option<String>, link: &Option<String>) -> Option<usize> {
        let agreeing = |value: &Option<String>| match value {
            Some(value) => vec![Said::One(value.clone()), Said::Nothing],
            None => vec![Said::Any],
        };
        let (mut shared, mut latest) = (None, None);
        for said_day in agreeing(day) {
            for said_link in agreeing(link) {
                let sharing = matches!(said_day, Said::One(_)) || matches!(said_link, Said::One(_));
                let Some(set) = self
                    .index
                    .get(&(names.clone(), said_day.clone(), said_link))
                else {
                    continue;
                };
                if sharing {
                    shared = shared.into_iter().chain(set.first().copied()).min();
                }
                latest = latest.max(set.last().copied());
            }
        }
        shared.or(latest)
    }

    /// The first process of `names`.
    fn first(&self, names: &Key) -> Option<usize> {
        let all = self.index.get(&(names.clone(), Said::Any, Said::Any));
        all.and_then(|set| set.first().copied())
    }

    /// Files process `i` of `names` again with a row's day and link added.
    fn add(&mut self, names: &Key, i: usize, day: &Option<String>, link: &Option<String>) {
        let (was_day, was_link) = self
            .said
            .remove(&i)
            .unwrap_or((Said::Nothing, Said::Nothing));
        let keys = |day: &Said, link: &Said| {
            [
                (day, link),
                (day, &Said::Any),
                (&Said::Any, link),
                (&Said::Any, &Said::Any),
            ]
            .map(|(day, link)| (names.clone(), day.clone(), link.clone()))
        };
        for key in keys(&was_day, &was_link) {
            self.index.entry(key).or_default().remove(&i);
        }
        let (day, link) = (was_day.and(day), was_link.and(link));
        for key in keys(&day, &link) {
            self.index.entry(key).or_default().insert(i);
        }
        self.said.insert(i, (day, link));
    }
}

/// Gathers rows into processes, in the order they first appear. Processes whose every row is
/// saved, not applied to, are left out: their names are returned.
fn group<Tz: TimeZone>(
    rows: Vec<Row>,
    now: &DateTime<Tz>,
    bad: &mut Vec<Bad>,
    warnings: &mut Vec<String>,
    ours: bool,
) -> (Vec<Read>, Vec<String>) {
    let mut processes: Vec<Vec<Row>> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    // Rows known only by their names: each process of those names, so that rows of different
    // applications (another applied date or link) stay apart.
    let mut named = Named::default();
    let names = |row: &Row| (row.company.to_lowercase(), row.role.to_lowercase());
    for row in rows {
        let key = row.key();
        let day = row.applied.map(|at| at.date_naive().to_string());
        let target = match &key {
            Key::Names(..) => {
                let found = named.find(&key, &day, &row.link);
                if let (None, Some(other)) = (found, named.first(&key)) {
                    warnings.push(format!(
                        "line {}: {} ({}) read as another application than on line {}: their applied dates or links differ",
                        row.line, row.company, row.role, processes[other][0].line
                    ));
                }
                found
            }
            Key::Ref(_) | Key::Id(_) => match index.get(&key) {
                Some(&i) if names(&processes[i][0]) != names(&row) => {
                    let first = &processes[i][0];
                    let id = match &key {
                        Key::Ref(reference) => format!("{reference:?}"),
                        _ => row.id.unwrap_or_default().to_string(),
                    };
                    bad.push((
                        row.line,
                        format!(
                            "id {id} is {} ({}) on line {}, not {} ({}): give each process its own id",
                            first.company, first.role, first.line, row.company, row.role
                        ),
                    ));
                    continue;
                }
                found => found.copied(),
            },
        };
        let i = match target {
            Some(i) => {
                if let Some(first) = processes[i].iter().find(|r| repeats(r, &row)) {
                    warnings.push(format!(
                        "line {} repeats the interview of line {}: left out",
                        row.line, first.line
                    ));
                    continue;
                }
                i
            }
            None => {
                processes.push(Vec::new());
                processes.len() - 1
            }
        };
        if matches!(key, Key::Names(..)) {
            named.add(&key, i, &day, &row.link);
        } else {
            index.insert(key, i);
        }
        processes[i].push(row);
    }
    let mut read = Vec::new();
    let mut saved = Vec::new();
    let mut undated = Vec::new();
    for rows in processes {
        if rows.iter().all(|r| r.stage == Stage::Saved) {
            saved.push(format!("{} ({})", rows[0].company, rows[0].role));
            continue;
        }
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        if let Some(process) = build_process(rows, now, bad, warnings, ours) {
            if process.1.applied.is_none() && process.1.rounds.is_empty() {
                undated.extend(lines);
            }
            read.push(process);
        }
    }
    if !undated.is_empty() {
        undated.sort_unstable();
        warnings.push(format!(
            "no date on {}: imported as applications without a date, which plan no follow-up; give when you applied (a \"Date Applied\" column) to have one planned",
            line_list(&undated)
        ));
    }
    (read, saved)
}

fn build_process<Tz: TimeZone>(
    mut rows: Vec<Row>,
    now: &DateTime<Tz>,
    bad: &mut Vec<Bad>,
    warnings: &mut Vec<String>,
    ours: bool,
) -> Option<Read> {
    // The names as the first row has them.
    let (id, company, role) = (rows[0].id, rows[0].company.clone(), rows[0].role.clone());
    let mut external_ref = rows[0].external_ref.clone();
    let name = format!("{company} ({role})");
    // Rounds by their number when every interview row has one, else by date.
    let numbered = rows
        .iter()
        .filter(|r| r.round.is_some())
        .all(|r| r.number.is_some());
    if numbered {
        rows.sort_by_key(|r| (r.round.is_some(), r.number));
        if let Some(pair) = rows
            .windows(2)
            .find(|pair| pair[0].round.is_some() && pair[0].number == pair[1].number)
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
        rows.sort_by_key(|r| r.round.as_ref().map(|round| round.at));
    }
    // The first row with a status gives it; a date may come from a later row.
    let mut closure: Option<(u64, Outcome, Option<Time>)> = None;
    for row in &rows {
        let Stage::Closed(outcome) = row.stage else {
            continue;
        };
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
    let offer = rows.iter().any(|r| r.stage == Stage::Offer);
    let applied = rows.iter().filter_map(|r| r.applied).min();
    let contact = rows.iter().find(|r| r.contact.is_some());
    let by_email = contact.is_some_and(|r| r.contact_by_email);
    let contact = contact.and_then(|r| r.contact.clone());
    let link = rows.iter().find_map(|r| r.link.clone());
    let mut rounds = Vec::new();
    let mut replies = Vec::new();
    for row in rows {
        rounds.extend(row.round);
        replies.extend(row.replies);
    }
    // Without a date, it closed (or the offer came) with the last thing recorded.
    let recorded = rounds
        .iter()
        .map(|r| r.at)
        .chain(replies.iter().map(|r| r.at))
        .chain(applied)
        .max();
    let last = recorded.unwrap_or_else(|| now.fixed_offset());
    // Nothing recorded says when it ended: the import's time stands in, and is said to.
    if let (None, Some((line, outcome, None))) = (recorded, closure) {
        warnings.push(format!(
            "line {line}: {name} is {outcome} with no date on its row: recorded as ended at the import, {}, not when it did; give its date (a \"Closed\" or \"Date Applied\" column) to say when",
            local(&last)
        ));
    }
    if offer && closure.is_none() && !replies.iter().any(|r| r.kind == ReplyKind::Offer) {
        replies.push(Reply {
            uid: Default::default(),
            at: last,
            kind: ReplyKind::Offer,
            note: None,
            timeline: None,
            next_interview: None,
            from: None,
        });
    }
    let closed = closure.map(|(_, outcome, closed)| Closure {
        outcome,
        at: closed.unwrap_or(last),
    });
    // What recognises the rows when the sheet is imported again, whatever was edited since:
    // another tracker's number is its id as much as a text one; rows without an id, by their
    // names and first date as read now.
    if external_ref.is_none() {
        external_ref = match id {
            Some(id) if !ours => Some(id.to_string()),
            Some(_) => None,
            None => {
                let first = applied.into_iter().chain(rounds.iter().map(|r| r.at)).min();
                Some(super::row_print(&company, &role, first.as_ref()))
            }
        };
    }
    let process = Process {
        applied,
        link,
        contact,
        external_ref,
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
    Some((id, process, by_email))
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
        assert_eq!(
            err.split(" | ").nth(1),
            Some("line 6: no company: each row needs a company and a role; nothing was imported"),
            "{err}"
        );
        for (text, says) in [
            ("company,role,date\nAcme,,2026-11-10\n", "line 2: no role"),
            (
                "company,role,date,timeline\nAcme,Dev,2026-11-10,someday\n",
                "line 2: could not read timeline \"someday\"",
            ),
            (
                "company,role,date,contact_email\nAcme,Dev,2026-11-10,sam at acme\n",
                "line 2: contact email \"sam at acme\" is not an email address",
            ),
            (
                "company,role,applied\nAcme,Dev,next friday\n",
                "line 2: applied \"next friday\" is 2026-11-27T00:00:00+01:00, still to come",
            ),
            (
                "company,role,link\nAcme,Dev,jobs at acme\n",
                "line 2: link \"jobs at acme\" is not an address",
            ),
            (
                "id,company,role\nJOB_1,Acme,Dev\nJOB_1,Beta,Dev\n",
                "line 3: id \"JOB_1\" is Acme (Dev) on line 2, not Beta (Dev)",
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
            ("", "missing columns: company, role (a spreadsheet needs"),
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
    fn interviewer_cells_are_split_as_people_write_them() {
        let people = |text: &str| {
            let (people, unsure) = read_people(text, false).unwrap();
            let shown: Vec<String> = people.iter().map(|p| p.to_string()).collect();
            (shown, unsure)
        };
        let sure = |list: &[&str]| (list.iter().map(|s| s.to_string()).collect(), false);
        assert_eq!(
            people("Richard Hendricks, Dinesh Chugtai"),
            sure(&["Richard Hendricks", "Dinesh Chugtai"])
        );
        assert_eq!(
            people("Jane Doe, VP Engineering"),
            sure(&["Jane Doe, VP Engineering"])
        );
        assert_eq!(people("Ann Lee, CTO"), sure(&["Ann Lee, CTO"]));
        let guess = |list: &[&str]| (list.iter().map(|s| s.to_string()).collect(), true);
        // One word each: people most likely, and said to be a guess.
        assert_eq!(people("A and B"), guess(&["A", "B"]));
        assert_eq!(people("Ann & Bob / Cy"), guess(&["Ann", "Bob", "Cy"]));
        assert_eq!(
            people("Big Head & Erlich Bachman"),
            sure(&["Big Head", "Erlich Bachman"])
        );
        // Not each a "First Last": one name, kept whole and said to be a guess.
        assert_eq!(
            people("Johnson & Johnson Recruiting"),
            guess(&["Johnson & Johnson Recruiting"])
        );
        assert_eq!(people("Ann & Bob Li"), guess(&["Ann & Bob Li"]));
        let incoming = read_csv(
            b"Company,Role,Interview Date,Interviewer\nJ&J,Dev,2026-11-12 10:00,Johnson & Johnson Recruiting\n",
            &now(),
            MON_FRI,
            None,
        )
        .unwrap();
        assert_eq!(
            incoming.warnings,
            [
                "line 2: interviewers \"Johnson & Johnson Recruiting\" read as \"Johnson & Johnson Recruiting\": write \"Name, Title\" or separate people with \";\" to say otherwise"
            ]
        );
        assert_eq!(
            people("Ann; Bob Li, Head of R&D"),
            sure(&["Ann", "Bob Li, Head of R&D"])
        );
        assert_eq!(
            people("Jane Doe, Bob Li and Ann Wu"),
            sure(&["Jane Doe", "Bob Li", "Ann Wu"])
        );
        assert_eq!(
            people("Jane Doe, VP Sales and Marketing"),
            sure(&["Jane Doe, VP Sales and Marketing"])
        );
        assert_eq!(
            people("Jane Doe, VP Engineering & Bob Li"),
            sure(&["Jane Doe, VP Engineering", "Bob Li"])
        );
        assert_eq!(
            people("Jane <jane@acme.test>, CTO, Bob Li <bob@acme.test>"),
            sure(&["Jane <jane@acme.test>, CTO", "Bob Li <bob@acme.test>"])
        );
        assert_eq!(
            people("Marie Curie, Directrice technique"),
            sure(&["Marie Curie, Directrice technique"])
        );
        // One word after a comma: a name most likely, and said to be a guess.
        assert_eq!(
            people("Bob, Alice"),
            (vec!["Bob".to_string(), "Alice".to_string()], true)
        );
        // An export's list is read as written, titles and all.
        let (strict, _) = read_people("Bob, Alice; Ann <a@b.test>, R&D and Ops", true).unwrap();
        assert_eq!(strict[0].title.as_deref(), Some("Alice"));
        assert_eq!(strict[1].title.as_deref(), Some("R&D and Ops"));
    }

    #[test]
    fn stage_words_and_headers_read_in_four_languages() {
        for (word, stage) in [
            ("Applied", Stage::Applied),
            ("Saved", Stage::Saved),
            ("Screening Call", Stage::Open),
            ("Final Round", Stage::Open),
            ("Interview", Stage::Open),
            ("Offer", Stage::Offer),
            ("Ghosted", Stage::Closed(Outcome::NoResponse)),
            ("Withdrew", Stage::Closed(Outcome::Withdrawn)),
            ("Rejected", Stage::Closed(Outcome::Rejected)),
            ("declined", Stage::Closed(Outcome::Declined)),
            ("Accepted", Stage::Closed(Outcome::Accepted)),
            ("no-response", Stage::Closed(Outcome::NoResponse)),
            ("Absage", Stage::Closed(Outcome::Rejected)),
            ("Zurückgezogen", Stage::Closed(Outcome::Withdrawn)),
            ("Candidature envoyée", Stage::Applied),
            ("Entrevista", Stage::Open),
            ("", Stage::Open),
        ] {
            assert_eq!(read_stage(word), Some(stage), "{word}");
        }
        assert_eq!(read_stage("Waitlisted"), None);
        for (header, field) in [
            ("Job Position", "role"),
            ("Position Title", "role"),
            ("Job Title", "role"),
            ("Date Applied", "applied"),
            ("Application Date", "applied"),
            ("Company Name", "company"),
            ("Firma", "company"),
            ("Datum", "date"),
            ("Entreprise", "company"),
            ("Poste", "role"),
            ("Empresa", "company"),
            ("Puesto", "role"),
            ("Fecha de aplicación", "applied"),
            ("Vorstellungsgespräch", "date"),
            ("E-Mail", "contact_email"),
            ("Contact Person", "contact"),
            ("Recruiter", "contact"),
            ("Job URL", "link"),
            ("Interview Date", "date"),
            ("want_it", "want_it"),
            ("#", "id"),
            ("Stage", "status"),
            ("Type", "ignore"),
        ] {
            assert_eq!(column(header, &[]), Some(field), "{header}");
        }
        assert_eq!(column("Salary", &[]), None);
        let map = read_map(&["Salary=notes".into()]).unwrap();
        assert_eq!(column("SALARY", &map), Some("notes"));
        for (bad, says) in [
            ("Salary", "write \"Header=field\""),
            (
                "Salary=pay",
                "unknown field \"pay\": use one of id, company",
            ),
            ("=role", "no header before"),
        ] {
            let err = read_map(&[bad.into()]).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn rows_without_an_interview_date_are_applications() {
        let incoming = read_csv(
            "Date,Company,Role,Status,Interviewer\n\
             2026-11-02,Acme,Dev,Applied,\n\
             2026-11-12 10:00,Beta,SRE,Interview,Jane\n\
             ,Gamma,PM,,Bob\n"
                .as_bytes(),
            &now(),
            MON_FRI,
            None,
        )
        .unwrap();
        let processes: Vec<&Process> = incoming.processes.iter().map(|(_, p)| p).collect();
        assert_eq!(processes[0].applied, Some(t("2026-11-02T00:00:00+01:00")));
        assert!(processes[0].rounds.is_empty());
        assert_eq!(processes[1].rounds[0].at, t("2026-11-12T10:00:00+01:00"));
        assert_eq!(processes[1].applied, None);
        assert!(processes[2].rounds.is_empty() && processes[2].applied.is_none());
        assert_eq!(
            incoming.warnings,
            [
                "no interview date on line 4: read as applications, without their interviewers",
                "no date on line 4: imported as applications without a date, which plan no follow-up; give when you applied (a \"Date Applied\" column) to have one planned"
            ]
        );
        // A checkbox in a date column, or a saved date alone, names no interview.
        let incoming = read_csv(
            b"Company,Role,Interview,Date Saved\nAcme,Dev,Yes,\nBeta,SRE,,2026-11-02\n",
            &now(),
            MON_FRI,
            None,
        )
        .unwrap();
        assert_eq!(incoming.processes.len(), 1);
        assert!(incoming.processes[0].1.rounds.is_empty());
        assert_eq!(incoming.saved, ["Beta (SRE)"]);
    }

    #[test]
    fn an_ending_without_any_date_says_its_close_is_the_import_time() {
        let incoming = read_csv(
            b"Company;Role;Datum;Stage\nEndFrame;Dev;;Ghosted\nHooli;PM;2026-11-02;Rejected\n",
            &now(),
            MON_FRI,
            None,
        )
        .unwrap();
        let closed = |i: usize| incoming.processes[i].1.closed.clone().unwrap();
        assert_eq!(closed(0).outcome, Outcome::NoResponse);
        assert_eq!(closed(0).at, now(), "nothing else to go by");
        assert_eq!(closed(1).at, t("2026-11-02T00:00:00+01:00"), "its own date");
        let said: Vec<&String> = incoming
            .warnings
            .iter()
            .filter(|w| w.contains("recorded as ended"))
            .collect();
        assert_eq!(
            said,
            [
                "line 2: EndFrame (Dev) is no-response with no date on its row: recorded as ended at the import, 2026-11-20 09:00, not when it did; give its date (a \"Closed\" or \"Date Applied\" column) to say when"
            ]
        );
    }

    #[test]
    fn a_quote_never_closed_is_refused_naming_its_line() {
        let err = message(import(
            "Company,Role,Interview Date,Notes\n\
             Acme,Dev,2026-11-19 10:00,\"ok\"\n\
             Gamma,Dev,2026-11-19 11:00,\"He said \"\"hi\n\
             Delta,Dev,2026-11-19 12:00,x\n\
             Eps,Dev,2026-11-19 12:00,y\n",
        ));
        assert!(
            err.starts_with("line 3: a double quote opens a cell here and is never closed"),
            "{err}"
        );
        // Closed quotes over several lines, quotes doubled or inside a cell are fine.
        let processes = import(
            "Company,Role,Interview Date,Notes\n\
             Acme,Dev,2026-11-19 10:00,\"two\nlines, \"\"quoted\"\"\"\n\
             Beta,5\" screen,2026-11-19 11:00,\"\"\n",
        )
        .unwrap();
        assert_eq!(processes.len(), 2);
        assert_eq!(
            processes[0].rounds[0].debrief.notes,
            "two\nlines, \"quoted\""
        );
        assert_eq!(processes[1].role, "5\" screen");
    }

    #[test]
    fn rows_of_the_same_names_are_one_process_only_when_they_agree() {
        let incoming = read_csv(
            b"Company,Role,Location,Date Applied,Interview Date,Status,Job Link\n\
              Google,Software Engineer,Zurich,2026-09-01,,Rejected,https://g.co/1\n\
              Google,Software Engineer,Paris,2026-11-05,,Applied,https://g.co/2\n\
              Google,Software Engineer,Paris,2026-11-05,2026-11-18 10:00,Interview,https://g.co/2\n\
              Google,Software Engineer,Paris,,2026-11-19 10:00,Interview,\n",
            &now(),
            MON_FRI,
            None,
        )
        .unwrap();
        let processes: Vec<&Process> = incoming.processes.iter().map(|(_, p)| p).collect();
        assert_eq!(processes.len(), 2, "{processes:#?}");
        assert_eq!(processes[0].link.as_deref(), Some("https://g.co/1"));
        assert_eq!(
            processes[0].closed.as_ref().unwrap().outcome,
            Outcome::Rejected
        );
        assert!(processes[0].rounds.is_empty());
        assert_eq!(processes[1].link.as_deref(), Some("https://g.co/2"));
        assert_eq!(processes[1].closed, None, "the other application is open");
        assert_eq!(processes[1].rounds.len(), 2);
        assert_eq!(
            incoming.warnings,
            [
                "line 3: Google (Software Engineer) read as another application than on line 2: their applied dates or links differ"
            ]
        );
    }

    #[test]
    fn our_export_imported_again_into_the_same_store_adds_nothing() {
        let incoming = read_csv(
            b"Job ID,Company,Role,Interview Date\n\
              JOB_1,Pied Piper,Backend,2026-11-10 10:00\n\
              JOB_1,Pied Piper,Backend,2026-11-18 14:00\n\
              JOB_2,Hooli,SRE,\n\
              ,Initech,Analyst,2026-11-12\n",
            &now(),
            MON_FRI,
            None,
        )
        .unwrap();
        let mut d = Data::default();
        merge(&mut d, incoming, Same::Rows).unwrap();
        let sheet = String::from_utf8(csv(&d).bytes).unwrap();
        let header = sheet.lines().next().unwrap();
        assert!(header.contains(",cancelled,external_ref,"), "{header}");
        let again = read_csv(sheet.as_bytes(), &now(), MON_FRI, None).unwrap();
        let refs: Vec<Option<&str>> = again
            .processes
            .iter()
            .map(|(_, p)| p.external_ref.as_deref())
            .collect();
        let initech = "row: initech | analyst | 2026-11-12";
        assert_eq!(refs, [Some("JOB_1"), Some("JOB_2"), Some(initech)]);
        let merged = merge(&mut d, again, Same::Rows).unwrap();
        assert_eq!(merged.processes, 0, "{merged:?}");
        assert_eq!(
            merged.skipped,
            [
                (1, Some("JOB_1".into())),
                (2, Some("JOB_2".into())),
                (3, Some(initech.into()))
            ]
        );
        assert_eq!(d.processes.len(), 3);
    }

    #[test]
    fn rows_without_a_date_are_named_and_a_saved_date_is_the_start() {
        let incoming = read_csv(
            b"Company,Role,Date Saved,Date Applied,Status\n\
              A,Dev,2026-11-01,,Applied\n\
              B,Dev,2026-11-01,,\n\
              C,Dev,,,Interviewing\n\
              D,Dev,,2026-11-05,\n\
              E,Dev,,,\n",
            &now(),
            MON_FRI,
            None,
        )
        .unwrap();
        let applied: Vec<(&str, Option<Time>)> = incoming
            .processes
            .iter()
            .map(|(_, p)| (p.company.as_str(), p.applied))
            .collect();
        assert_eq!(
            applied,
            [
                ("A", Some(t("2026-11-01T00:00:00+01:00"))),
                ("C", None),
                ("D", Some(t("2026-11-05T00:00:00+01:00"))),
                ("E", None),
            ]
        );
        assert_eq!(incoming.saved, ["B (Dev)"]);
        assert_eq!(
            incoming.warnings,
            [
                "no date on lines 4, 6: imported as applications without a date, which plan no follow-up; give when you applied (a \"Date Applied\" column) to have one planned"
            ]
        );
    }

    #[test]
    fn cells_beyond_the_header_are_named() {
        let incoming = read_csv(
            b"Company,Role,Interview Date,Notes\n\
              Acme,Dev,2026-11-19 10:00,ok, but, commas\n\
              Beta,Dev,2026-11-19 11:00,\"ok, quoted\"\n\
              Gamma,Dev,2026-11-19 12:00,fine,,\n",
            &now(),
            MON_FRI,
            None,
        )
        .unwrap();
        assert_eq!(incoming.processes[0].1.rounds[0].debrief.notes, "ok");
        assert_eq!(
            incoming.warnings,
            [
                "line 2: more cells than the header has columns, the last ones left out (a cell holding ',' needs double quotes around it)"
            ]
        );
    }

    #[test]
    fn the_order_of_day_and_month_is_taken_from_the_files_own_dates() {
        let incoming = read_csv(
            "Entreprise;Poste;Date de candidature;Date d'entretien\n\
             Dassault;Ingénieur;03/11/2026;18/11/2026 10:00\n\
             Thales;Chef;01/10/2026;\n"
                .as_bytes(),
            &now(),
            MON_FRI,
            None,
        )
        .unwrap();
        let applied: Vec<Option<Time>> =
            incoming.processes.iter().map(|(_, p)| p.applied).collect();
        assert_eq!(
            applied,
            [
                Some(t("2026-11-03T00:00:00+01:00")),
                Some(t("2026-10-01T00:00:00+01:00"))
            ]
        );
        assert_eq!(
            incoming.warnings,
            [
                "numeric dates read day first, as \"18/11/2026 10:00\" on line 2 shows (--date-order mdy reads them the other way)"
            ]
        );
        // Dates that show both orders decide nothing, and the refusal names the flag.
        let err = message(import(
            "company,role,applied\nA,Dev,18/11/2026\nB,Dev,11/18/2026\nC,Dev,03/11/2026\n",
        ));
        assert!(
            err.contains("give --date-order mdy or dmy, or set date_order = "),
            "{err}"
        );
    }

    #[test]
    fn the_separator_is_the_header_lines_below_a_title() {
        let incoming = read_csv(
            "Job search, autumn 2026\n\nFirma;Stelle;Bewerbungsdatum;Stand\nSAP;Dev, Cloud;01.11.2026;Beworben\n"
                .as_bytes(),
            &now(),
            MON_FRI,
            Some(DateOrder::Dmy),
        )
        .unwrap();
        let names: Vec<(&str, &str)> = incoming
            .processes
            .iter()
            .map(|(_, p)| (p.company.as_str(), p.role.as_str()))
            .collect();
        assert_eq!(names, [("SAP", "Dev, Cloud")]);
    }

    #[test]
    fn an_applied_date_without_a_year_is_the_latest_one_past() {
        // Now is 20 November 2026.
        let incoming = read_csv(
            b"Company,Role,Date Applied,Status\nA,Dev,Dec 15,Applied\nB,Dev,Nov 2,Applied\nC,Dev,15 Dec 2025,Applied\n",
            &now(),
            MON_FRI,
            None,
        )
        .unwrap();
        let applied: Vec<Option<Time>> =
            incoming.processes.iter().map(|(_, p)| p.applied).collect();
        assert_eq!(
            applied,
            [
                Some(t("2025-12-15T00:00:00+01:00")),
                Some(t("2026-11-02T00:00:00+01:00")),
                Some(t("2025-12-15T00:00:00+01:00")),
            ]
        );
        // With a year, a date ahead is still refused.
        let err = message(import("company,role,applied\nA,Dev,Dec 15 2026\n"));
        assert!(err.contains("still to come"), "{err}");
    }

    #[test]
    fn more_stage_words_and_huntrs_headers_are_read() {
        for (word, stage) in [
            ("I Withdrew", Stage::Closed(Outcome::Withdrawn)),
            ("Application withdrawn", Stage::Closed(Outcome::Withdrawn)),
            ("Applying", Stage::Saved),
            ("Rejected after interview", Stage::Closed(Outcome::Rejected)),
            ("Position filled", Stage::Closed(Outcome::Rejected)),
            ("Abgesagt", Stage::Closed(Outcome::Rejected)),
            ("Refus", Stage::Closed(Outcome::Rejected)),
            ("Closed", Stage::Closed(Outcome::NoResponse)),
            ("Archived", Stage::Closed(Outcome::NoResponse)),
        ] {
            assert_eq!(read_stage(word), Some(stage), "{word}");
        }
        // Huntr's export: its list is the stage, its dates the interview and the day added.
        let incoming = read_csv(
            b"Company,Job Title,List,First Interview Date,Date Added\n\
              Acme,Dev,Interviewing,2026-11-12 10:00,2026-11-01\n\
              Beta,SRE,Wishlist,,2026-11-02\n",
            &now(),
            MON_FRI,
            None,
        )
        .unwrap();
        assert_eq!(incoming.ignored_columns, Vec::<String>::new());
        assert_eq!(incoming.processes.len(), 1);
        assert_eq!(
            incoming.processes[0].1.rounds[0].at,
            t("2026-11-12T10:00:00+01:00")
        );
        assert_eq!(incoming.saved, ["Beta (SRE)"]);
    }

    #[test]
    fn a_row_pasted_twice_is_one_round() {
        let incoming = read_csv(
            b"Job ID,Company,Role,Interview Date,Interviewers\n\
              J1,Acme,Dev,2026-11-12 10:00,Ann\n\
              J1,Acme,Dev,2026-11-12 10:00,Ann\n\
              ,Beta,SRE,2026-11-13 10:00,Bob\n\
              ,Beta,SRE,2026-11-13 10:00,Bob\n\
              ,Beta,SRE,2026-11-13 10:00,Kim\n",
            &now(),
            MON_FRI,
            None,
        )
        .unwrap();
        let rounds: Vec<usize> = incoming
            .processes
            .iter()
            .map(|(_, p)| p.rounds.len())
            .collect();
        assert_eq!(rounds, [1, 2], "the same time with another person is kept");
        assert_eq!(
            incoming.warnings,
            [
                "line 3 repeats the interview of line 2: left out",
                "line 5 repeats the interview of line 4: left out"
            ]
        );
    }

    #[test]
    fn long_lists_of_lines_are_counted_past_ten() {
        let mut text = String::from("Company,Role,Status,Interview Date,Interviewers\n");
        for i in 0..25 {
            text.push_str(&format!("C{i},Dev,Waitlisted,2026-11-12,\"Bob, Alice\"\n"));
        }
        let incoming = read_csv(text.as_bytes(), &now(), MON_FRI, None).unwrap();
        assert_eq!(
            incoming.warnings[0],
            "status not known, imported as open: \"Waitlisted\" (lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 15 more)"
        );
        assert_eq!(
            incoming.warnings.len(),
            1 + 10 + 1,
            "{:#?}",
            incoming.warnings
        );
        assert_eq!(
            incoming.warnings[11],
            "and 15 more interviewer cells read with a guess: lines 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 and 5 more"
        );
    }

    #[test]
    fn a_refusal_names_each_bad_row_with_its_value() {
        let err = message(import(
            "Company,Role,Date\nAcme,Dev,fridy\nBeta,SRE,soon\nGamma,PM,2026-13-45\n",
        ));
        let lines: Vec<&str> = err.split(" | ").collect();
        assert_eq!(lines.len(), 3, "{err}");
        assert!(
            lines[0].starts_with("line 2: could not read date \"fridy\""),
            "{err}"
        );
        assert!(
            lines[1].starts_with("line 3: could not read date \"soon\""),
            "{err}"
        );
        assert!(
            lines[2].starts_with("line 4: could not read date \"2026-13-45\""),
            "{err}"
        );
        assert!(lines[2].ends_with("; nothing was imported"), "{err}");
        // Past ten, the rest are counted.
        let mut text = String::from("Company,Role,Date\n");
        for i in 0..13 {
            text.push_str(&format!("C{i},,2026-11-12\n"));
        }
        let err = message(import(&text));
        let lines: Vec<&str> = err.split(" | ").collect();
        assert_eq!(lines.len(), 11, "{err}");
        assert_eq!(
            lines[9],
            "line 11: no role: each row needs a company and a role"
        );
        assert_eq!(
            lines[10],
            "and 3 more bad rows: lines 12, 13, 14; nothing was imported"
        );
    }

    #[test]
    fn a_contact_with_two_addresses_keeps_its_own_and_says_so() {
        let incoming = read_csv(
            b"Company,Role,Date Applied,Contact,Contact Email\n\
              Bo,Dev,2026-11-02,Jo Bo <jo@bo.example>,other@bo.example\n\
              Cy,Dev,2026-11-02,Al Cy <al@cy.example>,AL@cy.example\n",
            &now(),
            MON_FRI,
            None,
        )
        .unwrap();
        let email = |i: usize| {
            let contact = incoming.processes[i].1.contact.clone().unwrap();
            contact.email.unwrap()
        };
        assert_eq!(email(0), "jo@bo.example");
        assert_eq!(email(1), "al@cy.example");
        assert_eq!(
            incoming.warnings,
            [
                "line 2: contact \"Jo Bo <jo@bo.example>\" has the address \"jo@bo.example\" and the contact email is \"other@bo.example\": kept \"jo@bo.example\", \"other@bo.example\" left out (put the one to write to in both, or leave one empty)"
            ]
        );
    }

    #[test]
    fn a_generic_date_with_interviewers_named_is_the_interviews() {
        let incoming = read_csv(
            "Firma;Poste;Datum;Stage;Interviewer\n\
             Bachmanity;PM;01/10/2026 10:00;Withdrew;Big Head & Erlich Bachman\n\
             Hooli;Dev;02/10/2026;Rejected;\n"
                .as_bytes(),
            &now(),
            MON_FRI,
            Some(DateOrder::Dmy),
        )
        .unwrap();
        let bachmanity = &incoming.processes[0].1;
        assert_eq!(bachmanity.applied, None);
        assert_eq!(bachmanity.rounds.len(), 1, "{bachmanity:?}");
        assert_eq!(bachmanity.rounds[0].at, t("2026-10-01T10:00:00+01:00"));
        let names: Vec<&str> = bachmanity.rounds[0]
            .interviewers
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["Big Head", "Erlich Bachman"]);
        let closed = bachmanity.closed.as_ref().unwrap();
        assert_eq!(closed.outcome, Outcome::Withdrawn);
        assert_eq!(closed.at, t("2026-10-01T10:00:00+01:00"), "its last event");
        // Without interviewers, the date is still when they applied.
        let hooli = &incoming.processes[1].1;
        assert_eq!(hooli.applied, Some(t("2026-10-02T00:00:00+01:00")));
        assert!(hooli.rounds.is_empty());
        assert!(
            incoming
                .warnings
                .iter()
                .all(|w| !w.contains("no interview date")),
            "{:?}",
            incoming.warnings
        );
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
        use crate::testing::{self, Shape};
        use proptest::prelude::*;

        /// Records as a CSV reads them back, imported at `now`.
        fn shape() -> Shape {
            Shape::Csv { now: now() }
        }

        proptest! {
            /// Whatever the text, a list cell reads back as the items written.
            #[test]
            fn lists_read_back(items in prop::collection::vec(testing::text(), 0..5)) {
                prop_assert_eq!(read_list(&join_list(&items)).unwrap(), items);
            }

            /// Whatever the note, a reply reads back as written.
            #[test]
            fn replies_read_back(reply in shape().reply()) {
                prop_assert_eq!(read_reply(&reply_text(&reply), &now(), MON_FRI, None).unwrap(), reply);
            }

            /// Export, import into an empty store, export: the same bytes.
            #[test]
            fn csv_export_import_export_is_the_same_file(
                mut processes in prop::collection::vec(shape().process(), 0..4),
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
