//! `followup export`: the plan as a calendar, the records as a spreadsheet, a workbook or JSON.

use super::Context;
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::usage;
use crate::exchange;
use crate::render::count;
use crate::store;
use anyhow::Result;
use clap::ValueEnum;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// The extensions that name a format: each format's own name.
const EXTENSIONS: &str = ".csv, .tsv, .json, .ics or .xlsx";

/// Where a spreadsheet says its text is UTF-8.
const BOM: &[u8] = b"\xef\xbb\xbf";

pub fn run(ctx: &Context, args: ExportArgs, out: &mut dyn Write) -> Result<()> {
    let path = args.output.unwrap_or_else(|| "-".into());
    let format = match args.format {
        Some(format) => format,
        None => format_of(&path)?,
    };
    if args.days.is_some() && format != ExportFormat::Ics {
        return Err(usage(
            "--days goes with --format ics: a spreadsheet, a workbook or JSON holds every record",
        ));
    }
    let text = matches!(format, ExportFormat::Csv | ExportFormat::Tsv);
    if args.bom && !text {
        return Err(usage(
            "--bom goes with --format csv or tsv: the other formats say their encoding themselves",
        ));
    }
    let stdout = path.as_os_str() == "-";
    if format == ExportFormat::Xlsx && stdout && std::io::stdout().is_terminal() {
        return Err(usage(
            "a workbook is binary, not for a terminal: give --output FILE.xlsx, or pipe it",
        ));
    }
    let read = || store::read(&ctx.dir);
    let (mut bytes, what) = match format {
        ExportFormat::Ics => {
            // What each event last said is kept, under the lock, so the next export can tell
            // what changed.
            let mut locked = crate::calendar::Locked::open(&ctx.dir)?;
            let calendar = exchange::calendar(
                &locked.data,
                &ctx.policy,
                &ctx.now,
                args.days,
                &mut locked.state,
            );
            locked.save()?;
            (calendar.text.into_bytes(), count(calendar.events, "event"))
        }
        ExportFormat::Csv | ExportFormat::Tsv => {
            let data = read()?;
            let sheet = if format == ExportFormat::Csv {
                exchange::csv(&data)
            } else {
                exchange::tsv(&data)
            };
            (sheet.bytes, count(sheet.rows, "row"))
        }
        ExportFormat::Json => {
            let data = read()?;
            (
                exchange::json(&data),
                count(data.processes.len(), "process"),
            )
        }
        ExportFormat::Xlsx => {
            let book = exchange::xlsx::workbook(&read()?, &ctx.policy, &ctx.now)?;
            let what = format!(
                "{} and {}",
                count(book.rows, "row"),
                count(book.actions, "planned action")
            );
            (book.bytes, what)
        }
    };
    if args.bom {
        bytes.splice(0..0, BOM.iter().copied());
    }
    if format == ExportFormat::Xlsx && stdout {
        // Piped: the bytes as they are (write_to would clean them for a terminal).
        out.write_all(&bytes)?;
        return Ok(());
    }
    if super::write_to("--output", &path, &bytes, out)? {
        writeln!(out, "Wrote {what} to {}.", path.display())?;
    }
    Ok(())
}

/// The format the extension of `path` names.
fn format_of(path: &Path) -> Result<ExportFormat> {
    if path.as_os_str() == "-" {
        return Err(usage(format!(
            "give --format (csv, tsv, json, ics or xlsx), or an --output file ending in {EXTENSIONS}"
        )));
    }
    let Some(ext) = path.extension() else {
        return Err(usage(format!(
            "--output {}: no extension names the format: give --format, or a file ending in {EXTENSIONS}",
            path.display()
        )));
    };
    ExportFormat::from_str(&ext.to_string_lossy(), true).map_err(|_| {
        usage(format!(
            "--output {}: the extension .{} names no format: give --format, or a file ending in {EXTENSIONS}",
            path.display(),
            ext.to_string_lossy()
        ))
    })
}
