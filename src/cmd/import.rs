//! `followup import`: records from a spreadsheet (CSV) or a JSON export, all or nothing.

use super::{Context, warn};
use crate::cli::{ImportArgs, ImportFormat};
use crate::error::usage;
use crate::exchange::{self, Same};
use crate::store::Store;
use anyhow::{Context as _, Result};
use std::fs;
use std::io::{self, Write};

pub fn run(ctx: &Context, args: ImportArgs, out: &mut dyn Write) -> Result<()> {
    let path = &args.file;
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return Err(usage(format!(
                "no file {}: give the path of the file to import",
                path.display()
            )));
        }
        Err(err) if err.kind() == io::ErrorKind::IsADirectory => {
            return Err(usage(format!(
                "{} is a folder: give the path of the file to import",
                path.display()
            )));
        }
        Err(err) => {
            return Err(err).with_context(|| format!("could not read {}", path.display()));
        }
    };
    // Everything is read and checked before the store is opened.
    let (incoming, same) = match args.format {
        ImportFormat::Csv => (
            exchange::read_csv(&bytes, &ctx.now, ctx.policy.workweek())?,
            Same::Rows,
        ),
        ImportFormat::Json => (exchange::read_json(&bytes, path)?, Same::Everything),
    };
    let ignored = incoming.ignored_columns.clone();
    if incoming.processes.is_empty() {
        writeln!(
            out,
            "Nothing to import: {} holds no records.",
            path.display()
        )?;
        return Ok(());
    }

    let mut store = Store::open_dir(&ctx.dir)?;
    // What is already recorded, archived or not, is not imported twice.
    store.load_archive()?;
    let merged = exchange::merge(&mut store.data, incoming, same);
    if merged.processes > 0 {
        ctx.save(&mut store)?;
    }

    if !ignored.is_empty() {
        warn(&format!(
            "column{} not imported: {}",
            if ignored.len() == 1 { "" } else { "s" },
            ignored
                .iter()
                .map(|c| format!("{c:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if merged.processes == 0 {
        writeln!(
            out,
            "Nothing imported: {} already recorded.",
            if merged.skipped == 1 {
                "the process in the file is".to_string()
            } else {
                format!("the {} processes in the file are", merged.skipped)
            }
        )?;
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
