//! `followup rm`: delete a process for good.

use super::{Context, resolve};
use crate::cli::RmArgs;
use crate::error::usage;
use crate::render;
use crate::store::Store;
use anyhow::{Context as _, Result};
use std::io::{self, BufRead, IsTerminal, Write};

pub fn run(ctx: &Context, args: RmArgs, out: &mut dyn Write) -> Result<()> {
    let mut store = Store::open_dir(&ctx.dir)?;
    let id = resolve(&store.data, &args.process)?;
    let process = store.data.process(id).expect("resolved id exists");
    let name = render::process_name(process);
    if !args.yes {
        if !io::stdin().is_terminal() {
            return Err(usage(format!(
                "not deleting {name} without confirmation: there is no terminal to ask on, so pass --yes"
            )));
        }
        eprint!(
            "Delete {name} with its {} round(s) and {} repl(ies)? This cannot be undone. [y/N] ",
            process.rounds.len(),
            process.replies.len()
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
    store.data.processes.retain(|p| p.id != id);
    ctx.save(&store)?;
    writeln!(out, "Deleted {name}.")?;
    Ok(())
}
