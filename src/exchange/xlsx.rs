//! The records and the plan as a workbook (Office Open XML, `.xlsx`) to work in with a
//! spreadsheet program: a sheet of processes, with the rows and columns of the CSV export, and a
//! sheet of the plan, one row per pending action. Dates are date cells; a spreadsheet's dates
//! have no time zone, so each is the clock time of the offset it was recorded in (the plan's, of
//! `now`'s zone).

use super::csv::{COLUMNS, is_local, process_rows};
use crate::draft;
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

/// What a cell holds.
enum Cell {
    Number(u32),
    /// A moment's clock time, to the minute as the format shows it.
    Moment(NaiveDateTime),
    Day(NaiveDate),
    Text(String),
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
            let mut row = Vec::new();
            for (at, name) in &columns {
                let text = cells[*at].as_str();
                if text.is_empty() {
                    row.push(None);
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
                row.push(Some(match *name {
                    "id" | "round" => Cell::Number(text.parse().expect("a number of ours")),
                    "date" | "closed" | "applied" => Cell::Moment(
                        DateTime::parse_from_rfc3339(text)
                            .expect("a date of ours")
                            .naive_local(),
                    ),
                    "timeline_date" => Cell::Day(
                        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date of ours"),
                    ),
                    _ => Cell::Text(text.to_string()),
                }));
            }
            formats.row(sheet, rows, row)?;
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
        // A message to the company goes to whom its draft is addressed.
        let who = action.to.clone().or_else(|| {
            (action.kind().is_sent() && !action.kind().is_per_person())
                .then(|| draft::addressee(process, action.instructions.as_deref()))
                .flatten()
                .map(|person| person.name.clone())
        });
        let moment = |at: &DateTime<_>| Cell::Moment(at.with_timezone(&tz).naive_local());
        let row = [
            Some(Cell::Number(action.process)),
            Some(Cell::Text(process.company.clone())),
            Some(Cell::Text(process.role.clone())),
            Some(Cell::Text(action.kind().to_string())),
            who.map(Cell::Text),
            Some(moment(&action.from)),
            action.by.as_ref().map(moment),
            Some(Cell::Text(action.status.to_string())),
            Some(Cell::Text(render::reason(&action, now))),
        ];
        formats.row(sheet, actions, row)?;
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

    /// A row of cells from the first column on; `None` leaves a cell empty.
    fn row(
        &self,
        sheet: &mut Worksheet,
        row: RowNum,
        cells: impl IntoIterator<Item = Option<Cell>>,
    ) -> Result<(), XlsxError> {
        for (col, cell) in (0..).zip(cells) {
            match cell {
                None => continue,
                Some(Cell::Number(n)) => sheet.write_number(row, col, n)?,
                Some(Cell::Moment(at)) => {
                    sheet.write_datetime_with_format(row, col, at, &self.moment)?
                }
                Some(Cell::Day(day)) => {
                    sheet.write_datetime_with_format(row, col, day, &self.day)?
                }
                Some(Cell::Text(text)) => sheet.write_string(row, col, text)?,
            };
        }
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
