//! The records and the plan as a workbook (Office Open XML, `.xlsx`) to work in with a
//! spreadsheet program: a sheet of processes, with the rows and columns of the CSV export, and a
//! sheet of the plan, one row per pending action. Dates are date cells; a spreadsheet's dates
//! have no time zone, so each is the clock time of the offset it was recorded in (the plan's, of
//! `now`'s zone).

use super::csv::{COLUMNS, is_local, process_rows};
use crate::policy::Policy;
use crate::render;
use crate::rules;
use crate::store::Data;
use anyhow::{Result, bail};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone};
use rust_xlsxwriter::{ColNum, DocProperties, Format, RowNum, Workbook, Worksheet, XlsxError};

/// The sheets, in order.
pub const PROCESSES: &str = "Processes";
pub const PLAN: &str = "Plan";

/// The plan sheet's columns.
pub const PLAN_COLUMNS: [&str; 9] = [
    "process", "company", "role", "action", "who", "opens", "due_by", "status", "why",
];

/// How dates and moments show: as the CSV export's local columns.
const MOMENT: &str = "yyyy-mm-dd hh:mm";
const DAY: &str = "yyyy-mm-dd";

/// The most characters a spreadsheet cell holds.
const CELL_CHARS: usize = 32_767;

/// A workbook and how many rows each sheet holds.
pub struct Book {
    pub bytes: Vec<u8>,
    pub rows: usize,
    pub actions: usize,
}

/// How a column of the CSV export is written in a cell.
enum Kind {
    Number,
    Moment,
    Day,
    Text,
}

fn kind(column: &str) -> Kind {
    match column {
        "id" | "round" => Kind::Number,
        "date" | "closed" | "applied" => Kind::Moment,
        "timeline_date" => Kind::Day,
        _ => Kind::Text,
    }
}

/// The records as the sheet "Processes" (one row per interview round, one for an application
/// with none yet: the rows of [`super::csv`], with date cells instead of the local columns) and
/// the plan as the sheet "Plan" (every pending action with its window), each with a frozen header
/// row and filters. A text too long for a cell is refused, naming its process and column.
pub fn workbook<Tz: TimeZone>(data: &Data, policy: &Policy, now: &DateTime<Tz>) -> Result<Book> {
    let mut book = Workbook::new();
    // Stamped with `now`, not the clock: the same records at the same `now` give the same file.
    book.set_properties(&DocProperties::new().set_creation_datetime(&now.naive_utc()));
    let formats = Formats {
        header: Format::new().set_bold(),
        moment: Format::new().set_num_format(MOMENT),
        day: Format::new().set_num_format(DAY),
    };

    // The CSV export's columns, without those that repeat a date as text.
    let columns: Vec<(usize, &str)> = COLUMNS
        .iter()
        .map(|(name, _)| *name)
        .enumerate()
        .filter(|(_, name)| !is_local(name))
        .collect();
    let sheet = book.add_worksheet();
    sheet.set_name(PROCESSES)?;
    let names: Vec<&str> = columns.iter().map(|(_, name)| *name).collect();
    formats.header(sheet, &names)?;
    let mut rows: RowNum = 0;
    for process in &data.processes {
        for cells in process_rows(process) {
            rows += 1;
            for (col, (at, name)) in (0..).zip(&columns) {
                let text = cells[*at].as_str();
                if text.is_empty() {
                    continue;
                }
                // A spreadsheet counts in UTF-16 units: an emoji is two.
                let length = text.encode_utf16().count();
                if length > CELL_CHARS {
                    bail!(
                        "{}: the {name} cell holds {length} characters, more than a spreadsheet cell holds ({CELL_CHARS}): export --format csv or json keeps it whole",
                        render::process_name(process),
                    );
                }
                match kind(name) {
                    Kind::Number => {
                        let number: u32 = text.parse().expect("a number of ours");
                        sheet.write_number(rows, col, number)?;
                    }
                    Kind::Moment => {
                        let at = DateTime::parse_from_rfc3339(text).expect("a date of ours");
                        formats.moment(sheet, rows, col, &at)?;
                    }
                    Kind::Day => {
                        let day =
                            NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date of ours");
                        sheet.write_datetime_with_format(rows, col, day, &formats.day)?;
                    }
                    Kind::Text => {
                        sheet.write_string(rows, col, text)?;
                    }
                }
            }
        }
    }
    finish(sheet, rows, names.len())?;

    let sheet = book.add_worksheet();
    sheet.set_name(PLAN)?;
    formats.header(sheet, &PLAN_COLUMNS)?;
    let tz = now.timezone();
    let mut actions: RowNum = 0;
    for action in rules::plan(&data.processes, policy, now) {
        let Some(process) = data.process(action.process) else {
            continue;
        };
        actions += 1;
        // A message to the company goes to its contact, when one is recorded.
        let who = action.to.clone().or_else(|| {
            (action.kind().is_sent() && !action.kind().is_per_person())
                .then(|| process.contact.as_ref().map(|c| c.name.clone()))
                .flatten()
        });
        let row = actions;
        sheet.write_number(row, 0, action.process)?;
        sheet.write_string(row, 1, &process.company)?;
        sheet.write_string(row, 2, &process.role)?;
        sheet.write_string(row, 3, action.kind().to_string())?;
        if let Some(who) = who {
            sheet.write_string(row, 4, who)?;
        }
        formats.moment(sheet, row, 5, &action.from.with_timezone(&tz))?;
        if let Some(by) = &action.by {
            formats.moment(sheet, row, 6, &by.with_timezone(&tz))?;
        }
        sheet.write_string(row, 7, action.status.to_string())?;
        sheet.write_string(row, 8, render::reason(&action, now))?;
    }
    finish(sheet, actions, PLAN_COLUMNS.len())?;

    Ok(Book {
        bytes: book.save_to_buffer()?,
        rows: rows as usize,
        actions: actions as usize,
    })
}

struct Formats {
    header: Format,
    moment: Format,
    day: Format,
}

impl Formats {
    fn header(&self, sheet: &mut Worksheet, names: &[&str]) -> Result<(), XlsxError> {
        for (col, name) in (0..).zip(names) {
            sheet.write_string_with_format(0, col, *name, &self.header)?;
        }
        Ok(())
    }

    /// A moment as a date cell: its clock time, to the minute as the format shows it.
    fn moment<Tz: TimeZone>(
        &self,
        sheet: &mut Worksheet,
        row: RowNum,
        col: ColNum,
        at: &DateTime<Tz>,
    ) -> Result<(), XlsxError> {
        let local: NaiveDateTime = at.naive_local();
        sheet.write_datetime_with_format(row, col, local, &self.moment)?;
        Ok(())
    }
}

/// The header row frozen, filters on every column, widths to fit.
fn finish(sheet: &mut Worksheet, rows: RowNum, columns: usize) -> Result<(), XlsxError> {
    sheet.set_freeze_panes(1, 0)?;
    let last = ColNum::try_from(columns.saturating_sub(1)).unwrap_or(ColNum::MAX);
    sheet.autofilter(0, 0, rows, last)?;
    // Pixels: a long note stays readable on one screen.
    sheet.set_autofit_max_width(300).autofit();
    Ok(())
}
