//! `followup undo`: go back to a kept version of the store.

use super::Context;
use crate::cli::UndoArgs;
use crate::error::usage;
use crate::render;
use crate::store::{self, Backup};
use anyhow::{Result, anyhow};
use chrono::Local;
use std::io::Write;

pub fn run(ctx: &Context, args: UndoArgs, out: &mut dyn Write) -> Result<()> {
    if args.list {
        return list(ctx, &store::backups(&ctx.dir)?, out);
    }
    let nothing = || {
        anyhow!(
            "nothing to undo: no earlier version is kept in {}",
            ctx.dir.join(store::BACKUP_DIR).display()
        )
    };
    // Chosen under the lock, from the versions kept by then.
    let backup = store::restore(&ctx.dir, ctx.now.fixed_offset(), &ctx.in_play(), |kept| {
        match &args.restore {
            _ if kept.is_empty() => Err(nothing()),
            Some(wanted) => find(kept, wanted),
            // The last change is the newest backup not taken by an undo: repeated undos walk
            // back.
            None => kept
                .iter()
                .rev()
                .find(|b| b.command != store::UNDO)
                .ok_or_else(nothing),
        }
    })?;
    let when = render::moment(&backup.at.fixed_offset(), &ctx.now);
    if backup.command == store::UNDO {
        writeln!(out, "Restored the version an undo of {when} had set aside.")?;
    } else {
        writeln!(
            out,
            "Undid `{}` of {when}: the store is back as it was before it.",
            backup.command
        )?;
    }
    writeln!(
        out,
        "The version just replaced is kept: `followup undo --list` shows it."
    )?;
    Ok(())
}

fn list(ctx: &Context, kept: &[Backup], out: &mut dyn Write) -> Result<()> {
    if kept.is_empty() {
        writeln!(out, "No earlier versions are kept yet.")?;
        return Ok(());
    }
    for (number, backup) in kept.iter().rev().enumerate() {
        let when = render::moment(&backup.at.with_timezone(&Local).fixed_offset(), &ctx.now);
        let what = if backup.command == store::UNDO {
            "set aside by undo".to_string()
        } else {
            format!("before `{}`", backup.command)
        };
        writeln!(
            out,
            "{:>3}  {when:<18}  {what:<24}  {}",
            number + 1,
            backup.name
        )?;
    }
    writeln!(out, "Kept in {}", ctx.dir.join(store::BACKUP_DIR).display())?;
    Ok(())
}

/// A backup by its number in `--list` (1 is the newest) or its file name.
fn find<'a>(kept: &'a [Backup], wanted: &str) -> Result<&'a Backup> {
    let wanted = wanted.trim();
    let by_number = wanted
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=kept.len()).contains(n))
        .map(|n| &kept[kept.len() - n]);
    by_number
        .or_else(|| kept.iter().find(|b| b.name == wanted || b.name.trim_end_matches(".json") == wanted))
        .ok_or_else(|| {
            usage(format!(
                "no kept version {wanted:?}: give a number from 1 to {} or a name from `followup undo --list`",
                kept.len()
            ))
        })
}
