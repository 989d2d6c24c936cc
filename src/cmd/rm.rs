//! `followup rm`: delete a process for good.

use super::{Context, resolve};
use crate::cli::RmArgs;
use crate::error::usage;
use crate::render;
use crate::store;
use anyhow::{Context as _, Result};
use std::io::{self, BufRead, IsTerminal, Write};

pub fn run(ctx: &Context, args: RmArgs, out: &mut dyn Write) -> Result<()> {
    if !args.yes {
        // Ask before taking the lock, so other runs don't wait on the answer.
        let data = store::read(&ctx.dir)?;
        let process = data
            .process(resolve(&data, &args.process)?)
            .expect("resolved id exists");
        let name = render::process_name(process);
        if !io::stdin().is_terminal() {
            return Err(usage(format!(
                "not deleting {name} without confirmation: there is no terminal to ask on, so pass --yes"
            )));
        }
        eprint!(
            "Delete {name} with its {} and {}? `followup undo` can bring it back. [y/N] ",
            plural(process.rounds.len(), "round"),
            plural(process.replies.len(), "reply")
        );
        io::stderr().flush()?;
        let mut answer = String::new();
        io::stdin()
            .lock()
            .read_line(&mut answer)
            .context("could not read the answer")?;
        if !matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
            writeln!(out, "Kept {name}.")?;
            return Ok(());
        }
    }
    let (mut store, id) = ctx.open_process(&args.process)?;
    // A copy left in the archive (by a crash between two writes) goes too.
    store.load_archive()?;
    let name = render::process_name(store.data.process(id).expect("resolved id exists"));
    store.data.processes.retain(|p| p.id != id);
    ctx.save(&mut store)?;
    writeln!(out, "Deleted {name}.")?;
    Ok(())
}

fn plural(count: usize, noun: &str) -> String {
    match (count, noun) {
        (1, _) => format!("1 {noun}"),
        (n, "reply") => format!("{n} replies"),
        (n, _) => format!("{n} {noun}s"),
    }
}
