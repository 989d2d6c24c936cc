//! `followup rm`: delete a process for good.

use super::{Context, resolve};
use crate::cli::RmArgs;
use crate::error::usage;
use crate::model::Uid;
use crate::render;
use crate::store::{self, Store};
use anyhow::{Context as _, Result, bail};
use std::io::{self, BufRead, IsTerminal, Write};

pub fn run(ctx: &Context, args: RmArgs, out: &mut dyn Write) -> Result<()> {
    if args.yes {
        let (mut store, id) = ctx.open_process(&args.process)?;
        return remove(ctx, &mut store, id, out);
    }
    let Some(uid) = confirm(ctx, &args.process, out)? else {
        return Ok(());
    };
    // What the user said yes to, found by its own id under the lock: a process added or
    // renumbered while the question waited is not it.
    let mut store = Store::open_dir(&ctx.dir)?;
    store.load_archive()?;
    let Some(id) = store
        .data
        .processes
        .iter()
        .find(|p| p.uid == uid)
        .map(|p| p.id)
    else {
        bail!("the process you confirmed was removed meanwhile; nothing was deleted");
    };
    remove(ctx, &mut store, id, out)
}

/// Asks on the terminal; the id of the process the user agreed to delete, or `None` when kept.
fn confirm(ctx: &Context, query: &str, out: &mut dyn Write) -> Result<Option<Uid>> {
    // Asked before taking the lock, so other runs don't wait on the answer.
    let data = store::read(&ctx.dir)?;
    let process = data
        .process(resolve(&data, query)?)
        .expect("resolved id exists");
    let name = render::process_name(process);
    if !io::stdin().is_terminal() {
        return Err(usage(format!(
            "not deleting {name} without confirmation: there is no terminal to ask on, so pass --yes"
        )));
    }
    eprint!(
        "Delete {name} with its {} and {}? `followup undo` can bring it back. [y/N] ",
        render::count(process.rounds.len(), "round"),
        render::count(process.replies.len(), "reply")
    );
    io::stderr().flush()?;
    let mut answer = String::new();
    io::stdin()
        .lock()
        .read_line(&mut answer)
        .context("could not read the answer")?;
    if matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
        Ok(Some(process.uid))
    } else {
        writeln!(out, "Kept {name}.")?;
        Ok(None)
    }
}

fn remove(ctx: &Context, store: &mut Store, id: u32, out: &mut dyn Write) -> Result<()> {
    // A copy left in the archive (by a crash between two writes) goes too.
    store.load_archive()?;
    let name = render::process_name(store.data.process(id).expect("resolved id exists"));
    store.data.processes.retain(|p| p.id != id);
    ctx.save(store)?;
    writeln!(out, "Deleted {name}.")?;
    Ok(())
}
