//! `followup import`: records from a spreadsheet (CSV, TSV) or a JSON export, all or nothing.

use super::{Context, warn};
use crate::cli::{ImportArgs, ImportFormat};
use crate::error::usage;
use crate::exchange::{self, Same, SheetOptions};
use crate::model::{ActionKind, Process, Uid};
use crate::render;
use crate::rules;
use crate::store::{self, Store};
use anyhow::{Context as _, Result};
use std::collections::HashMap;
use std::fs;
use std::io::{ErrorKind, Read, Write};
use std::path::Path;

/// How many skipped processes the output names before it counts the rest.
const NAMED_SKIPPED: usize = 10;

pub fn run(ctx: &Context, args: ImportArgs, out: &mut dyn Write) -> Result<()> {
    let shown = args.file.display();
    let format = match args.format {
        Some(format) => format,
        None => format_of(&args.file)?,
    };
    let map = exchange::read_map(&args.map).map_err(usage)?;
    if format == ImportFormat::Json && !map.is_empty() {
        return Err(usage(
            "--map names the columns of a spreadsheet: a JSON export has none",
        ));
    }
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
    let sheet = format != ImportFormat::Json;
    let (mut incoming, same) = if sheet {
        let options = SheetOptions {
            week: ctx.policy.workweek(),
            order: args.date_order.or_else(|| ctx.date_order()),
            map: &map,
            tabs: format == ImportFormat::Tsv,
            own_email: ctx.user.email.as_deref(),
        };
        (
            exchange::read_sheet(&bytes, &ctx.now, &options)?,
            Same::Rows,
        )
    } else {
        (
            exchange::read_json(&bytes, &args.file, &ctx.now)?,
            Same::Everything,
        )
    };
    let ignored = std::mem::take(&mut incoming.ignored_columns);
    if !ignored.is_empty() {
        let names: Vec<String> = ignored.iter().map(|c| format!("{c:?}")).collect();
        let s = if ignored.len() == 1 { "" } else { "s" };
        warn(&format!("column{s} not imported: {}", names.join(", ")));
    }
    for warning in std::mem::take(&mut incoming.warnings) {
        warn(&warning);
    }
    let saved = std::mem::take(&mut incoming.saved);
    if !saved.is_empty() {
        warn(&format!(
            "{} saved but not applied to, not imported: {}",
            render::count(saved.len(), "job"),
            named(&saved, NAMED_SKIPPED)
        ));
    }
    if incoming.processes.is_empty() {
        if saved.is_empty() {
            writeln!(out, "Nothing to import: {shown} holds no records.")?;
        } else {
            writeln!(
                out,
                "Nothing to import: {shown} lists only jobs saved, not applied to."
            )?;
        }
        return Ok(());
    }

    // What is already recorded, archived or not, is not imported twice. A dry run reads the
    // store without taking its lock, and writes nothing.
    let (mut store, mut dry) = if args.dry_run {
        (None, store::read(&ctx.dir)?)
    } else {
        let mut store = Store::open_dir(&ctx.dir)?;
        store.load_archive()?;
        (Some(store), Default::default())
    };
    let data = match &mut store {
        Some(store) => &mut store.data,
        None => &mut dry,
    };
    let before = data.processes.len();
    let merged = exchange::merge(data, incoming, same)?;
    // History is history: a spreadsheet carries nothing of what was done about its interviews.
    let mut history: Vec<ActionKind> = Vec::new();
    for process in &mut data.processes[before..] {
        process.fill_uids(|| Uid(fastrand::u64(..)));
        if sheet {
            history.extend(exchange::set_aside_history(process, &ctx.policy, &ctx.now));
        }
    }
    let added = &data.processes[before..];
    // By id in one pass: finding each one in the list would cost the square of a big store.
    let by_id: HashMap<u32, &Process> = data.processes.iter().map(|p| (p.id, p)).collect();
    let name_of = |id: &u32| {
        by_id
            .get(id)
            .map_or_else(|| format!("#{id}"), |p| render::process_name(p))
    };
    let skipped: Vec<String> = merged
        .skipped
        .iter()
        .map(|(id, reference)| {
            let name = name_of(id);
            match reference.as_deref().filter(|r| exchange::is_their_id(r)) {
                Some(reference) => format!("{name} ({})", render::clean(reference)),
                None => name,
            }
        })
        .collect();
    // Rows of a recorded process that say more than its record: named, with what brings it in.
    for (id, what, command) in &merged.differ {
        warn(&format!(
            "{} is already recorded, but the file says {what}: not imported; `{}` records it",
            name_of(id),
            render::clean(command)
        ));
    }
    // The words of a dry run, and of an import.
    let (would, nothing, set_aside) = if args.dry_run {
        ("Would import", "to import", "Would set aside")
    } else {
        ("Imported", "imported", "Set aside")
    };

    if merged.processes == 0 {
        let which = match merged.skipped.len() {
            1 => "the process in the file is".to_string(),
            n => format!("the {n} processes in the file are"),
        };
        writeln!(
            out,
            "Nothing {nothing}: {which} already recorded: {}.",
            named(&skipped, NAMED_SKIPPED)
        )?;
        return Ok(());
    }
    let applications = added.iter().filter(|p| p.rounds.is_empty()).count();
    let mut parts = Vec::new();
    if merged.rounds > 0 || applications == 0 {
        parts.push(render::count(merged.rounds, "round"));
    }
    if applications > 0 {
        parts.push(render::count(applications, "application"));
    }
    let what = parts.join(", ");
    let skipped_text = match skipped.len() {
        0 => String::new(),
        n => format!(
            "; skipped {n} already recorded: {}",
            named(&skipped, NAMED_SKIPPED)
        ),
    };
    writeln!(
        out,
        "{would} {} ({what}){skipped_text}.",
        render::count(merged.processes, "process")
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
    if !history.is_empty() {
        writeln!(
            out,
            "{set_aside} as history, their time past when imported: {} (dismissed; `followup show ID` lists them).",
            kinds(&history)
        )?;
    }

    if args.dry_run {
        let now = ctx.now.fixed_offset();
        // One plan for all, shared out by process: the cost stays linear in the processes.
        let mut plans: HashMap<u32, Vec<rules::Action>> = HashMap::new();
        for action in rules::plan(&data.processes, &ctx.policy, &ctx.now) {
            plans.entry(action.process).or_default().push(action);
        }
        for process in added {
            writeln!(out)?;
            let mut facts = vec![process.stage(&now).to_string()];
            if !process.rounds.is_empty() {
                facts.push(render::count(process.rounds.len(), "round"));
            }
            if let Some(applied) = &process.applied {
                facts.push(format!("applied {}", render::day(applied, &ctx.now)));
            }
            if let Some(contact) = &process.contact {
                facts.push(format!("contact {}", render::clean(&contact.to_string())));
            }
            if let Some(reference) = process
                .external_ref
                .as_deref()
                .filter(|r| exchange::is_their_id(r))
            {
                facts.push(format!("their id {}", render::clean(reference)));
            }
            writeln!(
                out,
                "{}: {}",
                render::process_name(process),
                facts.join(", ")
            )?;
            let actions = plans.remove(&process.id).unwrap_or_default();
            render::plan(out, &actions, &ctx.now)?;
        }
        writeln!(out, "\nNothing was changed (--dry-run).")?;
        return Ok(());
    }
    if let Some(store) = &mut store {
        ctx.save(store)?;
    }
    Ok(())
}

/// The format a file's extension names.
fn format_of(path: &Path) -> Result<ImportFormat> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("csv") => Ok(ImportFormat::Csv),
        Some("tsv" | "tab") => Ok(ImportFormat::Tsv),
        Some("json") => Ok(ImportFormat::Json),
        Some(workbook @ ("xlsx" | "xlsm" | "xls" | "ods" | "numbers")) => Err(usage(format!(
            "{} is a workbook (.{workbook}), which import does not read: save the workbook as CSV (in Excel \"CSV UTF-8\", in LibreOffice \"Text CSV\", in Numbers Export To CSV) and import that file",
            path.display()
        ))),
        _ if path.as_os_str() == "-" => Err(usage(
            "standard input has no name to tell its format by: give --format csv, tsv or json",
        )),
        _ => Err(usage(format!(
            "cannot tell the format of {} from its name: give --format csv, tsv or json",
            path.display()
        ))),
    }
}

/// The first `most` names, then how many more.
fn named(names: &[String], most: usize) -> String {
    let mut text = names[..names.len().min(most)].join(", ");
    if names.len() > most {
        text.push_str(&format!(" and {} more", names.len() - most));
    }
    text
}

/// Actions counted by kind, in the order of the kinds: "2 thank-yous, 1 debrief".
fn kinds(kinds: &[ActionKind]) -> String {
    ActionKind::ALL
        .iter()
        .filter_map(|kind| {
            let n = kinds.iter().filter(|k| *k == kind).count();
            (n > 0).then(|| render::count(n, kind.name()))
        })
        .collect::<Vec<_>>()
        .join(", ")
}
