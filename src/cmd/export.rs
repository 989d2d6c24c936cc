//! `followup export`: the plan as a calendar, the records as a spreadsheet or JSON.

use super::Context;
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::usage;
use crate::exchange;
use crate::render::count;
use crate::store;
use anyhow::Result;
use std::io::Write;

pub fn run(ctx: &Context, args: ExportArgs, out: &mut dyn Write) -> Result<()> {
    if args.days.is_some() && args.format != ExportFormat::Ics {
        return Err(usage(
            "--days goes with --format ics: a spreadsheet or JSON export holds every record",
        ));
    }
    let data = store::read(&ctx.dir)?;
    let (bytes, what) = match args.format {
        ExportFormat::Ics => {
            let calendar = exchange::calendar(&data, &ctx.policy, &ctx.now, args.days);
            (calendar.text.into_bytes(), count(calendar.events, "event"))
        }
        ExportFormat::Csv => {
            let sheet = exchange::csv(&data);
            (sheet.bytes, count(sheet.rows, "row"))
        }
        ExportFormat::Json => (
            exchange::json(&data),
            count(data.processes.len(), "process"),
        ),
    };
    let path = args.output.unwrap_or_else(|| "-".into());
    if super::write_to("--output", &path, &bytes, out)? {
        writeln!(out, "Wrote {what} to {}.", path.display())?;
    }
    Ok(())
}
