//! `followup export`: the plan as a calendar, the records as a spreadsheet, a workbook or JSON.

use super::Context;
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::usage;
use crate::exchange;
use crate::render::count;
use crate::store;
use anyhow::Result;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// The extensions that name a format, with it.
const EXTENSIONS: [(&str, ExportFormat); 5] = [
    ("csv", ExportFormat::Csv),
    ("tsv", ExportFormat::Tsv),
    ("json", ExportFormat::Json),
    ("ics", ExportFormat::Ics),
    ("xlsx", ExportFormat::Xlsx),
];

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
    let known = || {
        let names: Vec<String> = EXTENSIONS
            .iter()
            .map(|(ext, _)| format!(".{ext}"))
            .collect();
        let (last, rest) = names.split_last().expect("extensions");
        format!("{} or {last}", rest.join(", "))
    };
    if path.as_os_str() == "-" {
        return Err(usage(format!(
            "give --format (csv, tsv, json, ics or xlsx), or an --output file ending in {}",
            known()
        )));
    }
    let Some(ext) = path.extension() else {
        return Err(usage(format!(
            "--output {}: no extension names the format: give --format, or a file ending in {}",
            path.display(),
            known()
        )));
    };
    let wanted = ext.to_string_lossy().to_lowercase();
    EXTENSIONS
        .iter()
        .find(|(ext, _)| *ext == wanted)
        .map(|(_, format)| *format)
        .ok_or_else(|| {
            usage(format!(
                "--output {}: the extension .{} names no format: give --format, or a file ending in {}",
                path.display(),
                ext.to_string_lossy(),
                known()
            ))
        })
}
