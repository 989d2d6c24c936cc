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
    let (bytes, what) = match args.format {
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
        ExportFormat::Csv => {
            let sheet = exchange::csv(&store::read(&ctx.dir)?);
            (sheet.bytes, count(sheet.rows, "row"))
        }
        ExportFormat::Json => {
            let data = store::read(&ctx.dir)?;
            (
                exchange::json(&data),
                count(data.processes.len(), "process"),
            )
        }
    };
    let path = args.output.unwrap_or_else(|| "-".into());
    if super::write_to("--output", &path, &bytes, out)? {
        writeln!(out, "Wrote {what} to {}.", path.display())?;
    }
    Ok(())
}
