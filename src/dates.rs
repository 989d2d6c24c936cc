//! Reading the dates and spans people type.
//!
//! Everything here is pure: the current moment (or the moment a timeline is
//! counted from) is always passed in, so the same input gives the same answer
//! in tests and in use. Input is lowercased, commas dropped and whitespace
//! collapsed, then matched as a short list of words.

use crate::policy::Workweek;
use chrono::{
    DateTime, Datelike, Days, FixedOffset, Month, Months, NaiveDate, NaiveDateTime, NaiveTime,
    TimeDelta, TimeZone, Weekday,
};
use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

const DATE_FORMS: &str = "2026-11-20, 2026-11-20 14:30, RFC 3339, today, yesterday 3pm, \
     tomorrow, friday, next friday, in 2 weeks, +3d, 2w, 10 days";
const TIMELINE_FORMS: &str = "by December 4, 2026-12-04, friday, two weeks, 10 days, \
     end of next week, end of the month";
const INSTANT_FORMS: &str = "RFC 3339 (2026-11-20T14:30:00+01:00) or 2026-11-20 14:30";

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

/// A value that could not be read.
///
/// Displays as one line naming the bad value and the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub input: String,
    pub kind: What,
}

impl ParseError {
    fn new(input: &str, kind: What) -> Self {
        ParseError {
            input: input.to_string(),
            kind,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (noun, forms) = match self.kind {
            What::Date => ("date", DATE_FORMS),
            What::Timeline => ("timeline", TIMELINE_FORMS),
            What::Instant => ("instant", INSTANT_FORMS),
        };
        // debug quoting escapes newlines, so the message stays on one line
        write!(f, "could not read {noun} {:?}: use {forms}", self.input)
    }
}

impl std::error::Error for ParseError {}

/// A moment typed by the user, read in `now`'s time zone.
///
/// Accepts RFC 3339, `YYYY-MM-DD [HH:MM[:SS]]`, `now`, `today`/`tomorrow`/`yesterday`,
/// weekday names (`friday`, `next fri`, `last friday`), month-day dates (`Dec 4`,
/// `4 December 2026`), bare times (`14:30`, `3pm`, `noon`), each date optionally
/// followed by a time, and relative spans (`in 2 weeks`, `+3d`, `5h`, `3 days ago`).
pub fn parse_when<Tz: TimeZone>(
    input: &str,
    now: &DateTime<Tz>,
) -> Result<DateTime<FixedOffset>, ParseError> {
    when(input, now).ok_or_else(|| ParseError::new(input, What::Date))
}

/// An employer's decision timeline ("two weeks", "by December 4", "end of next week"),
/// resolved to a date against `base` (the interview's or reply's time), in base's zone.
///
/// Business days ("3 business days") and weeks ("end of the week", "end of next week") are
/// those of `week`, the user's working days and holidays, as the rules count them:
/// - a count of business days starts the day after `base` and skips days off and holidays;
/// - a working week runs from the day after its weekend (the longest run of days off) and ends
///   on its last business day ([`Workweek::end_of_week`]): Friday for Monday to Friday, Thursday
///   for Sunday to Thursday, the last business day before it when that day is a holiday;
/// - "end of the week" said after that end (on the weekend) is the coming week's end, and so is
///   "end of next week" said on the weekend before that week.
///
/// "End of day" and "end of business" are `base`'s own date, business day or not.
pub fn parse_timeline<Tz: TimeZone>(
    input: &str,
    base: &DateTime<Tz>,
    week: Workweek<'_>,
) -> Result<NaiveDate, ParseError> {
    timeline(input, base, week)
        .filter(|date| in_range(*date))
        .ok_or_else(|| ParseError::new(input, What::Timeline))
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

fn when<Tz: TimeZone>(input: &str, now: &DateTime<Tz>) -> Option<DateTime<FixedOffset>> {
    if let Some(stamp) = rfc3339(input) {
        return bounded(stamp);
    }
    let text = normalize(input);
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let moment = match tokens.as_slice() {
        [] => return None,
        ["now"] => now.fixed_offset(),
        _ => match parse_span(&tokens, false) {
            Some(span) => shift_moment(now, span)?,
            None => resolve_local(&now.timezone(), local_moment(&tokens, now.date_naive())?)?,
        },
    };
    bounded(moment)
}

fn timeline<Tz: TimeZone>(
    input: &str,
    base: &DateTime<Tz>,
    week: Workweek<'_>,
) -> Option<NaiveDate> {
    let trimmed = input.trim().trim_end_matches('.');
    // a full timestamp names its own instant; what matters is its date where base is
    if let Some(stamp) = rfc3339(trimmed) {
        return Some(stamp.with_timezone(&base.timezone()).date_naive());
    }
    let text = normalize(trimmed);
    let fillers = [
        "by", "before", "within", "in", "on", "around", "about", "until", "the",
    ];
    let tokens: Vec<&str> = text
        .split_whitespace()
        .skip_while(|word| fillers.contains(word))
        .collect();
    let day = base.date_naive();
    if let Some(date) = named_deadline(&tokens, day, week) {
        return Some(date);
    }
    if let Some(span) = parse_span(&tokens, true) {
        if span.back {
            // a decision promised in the past is not a timeline
            return None;
        }
        return match span.unit {
            Unit::Hours => shift_moment(base, span).map(|moment| moment.date_naive()),
            Unit::BusinessDays => week.add_business_days(day, span.count),
            _ => shift_date(day, span),
        };
    }
    local_moment(&tokens, day).map(|moment| moment.date())
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
fn local_moment(tokens: &[&str], today: NaiveDate) -> Option<NaiveDateTime> {
    let (date, time) = match parse_date(tokens, today) {
        Some((date, time, used)) => match (time, &tokens[used..]) {
            (time, []) => (date, time.unwrap_or(NaiveTime::MIN)),
            (None, rest) => (date, parse_time(rest)?),
            (Some(_), _) => return None,
        },
        None => (today, parse_time(tokens)?),
    };
    Some(date.and_time(time))
}

/// Reads a date at the start of `tokens`: its date, a time if the same token
/// carried one (`2026-11-20t14:30`), and how many tokens it used.
fn parse_date(tokens: &[&str], today: NaiveDate) -> Option<(NaiveDate, Option<NaiveTime>, usize)> {
    let first = *tokens.first()?;
    if let Some((date, time)) = iso_date_time(first) {
        return Some((date, time, 1));
    }
    let offset = match first {
        "today" => Some(0),
        "tomorrow" => Some(1),
        "yesterday" => Some(-1),
        _ => None,
    };
    if let Some(offset) = offset {
        return Some((today.checked_add_signed(TimeDelta::days(offset))?, None, 1));
    }
    let (which, name, used) = match tokens {
        [which @ ("this" | "next" | "last"), name, ..] => (*which, *name, 2),
        [name, ..] => ("this", *name, 1),
        [] => return None,
    };
    if let Some(weekday) = weekday(name) {
        return Some((weekday_date(today, weekday, which)?, None, used));
    }
    let (date, used) = month_day(tokens, today)?;
    Some((date, None, used))
}

/// `dec 4`, `december 4th`, `4 dec`, `4th of december`, each with an optional
/// four-digit year after. Without a year, the nearest such date to today.
fn month_day(tokens: &[&str], today: NaiveDate) -> Option<(NaiveDate, usize)> {
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
    // the first minimum wins, so an exact tie goes to the later year
    let nearest = [year + 1, year, year - 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|date| (*date - today).num_days().abs())?;
    Some((nearest, used))
}

fn weekday_date(today: NaiveDate, weekday: Weekday, which: &str) -> Option<NaiveDate> {
    let ahead = weekday.days_since(today.weekday());
    let back = today.weekday().days_since(weekday);
    match which {
        "next" => today.checked_add_days(Days::new(u64::from(if ahead == 0 { 7 } else { ahead }))),
        "last" => today.checked_sub_days(Days::new(u64::from(if back == 0 { 7 } else { back }))),
        _ => today.checked_add_days(Days::new(u64::from(ahead))),
    }
}

/// `YYYY-MM-DD`, optionally joined to a 24-hour time by `t`.
fn iso_date_time(token: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    match token.split_once('t') {
        Some((date, time)) => Some((iso_date(date)?, Some(clock(time)?))),
        None => Some((iso_date(token)?, None)),
    }
}

fn iso_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let year = digits(parts.next()?, 4..=4)?;
    let month = digits(parts.next()?, 1..=2)?;
    let day = digits(parts.next()?, 1..=2)?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// A time of day, optionally introduced by `at`: `14:30`, `3pm`, `3 pm`,
/// `3:30pm`, `noon`, `midnight`.
fn parse_time(tokens: &[&str]) -> Option<NaiveTime> {
    let tokens = match tokens {
        ["at", rest @ ..] => rest,
        _ => tokens,
    };
    match tokens {
        [one] => time_of_day(one),
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
    let (hour, minute): (u32, u32) = match body.split_once(':') {
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
    let (count, sign, glued, rest) = amount(tokens, loose)?;
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
        let hours = TimeDelta::try_hours(i64::try_from(span.count).ok()?)?;
        let utc = if span.back {
            now.naive_utc().checked_sub_signed(hours)?
        } else {
            now.naive_utc().checked_add_signed(hours)?
        };
        if !in_range(utc.date()) {
            return None;
        }
        return bounded(now.timezone().from_utc_datetime(&utc).fixed_offset());
    }
    let date = shift_date(now.date_naive(), span)?;
    resolve_local(&now.timezone(), date.and_time(now.time()))
}

fn shift_date(date: NaiveDate, span: Span) -> Option<NaiveDate> {
    let days = match span.unit {
        Unit::Days => span.count,
        Unit::Weeks => span.count.checked_mul(7)?,
        Unit::Months => {
            let months = Months::new(u32::try_from(span.count).ok()?);
            return if span.back {
                date.checked_sub_months(months)
            } else {
                date.checked_add_months(months)
            };
        }
        // counted by the caller, with the user's working week
        Unit::BusinessDays | Unit::Hours => return None,
    };
    if span.back {
        date.checked_sub_days(Days::new(days))
    } else {
        date.checked_add_days(Days::new(days))
    }
}

/// Deadlines named rather than counted: `end of the week`, `next week`,
/// `end of next month`, `end of day`. Weeks are `week`'s working weeks.
fn named_deadline(tokens: &[&str], day: NaiveDate, week: Workweek<'_>) -> Option<NaiveDate> {
    let words: Vec<&str> = tokens
        .iter()
        .copied()
        .filter(|word| !matches!(*word, "the" | "this"))
        .collect();
    match words.as_slice() {
        ["now"] | ["today"] | ["eod"] | ["cob"] | ["end", "of", "day" | "today" | "business"] => {
            Some(day)
        }
        // once this week's last business day has passed (a weekend), the coming week's
        ["week"] | ["end", "of", "week"] => week
            .end_of_week(day, 0)
            .filter(|end| *end >= day)
            .or_else(|| week.end_of_week(day, 1)),
        // on a weekend the working week that follows is already "next week"
        ["next", "week"] | ["end", "of", "next", "week"] => week.end_of_week(day, 1),
        ["month"] | ["end", "of", "month"] => end_of_month(day, 0),
        ["next", "month"] | ["end", "of", "next", "month"] => end_of_month(day, 1),
        ["year"] | ["end", "of", "year"] => NaiveDate::from_ymd_opt(day.year(), 12, 31),
        _ => None,
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

    fn check_timeline(base: &DateTime<FixedOffset>, cases: &[(&str, &str)]) {
        for (input, expected) in cases {
            let got = parse_timeline(input, base, MON_FRI)
                .unwrap_or_else(|err| panic!("{input:?} failed: {err}"));
            assert_eq!(got.to_string(), *expected, "input {input:?}");
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
        let err = parse_when("fridy", &sunday()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "could not read date \"fridy\": use 2026-11-20, 2026-11-20 14:30, RFC 3339, \
             today, yesterday 3pm, tomorrow, friday, next friday, in 2 weeks, +3d, 2w, 10 days"
        );
        let err = parse_timeline("whenever", &sunday(), MON_FRI).unwrap_err();
        assert_eq!(err.kind, What::Timeline);
        assert_eq!(
            err.to_string(),
            "could not read timeline \"whenever\": use by December 4, 2026-12-04, friday, \
             two weeks, 10 days, end of next week, end of the month"
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
        for base in [sunday(), wednesday(), friday()] {
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
            assert_eq!(got.to_string(), *expected, "input {input:?} from {base}");
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
        // thursday and friday off: the week ends on wednesday, the day it was said
        check_timeline_in(week, &wednesday(), &[("end of the week", "2026-11-25")]);
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
        // february has 28 in 2027
        let january = at("2027-01-31T10:00:00+01:00");
        check_timeline(
            &january,
            &[
                ("end of the month", "2027-01-31"),
                ("end of next month", "2027-02-28"),
            ],
        );
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
            "soon",
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
            parse_timeline("2026-03-29", &now, MON_FRI)
                .unwrap()
                .to_string(),
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
