//! `followup import`: records from a spreadsheet (CSV) or a JSON export, all or nothing.

use super::{Context, warn};
use crate::cli::{ImportArgs, ImportFormat};
use crate::error::usage;
use crate::exchange::{self, Same};
use crate::store::Store;
use anyhow::{Context as _, Result};
use std::fs;
use std::io::{ErrorKind, Read, Write};

pub fn run(ctx: &Context, args: ImportArgs, out: &mut dyn Write) -> Result<()> {
    let shown = args.file.display();
    let read = if args.file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map(|_| bytes)
    } else {
        fs::read(&args.file)
    };
    let bytes = match read {
        Err(err) if err.kind() == ErrorKind::NotFound => Err(usage(format!(
            "no file {shown}: give the path of the file to import"
        ))),
        Err(err) if err.kind() == ErrorKind::IsADirectory => Err(usage(format!(
            "{shown} is a folder: give the path of the file to import"
        ))),
        read => read.with_context(|| format!("could not read {shown}")),
    }?;
    // Everything is read and checked before the store is opened.
    let (mut incoming, same) = match args.format {
        ImportFormat::Csv => (
            exchange::read_csv(&bytes, &ctx.now, ctx.policy.workweek(), ctx.date_order())?,
            Same::Rows,
        ),
        ImportFormat::Json => (
            exchange::read_json(&bytes, &args.file, &ctx.now)?,
            Same::Everything,
        ),
    };
    if incoming.processes.is_empty() {
        writeln!(out, "Nothing to import: {shown} holds no records.")?;
        return Ok(());
    }
    let ignored = std::mem::take(&mut incoming.ignored_columns);

    let mut store = Store::open_dir(&ctx.dir)?;
    // What is already recorded, archived or not, is not imported twice.
    store.load_archive()?;
    let merged = exchange::merge(&mut store.data, incoming, same)?;
    if merged.processes > 0 {
        ctx.save(&mut store)?;
    }

    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if !ignored.is_empty() {
        let names: Vec<String> = ignored.iter().map(|c| format!("{c:?}")).collect();
        let s = if ignored.len() == 1 { "" } else { "s" };
        warn(&format!("column{s} not imported: {}", names.join(", ")));
    }
    if merged.processes == 0 {
        let which = match merged.skipped {
            1 => "the process in the file is".to_string(),
            n => format!("the {n} processes in the file are"),
        };
        writeln!(out, "Nothing imported: {which} already recorded.")?;
        return Ok(());
    }
    let skipped = match merged.skipped {
        0 => String::new(),
        n => format!("; skipped {n} already recorded"),
    };
    writeln!(
        out,
        "Imported {} ({}){skipped}.",
        plural(merged.processes, "process", "processes"),
        plural(merged.rounds, "round", "rounds")
    )?;
    if !merged.renumbered.is_empty() {
        let moves: Vec<String> = merged
            .renumbered
            .iter()
            .map(|(from, to)| format!("#{from} is now #{to}"))
            .collect();
        writeln!(
            out,
            "Ids already taken were replaced: {}.",
            moves.join(", ")
        )?;
    }
    Ok(())
}
