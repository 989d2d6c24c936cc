//! Reading the dates and spans people type.
//!
//! Everything here is pure: the current moment (or the moment a timeline is
//! counted from) is always passed in, so the same input gives the same answer
//! in tests and in use, and so is the order of day and month in numeric dates.
//! Input is lowercased, commas dropped and whitespace collapsed, then matched
//! as a short list of words.

use crate::policy::Workweek;
use chrono::{
    DateTime, Datelike, Days, FixedOffset, Month, Months, NaiveDate, NaiveDateTime, NaiveTime,
    TimeDelta, TimeZone, Weekday,
};
use serde::Deserialize;
use std::cell::Cell;
use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

const DATE_FORMS: &str = "2026-11-20, 2026-11-20 14:30, 11/20/2026, 20.11.2026, \
     20-Nov-2026, RFC 3339, RFC 2822, today, yesterday 3pm, this morning, last night, \
     tomorrow 9.30am, friday, next friday, in 2 weeks, +3d, 2w, 10 days";
const TIMELINE_FORMS: &str = "their sentence with a date or span in it: by December 4, \
     2026-12-04, friday, two weeks, a week or two, 3-5 business days, early next week, \
     end of next week, mid December, end of the month, or words with no date such as soon";
const INSTANT_FORMS: &str = "RFC 3339 (2026-11-20T14:30:00+01:00) or 2026-11-20 14:30";

/// How long after the interview a month and day without a year may be: further, they most
/// likely named a date already past.
pub const YEARLESS_AHEAD_DAYS: i64 = 183;

/// The order of the parts of a numeric date such as `11/12/2026`: month first (the US),
/// day first (most of the world) or year first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    Mdy,
    Dmy,
    Ymd,
}

impl DateOrder {
    pub fn name(self) -> &'static str {
        match self {
            DateOrder::Mdy => "mdy",
            DateOrder::Dmy => "dmy",
            DateOrder::Ymd => "ymd",
        }
    }
}

impl fmt::Display for DateOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which kind of value could not be read; it decides the forms the error suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// A moment, as read by [`parse_when`].
    Date,
    /// An employer's decision timeline, as read by [`parse_timeline`].
    Timeline,
    /// A fixed instant, as read by [`parse_instant`].
    Instant,
}

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Nothing in it could be read; `suggestion` is the input with its typos mended, when
    /// some word is close to one that is known (`fridya` → `friday`).
    Unreadable { suggestion: Option<String> },
    /// A numeric date that reads two ways, with no order of day and month to choose.
    Ambiguous {
        month_first: NaiveDate,
        day_first: NaiveDate,
    },
    /// A timeline that resolves to a date before the day it was said.
    Before { date: NaiveDate, said: NaiveDate },
    /// A month and day without a year more than [`YEARLESS_AHEAD_DAYS`] ahead.
    TooFarAhead { date: NaiveDate, said: NaiveDate },
}

/// A value that could not be read.
///
/// Displays as one line naming the bad value and what to do: the accepted forms, the two
/// readings of an ambiguous date, the date a timeline resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub input: String,
    pub kind: What,
    pub problem: Problem,
}

impl ParseError {
    fn new(input: &str, kind: What) -> Self {
        ParseError::with(input, kind, Problem::Unreadable { suggestion: None })
    }

    fn with(input: &str, kind: What, problem: Problem) -> Self {
        ParseError {
            input: input.to_string(),
            kind,
            problem,
        }
    }
}

fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (noun, forms) = match self.kind {
            What::Date => ("date", DATE_FORMS),
            What::Timeline => ("timeline", TIMELINE_FORMS),
            What::Instant => ("instant", INSTANT_FORMS),
        };
        // debug quoting escapes newlines, so the message stays on one line
        let input = &self.input;
        match &self.problem {
            Problem::Unreadable { suggestion } => {
                let hint = suggestion.as_ref().map(|m| format!("did you mean {m:?}? "));
                let hint = hint.unwrap_or_default();
                write!(f, "could not read {noun} {input:?}: {hint}use {forms}")
            }
            Problem::Ambiguous {
                month_first,
                day_first,
            } => write!(
                f,
                "{noun} {input:?} reads two ways: {} (month first) or {} (day first); \
                 set date_order = \"mdy\" or \"dmy\" under [user] in the config, or write \
                 {}",
                long_date(*month_first),
                long_date(*day_first),
                month_first.format("%Y-%m-%d")
            ),
            Problem::Before { date, said } => write!(
                f,
                "{noun} {input:?} is {}, before {}, the day it was said: give the date or \
                 span they named, counted from then",
                long_date(*date),
                long_date(*said)
            ),
            Problem::TooFarAhead { date, said } => write!(
                f,
                "{noun} {input:?} would be {}, more than {YEARLESS_AHEAD_DAYS} days after {}: \
                 a date already past is no timeline; add the year if they meant that one",
                long_date(*date),
                long_date(*said)
            ),
        }
    }
}

impl std::error::Error for ParseError {}

/// What a reading knows besides the text, and what it met on the way.
struct Reading {
    order: Option<DateOrder>,
    /// A timeline: a weekday is one after today, a month and day the next on or after today.
    forward: bool,
    /// A refusal worth more than "could not read": the first met.
    problem: Cell<Option<Problem>>,
}

impl Reading {
    fn new(order: Option<DateOrder>, forward: bool) -> Reading {
        Reading {
            order,
            forward,
            problem: Cell::new(None),
        }
    }

    fn met(&self, problem: Problem) {
        let first = self.problem.take().unwrap_or(problem);
        self.problem.set(Some(first));
    }
}

/// A moment typed by the user, read in `now`'s time zone, with no order of day and month
/// known: an ambiguous numeric date is refused. See [`parse_when_in`].
pub fn parse_when<Tz: TimeZone>(
    input: &str,
    now: &DateTime<Tz>,
) -> Result<DateTime<FixedOffset>, ParseError> {
    parse_when_in(input, now, None)
}

/// A moment typed by the user, read in `now`'s time zone.
///
/// Accepts RFC 3339, RFC 2822, `YYYY-MM-DD [HH:MM[:SS]]`, numeric dates with `/`, `.` or `-`
/// and a two- or four-digit year (`11/3/26`, `19.11.2026`, `2026/11/19`: day and month in
/// `order`; without one a date that reads two ways is refused), `19-Nov-2026`, `now`,
/// `today`/`tomorrow`/`yesterday`, `this morning`/`afternoon`/`evening` (09:00, 15:00,
/// 19:00), `tonight` (20:00), `last night` (yesterday 20:00), weekday names (`friday`, `next
/// fri`, `last friday`), month-day dates (`Dec 4`, `4 December 2026`), bare times (`14:30`,
/// `3pm`, `9.30am`, `noon`), each date optionally followed by a time (`11/3/26, 9:12 AM`,
/// `friday morning`), and relative spans (`in 2 weeks`, `+3d`, `5h`, `3 days ago`).
pub fn parse_when_in<Tz: TimeZone>(
    input: &str,
    now: &DateTime<Tz>,
    order: Option<DateOrder>,
) -> Result<DateTime<FixedOffset>, ParseError> {
    let reading = Reading::new(order, false);
    when(input, now, &reading).ok_or_else(|| {
        let problem = reading
            .problem
            .take()
            .unwrap_or_else(|| Problem::Unreadable {
                suggestion: mended(input, |text| when(text, now, &Reading::new(order, false))),
            });
        ParseError::with(input, What::Date, problem)
    })
}

/// [`parse_timeline_in`] with no order of day and month known.
pub fn parse_timeline<Tz: TimeZone>(
    input: &str,
    base: &DateTime<Tz>,
    week: Workweek<'_>,
) -> Result<Option<NaiveDate>, ParseError> {
    parse_timeline_in(input, base, week, None)
}

/// An employer's decision timeline, in their words, resolved to a date against `base` (the
/// interview's or reply's time), in base's zone. `None` when the words name no date at all
/// ("soon", "ASAP", "in due course"): they count as no stated date.
///
/// The date or span is found inside the sentence ("we'll let you know in two weeks"); when it
/// names several, the latest counts, and a range counts to its later end ("a week or two",
/// "3-5 days"). A weekday is the next one after base's day, never that day; a month and day
/// without a year the next on or after it, refused more than [`YEARLESS_AHEAD_DAYS`] ahead.
/// A timeline before base's day is refused, naming the date.
///
/// Business days ("3 business days") and weeks ("end of the week", "early next week") are
/// those of `week`, the user's working days and holidays, as the rules count them:
/// - a count of business days starts the day after `base` and skips days off and holidays;
/// - a working week runs from the day after its weekend (the longest run of days off) and ends
///   on its last business day ([`Workweek::end_of_week`]): Friday for Monday to Friday, Thursday
///   for Sunday to Thursday, the last business day before it when that day is a holiday;
///   "early" is its second working day (Tuesday), "mid" its middle one (Wednesday);
/// - "end of the week" said on its last business day or after (on the weekend) is the coming
///   week's end, and "end of next week" said on the weekend is the week that follows.
///
/// "End of day" and "end of business" are `base`'s own date, business day or not.
pub fn parse_timeline_in<Tz: TimeZone>(
    input: &str,
    base: &DateTime<Tz>,
    week: Workweek<'_>,
    order: Option<DateOrder>,
) -> Result<Option<NaiveDate>, ParseError> {
    let said = base.date_naive();
    let error = |problem| ParseError::with(input, What::Timeline, problem);
    match timeline(input, base, week, order)? {
        Some(date) if !in_range(date) => Err(ParseError::new(input, What::Timeline)),
        Some(date) if date < said => Err(error(Problem::Before { date, said })),
        stated => Ok(stated),
    }
}

/// Whether `at` is more than a hundred years from `now`: a typo, and past year 9999 not even
/// writable as RFC 3339. Callers refuse such dates.
pub fn too_far<Tz: TimeZone>(at: &DateTime<FixedOffset>, now: &DateTime<Tz>) -> bool {
    (*at - now.fixed_offset()).num_days().abs() > 366 * 100
}

/// A fixed instant: RFC 3339, or `YYYY-MM-DD HH:MM` (also `YYYY-MM-DDTHH:MM`,
/// optionally with `:SS`) read in the zone `tz`. Nothing else.
pub fn parse_instant<Tz: TimeZone>(
    input: &str,
    tz: &Tz,
) -> Result<DateTime<FixedOffset>, ParseError> {
    instant(input, tz).ok_or_else(|| ParseError::new(input, What::Instant))
}

fn when<Tz: TimeZone>(
    input: &str,
    now: &DateTime<Tz>,
    reading: &Reading,
) -> Option<DateTime<FixedOffset>> {
    if let Some(stamp) = stamp(input) {
        return bounded(stamp);
    }
    let text = normalize(input);
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let moment = match tokens.as_slice() {
        [] => return None,
        ["now"] => now.fixed_offset(),
        _ => match parse_span(&tokens, false) {
            Some(span) => shift_moment(now, span)?,
            None => resolve_local(
                &now.timezone(),
                local_moment(&tokens, now.date_naive(), reading)?,
            )?,
        },
    };
    bounded(moment)
}

/// Words that say a decision is coming without naming when.
const UNDATED: [&str; 9] = [
    "soon",
    "shortly",
    "asap",
    "a.s.a.p",
    "a.s.a.p.",
    "tbd",
    "later",
    "eventually",
    "sometime",
];

/// Phrases that promise news without naming when: "we'll be in touch", "we'll let you know".
const UNDATED_PHRASES: [&[&str]; 6] = [
    &["due", "course"],
    &["in", "touch"],
    &["let", "you", "know"],
    &["get", "back", "to", "you"],
    &["hear", "back"],
    &["no", "timeline"],
];

/// The longest phrase of a timeline, in words: "by the end of next week at the latest".
const PHRASE_WORDS: usize = 8;

/// A sentence longer than this is not a timeline; it also bounds the search.
const SENTENCE_WORDS: usize = 80;

/// The date a timeline names, or `None` for words that name none.
fn timeline<Tz: TimeZone>(
    input: &str,
    base: &DateTime<Tz>,
    week: Workweek<'_>,
    order: Option<DateOrder>,
) -> Result<Option<NaiveDate>, ParseError> {
    let unreadable =
        |suggestion| ParseError::with(input, What::Timeline, Problem::Unreadable { suggestion });
    let trimmed = input.trim().trim_end_matches('.');
    // a full timestamp names its own instant; what matters is its date where base is
    if let Some(stamp) = stamp(trimmed) {
        return Ok(Some(stamp.with_timezone(&base.timezone()).date_naive()));
    }
    let text = sentence(trimmed);
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.len() > SENTENCE_WORDS {
        return Err(unreadable(None));
    }
    let reading = Reading::new(order, true);
    let read_mended = |mended: &str| {
        let tokens: Vec<&str> = mended.split_whitespace().collect();
        latest_in(&tokens, base, week, &Reading::new(order, true))
    };
    if let Some(date) = latest_in(&tokens, base, week, &reading) {
        // a typo beside the words read changes what they meant: "early nxt week", "a week or tow"
        let other = mended(&text, |mended| read_mended(mended).filter(|d| *d != date));
        return match other {
            Some(suggestion) if tokens.len() > 1 => Err(unreadable(Some(suggestion))),
            _ => Ok(Some(date)),
        };
    }
    if let Some(problem) = reading.problem.take() {
        return Err(ParseError::with(input, What::Timeline, problem));
    }
    // a typo of a date is no undated timeline: "we'll let you know by fridya"
    let suggestion = mended(&text, read_mended);
    let undated = tokens.iter().any(|word| UNDATED.contains(word))
        || UNDATED_PHRASES
            .iter()
            .any(|phrase| tokens.windows(phrase.len()).any(|words| words == *phrase));
    match suggestion {
        None if undated => Ok(None),
        suggestion => Err(unreadable(suggestion)),
    }
}

/// The latest date the phrases of a sentence name, each phrase the longest read from where it
/// starts.
fn latest_in<Tz: TimeZone>(
    tokens: &[&str],
    base: &DateTime<Tz>,
    week: Workweek<'_>,
    reading: &Reading,
) -> Option<NaiveDate> {
    let mut latest = None;
    let mut start = 0;
    while start < tokens.len() {
        let longest = (start + 1..=tokens.len().min(start + PHRASE_WORDS))
            .rev()
            .find_map(|end| {
                let words = &tokens[start..end];
                // "sat" and "sun" in a sentence are more likely English than weekdays
                if tokens.len() > 3 && matches!(words, ["sat" | "sun"]) {
                    return None;
                }
                // "thanks for coming in today" is no deadline; "by today" is
                let introduced = start > 0 && matches!(tokens[start - 1], "by" | "until");
                if tokens.len() > 3 && matches!(words, ["today" | "now"]) && !introduced {
                    return None;
                }
                Some((end, phrase(words, base, week, reading)?))
            });
        match longest {
            Some((end, date)) => {
                latest = latest.max(Some(date));
                start = end;
            }
            None => start += 1,
        }
    }
    latest
}

/// One phrase of a timeline: a named deadline, a span, or a date.
fn phrase<Tz: TimeZone>(
    tokens: &[&str],
    base: &DateTime<Tz>,
    week: Workweek<'_>,
    reading: &Reading,
) -> Option<NaiveDate> {
    let day = base.date_naive();
    if let Some(date) = named_deadline(tokens, day, week, reading) {
        return Some(date);
    }
    if let Some(span) = parse_span(tokens, true) {
        // a span back ("3 days ago") is in the past, and refused as before the interview
        return match span.unit {
            Unit::Hours => shift_moment(base, span).map(|moment| moment.date_naive()),
            Unit::BusinessDays if !span.back => week.add_business_days(day, span.count),
            Unit::BusinessDays => None,
            _ => shift_date(day, span),
        };
    }
    // "at" alone, "a" alone and the like are no phrase, but a date with a time is
    local_moment(tokens, day, reading).map(|moment| moment.date())
}

/// A timeline's words: [`normalize`]d, with the punctuation of a sentence around its words
/// dropped, and `mid-december` as two words.
fn sentence(input: &str) -> String {
    let text = normalize(input).replace("mid-", "mid ");
    text.split_whitespace()
        .map(|word| {
            let word = word.trim_start_matches(['(', '"', '\'', '\u{201c}', '\u{2018}']);
            let word =
                word.trim_end_matches([')', '"', '\'', '!', '?', ';', ':', '\u{201d}', '\u{2019}']);
            // a full stop ends a sentence, but also "dec." and "p.m."; both read without it
            word.strip_suffix('.').unwrap_or(word)
        })
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn instant<Tz: TimeZone>(input: &str, tz: &Tz) -> Option<DateTime<FixedOffset>> {
    if let Some(stamp) = rfc3339(input) {
        return bounded(stamp);
    }
    let text = normalize(input);
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let moment = match tokens.as_slice() {
        [one] => match iso_date_time(one)? {
            (date, Some(time)) => date.and_time(time),
            (_, None) => return None,
        },
        [date, time] => iso_date(date)?.and_time(clock(time)?),
        _ => return None,
    };
    bounded(resolve_local(tz, moment)?)
}

/// Lowercases, drops commas and turns dashes into hyphens; splitting on
/// whitespace afterwards collapses runs of it.
fn normalize(input: &str) -> String {
    input
        .to_lowercase()
        .replace(',', " ")
        .replace(['\u{2013}', '\u{2014}'], "-")
}

fn rfc3339(input: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(&input.trim().to_ascii_uppercase()).ok()
}

/// A timestamp that names its own offset: RFC 3339, or RFC 2822 as in an email's Date
/// (`Thu, 19 Nov 2026 14:30:00 +0100`).
fn stamp(input: &str) -> Option<DateTime<FixedOffset>> {
    rfc3339(input).or_else(|| DateTime::parse_from_rfc2822(input.trim()).ok())
}

/// Results are stored as RFC 3339 text, which only has four-digit years.
fn in_range(date: NaiveDate) -> bool {
    (1..=9999).contains(&date.year())
}

fn bounded(moment: DateTime<FixedOffset>) -> Option<DateTime<FixedOffset>> {
    let local = moment.naive_utc().checked_add_offset(*moment.offset())?;
    in_range(local.date()).then_some(moment)
}

/// Places a wall-clock time in `tz`. An ambiguous time (clocks going back)
/// takes the earlier instant; a skipped time (clocks going forward) moves an
/// hour later, past the gap.
pub(crate) fn place_local<Tz: TimeZone>(
    tz: &Tz,
    local: NaiveDateTime,
) -> Option<DateTime<FixedOffset>> {
    let earliest = |local: NaiveDateTime| tz.from_local_datetime(&local).earliest();
    let later = || earliest(local.checked_add_signed(TimeDelta::hours(1))?);
    Some(earliest(local).or_else(later)?.fixed_offset())
}

/// [`place_local`], for a date that can be stored.
fn resolve_local<Tz: TimeZone>(tz: &Tz, local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    in_range(local.date()).then(|| place_local(tz, local))?
}

/// A date, optionally followed by a time (`friday 10am`, `dec 4 at 9:30`), or a
/// bare time meaning today. Dates alone mean midnight.
fn local_moment(tokens: &[&str], today: NaiveDate, reading: &Reading) -> Option<NaiveDateTime> {
    let (date, time) = match parse_date(tokens, today, reading) {
        Some((date, time, used)) => match (time, &tokens[used..]) {
            (time, []) => (date, time.unwrap_or(NaiveTime::MIN)),
            (None, rest) => (date, parse_time(rest)?),
            (Some(_), _) => return None,
        },
        None => (today, parse_time(tokens)?),
    };
    Some(date.and_time(time))
}

/// The time a part of the day stands for: `morning` 09:00, `afternoon` 15:00, `evening`
/// 19:00, `night` 20:00.
fn day_part(word: &str) -> Option<NaiveTime> {
    let hour = match word {
        "morning" => 9,
        "afternoon" => 15,
        "evening" => 19,
        "night" => 20,
        _ => return None,
    };
    NaiveTime::from_hms_opt(hour, 0, 0)
}

/// Reads a date at the start of `tokens`: its date, a time if the same words
/// carried one (`2026-11-20t14:30`, `this morning`), and how many tokens it used.
fn parse_date(
    tokens: &[&str],
    today: NaiveDate,
    reading: &Reading,
) -> Option<(NaiveDate, Option<NaiveTime>, usize)> {
    let first = *tokens.first()?;
    if let Some((date, time)) = iso_date_time(first) {
        return Some((date, time, 1));
    }
    if let Some(date) = numeric_date(first, reading) {
        return Some((date, None, 1));
    }
    let night = day_part("night");
    let (date, time, used) = match tokens {
        ["today", ..] => (today, None, 1),
        ["tomorrow", ..] => (today.succ_opt()?, None, 1),
        ["yesterday", ..] => (today.pred_opt()?, None, 1),
        ["tonight", ..] => (today, night, 1),
        ["last", "night", ..] => (today.pred_opt()?, night, 2),
        ["this", part, ..] if day_part(part).is_some() => (today, day_part(part), 2),
        [which @ ("this" | "next" | "last"), name, ..] if weekday(name).is_some() => (
            weekday_date(today, weekday(name)?, which, reading)?,
            None,
            2,
        ),
        [name, ..] if weekday(name).is_some() => (
            weekday_date(today, weekday(name)?, "this", reading)?,
            None,
            1,
        ),
        _ => {
            let (date, used) = month_day(tokens, today, reading)?;
            (date, None, used)
        }
    };
    Some((date, time, used))
}

/// `11/13/2026`, `13.11.26`, `2026/11/13`, `19-nov-2026`: three parts joined by one of `/`,
/// `.` or `-`. A four-digit first part is the year; otherwise the year is last (two digits
/// are this century) and day and month come in `reading`'s order, or day first with dots.
/// Without an order, a date that reads two ways is refused (and noted); one that reads one way
/// is that.
fn numeric_date(token: &str, reading: &Reading) -> Option<NaiveDate> {
    let separator = token.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
    let parts: Vec<&str> = token.split(separator).collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    let year = |text: &str| match text.len() {
        2 => digits::<i32>(text, 2..=2).map(|yy| 2000 + yy),
        4 => digits(text, 4..=4),
        _ => None,
    };
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
    for (name, day) in [(b, a), (a, b)] {
        if let Some(m) = month(name) {
            return ymd(year(c)?, m, day_of_month(day)?);
        }
    }
    let (b, c_number) = (digits::<u32>(b, 1..=2)?, digits::<u32>(c, 1..=4)?);
    if a.len() == 4 || (reading.order == Some(DateOrder::Ymd) && a.len() == 2 && c.len() <= 2) {
        return ymd(year(a)?, b, c_number);
    }
    let (a, year) = (digits::<u32>(a, 1..=2)?, year(c)?);
    // Dots join day, month and year in the countries that write the day first; no locale that
    // puts the month first writes them with dots.
    let order = if separator == '.' {
        Some(DateOrder::Dmy)
    } else {
        reading.order
    };
    match (ymd(year, a, b), ymd(year, b, a)) {
        (Some(month_first), Some(day_first)) if month_first != day_first => match order {
            Some(DateOrder::Mdy) => Some(month_first),
            Some(DateOrder::Dmy) => Some(day_first),
            _ => {
                reading.met(Problem::Ambiguous {
                    month_first,
                    day_first,
                });
                None
            }
        },
        (Some(only), _) | (None, Some(only)) => Some(only),
        (None, None) => None,
    }
}

/// `dec 4`, `december 4th`, `4 dec`, `4th of december`, each with an optional
/// four-digit year after. Without a year, the nearest such date to today; in a timeline, the
/// next on or after today, refused (and noted) more than [`YEARLESS_AHEAD_DAYS`] ahead.
fn month_day(tokens: &[&str], today: NaiveDate, reading: &Reading) -> Option<(NaiveDate, usize)> {
    let read = |m, d, used| Some((month(m)?, day_of_month(d)?, used));
    let (month, day, used) = match tokens {
        [d, "of", m, ..] => read(m, d, 3)?,
        [a, b, ..] => read(a, b, 2).or_else(|| read(b, a, 2))?,
        _ => return None,
    };
    if let Some(year) = tokens.get(used).and_then(|t| digits(t, 4..=4)) {
        return Some((NaiveDate::from_ymd_opt(year, month, day)?, used + 1));
    }
    let year = today.year();
    if reading.forward {
        let next = [year, year + 1]
            .into_iter()
            .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
            .find(|date| *date >= today)?;
        return ahead_of(next, today, reading).map(|date| (date, used));
    }
    // the first minimum wins, so an exact tie goes to the later year
    let nearest = [year + 1, year, year - 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|date| (*date - today).num_days().abs())?;
    Some((nearest, used))
}

/// A date found without a year, unless it is implausibly far ahead of the day it was said.
fn ahead_of(date: NaiveDate, said: NaiveDate, reading: &Reading) -> Option<NaiveDate> {
    if (date - said).num_days() > YEARLESS_AHEAD_DAYS {
        reading.met(Problem::TooFarAhead { date, said });
        return None;
    }
    Some(date)
}

/// `this`, `next` or `last` such weekday.
fn weekday_date(
    today: NaiveDate,
    weekday: Weekday,
    which: &str,
    reading: &Reading,
) -> Option<NaiveDate> {
    // in a timeline the day it was said is never the weekday meant
    let which = if reading.forward && which == "this" {
        "next"
    } else {
        which
    };
    let ahead = weekday.days_since(today.weekday());
    let back = today.weekday().days_since(weekday);
    match which {
        "next" => today.checked_add_days(Days::new(u64::from(if ahead == 0 { 7 } else { ahead }))),
        "last" => today.checked_sub_days(Days::new(u64::from(if back == 0 { 7 } else { back }))),
        _ => today.checked_add_days(Days::new(u64::from(ahead))),
    }
}

/// The words a typo is mended to: those a date or timeline is made of.
const KNOWN_WORDS: [&str; 52] = [
    "today",
    "tomorrow",
    "yesterday",
    "tonight",
    "noon",
    "midnight",
    "midday",
    "morning",
    "afternoon",
    "evening",
    "night",
    "next",
    "last",
    "this",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "days",
    "weeks",
    "months",
    "hours",
    "business",
    "working",
    "early",
    "late",
    "couple",
    "week",
    "month",
    "within",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "ten",
];

/// Words left alone when mending: they are read already, or are ordinary English.
const LEFT_ALONE: [&str; 43] = [
    "now",
    "end",
    "mid",
    "few",
    "ago",
    "the",
    "with",
    "will",
    "well",
    "we'll",
    "you",
    "know",
    "let",
    "back",
    "than",
    "they",
    "week's",
    "them",
    "then",
    "that",
    "from",
    "for",
    "too",
    "nice",
    "once",
    "sit",
    "set",
    "tea",
    "tan",
    "ton",
    "eighth",
    "middle",
    "midweek",
    "additional",
    "extra",
    "more",
    "until",
    "year",
    "due",
    "hear",
    "touch",
    "get",
    "course",
];

/// The input with each word close to a known one (and not known itself) mended, if that
/// makes it readable by `reads`, or if it is one word: `fridya` → `friday`, `nxt` → `next`.
fn mended<T>(input: &str, reads: impl Fn(&str) -> Option<T>) -> Option<String> {
    let text = normalize(input);
    let words: Vec<&str> = text.split_whitespace().collect();
    let mended: Vec<&str> = words
        .iter()
        .map(|&word| {
            let bare = word.trim_matches(|c: char| !c.is_alphabetic());
            let known = KNOWN_WORDS.contains(&bare)
                || LEFT_ALONE.contains(&bare)
                || UNDATED.contains(&bare)
                || weekday(bare).is_some()
                || month(bare).is_some()
                || unit(bare).is_some()
                || number_word(bare).is_some();
            if known || bare.len() < 3 || bare != word {
                return word;
            }
            closest(bare, KNOWN_WORDS).unwrap_or(word)
        })
        .collect();
    let changed = mended != words;
    let mended = mended.join(" ");
    (changed && (words.len() == 1 || reads(&mended).is_some())).then_some(mended)
}

/// The one word of `known` nearest `word`, if near enough to be a typo of it: one edit for
/// words of up to five letters, two for longer ones (a swap of two letters is one edit).
/// Case is ignored.
pub fn closest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let mut near: Vec<(usize, &str)> = known
        .into_iter()
        .filter_map(|candidate| {
            let lower = candidate.to_lowercase();
            let allowed = if lower.chars().count() <= 5 { 1 } else { 2 };
            let distance = edit_distance(&word, &lower);
            (1..=allowed)
                .contains(&distance)
                .then_some((distance, candidate))
        })
        .collect();
    near.sort_by_key(|(distance, _)| *distance);
    match near[..] {
        [(least, _), (next, _), ..] if least == next => None,
        [(_, nearest), ..] => Some(nearest),
        [] => None,
    }
}

/// The number of letters to insert, delete, replace or swap with their neighbour to turn one
/// text into the other (optimal string alignment).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // rows two back, one back and this one
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (previous[j] + 1)
                .min(row[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut previous, row);
    }
    previous[b.len()]
}

/// `YYYY-MM-DD`, optionally joined to a 24-hour time by `t`.
fn iso_date_time(token: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    match token.split_once('t') {
        Some((date, time)) => Some((iso_date(date)?, Some(clock(time)?))),
        None => Some((iso_date(token)?, None)),
    }
}

fn iso_date(text: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts[..] else {
        return None;
    };
    NaiveDate::from_ymd_opt(
        digits(year, 4..=4)?,
        digits(month, 1..=2)?,
        digits(day, 1..=2)?,
    )
}

/// A time of day, optionally introduced by `at`: `14:30`, `3pm`, `3 pm`,
/// `3:30pm`, `noon`, `midnight`.
fn parse_time(tokens: &[&str]) -> Option<NaiveTime> {
    let tokens = match tokens {
        ["at", rest @ ..] => rest,
        _ => tokens,
    };
    match tokens {
        [one] => time_of_day(one).or_else(|| day_part(one)),
        [
            time,
            suffix @ ("am" | "pm" | "a.m." | "p.m." | "a.m" | "p.m"),
        ] => time_of_day(&format!("{time}{suffix}")),
        _ => None,
    }
}

fn time_of_day(text: &str) -> Option<NaiveTime> {
    match text {
        "noon" | "midday" => return NaiveTime::from_hms_opt(12, 0, 0),
        "midnight" => return Some(NaiveTime::MIN),
        _ => {}
    }
    let meridiem = [("am", false), ("a.m.", false), ("a.m", false)]
        .into_iter()
        .chain([("pm", true), ("p.m.", true), ("p.m", true)])
        .find_map(|(suffix, pm)| Some((text.strip_suffix(suffix)?, pm)));
    let Some((body, pm)) = meridiem else {
        // without am/pm a time needs its minutes, so a lone number stays a number
        return clock(text);
    };
    // `9.30am` as well as `9:30am`
    let (hour, minute): (u32, u32) = match body.split_once([':', '.']) {
        Some((hour, minute)) => (digits(hour, 1..=2)?, digits(minute, 2..=2)?),
        None => (digits(body, 1..=2)?, 0),
    };
    if !(1..=12).contains(&hour) {
        return None;
    }
    NaiveTime::from_hms_opt(hour % 12 + if pm { 12 } else { 0 }, minute, 0)
}

/// A 24-hour `HH:MM` or `HH:MM:SS`.
fn clock(text: &str) -> Option<NaiveTime> {
    let mut parts = text.split(':');
    let hour = digits(parts.next()?, 1..=2)?;
    let minute = digits(parts.next()?, 2..=2)?;
    let second = parts
        .next()
        .map_or(Some(0), |second| digits(second, 2..=2))?;
    if parts.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_opt(hour, minute, second)
}

/// A run of ASCII digits, as many as `lengths` allows.
fn digits<T: FromStr>(text: &str, lengths: RangeInclusive<usize>) -> Option<T> {
    if !lengths.contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn day_of_month(text: &str) -> Option<u32> {
    let number = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| text.strip_suffix(suffix))
        .unwrap_or(text);
    digits(number, 1..=2).filter(|day| (1..=31).contains(day))
}

/// A month's name or its three-letter abbreviation (or `sept`), perhaps with a full stop.
fn month(text: &str) -> Option<u32> {
    match text.trim_end_matches('.') {
        "sept" => Some(9),
        name => name
            .parse::<Month>()
            .ok()
            .map(|month| month.number_from_month()),
    }
}

/// A weekday's name or its three-letter abbreviation (or `tues`, `thur`, `thurs`), perhaps
/// with a full stop.
fn weekday(text: &str) -> Option<Weekday> {
    match text.trim_end_matches('.') {
        "tues" => Some(Weekday::Tue),
        "thur" | "thurs" => Some(Weekday::Thu),
        name => name.parse().ok(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hours,
    Days,
    Weeks,
    Months,
    BusinessDays,
}

/// A relative span: `count` units forward, or back when `back` is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    count: u64,
    back: bool,
    unit: Unit,
}

impl Span {
    /// The count times `per_unit`, negative going back.
    fn signed(self, per_unit: u64) -> Option<i64> {
        let amount = i64::try_from(self.count.checked_mul(per_unit)?).ok()?;
        Some(if self.back { -amount } else { amount })
    }
}

fn unit(text: &str) -> Option<Unit> {
    let unit = match text {
        "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Hours,
        "d" | "day" | "days" => Unit::Days,
        "w" | "wk" | "wks" | "week" | "weeks" => Unit::Weeks,
        "mo" | "mos" | "month" | "months" => Unit::Months,
        _ => return None,
    };
    Some(unit)
}

/// Reads a whole span: `in 2 weeks`, `+3d`, `2w`, `a week`, `3 days ago`, `-2d`.
/// `loose` adds what employers say: `a couple of weeks`, `a few days`,
/// `1-2 weeks` (the upper bound), `3 business days`, `the next 10 days`.
fn parse_span(tokens: &[&str], loose: bool) -> Option<Span> {
    // `marked`: the direction is said in words
    let (mut tokens, marked, mut back) = match tokens {
        ["in", .., "ago"] => return None,
        ["in", rest @ ..] => (rest, true, false),
        [rest @ .., "ago"] => (rest, true, true),
        _ => (tokens, false, false),
    };
    if loose && let ["next", rest @ ..] = tokens {
        tokens = rest;
    }
    let (mut count, sign, glued, mut rest) = amount(tokens, loose)?;
    // "a couple more weeks", "two more days": counted from the day it was said all the same
    if loose && let ["more" | "additional" | "extra", unit @ ..] = rest {
        rest = unit;
    }
    // a range with the unit in the middle counts to its later end: `a week or two`
    if loose
        && glued.is_none()
        && let [unit @ .., "or" | "to" | "-", high] = rest
        && let Some((high, None)) = self::count(high)
    {
        count = count.max(high);
        rest = unit;
    }
    if let Some(sign) = sign {
        // `in -3 days` and `+3 days ago` say the direction twice
        if marked {
            return None;
        }
        back = sign == '-';
    }
    let unit = match (glued, rest) {
        (Some(glued), []) => unit(glued)?,
        (None, [word]) => unit(word)?,
        (None, ["business" | "working", "day" | "days"]) if loose => Unit::BusinessDays,
        _ => return None,
    };
    Some(Span { count, back, unit })
}

/// The number at the start of a span: its value, an explicit sign, a unit
/// glued to the digits (`3d`), and the tokens left after it.
type Amount<'a, 'b> = (u64, Option<char>, Option<&'a str>, &'b [&'a str]);

fn amount<'a, 'b>(tokens: &'b [&'a str], loose: bool) -> Option<Amount<'a, 'b>> {
    let (first, rest) = tokens.split_first()?;
    if loose {
        let vague = match tokens {
            ["a" | "an", rest @ ..] => rest,
            _ => tokens,
        };
        match vague {
            ["couple", "of", rest @ ..] | ["couple", rest @ ..] => {
                return Some((2, None, None, rest));
            }
            ["few", rest @ ..] => return Some((3, None, None, rest)),
            _ => {}
        }
        // a range counts to its upper bound: `1-2 weeks`, `one to two weeks`
        if let [low, "to" | "or" | "-", high, rest @ ..] = tokens
            && let Some((low, None)) = count(low)
        {
            let (high, glued) = count(high)?;
            return Some((low.max(high), None, glued, rest));
        }
        if let Some((low, high)) = first.split_once('-')
            && let Some(low) = digits::<u64>(low, 1..=usize::MAX)
        {
            let (high, glued) = count(high)?;
            return Some((low.max(high), None, glued, rest));
        }
    }
    let sign = ['+', '-'].into_iter().find(|sign| first.starts_with(*sign));
    let (number, glued) = match sign {
        Some(_) => number_with_unit(&first[1..])?,
        None => count(first)?,
    };
    Some((number, sign, glued, rest))
}

/// A number word or digits, the digits perhaps with a unit glued on.
fn count(text: &str) -> Option<(u64, Option<&str>)> {
    match number_word(text) {
        Some(number) => Some((number, None)),
        None => number_with_unit(text),
    }
}

fn number_with_unit(text: &str) -> Option<(u64, Option<&str>)> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, glued) = text.split_at(split);
    let number = digits(number, 1..=usize::MAX)?;
    Some((number, (!glued.is_empty()).then_some(glued)))
}

/// `a`, `an`, or a number from one to twelve in words.
fn number_word(text: &str) -> Option<u64> {
    const NUMBERS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    match text {
        "a" | "an" => Some(1),
        _ => (1..)
            .zip(NUMBERS)
            .find_map(|(number, word)| (word == text).then_some(number)),
    }
}

/// Moves `now` by a span. Hours are exact durations; days, weeks and months
/// move the calendar date and keep the wall-clock time, so a daylight-saving
/// change in between does not shift the hour.
fn shift_moment<Tz: TimeZone>(now: &DateTime<Tz>, span: Span) -> Option<DateTime<FixedOffset>> {
    if span.unit == Unit::Hours {
        let hours = TimeDelta::try_hours(span.signed(1)?)?;
        let utc = now.naive_utc().checked_add_signed(hours)?;
        if !in_range(utc.date()) {
            return None;
        }
        return bounded(now.timezone().from_utc_datetime(&utc).fixed_offset());
    }
    let date = shift_date(now.date_naive(), span)?;
    resolve_local(&now.timezone(), date.and_time(now.time()))
}

fn shift_date(date: NaiveDate, span: Span) -> Option<NaiveDate> {
    match span.unit {
        Unit::Days => date.checked_add_signed(TimeDelta::try_days(span.signed(1)?)?),
        Unit::Weeks => date.checked_add_signed(TimeDelta::try_days(span.signed(7)?)?),
        Unit::Months => {
            let months = Months::new(u32::try_from(span.count).ok()?);
            if span.back {
                date.checked_sub_months(months)
            } else {
                date.checked_add_months(months)
            }
        }
        // counted by the caller, with the user's working week
        Unit::BusinessDays | Unit::Hours => None,
    }
}

/// Deadlines named rather than counted: `end of the week`, `early next week`, `EOW`,
/// `end of next month`, `mid December`, `end of day`. Weeks are `week`'s working weeks.
fn named_deadline(
    tokens: &[&str],
    day: NaiveDate,
    week: Workweek<'_>,
    reading: &Reading,
) -> Option<NaiveDate> {
    let words: Vec<&str> = tokens
        .iter()
        .copied()
        .filter(|word| !matches!(*word, "the" | "this"))
        .collect();
    let (part, rest) = match words.as_slice() {
        ["early", rest @ ..] => (Part::Early, rest),
        ["mid" | "middle", "of", rest @ ..] | ["mid" | "middle", rest @ ..] => (Part::Mid, rest),
        ["late" | "later", "in", rest @ ..] | ["late" | "later", rest @ ..] => (Part::End, rest),
        ["end", "of", rest @ ..] => (Part::End, rest),
        rest => (Part::End, rest),
    };
    let said = words.len() != rest.len();
    match (part, rest) {
        (_, ["now"] | ["today"] | ["eod"] | ["cob"]) if !said => Some(day),
        (Part::End, ["day" | "today" | "business"]) if said => Some(day),
        (_, ["week"] | ["eow"] | ["midweek"]) => {
            // said on its day or after, this week's moment has passed: the coming week's
            let part = if rest == ["midweek"] { Part::Mid } else { part };
            part_of_week(week, day, 0, part)
                .filter(|date| *date > day)
                .or_else(|| part_of_week(week, day, 1, part))
        }
        // on a weekend the working week that follows is already "next week"
        (_, ["next", "week"]) => part_of_week(week, day, 1, part),
        (_, ["month"]) => {
            let end = end_of_month(day, 0)?;
            // "end of the month" said in its last three days is the next one's
            let months_ahead = u32::from(part == Part::End && day.day() + 2 >= end.day());
            // a part already past ("mid month" said on the 25th) is next month's
            part_of_month(day, months_ahead, part)
                .filter(|date| *date >= day)
                .or_else(|| part_of_month(day, 1, part))
        }
        (_, ["next", "month"]) => part_of_month(day, 1, part),
        (Part::End, ["year"]) => NaiveDate::from_ymd_opt(day.year(), 12, 31),
        (_, [name]) if said => {
            let month = month(name)?;
            let year = day.year();
            let next = [year, year + 1]
                .into_iter()
                .filter_map(|y| part_of_month(NaiveDate::from_ymd_opt(y, month, 1)?, 0, part))
                .find(|date| *date >= day)?;
            ahead_of(next, day, reading)
        }
        _ => None,
    }
}

/// Which part of a week or month: early, mid, or late and its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Early,
    Mid,
    End,
}

/// A part of the working week `weeks_ahead` after `day`'s: its second working day (Tuesday of
/// Monday to Friday), its middle one (Wednesday), or its last business day.
fn part_of_week(
    week: Workweek<'_>,
    day: NaiveDate,
    weeks_ahead: u64,
    part: Part,
) -> Option<NaiveDate> {
    if part == Part::End {
        return week.end_of_week(day, weeks_ahead);
    }
    // the week's days are the seven that end on its last working day, holidays or not
    let plain = Workweek {
        holidays: &[],
        ..week
    };
    let last = plain.end_of_week(day, weeks_ahead)?;
    let working: Vec<NaiveDate> = (0..7)
        .rev()
        .filter_map(|back| last.checked_sub_days(Days::new(back)))
        .filter(|date| week.working_days.contains(&date.weekday()))
        .collect();
    let index = match part {
        Part::Early => 1,
        _ => working.len() / 2,
    };
    working
        .get(index.min(working.len().saturating_sub(1)))
        .copied()
}

/// A part of the month `months_ahead` after `day`'s: the 5th, the 15th or its last day.
fn part_of_month(day: NaiveDate, months_ahead: u32, part: Part) -> Option<NaiveDate> {
    let end = end_of_month(day, months_ahead)?;
    match part {
        Part::Early => end.with_day(5),
        Part::Mid => end.with_day(15),
        Part::End => Some(end),
    }
}

/// The last day of the month `months_ahead` after `day`'s.
fn end_of_month(day: NaiveDate, months_ahead: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(day.year(), day.month(), 1)?
        .checked_add_months(Months::new(months_ahead.checked_add(1)?))?
        .pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{MappedLocalTime, Offset};
    use proptest::prelude::*;

    const MON_FRI: Workweek<'static> = Workweek::MONDAY_TO_FRIDAY;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    /// Sunday 2026-11-22, 10:00 at +01:00.
    fn sunday() -> DateTime<FixedOffset> {
        at("2026-11-22T10:00:00+01:00")
    }

    /// Wednesday 2026-11-25, 09:15 at +01:00.
    fn wednesday() -> DateTime<FixedOffset> {
        at("2026-11-25T09:15:00+01:00")
    }

    /// Friday 2026-11-27, 16:00 at +01:00.
    fn friday() -> DateTime<FixedOffset> {
        at("2026-11-27T16:00:00+01:00")
    }

    fn when(now: &DateTime<FixedOffset>, input: &str) -> String {
        match parse_when(input, now) {
            Ok(moment) => moment.to_rfc3339(),
            Err(err) => panic!("{input:?} failed: {err}"),
        }
    }

    fn check_when(now: &DateTime<FixedOffset>, cases: &[(&str, &str)]) {
        for (input, expected) in cases {
            assert_eq!(&when(now, input), expected, "input {input:?}");
        }
    }

    /// A timeline's date, or "none" for words with no date.
    fn shown(date: Option<NaiveDate>) -> String {
        date.map_or_else(|| "none".to_string(), |date| date.to_string())
    }

    fn check_timeline(base: &DateTime<FixedOffset>, cases: &[(&str, &str)]) {
        for (input, expected) in cases {
            let got = parse_timeline(input, base, MON_FRI)
                .unwrap_or_else(|err| panic!("{input:?} failed: {err}"));
            assert_eq!(shown(got), *expected, "input {input:?}");
        }
    }

    #[test]
    fn fixtures_fall_on_the_intended_weekdays() {
        assert_eq!(sunday().weekday(), Weekday::Sun);
        assert_eq!(wednesday().weekday(), Weekday::Wed);
        assert_eq!(friday().weekday(), Weekday::Fri);
    }

    #[test]
    fn rfc3339_keeps_its_own_offset() {
        check_when(
            &sunday(),
            &[
                ("2026-11-20T14:30:00+01:00", "2026-11-20T14:30:00+01:00"),
                ("2026-11-20T13:30:00Z", "2026-11-20T13:30:00+00:00"),
                ("2026-11-20t13:30:00z", "2026-11-20T13:30:00+00:00"),
                ("2026-11-20T14:30:00-05:00", "2026-11-20T14:30:00-05:00"),
                ("  2026-11-20T14:30:00+01:00 ", "2026-11-20T14:30:00+01:00"),
            ],
        );
    }

    #[test]
    fn iso_dates_and_times_are_local() {
        check_when(
            &sunday(),
            &[
                ("2026-11-20", "2026-11-20T00:00:00+01:00"),
                ("2026-11-20 14:30", "2026-11-20T14:30:00+01:00"),
                ("2026-11-20T14:30", "2026-11-20T14:30:00+01:00"),
                ("2026-11-20t14:30", "2026-11-20T14:30:00+01:00"),
                ("2026-11-20 14:30:15", "2026-11-20T14:30:15+01:00"),
                ("2026-11-20T14:30:15", "2026-11-20T14:30:15+01:00"),
                ("2026-11-20   9:05", "2026-11-20T09:05:00+01:00"),
                ("2026-11-20 3pm", "2026-11-20T15:00:00+01:00"),
                ("2026-11-20 at 3pm", "2026-11-20T15:00:00+01:00"),
            ],
        );
    }

    #[test]
    fn now_today_tomorrow_yesterday() {
        check_when(
            &sunday(),
            &[
                ("now", "2026-11-22T10:00:00+01:00"),
                ("NOW", "2026-11-22T10:00:00+01:00"),
                ("today", "2026-11-22T00:00:00+01:00"),
                ("Tomorrow", "2026-11-23T00:00:00+01:00"),
                ("yesterday", "2026-11-21T00:00:00+01:00"),
                ("yesterday 3pm", "2026-11-21T15:00:00+01:00"),
                ("tomorrow 9:30", "2026-11-23T09:30:00+01:00"),
                ("today 14:30", "2026-11-22T14:30:00+01:00"),
                ("yesterday at 3pm", "2026-11-21T15:00:00+01:00"),
                ("today 3:30pm", "2026-11-22T15:30:00+01:00"),
                ("tomorrow 3 pm", "2026-11-23T15:00:00+01:00"),
                ("tomorrow 3 p.m.", "2026-11-23T15:00:00+01:00"),
                ("today noon", "2026-11-22T12:00:00+01:00"),
                ("tomorrow at midnight", "2026-11-23T00:00:00+01:00"),
                ("today 12am", "2026-11-22T00:00:00+01:00"),
                ("today 12pm", "2026-11-22T12:00:00+01:00"),
                ("today 12:15am", "2026-11-22T00:15:00+01:00"),
                ("  Yesterday    AT   3PM ", "2026-11-21T15:00:00+01:00"),
            ],
        );
    }

    #[test]
    fn bare_times_mean_today() {
        check_when(
            &sunday(),
            &[
                ("14:30", "2026-11-22T14:30:00+01:00"),
                ("3pm", "2026-11-22T15:00:00+01:00"),
                ("3 pm", "2026-11-22T15:00:00+01:00"),
                ("3:30pm", "2026-11-22T15:30:00+01:00"),
                ("9am", "2026-11-22T09:00:00+01:00"),
                ("at 9am", "2026-11-22T09:00:00+01:00"),
                ("noon", "2026-11-22T12:00:00+01:00"),
                ("08:05:09", "2026-11-22T08:05:09+01:00"),
            ],
        );
    }

    #[test]
    fn weekdays_from_a_sunday() {
        check_when(
            &sunday(),
            &[
                ("friday", "2026-11-27T00:00:00+01:00"),
                ("fri", "2026-11-27T00:00:00+01:00"),
                ("this friday", "2026-11-27T00:00:00+01:00"),
                ("next friday", "2026-11-27T00:00:00+01:00"),
                ("last friday", "2026-11-20T00:00:00+01:00"),
                ("sunday", "2026-11-22T00:00:00+01:00"),
                ("next sunday", "2026-11-29T00:00:00+01:00"),
                ("last sun", "2026-11-15T00:00:00+01:00"),
                ("monday", "2026-11-23T00:00:00+01:00"),
                ("Saturday", "2026-11-28T00:00:00+01:00"),
                ("friday 10am", "2026-11-27T10:00:00+01:00"),
                ("next monday at 9:30", "2026-11-23T09:30:00+01:00"),
                ("tue 14:00", "2026-11-24T14:00:00+01:00"),
            ],
        );
    }

    #[test]
    fn weekdays_from_a_friday() {
        check_when(
            &friday(),
            &[
                ("friday", "2026-11-27T00:00:00+01:00"),
                ("this fri", "2026-11-27T00:00:00+01:00"),
                ("next friday", "2026-12-04T00:00:00+01:00"),
                ("last friday", "2026-11-20T00:00:00+01:00"),
                ("thursday", "2026-12-03T00:00:00+01:00"),
                ("last thursday", "2026-11-26T00:00:00+01:00"),
                ("saturday", "2026-11-28T00:00:00+01:00"),
            ],
        );
    }

    #[test]
    fn weekdays_from_a_wednesday() {
        check_when(
            &wednesday(),
            &[
                ("friday", "2026-11-27T00:00:00+01:00"),
                ("next friday", "2026-11-27T00:00:00+01:00"),
                ("wed", "2026-11-25T00:00:00+01:00"),
                ("next wednesday", "2026-12-02T00:00:00+01:00"),
                ("last wednesday", "2026-11-18T00:00:00+01:00"),
                ("last monday", "2026-11-23T00:00:00+01:00"),
            ],
        );
    }

    #[test]
    fn month_day_dates() {
        check_when(
            &sunday(),
            &[
                ("December 4", "2026-12-04T00:00:00+01:00"),
                ("Dec 4", "2026-12-04T00:00:00+01:00"),
                ("dec. 4", "2026-12-04T00:00:00+01:00"),
                ("4 December", "2026-12-04T00:00:00+01:00"),
                ("4 dec", "2026-12-04T00:00:00+01:00"),
                ("dec 4th", "2026-12-04T00:00:00+01:00"),
                ("4th of december", "2026-12-04T00:00:00+01:00"),
                ("Dec 4 2026", "2026-12-04T00:00:00+01:00"),
                ("December 4, 2026", "2026-12-04T00:00:00+01:00"),
                ("4 Dec 2027", "2027-12-04T00:00:00+01:00"),
                ("Dec 4 2027 3pm", "2027-12-04T15:00:00+01:00"),
                ("December 4, 2026 at 10:00", "2026-12-04T10:00:00+01:00"),
                ("dec 4th 9:30am", "2026-12-04T09:30:00+01:00"),
                ("Nov 20", "2026-11-20T00:00:00+01:00"),
                ("may 1", "2027-05-01T00:00:00+01:00"),
                ("feb 29 2028", "2028-02-29T00:00:00+01:00"),
            ],
        );
    }

    #[test]
    fn year_is_the_one_nearest_now() {
        let december = at("2026-12-20T10:00:00+01:00");
        check_when(
            &december,
            &[
                ("Jan 5", "2027-01-05T00:00:00+01:00"),
                ("Dec 1", "2026-12-01T00:00:00+01:00"),
            ],
        );
        let january = at("2027-01-03T10:00:00+01:00");
        check_when(
            &january,
            &[
                ("Dec 28", "2026-12-28T00:00:00+01:00"),
                ("Jan 10", "2027-01-10T00:00:00+01:00"),
            ],
        );
    }

    #[test]
    fn relative_spans() {
        check_when(
            &sunday(),
            &[
                ("in 2 weeks", "2026-12-06T10:00:00+01:00"),
                ("in 3 days", "2026-11-25T10:00:00+01:00"),
                ("in 5 hours", "2026-11-22T15:00:00+01:00"),
                ("+3d", "2026-11-25T10:00:00+01:00"),
                ("+2w", "2026-12-06T10:00:00+01:00"),
                ("+5h", "2026-11-22T15:00:00+01:00"),
                ("+3 days", "2026-11-25T10:00:00+01:00"),
                ("2w", "2026-12-06T10:00:00+01:00"),
                ("3d", "2026-11-25T10:00:00+01:00"),
                ("10 days", "2026-12-02T10:00:00+01:00"),
                ("2 weeks", "2026-12-06T10:00:00+01:00"),
                ("2 wk", "2026-12-06T10:00:00+01:00"),
                ("a week", "2026-11-29T10:00:00+01:00"),
                ("in a week", "2026-11-29T10:00:00+01:00"),
                ("an hour", "2026-11-22T11:00:00+01:00"),
                ("two weeks", "2026-12-06T10:00:00+01:00"),
                ("in twelve days", "2026-12-04T10:00:00+01:00"),
                ("3 days ago", "2026-11-19T10:00:00+01:00"),
                ("2 hours ago", "2026-11-22T08:00:00+01:00"),
                ("-2d", "2026-11-20T10:00:00+01:00"),
                ("-1w", "2026-11-15T10:00:00+01:00"),
                ("1 month", "2026-12-22T10:00:00+01:00"),
                ("2 months", "2027-01-22T10:00:00+01:00"),
                ("+1mo", "2026-12-22T10:00:00+01:00"),
                ("a month ago", "2026-10-22T10:00:00+01:00"),
                ("0d", "2026-11-22T10:00:00+01:00"),
            ],
        );
    }

    #[test]
    fn months_are_calendar_months() {
        let end_of_january = at("2027-01-31T08:00:00+01:00");
        check_when(
            &end_of_january,
            &[
                ("1 month", "2027-02-28T08:00:00+01:00"),
                ("2 months", "2027-03-31T08:00:00+01:00"),
            ],
        );
    }

    #[test]
    fn garbage_is_rejected() {
        for input in [
            "fridy",
            "",
            "   ",
            "in weeks",
            "2026-13-01",
            "2026-02-30",
            "25:00",
            "24:00",
            "12:60",
            "13pm",
            "0am",
            "14",
            "next",
            "last",
            "friday friday",
            "friday 25:00",
            "2026-11-20T14:30 15:00",
            "dec 32",
            "feb 29",
            "in 3 days ago",
            "+3 days ago",
            "in -3 days",
            "3 fortnights",
            "1-2 weeks",
            "a couple of weeks",
            "3 business days",
            "+99999999999d",
            "99999999999999999999999d",
            "+999999999999999h",
            "99999999 months",
            "18446744073709551615w",
            "tomorrow at",
            "at",
            "d",
            "+",
            "-",
            "\u{1f600}",
            "v\u{e9}ndredi",
        ] {
            let err = parse_when(input, &sunday()).expect_err(input);
            assert_eq!(err.kind, What::Date);
            assert_eq!(err.input, input);
        }
    }

    #[test]
    fn results_stay_within_four_digit_years() {
        let late = at("9999-12-30T10:00:00+00:00");
        assert!(parse_when("+2d", &late).is_err());
        assert!(parse_when("+48h", &late).is_err());
        assert_eq!(when(&late, "+1d"), "9999-12-31T10:00:00+00:00");
        let early = at("0001-01-02T10:00:00+00:00");
        assert!(parse_when("-2d", &early).is_err());
        assert!(parse_when("last friday", &early).is_err());
        assert!(parse_timeline("3 business days", &late, MON_FRI).is_err());
    }

    #[test]
    fn error_names_the_input_and_the_forms() {
        let err = parse_when("whenever", &sunday()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "could not read date \"whenever\": use 2026-11-20, 2026-11-20 14:30, 11/20/2026, \
             20.11.2026, 20-Nov-2026, RFC 3339, RFC 2822, today, yesterday 3pm, this morning, \
             last night, tomorrow 9.30am, friday, next friday, in 2 weeks, +3d, 2w, 10 days"
        );
        let err = parse_timeline("whenever", &sunday(), MON_FRI).unwrap_err();
        assert_eq!(err.kind, What::Timeline);
        assert_eq!(
            err.to_string(),
            "could not read timeline \"whenever\": use their sentence with a date or span in \
             it: by December 4, 2026-12-04, friday, two weeks, a week or two, 3-5 business \
             days, early next week, end of next week, mid December, end of the month, or words \
             with no date such as soon"
        );
        let err = parse_instant("tomorrow", &FixedOffset::east_opt(0).unwrap()).unwrap_err();
        assert_eq!(err.kind, What::Instant);
        assert!(err.to_string().contains("\"tomorrow\""));
        assert!(err.to_string().contains("RFC 3339"));
        // a newline in the input must not break the one-line message
        let err = parse_when("fri\ndy", &sunday()).unwrap_err();
        assert!(!err.to_string().contains('\n'));
        assert!(err.to_string().contains("fri\\ndy"));
        let err: Box<dyn std::error::Error> = Box::new(err);
        assert!(err.to_string().starts_with("could not read date"));
    }

    #[test]
    fn timeline_dates() {
        check_timeline(
            &sunday(),
            &[
                ("by December 4", "2026-12-04"),
                ("December 4.", "2026-12-04"),
                ("by the 4th of December", "2026-12-04"),
                ("2026-12-04", "2026-12-04"),
                ("before 2026-12-04", "2026-12-04"),
                ("friday", "2026-11-27"),
                ("By Friday.", "2026-11-27"),
                ("on monday", "2026-11-23"),
                ("next friday", "2026-11-27"),
                ("tomorrow", "2026-11-23"),
                ("friday 3 p.m.", "2026-11-27"),
                ("2026-12-04T23:30:00Z", "2026-12-05"),
            ],
        );
    }

    #[test]
    fn timeline_spans() {
        check_timeline(
            &sunday(),
            &[
                ("two weeks", "2026-12-06"),
                ("in two weeks", "2026-12-06"),
                ("within 10 days", "2026-12-02"),
                ("10 days", "2026-12-02"),
                ("a week", "2026-11-29"),
                ("a couple of weeks", "2026-12-06"),
                ("a couple weeks", "2026-12-06"),
                ("a few days", "2026-11-25"),
                ("a few weeks", "2026-12-13"),
                ("a couple of days", "2026-11-24"),
                ("a month", "2026-12-22"),
                ("2 months", "2027-01-22"),
                ("1-2 weeks", "2026-12-06"),
                ("1 - 2 weeks", "2026-12-06"),
                ("1\u{2013}2 weeks", "2026-12-06"),
                ("one to two weeks", "2026-12-06"),
                ("2 or 3 days", "2026-11-25"),
                ("2-3d", "2026-11-25"),
                ("within the next two weeks.", "2026-12-06"),
                ("around 2 weeks", "2026-12-06"),
                ("48 hours", "2026-11-24"),
                ("+3d", "2026-11-25"),
            ],
        );
    }

    #[test]
    fn business_days_skip_weekends() {
        // from a sunday the count starts on monday
        check_timeline(
            &sunday(),
            &[
                ("3 business days", "2026-11-25"),
                ("5 working days", "2026-11-27"),
            ],
        );
        check_timeline(
            &wednesday(),
            &[
                ("3 business days", "2026-11-30"),
                ("2 business days", "2026-11-27"),
                ("10 business days", "2026-12-09"),
                ("within 3 working days", "2026-11-30"),
                ("0 business days", "2026-11-25"),
            ],
        );
        check_timeline(
            &friday(),
            &[
                ("1 business day", "2026-11-30"),
                ("5 working days", "2026-12-04"),
                ("two business days", "2026-12-01"),
            ],
        );
        let saturday = at("2026-11-28T12:00:00+01:00");
        check_timeline(&saturday, &[("1 business day", "2026-11-30")]);
    }

    #[test]
    fn ends_of_weeks() {
        // said on the friday itself, the end of the week is the next friday
        check_timeline(
            &friday(),
            &[
                ("end of the week", "2026-12-04"),
                ("EOW", "2026-12-04"),
                ("this week", "2026-12-04"),
            ],
        );
        for base in [sunday(), wednesday()] {
            check_timeline(
                &base,
                &[
                    ("end of the week", "2026-11-27"),
                    ("by the end of this week", "2026-11-27"),
                    ("end of week", "2026-11-27"),
                    ("this week", "2026-11-27"),
                ],
            );
        }
        for base in [wednesday(), friday()] {
            check_timeline(
                &base,
                &[
                    ("end of next week", "2026-12-04"),
                    ("by the end of next week", "2026-12-04"),
                    ("next week", "2026-12-04"),
                ],
            );
        }
        // on a weekend the working week that follows is already "next week"
        check_timeline(
            &sunday(),
            &[
                ("end of next week", "2026-11-27"),
                ("next week", "2026-11-27"),
            ],
        );
        let saturday = at("2026-11-28T12:00:00+01:00");
        check_timeline(
            &saturday,
            &[
                ("end of the week", "2026-12-04"),
                ("end of next week", "2026-12-04"),
            ],
        );
    }

    /// What a row of a table expects: a date (`YYYY-MM-DD`, or a moment in RFC 3339), `none`
    /// for words with no date, or an error whose message contains the text after `error:`.
    fn check_rows<T, E: fmt::Display>(
        rows: &[(&str, &str, &str)],
        read: impl Fn(&str, &DateTime<FixedOffset>) -> Result<T, E>,
        show: impl Fn(T) -> String,
    ) {
        for (input, reference, expected) in rows {
            let base = at(reference);
            let got = read(input, &base);
            match (expected.strip_prefix("error:"), got) {
                (Some(says), Err(err)) => {
                    let message = err.to_string();
                    assert!(
                        message.contains(says),
                        "{input:?} from {reference}: {message}"
                    );
                }
                (Some(_), Ok(value)) => {
                    panic!("{input:?} from {reference}: read as {}", show(value))
                }
                (None, Ok(value)) => {
                    assert_eq!(show(value), *expected, "{input:?} from {reference}")
                }
                (None, Err(err)) => panic!("{input:?} from {reference} failed: {err}"),
            }
        }
    }

    // weekdays of the references: 2026-11-20 friday, 22 sunday, 25 wednesday, 27 friday
    const FRI_20: &str = "2026-11-20T15:00:00+01:00";
    const SUN_22: &str = "2026-11-22T10:00:00+01:00";
    const WED_25: &str = "2026-11-25T09:15:00+01:00";
    const FRI_27: &str = "2026-11-27T16:00:00+01:00";

    #[test]
    fn timelines_in_their_words() {
        let rows = [
            // a span anywhere in the sentence, from the interview day
            ("We'll let you know in two weeks.", WED_25, "2026-12-09"),
            (
                "You should hear from us within 10 days",
                WED_25,
                "2026-12-05",
            ),
            (
                "We'll get back to you in 5 business days!",
                WED_25,
                "2026-12-02",
            ),
            ("in 5 days", WED_25, "2026-11-30"),
            // a range takes its later end
            ("a week or two", WED_25, "2026-12-09"),
            ("probably a day or two", WED_25, "2026-11-27"),
            ("3-5 days", WED_25, "2026-11-30"),
            ("3\u{2013}5 business days", WED_25, "2026-12-02"),
            ("two to three weeks", WED_25, "2026-12-16"),
            ("a couple of weeks", WED_25, "2026-12-09"),
            ("a few days", WED_25, "2026-11-28"),
            ("a few weeks", WED_25, "2026-12-16"),
            ("over the next couple of weeks", WED_25, "2026-12-09"),
            // a weekday is the next one after the interview day, never that day
            ("by Friday", FRI_27, "2026-12-04"),
            ("by Friday", WED_25, "2026-11-27"),
            ("this friday", FRI_27, "2026-12-04"),
            (
                "we hope to decide by Monday at the latest",
                FRI_27,
                "2026-11-30",
            ),
            ("wednesday", WED_25, "2026-12-02"),
            // parts of weeks
            ("early next week", WED_25, "2026-12-01"),
            ("mid next week", WED_25, "2026-12-02"),
            ("mid-next week", WED_25, "2026-12-02"),
            ("late next week", WED_25, "2026-12-04"),
            ("by the end of next week", WED_25, "2026-12-04"),
            ("EOW", WED_25, "2026-11-27"),
            ("by EOW.", FRI_27, "2026-12-04"),
            ("end of the week", FRI_27, "2026-12-04"),
            ("later this week", WED_25, "2026-11-27"),
            ("early next week", SUN_22, "2026-11-24"),
            // parts of months
            ("early December", SUN_22, "2026-12-05"),
            ("mid December", SUN_22, "2026-12-15"),
            ("mid-December", SUN_22, "2026-12-15"),
            ("by late December", SUN_22, "2026-12-31"),
            ("end of December", SUN_22, "2026-12-31"),
            ("the middle of january", SUN_22, "2027-01-15"),
            ("end of the month", WED_25, "2026-11-30"),
            (
                "end of the month",
                "2026-11-27T10:00:00+01:00",
                "2026-11-30",
            ),
            // said in the month's last three days: the next month's end
            (
                "end of the month",
                "2026-11-28T10:00:00+01:00",
                "2026-12-31",
            ),
            ("by month end", WED_25, "2026-11-30"),
            ("next month", WED_25, "2026-12-31"),
            ("early next month", WED_25, "2026-12-05"),
            // a month and day without a year: the next on or after the interview day
            ("by December 4", WED_25, "2026-12-04"),
            ("Nov 25", WED_25, "2026-11-25"),
            ("we aim to decide by Jan 8", WED_25, "2027-01-08"),
            ("by 12/04/2026", WED_25, "error:reads two ways"),
            ("by 12/14/2026", WED_25, "2026-12-14"),
            ("14.12.2026", WED_25, "2026-12-14"),
            // several dates: the latest counts
            (
                "thanks for coming in today, we'll decide in two weeks",
                WED_25,
                "2026-12-09",
            ),
            (
                "by friday, or early next week at the latest",
                WED_25,
                "2026-12-01",
            ),
            ("by end of day today", WED_25, "2026-11-25"),
            // words with no date
            ("soon", WED_25, "none"),
            ("We'll be in touch shortly.", WED_25, "none"),
            ("ASAP", WED_25, "none"),
            ("as soon as possible", WED_25, "none"),
            ("in due course", WED_25, "none"),
            ("soon, by friday at the latest", WED_25, "2026-11-27"),
            (
                "Thanks for your time today. We'll be in touch.",
                WED_25,
                "none",
            ),
            ("we'll get back to you", WED_25, "none"),
            ("we may need a couple more weeks", WED_25, "2026-12-09"),
            ("mid-month", WED_25, "2026-12-15"),
            ("mid-month", "2026-11-10T10:00:00+01:00", "2026-11-15"),
            (
                "we'll let you know by fridya.",
                WED_25,
                "error:did you mean \"we'll let you know by friday\"",
            ),
            // refused: before the interview, implausibly far, unreadable
            (
                "Oct 1",
                "2026-10-26T10:00:00+01:00",
                "error:more than 183 days",
            ),
            (
                "by October 1, 2026",
                "2026-10-26T10:00:00+01:00",
                "error:before Monday 26 October 2026",
            ),
            (
                "2026-10-01",
                "2026-10-26T10:00:00+01:00",
                "error:Thursday 1 October 2026",
            ),
            ("3 days ago", WED_25, "error:before"),
            (
                "early December",
                "2026-12-20T10:00:00+01:00",
                "error:more than 183 days",
            ),
            ("by fridya", WED_25, "error:did you mean \"by friday\""),
            ("we'll call you", WED_25, "error:could not read timeline"),
            // a typo beside words that read would change what they meant
            (
                "early nxt week",
                WED_25,
                "error:did you mean \"early next week\"",
            ),
            (
                "a week or tow",
                WED_25,
                "error:did you mean \"a week or two\"",
            ),
            (
                "in thre weeks",
                WED_25,
                "error:did you mean \"in three weeks\"",
            ),
            // a near word that changes nothing is left alone
            ("nice to meet you, in 2 weeks too", WED_25, "2026-12-09"),
        ];
        check_rows(
            &rows,
            |input, base| parse_timeline(input, base, MON_FRI),
            shown,
        );
    }

    #[test]
    fn timelines_read_numeric_dates_in_the_order_given() {
        let rows = [
            ("by 12/04/2026", WED_25, "2026-12-04"),
            (
                "by 04/12/2026",
                WED_25,
                "error:before Wednesday 25 November 2026",
            ),
            ("by 01/12/2027", WED_25, "2027-01-12"),
        ];
        check_rows(
            &rows,
            |input, base| parse_timeline_in(input, base, MON_FRI, Some(DateOrder::Mdy)),
            shown,
        );
    }

    #[test]
    fn dates_as_people_write_them() {
        let rows = [
            ("11/13/2026", SUN_22, "2026-11-13T00:00:00+01:00"),
            ("13/11/2026", SUN_22, "2026-11-13T00:00:00+01:00"),
            ("19.11.2026", SUN_22, "2026-11-19T00:00:00+01:00"),
            ("2026/11/19", SUN_22, "2026-11-19T00:00:00+01:00"),
            ("2026.11.19 14:30", SUN_22, "2026-11-19T14:30:00+01:00"),
            ("13-11-26", SUN_22, "2026-11-13T00:00:00+01:00"),
            ("11/20/26 3pm", SUN_22, "2026-11-20T15:00:00+01:00"),
            // the same day and month read either way
            ("11/11/2026", SUN_22, "2026-11-11T00:00:00+01:00"),
            ("11/3/26, 9:12 AM", SUN_22, "error:reads two ways"),
            (
                "11/12/2026",
                SUN_22,
                "error:Thursday 12 November 2026 (month first) or Friday 11 December 2026 (day first)",
            ),
            ("11/12/2026", SUN_22, "error:date_order"),
            ("19-Nov-2026", SUN_22, "2026-11-19T00:00:00+01:00"),
            ("19-nov-26 10:00", SUN_22, "2026-11-19T10:00:00+01:00"),
            ("Nov-19-2026", SUN_22, "2026-11-19T00:00:00+01:00"),
            (
                "Thu, 19 Nov 2026 14:30:00 +0100",
                SUN_22,
                "2026-11-19T14:30:00+01:00",
            ),
            (
                "19 Nov 2026 14:30:00 -0500",
                SUN_22,
                "2026-11-19T14:30:00-05:00",
            ),
            ("9.30am", SUN_22, "2026-11-22T09:30:00+01:00"),
            ("yesterday 9.30 pm", SUN_22, "2026-11-21T21:30:00+01:00"),
            ("this morning", SUN_22, "2026-11-22T09:00:00+01:00"),
            ("this afternoon", SUN_22, "2026-11-22T15:00:00+01:00"),
            ("this evening", SUN_22, "2026-11-22T19:00:00+01:00"),
            ("tonight", SUN_22, "2026-11-22T20:00:00+01:00"),
            ("last night", SUN_22, "2026-11-21T20:00:00+01:00"),
            ("yesterday morning", SUN_22, "2026-11-21T09:00:00+01:00"),
            ("friday afternoon", SUN_22, "2026-11-27T15:00:00+01:00"),
            ("noon", SUN_22, "2026-11-22T12:00:00+01:00"),
            ("tomorrow at noon", SUN_22, "2026-11-23T12:00:00+01:00"),
            // not dates
            ("32/11/2026", SUN_22, "error:could not read date"),
            ("13/13/2026", SUN_22, "error:could not read date"),
            ("11/12/202", SUN_22, "error:could not read date"),
            ("19.11", SUN_22, "error:could not read date"),
            ("tonight 9pm", SUN_22, "error:could not read date"),
            // typos close to a known word
            ("fridya", SUN_22, "error:did you mean \"friday\""),
            ("tomorow 3pm", SUN_22, "error:did you mean \"tomorrow 3pm\""),
            ("nxt", SUN_22, "error:did you mean \"next\""),
            ("nxt tuesday", SUN_22, "error:did you mean \"next tuesday\""),
            ("wendesday", SUN_22, "error:did you mean \"wednesday\""),
            ("decmber 4", SUN_22, "error:did you mean \"december 4\""),
            ("whenever", SUN_22, "error:use 2026-11-20"),
        ];
        let moment = |at: DateTime<FixedOffset>| at.to_rfc3339();
        check_rows(&rows, parse_when, moment);
        let no_hint = parse_when("whenever", &sunday()).unwrap_err().to_string();
        assert!(!no_hint.contains("did you mean"), "{no_hint}");
    }

    #[test]
    fn the_order_of_day_and_month_decides() {
        let moment = |at: DateTime<FixedOffset>| at.to_rfc3339();
        let us = [
            ("11/12/2026", SUN_22, "2026-11-12T00:00:00+01:00"),
            ("11/3/26, 9:12 AM", SUN_22, "2026-11-03T09:12:00+01:00"),
            // read the only way it reads, whatever the order
            ("13/11/2026", SUN_22, "2026-11-13T00:00:00+01:00"),
            ("2026/11/12", SUN_22, "2026-11-12T00:00:00+01:00"),
            // dots are the day-first way of writing, wherever it is typed
            ("6.11.2026", SUN_22, "2026-11-06T00:00:00+01:00"),
            ("11.3.26 9:12", SUN_22, "2026-03-11T09:12:00+01:00"),
        ];
        check_rows(
            &us,
            |i, now| parse_when_in(i, now, Some(DateOrder::Mdy)),
            moment,
        );
        let europe = [
            ("11/12/2026", SUN_22, "2026-12-11T00:00:00+01:00"),
            ("11.3.26 9:12", SUN_22, "2026-03-11T09:12:00+01:00"),
            ("11/13/2026", SUN_22, "2026-11-13T00:00:00+01:00"),
        ];
        check_rows(
            &europe,
            |i, now| parse_when_in(i, now, Some(DateOrder::Dmy)),
            moment,
        );
        let year_first = [
            ("26/11/12", FRI_20, "2026-11-12T00:00:00+01:00"),
            ("2026/12/11", FRI_20, "2026-12-11T00:00:00+01:00"),
            ("11/12/2026", FRI_20, "error:reads two ways"),
        ];
        check_rows(
            &year_first,
            |i, now| parse_when_in(i, now, Some(DateOrder::Ymd)),
            moment,
        );
    }

    #[test]
    fn typos_are_mended_to_the_nearest_word() {
        assert_eq!(closest("fridya", KNOWN_WORDS), Some("friday"));
        assert_eq!(closest("thrusday", KNOWN_WORDS), Some("thursday"));
        assert_eq!(closest("nxt", KNOWN_WORDS), Some("next"));
        // too far from anything, or as near two words
        assert_eq!(closest("xyz", KNOWN_WORDS), None);
        assert_eq!(closest("bat", ["bar", "bag"]), None);
        assert_eq!(closest("Umbrela", ["umbrella", "acme"]), Some("umbrella"));
        assert_eq!(edit_distance("thank-yuo", "thank-you"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    /// A Sunday-to-Thursday working week, as in much of the Middle East.
    const SUN_THU: Workweek<'static> = Workweek {
        working_days: &[
            Weekday::Sun,
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
        ],
        holidays: &[],
    };

    fn check_timeline_in(week: Workweek<'_>, base: &DateTime<FixedOffset>, cases: &[(&str, &str)]) {
        for (input, expected) in cases {
            let got = parse_timeline(input, base, week)
                .unwrap_or_else(|err| panic!("{input:?} failed: {err}"));
            assert_eq!(shown(got), *expected, "input {input:?} from {base}");
        }
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn business_days_of_a_sunday_to_thursday_week() {
        // from wednesday 25 november: thursday, then sunday and monday
        check_timeline_in(
            SUN_THU,
            &wednesday(),
            &[
                ("2 business days", "2026-11-29"),
                ("3 business days", "2026-11-30"),
                // two whole weeks and two days: thursday 10, sunday 13 december
                ("12 business days", "2026-12-13"),
                ("0 business days", "2026-11-25"),
            ],
        );
        // friday and saturday are the weekend: the count starts on sunday
        check_timeline_in(
            SUN_THU,
            &friday(),
            &[
                ("1 business day", "2026-11-29"),
                ("3 working days", "2026-12-01"),
            ],
        );
        check_timeline_in(SUN_THU, &sunday(), &[("5 working days", "2026-11-29")]);
        // spans of calendar days do not care about the working week
        check_timeline_in(
            SUN_THU,
            &wednesday(),
            &[("10 days", "2026-12-05"), ("friday", "2026-11-27")],
        );
    }

    #[test]
    fn ends_of_a_sunday_to_thursday_week() {
        // sunday 22 to saturday 28 november is one working week; it ends on thursday 26
        for base in [sunday(), wednesday()] {
            check_timeline_in(
                SUN_THU,
                &base,
                &[
                    ("end of the week", "2026-11-26"),
                    ("this week", "2026-11-26"),
                    ("end of next week", "2026-12-03"),
                ],
            );
        }
        // on its weekend the week is over: "the week" is the coming one, as is "next week"
        let saturday = at("2026-11-28T12:00:00+01:00");
        for base in [friday(), saturday] {
            check_timeline_in(
                SUN_THU,
                &base,
                &[
                    ("end of the week", "2026-12-03"),
                    ("end of next week", "2026-12-03"),
                ],
            );
        }
    }

    #[test]
    fn holidays_are_skipped_in_business_days() {
        // thanksgiving and the day after
        let holidays = [day("2026-11-26"), day("2026-11-27")];
        let week = Workweek {
            holidays: &holidays,
            ..MON_FRI
        };
        check_timeline_in(
            week,
            &wednesday(),
            &[
                ("1 business day", "2026-11-30"),
                ("3 business days", "2026-12-02"),
                // one whole week is jumped over, and both holidays inside it are made up
                ("10 business days", "2026-12-11"),
            ],
        );
        // a holiday listed twice, or on a weekend, changes nothing
        let holidays = [
            day("2026-11-26"),
            day("2026-11-28"),
            day("2026-11-27"),
            day("2026-11-26"),
        ];
        check_timeline_in(
            Workweek {
                holidays: &holidays,
                ..MON_FRI
            },
            &wednesday(),
            &[("10 business days", "2026-12-11")],
        );
        // with the working week too: thursday is off, sunday 29 is a holiday
        let holidays = [day("2026-11-29")];
        check_timeline_in(
            Workweek {
                holidays: &holidays,
                ..SUN_THU
            },
            &wednesday(),
            &[("3 business days", "2026-12-01")],
        );
    }

    #[test]
    fn a_week_ends_on_its_last_business_day() {
        let holidays = [day("2026-11-26"), day("2026-11-27")];
        let week = Workweek {
            holidays: &holidays,
            ..MON_FRI
        };
        // thursday and friday off: the week ends on wednesday, the day it was said, so the
        // end meant is the next week's
        check_timeline_in(week, &wednesday(), &[("end of the week", "2026-12-04")]);
        // said on the holiday itself, that end has passed: the next week's friday
        let thursday = at("2026-11-26T10:00:00+01:00");
        check_timeline_in(week, &thursday, &[("end of the week", "2026-12-04")]);
        // a week of holidays still ends on its last working day
        let holidays: Vec<NaiveDate> = (0..5)
            .map(|offset| day("2026-11-30") + Days::new(offset))
            .collect();
        let week = Workweek {
            holidays: &holidays,
            ..MON_FRI
        };
        check_timeline_in(week, &wednesday(), &[("end of next week", "2026-12-04")]);
        // end of day is the day said, working or not
        check_timeline_in(SUN_THU, &friday(), &[("end of business", "2026-11-27")]);
    }

    #[test]
    fn ends_of_months() {
        // november has 30 days
        check_timeline(
            &sunday(),
            &[
                ("end of the month", "2026-11-30"),
                ("by the end of this month", "2026-11-30"),
                ("end of month", "2026-11-30"),
                ("end of next month", "2026-12-31"),
                ("next month", "2026-12-31"),
                ("end of the year", "2026-12-31"),
            ],
        );
        // december has 31, and next month is in the next year
        let december = at("2026-12-10T10:00:00+01:00");
        check_timeline(
            &december,
            &[
                ("end of the month", "2026-12-31"),
                ("end of next month", "2027-01-31"),
                ("next month", "2027-01-31"),
            ],
        );
        // february has 28 in 2027; said in january's last three days, the month is february
        let january = at("2027-01-29T10:00:00+01:00");
        check_timeline(
            &january,
            &[
                ("end of the month", "2027-02-28"),
                ("end of next month", "2027-02-28"),
            ],
        );
        let january = at("2027-01-28T10:00:00+01:00");
        check_timeline(&january, &[("end of the month", "2027-01-31")]);
        let february = at("2027-02-10T10:00:00+01:00");
        check_timeline(&february, &[("end of month", "2027-02-28")]);
        let leap = at("2028-02-10T10:00:00+01:00");
        check_timeline(&leap, &[("end of month", "2028-02-29")]);
    }

    #[test]
    fn timeline_today_and_tomorrow() {
        check_timeline(
            &sunday(),
            &[
                ("end of day", "2026-11-22"),
                ("by end of day", "2026-11-22"),
                ("today", "2026-11-22"),
                ("EOD", "2026-11-22"),
                ("tomorrow", "2026-11-23"),
                ("by tomorrow.", "2026-11-23"),
            ],
        );
    }

    #[test]
    fn timeline_garbage_is_rejected() {
        for input in [
            "",
            "fridy",
            "3 days ago",
            "-2d",
            "in weeks",
            "end of the",
            "by",
            "a couple",
            "a few",
            "2026-13-01",
            "1-2",
            "-3 business days",
            "99999999999999999999 business days",
            "99999999999 business days",
        ] {
            let err = parse_timeline(input, &sunday(), MON_FRI).expect_err(input);
            assert_eq!(err.kind, What::Timeline);
            assert_eq!(err.input, input);
        }
    }

    #[test]
    fn instants() {
        let plus_one = FixedOffset::east_opt(3600).unwrap();
        for (input, expected) in [
            ("2026-11-20T14:30:00+01:00", "2026-11-20T14:30:00+01:00"),
            ("2026-11-20T14:30:00Z", "2026-11-20T14:30:00+00:00"),
            ("2026-11-20 14:30", "2026-11-20T14:30:00+01:00"),
            ("2026-11-20T14:30", "2026-11-20T14:30:00+01:00"),
            ("2026-11-20 14:30:15", "2026-11-20T14:30:15+01:00"),
            (" 2026-11-20t14:30:15 ", "2026-11-20T14:30:15+01:00"),
        ] {
            let got = parse_instant(input, &plus_one).unwrap();
            assert_eq!(got.to_rfc3339(), expected, "input {input:?}");
        }
        for input in [
            "",
            "now",
            "today",
            "tomorrow",
            "2026-11-20",
            "14:30",
            "2026-11-20 3pm",
            "2026-11-20 25:00",
            "+3d",
        ] {
            let err = parse_instant(input, &plus_one).expect_err(input);
            assert_eq!(err.kind, What::Instant);
        }
    }

    /// A zone with european-style daylight saving in 2026: +01:00, and +02:00
    /// from 2026-03-29 01:00 UTC until 2026-10-25 01:00 UTC.
    #[derive(Debug, Clone, Copy)]
    struct Toy;

    impl Toy {
        fn summer(utc: &NaiveDateTime) -> bool {
            let start = NaiveDate::from_ymd_opt(2026, 3, 29)
                .unwrap()
                .and_hms_opt(1, 0, 0)
                .unwrap();
            let end = NaiveDate::from_ymd_opt(2026, 10, 25)
                .unwrap()
                .and_hms_opt(1, 0, 0)
                .unwrap();
            (start..end).contains(utc)
        }

        fn offset(summer: bool) -> FixedOffset {
            FixedOffset::east_opt(if summer { 7200 } else { 3600 }).unwrap()
        }
    }

    impl TimeZone for Toy {
        type Offset = FixedOffset;

        fn from_offset(_: &FixedOffset) -> Self {
            Toy
        }

        fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<FixedOffset> {
            self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN))
        }

        fn offset_from_local_datetime(
            &self,
            local: &NaiveDateTime,
        ) -> MappedLocalTime<FixedOffset> {
            let fits = |summer: bool| {
                local
                    .checked_sub_offset(Toy::offset(summer))
                    .is_some_and(|utc| Toy::summer(&utc) == summer)
            };
            match (fits(true), fits(false)) {
                (true, true) => MappedLocalTime::Ambiguous(Toy::offset(true), Toy::offset(false)),
                (true, false) => MappedLocalTime::Single(Toy::offset(true)),
                (false, true) => MappedLocalTime::Single(Toy::offset(false)),
                (false, false) => MappedLocalTime::None,
            }
        }

        fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
            self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
        }

        fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
            Toy::offset(Toy::summer(utc))
        }
    }

    #[test]
    fn daylight_saving_keeps_the_wall_clock_for_days() {
        let before_spring = Toy.with_ymd_and_hms(2026, 3, 28, 10, 0, 0).unwrap();
        let moment = |input: &str| parse_when(input, &before_spring).unwrap().to_rfc3339();
        assert_eq!(moment("+1d"), "2026-03-29T10:00:00+02:00");
        assert_eq!(moment("tomorrow 10:00"), "2026-03-29T10:00:00+02:00");
        assert_eq!(moment("+24h"), "2026-03-29T11:00:00+02:00");
        assert_eq!(moment("1w"), "2026-04-04T10:00:00+02:00");

        let before_autumn = Toy.with_ymd_and_hms(2026, 10, 24, 10, 0, 0).unwrap();
        let moment = |input: &str| parse_when(input, &before_autumn).unwrap().to_rfc3339();
        assert_eq!(moment("+1d"), "2026-10-25T10:00:00+01:00");
        assert_eq!(moment("+24h"), "2026-10-25T09:00:00+01:00");
        assert_eq!(before_autumn.offset().fix(), Toy::offset(true));
    }

    #[test]
    fn daylight_saving_gaps_and_overlaps_resolve() {
        let now = Toy.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap();
        // 02:30 is skipped in spring: the clock reads 03:30 an hour later
        assert_eq!(
            parse_when("2026-03-29 02:30", &now).unwrap().to_rfc3339(),
            "2026-03-29T03:30:00+02:00"
        );
        assert_eq!(
            parse_instant("2026-03-29 02:30", &Toy)
                .unwrap()
                .to_rfc3339(),
            "2026-03-29T03:30:00+02:00"
        );
        // 02:30 happens twice in autumn: the earlier one
        assert_eq!(
            parse_when("2026-10-25 02:30", &now).unwrap().to_rfc3339(),
            "2026-10-25T02:30:00+02:00"
        );
        assert_eq!(
            shown(parse_timeline("2026-03-29", &now, MON_FRI).unwrap()),
            "2026-03-29"
        );
    }

    const WORDS: &str = "(in |next |last |this |a |an |by |the |end of |within )?\
        ([+-]?[0-9]{0,20}|one|two|twelve|couple of|few|1-2|[0-9]{1,3} to [0-9]{1,3})? ?\
        (d|w|h|mo|days|weeks|months|business days|friday|dec|am|pm|week|month|:30)?( ago)?";

    proptest! {
        #[test]
        fn never_panics_on_any_text(input in "\\PC*") {
            let _ = parse_when(&input, &sunday());
            let _ = parse_timeline(&input, &sunday(), MON_FRI);
            let _ = parse_instant(&input, &FixedOffset::east_opt(3600).unwrap());
        }

        #[test]
        fn never_panics_on_numbers_and_units(
            input in "[+-]?[0-9]{0,20} ?(d|w|h|days|weeks|months)?"
        ) {
            let _ = parse_when(&input, &sunday());
            let _ = parse_timeline(&input, &sunday(), MON_FRI);
            let _ = parse_when(&input, &Toy.with_ymd_and_hms(2026, 3, 28, 10, 0, 0).unwrap());
        }

        #[test]
        fn never_panics_on_word_mixes(input in WORDS) {
            let _ = parse_when(&input, &sunday());
            let _ = parse_timeline(&input, &friday(), MON_FRI);
        }

        #[test]
        fn never_panics_at_the_edges_of_time(input in WORDS, late in proptest::bool::ANY) {
            let now = if late {
                at("9999-12-31T23:00:00-12:00")
            } else {
                at("0001-01-01T01:00:00+12:00")
            };
            let _ = parse_when(&input, &now);
            let _ = parse_timeline(&input, &now, MON_FRI);
        }

        #[test]
        fn day_counts_move_by_whole_days(days in 0u64..10_000) {
            let moved = parse_when(&format!("+{days}d"), &sunday()).unwrap();
            prop_assert_eq!(moved.time(), sunday().time());
            prop_assert_eq!((moved.date_naive() - sunday().date_naive()).num_days(), days as i64);
        }
    }
}
