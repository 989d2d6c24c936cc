//! `followup export`: the plan as a calendar, the records as a spreadsheet or JSON.

use super::Context;
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::usage;
use crate::exchange;
use crate::store;
use anyhow::{Context as _, Result};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

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
    match args.output.filter(|path| path.as_os_str() != "-") {
        None => out.write_all(&bytes)?,
        Some(path) => {
            write_replacing(&path, &bytes)?;
            writeln!(out, "Wrote {what} to {}.", path.display())?;
        }
    }
    Ok(())
}

fn count(n: usize, noun: &str) -> String {
    match (n, noun) {
        (1, _) => format!("1 {noun}"),
        (_, "process") => format!("{n} processes"),
        _ => format!("{n} {noun}s"),
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`: a failure
/// leaves the old file, or none, and no partial one. A new file is readable by the user only, as
/// the store is; a replaced one keeps its permissions.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<()> {
    let context = || format!("could not write {}", path.display());
    let name = path
        .file_name()
        .ok_or_else(|| usage(format!("--output {}: give a file name", path.display())))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".{}.tmp", std::process::id()));
    let temp: PathBuf = path.with_file_name(temp_name);
    let written = (|| -> io::Result<()> {
        let mut file: File = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)?;
        if let Ok(existing) = fs::metadata(path)
            && existing.is_file()
        {
            file.set_permissions(existing.permissions())?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if let Err(err) = written {
        let _ = fs::remove_file(&temp);
        return Err(err).with_context(context);
    }
    Ok(())
}
